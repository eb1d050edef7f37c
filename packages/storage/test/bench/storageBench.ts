/**
 * Rough figures for the SQLite adapter on this machine: `npx tsx test/bench/storageBench.ts`.
 * Runs on a real file in WAL mode (synchronous=NORMAL), as the embedded runtime does.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { ConversationState } from '@charla/flow-schema'
import type { Storage } from '../../src'
import { createSqliteStorage, openSqliteDatabase } from '../../src/sqlite'

const dir = mkdtempSync(join(tmpdir(), 'charla-bench-'))
try {
  await run(await createSqliteStorage(openSqliteDatabase(join(dir, 'bench.db'))))
} finally {
  rmSync(dir, { recursive: true, force: true })
}

async function run(storage: Storage) {
  await storage.pages.upsert(
    { id: 'page', name: 'Page', accessToken: 't', appSecret: 's', verifyToken: 'v' },
    0,
  )

  // 1. inbox.add throughput, batches of 1 and of 10 (a webhook POST carries a few events).
  for (const batch of [1, 10, 100]) {
    const total = 20_000
    let key = 0
    const start = performance.now()
    for (let i = 0; i < total / batch; i++)
      await storage.inbox.add(
        Array.from({ length: batch }, () => {
          key++
          return {
            dedupeKey: `add-${batch}-${key}`,
            pageId: 'page',
            psid: `u${key % 1000}`,
            event: { type: 'message' as const, mid: `m${key}`, text: 'hello there' },
            occurredAt: key,
            receivedAt: key,
          }
        }),
      )
    const ms = performance.now() - start
    report(`inbox.add, batches of ${batch}`, `${Math.round(total / (ms / 1000))} events/s`)
  }

  // 2. nextPerConversation over 100k pending rows in 1k conversations (60k from above + 40k).
  const extra = 100_000 - (await storage.inbox.countPending())
  await storage.transaction(async (tx) => {
    for (let i = 0; i < extra; i += 100)
      await tx.inbox.add(
        Array.from({ length: 100 }, (_, j) => ({
          dedupeKey: `seed-${i + j}`,
          pageId: 'page',
          psid: `u${(i + j) % 1000}`,
          event: { type: 'message' as const, text: 'x' },
          occurredAt: 0,
          receivedAt: 0,
        })),
      )
  })
  const pending = await storage.inbox.countPending()
  const busy = new Set(Array.from({ length: 16 }, (_, i) => `page:u${i}`))
  for (const limit of [16, 64]) {
    const times: number[] = []
    for (let i = 0; i < 50; i++) {
      const start = performance.now()
      await storage.inbox.nextPerConversation(limit, busy)
      times.push(performance.now() - start)
    }
    report(`inbox.nextPerConversation(${limit}), ${pending} pending`, summary(times))
  }

  // 3. The outbox relay's query over 100k pending messages in 1k conversations.
  await storage.transaction(async (tx) => {
    for (let i = 0; i < 100_000; i += 100)
      await tx.outbox.add(
        Array.from({ length: 100 }, (_, j) => ({
          pageId: 'page',
          psid: `u${(i + j) % 1000}`,
          body: { recipient: { id: 'x' }, message: { text: 'hi' } },
          nextAttemptAt: 0,
          createdAt: 0,
        })),
      )
  })
  const outTimes: number[] = []
  for (let i = 0; i < 50; i++) {
    const start = performance.now()
    await storage.outbox.nextPerConversation(1, 64, busy)
    outTimes.push(performance.now() - start)
  }
  report('outbox.nextPerConversation(64), 100k pending', summary(outTimes))

  // 4. A worker step's writes: save state, 2 messages, 1 timer, 3 analytics events, inbox done,
  // taking the items the way the worker does (heads of 64 conversations per poll).
  const state: ConversationState = {
    flowId: 'flow',
    status: 'waiting',
    wait: { kind: 'question', nodeId: 'ask_email', retries: 0 },
    vars: { name: 'Ada', budget: 1200, consent: true },
    contact: { psid: 'u', firstName: 'Ada', tags: ['lead'], fields: { email: 'ada@example.com' } },
    timers: {},
    bookings: {},
    seq: 3,
  }
  const versions = new Map<string, number>()
  const steps = 5_000
  let done = 0
  const start = performance.now()
  while (done < steps) {
    for (const item of await storage.inbox.nextPerConversation(64, new Set())) {
      await step(storage, item.id, item.psid, 1_000_000 + done, done)
      done++
    }
  }
  const ms = performance.now() - start
  report(
    'worker transaction (save + 2 outbox + 1 job + 3 analytics + inbox done)',
    `${Math.round(steps / (ms / 1000))} tx/s`,
  )

  async function step(storage: Storage, id: number, psid: string, now: number, i: number) {
    await storage.transaction(async (tx) => {
      const expected = versions.get(psid)
      const saved = await tx.conversations.save(
        { pageId: 'page', psid, flowVersionId: 'v1', state: { ...state, seq: i } },
        expected,
        now,
      )
      if (!saved) throw new Error('conflict')
      versions.set(psid, (expected ?? 0) + 1)
      const message = (text: string) => ({
        pageId: 'page',
        psid,
        body: { recipient: { id: psid }, message: { text } },
        nextAttemptAt: now,
        createdAt: now,
      })
      await tx.outbox.add([message('Thanks!'), message('Your email?')])
      await tx.jobs.schedule({
        key: `page:${psid}:t${i}`,
        pageId: 'page',
        psid,
        timerId: `t${i}`,
        runAt: now + 60_000,
      })
      await tx.analytics.record(
        ['node_entered', 'output_taken', 'node_left'].map((event) => ({
          pageId: 'page',
          psid,
          flowVersionId: 'v1',
          event,
          nodeId: 'ask_email',
          at: now,
        })),
      )
      await tx.inbox.markDone(id)
    })
  }

  // 5. The reads a worker does before stepping.
  const readStart = performance.now()
  for (let i = 0; i < steps; i++) {
    const psid = `u${i % 1000}`
    await storage.pages.get('page')
    await storage.contacts.get('page', psid)
    await storage.conversations.get('page', psid)
  }
  const readMs = performance.now() - readStart
  report(
    'worker reads (page + contact + conversation)',
    `${Math.round(steps / (readMs / 1000))} sets/s`,
  )
  await storage.close()
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return `median ${at(0.5).toFixed(2)} ms, p90 ${at(0.9).toFixed(2)} ms`
}

function report(what: string, figure: string) {
  console.log(`${what.padEnd(80)} ${figure}`)
}
