import type { Kysely } from 'kysely'
import type { FlowVersion, Storage } from '../ports'
import { createAnalyticsRepository } from './createAnalyticsRepository'
import { createOrderRepository } from './createOrderRepository'
import { createContactRepository } from './createContactRepository'
import { createConversationRepository } from './createConversationRepository'
import { createFlowRepository } from './createFlowRepository'
import { createInboxRepository } from './createInboxRepository'
import { createJobRepository } from './createJobRepository'
import { createLeadRepository } from './createLeadRepository'
import { createBookingRepository } from './createBookingRepository'
import { createAuthRepository } from './createAuthRepository'
import { createLruCache } from './createLruCache'
import { createOutboxRepository } from './createOutboxRepository'
import { createPageRepository } from './createPageRepository'
import { createPageProfileRepository } from './createPageProfileRepository'
import { createDeletionRequestRepository } from './createDeletionRequestRepository'
import type { Database } from './Database'
import type { SqlStorageOptions } from './RowReader'
import type { SqlContext } from './SqlContext'

/** Enough for every flow live on every Page of a busy runtime; each entry is one parsed flow. */
const CACHED_VERSIONS = 256

/**
 * The `Storage` every SQL adapter shares: the repositories are plain Kysely, so an adapter is a
 * Kysely dialect (whose driver decides how a write transaction begins) plus its migrations.
 * `db` must already be migrated; `close` destroys it.
 */
export function createSqlStorage(db: Kysely<Database>, options: SqlStorageOptions = {}): Storage {
  const versions = createLruCache<string, FlowVersion>(CACHED_VERSIONS)

  function scoped(trx: Kysely<Database>): Storage {
    const tx: Storage = {
      ...repositories({ db: trx, atomic: (fn) => fn(trx), versions }, options),
      // Nested calls join the open transaction: a unit of work composes out of smaller ones.
      transaction: (fn) => fn(tx),
      close: () => Promise.reject(new Error('close the storage, not a transaction of it')),
    }
    return tx
  }

  const transaction: Storage['transaction'] = (fn) =>
    db.transaction().execute((trx) => fn(scoped(trx)))

  return {
    ...repositories({ db, atomic: (fn) => db.transaction().execute(fn), versions }, options),
    transaction,
    close: () => db.destroy(),
  }
}

function repositories(
  ctx: SqlContext,
  options: SqlStorageOptions,
): Omit<Storage, 'transaction' | 'close'> {
  return {
    pages: createPageRepository(ctx, options.secrets),
    flows: createFlowRepository(ctx),
    contacts: createContactRepository(ctx),
    conversations: createConversationRepository(ctx),
    inbox: createInboxRepository(ctx),
    outbox: createOutboxRepository(ctx),
    jobs: createJobRepository(ctx),
    analytics: createAnalyticsRepository(ctx),
    orders: createOrderRepository(ctx),
    leads: createLeadRepository(ctx, options.openRowReader, options.secrets),
    bookings: createBookingRepository(ctx),
    auth: createAuthRepository(ctx),
    pageProfiles: createPageProfileRepository(ctx),
    deletionRequests: createDeletionRequestRepository(ctx),
  }
}
