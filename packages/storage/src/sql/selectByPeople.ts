import type { Kysely, Selectable } from 'kysely'
import { conversationKey } from '../ports'
import { chunked } from './chunked'
import type { Database } from './Database'
import { prepared } from './prepared'

/**
 * People per statement: a batch's worth. Each count is its own compiled statement, so this also
 * bounds how many of them the statement cache keeps.
 */
const PEOPLE_PER_QUERY = 100

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
    const values: Record<string, string> = {}
    chunk.forEach((p, i) => {
      values[`p${i}`] = p.pageId
      values[`s${i}`] = p.psid
    })
    const { rows } = await statementFor(table, chunk.length)(db, values)
    for (const row of rows)
      found.set(conversationKey(row.page_id, row.psid), row as Selectable<Database[T]>)
  }
  return found
}

/**
 * Compiled once per table and number of people (a batch is usually a few dozen), so the worker
 * does not build the same query anew on every tick.
 */
const statements = new Map<string, ReturnType<typeof compileFor>>()

function statementFor(table: 'contacts' | 'conversations', count: number) {
  const key = `${table}:${count}`
  let statement = statements.get(key)
  if (!statement) {
    statement = compileFor(table, count)
    statements.set(key, statement)
  }
  return statement
}

function compileFor(table: 'contacts' | 'conversations', count: number) {
  const names = Array.from({ length: count }, (_, i) => [`p${i}`, `s${i}`]).flat()
  // Typed as one of the tables: both are keyed by (page_id, psid), which is all this reads.
  return prepared(names, (db, v) =>
    db
      .selectFrom(table as 'contacts')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('page_id', 'psid'),
          'in',
          Array.from({ length: count }, (_, i) =>
            eb.tuple(standIn(v, `p${i}`), standIn(v, `s${i}`)),
          ),
        ),
      ),
  )
}

/** A value's stand-in, typed as the string it stands for. */
function standIn(values: Record<string, never>, name: string): string {
  return values[name] as never
}
