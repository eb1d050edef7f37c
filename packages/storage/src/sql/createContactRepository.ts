import { valueSchema } from '@charla/flow-schema'
import type { Selectable } from 'kysely'
import { z } from 'zod'
import type { Contact, ContactRepository } from '../ports'
import type { ContactsTable } from './Database'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'
import { prepared } from './prepared'
import { selectByPeople } from './selectByPeople'
import { exportContact, forgetContact } from './contactData'

const tagsSchema = z.array(z.string())
const fieldsSchema = z.record(z.string(), valueSchema)

export function createContactRepository({ db, atomic }: SqlContext): ContactRepository {
  return {
    async get(pageId, psid) {
      const { rows } = await selectContact(db, { pageId, psid })
      const row = rows[0]
      return row && toContact(row)
    },

    async getMany(people) {
      const rows = await selectByPeople(db, 'contacts', people)
      return new Map([...rows].map(([key, row]) => [key, toContact(row)]))
    },

    async upsert(contact, now) {
      const given = UPDATABLE.filter((key) => contact[key] !== undefined)
      const mask = given.join(',')
      let run = upserts.get(mask)
      if (!run) {
        run = upsertContact(given)
        upserts.set(mask, run)
      }
      const { rows } = await run(db, {
        page_id: contact.pageId,
        psid: contact.psid,
        first_name: contact.firstName ?? null,
        last_name: contact.lastName ?? null,
        profile_fetched_at: contact.profileFetchedAt ?? null,
        tags: JSON.stringify(contact.tags ?? []),
        fields: JSON.stringify(contact.fields ?? {}),
        last_interaction_at: contact.lastInteractionAt ?? null,
        unreachable: contact.unreachable ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      const row = rows[0]
      if (!row) throw new Error(`the contact ${contact.pageId}/${contact.psid} was not saved`)
      return toContact(row)
    },

    async forget(pageId, psid) {
      await atomic((db) => forgetContact(db, pageId, psid))
    },

    async export(pageId, psid) {
      return exportContact(db, pageId, psid)
    },

    async shift(pageId, psid, ms) {
      await db
        .updateTable('contacts')
        .set((eb) => ({ last_interaction_at: eb('last_interaction_at', '-', ms) }))
        .where('page_id', '=', pageId)
        .where('psid', '=', psid)
        .where('last_interaction_at', 'is not', null)
        .execute()
    },
  }
}

const selectContact = prepared(['pageId', 'psid'], (db, v) =>
  db.selectFrom('contacts').selectAll().where('page_id', '=', v.pageId).where('psid', '=', v.psid),
)

/** The fields an upsert overwrites only when given, and the columns they live in. */
const UPDATABLE = [
  'firstName',
  'lastName',
  'profileFetchedAt',
  'tags',
  'fields',
  'lastInteractionAt',
  'unreachable',
] as const
const COLUMN = {
  firstName: 'first_name',
  lastName: 'last_name',
  profileFetchedAt: 'profile_fetched_at',
  tags: 'tags',
  fields: 'fields',
  lastInteractionAt: 'last_interaction_at',
  unreachable: 'unreachable',
} as const satisfies Record<(typeof UPDATABLE)[number], keyof ContactsTable>
const CONTACT_COLUMNS = [
  'page_id',
  'psid',
  'first_name',
  'last_name',
  'profile_fetched_at',
  'tags',
  'fields',
  'last_interaction_at',
  'unreachable',
  'created_at',
  'updated_at',
] as const

/** One prepared upsert per combination of fields given (a handful occur). */
const upserts = new Map<string, ReturnType<typeof upsertContact>>()

function upsertContact(given: readonly (typeof UPDATABLE)[number][]) {
  return prepared(CONTACT_COLUMNS, (db, v) =>
    db
      .insertInto('contacts')
      .values(v)
      .onConflict((oc) =>
        // Only what was given overwrites the stored row; `tags` and `fields` replace the stored
        // list and map as a whole (the runtime passes the conversation's full copy, and a
        // per-key merge could never remove a tag or a field).
        oc.columns(['page_id', 'psid']).doUpdateSet((eb) => ({
          ...Object.fromEntries(
            given.map((key) => [COLUMN[key], eb.ref(`excluded.${COLUMN[key]}`)]),
          ),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returningAll(),
  )
}

function toContact(row: Selectable<ContactsTable>): Contact {
  const what = `contact ${row.page_id}/${row.psid}`
  return {
    pageId: row.page_id,
    psid: row.psid,
    ...(row.first_name !== null ? { firstName: row.first_name } : {}),
    ...(row.last_name !== null ? { lastName: row.last_name } : {}),
    ...(row.profile_fetched_at !== null ? { profileFetchedAt: row.profile_fetched_at } : {}),
    tags: decodeJson(tagsSchema, row.tags, `${what} tags`),
    fields: decodeJson(fieldsSchema, row.fields, `${what} fields`),
    ...(row.last_interaction_at !== null ? { lastInteractionAt: row.last_interaction_at } : {}),
    unreachable: row.unreachable !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
