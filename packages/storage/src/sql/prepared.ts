import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely'
import type { Database } from './Database'

const STAND_IN = '\u0000charla.value:'

type Slot<K> = { name: K } | { value: unknown }

/**
 * A query built and compiled once, then run with new values. Kysely builds and compiles a
 * query anew on every call, which on the message path (a dozen small statements per event)
 * cost about as much CPU as SQLite itself. `build` gets stand-ins for the values, typed `never`
 * so they fit wherever a value does; each must end up a bound parameter (checked on first use).
 * The SQL is the dialect's own, so a Postgres adapter reuses the same prepared queries.
 */
export function prepared<K extends string, R>(
  names: readonly K[],
  build: (db: Kysely<Database>, values: Record<K, never>) => Compilable<R>,
): (db: Kysely<Database>, values: Record<K, unknown>) => Promise<QueryResult<R>> {
  // Per dialect (the adapter object), so a SQLite and a Postgres storage can share a process.
  const byDialect = new WeakMap<object, { sql: string; slots: Slot<K>[] }>()
  return async (db, values) => {
    const dialect = db.getExecutor().adapter
    let compiled = byDialect.get(dialect)
    if (!compiled) {
      compiled = compile(db, names, build)
      byDialect.set(dialect, compiled)
    }
    const parameters = compiled.slots.map((slot) =>
      'name' in slot ? values[slot.name] : slot.value,
    )
    return db.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>)
  }
}

/**
 * `prepared` for a multi-row insert: one compiled statement per row count. `build` gets one
 * object of stand-ins per row.
 */
export function preparedInsert<C extends string, R = unknown>(
  columns: readonly C[],
  build: (db: Kysely<Database>, rows: Record<C, never>[]) => Compilable<R>,
): (db: Kysely<Database>, rows: readonly Record<C, unknown>[]) => Promise<QueryResult<R>> {
  const byCount = new Map<number, ReturnType<typeof prepared<string, R>>>()
  return (db, rows) => {
    let run = byCount.get(rows.length)
    if (!run) {
      const names = rows.flatMap((_, i) => columns.map((c) => `${i}.${c}`))
      const count = rows.length
      run = prepared(names, (db, v) =>
        build(
          db,
          Array.from(
            { length: count },
            (_, i) =>
              Object.fromEntries(columns.map((c) => [c, v[`${i}.${c}`]])) as Record<C, never>,
          ),
        ),
      )
      byCount.set(count, run)
    }
    const values: Record<string, unknown> = {}
    rows.forEach((row, i) => {
      for (const c of columns) values[`${i}.${c}`] = row[c]
    })
    return run(db, values)
  }
}

function compile<K extends string, R>(
  db: Kysely<Database>,
  names: readonly K[],
  build: (db: Kysely<Database>, values: Record<K, never>) => Compilable<R>,
): { sql: string; slots: Slot<K>[] } {
  const standIns = Object.fromEntries(names.map((name) => [name, `${STAND_IN}${name}`]))
  const query = build(db, standIns as Record<K, never>).compile()
  if (query.sql.includes(STAND_IN))
    throw new Error(`a prepared query put a value into its SQL text: ${query.sql}`)
  const used = new Set<string>()
  const slots = query.parameters.map((parameter): Slot<K> => {
    if (typeof parameter === 'string' && parameter.startsWith(STAND_IN)) {
      const name = parameter.slice(STAND_IN.length) as K
      used.add(name)
      return { name }
    }
    return { value: parameter }
  })
  const unused = names.filter((name) => !used.has(name))
  if (unused.length) throw new Error(`a prepared query never binds ${unused.join(', ')}`)
  return { sql: query.sql, slots }
}
