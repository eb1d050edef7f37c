import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PAGE_INBOX_APP_ID } from '../src'
import {
  call,
  errorOf,
  PAGE_ID,
  PSID,
  send,
  startEmulator,
  startReceiver,
  textTo,
  TOKEN,
  type Harness,
  type Receiver,
} from './helpers'

let h: Harness
beforeEach(async () => {
  h = await startEmulator()
})
afterEach(() => h.close())

const graph = (path: string) =>
  `${h.graph}/v23.0/${path}${path.includes('?') ? '&' : '?'}access_token=${TOKEN}`

describe('User Profile API', () => {
  it('answers the fields asked for, with the id', async () => {
    const res = await call('GET', graph(`${PSID}?fields=first_name,last_name`))
    expect(res).toEqual({ status: 200, body: { first_name: 'Ana', last_name: 'García', id: PSID } })
  })

  it('answers the default fields without `fields`, leaving out what it does not have', async () => {
    h.emulator.addPerson({
      pageId: PAGE_ID,
      psid: '2003',
      firstName: 'Eva',
      lastName: 'Sol',
      profilePic: 'https://cdn.test/eva.jpg',
    })
    const res = await call('GET', graph('2003'))
    expect(res.body).toEqual({
      id: '2003',
      name: 'Eva Sol',
      first_name: 'Eva',
      last_name: 'Sol',
      profile_pic: 'https://cdn.test/eva.jpg',
    })
  })

  it('answers 100 for a PSID the Page does not know', async () => {
    const res = await call('GET', graph('404?fields=first_name'))
    expect(res.status).toBe(400)
    expect(errorOf(res.body)).toMatchObject({ code: 100, error_subcode: 33 })
  })

  it('answers 100 for a person of another Page: PSIDs are Page-scoped', async () => {
    h.emulator.addPage({ pageId: '2222', accessToken: 'token-2222' })
    h.emulator.addPerson({ pageId: '2222', psid: '3001', firstName: 'Other', lastName: 'Page' })
    expect(errorOf((await call('GET', graph('3001'))).body).code).toBe(100)
  })

  it('answers 100 for a field a User does not have', async () => {
    const res = await call('GET', graph(`${PSID}?fields=first_name,email`))
    expect(errorOf(res.body)).toMatchObject({
      code: 100,
      message: '(#100) Tried accessing nonexisting field (email) on node type (User)',
    })
  })

  it('answers 190 for an unknown token', async () => {
    const res = await call('GET', `${h.graph}/v23.0/${PSID}?access_token=nope`)
    expect(errorOf(res.body).code).toBe(190)
  })

  it('GET /me is the Page of the token', async () => {
    expect((await call('GET', graph('me'))).body).toEqual({ id: PAGE_ID, name: 'Casa Pepe' })
  })
})

describe('Messenger Profile API', () => {
  it('sets fields, merges them and reads them back', async () => {
    const set = await call('POST', graph('me/messenger_profile'), {
      get_started: { payload: 'GET_STARTED' },
    })
    expect(set).toEqual({ status: 200, body: { result: 'success' } })
    await call('POST', graph('me/messenger_profile'), {
      greeting: [{ locale: 'default', text: 'Hola {{user_first_name}}' }],
    })
    expect(h.emulator.messengerProfile(PAGE_ID)).toEqual({
      get_started: { payload: 'GET_STARTED' },
      greeting: [{ locale: 'default', text: 'Hola {{user_first_name}}' }],
    })
    const read = await call('GET', graph('me/messenger_profile?fields=get_started,ice_breakers'))
    expect(read.body).toEqual({ data: [{ get_started: { payload: 'GET_STARTED' } }] })
  })

  it.each([
    [
      'a greeting over 160',
      { greeting: [{ locale: 'default', text: 'a'.repeat(161) }] },
      'greeting[0][text]',
    ],
    [
      'a greeting without default',
      { greeting: [{ locale: 'es_ES', text: 'Hola' }] },
      'locale default',
    ],
    [
      'a menu without Get Started',
      {
        persistent_menu: [
          {
            locale: 'default',
            call_to_actions: [{ type: 'postback', title: 'Menu', payload: 'M' }],
          },
        ],
      },
      'Get Started',
    ],
    [
      'a menu title over 30',
      {
        get_started: { payload: 'GS' },
        persistent_menu: [
          {
            locale: 'default',
            call_to_actions: [{ type: 'postback', title: 'a'.repeat(31), payload: 'M' }],
          },
        ],
      },
      'persistent_menu[0][call_to_actions][0][title]',
    ],
    ['an unknown field', { welcome: 'x' }, 'welcome'],
    ['nothing', {}, 'at least one field'],
  ])('refuses %s', async (_name, body, message) => {
    const res = await call('POST', graph('me/messenger_profile'), body)
    expect(res.status).toBe(400)
    expect(errorOf(res.body)).toMatchObject({
      code: 100,
      message: expect.stringContaining(message),
    })
  })
})

describe('handover protocol', () => {
  let receiver: Receiver
  beforeEach(async () => {
    receiver = await startReceiver()
    h.emulator.setWebhookUrl(receiver.url)
  })
  afterEach(() => receiver.close())

  it('pass gives the thread to target_app_id; take brings it back', async () => {
    expect(h.emulator.threadOwner(PAGE_ID, PSID)).toBe(h.emulator.appId)
    const pass = await call('POST', graph('me/pass_thread_control'), {
      recipient: { id: PSID },
      target_app_id: Number(PAGE_INBOX_APP_ID),
      metadata: 'wants a human',
    })
    expect(pass).toEqual({ status: 200, body: { success: true } })
    expect(h.emulator.threadOwner(PAGE_ID, PSID)).toBe(PAGE_INBOX_APP_ID)

    // While the inbox owns the thread we may not send, and what the person says is standby.
    expect(errorOf((await send(h, textTo(PSID, 'still here?'))).body)).toMatchObject({
      code: 10,
      error_subcode: 2018300,
    })
    const delivery = await h.emulator.personSays(PAGE_ID, PSID, { text: 'hello human' })
    expect(delivery.body.entry[0]?.standby?.[0]?.message?.text).toBe('hello human')
    expect(delivery.body.entry[0]?.messaging).toBeUndefined()

    const take = await call('POST', graph('me/take_thread_control'), { recipient: { id: PSID } })
    expect(take).toEqual({ status: 200, body: { success: true } })
    expect(h.emulator.threadOwner(PAGE_ID, PSID)).toBe(h.emulator.appId)
    expect((await send(h, textTo(PSID, 'back'))).status).toBe(200)
    expect(h.emulator.threadControls({ psid: PSID })).toMatchObject([
      { action: 'pass', owner: PAGE_INBOX_APP_ID, metadata: 'wants a human' },
      { action: 'take', owner: h.emulator.appId },
    ])
  })

  it('thread_control on a message passes the thread too', async () => {
    const body = {
      ...textTo(PSID, 'Connecting you to a person…'),
      thread_control: { control_type: 'pass' },
    }
    expect((await send(h, body)).status).toBe(200)
    expect(h.emulator.threadOwner(PAGE_ID, PSID)).toBe(PAGE_INBOX_APP_ID)
  })

  it('refuses a pass without target_app_id and an unknown person', async () => {
    const noTarget = await call('POST', graph('me/pass_thread_control'), {
      recipient: { id: PSID },
    })
    expect(errorOf(noTarget.body)).toMatchObject({
      code: 100,
      message: expect.stringContaining('target_app_id'),
    })
    const unknown = await call('POST', graph('me/take_thread_control'), {
      recipient: { id: '404' },
    })
    expect(errorOf(unknown.body)).toMatchObject({ code: 100, error_subcode: 2018001 })
  })
})
