import type { Selectable } from 'kysely'
import type { AdminSession, AdminUser, ApiToken, AuthRepository } from '../authPorts'
import type { AdminSessionsTable, AdminUsersTable, ApiTokensTable } from './AuthTables'
import type { SqlContext } from './SqlContext'

export function createAuthRepository({ db, atomic }: SqlContext): AuthRepository {
  const insertUser = (
    d: typeof db,
    user: Omit<AdminUser, 'createdAt' | 'updatedAt'>,
    now: number,
  ): Promise<Selectable<AdminUsersTable>> =>
    d
      .insertInto('admin_users')
      .values({
        id: user.id,
        email: user.email,
        password_hash: user.passwordHash,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()

  return {
    async countUsers() {
      const row = await db
        .selectFrom('admin_users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    async createUser(user, now) {
      return toUser(await insertUser(db, user, now))
    },

    createFirstUser(user, now) {
      return atomic(async (trx) => {
        const any = await trx.selectFrom('admin_users').select('id').limit(1).executeTakeFirst()
        if (any) return undefined
        return toUser(await insertUser(trx, user, now))
      })
    },

    async userByEmail(email) {
      const row = await db
        .selectFrom('admin_users')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirst()
      return row && toUser(row)
    },

    async userById(id) {
      const row = await db
        .selectFrom('admin_users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row && toUser(row)
    },

    setPassword(id, passwordHash, now) {
      return atomic(async (trx) => {
        await trx
          .updateTable('admin_users')
          .set({ password_hash: passwordHash, updated_at: now })
          .where('id', '=', id)
          .execute()
        await trx.deleteFrom('admin_sessions').where('user_id', '=', id).execute()
      })
    },

    async createSession(s) {
      await db
        .insertInto('admin_sessions')
        .values({
          id_hash: s.idHash,
          user_id: s.userId,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          expires_at: s.expiresAt,
        })
        .execute()
    },

    async session(idHash) {
      const row = await db
        .selectFrom('admin_sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst()
      return row && toSession(row)
    },

    async touchSession(idHash, now) {
      await db
        .updateTable('admin_sessions')
        .set({ last_seen_at: now })
        .where('id_hash', '=', idHash)
        .execute()
    },

    async deleteSession(idHash) {
      await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute()
    },

    async pruneSessions(now, idleBefore) {
      const res = await db
        .deleteFrom('admin_sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
        .executeTakeFirst()
      return Number(res.numDeletedRows)
    },

    async createToken(t) {
      const row = await db
        .insertInto('api_tokens')
        .values({
          id: t.id,
          name: t.name,
          token_hash: t.tokenHash,
          prefix: t.prefix,
          user_id: t.userId ?? null,
          created_at: t.createdAt,
          last_used_at: null,
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toToken(row)
    },

    async tokenByHash(tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst()
      return row && toToken(row)
    },

    async listTokens() {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
      return rows.map(toToken)
    },

    async revokeToken(id, now) {
      const res = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return Number(res.numUpdatedRows) > 0
    },

    async touchToken(id, now) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute()
    },
  }
}

function toUser(r: Selectable<AdminUsersTable>): AdminUser {
  return {
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

function toSession(r: Selectable<AdminSessionsTable>): AdminSession {
  return {
    idHash: r.id_hash,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
  }
}

function toToken(r: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: r.id,
    name: r.name,
    tokenHash: r.token_hash,
    prefix: r.prefix,
    ...(r.user_id === null ? {} : { userId: r.user_id }),
    createdAt: r.created_at,
    ...(r.last_used_at === null ? {} : { lastUsedAt: r.last_used_at }),
    ...(r.revoked_at === null ? {} : { revokedAt: r.revoked_at }),
  }
}
