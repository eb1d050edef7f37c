import type { InboundEvent, NodeOf, NodeType, Wait } from '@charla/flow-schema'
import type { Run } from './Run'

/** What a node decided. */
export type Outcome =
  /** Leave through an output. */
  | { kind: 'go'; output: string }
  /** Continue at a node of this flow (a jump). */
  | { kind: 'goto'; nodeId: string }
  /** Stop here until an event arrives. */
  | { kind: 'wait'; wait: Wait; status?: 'waiting' | 'handoff' }
  /** The conversation is over. */
  | { kind: 'end'; reason: string }
  /** The event was handled; keep waiting here (the wait may have changed). */
  | { kind: 'stay' }
  /** The event is not for this node; triggers may take it. */
  | { kind: 'unhandled' }

export interface NodeHandler<T extends NodeType> {
  /** Runs the node when the conversation arrives at it. */
  enter(run: Run, node: NodeOf<T>): Outcome
  /** Handles an event while the conversation waits at this node. */
  resume(run: Run, node: NodeOf<T>, wait: Wait, event: InboundEvent): Outcome
}

export const go = (output: string): Outcome => ({ kind: 'go', output })
export const stay: Outcome = { kind: 'stay' }
export const unhandled: Outcome = { kind: 'unhandled' }
export const waitFor = (wait: Wait, status?: 'waiting' | 'handoff'): Outcome =>
  status ? { kind: 'wait', wait, status } : { kind: 'wait', wait }

/** For kinds that never wait: any event that reaches them is not theirs. */
export const neverWaits = (): Outcome => unhandled

/** The person's words in a message or postback event, if any. */
export function eventText(event: InboundEvent): string | undefined {
  if (event.type === 'message') return event.text ?? event.quickReply
  if (event.type === 'postback') return event.title
  return undefined
}

/** The payload of a tap: a postback's, or a quick reply's. */
export function eventPayload(event: InboundEvent): string | undefined {
  if (event.type === 'postback') return event.payload
  if (event.type === 'message') return event.quickReply
  return undefined
}

export function isPersonInput(event: InboundEvent): boolean {
  return event.type === 'message' || event.type === 'postback'
}
