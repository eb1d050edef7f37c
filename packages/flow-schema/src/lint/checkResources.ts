import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import type { Product } from '../resources'
import { nodeProblem } from './nodeProblem'
import { listNames } from './listNames'

/**
 * `missing_calendar` / `missing_product`: a booking or a product list names a resource the
 * flow does not carry. `currency_mismatch`: a checkout charges in one currency, and one
 * payment cannot mix currencies, so every product in it must be priced in that currency.
 */
export function checkResources({ flow, graph }: LintContext): LintProblem[] {
  const calendars = new Set((flow.resources.calendars ?? []).map((c) => c.id))
  const products = new Map((flow.resources.products ?? []).map((p) => [p.id, p]))
  const cartProducts = new Map<string, Product[]>()
  for (const node of flow.nodes)
    if (node.type === 'catalog') {
      const list = cartProducts.get(node.data.cartVariable) ?? []
      for (const id of node.data.productIds) {
        const product = products.get(id)
        if (product) list.push(product)
      }
      cartProducts.set(node.data.cartVariable, list)
    }
  const missingProduct = (id: string, where: string) =>
    `The product "${id}" is not in this flow's products, so ${where}. Pick an existing product, or add it under Products.`

  const problems: LintProblem[] = []
  graph.nodes.forEach((node, i) => {
    if (node.type === 'booking' && !calendars.has(node.data.calendarId))
      problems.push(
        nodeProblem(
          'error',
          'missing_calendar',
          node,
          i,
          ['data', 'calendarId'],
          `The calendar "${node.data.calendarId}" is not in this flow's calendars, so no times can be offered. Pick an existing calendar, or add it under Calendars.`,
        ),
      )
    if (node.type === 'catalog')
      node.data.productIds.forEach((id, k) => {
        if (!products.has(id))
          problems.push(
            nodeProblem(
              'error',
              'missing_product',
              node,
              i,
              ['data', 'productIds', k],
              missingProduct(id, 'it cannot be shown'),
            ),
          )
      })
    if (node.type !== 'checkout') return
    const currency = node.data.currency
    node.data.items?.forEach((item, k) => {
      const product = products.get(item.productId)
      if (!product)
        problems.push(
          nodeProblem(
            'error',
            'missing_product',
            node,
            i,
            ['data', 'items', k, 'productId'],
            missingProduct(item.productId, 'it cannot be sold'),
          ),
        )
      else if (product.currency !== currency)
        problems.push(
          nodeProblem(
            'error',
            'currency_mismatch',
            node,
            i,
            ['data', 'items', k],
            `"${product.name}" is priced in ${product.currency}, but this checkout charges in ${currency}, and one payment cannot mix currencies. Change the checkout's currency, or use a product priced in ${currency}.`,
          ),
        )
    })
    const cart = node.data.cartVariable
    if (cart === undefined) return
    const foreign = (cartProducts.get(cart) ?? []).filter((p) => p.currency !== currency)
    if (foreign.length > 0)
      problems.push(
        nodeProblem(
          'error',
          'currency_mismatch',
          node,
          i,
          ['data', 'cartVariable'],
          `The cart "${cart}" can hold ${listNames([...new Set(foreign.map((p) => `"${p.name}" (${p.currency})`))])}, but this checkout charges in ${currency}, and one payment cannot mix currencies. Offer only products priced in ${currency}, or change the checkout's currency.`,
        ),
      )
  })
  return problems
}
