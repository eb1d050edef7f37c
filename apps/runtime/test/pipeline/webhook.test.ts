import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { echoFlow } from './flows'
import { startTestRuntime, type TestRuntime } from './startTestRuntime'

let t: TestRuntime | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const webhook = (t: TestRuntime) => `${t.runtime.url}/webhooks/messenger`

describe('GET /webhooks/messenger', () => {
  it('answers the challenge for the right verify token and 403 otherwise', async () => {
    t = await startTestRuntime([echoFlow])
    const page = await t.runtime.storage.pages.get(t.pageId)
    const ok = await request(
      `${webhook(t)}?hub.mode=subscribe&hub.verify_token=${page?.verifyToken}&hub.challenge=1158201444`,
    )
    expect(ok.statusCode).toBe(200)
    expect(await ok.body.text()).toBe('1158201444')
    const bad = await request(
      `${webhook(t)}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    )
    expect(bad.statusCode).toBe(403)
    await bad.body.dump()
  })
})

describe('POST /webhooks/messenger', () => {
  it.each(['unsigned', 'forged', 'sha1-only', 'tampered'] as const)(
    'rejects a %s request with 401 and stores nothing',
    async (raw) => {
      t = await startTestRuntime([echoFlow], { people: ['p1'] })
      const delivery = await t.emulator.personSays(t.pageId, 'p1', { text: 'hi' }, { raw })
      expect(delivery.status).toBe(401)
      expect(await t.runtime.storage.inbox.countPending()).toBe(0)
      await new Promise((r) => setTimeout(r, 300))
      expect(t.emulator.sent({ psid: 'p1' })).toEqual([])
    },
  )

  it('accepts accents and emoji signed over the raw bytes, and answers with them intact', async () => {
    t = await startTestRuntime([echoFlow], { people: ['p1'] })
    await t.say('p1', 'hola')
    await t.emulator.waitForSent({ psid: 'p1', count: 2 })
    await t.say('p1', 'Señora Núñez 🎉 ça va?')
    await t.emulator.waitForSent({ psid: 'p1', count: 4 })
    expect(t.texts('p1')).toEqual(['ready', '…', 'got Señora Núñez 🎉 ça va?', 'more?'])
  })

  it('replies once to the same webhook delivered three times, in sequence or at once', async () => {
    t = await startTestRuntime([echoFlow], { people: ['seq', 'par'] })
    await t.emulator.personSays(t.pageId, 'seq', { text: 'hi' }, { duplicates: 2 })
    await t.emulator.personSays(
      t.pageId,
      'par',
      { text: 'hi' },
      { duplicates: 2, concurrent: true },
    )
    await t.emulator.waitForSent({ psid: 'seq', count: 2 })
    await t.emulator.waitForSent({ psid: 'par', count: 2 })
    await new Promise((r) => setTimeout(r, 500))
    expect(t.texts('seq')).toEqual(['ready', '…'])
    expect(t.texts('par')).toEqual(['ready', '…'])
  })

  it('processes one POST of 2 entries × 3 events from 2 people, keeping each person’s order', async () => {
    t = await startTestRuntime([echoFlow], { people: ['a', 'b'] })
    const delivery = await t.emulator.deliverBatch([
      { pageId: t.pageId, psid: 'a', text: 'a1' },
      { pageId: t.pageId, psid: 'b', text: 'b1' },
      { pageId: t.pageId, psid: 'a', text: 'a2' },
      { pageId: t.pageId, psid: 'b', text: 'b2' },
      { pageId: t.pageId, psid: 'a', text: 'a3' },
      { pageId: t.pageId, psid: 'b', text: 'b3' },
    ])
    expect(delivery.status).toBe(200)
    expect(delivery.body.entry.length).toBeGreaterThanOrEqual(1)
    await t.emulator.waitForSent({ psid: 'a', count: 6 })
    await t.emulator.waitForSent({ psid: 'b', count: 6 })
    expect(t.texts('a')).toEqual(['ready', '…', 'got a2', 'more?', 'got a3', 'more?'])
    expect(t.texts('b')).toEqual(['ready', '…', 'got b2', 'more?', 'got b3', 'more?'])
  })
})
