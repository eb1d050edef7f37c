import type { Kysely, Selectable } from 'kysely'
import { conversationKey } from '../ports'
import { chunked } from './chunked'
import type { Database } from './Database'

/** Pairs per statement: two bound values each, far below SQLite's limit on parameters. */
const PEOPLE_PER_QUERY = 400

/**
 * The rows of a per-person table for several people at once, by `conversationKey`: one
 * statement where a batch of events would otherwise read one row per event.
 */
export async function selectByPeople<T extends 'contacts' | 'conversations'>(
  db: Kysely<Database>,
  table: T,
  people: readonly { pageId: string; psid: string }[],
): Promise<Map<string, Selectable<Database[T]>>> {
  const unique = [...new Map(people.map((p) => [conversationKey(p.pageId, p.psid), p])).values()]
  const found = new Map<string, Selectable<Database[T]>>()
  for (const chunk of chunked(unique, PEOPLE_PER_QUERY)) {
    // Typed as one of the tables: both are keyed by (page_id, psid), which is all this reads.
    const rows = await db
      .selectFrom(table as 'contacts')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('page_id', 'psid'),
          'in',
          chunk.map((p) => eb.tuple(p.pageId, p.psid)),
        ),
      )
      .execute()
    for (const row of rows)
      found.set(conversationKey(row.page_id, row.psid), row as Selectable<Database[T]>)
  }
  return found
}
