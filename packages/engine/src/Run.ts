import {
  phrasebookFor,
  type ConversationState,
  type Flow,
  type InboundEvent,
  type OutboundAction,
  type Phrasebook,
} from '@charla/flow-schema'
import type { FlowIndex } from './flowIndex'
import type { StepContext } from './StepContext'

/** The working set of one step: a private copy of the state, and the actions so far. */
export interface Run {
  readonly flow: Flow
  readonly index: FlowIndex
  readonly ctx: StepContext
  readonly event: InboundEvent
  readonly locale: string
  readonly phrases: Phrasebook
  state: ConversationState
  actions: OutboundAction[]
  transitions: number
}

export function createRun(
  flow: Flow,
  index: FlowIndex,
  state: ConversationState,
  event: InboundEvent,
  ctx: StepContext,
): Run {
  const locale = flow.locale ?? 'en-US'
  return {
    flow,
    index,
    ctx,
    event,
    locale,
    phrases: phrasebookFor(locale),
    state: cloneState(state),
    actions: [],
    transitions: 0,
  }
}

/** A new id, unique within the conversation. */
export function nextId(run: Run, prefix: string): string {
  run.state.seq += 1
  return `${prefix}${run.state.seq}`
}

export function emit(run: Run, action: OutboundAction): void {
  run.actions.push(action)
}

function cloneState(state: ConversationState): ConversationState {
  return deepCopy(state)
}

function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v)
    return out as T
  }
  return value
}
