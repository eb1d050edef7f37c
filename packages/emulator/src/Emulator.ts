import type { FaultSpec } from './faults'
import type { PersonAction } from './personActionSchema'
import type { SendBody } from './sendBodySchema'
import type { WebhookBody } from './WebhookBody'

export interface EmulatorOptions {
  /** Signs the webhooks a person's actions produce, like the app secret of a Meta app. */
  appSecret: string
  /** Where those webhooks go: the runtime's `/webhooks/messenger`. Settable later. */
  webhookUrl?: string
  /** The clock for timestamps and the 24-hour window. */
  now?: () => number
  /** Our app's id, the default owner of every thread (handover protocol). */
  appId?: string
  /**
   * Refuse RESPONSE/UPDATE sends more than 24 hours (HUMAN_AGENT: 7 days) after the person's
   * last message, postback or referral, with Meta's 10/2018278. Off unless asked: a person
   * registered without ever writing would have no window at all.
   */
  enforceWindow?: boolean
  /** Answer 613 beyond this many /messages calls per Page per second (Meta: 300 for text). */
  sendsPerSecond?: number
  /**
   * Answer 613 beyond this many Messenger Profile API calls per Page in 10 minutes (Meta: 10).
   * Off unless given: the emulator's own tests set profiles freely.
   */
  profileCallsPer10Minutes?: number
  /**
   * Goes into every message id, so ids stay unique across restarts of a runtime that keeps
   * its inbox (a second `m_1` would be dropped as a duplicate). Random unless given.
   */
  idPrefix?: string
  /**
   * How long a Graph batch request may run before it answers with what is done, the rest null
   * (Meta's batch time limit). Default 5 s: below the runtime's 10 s request timeout.
   */
  batchDeadlineMs?: number
}

export interface Page {
  pageId: string
  accessToken: string
  name: string
}

export interface Person {
  pageId: string
  psid: string
  firstName: string
  lastName: string
  /** Sends to this person fail with 551 (blocked the Page, deactivated, …). */
  unreachable?: boolean
  profilePic?: string
  locale?: string
}

export type SenderAction = NonNullable<SendBody['sender_action']>

/** One accepted Send API call, as kept in the Page's transcript. */
export interface SentMessage {
  /** Increases with every record across Pages; `since` filters on it. */
  seq: number
  pageId: string
  psid: string
  kind: 'message' | 'sender_action'
  /** Messages only: what the Send API answered. */
  messageId?: string
  messagingType?: SendBody['messaging_type']
  tag?: SendBody['tag']
  senderAction?: SenderAction
  /** Set when this was a Private Reply to a comment. */
  commentId?: string
  /** The body as validated, without the access token. */
  body: SendBody
  at: number
}

export interface SentFilter {
  pageId?: string
  psid?: string
  /** Only records with a greater `seq`. */
  since?: number
  /** `message` unless said; `any` includes sender actions. */
  kind?: 'message' | 'sender_action' | 'any'
}

/** A pass or take of a thread (handover protocol), or a thread_control on a message. */
export interface ThreadControl {
  seq: number
  pageId: string
  psid: string
  action: 'pass' | 'take' | 'release'
  /** The owner afterwards; null when the thread is idle. */
  owner: string | null
  metadata?: string
  at: number
}

export interface WaitForSentOptions {
  pageId?: string
  psid: string
  count: number
  /** Rejects after this long with what did arrive; 5000 unless said. */
  timeoutMs?: number
  kind?: SentFilter['kind']
}

/** How a webhook POST leaves: signed correctly unless a security test asks otherwise. */
export type RawMode = 'unsigned' | 'forged' | 'sha1-only' | 'tampered'

export interface DeliveryOptions {
  /** Send the same bytes this many more times, as Meta does when it retries. */
  duplicates?: number
  /** Send the duplicates at once rather than one after another. */
  concurrent?: boolean
  raw?: RawMode
  /** Give up on the receiver after this long; 20 s unless said (Meta's old timeout). */
  timeoutMs?: number
}

export interface Delivery {
  /** The HTTP status of the first POST. */
  status: number
  /** The id of the first event; undefined for a comment. */
  mid: string | undefined
  mids: string[]
  commentId?: string
  body: WebhookBody
  /** The exact bytes signed (and sent, except with `raw: 'tampered'`), as text. */
  raw: string
  responses: Array<{ status: number; body: string }>
}

/** One person's action in a batch. */
export type BatchEvent = PersonAction & { pageId: string; psid: string }

/** A Graph API call as the plugin hands it over; framework-free so it can be called directly. */
export interface GraphCall {
  method: 'GET' | 'POST' | 'DELETE'
  version: string
  /** `me`, a Page id or a PSID. */
  node: string
  edge?: string
  query: Record<string, string | undefined>
  authorization?: string
  body?: unknown
  /** Aborted when the client goes away; ends a delay or a hang early. */
  signal?: AbortSignal
}

/** The answer, or `dropped` when a hang ended: the caller closes the connection unanswered. */
export type GraphReply = { status: number; body: unknown } | { status: 'dropped' }

export interface EmulatorEvents {
  sent: [SentMessage]
  threadControl: [ThreadControl]
}

export interface Emulator {
  readonly appId: string
  readonly appSecret: string
  /** See EmulatorOptions.batchDeadlineMs. */
  readonly batchDeadlineMs: number
  readonly webhookUrl: string | undefined
  setWebhookUrl(url: string): void

  addPage(page: { pageId: string; accessToken: string; name?: string }): Page
  /** Forgets a Page with its people, transcript and profile (the simulator's throwaway Pages). */
  removePage(pageId: string): void
  /** Registers or updates a person of a Page. */
  addPerson(person: Person): Person
  /** The app that owns the thread, or null when it is idle. */
  threadOwner(pageId: string, psid: string): string | null
  /** What POST /me/messenger_profile set, merged. */
  messengerProfile(pageId: string): Record<string, unknown>
  /** The webhook fields our app is subscribed to on the Page; undefined when it is not. */
  subscribedFields(pageId: string): string[] | undefined
  threadControls(filter?: { pageId?: string; psid?: string }): ThreadControl[]

  fail(fault: FaultSpec): void
  /** Drops queued faults and lets hanging calls go (their connections are closed). */
  clearFaults(): void

  sent(filter?: SentFilter): SentMessage[]
  clearSent(): void
  waitForSent(options: WaitForSentOptions): Promise<SentMessage[]>

  personSays(
    pageId: string,
    psid: string,
    what: PersonAction,
    options?: DeliveryOptions,
  ): Promise<Delivery>
  /** Several events in one POST: one entry per Page (and kind), in the order given. */
  deliverBatch(events: BatchEvent[], options?: DeliveryOptions): Promise<Delivery>

  on<E extends keyof EmulatorEvents>(event: E, listener: (...args: EmulatorEvents[E]) => void): this
  off<E extends keyof EmulatorEvents>(
    event: E,
    listener: (...args: EmulatorEvents[E]) => void,
  ): this

  handleGraphCall(call: GraphCall): Promise<GraphReply>
  /** Ends hanging calls and pending waits; the plugin calls it when the server closes. */
  close(): void
}
