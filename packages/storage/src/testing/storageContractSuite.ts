import { afterEach, beforeEach, describe } from 'vitest'
import type { Storage } from '../ports'
import { analyticsContract } from './contract/analyticsContract'
import { authContract } from './contract/authContract'
import { contactsContract } from './contract/contactsContract'
import { conversationsContract } from './contract/conversationsContract'
import { flowsContract } from './contract/flowsContract'
import { inboxContract } from './contract/inboxContract'
import { jobsContract } from './contract/jobsContract'
import { leadsContract } from './contract/leadsContract'
import { bookingsContract } from './contract/bookingsContract'
import { ordersContract } from './contract/ordersContract'
import { outboxContract } from './contract/outboxContract'
import { pagesContract } from './contract/pagesContract'
import { transactionsContract } from './contract/transactionsContract'
import { privacyContract } from './contract/privacyContract'
import { publishingContract } from './contract/publishingContract'

export interface StorageUnderTest {
  storage: Storage
  /** Closes the storage and removes whatever `create` made (files, schemas). */
  cleanup: () => Promise<void>
}

/**
 * The behaviour the runtime relies on, run against every adapter (SQLite file, SQLite memory,
 * Postgres…): each test gets a fresh, empty, migrated storage from `create`. Only the ports are
 * used, so an adapter passes by behaving, not by sharing an implementation.
 */
export function registerStorageContractTests(
  name: string,
  create: () => Promise<StorageUnderTest>,
): void {
  describe(`${name}: storage contract`, () => {
    let current: StorageUnderTest | undefined
    beforeEach(async () => {
      current = await create()
    })
    afterEach(async () => {
      await current?.cleanup()
      current = undefined
    })
    const storage = (): Storage => {
      if (!current) throw new Error('the storage is only available inside a test')
      return current.storage
    }

    pagesContract(storage)
    flowsContract(storage)
    contactsContract(storage)
    conversationsContract(storage)
    inboxContract(storage)
    outboxContract(storage)
    jobsContract(storage)
    analyticsContract(storage)
    leadsContract(storage)
    ordersContract(storage)
    bookingsContract(storage)
    authContract(storage)
    transactionsContract(storage)
    publishingContract(storage)
    privacyContract(storage)
  })
}
