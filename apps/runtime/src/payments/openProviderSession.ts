import {
  CheckoutPaymentIntent,
  PaypalExperienceUserAction,
  PaypalWalletContextShippingPreference,
} from '@paypal/paypal-server-sdk'
import type { Order, PaymentProvider, Storage } from '@charla/storage'
import { STRIPE_SESSION_MAX_MS } from '../business/checkout/createCheckoutHandlers'
import type { PaymentProviders } from './createPaymentProviders'
import { majorUnits } from './majorUnits'

/**
 * Where Stripe may ship to when the checkout collects an address. Stripe wants the list; these
 * are the countries a small shop most often ships to.
 */
export const SHIPPING_COUNTRIES = [
  'AT',
  'AU',
  'BE',
  'BG',
  'BR',
  'CA',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'JP',
  'LT',
  'LU',
  'LV',
  'MT',
  'MX',
  'NL',
  'NO',
  'NZ',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'US',
] as const

export type OpenResult =
  | { ok: true; redirect: string }
  | { ok: false; reason: 'not_configured' | 'not_open' | 'provider_error'; detail?: string }

/**
 * Opens (or reopens) the provider's hosted page for a pending order. Created lazily, because
 * provider sessions expire; every creation carries the order's idempotency key, so a retried or
 * doubled request gets the same session and never a second one.
 */
export async function openProviderSession(
  storage: Storage,
  providers: PaymentProviders,
  order: Order,
  provider: PaymentProvider,
  urls: { success: string; cancel: string },
  now: number,
): Promise<OpenResult> {
  if (order.status !== 'pending') return { ok: false, reason: 'not_open' }
  try {
    if (provider === 'stripe') {
      const stripe = providers.stripe?.client
      if (!stripe) return { ok: false, reason: 'not_configured' }
      if (order.provider === 'stripe' && order.providerSessionId) {
        const existing = await stripe.checkout.sessions.retrieve(order.providerSessionId)
        if (existing.status === 'open' && existing.url) return { ok: true, redirect: existing.url }
      }
      const nowSec = Math.floor(now / 1000)
      // Stripe takes 30 minutes to 24 hours; the order's own expiry decides within that.
      const expiresAt = Math.min(
        Math.max(Math.floor(order.expiresAt / 1000), nowSec + 31 * 60),
        nowSec + 23 * 3600,
      )
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: order.id,
          metadata: { order_id: order.id, page_id: order.pageId, psid: order.psid },
          payment_intent_data: { metadata: { order_id: order.id } },
          line_items: order.items.map((i) => ({
            quantity: i.quantity,
            price_data: {
              currency: order.currency.toLowerCase(),
              unit_amount: i.unitMinor,
              product_data: { name: i.name, ...(i.imageUrl ? { images: [i.imageUrl] } : {}) },
            },
          })),
          success_url: `${urls.success}${urls.success.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: urls.cancel,
          expires_at: expiresAt,
          ...(order.collect.shippingAddress
            ? { shipping_address_collection: { allowed_countries: [...SHIPPING_COUNTRIES] } }
            : {}),
          ...(order.collect.phone ? { phone_number_collection: { enabled: true } } : {}),
        },
        { idempotencyKey: `${order.idempotencyKey}:stripe` },
      )
      const attached = await storage.orders.attachSession(
        order.id,
        'stripe',
        { sessionId: session.id },
        now,
      )
      if (!attached) {
        // The order expired (or was paid) while Stripe made the session: close it again.
        await storage.orders.queueProviderTask(
          {
            kind: 'stripe_expire_session',
            orderId: order.id,
            ref: session.id,
            runAt: now,
            deadline: now + STRIPE_SESSION_MAX_MS,
          },
          now,
        )
        return { ok: false, reason: 'not_open' }
      }
      if (!session.url) return { ok: false, reason: 'provider_error', detail: 'no session url' }
      return { ok: true, redirect: session.url }
    }

    const paypal = providers.paypal
    if (!paypal) return { ok: false, reason: 'not_configured' }
    if (order.provider === 'paypal' && order.providerOrderId) {
      const { result } = await paypal.orders.getOrder({ id: order.providerOrderId })
      const link = approveLink(result.links)
      if (link && (result.status === 'PAYER_ACTION_REQUIRED' || result.status === 'CREATED'))
        return { ok: true, redirect: link }
    }
    const money = (minor: number) => ({
      currencyCode: order.currency,
      value: majorUnits(minor, order.currency),
    })
    const { result } = await paypal.orders.createOrder({
      paypalRequestId: `${order.idempotencyKey}:paypal`,
      prefer: 'return=minimal',
      body: {
        intent: CheckoutPaymentIntent.Capture,
        purchaseUnits: [
          {
            referenceId: order.id,
            customId: order.id,
            invoiceId: order.id,
            amount: {
              ...money(order.totalMinor),
              breakdown: { itemTotal: money(order.totalMinor) },
            },
            items: order.items.map((i) => ({
              name: i.name.slice(0, 127),
              quantity: String(i.quantity),
              unitAmount: money(i.unitMinor),
            })),
          },
        ],
        paymentSource: {
          paypal: {
            experienceContext: {
              returnUrl: urls.success,
              cancelUrl: urls.cancel,
              shippingPreference: order.collect.shippingAddress
                ? PaypalWalletContextShippingPreference.GetFromFile
                : PaypalWalletContextShippingPreference.NoShipping,
              userAction: PaypalExperienceUserAction.PayNow,
            },
          },
        },
      },
    })
    const link = approveLink(result.links)
    if (!result.id || !link)
      return { ok: false, reason: 'provider_error', detail: 'no approve link' }
    await storage.orders.attachSession(order.id, 'paypal', { orderId: result.id }, now)
    return { ok: true, redirect: link }
  } catch (err) {
    return {
      ok: false,
      reason: 'provider_error',
      detail: err instanceof Error ? err.message : String(err),
    }
  }
}

function approveLink(links: { href: string; rel: string }[] | undefined): string | undefined {
  return links?.find((l) => l.rel === 'payer-action' || l.rel === 'approve')?.href
}
