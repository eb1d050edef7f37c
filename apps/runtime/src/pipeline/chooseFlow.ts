import { matchTrigger, type TriggerStrength } from '@charla/engine'
import type { InboundEvent } from '@charla/flow-schema'
import type { Conversation, FlowVersion } from '@charla/storage'

export type FlowChoice =
  /** Keep going in the version the conversation is pinned to. */
  | { kind: 'current' }
  /** Start (or restart) in a published version. */
  | { kind: 'switch'; version: FlowVersion }
  | { kind: 'none' }

/**
 * Which flow an event belongs to, among the Page's published flows. A conversation stays on the
 * version it started with while it waits (publishing never changes a conversation mid-way);
 * explicit entry points (a link, an ad, a menu item, Get Started, a comment) may start another
 * flow at any time; keywords only when no answer is expected; the default flow only when idle.
 */
export function chooseFlow(
  published: FlowVersion[],
  current: { conversation: Conversation; version: FlowVersion } | undefined,
  event: InboundEvent,
): FlowChoice {
  if (event.type === 'start' && event.flowId) {
    const target = published.find((v) => v.flowId === event.flowId)
    return target ? { kind: 'switch', version: target } : { kind: 'none' }
  }
  const state = current?.conversation.state
  const active = state?.status === 'waiting' || state?.status === 'handoff'
  // The conversation's own flow first, so a menu item of this flow restarts this flow, in its
  // newest published version.
  const ordered = current
    ? [
        ...published.filter((v) => v.flowId === current.version.flowId),
        ...published.filter((v) => v.flowId !== current.version.flowId),
      ]
    : published
  const byStrength = (strength: TriggerStrength) =>
    ordered.find((v) => matchTrigger(v.flow, event)?.strength === strength)
  if (state?.status === 'handoff') return { kind: 'current' }
  const explicit = byStrength('explicit')
  if (explicit)
    return explicit.id === current?.version.id
      ? { kind: 'current' }
      : { kind: 'switch', version: explicit }
  if (!isPersonInput(event)) return current ? { kind: 'current' } : { kind: 'none' }
  if (active) return { kind: 'current' }
  const keyword = byStrength('keyword')
  if (keyword)
    return keyword.id === current?.version.id
      ? { kind: 'current' }
      : { kind: 'switch', version: keyword }
  if (state?.resumable) return { kind: 'current' }
  const fallback = byStrength('default')
  if (fallback)
    return fallback.id === current?.version.id
      ? { kind: 'current' }
      : { kind: 'switch', version: fallback }
  // An old button of the current flow still works after the conversation ended.
  return current ? { kind: 'current' } : { kind: 'none' }
}

function isPersonInput(event: InboundEvent): boolean {
  return (
    event.type === 'message' ||
    event.type === 'postback' ||
    event.type === 'referral' ||
    event.type === 'comment'
  )
}
