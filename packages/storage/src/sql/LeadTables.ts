import type { Generated } from 'kysely'

/** The lead tables (migration 003), as Kysely sees them. */
export interface LeadsTable {
  id: string
  /** The engine's lead key namespaced by the conversation: `page:psid:lead3`. */
  lead_key: string
  page_id: string
  psid: string
  flow_id: string
  flow_version_id: string
  node_id: string
  status: 'in_progress' | 'completed' | 'abandoned' | 'declined'
  /** JSON `Record<string, Value>`. */
  answers: string
  consent: number | null
  /** `ref`, `ad`, `comment`, `keyword`, `get_started`, `postback`, `default`, `unknown`. */
  source: string
  /** JSON `Record<string, string>`: the ref, ad id, keyword, post… */
  source_detail: string
  created_at: number
  updated_at: number
  completed_at: number | null
  push_url: string | null
  push_status: 'pending' | 'delivered' | 'failed' | null
  push_attempts: number
  push_next_at: number | null
  push_deadline: number | null
  push_error: string | null
}

export interface LeadDeliveriesTable {
  id: Generated<number>
  lead_id: string
  attempt: number
  url: string
  at: number
  duration_ms: number
  ok: number
  status_code: number | null
  error: string | null
}

export interface LeadWebhookSecretsTable {
  page_id: string
  secret: string
  created_at: number
}
