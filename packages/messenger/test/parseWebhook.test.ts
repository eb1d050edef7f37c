import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { inboundEventSchema } from '@charla/flow-schema'
import { parseWebhook, type WebhookItem } from '../src'
import { fixture } from './fixtures'

const PAGE = '112233445566778'
const PSID = '6543210987654321'
const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex')

function items(name: string): WebhookItem[] {
  const parsed = parseWebhook(fixture(name))
  for (const item of parsed.items)
    if (item.kind === 'event')
      expect(inboundEventSchema.parse(item.event)).toStrictEqual(item.event)
  return parsed.items
}

describe('parseWebhook', () => {
  it('turns a text message into a message event keyed by page and mid', () => {
    const mid =
      'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P'
    expect(parseWebhook(fixture('message'))).toStrictEqual({
      items: [
        {
          pageId: PAGE,
          psid: PSID,
          dedupeKey: `${PAGE}:${mid}`,
          occurredAt: 1458692752478,
          kind: 'event',
          event: { type: 'message', mid, text: '¿Tenéis cita el jueves? 😊' },
        },
      ],
      skipped: 0,
      skippedReasons: [],
    })
  })

  it('keeps the quick reply payload next to the title text', () => {
    expect(items('quick-reply')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:m_quick_1`,
        occurredAt: 1458692752600,
        kind: 'event',
        event: { type: 'message', mid: 'm_quick_1', text: 'Red', quickReply: 'c:ask_color:red' },
      },
    ])
  })

  it('reads a user_email quick reply as a message with the email in text and payload', () => {
    expect(items('quick-reply-email')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:m_email_1`,
        occurredAt: 1458692752700,
        kind: 'event',
        event: {
          type: 'message',
          mid: 'm_email_1',
          text: 'jane.doe@example.com',
          quickReply: 'jane.doe@example.com',
        },
      },
    ])
  })

  it('lists attachments with their URL when they have one', () => {
    expect(items('attachments')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:m_att_1`,
        occurredAt: 1458692752800,
        kind: 'event',
        event: {
          type: 'message',
          mid: 'm_att_1',
          attachments: [
            { type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t1/photo.jpg' },
            { type: 'fallback' },
            { type: 'location' },
          ],
        },
      },
    ])
  })

  it('carries the referral of the first postback of a new thread', () => {
    expect(items('postback-referral')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:m_postback_1`,
        occurredAt: 1458692753000,
        kind: 'event',
        event: {
          type: 'postback',
          payload: 'GET_STARTED',
          title: 'Get Started',
          mid: 'm_postback_1',
          referral: { ref: 'summer_coupon', source: 'SHORTLINK' },
        },
      },
    ])
  })

  it('reads an ad referral into an existing thread, with a derived key', () => {
    expect(items('referral-ads')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:${PSID}:referral:1458692753100:${sha1('ADS|spring_sale|6045246247433')}`,
        occurredAt: 1458692753100,
        kind: 'event',
        event: {
          type: 'referral',
          referral: { ref: 'spring_sale', source: 'ADS', adId: '6045246247433' },
        },
      },
    ])
  })

  it('keys echoes by their recipient and never makes them input', () => {
    expect(items('echo')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:echo:m_echo_1`,
        occurredAt: 1458692753200,
        kind: 'echo',
        mid: 'm_echo_1',
        appId: '1517776481860111',
        text: 'Welcome!',
        metadata: 'flow_1:welcome:run_7',
      },
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:echo:m_echo_2`,
        occurredAt: 1458692753300,
        kind: 'echo',
        mid: 'm_echo_2',
        appId: '263902037430900',
        text: 'Hi, this is Ana from the shop',
      },
    ])
  })

  it('reads deliveries with and without mids (the timestamp falls back to the entry time)', () => {
    expect(items('delivery')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:${PSID}:delivery:1458668856253`,
        occurredAt: 1458668856463,
        kind: 'delivery',
        mids: ['m_echo_1', 'm_echo_3'],
        watermark: 1458668856253,
      },
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:${PSID}:delivery:1458668856400`,
        occurredAt: 1458668856500,
        kind: 'delivery',
        mids: [],
        watermark: 1458668856400,
      },
    ])
  })

  it('reads a read watermark', () => {
    expect(items('read')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:${PSID}:read:1458668856253`,
        occurredAt: 1458668856463,
        kind: 'read',
        watermark: 1458668856253,
      },
    ])
  })

  it('marks standby events, including a postback without its payload', () => {
    expect(items('standby')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:m_standby_1`,
        occurredAt: 1570053170673,
        standby: true,
        kind: 'event',
        event: { type: 'message', mid: 'm_standby_1', text: 'Is anyone there?' },
      },
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:${PSID}:postback:1570053170800:${sha1('')}`,
        occurredAt: 1570053170800,
        standby: true,
        kind: 'event',
        event: { type: 'postback', payload: '', title: 'Talk to us' },
      },
    ])
  })

  it("turns a new comment into a comment event and skips the Page's own, edits and reactions", () => {
    const parsed = parseWebhook(fixture('feed-comment'))
    expect(parsed.items).toStrictEqual([
      {
        pageId: PAGE,
        psid: '7777888899990000',
        dedupeKey: `${PAGE}:comment:998877_554433`,
        occurredAt: 1700000000000,
        kind: 'event',
        event: {
          type: 'comment',
          commentId: '998877_554433',
          postId: '112233445566778_998877',
          text: 'Price? 🙏',
        },
      },
    ])
    expect(parsed.skipped).toBe(3)
    expect(parsed.skippedReasons).toStrictEqual([
      "entry[0].changes[1]: the Page's own comment",
      'entry[0].changes[2]: comment edited (only new comments count)',
      'entry[0].changes[3]: feed reaction is not a comment',
    ])
  })

  it('splits a batch of 2 entries × 3 events in payload order', () => {
    const parsed = parseWebhook(fixture('batch'))
    expect(parsed.items).toStrictEqual([
      {
        pageId: PAGE,
        psid: '1111111111111111',
        dedupeKey: `${PAGE}:m_b1`,
        occurredAt: 1700000000001,
        kind: 'event',
        event: { type: 'message', mid: 'm_b1', text: 'one' },
      },
      {
        pageId: PAGE,
        psid: '1111111111111111',
        dedupeKey: `${PAGE}:1111111111111111:postback:1700000000002:${sha1('c:menu:book')}`,
        occurredAt: 1700000000002,
        kind: 'event',
        event: { type: 'postback', payload: 'c:menu:book', title: 'Book' },
      },
      {
        pageId: PAGE,
        psid: '2222222222222222',
        dedupeKey: `${PAGE}:2222222222222222:read:1700000000000`,
        occurredAt: 1700000000003,
        kind: 'read',
        watermark: 1700000000000,
      },
      {
        pageId: '998877665544332',
        psid: '3333333333333333',
        dedupeKey: '998877665544332:m_b2',
        occurredAt: 1700000000004,
        kind: 'event',
        event: { type: 'message', mid: 'm_b2', text: 'two' },
      },
      {
        pageId: '998877665544332',
        psid: '3333333333333333',
        dedupeKey: '998877665544332:echo:m_b3',
        occurredAt: 1700000000005,
        kind: 'echo',
        mid: 'm_b3',
        appId: '1517776481860111',
        text: 'reply',
      },
    ])
    // message_edit is not handled: skipped and counted.
    expect(parsed.skipped).toBe(1)
    expect(parsed.skippedReasons).toStrictEqual([
      'entry[1].messaging[2]: unhandled event kind (message_edit)',
    ])
  })

  it('reads handovers: pass, take and request', () => {
    const handovers = items('handover')
    expect(handovers.map((i) => ({ ...i, dedupeKey: undefined }))).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: undefined,
        occurredAt: 1458692753400,
        kind: 'handover',
        action: 'pass',
        newOwnerAppId: '1517776481860111',
        metadata: 'back to the bot',
      },
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: undefined,
        occurredAt: 1458692753500,
        kind: 'handover',
        action: 'take',
        newOwnerAppId: '263902037430900',
        previousOwnerAppId: '1517776481860111',
      },
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: undefined,
        occurredAt: 1458692753600,
        kind: 'handover',
        action: 'request',
        requestedOwnerAppId: '263902037430900',
        metadata: 'agent wants it',
      },
    ])
    const keys = handovers.map((i) => i.dedupeKey)
    expect(new Set(keys).size).toBe(3)
    expect(keys[0]).toMatch(
      new RegExp(`^${PAGE}:${PSID}:handover:pass:1458692753400:[0-9a-f]{40}$`),
    )
  })

  it('reads a checkbox opt-in without sender and a reaction', () => {
    const [optin, reaction, ...rest] = items('optin-reaction')
    expect(rest).toStrictEqual([])
    expect(optin).toMatchObject({
      pageId: PAGE,
      psid: '',
      kind: 'optin',
      ref: 'checkout_box',
      userRef: 'ur_abc123',
      occurredAt: 1458692753700,
    })
    expect(optin?.dedupeKey).toMatch(new RegExp(`^${PAGE}::optin:1458692753700:[0-9a-f]{40}$`))
    expect(reaction).toStrictEqual({
      pageId: PAGE,
      psid: PSID,
      dedupeKey: `${PAGE}:${PSID}:reaction:m_echo_1:react:1458692753800`,
      occurredAt: 1458692753800,
      kind: 'reaction',
      mid: 'm_echo_1',
      action: 'react',
      emoji: '❤',
      reaction: 'love',
    })
  })

  it('accepts the per-field format, where numbers come as strings', () => {
    expect(items('per-field-postback')).toStrictEqual([
      {
        pageId: PAGE,
        psid: PSID,
        dedupeKey: `${PAGE}:${PSID}:postback:1700000000123:${sha1('c:menu:open')}`,
        occurredAt: 1700000000123,
        kind: 'event',
        event: { type: 'postback', payload: 'c:menu:open', title: 'Menu' },
      },
    ])
  })

  it('derives the same keys when Meta retries the same body', () => {
    const a = parseWebhook(fixture('batch')).items.map((i) => i.dedupeKey)
    const b = parseWebhook(fixture('batch')).items.map((i) => i.dedupeKey)
    expect(a).toStrictEqual(b)
    expect(new Set(a).size).toBe(a.length)
  })

  it('never throws on junk, counting what it could not use', () => {
    for (const body of [null, 'x', 42, [], {}, { object: 'page' }, { object: 'page', entry: {} }])
      expect(parseWebhook(body)).toMatchObject({ items: [], skipped: 1 })
    expect(parseWebhook({ object: 'instagram', entry: [{}, {}] })).toMatchObject({
      items: [],
      skipped: 2,
    })
    const parsed = parseWebhook({
      object: 'page',
      entry: [
        { time: 1 },
        { id: PAGE, messaging: 'nope' },
        {
          id: PAGE,
          messaging: [
            null,
            { sender: { id: PSID }, timestamp: 1, message: { mid: 5 } },
            { sender: { user_ref: 'plugin' }, timestamp: 1, message: { mid: 'm', text: 'hi' } },
            { sender: { id: PSID }, timestamp: 1, message: { mid: 'm_empty' } },
            { sender: { id: PSID }, timestamp: 1, policy_enforcement: { action: 'block' } },
            { sender: { id: PSID }, timestamp: 1, message: { mid: 'm_ok', text: 'ok' } },
          ],
          changes: [{ field: 'mention', value: {} }, { nope: true }],
        },
      ],
    })
    expect(parsed.items.map((i) => i.dedupeKey)).toStrictEqual([`${PAGE}:m_ok`])
    expect(parsed.skipped).toBe(9)
    expect(parsed.skippedReasons).toHaveLength(9)
  })

  it('bounds the reasons it keeps', () => {
    const messaging = Array.from({ length: 50 }, () => ({ sender: { id: PSID }, foo: {} }))
    const parsed = parseWebhook({ object: 'page', entry: [{ id: PAGE, messaging }] })
    expect(parsed.skipped).toBe(50)
    expect(parsed.skippedReasons).toHaveLength(20)
  })
})
