import type { Timer } from '@charla/flow-schema'
import { emit, nextId, type Run } from './Run'

/** Schedules a timer at `fireAt` and records it, so a late or stale firing can be recognised. */
export function scheduleTimer(run: Run, fireAt: number, timer: Timer): string {
  const timerId = nextId(run, 't')
  run.state.timers[timerId] = timer
  emit(run, { type: 'schedule_timer', timerId, fireAt })
  return timerId
}

export function cancelTimer(run: Run, timerId: string | undefined): void {
  if (!timerId || !(timerId in run.state.timers)) return
  delete run.state.timers[timerId]
  emit(run, { type: 'cancel_timer', timerId })
}

/** Cancels the timers of the current wait (delays, reminders, expiries), not booking reminders. */
export function cancelWaitTimers(run: Run): void {
  for (const [id, timer] of Object.entries(run.state.timers))
    if (timer.purpose === 'wait') cancelTimer(run, id)
}
