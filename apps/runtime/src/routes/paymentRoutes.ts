import type { PaymentProvider, Storage } from '@charla/storage'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import { applyPaymentUpdate, type PaymentUpdate } from '../payments/applyPaymentUpdate'
import type { PaymentProviders } from '../payments/createPaymentProviders'
import { openProviderSession } from '../payments/openProviderSession'
import {
  capturePaypalOrder,
  paypalEventSchema,
  paypalHeadersSchema,
  paypalUpdate,
  verifyPaypalWebhook,
} from '../payments/paypalUpdate'
import { resultPage } from '../payments/resultPage'
import { stripeUpdate } from '../payments/stripeUpdate'

export interface PaymentRoutesOptions {
  storage: Storage
  now: () => number
  /** Read per request: the demo provider is wired after the app listens. */
  providers: () => PaymentProviders
  publicUrl: () => string
  /** Wakes the inbox worker once a payment event is queued. */
  onEvents: () => void
  /** Wakes the relay once messages are queued directly (a receipt for a late payment). */
  onOutbox?: () => void
}

/** Seconds a provider's signature stays valid: older deliveries are refused as replays. */
export const SIGNATURE_TOLERANCE_SEC = 300

const viaSchema = z.object({ via: z.enum(['stripe', 'paypal']).optional() })
const tokenSchema = z.object({ token: z.string().regex(/^[\w-]{16,64}$/) })

/**
 * Public payment routes: `/pay/<token>` opens the provider's page for the order (creating it
 * lazily), the success and cancel pages lead back to Messenger, and the providers' webhooks
 * (raw body, verified with the official SDKs) move orders and resume conversations.
 */
export const paymentRoutes: FastifyPluginAsync<PaymentRoutesOptions> = async (app, opts) => {
  const { storage, now } = opts
  // The webhooks are verified over the exact bytes sent: keep the raw body.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  )
  const html = (reply: FastifyReply, page: { status: number; html: string }) =>
    reply
      .code(page.status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page.html)
  const notFound = (reply: FastifyReply) =>
    html(
      reply,
      resultPage({
        title: 'Payment link not found',
        text: 'This payment link is not valid. Ask for a new one in the chat.',
        pageId: '',
        status: 404,
      }),
    )

  app.get('/pay/:token', async (request, reply) => {
    const params = tokenSchema.safeParse(request.params)
    const query = viaSchema.safeParse(request.query)
    if (!params.success || !query.success) return notFound(reply)
    const order = await storage.orders.getByToken(params.data.token)
    if (!order) return notFound(reply)
    const pageId = order.pageId
    if (order.status === 'paid' || order.status === 'shipped' || order.status === 'refunded')
      return html(
        reply,
        resultPage({
          title: 'Already paid',
          text: `Order ${order.id} is paid. Thank you!`,
          pageId,
          status: 200,
        }),
      )
    if (order.status !== 'pending' || order.expiresAt <= now())
      return html(
        reply,
        resultPage({
          title: 'This payment link has expired',
          text: 'Go back to the chat to start a new order.',
          pageId,
          status: 410,
        }),
      )
    const provider: PaymentProvider | undefined = query.data.via ?? order.providers[0]
    if (!provider || !order.providers.includes(provider)) return notFound(reply)
    const base = `${opts.publicUrl()}/pay/${order.token}`
    const result = await openProviderSession(
      storage,
      opts.providers(),
      order,
      provider,
      { success: `${base}/done?via=${provider}`, cancel: `${base}/cancel` },
      now(),
    )
    if (result.ok) return reply.redirect(result.redirect, 303)
    request.log.warn(
      { orderId: order.id, provider, reason: result.reason, detail: result.detail },
      'could not open the payment page',
    )
    return html(
      reply,
      resultPage({
        title: 'Payment is unavailable right now',
        text: 'Please try again in a minute.',
        pageId,
        status: 503,
      }),
    )
  })

  app.get('/pay/:token/done', async (request, reply) => {
    const params = tokenSchema.safeParse(request.params)
    if (!params.success) return notFound(reply)
    let order = await storage.orders.getByToken(params.data.token)
    if (!order) return notFound(reply)
    // Coming back from PayPal: capture now rather than wait for the approval webhook.
    const paypal = opts.providers().paypal
    const paypalToken = (request.query as { token?: unknown }).token
    if (
      order.status === 'pending' &&
      paypal &&
      order.provider === 'paypal' &&
      order.providerOrderId &&
      paypalToken === order.providerOrderId
    ) {
      try {
        const captured = await capturePaypalOrder(paypal, order, order.providerOrderId)
        const { result } = await applyPaymentUpdate(
          storage,
          {
            provider: 'paypal',
            eventId: `return:${order.providerOrderId}`,
            type: 'return',
            orderId: order.id,
            ...captured,
          },
          now(),
        )
        if (result === 'moved') opts.onEvents()
        order = (await storage.orders.get(order.id)) ?? order
      } catch (err) {
        request.log.warn({ err, orderId: order.id }, 'could not capture the PayPal order on return')
      }
    }
    const paid = order.status === 'paid' || order.status === 'shipped'
    return html(
      reply,
      resultPage({
        title: paid ? 'Thank you! Payment received' : 'Thank you! We are confirming your payment',
        text: paid
          ? `Order ${order.id} is paid. Your receipt is waiting in Messenger.`
          : `Order ${order.id}: we will confirm in Messenger as soon as the payment arrives.`,
        pageId: order.pageId,
        status: 200,
      }),
    )
  })

  app.get('/pay/:token/cancel', async (request, reply) => {
    const params = tokenSchema.safeParse(request.params)
    if (!params.success) return notFound(reply)
    const order = await storage.orders.getByToken(params.data.token)
    if (!order) return notFound(reply)
    return html(
      reply,
      resultPage({
        title: 'Payment cancelled',
        text: 'Nothing was charged. You can go back to the chat and pay later with the same button.',
        pageId: order.pageId,
        status: 200,
      }),
    )
  })

  const settle = async (update: PaymentUpdate | undefined) => {
    if (!update) return { ok: true, result: 'ignored' }
    const { result, messagesQueued } = await applyPaymentUpdate(storage, update, now())
    if (result === 'moved') opts.onEvents()
    if (messagesQueued) opts.onOutbox?.()
    return { ok: true, result }
  }

  app.post('/webhooks/stripe', async (request, reply) => {
    const stripe = opts.providers().stripe
    if (!stripe) return reply.code(404).send({ error: 'Stripe is not configured' })
    const signature = request.headers['stripe-signature']
    if (!Buffer.isBuffer(request.body) || typeof signature !== 'string')
      return reply
        .code(400)
        .send({ error: 'a Stripe webhook needs its raw body and Stripe-Signature' })
    let event
    try {
      event = stripe.client.webhooks.constructEvent(
        request.body,
        signature,
        stripe.webhookSecret,
        SIGNATURE_TOLERANCE_SEC,
      )
    } catch (err) {
      request.log.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'refused a Stripe webhook',
      )
      return reply.code(400).send({ error: 'invalid signature' })
    }
    return settle(await stripeUpdate(stripe.client, event))
  })

  app.post('/webhooks/paypal', async (request, reply) => {
    const paypal = opts.providers().paypal
    if (!paypal) return reply.code(404).send({ error: 'PayPal is not configured' })
    const headers = paypalHeadersSchema.safeParse(request.headers)
    if (!Buffer.isBuffer(request.body) || !headers.success)
      return reply
        .code(400)
        .send({ error: 'a PayPal webhook needs its body and transmission headers' })
    let raw: unknown
    try {
      raw = JSON.parse(request.body.toString('utf8'))
    } catch {
      return reply.code(400).send({ error: 'the body is not JSON' })
    }
    if (!(await verifyPaypalWebhook(paypal, headers.data, raw, now(), SIGNATURE_TOLERANCE_SEC))) {
      request.log.warn({}, 'refused a PayPal webhook')
      return reply.code(400).send({ error: 'invalid signature' })
    }
    const event = paypalEventSchema.safeParse(raw)
    if (!event.success) return { ok: true, result: 'ignored' }
    return settle(await paypalUpdate(paypal, storage, event.data))
  })
}
