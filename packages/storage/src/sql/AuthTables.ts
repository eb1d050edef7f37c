/** The admin authentication tables (migration 006) as Kysely sees them. */
export interface AdminUsersTable {
  id: string
  email: string
  password_hash: string
  created_at: number
  updated_at: number
}

export interface AdminSessionsTable {
  id_hash: string
  user_id: string
  created_at: number
  last_seen_at: number
  expires_at: number
}

export interface ApiTokensTable {
  id: string
  name: string
  token_hash: string
  prefix: string
  user_id: string | null
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}
