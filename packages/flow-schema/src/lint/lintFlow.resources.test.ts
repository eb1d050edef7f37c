import { describe, expect, it } from 'vitest'
import type { Flow } from '../flow'
import type { NodeOf } from '../nodes'
import type { Product } from '../resources'
import { edge, makeFlow, node, variable } from '../testing'
import { lintFlow } from './lintFlow'
import type { LintProblem } from './LintProblem'

const trigger = () => node('t', 'trigger', { on: 'get_started' })
const product = (id: string, currency = 'EUR'): Product => ({
  id,
  name: `Product ${id}`,
  priceMinor: 1000,
  currency,
})
const checkout = (id: string, data: Partial<NodeOf<'checkout'>['data']>) =>
  node(id, 'checkout', {
    currency: 'EUR',
    collect: { shippingAddress: false, email: false, phone: false },
    provider: 'stripe',
    buttonText: 'Pay',
    expiresMinutes: 60,
    receipt: true,
    ...data,
  })
const catalog = (id: string, productIds: string[]) =>
  node(id, 'catalog', { productIds, buttonTitle: 'Add', cartVariable: 'cart', mode: 'cart' })

function problems(flow: Flow, code: string): LintProblem[] {
  return lintFlow(flow).filter((p) => p.code === code)
}

describe('lintFlow', () => {
  describe('missing_calendar', () => {
    it('blocks a booking whose calendar is not among the resources', () => {
      const flow = makeFlow({
        nodes: [
          trigger(),
          node('b', 'booking', {
            calendarId: 'gone',
            service: { name: 'Haircut', durationMinutes: 30 },
            prompt: 'Pick a day',
            daysAhead: 7,
            confirmation: 'Booked',
            reminders: [],
            allowCancel: false,
            allowReschedule: false,
          }),
        ],
        edges: [edge('t', 'next', 'b')],
      })
      const found = problems(flow, 'missing_calendar')
      expect(found).toEqual([
        expect.objectContaining({
          severity: 'error',
          nodeId: 'b',
          path: 'nodes[1].data.calendarId',
        }),
      ])
      expect(found[0]?.message).toContain('"gone"')
    })
  })

  describe('missing_product', () => {
    it('blocks product lists and checkouts naming products that are not among the resources', () => {
      const flow = makeFlow({
        variables: [variable('cart', 'list')],
        resources: { products: [product('p1')] },
        nodes: [
          trigger(),
          catalog('shop', ['p1', 'p9']),
          checkout('pay', {
            items: [
              { productId: 'p1', quantity: 1 },
              { productId: 'p8', quantity: 2 },
            ],
          }),
        ],
        edges: [edge('t', 'next', 'shop'), edge('shop', 'selected', 'pay')],
      })
      expect(problems(flow, 'missing_product')).toEqual([
        expect.objectContaining({
          severity: 'error',
          nodeId: 'shop',
          path: 'nodes[1].data.productIds[1]',
        }),
        expect.objectContaining({
          severity: 'error',
          nodeId: 'pay',
          path: 'nodes[2].data.items[1].productId',
        }),
      ])
    })
  })

  describe('currency_mismatch', () => {
    it('blocks a checkout charging in one currency for a product priced in another', () => {
      const flow = makeFlow({
        resources: { products: [product('eur'), product('usd', 'USD')] },
        nodes: [
          trigger(),
          checkout('pay', {
            items: [
              { productId: 'eur', quantity: 1 },
              { productId: 'usd', quantity: 1 },
            ],
          }),
        ],
        edges: [edge('t', 'next', 'pay')],
      })
      const found = problems(flow, 'currency_mismatch')
      expect(found).toEqual([
        expect.objectContaining({
          severity: 'error',
          nodeId: 'pay',
          path: 'nodes[1].data.items[1]',
        }),
      ])
      expect(found[0]?.message).toContain('USD')
    })

    it('follows the cart from the product lists that fill it', () => {
      const flow = makeFlow({
        variables: [variable('cart', 'list')],
        resources: { products: [product('eur'), product('gbp', 'GBP')] },
        nodes: [
          trigger(),
          catalog('shop', ['eur', 'gbp']),
          checkout('pay', { cartVariable: 'cart' }),
          checkout('pay_gbp', { cartVariable: 'other', currency: 'GBP' }),
        ],
        edges: [edge('t', 'next', 'shop'), edge('shop', 'selected', 'pay')],
      })
      const found = problems(flow, 'currency_mismatch')
      expect(found).toEqual([
        expect.objectContaining({ nodeId: 'pay', path: 'nodes[2].data.cartVariable' }),
      ])
      expect(found[0]?.message).toContain('"Product gbp" (GBP)')
    })
  })
})
