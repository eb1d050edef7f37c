import type {
  ConversationState,
  Flow,
  FlowDocument,
  InboundEvent,
  Value,
} from '@charla/flow-schema'
import type { LeadRepository } from './leadPorts'
import type { OrderRepository } from './orderPorts'
import type { BookingRepository } from './bookingPorts'
import type { AuthRepository } from './authPorts'
import type {
  ContactExport,
  DeletionRequestRepository,
  PageProfileRepository,
  PublicationEvent,
} from './securityPorts'

export * from './orderPorts'
export * from './leadPorts'
export * from './bookingPorts'
export * from './authPorts'
export * from './securityPorts'

/**
 * What the runtime needs from a database. Every adapter (SQLite today, Postgres for scale-out)
 * implements these ports and passes the same contract suite (`@charla/storage/testing`).
 * All methods are async so a networked database fits the same shape.
 */
export interface Storage {
  pages: PageRepository
  flows: FlowRepository
  contacts: ContactRepository
  conversations: ConversationRepository
  inbox: InboxRepository
  outbox: OutboxRepository
  jobs: JobRepository
  analytics: AnalyticsRepository
  orders: OrderRepository
  leads: LeadRepository
  bookings: BookingRepository
  /** Admin users, sessions and API tokens. */
  auth: AuthRepository
  /** Each Page's Messenger profile (Get Started, greeting, menu…) and its sync state. */
  pageProfiles: PageProfileRepository
  /** Meta's data-deletion callback requests, for their status page. */
  deletionRequests: DeletionRequestRepository
  /**
   * Runs `fn` in one write transaction (on SQLite one that begins immediately, so two writers
   * never deadlock on an upgrade); the `Storage` it receives works inside it. Commits when `fn`
   * resolves, rolls back when it throws. Inside `fn`, use `tx` only: the outer storage waits
   * for the transaction to end (on SQLite it fails with an explanation after a timeout).
   */
  transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Milliseconds since the epoch; all times are stored as integers. */
export type Millis = number

/**
 * `connected`: a Facebook Page (or the demo Page) the admin API lists and publishes to.
 * `simulator`: a throwaway Page the editor's simulator makes on the built-in emulator; never
 * listed as a Page a marketer can publish to.
 */
export type PageKind = 'connected' | 'simulator'

export interface Page {
  id: string
  name: string
  kind: PageKind
  accessToken: string
  appSecret: string
  verifyToken: string
  /** `paused` after a token error (190) until the token changes. */
  status: 'active' | 'paused'
  pausedReason?: string
  createdAt: Millis
  updatedAt: Millis
}

export interface PageRepository {
  /**
   * Creates or replaces a Page; a changed access token clears a token pause. `kind` is
   * `connected` unless given.
   */
  upsert(
    page: Omit<Page, 'kind' | 'status' | 'pausedReason' | 'createdAt' | 'updatedAt'> & {
      kind?: PageKind
    },
    now: Millis,
  ): Promise<Page>
  get(id: string): Promise<Page | undefined>
  list(): Promise<Page[]>
  /**
   * Deletes the Page and what is live on it (its publications). Flow versions stay: they are
   * immutable and conversations elsewhere may be pinned to them. Contacts are `forget`'s job.
   */
  delete(id: string): Promise<void>
  setStatus(
    id: string,
    status: Page['status'],
    reason: string | undefined,
    now: Millis,
  ): Promise<void>
  /**
   * Re-encrypts every Page's secrets with the current key (after a key rotation, or to encrypt
   * rows written before encryption). Resolves how many Pages were rewritten.
   */
  reencryptSecrets(): Promise<number>
}

export interface FlowDraft {
  id: string
  /** What the editor saved, as saved: flow-shaped, valid or still a work in progress. */
  document: FlowDocument
  /** The document as a valid flow; absent while the schema refuses it (a half-typed message…). */
  flow?: Flow
  /** Bumped on every save; a save with a stale revision is refused (two tabs never lose work). */
  revision: number
  updatedAt: Millis
}

export interface FlowVersion {
  id: string
  flowId: string
  /** 1, 2, 3… per flow. */
  number: number
  flow: Flow
  createdAt: Millis
  /** `sha256:<hex>` of the flow's canonical JSON: identical content is one version. */
  contentHash: string
  /** The admin who first published it, when known. */
  publishedBy?: string
}

/** A version without its flow: what a version history lists. */
export type FlowVersionInfo = Omit<FlowVersion, 'flow'>

/** A flow version live on a Page. */
export interface Publication {
  pageId: string
  flowId: string
  versionId: string
  /** The version's number. */
  number: number
  publishedAt: Millis
}

export interface FlowRepository {
  /**
   * Saves a draft, valid or not (see FlowDocument). `expectedRevision` undefined creates it; a
   * mismatch resolves to `conflict`.
   */
  saveDraft(
    document: FlowDocument,
    expectedRevision: number | undefined,
    now: Millis,
  ): Promise<{ ok: true; draft: FlowDraft } | { ok: false; conflict: FlowDraft }>
  getDraft(id: string): Promise<FlowDraft | undefined>
  listDrafts(): Promise<FlowDraft[]>
  deleteDraft(id: string): Promise<void>
  /**
   * Freezes the flow as a new immutable version and makes it the one live on the Page. When a
   * version of this flow with identical content exists, that one goes live instead (no copy).
   */
  publish(
    flow: Flow,
    pageId: string,
    now: Millis,
    options?: { publishedBy?: string },
  ): Promise<FlowVersion>
  /** The version of this flow with this content hash, if one was ever published. */
  findByHash(flowId: string, contentHash: string): Promise<FlowVersion | undefined>
  /** Makes an existing version live on the Page again (rollback); undefined if there is none. */
  makeLive(
    versionId: string,
    pageId: string,
    now: Millis,
    options?: { publishedBy?: string },
  ): Promise<FlowVersion | undefined>
  /** What went live when, newest first: publishes and rollbacks of one flow. */
  history(flowId: string): Promise<PublicationEvent[]>
  getVersion(id: string): Promise<FlowVersion | undefined>
  /** The versions live on a Page, one per flow, newest publish first. */
  published(pageId: string): Promise<FlowVersion[]>
  /** Every version of a flow, newest (highest number) first. */
  listVersions(flowId: string): Promise<FlowVersionInfo[]>
  /** What is live where: of one flow, or of every flow; newest publish first. */
  publications(flowId?: string): Promise<Publication[]>
}

export interface Contact {
  pageId: string
  psid: string
  firstName?: string
  lastName?: string
  profileFetchedAt?: Millis
  tags: string[]
  fields: Record<string, Value>
  /** The person's last message or tap: Messenger's 24-hour window runs from here. */
  lastInteractionAt?: Millis
  /** Set on Send API error 551 (the person cannot be reached). */
  unreachable: boolean
  createdAt: Millis
  updatedAt: Millis
}

export interface ContactRepository {
  get(pageId: string, psid: string): Promise<Contact | undefined>
  /** Several people's contacts in one read, by `conversationKey`; the unknown are absent. */
  getMany(people: readonly PersonKey[]): Promise<Map<string, Contact>>
  /**
   * Creates the contact if new; merges the given fields over what is stored. `tags` and
   * `fields`, when given, replace the stored list and map as a whole (so a tag can be removed).
   */
  upsert(
    contact: Pick<Contact, 'pageId' | 'psid'> &
      Partial<Omit<Contact, 'pageId' | 'psid' | 'createdAt' | 'updatedAt'>>,
    now: Millis,
  ): Promise<Contact>
  /**
   * Deletes the contact and everything stored about them (conversations, inbox, outbox, jobs,
   * leads and their deliveries, booking holds and bookings (their places freed), orders and
   * their payment events); analytics events keep their counts without the person.
   */
  forget(pageId: string, psid: string): Promise<void>
  /** Everything stored about the person, table by table (their right of access). */
  export(pageId: string, psid: string): Promise<ContactExport>
  /**
   * Moves the contact's last interaction `ms` earlier, as if that much time had passed (the
   * simulator's time machine: the 24-hour window closes as it would).
   */
  shift(pageId: string, psid: string, ms: Millis): Promise<void>
}

export interface Conversation {
  pageId: string
  psid: string
  flowVersionId: string
  state: ConversationState
  /** Optimistic concurrency: `save` with a stale version fails. */
  version: number
  updatedAt: Millis
}

export interface ConversationRepository {
  get(pageId: string, psid: string): Promise<Conversation | undefined>
  /** Several people's conversations in one read, by `conversationKey`; the absent are absent. */
  getMany(people: readonly PersonKey[]): Promise<Map<string, Conversation>>
  /** Saves with optimistic concurrency; resolves false when `expectedVersion` is stale. */
  save(
    conversation: Omit<Conversation, 'version' | 'updatedAt'>,
    expectedVersion: number | undefined,
    now: Millis,
  ): Promise<boolean>
  /** A Page's conversations pinned to any of these versions (to move them to a newer one). */
  listByVersions(pageId: string, versionIds: readonly string[]): Promise<Conversation[]>
}

/** One event to process, in the order it arrived for its conversation. */
export interface InboxItem {
  id: number
  /** Unique: page id + message id, or a key derived for postbacks, referrals, timers. */
  dedupeKey: string
  pageId: string
  psid: string
  event: InboundEvent
  /** When Meta says it happened (webhook timestamp), or the timer's due time. */
  occurredAt: Millis
  receivedAt: Millis
  status: 'pending' | 'done' | 'failed'
  attempts: number
  error?: string
}

export interface InboxRepository {
  /**
   * Inserts events not seen before (by `dedupeKey`); duplicates are skipped silently.
   * @returns how many were new.
   */
  add(items: Omit<InboxItem, 'id' | 'status' | 'attempts' | 'error'>[]): Promise<number>
  /**
   * The oldest pending item of each conversation that has one, up to `limit` conversations,
   * skipping the conversations in `busy` (being processed elsewhere in this process).
   */
  nextPerConversation(limit: number, busy: ReadonlySet<string>): Promise<InboxItem[]>
  markDone(id: number): Promise<void>
  /** `markDone` for many in one statement (the worker marks a whole batch at once). */
  markAllDone(ids: readonly number[]): Promise<void>
  /** Records a failed attempt; after `maxAttempts` the item is `failed` and the queue moves on. */
  markFailed(id: number, error: string, maxAttempts: number): Promise<void>
  countPending(): Promise<number>
}

export interface OutboxItem {
  id: number
  pageId: string
  psid: string
  /** The Send API body without the access token, as packages/messenger built it. */
  body: Record<string, unknown>
  /** What to do with a closed 24-hour window: send with this tag, or hold it back. */
  tag?: string
  status: 'pending' | 'sent' | 'failed' | 'blocked'
  attempts: number
  nextAttemptAt: Millis
  messageId?: string
  error?: string
  createdAt: Millis
  sentAt?: Millis
}

export interface OutboxRepository {
  add(
    items: Omit<OutboxItem, 'id' | 'status' | 'attempts' | 'messageId' | 'error' | 'sentAt'>[],
  ): Promise<void>
  /**
   * The first unsent item of each conversation whose turn has come (`nextAttemptAt <= now`),
   * never a later one before an earlier: messages go out in order per person. Skips `busy`
   * conversations and paused Pages' items.
   */
  nextPerConversation(now: Millis, limit: number, busy: ReadonlySet<string>): Promise<OutboxItem[]>
  markSent(id: number, messageId: string, now: Millis): Promise<void>
  /** `markSent` for many in one statement (the relay marks a tick's sends at once). */
  markAllSent(sent: readonly { id: number; messageId: string; sentAt: Millis }[]): Promise<void>
  /** Retry later (retryable errors). */
  retryAt(id: number, nextAttemptAt: Millis, error: string): Promise<void>
  /** Will never be sent: terminal error, unreachable person, or outside the window (`blocked`). */
  markFinal(id: number, status: 'failed' | 'blocked', error: string, now: Millis): Promise<void>
  listForContact(pageId: string, psid: string): Promise<OutboxItem[]>
  /** Moves the next attempt of a conversation's pending items `ms` earlier (time machine). */
  shift(pageId: string, psid: string, ms: Millis): Promise<void>
}

export interface Job {
  id: number
  /** Unique per job: the conversation and the engine's timer id. */
  key: string
  pageId: string
  psid: string
  timerId: string
  runAt: Millis
  status: 'pending' | 'done' | 'cancelled'
}

export interface JobRepository {
  /**
   * Schedules (or re-schedules, same key) a timer. A re-scheduled job is pending again under a
   * new id, so a `markDone` for a run read earlier from `due()` does not complete it.
   */
  schedule(job: Omit<Job, 'id' | 'status'>): Promise<void>
  cancel(key: string): Promise<void>
  /** Pending jobs due at `now`, oldest first. */
  due(now: Millis, limit: number): Promise<Job[]>
  markDone(id: number): Promise<void>
  /** The next time something is due, so the scheduler can sleep until then. */
  nextRunAt(): Promise<Millis | undefined>
  /** A conversation's pending jobs, soonest first. */
  pending(pageId: string, psid: string): Promise<Job[]>
  /** Moves a conversation's pending jobs `ms` earlier, as if that much time had passed. */
  shift(pageId: string, psid: string, ms: Millis): Promise<void>
}

export interface AnalyticsEvent {
  pageId: string
  psid: string
  flowVersionId: string
  event: string
  nodeId?: string
  output?: string
  data?: Record<string, string | number | boolean>
  at: Millis
}

export interface AnalyticsRepository {
  record(events: AnalyticsEvent[]): Promise<void>
  /** Counts per event and node for a flow version (funnels in the editor). */
  countByNode(
    flowVersionId: string,
  ): Promise<{ event: string; nodeId: string | null; count: number }[]>
}

/** A person on a Page: what the per-person tables are keyed by. */
export interface PersonKey {
  pageId: string
  psid: string
}

/** The key the runtime serialises work on: one conversation per person per Page. */
export function conversationKey(pageId: string, psid: string): string {
  return `${pageId}:${psid}`
}
