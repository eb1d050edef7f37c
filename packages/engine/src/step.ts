import type { ConversationState, Flow, InboundEvent, OutboundAction } from '@charla/flow-schema'
import { manageBooking, remindBooking } from './bookingFollowUps'
import { indexFlow } from './flowIndex'
import { matchTrigger, type TriggerMatch } from './matchTrigger'
import { eventPayload, go, isPersonInput } from './NodeHandler'
import { parsePayload, type ParsedPayload } from './payload'
import { createRun, emit, type Run } from './Run'
import type { StepContext } from './StepContext'
import { cancelWaitTimers } from './timers'
import { endConversation, enterNode, handlerFor, resumeAt, settle } from './traverse'

export interface StepResult {
  state: ConversationState
  actions: OutboundAction[]
}

/**
 * Moves a conversation by one event, up to the next wait. Pure: the same flow, state, event
 * and context always give the same result, and the input state is never modified.
 *
 * @example
 * const { state, actions } = step(flow, state, { type: 'message', text: 'hi' }, { now: Date.now(), random: Math.random })
 */
export function step(
  flow: Flow,
  state: ConversationState,
  event: InboundEvent,
  ctx: StepContext,
): StepResult {
  const run = createRun(flow, indexFlow(flow), state, event, ctx)
  dispatch(run)
  return { state: run.state, actions: run.actions }
}

function dispatch(run: Run): void {
  const { event, state } = run
  if (event.type === 'timer') {
    const timer = state.timers[event.timerId]
    // Not ours any more: cancelled, already fired, or from before a restart.
    if (!timer) return
    delete state.timers[event.timerId]
    if (timer.purpose === 'booking_reminder') return remindBooking(run, timer)
  }
  if (event.type === 'start')
    return startAt(run, event.nodeId ?? firstTrigger(run), { trigger: 'start' })
  // During a hand-off the inbox owns the thread: only the hand-off node listens.
  if (state.status === 'handoff') {
    resumeWait(run)
    return
  }
  const tap = parsePayload(eventPayload(event))
  if (tap?.scope === 'bk') return manageBooking(run, tap, (nodeId) => restartAt(run, nodeId))
  const match = matchTrigger(run.flow, event)
  if (match?.strength === 'explicit') return startRun(run, match)
  if (tap?.scope === 'c' && tap.nodeId !== state.wait?.nodeId && tapEarlierButton(run, tap)) return
  if (state.wait && resumeWait(run)) return
  if (isPersonInput(event) && state.resumable && match?.strength !== 'keyword')
    return resumeForm(run)
  if (match?.strength === 'keyword') return startRun(run, match)
  if (match?.strength === 'default' && !state.wait) return startRun(run, match)
}

/** Offers the event to the node the conversation waits at; false if it is not for that node. */
function resumeWait(run: Run): boolean {
  const wait = run.state.wait
  if (!wait) return false
  const node = run.index.nodes.get(wait.nodeId)
  if (!node) {
    emit(run, {
      type: 'error',
      code: 'invalid_state',
      message: `waiting at a node that no longer exists: "${wait.nodeId}"`,
    })
    endConversation(run, 'invalid_state')
    return true
  }
  const outcome = handlerFor(node).resume(run, node, wait, run.event)
  if (outcome.kind === 'unhandled') return false
  resumeAt(run, node, outcome)
  return true
}

function startRun(run: Run, match: TriggerMatch): void {
  startAt(run, match.trigger.id, match.source)
}

/** A new run of the flow: conversation variables start afresh; the contact and bookings stay. */
function startAt(run: Run, nodeId: string, source: Record<string, string>): void {
  leaveWait(run)
  run.state.vars = {}
  delete run.state.resumable
  run.state.source = source
  emit(run, { type: 'analytics', event: 'conversation_started', nodeId, data: source })
  enterNode(run, nodeId)
}

/** Same run, another place (rescheduling a booking). */
function restartAt(run: Run, nodeId: string): void {
  leaveWait(run)
  enterNode(run, nodeId)
}

/** Messenger keeps old buttons tappable: a tap on one continues from that button's output. */
function tapEarlierButton(run: Run, tap: ParsedPayload): boolean {
  const node = run.index.nodes.get(tap.nodeId)
  if (node?.type !== 'message') return false
  const choice = handlerFor(node).resume(run, node, { kind: 'choice', nodeId: node.id }, run.event)
  if (choice.kind !== 'go' || choice.output === 'fallback') return false
  leaveWait(run)
  const next = settle(run, node, go(choice.output))
  if (next !== undefined) enterNode(run, next)
  return true
}

/** The person wrote again after a lead form timed out: pick it up at the field it stopped on. */
function resumeForm(run: Run): void {
  const form = run.state.resumable
  if (!form) return
  leaveWait(run)
  delete run.state.resumable
  run.state.wait = form
  run.state.status = 'waiting'
  run.transitions += 1
  emit(run, {
    type: 'analytics',
    event: 'node_entered',
    nodeId: form.nodeId,
    data: { resumed: true },
  })
  resumeWait(run)
}

/** Lets go of whatever the conversation was waiting for: timers, a held slot, a half-filled form. */
function leaveWait(run: Run): void {
  const wait = run.state.wait
  cancelWaitTimers(run)
  if (!wait) return
  if (wait.kind === 'booking' && wait.holdId)
    emit(run, { type: 'release_hold', holdId: wait.holdId })
  if (wait.kind === 'lead_form' && Object.keys(wait.answers).length)
    emit(run, {
      type: 'save_lead',
      leadKey: wait.leadKey,
      nodeId: wait.nodeId,
      status: 'abandoned',
      answers: wait.answers,
      ...(wait.consent === undefined ? {} : { consent: wait.consent }),
    })
  emit(run, { type: 'analytics', event: 'node_left', nodeId: wait.nodeId })
  run.state.wait = undefined
}

function firstTrigger(run: Run): string {
  const triggers = run.index.triggers
  const preferred =
    triggers.find((t) => t.data.on === 'get_started') ??
    triggers.find((t) => t.data.on === 'default') ??
    triggers[0]
  return preferred?.id ?? run.flow.nodes[0]?.id ?? ''
}
