import Database from 'better-sqlite3'

export interface InboxCheck {
  /** Distinct events found, each once. */
  stored: number
  /** Expected events with no inbox row. */
  lost: number
  /** Rows beyond one per expected event: a key stored twice, or a row for no expected event. */
  duplicated: number
}

/**
 * Reads the runtime's SQLite file (read-only, after the runtime closed it) and checks that
 * every expected event is in the inbox exactly once, by its dedupe key.
 */
export function checkInbox(file: string, expectedKeys: ReadonlySet<string>): InboxCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare('select dedupe_key as key, count(*) as n from inbox group by dedupe_key')
      .all() as { key: string; n: number }[]
    let stored = 0
    let duplicated = 0
    for (const { key, n } of rows) {
      if (expectedKeys.has(key)) {
        stored++
        duplicated += n - 1
      } else duplicated += n
    }
    return { stored, lost: expectedKeys.size - stored, duplicated }
  } finally {
    db.close()
  }
}
