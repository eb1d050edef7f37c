import { createHmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  call,
  errorOf,
  PAGE_ID,
  PSID,
  send,
  startEmulator,
  TOKEN,
  textTo,
  type Harness,
} from './helpers'

let h: Harness
beforeEach(async () => {
  h = await startEmulator()
})
afterEach(() => h.close())

const RESPONSE = { recipient: { id: PSID }, messaging_type: 'RESPONSE' }
const withMessage = (message: unknown) => ({ ...RESPONSE, message })
const template = (payload: Record<string, unknown>) =>
  withMessage({ attachment: { type: 'template', payload } })
const postback = (title = 'Yes', payload = 'YES') => ({ type: 'postback', title, payload })
const buttons = (...list: unknown[]) =>
  template({ template_type: 'button', text: 'Pick one', buttons: list })
const element = (extra: Record<string, unknown> = {}) => ({
  title: 'Haircut',
  subtitle: '30 min',
  ...extra,
})
const generic = (...elements: unknown[]) => template({ template_type: 'generic', elements })
const receipt = (extra: Record<string, unknown> = {}) => ({
  template_type: 'receipt',
  recipient_name: 'Ana García',
  order_number: 'ORD-1',
  currency: 'EUR',
  payment_method: 'Visa 1234',
  summary: { subtotal: 10, total_cost: 12.1 },
  ...extra,
})
const quickReplies = (n: number, reply: Record<string, unknown> = {}) =>
  withMessage({
    text: 'Pick',
    quick_replies: Array.from({ length: n }, (_, i) => ({
      content_type: 'text',
      title: `Option ${i}`,
      payload: `OPT_${i}`,
      ...reply,
    })),
  })
const media = (type: string, payload: unknown) => withMessage({ attachment: { type, payload } })

describe('valid bodies are accepted and recorded', () => {
  const cases: Array<[string, unknown]> = [
    ['text', textTo(PSID, 'Hola')],
    ['text of 2000 emoji (code points, not UTF-16 units)', textTo(PSID, '😀'.repeat(2000))],
    [
      'quick replies of every content type',
      withMessage({
        text: 'Your email?',
        quick_replies: [
          {
            content_type: 'text',
            title: 'Skip',
            payload: 'SKIP',
            image_url: 'https://x.test/i.png',
          },
          { content_type: 'user_email' },
          { content_type: 'user_phone_number' },
        ],
      }),
    ],
    ['13 quick replies', quickReplies(13)],
    ['image by URL', media('image', { url: 'https://cdn.test/a.png', is_reusable: true })],
    ['video', media('video', { url: 'https://cdn.test/a.mp4' })],
    ['audio', media('audio', { url: 'http://cdn.test/a.mp3' })],
    ['file by attachment_id', media('file', { attachment_id: '1857777774821032' })],
    [
      'button template with each button type',
      buttons(
        postback(),
        {
          type: 'web_url',
          title: 'Pay',
          url: 'https://pay.test/o/1',
          webview_height_ratio: 'full',
        },
        { type: 'phone_number', title: 'Call us', payload: '+34911222333' },
      ),
    ],
    [
      'generic template (carousel)',
      generic(
        element({ image_url: 'https://cdn.test/1.png', buttons: [postback('Book', 'BOOK_1')] }),
        element({ default_action: { type: 'web_url', url: 'https://shop.test/2' } }),
      ),
    ],
    ['ten cards', generic(...Array.from({ length: 10 }, () => element()))],
    [
      'receipt template with the optional parts',
      template(
        receipt({
          merchant_name: 'Casa Pepe',
          order_url: 'https://shop.test/o/1',
          timestamp: '1428444852',
          address: {
            street_1: 'Calle 1',
            city: 'Madrid',
            postal_code: '28001',
            state: 'M',
            country: 'ES',
          },
          adjustments: [{ name: 'Discount', amount: 2 }],
          elements: [{ title: 'Shampoo', quantity: 1, price: 10, currency: 'EUR' }],
        }),
      ),
    ],
    [
      'MESSAGE_TAG with an allowed tag',
      { ...textTo(PSID, 'Reminder'), messaging_type: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' },
    ],
    [
      'UPDATE with metadata',
      {
        ...textTo(PSID, 'Hi'),
        messaging_type: 'UPDATE',
        message: { text: 'Hi', metadata: 'flow:node:run' },
      },
    ],
    ['recipient id as a JSON number', { ...textTo(PSID, 'Hi'), recipient: { id: Number(PSID) } }],
    [
      'recipient and message as JSON strings (form-style)',
      { messaging_type: 'RESPONSE', recipient: `{"id":"${PSID}"}`, message: '{"text":"Hi"}' },
    ],
  ]
  it.each(cases)('%s', async (_name, body) => {
    const res = await send(h, body)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const { recipient_id, message_id } = res.body as { recipient_id: string; message_id: string }
    expect(recipient_id).toBe(PSID)
    expect(message_id).toMatch(/^m_/)
    const [recorded] = h.emulator.sent({ psid: PSID })
    expect(recorded).toMatchObject({
      pageId: PAGE_ID,
      psid: PSID,
      kind: 'message',
      messageId: message_id,
    })
    expect(recorded?.body.recipient.id).toBe(PSID)
  })

  it('records messaging_type and tag', async () => {
    await send(h, {
      ...textTo(PSID, 'Your order shipped'),
      messaging_type: 'MESSAGE_TAG',
      tag: 'POST_PURCHASE_UPDATE',
    })
    expect(h.emulator.sent()[0]).toMatchObject({
      messagingType: 'MESSAGE_TAG',
      tag: 'POST_PURCHASE_UPDATE',
    })
  })

  it('gives every message a new id', async () => {
    const a = await send(h, textTo(PSID, 'one'))
    const b = await send(h, textTo(PSID, 'two'))
    expect((a.body as { message_id: string }).message_id).not.toBe(
      (b.body as { message_id: string }).message_id,
    )
  })

  it.each(['typing_on', 'typing_off', 'mark_seen'])(
    'records %s as a sender action',
    async (action) => {
      const res = await send(h, { recipient: { id: PSID }, sender_action: action })
      expect(res).toEqual({ status: 200, body: { recipient_id: PSID } })
      expect(h.emulator.sent()).toEqual([])
      expect(h.emulator.sent({ kind: 'any' })[0]).toMatchObject({
        kind: 'sender_action',
        senderAction: action,
      })
    },
  )

  it('takes POST /{page-id}/messages as well as /me/messages', async () => {
    const res = await call(
      'POST',
      `${h.graph}/v23.0/${PAGE_ID}/messages?access_token=${TOKEN}`,
      textTo(PSID, 'Hi'),
    )
    expect(res.status).toBe(200)
  })

  it('takes the token from an Authorization header, with a valid appsecret_proof', async () => {
    const proof = createHmac('sha256', h.emulator.appSecret).update(TOKEN).digest('hex')
    const res = await call(
      'POST',
      `${h.graph}/v23.0/me/messages?appsecret_proof=${proof}`,
      textTo(PSID, 'Hi'),
      {
        headers: { authorization: `Bearer ${TOKEN}` },
      },
    )
    expect(res.status).toBe(200)
  })
})

describe('invalid bodies are refused with code 100 and the parameter named', () => {
  const long = (n: number) => 'a'.repeat(n)
  const cases: Array<[string, unknown, string]> = [
    [
      'text over 2000',
      textTo(PSID, long(2001)),
      'Length of param message[text] must be less than or equal to 2000',
    ],
    ['2001 emoji', textTo(PSID, '😀'.repeat(2001)), 'message[text]'],
    ['empty text', textTo(PSID, ''), 'param message[text] must be a non-empty string'],
    [
      'no recipient',
      { messaging_type: 'RESPONSE', message: { text: 'x' } },
      'The parameter recipient is required',
    ],
    [
      'recipient with id and comment_id',
      { ...textTo(PSID, 'x'), recipient: { id: PSID, comment_id: '1_2' } },
      'param recipient must have exactly one of id or comment_id',
    ],
    [
      'an unsupported recipient kind',
      { ...textTo(PSID, 'x'), recipient: { user_ref: 'abc' } },
      'recipient[user_ref]',
    ],
    [
      'neither message nor sender_action',
      { recipient: { id: PSID }, messaging_type: 'RESPONSE' },
      'Must send either message or sender_action',
    ],
    [
      'message and sender_action',
      { ...textTo(PSID, 'x'), sender_action: 'typing_on' },
      'Only one of message or sender_action can be specified',
    ],
    [
      'no messaging_type',
      { recipient: { id: PSID }, message: { text: 'x' } },
      'The parameter messaging_type is required',
    ],
    [
      'unknown messaging_type',
      { ...textTo(PSID, 'x'), messaging_type: 'NON_PROMOTIONAL_SUBSCRIPTION' },
      'param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}',
    ],
    [
      'MESSAGE_TAG without a tag',
      { ...textTo(PSID, 'x'), messaging_type: 'MESSAGE_TAG' },
      'The parameter tag is required when messaging_type is MESSAGE_TAG',
    ],
    [
      'a retired tag',
      { ...textTo(PSID, 'x'), messaging_type: 'MESSAGE_TAG', tag: 'SHIPPING_UPDATE' },
      'param tag must be one of {CONFIRMED_EVENT_UPDATE',
    ],
    [
      'a tag without MESSAGE_TAG',
      { ...textTo(PSID, 'x'), tag: 'POST_PURCHASE_UPDATE' },
      'param tag is only allowed when messaging_type is MESSAGE_TAG',
    ],
    [
      'unknown sender_action',
      { recipient: { id: PSID }, sender_action: 'typing' },
      'param sender_action must be one of',
    ],
    [
      'text and attachment',
      withMessage({
        text: 'x',
        attachment: { type: 'image', payload: { url: 'https://a.test/i.png' } },
      }),
      'param message must have exactly one of text or attachment',
    ],
    [
      'an empty message',
      withMessage({}),
      'param message must have exactly one of text or attachment',
    ],
    [
      'a misspelt field',
      withMessage({ text: 'x', quick_reply: [] }),
      'param message[quick_reply] is not a valid parameter',
    ],
    ['metadata over 1000', withMessage({ text: 'x', metadata: long(1001) }), 'message[metadata]'],
    [
      '14 quick replies',
      quickReplies(14),
      'param message[quick_replies] must have at most 13 items',
    ],
    [
      'a quick-reply title over 20',
      quickReplies(1, { title: long(21) }),
      'Length of param message[quick_replies][0][title] must be less than or equal to 20',
    ],
    [
      'a quick-reply payload over 1000',
      quickReplies(1, { payload: long(1001) }),
      'message[quick_replies][0][payload]',
    ],
    [
      'a text quick reply without payload',
      quickReplies(1, { payload: undefined }),
      'The parameter message[quick_replies][0][payload] is required',
    ],
    [
      'a text quick reply without title',
      quickReplies(1, { title: undefined }),
      'message[quick_replies][0][title]',
    ],
    [
      'the retired location quick reply',
      quickReplies(1, { content_type: 'location' }),
      'param message[quick_replies][0][content_type] must be one of {text, user_email, user_phone_number}',
    ],
    [
      'an unknown attachment type',
      media('sticker', { url: 'https://a.test/s.png' }),
      'param message[attachment][type] must be one of {image, video, audio, file, template}',
    ],
    [
      'media without url',
      media('image', {}),
      'param message[attachment][payload] must have exactly one of url or attachment_id',
    ],
    [
      'media with a relative url',
      media('image', { url: '/a.png' }),
      'message[attachment][payload][url]',
    ],
    [
      'a retired template',
      template({ template_type: 'list', elements: [] }),
      'param message[attachment][payload][template_type] must be one of {button, generic, receipt}',
    ],
    [
      'button template text over 640',
      template({ template_type: 'button', text: long(641), buttons: [postback()] }),
      'Length of param message[attachment][payload][text] must be less than or equal to 640',
    ],
    [
      'button template without buttons',
      buttons(),
      'param message[attachment][payload][buttons] must have at least 1 item',
    ],
    [
      'four buttons',
      buttons(postback(), postback(), postback(), postback()),
      'param message[attachment][payload][buttons] must have at most 3 items',
    ],
    [
      'a button title over 20',
      buttons(postback(long(21))),
      'message[attachment][payload][buttons][0][title]',
    ],
    [
      'a web_url over http',
      buttons({ type: 'web_url', title: 'Pay', url: 'http://pay.test' }),
      'param message[attachment][payload][buttons][0][url] must be a valid https URL',
    ],
    [
      'a postback payload over 1000',
      buttons(postback('Yes', long(1001))),
      'message[attachment][payload][buttons][0][payload]',
    ],
    [
      'a phone number without +',
      buttons({ type: 'phone_number', title: 'Call', payload: '911 222 333' }),
      'param message[attachment][payload][buttons][0][payload] must be a phone number',
    ],
    [
      'an unknown button type',
      buttons({ type: 'account_link', url: 'https://a.test' }),
      'param message[attachment][payload][buttons][0][type] must be one of {web_url, postback, phone_number}',
    ],
    [
      'no elements',
      generic(),
      'param message[attachment][payload][elements] must have at least 1 item',
    ],
    [
      'eleven cards',
      generic(...Array.from({ length: 11 }, () => element())),
      'param message[attachment][payload][elements] must have at most 10 items',
    ],
    [
      'a card without title',
      generic({ subtitle: 'x' }),
      'The parameter message[attachment][payload][elements][0][title] is required',
    ],
    [
      'a card title over 80',
      generic(element({ title: long(81) })),
      'message[attachment][payload][elements][0][title]',
    ],
    [
      'a card subtitle over 80',
      generic(element({ subtitle: long(81) })),
      'message[attachment][payload][elements][0][subtitle]',
    ],
    [
      'a card with four buttons',
      generic(element({ buttons: [postback(), postback(), postback(), postback()] })),
      'param message[attachment][payload][elements][0][buttons] must have at most 3 items',
    ],
    ['a card with a title only', generic({ title: 'Alone' }), 'Incomplete element data'],
    ...(['recipient_name', 'order_number', 'currency', 'payment_method', 'summary'] as const).map(
      (field): [string, unknown, string] => [
        `a receipt without ${field}`,
        template(receipt({ [field]: undefined })),
        `The parameter message[attachment][payload][${field}] is required`,
      ],
    ),
    [
      'a receipt without total_cost',
      template(receipt({ summary: { subtotal: 1 } })),
      'The parameter message[attachment][payload][summary][total_cost] is required',
    ],
    [
      'a receipt in a made-up currency',
      template(receipt({ currency: 'euro' })),
      'param message[attachment][payload][currency] must be an ISO 4217 currency code',
    ],
    [
      'a receipt with 101 items',
      template(
        receipt({ elements: Array.from({ length: 101 }, () => ({ title: 'x', price: 1 })) }),
      ),
      'message[attachment][payload][elements] must have at most 100 items',
    ],
  ]
  it.each(cases)('%s', async (_name, body, message) => {
    const res = await send(h, body)
    expect(res.status).toBe(400)
    const error = errorOf(res.body)
    expect(error).toMatchObject({ code: 100, type: 'OAuthException' })
    expect(error.message).toMatch(/^\(#100\) /)
    expect(error.message).toContain(message)
    expect((res.body as { error: { fbtrace_id: string } }).error.fbtrace_id).toEqual(
      expect.any(String),
    )
    expect(h.emulator.sent({ kind: 'any' })).toEqual([])
  })

  it('answers a body that is not JSON in the same envelope', async () => {
    const res = await send(h, '{"recipient":')
    expect(res.status).toBe(400)
    expect(errorOf(res.body).code).toBe(100)
  })
})

describe('the recipient and the token are checked like Meta does', () => {
  it('answers 104 without a token', async () => {
    const res = await call('POST', `${h.graph}/v23.0/me/messages`, textTo(PSID, 'x'))
    expect(res.status).toBe(400)
    expect(errorOf(res.body)).toMatchObject({ code: 104, type: 'OAuthException' })
  })

  it('answers 190 OAuthException for an unknown token', async () => {
    const res = await send(h, textTo(PSID, 'x'), 'not-a-token')
    expect(res.status).toBe(400)
    expect(errorOf(res.body)).toMatchObject({ code: 190, type: 'OAuthException' })
  })

  it('refuses a wrong appsecret_proof', async () => {
    const res = await call(
      'POST',
      `${h.graph}/v23.0/me/messages?access_token=${TOKEN}&appsecret_proof=00`,
      textTo(PSID, 'x'),
    )
    expect(errorOf(res.body)).toMatchObject({
      code: 100,
      message: expect.stringContaining('appsecret_proof'),
    })
  })

  it("refuses to post as another Page than the token's", async () => {
    const res = await call(
      'POST',
      `${h.graph}/v23.0/9999/messages?access_token=${TOKEN}`,
      textTo(PSID, 'x'),
    )
    expect(errorOf(res.body)).toMatchObject({ code: 100, error_subcode: 33 })
  })

  it('answers 100/2018001 for a PSID the Page does not know', async () => {
    const res = await send(h, textTo('404', 'x'))
    expect(errorOf(res.body)).toMatchObject({ code: 100, error_subcode: 2018001 })
  })

  it('answers 551 for a person flagged unreachable', async () => {
    h.emulator.addPerson({
      pageId: PAGE_ID,
      psid: '2002',
      firstName: 'Blocked',
      lastName: 'Person',
      unreachable: true,
    })
    const res = await send(h, textTo('2002', 'x'))
    expect(res.status).toBe(400)
    expect(errorOf(res.body)).toMatchObject({ code: 551, error_subcode: 1545041 })
    expect(h.emulator.sent()).toEqual([])
  })

  it('answers 2500 for a path the Graph API does not have', async () => {
    const res = await call('POST', `${h.graph}/v23.0/me/nothing?access_token=${TOKEN}`, {})
    expect(errorOf(res.body).code).toBe(2500)
    const deeper = await call('GET', `${h.graph}/v23.0/me/a/b?access_token=${TOKEN}`)
    expect(errorOf(deeper.body).code).toBe(2500)
  })

  it('answers 613 above sendsPerSecond, when asked to limit', async () => {
    await h.close()
    h = await startEmulator({ sendsPerSecond: 2, now: () => 1_000_000 })
    expect((await send(h, textTo(PSID, '1'))).status).toBe(200)
    expect((await send(h, textTo(PSID, '2'))).status).toBe(200)
    expect(errorOf((await send(h, textTo(PSID, '3'))).body).code).toBe(613)
  })
})
