import { createHmac } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeFlow, node } from '@charla/flow-schema/testing'
import type { Storage } from '@charla/storage'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import { testPage } from '@charla/storage/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createSaveLeadHandler,
  PUSH_RETRY_WINDOW_MS,
} from '../../src/business/leads/saveLeadHandler'
import { createSafeHttp, type SafeHttp } from '../../src/http/createSafeHttp'
import { createLeadPusher, type LeadPusher } from '../../src/leads/createLeadPusher'
import { closedPort, startLeadReceiver } from './leadReceiver'

const quiet = { info: () => {}, warn: () => {}, error: () => {} }
const T0 = Date.UTC(2025, 5, 1, 9, 0, 0)
const flow = makeFlow({ id: 'leads', nodes: [node('t', 'trigger', { on: 'get_started' })] })

let dir: string
let storage: Storage
let clock: number
let clients: SafeHttp[]
let closers: (() => Promise<void>)[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charla-leads-'))
  storage = await createSqliteStorage(openSqliteDatabase(join(dir, 'charla.db')))
  await storage.pages.upsert(testPage('p1'), T0)
  clock = T0
  clients = []
  closers = []
})
afterEach(async () => {
  for (const c of clients) await c.close()
  for (const close of closers) await close()
  await storage.close()
  await rm(dir, { recursive: true, force: true })
})

/** The safe client as the runtime builds it; the receiver on 127.0.0.1 is allow-listed, as a self-hoster would with CHARLA_HTTP_ALLOW_HOSTS. */
function client(opts: Parameters<typeof createSafeHttp>[0] = {}): SafeHttp {
  const c = createSafeHttp(opts)
  clients.push(c)
  return c
}

function pusher(http: SafeHttp): LeadPusher {
  return createLeadPusher({
    storage,
    http,
    now: () => clock,
    random: () => 0.5,
    log: quiet,
    timeoutMs: 2000,
  })
}

/** A form completes: the save_lead handler runs in a step's transaction, as in the worker. */
async function completeLead(webhookUrl: string, psid = 'u1', leadKey = 'lead1') {
  const handler = createSaveLeadHandler()
  const ctx = {
    page: (await storage.pages.get('p1'))!,
    psid,
    flowVersionId: 'v1',
    flow,
    now: clock,
    inboxItemId: 1,
    source: { trigger: 'ref', ref: 'summer', referralSource: 'SHORTLINK' },
    log: quiet,
  }
  for (const status of ['in_progress', 'completed'] as const)
    await storage.transaction((tx) =>
      handler(
        tx,
        {
          type: 'save_lead',
          leadKey,
          nodeId: 'form',
          status,
          answers: { email: 'ana@example.com', plan: 'Pro' },
          consent: true,
          webhookUrl,
        },
        ctx,
      ),
    )
  const lead = await storage.leads.getByKey(`p1:${psid}:${leadKey}`)
  if (!lead) throw new Error('the lead was not stored')
  return lead
}

describe('CRM push', () => {
  it('posts the lead as signed JSON with an idempotency key, once', async () => {
    const crm = await startLeadReceiver()
    closers.push(crm.close)
    const lead = await completeLead(`${crm.url}/hooks/leads`)
    expect(lead).toMatchObject({ status: 'completed', source: 'ref', push: { status: 'pending' } })
    const p = pusher(client({ allowHosts: ['127.0.0.1'] }))
    expect(await p.pushDue()).toBe(1)
    expect(await p.pushDue()).toBe(0)

    expect(crm.received).toHaveLength(1)
    const [req] = crm.received
    const secret = await storage.leads.webhookSecret('p1', () => 'unused', clock)
    expect(req!.headers['x-charla-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(req!.body).digest('hex')}`,
    )
    expect(req!.headers['idempotency-key']).toBe(lead.id)
    expect(req!.headers['content-type']).toBe('application/json')
    expect(JSON.parse(req!.body)).toEqual({
      event: 'lead.completed',
      id: lead.id,
      page: { id: 'p1', name: 'Page p1' },
      flow: { id: 'leads', versionId: 'v1', nodeId: 'form' },
      contact: { psid: 'u1' },
      answers: { email: 'ana@example.com', plan: 'Pro' },
      consent: true,
      source: { kind: 'ref', trigger: 'ref', ref: 'summer', referralSource: 'SHORTLINK' },
      createdAt: new Date(T0).toISOString(),
      completedAt: new Date(T0).toISOString(),
    })
    expect((await storage.leads.get(lead.id))?.push).toMatchObject({
      status: 'delivered',
      attempts: 1,
    })
    expect(await storage.leads.deliveries(lead.id)).toEqual([
      expect.objectContaining({ attempt: 1, ok: true, statusCode: 200, at: T0 }),
    ])
  })

  it('retries after a 500 with backoff, with the same idempotency key and no second lead', async () => {
    const crm = await startLeadReceiver([500])
    closers.push(crm.close)
    const lead = await completeLead(`${crm.url}/hooks/leads`)
    const p = pusher(client({ allowHosts: ['127.0.0.1'] }))
    await p.pushDue()
    const after500 = await storage.leads.get(lead.id)
    expect(after500?.push).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: T0 + 30_000,
      lastError: 'the server answered 500',
    })
    // Not yet due: nothing is sent.
    clock = T0 + 29_999
    expect(await p.pushDue()).toBe(0)
    clock = T0 + 30_000
    expect(await p.pushDue()).toBe(1)
    expect(crm.received.map((r) => r.headers['idempotency-key'])).toEqual([lead.id, lead.id])
    expect(crm.received[0]!.body).toBe(crm.received[1]!.body)
    expect((await storage.leads.get(lead.id))?.push).toMatchObject({
      status: 'delivered',
      attempts: 2,
    })
    expect(
      (await storage.leads.deliveries(lead.id)).map((d) => [d.attempt, d.ok, d.statusCode]),
    ).toEqual([
      [1, false, 500],
      [2, true, 200],
    ])
    // The step that completed the form, redone (a crash before the inbox mark): still one lead,
    // and its delivered push is not queued again.
    await completeLead(`${crm.url}/hooks/leads`)
    expect((await storage.leads.list({}, { limit: 10, offset: 0 })).total).toBe(1)
    expect(await storage.leads.nextPushAt()).toBeUndefined()
  })

  it('keeps trying an unreachable CRM for 24 hours across restarts, then gives up and says so', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/hooks/leads`
    const lead = await completeLead(url)
    const http = client({ allowHosts: ['127.0.0.1'] })
    let attempts = 0
    for (;;) {
      // A new pusher each time: the schedule lives in the database, not in the process.
      const made = await pusher(http).pushDue()
      attempts += made
      const next = await storage.leads.nextPushAt()
      if (next === undefined) break
      expect(next).toBeGreaterThan(clock)
      clock = next
    }
    const done = await storage.leads.get(lead.id)
    expect(done?.push).toMatchObject({ status: 'failed', attempts })
    expect(done?.push?.lastError).toMatch(/ECONNREFUSED|connect/i)
    const log = await storage.leads.deliveries(lead.id)
    expect(log).toHaveLength(attempts)
    expect(log.every((d) => !d.ok)).toBe(true)
    // Backoff: 30 s doubling to an hour; about 30 tries, the last one on the deadline.
    expect(log[1]!.at - log[0]!.at).toBe(30_000)
    expect(log[2]!.at - log[1]!.at).toBe(60_000)
    expect(attempts).toBeGreaterThan(20)
    expect(attempts).toBeLessThan(40)
    expect(log.at(-1)!.at).toBe(T0 + PUSH_RETRY_WINDOW_MS)
    expect(log.at(-2)!.at).toBeLessThan(T0 + PUSH_RETRY_WINDOW_MS)
  })

  describe('refuses private, loopback and metadata addresses, after DNS and redirects', () => {
    const guarded = () =>
      client({
        resolve: async (host) => [
          { address: host === 'crm.internal.example' ? '10.20.30.40' : '93.184.216.34', family: 4 },
        ],
      })

    it.each([
      'http://127.0.0.1/hook',
      'http://127.1/hook',
      'http://0x7f.0.0.1/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://crm.internal.example/hook',
    ])('%s: given up at once, with the reason in the delivery log', async (url) => {
      const lead = await completeLead(url)
      expect(await pusher(guarded()).pushDue()).toBe(1)
      expect((await storage.leads.get(lead.id))?.push).toMatchObject({
        status: 'failed',
        attempts: 1,
      })
      const [attempt] = await storage.leads.deliveries(lead.id)
      expect(attempt).toMatchObject({ ok: false, url })
      expect(attempt?.error).toMatch(/^refused: /)
      expect(attempt?.statusCode).toBeUndefined()
    })

    it('a redirect from an allowed host to an internal address', async () => {
      const crm = await startLeadReceiver()
      closers.push(crm.close)
      const url = `${crm.url}/hooks/leads?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data')}`
      const lead = await completeLead(url)
      await pusher(client({ allowHosts: ['127.0.0.1'] })).pushDue()
      expect(crm.received).toHaveLength(1)
      const [attempt] = await storage.leads.deliveries(lead.id)
      expect(attempt?.error).toMatch(/^refused: 169\.254\.169\.254 is a private address/)
      expect((await storage.leads.get(lead.id))?.push?.status).toBe('failed')
    })
  })
})
