import { randomBytes, randomUUID } from 'node:crypto'
import type { PaymentProvider } from '@charla/storage'
import type { BusinessHandlers } from '../BusinessHandlers'

/** Order numbers people can read out: no 0/O or 1/I to confuse. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

export function orderNumber(): string {
  const bytes = randomBytes(8)
  return `CH-${[...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')}`
}

/** The longest a Stripe Checkout Session stays open; it has closed itself after that. */
export const STRIPE_SESSION_MAX_MS = 24 * 3600_000

export interface CheckoutDeps {
  publicUrl: string
  /** The providers this runtime can take payments with right now. */
  paymentProviders: () => PaymentProvider[]
}

/**
 * `create_checkout` makes a pending order (unguessable token, idempotency key) and answers
 * with the payment links; the provider's page itself is made when the link is opened.
 * `expire_checkout` ends a still-pending order. Both write inside the step's transaction.
 */
export function createCheckoutHandlers(
  deps: CheckoutDeps,
): Pick<BusinessHandlers, 'create_checkout' | 'expire_checkout'> {
  return {
    async create_checkout(tx, action, ctx) {
      const available = deps.paymentProviders()
      const wanted: PaymentProvider[] =
        action.provider === 'choice' ? ['stripe', 'paypal'] : [action.provider]
      const providers = wanted.filter((p) => available.includes(p))
      if (!providers.length || action.totalMinor <= 0) {
        ctx.log.warn(
          { pageId: ctx.page.id, wanted, available },
          'checkout: no configured payment provider for this node',
        )
        return [{ type: 'checkout_created', requestId: action.requestId, ok: false }]
      }
      const token = randomBytes(24).toString('base64url')
      const order = await tx.orders.create({
        id: orderNumber(),
        token,
        pageId: ctx.page.id,
        psid: ctx.psid,
        flowVersionId: ctx.flowVersionId,
        nodeId: action.nodeId,
        items: action.items,
        currency: action.currency,
        totalMinor: action.totalMinor,
        providers,
        idempotencyKey: randomUUID(),
        collect: action.collect,
        expiresAt: ctx.now + action.expiresMinutes * 60_000,
        createdAt: ctx.now,
      })
      const link = (p: PaymentProvider) =>
        `${deps.publicUrl}/pay/${token}${providers.length > 1 ? `?via=${p}` : ''}`
      return [
        {
          type: 'checkout_created',
          requestId: action.requestId,
          ok: true,
          orderId: order.id,
          urls: Object.fromEntries(providers.map((p) => [p, link(p)])),
        },
      ]
    },

    async expire_checkout(tx, action, ctx) {
      // Compare-and-set: an order paid a moment ago stays paid.
      const expired = await tx.orders.transition(
        action.orderId,
        ['pending'],
        'expired',
        {},
        ctx.now,
      )
      // Stripe keeps a session open for at least 30 minutes (and up to 24 hours): close it there
      // too, after this commit, so the person cannot pay an order the conversation gave up on.
      if (expired?.provider === 'stripe' && expired.providerSessionId)
        await tx.orders.queueProviderTask(
          {
            kind: 'stripe_expire_session',
            orderId: expired.id,
            ref: expired.providerSessionId,
            runAt: ctx.now,
            deadline: ctx.now + STRIPE_SESSION_MAX_MS,
          },
          ctx.now,
        )
      return []
    },
  }
}
