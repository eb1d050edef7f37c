import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PAGE_ID } from '../../src/startRuntime'
import { startApiRuntime, type ApiRuntime } from '../api/startApiRuntime'

// The Pages API on the demo Page (built-in emulator): Messenger profile within Meta's limits,
// publishing versions, rollback, and moving waiting conversations.

let t: ApiRuntime
let clock = 1_900_000_000_000
beforeAll(async () => {
  t = await startApiRuntime({ now: () => clock })
})
afterAll(() => t?.stop())

const flow = (text: string) => ({
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'shop',
  name: 'Shop',
  locale: 'en-US',
  variables: [{ name: 'size', type: 'text', scope: 'conversation' }],
  resources: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    {
      id: 'menu',
      type: 'trigger',
      position: { x: 0, y: 200 },
      data: { on: 'postback', payload: 'SHOP_MENU' },
    },
    {
      id: 'ask',
      type: 'question',
      position: { x: 300, y: 0 },
      data: { text, variable: 'size', input: 'text' },
    },
    { id: 'bye', type: 'message', position: { x: 600, y: 0 }, data: { text: 'Noted: {{size}}' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'menu', sourceHandle: 'next', target: 'ask' },
    { id: 'e3', source: 'ask', sourceHandle: 'next', target: 'bye' },
  ],
})

const settings = {
  getStarted: { payload: 'GET_STARTED' },
  greeting: [{ locale: 'default', text: 'Hi {{user_first_name}}!' }],
  persistentMenu: [{ title: 'Shop', payload: 'SHOP_MENU', flowId: 'shop' }],
  iceBreakers: [{ question: 'What sizes?', payload: 'SHOP_MENU', flowId: 'shop' }],
  whitelistedDomains: ['https://shop.example.com'],
}

describe('Messenger profile', () => {
  it('refuses what Meta would refuse, and menu items that open no flow', async () => {
    await t.api('POST', '/api/flows', { flow: flow('Which size?') })
    const put = (body: unknown) => t.api('PUT', `/api/pages/${DEMO_PAGE_ID}/profile`, body)
    const long = await put({
      ...settings,
      greeting: [{ locale: 'default', text: 'x'.repeat(161) }],
    })
    expect(long.statusCode).toBe(400)
    expect(long.body).toContain('longer than 160')
    const menu = Array.from({ length: 21 }, (_, i) => ({ title: `I${i}`, payload: 'SHOP_MENU' }))
    expect((await put({ ...settings, persistentMenu: menu })).body).toContain('at most 20')
    const breakers = Array.from({ length: 5 }, () => settings.iceBreakers[0])
    expect((await put({ ...settings, iceBreakers: breakers })).body).toContain('at most 4')
    const noGetStarted = await put({ ...settings, getStarted: undefined })
    expect(noGetStarted.body).toContain('Get Started')
    const unbound = await put({ ...settings, persistentMenu: [{ title: 'X', payload: 'NOPE' }] })
    expect(unbound.statusCode).toBe(422)
    expect(unbound.json()).toMatchObject({ error: 'unbound_payload' })
    const ok = await put(settings)
    expect(ok.statusCode).toBe(200)
    expect(ok.json<{ profile: { triggers: { payload: string }[] } }>().profile.triggers).toEqual(
      expect.arrayContaining([expect.objectContaining({ payload: 'SHOP_MENU', flowId: 'shop' })]),
    )
  })

  it('syncs to the Messenger Profile API, and queues past 10 calls in 10 minutes', async () => {
    const sync = () => t.api('POST', `/api/pages/${DEMO_PAGE_ID}/profile/sync`)
    const first = await sync()
    expect(first.json()).toMatchObject({ outcome: { status: 'synced', calls: 1 } })
    const profile = t.runtime.emulator.messengerProfile(DEMO_PAGE_ID)
    expect(profile).toMatchObject({
      get_started: { payload: 'GET_STARTED' },
      greeting: settings.greeting,
      persistent_menu: [
        {
          locale: 'default',
          call_to_actions: [{ type: 'postback', title: 'Shop', payload: 'SHOP_MENU' }],
        },
      ],
      ice_breakers: [
        { locale: 'default', call_to_actions: [{ question: 'What sizes?', payload: 'SHOP_MENU' }] },
      ],
      whitelisted_domains: ['https://shop.example.com'],
    })
    // Nothing changed: no call spent.
    expect((await sync()).json()).toMatchObject({ outcome: { status: 'unchanged' } })
    // Each change costs a call; the 10th call of the window is the last one allowed. (The
    // Get Started button set at start was one of them: the limiter counted it too.)
    const callsSoFar = async () =>
      (await t.api('GET', `/api/pages/${DEMO_PAGE_ID}/profile`)).json<{
        profile: { callsInWindow: number }
      }>().profile.callsInWindow
    let synced = await callsSoFar()
    expect(synced).toBe(2)
    for (let i = 0; synced < 10; i++) {
      clock += 1000
      await t.api('PUT', `/api/pages/${DEMO_PAGE_ID}/profile`, {
        ...settings,
        greeting: [{ locale: 'default', text: `Hello ${i}` }],
      })
      const res = await sync()
      expect(res.json()).toMatchObject({ outcome: { status: 'synced' } })
      synced++
    }
    await t.api('PUT', `/api/pages/${DEMO_PAGE_ID}/profile`, {
      ...settings,
      greeting: [{ locale: 'default', text: 'Queued greeting' }],
      whitelistedDomains: [],
    })
    const queued = await sync()
    expect(queued.statusCode).toBe(202)
    const body = queued.json<{ outcome: { status: string; nextSyncAt: number } }>()
    expect(body.outcome.status).toBe('queued')
    // The first call of the window leaves it 10 minutes after it was made.
    expect(body.outcome.nextSyncAt).toBeGreaterThan(clock)
    expect(body.outcome.nextSyncAt).toBeLessThanOrEqual(clock + 10 * 60_000)
    const view = (await t.api('GET', `/api/pages/${DEMO_PAGE_ID}/profile`)).json<{
      profile: { queuedUntil: number; callsInWindow: number }
    }>().profile
    expect(view).toMatchObject({ queuedUntil: body.outcome.nextSyncAt, callsInWindow: 10 })
    // Past the window: one POST and one DELETE (the domains were removed).
    clock += 10 * 60_000
    const later = await sync()
    expect(later.json()).toMatchObject({ outcome: { status: 'synced', calls: 2 } })
    expect(t.runtime.emulator.messengerProfile(DEMO_PAGE_ID).whitelisted_domains).toBeUndefined()
    expect(t.runtime.emulator.messengerProfile(DEMO_PAGE_ID).greeting).toEqual([
      { locale: 'default', text: 'Queued greeting' },
    ])
  })
})

describe('versions', () => {
  it('publishes, rolls back in one call, and moves waiting conversations that can move', async () => {
    const v1 = await t.api('POST', '/api/flows/shop/publish', { pageId: DEMO_PAGE_ID })
    expect(v1.json()).toMatchObject({ version: { number: 1 } })
    // A person waits at "ask" on version 1.
    t.runtime.emulator.addPerson({
      pageId: DEMO_PAGE_ID,
      psid: 'p1',
      firstName: 'A',
      lastName: 'B',
    })
    await t.runtime.emulator.personSays(DEMO_PAGE_ID, 'p1', {
      postback: { payload: 'GET_STARTED', title: 'Get Started' },
    })
    await t.runtime.emulator.waitForSent({ pageId: DEMO_PAGE_ID, psid: 'p1', count: 1 })
    const draft = (await t.api('GET', '/api/flows/shop')).json<{ draft: { revision: number } }>()
    await t.api('PUT', '/api/flows/shop', {
      flow: flow('Which size, please?'),
      revision: draft.draft.revision,
    })
    const v2 = await t.api('POST', '/api/flows/shop/publish', { pageId: DEMO_PAGE_ID })
    expect(v2.json()).toMatchObject({ version: { number: 2 }, reused: false })

    const plan = await t.api('GET', `/api/flows/shop/migration?pageId=${DEMO_PAGE_ID}`)
    expect(plan.json()).toMatchObject({ target: { number: 2 }, movable: 1, staying: 0 })
    expect((await t.runtime.storage.conversations.get(DEMO_PAGE_ID, 'p1'))?.flowVersionId).toBe(
      v1.json<{ version: { id: string } }>().version.id,
    )
    const moved = await t.api('POST', '/api/flows/shop/migration', { pageId: DEMO_PAGE_ID })
    expect(moved.json()).toEqual({ moved: 1, staying: 0 })
    const v2id = v2.json<{ version: { id: string } }>().version.id
    expect((await t.runtime.storage.conversations.get(DEMO_PAGE_ID, 'p1'))?.flowVersionId).toBe(
      v2id,
    )

    const v1id = v1.json<{ version: { id: string } }>().version.id
    const back = await t.api('POST', `/api/flows/shop/versions/${v1id}/rollback`, {
      pageId: DEMO_PAGE_ID,
    })
    expect(back.statusCode).toBe(200)
    expect((await t.runtime.storage.flows.published(DEMO_PAGE_ID)).map((v) => v.id)).toContain(v1id)
    const history = (await t.api('GET', '/api/flows/shop/history')).json<{
      history: { action: string; number: number }[]
    }>().history
    expect(history.map((h) => [h.action, h.number])).toEqual([
      ['rollback', 1],
      ['publish', 2],
      ['publish', 1],
    ])
    const wrong = await t.api('POST', `/api/flows/other/versions/${v1id}/rollback`, {
      pageId: DEMO_PAGE_ID,
    })
    expect(wrong.statusCode).toBe(404)
  })
})
