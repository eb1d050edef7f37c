import { LIMITS, type CatalogNode, type Product } from '@charla/flow-schema'
import {
  eventPayload,
  eventText,
  go,
  unhandled,
  waitFor,
  type NodeHandler,
  type Outcome,
} from '../NodeHandler'
import { formatMoney } from '../format'
import { makePayload, parsePayload } from '../payload'
import { phrase } from '../phrase'
import type { Run } from '../Run'
import { truncate } from '../truncate'
import { quickReply, send, sendText } from '../send'
import { fold } from '../validateAnswer'
import { readVariable, render, writeVariable } from '../variables'

/**
 * Shows the products as a carousel. In `single` mode a tap selects one product; in `cart` mode
 * each tap adds to the cart variable (a list of product ids; repeats are quantities) until the
 * person chooses to check out.
 */
export const catalog: NodeHandler<'catalog'> = {
  enter(run, node) {
    return show(run, node)
  },
  resume(run, node, wait, event) {
    if (wait.kind !== 'catalog') return unhandled
    if (event.type !== 'message' && event.type !== 'postback') return unhandled
    const parsed = parsePayload(eventPayload(event))
    const value =
      parsed?.scope === 'p' && parsed.nodeId === node.id
        ? parsed.value
        : byName(run, node, eventText(event))
    if (value === 'checkout') return go('selected')
    if (value === 'more') return show(run, node)
    const product =
      value === undefined ? undefined : products(run, node).find((p) => p.id === value)
    if (!product) return go('fallback')
    if (node.data.mode === 'single') {
      writeVariable(run, node.data.cartVariable, [product.id])
      return go('selected')
    }
    const cart = [...asList(readVariable(run, node.data.cartVariable)), product.id]
    writeVariable(run, node.data.cartVariable, cart)
    const total = cart.reduce((sum, id) => sum + (findProduct(run, id)?.priceMinor ?? 0), 0)
    const ph = node.data.phrases
    sendText(
      run,
      phrase(
        run,
        'cart_added',
        {
          product: product.name,
          count: cart.length,
          total: formatMoney(run.locale, total, product.currency),
        },
        ph,
      ),
      {
        nodeId: node.id,
        quickReplies: [
          quickReply(phrase(run, 'checkout', {}, ph), makePayload('p', node.id, 'checkout')),
          quickReply(phrase(run, 'keep_shopping', {}, ph), makePayload('p', node.id, 'more')),
        ],
      },
    )
    return waitFor({ kind: 'catalog', nodeId: node.id })
  },
}

function show(run: Run, node: CatalogNode): Outcome {
  if (node.data.text) sendText(run, render(run, node.data.text), { nodeId: node.id })
  send(
    run,
    {
      kind: 'cards',
      cards: products(run, node).map((p) => ({
        title: p.name,
        subtitle: subtitleOf(run, p),
        ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
        buttons: [
          {
            type: 'postback' as const,
            title: render(run, node.data.buttonTitle),
            payload: makePayload('p', node.id, p.id),
          },
        ],
      })),
    },
    { nodeId: node.id },
  )
  return waitFor({ kind: 'catalog', nodeId: node.id })
}

/** Description and price in 80 characters: a long description is cut, never the price. */
function subtitleOf(run: Run, p: Product): string {
  const price = formatMoney(run.locale, p.priceMinor, p.currency)
  if (!p.description) return price
  return `${truncate(p.description, LIMITS.cardSubtitleChars - [...price].length - 3)} · ${price}`
}

function products(run: Run, node: CatalogNode): Product[] {
  return node.data.productIds.flatMap((id) => findProduct(run, id) ?? [])
}

export function findProduct(run: Run, id: string): Product | undefined {
  return run.flow.resources.products?.find((p) => p.id === id)
}

function byName(run: Run, node: CatalogNode, text: string | undefined): string | undefined {
  if (!text) return undefined
  const wanted = fold(text)
  const ph = node.data.phrases
  if (wanted === fold(phrase(run, 'checkout', {}, ph))) return 'checkout'
  if (wanted === fold(phrase(run, 'keep_shopping', {}, ph))) return 'more'
  return products(run, node).find((p) => fold(p.name) === wanted)?.id
}

export function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' && value ? [value] : []
}
