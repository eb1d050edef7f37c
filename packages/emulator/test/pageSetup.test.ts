import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { APP_SECRET, call, PAGE_ID, startEmulator, TOKEN, type Harness } from './helpers'

// What "check connection" and the profile sync ask Meta, answered as Meta answers.

let h: Harness | undefined
afterEach(() => h?.close())

const url = (base: string, path: string, token = TOKEN) =>
  `${base}/v23.0/${path}${path.includes('?') ? '&' : '?'}access_token=${token}`

describe('token and subscription checks', () => {
  it('says who a token speaks for, and refuses an unknown token with 190', async () => {
    h = await startEmulator()
    expect(await call('GET', url(h.graph, 'me?fields=id,name'))).toEqual({
      status: 200,
      body: { id: PAGE_ID, name: 'Casa Pepe' },
    })
    const bad = await call('GET', url(h.graph, 'me', 'EAAnope'))
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ error: { code: 190, type: 'OAuthException' } })
  })

  it('checks appsecret_proof: the right app secret passes, another gets 100', async () => {
    h = await startEmulator()
    const proof = (secret: string) => createHmac('sha256', secret).update(TOKEN).digest('hex')
    const good = await call('GET', url(h.graph, `me?appsecret_proof=${proof(APP_SECRET)}`))
    expect(good.status).toBe(200)
    const wrong = await call('GET', url(h.graph, `me?appsecret_proof=${proof('other')}`))
    expect(wrong.body).toMatchObject({ error: { code: 100, type: 'GraphMethodException' } })
  })

  it('lists no app until the Page is subscribed, then the fields subscribed', async () => {
    h = await startEmulator()
    expect(await call('GET', url(h.graph, `${PAGE_ID}/subscribed_apps`))).toEqual({
      status: 200,
      body: { data: [] },
    })
    const missing = await call('POST', url(h.graph, `${PAGE_ID}/subscribed_apps`))
    expect(missing.body).toMatchObject({ error: { code: 100 } })
    const unknown = await call(
      'POST',
      url(h.graph, `${PAGE_ID}/subscribed_apps?subscribed_fields=messages,mesages`),
    )
    expect(unknown.status).toBe(400)
    expect(JSON.stringify(unknown.body)).toContain('got \\"mesages\\"')
    const ok = await call(
      'POST',
      url(h.graph, `${PAGE_ID}/subscribed_apps?subscribed_fields=messages,messaging_postbacks`),
    )
    expect(ok).toEqual({ status: 200, body: { success: true } })
    const listed = await call('GET', url(h.graph, `me/subscribed_apps`))
    expect(listed.body).toEqual({
      data: [
        {
          id: h.emulator.appId,
          name: 'Charla',
          subscribed_fields: ['messages', 'messaging_postbacks'],
        },
      ],
    })
    expect(h.emulator.subscribedFields(PAGE_ID)).toEqual(['messages', 'messaging_postbacks'])
    // Another Page's token does not reach this Page's subscriptions.
    h.emulator.addPage({ pageId: '2222', accessToken: 'other-token' })
    const foreign = await call('GET', url(h.graph, `${PAGE_ID}/subscribed_apps`, 'other-token'))
    expect(foreign.status).toBe(400)
  })
})

describe('Messenger Profile API limits', () => {
  it('refuses a 161-character greeting, 21 menu items and 5 ice breakers', async () => {
    h = await startEmulator()
    const set = (body: unknown) => call('POST', url(h!.graph, 'me/messenger_profile'), body)
    const greeting = (text: string) => ({ greeting: [{ locale: 'default', text }] })
    expect((await set(greeting('é'.repeat(160)))).status).toBe(200)
    expect((await set(greeting('é'.repeat(161)))).status).toBe(400)
    const item = (i: number) => ({ type: 'postback', title: `Item ${i}`, payload: `P${i}` })
    const menu = (n: number) => ({
      get_started: { payload: 'GET_STARTED' },
      persistent_menu: [
        { locale: 'default', call_to_actions: Array.from({ length: n }, (_, i) => item(i)) },
      ],
    })
    expect((await set(menu(20))).status).toBe(200)
    expect((await set(menu(21))).status).toBe(400)
    const breakers = (n: number) => ({
      ice_breakers: [
        {
          locale: 'default',
          call_to_actions: Array.from({ length: n }, (_, i) => ({
            question: `Q${i}?`,
            payload: `Q${i}`,
          })),
        },
      ],
    })
    expect((await set(breakers(4))).status).toBe(200)
    expect((await set(breakers(5))).status).toBe(400)
    expect((await set({ whitelisted_domains: ['http://plain.example.com'] })).status).toBe(400)
  })

  it('unsets fields with DELETE, naming an unknown field', async () => {
    h = await startEmulator()
    await call('POST', url(h.graph, 'me/messenger_profile'), {
      get_started: { payload: 'GET_STARTED' },
      whitelisted_domains: ['https://shop.example.com'],
    })
    const bad = await call('DELETE', url(h.graph, 'me/messenger_profile'), { fields: ['nope'] })
    expect(bad.status).toBe(400)
    const ok = await call('DELETE', url(h.graph, 'me/messenger_profile'), {
      fields: ['whitelisted_domains'],
    })
    expect(ok).toEqual({ status: 200, body: { result: 'success' } })
    expect(h.emulator.messengerProfile(PAGE_ID)).toEqual({
      get_started: { payload: 'GET_STARTED' },
    })
  })

  it('answers 613 beyond 10 profile calls per Page in 10 minutes, then lets calls in again', async () => {
    let now = 1_000_000
    h = await startEmulator({ profileCallsPer10Minutes: 10, now: () => now })
    const set = () =>
      call('POST', url(h!.graph, 'me/messenger_profile'), {
        get_started: { payload: 'GET_STARTED' },
      })
    for (let i = 0; i < 10; i++) expect((await set()).status).toBe(200)
    const refused = await set()
    expect(refused.body).toMatchObject({ error: { code: 613 } })
    now += 10 * 60_000
    expect((await set()).status).toBe(200)
  })
})
