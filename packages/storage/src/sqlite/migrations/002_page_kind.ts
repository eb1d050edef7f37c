import { sql, type Kysely } from 'kysely'

/**
 * Pages get a kind: `connected` (every Page so far) or `simulator`, the throwaway Pages the
 * editor's simulator makes on the built-in emulator, which the admin API never lists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('pages')
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('connected')
        .check(sql`kind in ('connected', 'simulator')`),
    )
    .execute()
}
