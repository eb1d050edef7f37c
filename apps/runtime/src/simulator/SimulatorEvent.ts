/** What the simulator's event stream carries, one JSON object per `data:` line. */
export type SimulatorEvent = SentEvent | StateEvent | ClockEvent

/** A Send API call the runtime made to the simulated person (texts, templates, typing). */
export interface SentEvent {
  type: 'sent'
  /** The emulator's record number: increases with every send. */
  seq: number
  /** When it was sent, on the session's clock (moved forward by `advance`). */
  at: number
  /** The Send API request body as the emulator recorded it (no access token). */
  body: Record<string, unknown>
}

/** The conversation after a step, as the engine left it. */
export interface StateEvent {
  type: 'state'
  /** The node the conversation waits at; absent when idle or ended. */
  currentNodeId?: string
  /** Conversation variables, by name. */
  variables: Record<string, unknown>
  /** What the conversation waits for at that node: `choice`, `question`, `delay`, … */
  waiting?: string
  ended: boolean
  /** The engine's status: `idle`, `waiting`, `handoff` or `ended`. */
  status: 'idle' | 'waiting' | 'handoff' | 'ended'
  /** Contact-scope variables and tags (kept across flows). */
  contact: { tags: string[]; fields: Record<string, unknown> }
  /** Timers still to fire, `runAt` on the session's clock. */
  pendingTimers: { timerId: string; runAt: number }[]
}

/** The session's clock: real time plus how far it was advanced. */
export interface ClockEvent {
  type: 'clock'
  now: number
  offsetMs: number
}
