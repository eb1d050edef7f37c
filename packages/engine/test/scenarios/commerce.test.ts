import { describe, expect, it } from 'vitest'
import { chain, edge, makeFlow, node, variable } from '@charla/flow-schema/testing'
import type { CheckoutData, InboundEvent } from '@charla/flow-schema'
import { converse, getStarted, say, tap, tapQuick } from '../converse'

const products = [
  {
    id: 'shampoo',
    name: 'Shampoo',
    description: 'Argan oil',
    priceMinor: 1250,
    currency: 'EUR',
    imageUrl: 'https://cdn.example.com/s.png',
  },
  { id: 'wax', name: 'Hair wax', priceMinor: 899, currency: 'EUR' },
]

function shopFlow(checkout: Partial<CheckoutData> = {}, mode: 'single' | 'cart' = 'cart') {
  return makeFlow({
    locale: 'es-ES',
    variables: [variable('cart', 'list')],
    resources: { products },
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('cat', 'catalog', {
        productIds: ['shampoo', 'wax'],
        buttonTitle: 'Lo quiero',
        cartVariable: 'cart',
        mode,
        text: 'Nuestros productos:',
      }),
      node('pay', 'checkout', {
        cartVariable: 'cart',
        currency: 'EUR',
        collect: { shippingAddress: true, email: true, phone: false },
        provider: 'stripe',
        buttonText: 'Pagar',
        expiresMinutes: 60,
        reminder: { afterMinutes: 20, text: 'Tu pedido te espera' },
        receipt: true,
        ...checkout,
      }),
      node('thanks', 'end', { text: 'Gracias, pedido {{order.id}} ({{order.total}})' }),
      node('gone', 'end', { text: 'El enlace ha caducado' }),
      node('failed', 'end', { text: 'Algo falló' }),
      node('lost', 'end', { text: '¿Buscas otra cosa?' }),
    ],
    edges: [
      ...chain('t', 'cat'),
      edge('cat', 'selected', 'pay'),
      edge('cat', 'fallback', 'lost'),
      edge('pay', 'paid', 'thanks'),
      edge('pay', 'abandoned', 'gone'),
      edge('pay', 'failed', 'failed'),
    ],
  })
}

const created = (requestId: string, urls: { stripe?: string; paypal?: string }): InboundEvent => ({
  type: 'checkout_created',
  requestId,
  ok: true,
  orderId: 'ord_1',
  urls,
})

describe('catalog', () => {
  it('shows products as cards with prices in the flow locale and fills a cart', () => {
    const c = converse(shopFlow())
    expect(c.send(getStarted())).toEqual([
      'bot: Nuestros productos:',
      'bot: cards: Shampoo / Argan oil · 12,50 € [Lo quiero] | Hair wax / 8,99 € [Lo quiero]',
    ])
    expect(c.send(tap('p:cat:shampoo'))).toEqual([
      'bot: Shampoo está en tu carrito (1 artículos, 12,50 €). {Pagar pedido | Seguir comprando}',
    ])
    expect(c.send(tapQuick('p:cat:more'))).toHaveLength(2)
    c.send(tap('p:cat:shampoo'))
    c.send(say('hair wax'))
    expect(c.state.vars.cart).toEqual(['shampoo', 'shampoo', 'wax'])
    expect(c.send(tapQuick('p:cat:checkout'))).toEqual([
      'checkout stripe 3399 EUR 2xshampoo,1xwax (o1)',
    ])
  })

  it('cuts a long description to fit the card, never the price', () => {
    const long = [{ ...products[0]!, description: 'Argan oil '.repeat(20) }, products[1]!]
    const flow = shopFlow()
    const c = converse({ ...flow, resources: { products: long } })
    const [, cards] = c.send(getStarted())
    const subtitle = /Shampoo \/ (.*?) \[/.exec(cards ?? '')?.[1] ?? ''
    expect([...subtitle]).toHaveLength(80)
    expect(subtitle.endsWith('… · 12,50 €')).toBe(true)
  })

  it('selects one product at once in single mode, and sends other replies to fallback', () => {
    const c = converse(shopFlow({}, 'single'))
    c.send(getStarted())
    expect(c.send(tap('p:cat:wax'))).toEqual(['checkout stripe 899 EUR 1xwax (o1)'])
    const f = converse(shopFlow({}, 'single'))
    f.send(getStarted())
    expect(f.send(say('do you sell combs?'))).toEqual(['bot: ¿Buscas otra cosa?'])
  })
})

describe('checkout', () => {
  it('sends the payment link, reminds once, and on payment sends the receipt', () => {
    const c = converse(
      shopFlow(
        { items: [{ productId: 'shampoo', quantity: 2 }], cartVariable: undefined },
        'single',
      ),
    )
    c.send(getStarted())
    expect(c.send(tap('p:cat:shampoo'))).toEqual(['checkout stripe 2500 EUR 2xshampoo (o1)'])
    expect(c.send(created('o1', { stripe: 'https://pay.example.com/s/1' }))).toEqual([
      'bot: Pagar 25,00 € [Pagar → https://pay.example.com/s/1]',
      'timer t2 in 1h',
      'timer t3 in 20m',
    ])
    expect(c.state.vars['order.items']).toEqual(['2 × Shampoo'])
    expect(c.fireNextTimer()).toEqual(['bot: Tu pedido te espera'])
    expect(c.send({ type: 'payment', orderId: 'other', status: 'paid' })).toEqual([])
    expect(
      c.send({ type: 'payment', orderId: 'ord_1', status: 'paid', paymentMethod: 'Visa 4242' }),
    ).toEqual([
      'cancel t2',
      'bot: ¡Gracias! Tu pago de 25,00 € está confirmado. (tag POST_PURCHASE_UPDATE)',
      'bot: receipt ord_1 2500 EUR: 2x Shampoo (tag POST_PURCHASE_UPDATE)',
      'bot: Gracias, pedido ord_1 (25,00 €)',
    ])
    const receipt = c.actions.find((a) => a.type === 'send' && a.message.kind === 'receipt')
    expect(receipt).toMatchObject({
      message: { receipt: { recipientName: 'Ana García', paymentMethod: 'Visa 4242' } },
    })
  })

  it('offers card and PayPal when the provider is "choice"', () => {
    const c = converse(shopFlow({ provider: 'choice' }, 'single'))
    c.send(getStarted())
    c.send(tap('p:cat:wax'))
    expect(
      c.send(
        created('o1', { stripe: 'https://pay.example.com/s', paypal: 'https://pay.example.com/p' }),
      )[0],
    ).toBe(
      'bot: ¿Cómo quieres pagar 8,99 €? [Tarjeta → https://pay.example.com/s] [PayPal → https://pay.example.com/p]',
    )
  })

  it('leaves through abandoned when the payment page expires', () => {
    const c = converse(shopFlow({ reminder: undefined }, 'single'))
    c.send(getStarted())
    c.send(tap('p:cat:wax'))
    c.send(created('o1', { stripe: 'https://pay.example.com/s' }))
    expect(c.fireNextTimer()).toEqual(['expire ord_1', 'bot: El enlace ha caducado'])
    expect(c.state.vars['order.status']).toBe('expired')
  })

  it('leaves through abandoned when the provider says its page expired unpaid', () => {
    const c = converse(shopFlow({}, 'single'))
    c.send(getStarted())
    c.send(tap('p:cat:wax'))
    c.send(created('o1', { stripe: 'https://pay.example.com/s' }))
    expect(c.send({ type: 'payment', orderId: 'ord_1', status: 'expired' })).toEqual([
      'cancel t3',
      'cancel t2',
      'bot: El enlace ha caducado',
    ])
    expect(c.state.vars['order.status']).toBe('expired')
    // A later timer or payment for the same order finds nothing waiting.
    expect(c.send({ type: 'payment', orderId: 'ord_1', status: 'paid' })).toEqual([])
  })

  it('leaves through failed when the payment fails or the page cannot be created', () => {
    const c = converse(shopFlow({}, 'single'))
    c.send(getStarted())
    c.send(tap('p:cat:wax'))
    c.send(created('o1', { stripe: 'https://pay.example.com/s' }))
    expect(c.send({ type: 'payment', orderId: 'ord_1', status: 'failed' })).toEqual([
      'cancel t3',
      'cancel t2',
      'bot: El pago no se ha completado.',
      'bot: Algo falló',
    ])
    const d = converse(shopFlow({}, 'single'))
    d.send(getStarted())
    d.send(tap('p:cat:wax'))
    expect(d.send({ type: 'checkout_created', requestId: 'o1', ok: false })).toEqual([
      'bot: Lo siento, no he podido iniciar el pago. Inténtalo más tarde.',
      'bot: Algo falló',
    ])
  })

  it('fails at once with an empty cart rather than asking for a zero payment', () => {
    const flow = shopFlow()
    const c = converse({
      ...flow,
      nodes: flow.nodes.filter((n) => n.id !== 'cat'),
      edges: [...chain('t', 'pay'), ...flow.edges.filter((e) => e.source === 'pay')],
    })
    expect(c.send(getStarted())).toEqual(['bot: Algo falló'])
  })
})
