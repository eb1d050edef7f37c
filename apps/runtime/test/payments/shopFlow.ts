import { GET_STARTED_PAYLOAD, type CheckoutData } from '@charla/flow-schema'
import { chain, edge, makeFlow, node } from '@charla/flow-schema/testing'

/** A shop: a catalog of two products, a checkout, and an end per checkout outcome. */
export function shopFlow(checkout: Partial<CheckoutData> = {}) {
  return makeFlow({
    id: 'shop',
    locale: 'es-ES',
    resources: {
      products: [
        {
          id: 'shampoo',
          name: 'Champú',
          priceMinor: 1250,
          currency: 'EUR',
          imageUrl: 'https://cdn.example.com/s.png',
        },
        { id: 'wax', name: 'Cera', priceMinor: 899, currency: 'EUR' },
      ],
    },
    nodes: [
      node('t', 'trigger', { on: 'get_started' }),
      node('cat', 'catalog', {
        productIds: ['shampoo', 'wax'],
        buttonTitle: 'Lo quiero',
        cartVariable: 'cart',
        mode: 'single',
      }),
      node('pay', 'checkout', {
        cartVariable: 'cart',
        currency: 'EUR',
        collect: { shippingAddress: true, email: true, phone: false },
        provider: 'stripe',
        buttonText: 'Pay {{order.total}}',
        expiresMinutes: 60,
        receipt: true,
        ...checkout,
      }),
      node('thanks', 'end', { text: 'Gracias, pedido {{order.id}}' }),
      node('gone', 'end', { text: 'El enlace ha caducado' }),
      node('failed', 'end', { text: 'Algo falló' }),
    ],
    edges: [
      ...chain('t', 'cat'),
      edge('cat', 'selected', 'pay'),
      edge('pay', 'paid', 'thanks'),
      edge('pay', 'abandoned', 'gone'),
      edge('pay', 'failed', 'failed'),
    ],
  })
}

export const GET_STARTED = { postback: { payload: GET_STARTED_PAYLOAD, title: 'Empezar' } }
