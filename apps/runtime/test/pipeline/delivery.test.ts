import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { echoFlow, lateFlow } from './flows'
import { startTestRuntime, type TestRuntime } from './startTestRuntime'

let t: TestRuntime | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const others = Array.from({ length: 20 }, (_, i) => `other${i}`)

describe('the pipeline', () => {
  it('keeps one person’s 50 messages in order while 20 others progress, sending in Graph batches', async () => {
    t = await startTestRuntime([echoFlow], { people: ['busy', ...others] })
    const rt = t
    // The Graph API requests reaching the emulator over HTTP: a batch is `POST /{version}/`.
    const graphRequests: string[] = []
    rt.runtime.app.server.on('request', (req: { method?: string; url?: string }) => {
      const path = (req.url ?? '').split('?')[0] ?? ''
      if (path.startsWith('/emulator/graph/')) graphRequests.push(`${req.method} ${path}`)
    })
    await rt.say('busy', 'start')
    const mine = (async () => {
      for (let i = 1; i <= 50; i++) await rt.say('busy', `m${i}`)
    })()
    const theirs = others.map(async (psid) => {
      await rt.say(psid, 'start')
      for (let i = 1; i <= 5; i++) await rt.say(psid, `${psid}-${i}`)
    })
    await Promise.all([mine, ...theirs])
    await rt.emulator.waitForSent({ psid: 'busy', count: 102, timeoutMs: 30_000 })
    const got = rt.texts('busy').filter((s) => s.startsWith('got '))
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => `got m${i + 1}`))
    for (const psid of others) {
      await rt.emulator.waitForSent({ psid, count: 12, timeoutMs: 30_000 })
      expect(rt.texts(psid).filter((s) => s.startsWith('got '))).toEqual(
        Array.from({ length: 5 }, (_, i) => `got ${psid}-${i + 1}`),
      )
    }
    // Messages of different people ready together shared requests: fewer requests than sends,
    // some of them batches, and still each person's messages in order (above).
    const sends = rt.emulator.sent({ kind: 'any' }).length
    const batches = graphRequests.filter((r) => /^POST \/emulator\/graph\/v[\d.]+\/$/.test(r))
    expect(batches.length).toBeGreaterThan(0)
    expect(graphRequests.length).toBeLessThan(sends)
  }, 60_000)

  it('answers 50 messages posted at once by one person exactly once each, in the order they were received', async () => {
    t = await startTestRuntime([echoFlow], { people: ['burst'] })
    const rt = t
    await rt.say('burst', 'start')
    await Promise.all(Array.from({ length: 50 }, (_, i) => rt.say('burst', `b${i + 1}`)))
    await rt.emulator.waitForSent({ psid: 'burst', count: 102, timeoutMs: 30_000 })
    const db = new Database(join(rt.dataDir, 'charla.db'), { readonly: true })
    const received = db
      .prepare(
        "select json_extract(event, '$.text') as text from inbox where psid = 'burst' order by id",
      )
      .all() as { text: string }[]
    db.close()
    const expected = received.slice(1).map((r) => `got ${r.text}`)
    expect(new Set(expected).size).toBe(50)
    expect(rt.texts('burst').filter((s) => s.startsWith('got '))).toEqual(expected)
  }, 60_000)

  it('sends a step’s messages back to back and answers a person’s next event at once, without waiting for an idle poll', async () => {
    // Loops that slept until their idle poll after each tick would take 10 s per message here.
    t = await startTestRuntime([echoFlow], { people: ['p'], idleMs: 10_000 })
    await t.say('p', 'hi')
    await t.emulator.waitForSent({ psid: 'p', count: 2, timeoutMs: 3_000 })
    await Promise.all([t.say('p', 'one'), t.say('p', 'two')])
    await t.emulator.waitForSent({ psid: 'p', count: 6, timeoutMs: 3_000 })
    expect(t.texts('p')).toEqual(['ready', '…', 'got one', 'more?', 'got two', 'more?'])
  })

  it('retries 500, 1200 and 613 and delivers exactly once', async () => {
    t = await startTestRuntime([echoFlow], { people: ['p'] })
    t.emulator.fail({
      match: { psid: 'p', path: 'messages' },
      error: { httpStatus: 500, code: 1, message: 'An unknown error occurred' },
    })
    t.emulator.fail({
      match: { psid: 'p', path: 'messages' },
      error: { httpStatus: 500, code: 1200, message: 'Temporary send message failure' },
    })
    t.emulator.fail({
      match: { psid: 'p', path: 'messages' },
      error: {
        httpStatus: 400,
        code: 613,
        message: 'Calls to this api have exceeded the rate limit',
      },
    })
    await t.say('p', 'hi')
    await t.emulator.waitForSent({ psid: 'p', count: 2, timeoutMs: 10_000 })
    await new Promise((r) => setTimeout(r, 300))
    expect(t.texts('p')).toEqual(['ready', '…'])
    const outbox = await t.runtime.storage.outbox.listForContact(t.pageId, 'p')
    expect(outbox.map((o) => [o.status, o.attempts])).toEqual([
      ['sent', 3],
      ['sent', 0],
    ])
  })

  it('does not retry 551 or an out-of-window refusal, and records why', async () => {
    t = await startTestRuntime([echoFlow], { people: ['gone', 'late'] })
    t.emulator.fail({
      match: { psid: 'gone', path: 'messages' },
      error: { httpStatus: 400, code: 551, message: 'This person isn’t available right now.' },
    })
    t.emulator.fail({
      match: { psid: 'late', path: 'messages' },
      error: {
        httpStatus: 400,
        code: 10,
        subcode: 2018278,
        message: 'Message sent outside of allowed window',
      },
    })
    await t.say('gone', 'hi')
    await t.say('late', 'hi')
    await waitUntil(() => settled(t!, 'late', 2))
    await waitUntil(() => settled(t!, 'gone', 2))
    const gone = await t.runtime.storage.outbox.listForContact(t.pageId, 'gone')
    expect(gone.map((o) => o.status)).toEqual(['failed', 'failed'])
    expect(gone[0]?.error).toContain('551')
    expect((await t.runtime.storage.contacts.get(t.pageId, 'gone'))?.unreachable).toBe(true)
    const late = await t.runtime.storage.outbox.listForContact(t.pageId, 'late')
    expect(late[0]).toMatchObject({ status: 'blocked', attempts: 0 })
    expect(late[0]?.error).toContain('2018278')
    expect(t.texts('late')).toEqual(['…'])
  })

  it('pauses the Page on a token error until its token changes, then delivers', async () => {
    t = await startTestRuntime([echoFlow], { people: ['p'] })
    t.emulator.fail({
      match: { psid: 'p', path: 'messages' },
      error: { httpStatus: 400, code: 190, message: 'Error validating access token' },
    })
    await t.say('p', 'hi')
    await waitUntil(
      async () => (await t!.runtime.storage.pages.get(t!.pageId))?.status === 'paused',
    )
    await new Promise((r) => setTimeout(r, 400))
    expect(t.texts('p')).toEqual([])
    const page = await t.runtime.storage.pages.get(t.pageId)
    if (!page) throw new Error('no page')
    await t.runtime.storage.pages.upsert(
      { ...page, accessToken: `${page.accessToken}x` },
      Date.now(),
    )
    t.emulator.addPage({ pageId: page.id, accessToken: `${page.accessToken}x`, name: page.name })
    t.runtime.pipeline.wakeAll()
    await t.emulator.waitForSent({ psid: 'p', count: 2, timeoutMs: 5000 })
    expect(t.texts('p')).toEqual(['ready', '…'])
  })

  it('holds back a message outside the 24-hour window without a fitting tag, and says why', async () => {
    let clock = Date.now()
    t = await startTestRuntime([lateFlow], { people: ['p'], now: () => clock })
    await t.say('p', 'hi')
    await t.emulator.waitForSent({ psid: 'p', count: 1 })
    clock += 2 * 24 * 3600_000 + 1000
    t.runtime.pipeline.wakeAll()
    await waitUntil(() => settled(t!, 'p', 2))
    const [, promo] = await t.runtime.storage.outbox.listForContact(t.pageId, 'p')
    expect(promo).toMatchObject({ status: 'blocked' })
    expect(promo?.error).toMatch(/24-hour window/)
    expect(t.texts('p')).toEqual(['hello'])
  })
})

/** All of a person's `count` messages have left the outbox one way or another. */
async function settled(t: TestRuntime, psid: string, count: number): Promise<boolean> {
  const items = await t.runtime.storage.outbox.listForContact(t.pageId, psid)
  return items.length === count && items.every((o) => o.status !== 'pending')
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('timed out waiting')
}
