/**
 * One process of the two-process race: opens the shared SQLite file, waits for "go" on stdin,
 * then tries to hold the same slot `attempts` times at once, each in its own write
 * transaction, and prints how many it got and how long it took. Also run by `pnpm bench`.
 */
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'

const [file, name, attempts, slot] = process.argv.slice(2) as [string, string, string, string]
const storage = await createSqliteStorage(openSqliteDatabase(file))
process.stdout.write('ready\n')
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
const start = Number(slot)
const began = performance.now()
const results = await Promise.all(
  Array.from({ length: Number(attempts) }, (_, i) =>
    storage.transaction((tx) =>
      tx.bookings.hold(
        {
          id: `${name}-${i}`,
          scope: '',
          calendarId: 'chair',
          covers: [start],
          capacity: 1,
          pageId: 'p',
          psid: `${name}-${i}`,
          nodeId: 'b',
          start,
          end: start + 1_800_000,
          expiresAt: Date.now() + 600_000,
        },
        Date.now(),
      ),
    ),
  ),
)
const ms = performance.now() - began
process.stdout.write(`${JSON.stringify({ held: results.filter(Boolean).length, ms })}\n`)
await storage.close()
