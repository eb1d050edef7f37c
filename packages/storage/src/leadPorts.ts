import type { Value } from '@charla/flow-schema'

type Millis = number

export const LEAD_STATUSES = ['in_progress', 'completed', 'abandoned', 'declined'] as const
export type LeadStatus = (typeof LEAD_STATUSES)[number]

/** Where the person who filled the form came from. */
export const LEAD_SOURCES = [
  'ref',
  'ad',
  'comment',
  'keyword',
  'get_started',
  'postback',
  'default',
  'unknown',
] as const
export type LeadSource = (typeof LEAD_SOURCES)[number]

/** A lead's CRM push: queued when the lead completes with a webhook, retried until a deadline. */
export interface LeadPush {
  url: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  /** When the next attempt is due (pending only). */
  nextAttemptAt?: Millis
  /** After this, a failing push is given up (`failed`). */
  deadline: Millis
  lastError?: string
}

export interface Lead {
  id: string
  /** The engine's lead key namespaced by the conversation; unique. */
  leadKey: string
  pageId: string
  psid: string
  flowId: string
  flowVersionId: string
  nodeId: string
  status: LeadStatus
  answers: Record<string, Value>
  consent?: boolean
  source: LeadSource
  /** The ref, ad id, keyword, post and comment ids: what the trigger knew. */
  sourceDetail: Record<string, string>
  /** The contact's name, when Messenger gave it. */
  firstName?: string
  lastName?: string
  createdAt: Millis
  updatedAt: Millis
  completedAt?: Millis
  push?: LeadPush
}

export interface LeadWrite {
  leadKey: string
  pageId: string
  psid: string
  flowId: string
  flowVersionId: string
  nodeId: string
  status: LeadStatus
  answers: Record<string, Value>
  consent?: boolean
  source: LeadSource
  sourceDetail: Record<string, string>
  /** With a completed lead: queue its CRM push. */
  push?: { url: string; deadline: Millis }
}

export interface LeadDelivery {
  id: number
  leadId: string
  attempt: number
  url: string
  at: Millis
  durationMs: number
  ok: boolean
  statusCode?: number
  error?: string
}

export interface LeadFilter {
  pageId?: string
  /** One person's leads (with `pageId`). */
  psid?: string
  flowId?: string
  status?: LeadStatus
  /** Created at or after. */
  from?: Millis
  /** Created before. */
  to?: Millis
  /** Words in the answers or the contact's name (case-insensitive substring). */
  q?: string
}

/** A due push, with what the request needs. */
export interface DuePush {
  lead: Lead
  push: LeadPush & { nextAttemptAt: Millis }
}

export interface LeadRepository {
  /**
   * Creates or updates the lead with this key. A completed lead never goes back to another
   * status. `declined` never creates a lead and wipes the answers of an existing one (a "no"
   * stores nothing). A completed write with `push` queues the push once, due at `now`.
   * Resolves undefined when nothing is stored.
   */
  save(write: LeadWrite, now: Millis): Promise<Lead | undefined>
  get(id: string): Promise<Lead | undefined>
  getByKey(leadKey: string): Promise<Lead | undefined>
  /** Newest first; `total` counts every lead matching the filter. */
  list(
    filter: LeadFilter,
    page: { limit: number; offset: number },
  ): Promise<{ leads: Lead[]; total: number }>
  /**
   * Every lead matching the filter, oldest first, read row by row (constant memory whatever
   * the count): the CSV export. Stop early by breaking out of the loop.
   */
  stream(filter: LeadFilter): AsyncIterable<Lead>
  /** Every delivery attempt of a lead, oldest first. */
  deliveries(leadId: string): Promise<LeadDelivery[]>
  /** Pending pushes due at `now`, oldest first. */
  duePushes(now: Millis, limit: number): Promise<DuePush[]>
  /**
   * Takes a due push for one attempt: moves its next attempt to `leaseUntil` if it is still
   * due at `expectedNextAt`. False when another process took it first.
   */
  claimPush(leadId: string, expectedNextAt: Millis, leaseUntil: Millis): Promise<boolean>
  /**
   * Records one attempt and what comes next: another try at `nextAttemptAt`, `delivered`, or
   * `failed` (given up).
   */
  recordAttempt(
    leadId: string,
    attempt: Omit<LeadDelivery, 'id' | 'leadId' | 'attempt'>,
    next: { status: 'pending'; nextAttemptAt: Millis } | { status: 'delivered' | 'failed' },
  ): Promise<void>
  /** When the next pending push is due, so the pusher can sleep until then. */
  nextPushAt(): Promise<Millis | undefined>
  /** The Page's secret that signs CRM pushes, made with `generate` the first time. */
  webhookSecret(pageId: string, generate: () => string, now: Millis): Promise<string>
  /** Replaces the Page's signing secret with `generate()`'s and returns it (the old one stops). */
  rotateWebhookSecret(pageId: string, generate: () => string, now: Millis): Promise<string>
  /**
   * Re-encrypts every signing secret with the current key (after a key rotation, or to encrypt
   * rows written before encryption existed); returns how many rows changed.
   */
  reencryptWebhookSecrets(): Promise<number>
}
