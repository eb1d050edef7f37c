import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lintFlow, parseFlow } from '@charla/flow-schema'
import { describe, expect, it } from 'vitest'
import { answerFlow } from '../src/system/answerFlow'
import { checkInbox } from '../src/system/checkInbox'
import { fireWebhooks } from '../src/system/fireWebhooks'
import { spawnServer } from '../src/system/spawnServer'
import { startSystem } from '../src/system/startSystem'
import { inboxKey, planIngest } from '../src/system/webhookBodies'

describe('answerFlow', () => {
  it('is a publishable flow', () => {
    const parsed = parseFlow(JSON.stringify(answerFlow))
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    expect(lintFlow(parsed.flow).filter((p) => p.severity === 'error')).toEqual([])
  })
})

describe('the ingest run, small', () => {
  it('stores every distinct event of a plan with repeats exactly once, then answers it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'charla-bench-test-'))
    const people = Array.from({ length: 5 }, (_, i) => `tp${i}`)
    const server = await startSystem({ dataDir, pipeline: 'running', people, notifySends: false })
    try {
      const pageId = server.page.id
      const plan = planIngest({
        pageId,
        appSecret: server.page.appSecret,
        distinct: 40,
        people: 5,
        duplicateShare: 0.3,
        prefix: 't',
        startAt: Date.now(),
      })
      const load = await fireWebhooks({ url: server.url, plan, connections: 5 })
      expect(load).toMatchObject({ requests: 57, non2xx: 0, errors: 0 })
      expect(await server.drain(10_000, 40)).toEqual({ pending: 0, messages: 40 })
      const sends = await server.sends()
      expect(sends.people.reduce((n, p) => n + p.messages, 0)).toBe(40)
      await server.stop()
      const keys = new Set(plan.bodies.map((b) => inboxKey(pageId, b.mid)))
      expect(checkInbox(join(dataDir, 'charla.db'), keys)).toEqual({
        stored: 40,
        lost: 0,
        duplicated: 0,
      })
    } finally {
      await server.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 30_000)

  it('runs the bare route on the same bodies', async () => {
    const server = spawnServer()
    try {
      const { url } = await server.start({ mode: 'bare' })
      const plan = planIngest({
        pageId: 'p',
        appSecret: 's',
        distinct: 20,
        people: 3,
        duplicateShare: 0.3,
        prefix: 'b',
        startAt: 0,
      })
      expect(await fireWebhooks({ url, plan, connections: 3 })).toMatchObject({
        requests: 29,
        non2xx: 0,
      })
    } finally {
      await server.stop()
    }
  }, 30_000)
})
