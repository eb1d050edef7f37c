import type { Generated } from 'kysely'

/** The tables of migration 007 (pages, publishing, privacy), as Kysely sees them. */
export interface PublicationHistoryTable {
  id: Generated<number>
  page_id: string
  flow_id: string
  version_id: string
  action: 'publish' | 'rollback'
  published_by: string | null
  at: number
}

export interface PageProfilesTable {
  page_id: string
  /** JSON `MessengerProfileSettings`. */
  settings: string
  synced: string | null
  synced_at: number | null
  sync_error: string | null
  /** JSON `number[]`. */
  calls: Generated<string>
  updated_at: number
}

export interface DeletionRequestsTable {
  code: string
  status: 'pending' | 'completed'
  contacts_deleted: number
  requested_at: number
  completed_at: number | null
}
