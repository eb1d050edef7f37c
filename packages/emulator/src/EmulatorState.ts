import { EventEmitter } from 'node:events'
import type { Page, Person, SentFilter, SentMessage, ThreadControl } from './Emulator'

/** A person plus what the Platform knows about their thread. */
export interface PersonState extends Person {
  /** The app that owns the thread; null when idle. Ours unless passed on. */
  threadOwner: string | null
  /** The last message, postback or referral: what opens the 24-hour window. */
  lastInteractionAt?: number
  /** A commenter's id on Facebook, which is not their PSID (that comes back from the reply). */
  commenterId: string
}

export interface CommentState {
  pageId: string
  psid: string
  /** Meta allows one Private Reply per comment. */
  replied: boolean
}

/** Settings every part reads. */
export interface EmulatorConfig {
  appId: string
  appSecret: string
  now: () => number
  enforceWindow: boolean
  sendsPerSecond: number | undefined
  profileCallsPer10Minutes: number | undefined
  idPrefix: string
}

/** Everything the emulator holds in memory, shared by the Graph handlers and the person's side. */
export class EmulatorState {
  /** `sent` and `threadControl`, typed where the Emulator exposes them. */
  readonly events = new EventEmitter()
  readonly pages = new Map<string, Page>()
  readonly pageIdByToken = new Map<string, string>()
  readonly people = new Map<string, PersonState>()
  readonly comments = new Map<string, CommentState>()
  readonly transcripts = new Map<string, SentMessage[]>()
  readonly threadControls: ThreadControl[] = []
  readonly profiles = new Map<string, Record<string, unknown>>()
  /** Per Page, the times of recent /messages calls, for `sendsPerSecond`. */
  readonly recentSends = new Map<string, number[]>()
  /** Per Page, the times of recent messenger_profile calls, for `profileCallsPer10Minutes`. */
  readonly recentProfileCalls = new Map<string, number[]>()
  /** Per Page, the webhook fields our app is subscribed to (absent: not subscribed). */
  readonly subscriptions = new Map<string, string[]>()
  #seq = 0
  #ids = 0

  constructor(readonly config: EmulatorConfig) {
    // Every SSE client and every waitForSent listens; none of them is a leak.
    this.events.setMaxListeners(0)
  }

  nextSeq(): number {
    return ++this.#seq
  }

  /** Message ids for both directions come from one counter, so they never collide. */
  nextMid(): string {
    return `m_${this.config.idPrefix}${++this.#ids}`
  }

  person(pageId: string, psid: string): PersonState | undefined {
    return this.people.get(personKey(pageId, psid))
  }

  record(entry: Omit<SentMessage, 'seq'>): SentMessage {
    const message: SentMessage = { seq: this.nextSeq(), ...entry }
    const transcript = this.transcripts.get(message.pageId) ?? []
    transcript.push(message)
    this.transcripts.set(message.pageId, transcript)
    this.events.emit('sent', message)
    return message
  }

  recordThreadControl(entry: Omit<ThreadControl, 'seq'>): ThreadControl {
    const control: ThreadControl = { seq: this.nextSeq(), ...entry }
    this.threadControls.push(control)
    this.events.emit('threadControl', control)
    return control
  }

  sent(filter: SentFilter = {}): SentMessage[] {
    const transcripts =
      filter.pageId === undefined
        ? [...this.transcripts.values()]
        : [this.transcripts.get(filter.pageId) ?? []]
    return transcripts
      .flat()
      .filter((message) => matchesSent(message, filter))
      .sort((a, b) => a.seq - b.seq)
  }
}

export function personKey(pageId: string, psid: string): string {
  return `${pageId}\u0000${psid}`
}

export function matchesSent(message: SentMessage, filter: SentFilter): boolean {
  if (filter.pageId !== undefined && message.pageId !== filter.pageId) return false
  if (filter.psid !== undefined && message.psid !== filter.psid) return false
  if (filter.since !== undefined && message.seq <= filter.since) return false
  const kind = filter.kind ?? 'message'
  return kind === 'any' || message.kind === kind
}
