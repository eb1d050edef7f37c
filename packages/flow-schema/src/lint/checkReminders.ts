import { LIMITS } from '../limits'
import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'

/**
 * `reminder_outside_window`: a form or checkout reminder is a promotional nudge, which no
 * Messenger tag allows, so it must go out within 24 hours of the person's last message.
 */
export function checkReminders({ graph }: LintContext): LintProblem[] {
  return graph.nodes.flatMap((node, i) => {
    const reminder =
      node.type === 'lead_form' || node.type === 'checkout' ? node.data.reminder : undefined
    if (reminder === undefined || reminder.afterMinutes < WINDOW_MINUTES) return []
    return [
      nodeProblem(
        'error',
        'reminder_outside_window',
        node,
        i,
        ['data', 'reminder', 'afterMinutes'],
        `This reminder would go out ${formatMinutes(reminder.afterMinutes)} after the person's last message, but Messenger only allows reminders within 24 hours of it. Set it to less than 24 hours.`,
      ),
    ]
  })
}

const WINDOW_MINUTES = LIMITS.windowMs / 60_000

function formatMinutes(minutes: number): string {
  const hours = minutes / 60
  return Number.isInteger(hours) ? `${hours} hours` : `${minutes} minutes`
}
