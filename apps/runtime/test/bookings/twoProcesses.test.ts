import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'

const CHILD = fileURLToPath(new URL('./raceChild.ts', import.meta.url))
const SLOT = Date.parse('2030-01-07T09:00:00Z')

function child(file: string, name: string, attempts: number) {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, file, name, String(attempts), String(SLOT)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  let out = ''
  let err = ''
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()))
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()))
  const ready = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('ready')) {
        clearInterval(check)
        resolve()
      }
    }, 10)
    proc.once('exit', (code) => {
      clearInterval(check)
      reject(new Error(`child ${name} exited ${code}: ${err}`))
    })
  })
  const done = new Promise<number>((resolve, reject) =>
    proc.once('exit', (code) => {
      const m = /\{"held":(\d+)/.exec(out)
      if (code === 0 && m) resolve(Number(m[1]))
      else reject(new Error(`child ${name} exited ${code}: ${err}`))
    }),
  )
  return { proc, ready, done }
}

describe('no double booking across processes', () => {
  it('two processes on one SQLite file, 25 attempts each at the last place: exactly one hold', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'charla-race-'))
    const file = join(dir, 'charla.db')
    try {
      // Migrated once up front, so the children only race for the slot.
      const storage = await createSqliteStorage(openSqliteDatabase(file))
      const racers = [child(file, 'a', 25), child(file, 'b', 25)]
      await Promise.all(racers.map((r) => r.ready))
      for (const r of racers) r.proc.stdin.end('go\n')
      const held = await Promise.all(racers.map((r) => r.done))
      expect(held.reduce((a, b) => a + b, 0)).toBe(1)
      expect(await storage.bookings.usage('', 'chair', SLOT, SLOT + 1)).toEqual(
        new Map([[SLOT, 1]]),
      )
      await storage.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('the database itself refuses a slot over its capacity, whatever code writes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'charla-check-'))
    const file = join(dir, 'charla.db')
    try {
      const storage = await createSqliteStorage(openSqliteDatabase(file))
      await storage.close()
      const db = new Database(file)
      db.prepare(
        "insert into booking_slots (scope, calendar_id, start_at, used, capacity) values ('', 'chair', 1, 1, 1)",
      ).run()
      expect(() => db.prepare('update booking_slots set used = used + 1').run()).toThrow(/CHECK/)
      db.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
