import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { conversationKey, type Storage } from '../src'
import { createSqliteStorage, openSqliteDatabase } from '../src/sqlite'
import { sqliteMigrations } from '../src/sqlite/migrations/sqliteMigrations'
import { testFlow, testInboxItem, testOutboxItem, testState } from '../src/testing'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const none = new Set<string>()

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charla-sqlite-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('openSqliteDatabase', () => {
  it('creates the folder and opens the file in WAL mode with the runtime settings', () => {
    const file = join(dir, 'nested', 'deeper', 'charla.db')
    const db = openSqliteDatabase(file)
    try {
      expect(existsSync(file)).toBe(true)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    } finally {
      db.close()
    }
  })
})

describe('migrations', () => {
  it('creates the schema once and finds nothing to do the second time', async () => {
    const file = join(dir, 'charla.db')
    const first = await createSqliteStorage(openSqliteDatabase(file))
    await first.pages.upsert(
      { id: 'p1', name: 'P', accessToken: 't', appSecret: 's', verifyToken: 'v' },
      1,
    )
    await first.close()

    const db = openSqliteDatabase(file)
    const schemaBefore = schemaOf(db)
    const again = await createSqliteStorage(db)
    expect(schemaOf(db)).toEqual(schemaBefore)
    // Every migration ran, once, in name order.
    const names = Object.keys(sqliteMigrations).sort()
    expect(names.slice(0, 2)).toEqual(['001_initial', '002_page_kind'])
    expect(db.prepare('select name from kysely_migration order by name').pluck().all()).toEqual(
      names,
    )
    expect(await again.pages.get('p1')).toMatchObject({ name: 'P' })
    await again.close()

    expect(schemaBefore.filter((o) => o.type === 'table').map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'pages',
        'flow_drafts',
        'flow_versions',
        'publications',
        'contacts',
        'conversations',
        'inbox',
        'inbox_heads',
        'outbox',
        'outbox_heads',
        'jobs',
        'analytics_steps',
      ]),
    )
  })

  it('moves analytics recorded one row per event into one row per step, counts kept', async () => {
    const file = join(dir, 'charla.db')
    const old = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: openSqliteDatabase(file) }),
    })
    const before = Object.fromEntries(
      Object.entries(sqliteMigrations).filter(([name]) => name < '009'),
    )
    const { error } = await new Migrator({
      db: old,
      provider: { getMigrations: async () => before },
      allowUnorderedMigrations: true,
    }).migrateToLatest()
    expect(error).toBeUndefined()
    await sql`
      insert into analytics_events (flow_version_id, page_id, psid, event, node_id, output, data, at)
      values ('v1', 'p1', 'u1', 'node_entered', 'ask', null, '{"retries":1}', 1),
             ('v1', 'p1', 'u2', 'node_entered', 'ask', null, null, 2),
             ('v1', 'p1', 'u1', 'output_taken', 'ask', 'yes', null, 3),
             ('v2', 'p1', 'u1', 'conversation_started', null, null, null, 4)`.execute(old)
    await old.destroy()

    const s = await createSqliteStorage(openSqliteDatabase(file))
    try {
      expect(await s.analytics.countByNode('v1')).toEqual([
        { event: 'node_entered', nodeId: 'ask', count: 2 },
        { event: 'output_taken', nodeId: 'ask', count: 1 },
      ])
      const steps = (await s.contacts.export('p1', 'u1')).analytics_steps
      expect(steps).toHaveLength(3)
      expect(steps?.[0]).toMatchObject({ events: [['node_entered', 'ask', null, { retries: 1 }]] })
    } finally {
      await s.close()
    }
  })

  it('refuses a database written by a newer version of Charla', async () => {
    const file = join(dir, 'charla.db')
    await (await createSqliteStorage(openSqliteDatabase(file))).close()
    const db = openSqliteDatabase(file)
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(
      '999_from_the_future',
      new Date(0).toISOString(),
    )
    await expect(createSqliteStorage(db)).rejects.toThrow(/could not migrate/)
    db.close()
  })

  it('rejects a status no query would ever pick up', async () => {
    const db = openSqliteDatabase(':memory:')
    const storage = await createSqliteStorage(db)
    await storage.inbox.add([testInboxItem('a')])
    expect(() => db.prepare(`update inbox set status = 'Done'`).run()).toThrow(/CHECK/)
    await storage.close()
  })
})

describe('durability', () => {
  it('reads everything back through a new connection after a plain close', async () => {
    const file = join(dir, 'charla.db')
    const writer = await createSqliteStorage(openSqliteDatabase(file))
    await writeSteps(writer, 200)
    await writer.close()

    const reader = await createSqliteStorage(openSqliteDatabase(file))
    await expectSteps(reader, 200)
    await reader.close()
  })

  it('keeps every committed transaction when the process is killed', async () => {
    const file = join(dir, 'charla.db')
    const child = runChild('crashWriter.ts', [file, '300'])
    await child.line('committed 300')
    expect(await child.exit).toMatchObject({ signal: 'SIGKILL' })
    // Nothing was checkpointed: the commits live only in the WAL the next open recovers.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0)

    const storage = await createSqliteStorage(openSqliteDatabase(file))
    expect(await storage.inbox.countPending()).toBe(300)
    for (const i of [0, 150, 299]) {
      expect((await storage.conversations.get('p1', `u${i}`))?.state.seq).toBe(i)
      expect(await storage.outbox.listForContact('p1', `u${i}`)).toHaveLength(1)
    }
    await storage.close()
  }, 30_000)
})

describe('concurrency', () => {
  it("waits for another process's write lock instead of failing (busy_timeout)", async () => {
    const file = join(dir, 'charla.db')
    const storage = await createSqliteStorage(openSqliteDatabase(file))
    const child = runChild('lockHolder.ts', [file, '400'])
    await child.line('locked')

    // Without a busy timeout the write fails at once: what the setting protects against.
    const impatient = new BetterSqlite3(file, { timeout: 0 })
    expect(() => impatient.exec('begin immediate')).toThrow(/database is locked/)
    impatient.close()

    const start = performance.now()
    await storage.transaction(async (tx) => {
      await tx.jobs.schedule({
        key: 'from-this-process',
        pageId: 'p1',
        psid: 'u1',
        timerId: 't',
        runAt: 2,
      })
    })
    const waited = performance.now() - start
    expect(waited).toBeGreaterThan(100)
    expect(waited).toBeLessThan(5_000)
    await child.exit
    expect((await storage.jobs.due(10, 10)).map((j) => j.key)).toEqual([
      'from-other-process',
      'from-this-process',
    ])
    await storage.close()
  }, 30_000)

  it('begins write transactions immediately: a read-then-write one is never refused', async () => {
    // A deferred transaction that reads, sees another process commit, then writes gets
    // SQLITE_BUSY at once, whatever the busy timeout (its snapshot is stale): the WAL trap.
    const file = join(dir, 'charla.db')
    const storage = await createSqliteStorage(openSqliteDatabase(file))
    const child = runChild('waitingWriter.ts', [file])
    await child.line('ready')

    await storage.transaction(async (tx) => {
      expect(await tx.jobs.due(10, 10)).toEqual([])
      child.write('go\n')
      // The other process now waits for this transaction instead of slipping in.
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(child.output()).not.toContain('written')
      await tx.jobs.schedule({
        key: 'from-this-process',
        pageId: 'p1',
        psid: 'u1',
        timerId: 't',
        runAt: 1,
      })
    })
    await child.line('written')
    expect((await storage.jobs.due(10, 10)).map((j) => j.key)).toEqual([
      'from-this-process',
      'from-other-process',
    ])
    await storage.close()
  }, 30_000)

  it('serialises read-modify-write transactions on the one connection', async () => {
    const storage = await createSqliteStorage(openSqliteDatabase(':memory:'))
    const base = { pageId: 'p1', psid: 'u1', flowVersionId: 'v1' }
    await storage.conversations.save({ ...base, state: testState('u1', { seq: 0 }) }, undefined, 0)
    const bump = () =>
      storage.transaction(async (tx) => {
        const current = await tx.conversations.get('p1', 'u1')
        await new Promise((resolve) => setTimeout(resolve, 1))
        const next = testState('u1', { seq: current!.state.seq + 1 })
        return tx.conversations.save({ ...base, state: next }, current!.version, 1)
      })
    const plainReads = Array.from({ length: 10 }, () => storage.conversations.get('p1', 'u1'))
    expect(await Promise.all(Array.from({ length: 10 }, bump))).toEqual(Array(10).fill(true))
    for (const read of await Promise.all(plainReads)) expect(read?.version).toBeGreaterThan(0)
    expect(await storage.conversations.get('p1', 'u1')).toMatchObject({
      version: 11,
      state: { seq: 10 },
    })
    await storage.close()
  })

  it('explains, instead of hanging, when the outer storage is used inside a transaction', async () => {
    const storage = await createSqliteStorage(openSqliteDatabase(':memory:'), {
      connectionTimeoutMs: 100,
    })
    await expect(
      storage.transaction(async () => {
        await storage.inbox.countPending()
      }),
    ).rejects.toThrow(/use the `tx`/)
    expect(await storage.inbox.add([testInboxItem('still works')])).toBe(1)
    await storage.close()
  })
})

describe('performance', () => {
  it('finds the next item per conversation in a 100k backlog without scanning it', async () => {
    const db = openSqliteDatabase(join(dir, 'charla.db'))
    const storage = await createSqliteStorage(db)
    seedInbox(db, 100_000, 1_000)
    expect(await storage.inbox.countPending()).toBe(100_000)

    const busy = new Set(Array.from({ length: 16 }, (_, i) => conversationKey('p1', `u${i}`)))
    const times: number[] = []
    for (let i = 0; i < 30; i++) {
      const start = performance.now()
      const items = await storage.inbox.nextPerConversation(64, busy)
      times.push(performance.now() - start)
      expect(items).toHaveLength(64)
    }
    const median = times.sort((a, b) => a - b)[15]!
    // Grouping the whole backlog takes ~7 ms here; reading the heads well under one.
    expect(median, `median ${median.toFixed(2)} ms`).toBeLessThan(5)
    await storage.close()
  }, 60_000)

  it('prepares each SQL text once', async () => {
    const db = openSqliteDatabase(':memory:')
    const prepare = vi.spyOn(db, 'prepare')
    const storage = await createSqliteStorage(db)
    await storage.inbox.add([testInboxItem('a')])
    await storage.inbox.nextPerConversation(10, none)
    const warm = prepare.mock.calls.length
    for (let i = 0; i < 20; i++) {
      await storage.inbox.add([testInboxItem(`k${i}`)])
      await storage.inbox.nextPerConversation(10, none)
      await storage.transaction(async (tx) => tx.inbox.countPending())
    }
    // Only the two transaction statements and countPending are new.
    expect(prepare.mock.calls.length - warm).toBe(3)
    await storage.close()
  })

  it('parses a flow version once and shares it, frozen', async () => {
    const storage = await createSqliteStorage(openSqliteDatabase(':memory:'))
    const published = await storage.flows.publish(testFlow('f1'), 'p1', 1)
    const first = await storage.flows.getVersion(published.id)
    expect(await storage.flows.getVersion(published.id)).toBe(first)
    expect((await storage.flows.published('p1'))[0]).toBe(first)
    expect(Object.isFrozen(first!.flow.nodes[0])).toBe(true)
    await storage.close()
  })
})

describe('queue heads', () => {
  it('always point at the oldest pending item of each conversation', async () => {
    const db = openSqliteDatabase(':memory:')
    const storage = await createSqliteStorage(db)
    await storage.pages.upsert(
      { id: 'p1', name: 'P', accessToken: 't', appSecret: 's', verifyToken: 'v' },
      0,
    )
    let seed = 42
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    const psid = () => `u${random(6)}`
    const pendingIds = (table: 'inbox' | 'outbox'): number[] =>
      db.prepare(`select id from ${table} where status = 'pending'`).pluck().all() as number[]
    const pick = (ids: number[]) => ids[random(ids.length)]

    for (let round = 0; round < 400; round++) {
      const inbox = pendingIds('inbox')
      const outbox = pendingIds('outbox')
      const [a, b] = [pick(inbox), pick(outbox)]
      switch (random(9)) {
        case 0:
          await storage.inbox.add([
            testInboxItem(`m${round}`, 'p1', psid()),
            testInboxItem(`n${round}`, 'p1', psid()),
          ])
          break
        case 1:
          if (a !== undefined) await storage.inbox.markDone(a)
          break
        case 2:
          if (a !== undefined) await storage.inbox.markFailed(a, 'x', 2)
          break
        case 3:
          await storage.outbox.add([testOutboxItem('p1', psid()), testOutboxItem('p1', psid())])
          break
        case 4:
          if (b !== undefined) await storage.outbox.markSent(b, 'mid', 1)
          break
        case 5:
          if (b !== undefined) await storage.outbox.markFinal(b, 'blocked', 'x', 1)
          break
        case 6:
          if (random(4) === 0) await storage.contacts.forget('p1', psid())
          break
        case 7:
          await storage
            .transaction(async (tx) => {
              await tx.inbox.add([testInboxItem(`r${round}`, 'p1', psid())])
              if (a !== undefined) await tx.inbox.markDone(a)
              throw new Error('rolled back')
            })
            .catch(() => {})
          break
        default:
          // A hand-made requeue of failed items, as an operator might do.
          db.prepare(
            `update inbox set status = 'pending', attempts = 0 where status = 'failed'`,
          ).run()
      }
      for (const table of ['inbox', 'outbox'] as const)
        expect(
          db.prepare(`select page_id, psid, head_id from ${table}_heads order by 1, 2`).all(),
        ).toEqual(
          db
            .prepare(
              `select page_id, psid, min(id) as head_id from ${table} where status = 'pending' group by 1, 2 order by 1, 2`,
            )
            .all(),
        )
    }
    await storage.close()
  })
})

function schemaOf(db: BetterSqlite3.Database) {
  return db.prepare('select type, name, sql from sqlite_master order by type, name').all() as {
    type: string
    name: string
    sql: string | null
  }[]
}

async function writeSteps(storage: Storage, count: number) {
  for (let i = 0; i < count; i++)
    await storage.transaction(async (tx) => {
      await tx.inbox.add([testInboxItem(`m${i}`, 'p1', `u${i}`)])
      await tx.conversations.save(
        { pageId: 'p1', psid: `u${i}`, flowVersionId: 'v1', state: testState(`u${i}`, { seq: i }) },
        undefined,
        i,
      )
      await tx.outbox.add([testOutboxItem('p1', `u${i}`, `reply ${i}`)])
    })
}

async function expectSteps(storage: Storage, count: number) {
  expect(await storage.inbox.countPending()).toBe(count)
  expect(await storage.outbox.nextPerConversation(0, count + 1, none)).toHaveLength(count)
  for (let i = 0; i < count; i++)
    expect((await storage.conversations.get('p1', `u${i}`))?.state.seq).toBe(i)
}

/** 100k rows straight through the driver: seeding is not what is measured. */
function seedInbox(db: BetterSqlite3.Database, rows: number, conversations: number) {
  const insert = db.prepare(
    `insert into inbox (dedupe_key, page_id, psid, event, occurred_at, received_at) values (?, 'p1', ?, ?, 0, 0)`,
  )
  const event = JSON.stringify({ type: 'message', text: 'hello' })
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`seed-${i}`, `u${i % conversations}`, event)
  })()
}

/** Runs a test/fixtures script in its own Node process (through tsx, as the runtime runs). */
function runChild(script: string, args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(packageDir, 'test', 'fixtures', script), ...args],
    { cwd: packageDir, stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  const line = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text)) resolve()
      }
      check()
      child.stdout.on('data', check)
      void exit.then(({ code, signal }) => {
        if (stdout.includes(text)) resolve()
        else reject(new Error(`${script} ended (${code ?? signal}) before "${text}":\n${stderr}`))
      })
    })
  return {
    line,
    exit,
    output: () => stdout,
    write: (text: string) => child.stdin.write(text),
  }
}
