import type { Generated } from 'kysely'
import type { OrderProviderTasksTable, OrdersTable, PaymentEventsTable } from './OrdersTables'
import type { BookingHoldsTable, BookingSlotsTable, BookingsTable } from './BookingTables'
import type { LeadDeliveriesTable, LeadWebhookSecretsTable, LeadsTable } from './LeadTables'
import type { AdminSessionsTable, AdminUsersTable, ApiTokensTable } from './AuthTables'
import type {
  DeletionRequestsTable,
  PageProfilesTable,
  PublicationHistoryTable,
} from './SecurityTables'

/**
 * The tables as Kysely sees them, shared by every SQL adapter. Times are integer milliseconds,
 * booleans are 0/1 integers and our JSON shapes are text, so SQLite and Postgres store the same
 * thing and the repositories stay dialect-free.
 */
export interface Database {
  pages: PagesTable
  flow_drafts: FlowDraftsTable
  flow_versions: FlowVersionsTable
  publications: PublicationsTable
  contacts: ContactsTable
  conversations: ConversationsTable
  inbox: InboxTable
  inbox_heads: QueueHeadsTable
  outbox: OutboxTable
  outbox_heads: QueueHeadsTable
  jobs: JobsTable
  analytics_steps: AnalyticsStepsTable
  orders: OrdersTable
  payment_events: PaymentEventsTable
  order_provider_tasks: OrderProviderTasksTable
  leads: LeadsTable
  lead_deliveries: LeadDeliveriesTable
  lead_webhook_secrets: LeadWebhookSecretsTable
  booking_slots: BookingSlotsTable
  booking_holds: BookingHoldsTable
  bookings: BookingsTable
  admin_users: AdminUsersTable
  admin_sessions: AdminSessionsTable
  api_tokens: ApiTokensTable
  publication_history: PublicationHistoryTable
  page_profiles: PageProfilesTable
  deletion_requests: DeletionRequestsTable
}

export interface PagesTable {
  id: string
  name: string
  kind: Generated<'connected' | 'simulator'>
  access_token: string
  app_secret: string
  verify_token: string
  status: 'active' | 'paused'
  paused_reason: string | null
  created_at: number
  updated_at: number
}

export interface FlowDraftsTable {
  id: string
  /** JSON of a `Flow`. */
  flow: string
  revision: number
  updated_at: number
}

/** Immutable once written: conversations stay pinned to the version they started on. */
export interface FlowVersionsTable {
  id: string
  flow_id: string
  number: number
  /** JSON of a `Flow`. */
  flow: string
  created_at: number
  /** `sha256:<hex>` of the canonical flow JSON (migration 007). */
  content_hash: string | null
  published_by: string | null
}

export interface PublicationsTable {
  page_id: string
  flow_id: string
  version_id: string
  published_at: number
}

export interface ContactsTable {
  page_id: string
  psid: string
  first_name: string | null
  last_name: string | null
  profile_fetched_at: number | null
  /** JSON `string[]`. */
  tags: string
  /** JSON `Record<string, Value>`. */
  fields: string
  last_interaction_at: number | null
  unreachable: number
  created_at: number
  updated_at: number
}

export interface ConversationsTable {
  page_id: string
  psid: string
  flow_version_id: string
  /** JSON of a `ConversationState`. */
  state: string
  version: number
  updated_at: number
}

export interface InboxTable {
  id: Generated<number>
  dedupe_key: string
  page_id: string
  psid: string
  /** JSON of an `InboundEvent`. */
  event: string
  occurred_at: number
  received_at: number
  status: Generated<'pending' | 'done' | 'failed'>
  attempts: Generated<number>
  error: string | null
}

export interface OutboxTable {
  id: Generated<number>
  page_id: string
  psid: string
  /** JSON of the Send API body. */
  body: string
  tag: string | null
  status: Generated<'pending' | 'sent' | 'failed' | 'blocked'>
  attempts: Generated<number>
  next_attempt_at: number
  message_id: string | null
  error: string | null
  created_at: number
  sent_at: number | null
  /** When the item left `pending` for good (sent, failed or blocked): what retention prunes by. */
  finished_at: number | null
}

export interface JobsTable {
  id: Generated<number>
  key: string
  page_id: string
  psid: string
  timer_id: string
  run_at: number
  status: Generated<'pending' | 'done' | 'cancelled'>
}

/** One row per step of a conversation: the analytics events it recorded. */
export interface AnalyticsStepsTable {
  id: Generated<number>
  flow_version_id: string
  page_id: string
  psid: string
  at: number
  /**
   * JSON array of `[event, nodeId | null, output | null, data | null]`, data being a
   * `Record<string, string | number | boolean>`.
   */
  events: string
}

/**
 * The oldest pending item of each conversation with pending items, kept exact by triggers
 * (see the migrations): what `nextPerConversation` reads instead of grouping the backlog.
 */
export interface QueueHeadsTable {
  page_id: string
  psid: string
  /** Null only for the instant between the head leaving and its row being deleted. */
  head_id: number | null
}
