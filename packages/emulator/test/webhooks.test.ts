import { createHmac, timingSafeEqual } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator, EmulatorError, type WebhookBody } from '../src'
import {
  APP_SECRET,
  call,
  errorOf,
  PAGE_ID,
  PSID,
  send,
  startEmulator,
  startReceiver,
  textTo,
  type Harness,
  type Receiver,
  type ReceivedWebhook,
} from './helpers'

let h: Harness
let receiver: Receiver
beforeEach(async () => {
  receiver = await startReceiver()
  h = await startEmulator({ webhookUrl: receiver.url, now: () => 1_700_000_000_123 })
})
afterEach(async () => {
  await h.close()
  await receiver.close()
})

/** What the runtime must do: HMAC-SHA256 over the raw bytes, constant-time compare. */
function signatureValid(hook: ReceivedWebhook, secret = APP_SECRET): boolean {
  const header = hook.headers['x-hub-signature-256']
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false
  const expected = createHmac('sha256', secret).update(hook.raw).digest()
  const given = Buffer.from(header.slice(7), 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const parse = (hook: ReceivedWebhook) => JSON.parse(hook.raw.toString('utf8')) as WebhookBody

describe('personSays', () => {
  it('delivers a message exactly as Meta shapes it, signed over the raw bytes', async () => {
    const delivery = await h.emulator.personSays(PAGE_ID, PSID, { text: 'hola' })
    expect(delivery.status).toBe(200)
    expect(delivery.mid).toMatch(/^m_/)
    const [hook] = receiver.received
    if (!hook) throw new Error('nothing received')
    expect(signatureValid(hook)).toBe(true)
    expect(hook.headers['content-type']).toBe('application/json')
    expect(hook.headers['x-hub-signature']).toBe(
      `sha1=${createHmac('sha1', APP_SECRET).update(hook.raw).digest('hex')}`,
    )
    expect(parse(hook)).toEqual({
      object: 'page',
      entry: [
        {
          id: PAGE_ID,
          time: 1_700_000_000_123,
          messaging: [
            {
              sender: { id: PSID },
              recipient: { id: PAGE_ID },
              timestamp: 1_700_000_000_123,
              message: { mid: delivery.mid, text: 'hola' },
            },
          ],
        },
      ],
    })
    expect(hook.raw.toString('utf8')).toBe(delivery.raw)
    expect(delivery.body).toEqual(parse(hook))
  })

  it('escapes accents and emoji like Meta, so only the raw bytes verify', async () => {
    const text = 'Señora Müller quiere 2 cafés ☕ y un 😀 — ¿vale?'
    await h.emulator.personSays(PAGE_ID, PSID, {
      text,
      attachments: [{ type: 'image', payload: { url: 'https://cdn.test/a.png' } }],
    })
    const [hook] = receiver.received
    if (!hook) throw new Error('nothing received')
    const raw = hook.raw.toString('utf8')
    expect([...hook.raw].every((byte) => byte < 0x80)).toBe(true)
    expect(raw).toContain('Se\\u00f1ora M\\u00fcller')
    expect(raw).toContain('\\ud83d\\ude00')
    expect(raw).toContain('https:\\/\\/cdn.test\\/a.png')
    expect(signatureValid(hook)).toBe(true)
    expect(parse(hook).entry[0]?.messaging?.[0]?.message?.text).toBe(text)
    // The trap: re-serialising the parsed body changes the bytes and breaks the signature.
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw)))
    expect(signatureValid({ headers: hook.headers, raw: reserialised })).toBe(false)
  })

  it('a quick-reply tap carries the title that was sent as text, and the payload', async () => {
    await send(h, {
      ...textTo(PSID, 'Size?'),
      message: {
        text: 'Size?',
        quick_replies: [{ content_type: 'text', title: 'Large 🍕', payload: 'SIZE_L' }],
      },
    })
    const delivery = await h.emulator.personSays(PAGE_ID, PSID, { quickReplyPayload: 'SIZE_L' })
    expect(delivery.body.entry[0]?.messaging?.[0]?.message).toEqual({
      mid: delivery.mid,
      text: 'Large 🍕',
      quick_reply: { payload: 'SIZE_L' },
    })
  })

  it('a postback carries a mid, the button title and a referral', async () => {
    await send(h, {
      ...textTo(PSID, 'x'),
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Book?',
            buttons: [{ type: 'postback', title: 'Book now', payload: 'BOOK' }],
          },
        },
      },
    })
    const delivery = await h.emulator.personSays(PAGE_ID, PSID, {
      postback: { payload: 'BOOK', referral: { ref: 'summer' } },
    })
    expect(delivery.body.entry[0]?.messaging?.[0]?.postback).toEqual({
      mid: delivery.mid,
      title: 'Book now',
      payload: 'BOOK',
      referral: { ref: 'summer', source: 'SHORTLINK', type: 'OPEN_THREAD' },
    })
  })

  it('a referral into an open thread', async () => {
    const delivery = await h.emulator.personSays(PAGE_ID, PSID, { referral: { ref: 'qr-table-4' } })
    expect(delivery.body.entry[0]?.messaging?.[0]?.referral).toEqual({
      ref: 'qr-table-4',
      source: 'SHORTLINK',
      type: 'OPEN_THREAD',
    })
  })

  it('a comment arrives as a feed change, and the Page may answer it once privately', async () => {
    const delivery = await h.emulator.personSays(PAGE_ID, PSID, {
      comment: { postId: `${PAGE_ID}_77`, text: 'precio?' },
    })
    expect(delivery.mid).toBeUndefined()
    const [entry] = delivery.body.entry
    expect(entry?.time).toBe(1_700_000_000)
    expect(entry?.changes?.[0]).toEqual({
      field: 'feed',
      value: {
        item: 'comment',
        verb: 'add',
        comment_id: delivery.commentId,
        post_id: `${PAGE_ID}_77`,
        parent_id: `${PAGE_ID}_77`,
        from: { id: expect.not.stringMatching(new RegExp(`^${PSID}$`)), name: 'Ana García' },
        message: 'precio?',
        created_time: 1_700_000_000,
      },
    })
    const reply = {
      recipient: { comment_id: delivery.commentId },
      messaging_type: 'RESPONSE',
      message: { text: 'Te escribo por aquí' },
    }
    const first = await send(h, reply)
    expect(first.body).toMatchObject({ recipient_id: PSID })
    expect(h.emulator.sent()[0]).toMatchObject({ psid: PSID, commentId: delivery.commentId })
    expect(errorOf((await send(h, reply)).body).code).toBe(10900)
  })

  it('sends the same bytes again as duplicates, one after another or at once', async () => {
    const delivery = await h.emulator.personSays(PAGE_ID, PSID, { text: 'dup' }, { duplicates: 2 })
    expect(delivery.responses.map((r) => r.status)).toEqual([200, 200, 200])
    const concurrent = await h.emulator.personSays(
      PAGE_ID,
      PSID,
      { text: 'dup2' },
      { duplicates: 1, concurrent: true },
    )
    expect(concurrent.responses).toHaveLength(2)
    expect(receiver.received).toHaveLength(5)
    const [a, b, c] = receiver.received
    expect(b?.raw.equals(a?.raw ?? Buffer.alloc(0))).toBe(true)
    expect(c?.raw.equals(a?.raw ?? Buffer.alloc(0))).toBe(true)
    expect(b?.headers['x-hub-signature-256']).toBe(a?.headers['x-hub-signature-256'])
  })

  it('reports what the receiver answered', async () => {
    receiver.status = 403
    const delivery = await h.emulator.personSays(PAGE_ID, PSID, { text: 'x' })
    expect(delivery.status).toBe(403)
    expect(delivery.responses[0]?.body).toBe('EVENT_RECEIVED')
  })

  it('refuses a person it does not know, and a mix of kinds', async () => {
    await expect(h.emulator.personSays(PAGE_ID, '404', { text: 'x' })).rejects.toMatchObject({
      reason: 'unknown_person',
    })
    await expect(
      h.emulator.personSays(PAGE_ID, PSID, { text: 'x', referral: { ref: 'y' } }),
    ).rejects.toBeInstanceOf(EmulatorError)
    expect(receiver.received).toHaveLength(0)
  })

  it('needs a webhook URL', async () => {
    const emulator = createEmulator({ appSecret: APP_SECRET })
    emulator.addPage({ pageId: PAGE_ID, accessToken: 't' })
    emulator.addPerson({ pageId: PAGE_ID, psid: PSID, firstName: 'A', lastName: 'B' })
    await expect(emulator.personSays(PAGE_ID, PSID, { text: 'x' })).rejects.toMatchObject({
      reason: 'no_webhook_url',
    })
  })
})

describe('deliverBatch', () => {
  it('puts 2 Pages × 3 events in one POST, one entry per Page, in order', async () => {
    h.emulator.addPage({ pageId: '2222', accessToken: 'token-2222' })
    for (const psid of ['3001', '3002'])
      h.emulator.addPerson({ pageId: '2222', psid, firstName: 'P', lastName: psid })
    const delivery = await h.emulator.deliverBatch([
      { pageId: PAGE_ID, psid: PSID, text: 'a1' },
      { pageId: '2222', psid: '3001', text: 'b1' },
      { pageId: PAGE_ID, psid: PSID, postback: { payload: 'GET_STARTED', title: 'Get Started' } },
      { pageId: '2222', psid: '3002', text: 'b2' },
      { pageId: PAGE_ID, psid: PSID, text: 'a3' },
      { pageId: '2222', psid: '3001', quickReplyPayload: 'YES' },
    ])
    expect(receiver.received).toHaveLength(1)
    const [hook] = receiver.received
    if (!hook) throw new Error('nothing received')
    expect(signatureValid(hook)).toBe(true)
    const body = parse(hook)
    expect(body.entry.map((entry) => entry.id)).toEqual([PAGE_ID, '2222'])
    expect(body.entry.map((entry) => entry.messaging?.length)).toEqual([3, 3])
    expect(body.entry[1]?.messaging?.map((event) => event.sender.id)).toEqual([
      '3001',
      '3002',
      '3001',
    ])
    expect(
      body.entry[0]?.messaging?.map((event) => event.message?.text ?? event.postback?.payload),
    ).toEqual(['a1', 'GET_STARTED', 'a3'])
    expect(new Set(delivery.mids).size).toBe(6)
  })
})

describe('signatures broken on purpose', () => {
  it('unsigned: no signature headers', async () => {
    await h.emulator.personSays(PAGE_ID, PSID, { text: 'x' }, { raw: 'unsigned' })
    const [hook] = receiver.received
    expect(hook?.headers['x-hub-signature-256']).toBeUndefined()
    expect(hook?.headers['x-hub-signature']).toBeUndefined()
  })

  it('forged: well-formed, but made with another secret', async () => {
    await h.emulator.personSays(PAGE_ID, PSID, { text: 'x' }, { raw: 'forged' })
    const [hook] = receiver.received
    if (!hook) throw new Error('nothing received')
    expect(hook.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(signatureValid(hook)).toBe(false)
  })

  it('sha1-only: only the legacy header, and it is valid', async () => {
    await h.emulator.personSays(PAGE_ID, PSID, { text: 'x' }, { raw: 'sha1-only' })
    const [hook] = receiver.received
    if (!hook) throw new Error('nothing received')
    expect(hook.headers['x-hub-signature-256']).toBeUndefined()
    expect(hook.headers['x-hub-signature']).toBe(
      `sha1=${createHmac('sha1', APP_SECRET).update(hook.raw).digest('hex')}`,
    )
  })

  it('tampered: signed for other bytes than those sent', async () => {
    await h.emulator.personSays(PAGE_ID, PSID, { text: 'x' }, { raw: 'tampered' })
    const [hook] = receiver.received
    if (!hook) throw new Error('nothing received')
    expect(signatureValid(hook)).toBe(false)
    expect(parse(hook).entry[0]?.messaging?.[0]?.message?.text).toBe('x')
  })
})

describe('the 24-hour window, when enforced', () => {
  it('refuses RESPONSE before the person writes and a day after, but not with a tag', async () => {
    let now = 1_700_000_000_000
    await h.close()
    h = await startEmulator({ webhookUrl: receiver.url, enforceWindow: true, now: () => now })
    expect(errorOf((await send(h, textTo(PSID, 'x'))).body)).toMatchObject({
      code: 10,
      error_subcode: 2018278,
    })
    await h.emulator.personSays(PAGE_ID, PSID, { text: 'hi' })
    expect((await send(h, textTo(PSID, 'hello'))).status).toBe(200)
    now += 25 * 60 * 60 * 1000
    expect(errorOf((await send(h, textTo(PSID, 'late'))).body).error_subcode).toBe(2018278)
    const tagged = {
      ...textTo(PSID, 'Your appointment is tomorrow'),
      messaging_type: 'MESSAGE_TAG',
      tag: 'CONFIRMED_EVENT_UPDATE',
    }
    expect((await send(h, tagged)).status).toBe(200)
    expect((await send(h, { recipient: { id: PSID }, sender_action: 'typing_on' })).status).toBe(
      200,
    )
  })
})

describe('POST /_control/people/:psid/messages', () => {
  it('delivers a signed webhook for the simulator', async () => {
    const res = await call('POST', `${h.base}/_control/people/${PSID}/messages`, {
      pageId: PAGE_ID,
      text: '¡Hola! 👋',
    })
    expect(res).toMatchObject({
      status: 200,
      body: { ok: true, status: 200, mid: expect.stringMatching(/^m_/) },
    })
    const [hook] = receiver.received
    if (!hook) throw new Error('nothing received')
    expect(signatureValid(hook)).toBe(true)
    expect(parse(hook).entry[0]?.messaging?.[0]?.message?.text).toBe('¡Hola! 👋')
  })

  it('answers 404 for an unknown person and 400 for a bad action', async () => {
    const unknown = await call('POST', `${h.base}/_control/people/404/messages`, {
      pageId: PAGE_ID,
      text: 'x',
    })
    expect(unknown).toMatchObject({ status: 404, body: { ok: false, error: 'unknown_person' } })
    const bad = await call('POST', `${h.base}/_control/people/${PSID}/messages`, {
      pageId: PAGE_ID,
      shout: 'x',
    })
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: 'bad_request' } })
  })

  it('answers 502 when the webhook cannot be reached', async () => {
    await receiver.close()
    receiver = await startReceiver()
    h.emulator.setWebhookUrl('http://127.0.0.1:9/unreachable')
    const res = await call('POST', `${h.base}/_control/people/${PSID}/messages`, {
      pageId: PAGE_ID,
      text: 'x',
    })
    expect(res).toMatchObject({ status: 502, body: { ok: false, error: 'webhook_unreachable' } })
  })
})
