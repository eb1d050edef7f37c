import { describe, expect, it } from 'vitest'
import type { OutboundActionOf, OutboundMessage } from '@charla/flow-schema'
import { currencyDigits, SendRequestError, toSendRequests } from '../src'

const to = { psid: '6543210987654321' }
const send = (message: OutboundMessage, extra: Partial<OutboundActionOf<'send'>> = {}) =>
  ({ type: 'send', message, ...extra }) as OutboundActionOf<'send'>

describe('toSendRequests', () => {
  it('text with every kind of quick reply', () => {
    expect(
      toSendRequests(
        send({
          kind: 'text',
          text: '¿Qué color prefieres? 🎨',
          quickReplies: [
            { type: 'text', title: 'Rojo', payload: 'c:ask:red', imageUrl: 'https://x.test/r.png' },
            { type: 'text', title: 'Azul', payload: 'c:ask:blue' },
            { type: 'user_email' },
            { type: 'user_phone_number' },
          ],
        }),
        to,
        { appendMetadata: 'flow_1:ask:run_9' },
      ),
    ).toStrictEqual([
      {
        recipient: { id: '6543210987654321' },
        message: {
          text: '¿Qué color prefieres? 🎨',
          quick_replies: [
            {
              content_type: 'text',
              title: 'Rojo',
              payload: 'c:ask:red',
              image_url: 'https://x.test/r.png',
            },
            { content_type: 'text', title: 'Azul', payload: 'c:ask:blue' },
            { content_type: 'user_email' },
            { content_type: 'user_phone_number' },
          ],
          metadata: 'flow_1:ask:run_9',
        },
      },
    ])
  })

  it('plain text, no metadata, no empty quick_replies', () => {
    expect(toSendRequests(send({ kind: 'text', text: 'Hi', quickReplies: [] }), to)).toStrictEqual([
      { recipient: { id: '6543210987654321' }, message: { text: 'Hi' } },
    ])
  })

  it('button template with url, postback and call buttons', () => {
    expect(
      toSendRequests(
        send({
          kind: 'buttons',
          text: 'What next?',
          buttons: [
            { type: 'url', title: 'Shop', url: 'https://shop.example.com/a?b=1' },
            { type: 'postback', title: 'Book', payload: 'c:menu:book' },
            { type: 'call', title: 'Call us', phone: '+34600111222' },
          ],
          quickReplies: [{ type: 'text', title: 'Later', payload: 'c:menu:later' }],
        }),
        to,
      ),
    ).toStrictEqual([
      {
        recipient: { id: '6543210987654321' },
        message: {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'button',
              text: 'What next?',
              buttons: [
                { type: 'web_url', url: 'https://shop.example.com/a?b=1', title: 'Shop' },
                { type: 'postback', title: 'Book', payload: 'c:menu:book' },
                { type: 'phone_number', title: 'Call us', payload: '+34600111222' },
              ],
            },
          },
          quick_replies: [{ content_type: 'text', title: 'Later', payload: 'c:menu:later' }],
        },
      },
    ])
  })

  it('generic template: card url as default_action, buttons, optional fields left out', () => {
    expect(
      toSendRequests(
        send({
          kind: 'cards',
          cards: [
            {
              title: 'Classic T-shirt',
              subtitle: '19,99 €',
              imageUrl: 'https://shop.example.com/t.jpg',
              url: 'https://shop.example.com/t',
              buttons: [{ type: 'postback', title: 'Add', payload: 'p:cat:tshirt' }],
            },
            { title: 'Mug', imageUrl: 'https://shop.example.com/m.jpg', buttons: [] },
          ],
        }),
        to,
      ),
    ).toStrictEqual([
      {
        recipient: { id: '6543210987654321' },
        message: {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'generic',
              elements: [
                {
                  title: 'Classic T-shirt',
                  subtitle: '19,99 €',
                  image_url: 'https://shop.example.com/t.jpg',
                  default_action: { type: 'web_url', url: 'https://shop.example.com/t' },
                  buttons: [{ type: 'postback', title: 'Add', payload: 'p:cat:tshirt' }],
                },
                { title: 'Mug', image_url: 'https://shop.example.com/m.jpg' },
              ],
            },
          },
        },
      },
    ])
  })

  it.each(['image', 'video', 'audio', 'file'] as const)('%s attachment', (attachmentType) => {
    expect(
      toSendRequests(
        send({
          kind: 'attachment',
          attachmentType,
          url: `https://cdn.example.com/x.${attachmentType}`,
        }),
        to,
      ),
    ).toStrictEqual([
      {
        recipient: { id: '6543210987654321' },
        message: {
          attachment: {
            type: attachmentType,
            payload: { url: `https://cdn.example.com/x.${attachmentType}`, is_reusable: true },
          },
        },
      },
    ])
  })

  it('receipt template: minor units to decimals, address, timestamp as a string', () => {
    expect(
      toSendRequests(
        send(
          {
            kind: 'receipt',
            receipt: {
              recipientName: 'Jane Doe',
              orderNumber: 'ORD-123',
              currency: 'EUR',
              paymentMethod: 'Visa 1234',
              timestamp: 1428444852,
              address: {
                street1: 'Calle Mayor 1',
                street2: '2º B',
                city: 'Madrid',
                postalCode: '28013',
                state: 'M',
                country: 'ES',
              },
              subtotalMinor: 7500,
              totalMinor: 5614,
              elements: [
                {
                  title: 'Classic White T-Shirt',
                  subtitle: '100% cotton',
                  quantity: 2,
                  priceMinor: 5000,
                  imageUrl: 'https://shop.example.com/t.jpg',
                },
                { title: 'Sticker', quantity: 1, priceMinor: 99 },
              ],
            },
          },
          { tag: 'POST_PURCHASE_UPDATE', nodeId: 'pay' },
        ),
        to,
      ),
    ).toStrictEqual([
      {
        recipient: { id: '6543210987654321' },
        message: {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'receipt',
              recipient_name: 'Jane Doe',
              order_number: 'ORD-123',
              currency: 'EUR',
              payment_method: 'Visa 1234',
              timestamp: '1428444852',
              address: {
                street_1: 'Calle Mayor 1',
                street_2: '2º B',
                city: 'Madrid',
                postal_code: '28013',
                state: 'M',
                country: 'ES',
              },
              summary: { subtotal: 75, total_cost: 56.14 },
              elements: [
                {
                  title: 'Classic White T-Shirt',
                  subtitle: '100% cotton',
                  quantity: 2,
                  price: 50,
                  currency: 'EUR',
                  image_url: 'https://shop.example.com/t.jpg',
                },
                { title: 'Sticker', quantity: 1, price: 0.99, currency: 'EUR' },
              ],
            },
          },
        },
      },
    ])
  })

  it('receipt amounts follow the currency: JPY has no decimals, KWD three', () => {
    const receipt = (currency: string, minor: number) =>
      toSendRequests(
        send({
          kind: 'receipt',
          receipt: {
            recipientName: 'A',
            orderNumber: 'O-1',
            currency,
            paymentMethod: 'Card',
            timestamp: 1700000000123, // milliseconds by mistake: converted
            subtotalMinor: minor,
            totalMinor: minor,
            elements: [],
          },
        }),
        to,
      )[0]
    expect(JSON.stringify(receipt('JPY', 1500))).toContain(
      '"timestamp":"1700000000","summary":{"subtotal":1500,"total_cost":1500}',
    )
    expect(JSON.stringify(receipt('KWD', 12345))).toContain('"total_cost":12.345')
    expect(JSON.stringify(receipt('USD', 1))).toContain('"total_cost":0.01')
    expect(currencyDigits('EUR')).toBe(2)
    expect(() => receipt('EURO', 1)).toThrow(SendRequestError)
    expect(() => receipt('eur', 1)).toThrow(/ISO 4217/)
  })

  it('a private reply goes to the comment', () => {
    expect(
      toSendRequests(
        send({ kind: 'text', text: 'Sent you the price!' }, { privateReplyTo: '998877_554433' }),
        {
          psid: '7777888899990000',
        },
      ),
    ).toStrictEqual([
      { recipient: { comment_id: '998877_554433' }, message: { text: 'Sent you the price!' } },
    ])
  })

  it('typing is a sender action of its own', () => {
    expect(toSendRequests({ type: 'typing', durationMs: 1500 }, to)).toStrictEqual([
      { recipient: { id: '6543210987654321' }, sender_action: 'typing_on' },
    ])
  })

  it('throws a descriptive error for what Messenger would refuse', () => {
    const cases: [OutboundMessage, RegExp][] = [
      [{ kind: 'text', text: '' }, /text is empty/],
      [{ kind: 'text', text: 'x'.repeat(2001) }, /2001 characters; the limit is 2000/],
      [
        {
          kind: 'buttons',
          text: 'x'.repeat(641),
          buttons: [{ type: 'postback', title: 'a', payload: 'p' }],
        },
        /640/,
      ],
      [{ kind: 'buttons', text: 'ok', buttons: [] }, /0 buttons/],
      [
        {
          kind: 'buttons',
          text: 'ok',
          buttons: Array.from({ length: 4 }, () => ({
            type: 'postback' as const,
            title: 'a',
            payload: 'p',
          })),
        },
        /4 buttons of a button template; Messenger takes 1 to 3/,
      ],
      [
        {
          kind: 'buttons',
          text: 'ok',
          buttons: [{ type: 'postback', title: 'x'.repeat(21), payload: 'p' }],
        },
        /button title has 21/,
      ],
      [
        {
          kind: 'buttons',
          text: 'ok',
          buttons: [{ type: 'postback', title: 'a', payload: 'p'.repeat(1001) }],
        },
        /postback payload has 1001/,
      ],
      [
        {
          kind: 'buttons',
          text: 'ok',
          buttons: [{ type: 'url', title: 'a', url: 'javascript:alert(1)' }],
        },
        /http\(s\)/,
      ],
      [
        {
          kind: 'buttons',
          text: 'ok',
          buttons: [{ type: 'call', title: 'a', phone: '600 111 222' }],
        },
        /\+<country><number>/,
      ],
      [
        {
          kind: 'text',
          text: 'ok',
          quickReplies: Array.from({ length: 14 }, (_, i) => ({
            type: 'text' as const,
            title: `${i}`,
            payload: `${i}`,
          })),
        },
        /14 quick replies/,
      ],
      [
        {
          kind: 'text',
          text: 'ok',
          quickReplies: [{ type: 'text', title: '😀'.repeat(21), payload: 'p' }],
        },
        /quick reply title has 21/,
      ],
      [{ kind: 'cards', cards: [] }, /0 cards/],
      [
        { kind: 'cards', cards: Array.from({ length: 11 }, () => ({ title: 't', subtitle: 's' })) },
        /11 cards/,
      ],
      [{ kind: 'cards', cards: [{ title: 'Only a title' }] }, /besides its title/],
      [{ kind: 'cards', cards: [{ title: 'x'.repeat(81), subtitle: 's' }] }, /card title has 81/],
      [{ kind: 'attachment', attachmentType: 'image', url: 'not a url' }, /not a URL/],
      [
        {
          kind: 'receipt',
          receipt: {
            recipientName: '',
            orderNumber: 'O',
            currency: 'USD',
            paymentMethod: 'c',
            subtotalMinor: 1,
            totalMinor: 1,
            elements: [],
          },
        },
        /recipient_name/,
      ],
      [
        {
          kind: 'receipt',
          receipt: {
            recipientName: 'A',
            orderNumber: 'O',
            currency: 'USD',
            paymentMethod: 'c',
            subtotalMinor: 1,
            totalMinor: 1,
            elements: Array.from({ length: 101 }, () => ({
              title: 't',
              quantity: 1,
              priceMinor: 1,
            })),
          },
        },
        /101 receipt elements/,
      ],
    ]
    for (const [message, error] of cases) {
      expect(() => toSendRequests(send(message), to)).toThrow(SendRequestError)
      expect(() => toSendRequests(send(message), to)).toThrow(error)
    }
    // Emoji count as one character, like the engine counts them.
    expect(() =>
      toSendRequests(
        send({
          kind: 'text',
          text: 'ok',
          quickReplies: [{ type: 'text', title: '😀'.repeat(20), payload: 'p' }],
        }),
        to,
      ),
    ).not.toThrow()
    expect(() =>
      toSendRequests(send({ kind: 'text', text: 'ok' }), to, { appendMetadata: 'm'.repeat(1001) }),
    ).toThrow(/metadata/)
    expect(() => toSendRequests(send({ kind: 'text', text: 'ok' }), { psid: '' })).toThrow(/PSID/)
  })
})
