import { randomBytes, randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import type { EmulatorContext } from './EmulatorContext'
import type { Delivery, PaymentsEmulatorState } from './PaymentsEmulatorState'
import { paypalRoutes, view } from './paypalRoutes'
import { paypalSignature, stripeSignatureHeader } from './signatures'
import { stripeRoutes } from './stripeRoutes'

export interface PaymentsEmulatorOptions {
  stripe?: {
    secretKey: string
    /** The endpoint's signing secret (whsec_…). */
    webhookSecret: string
    webhookUrl?: string
  }
  paypal?: {
    clientId: string
    clientSecret: string
    webhookId: string
    /** The emulator's own key for webhook signatures (PayPal uses its certificate). */
    signingKey: string
    webhookUrl?: string
  }
  /** Tests: another clock. */
  now?: () => number
}

export interface PaymentsEmulator {
  app: FastifyInstance
  state: PaymentsEmulatorState
  /** Listens on 127.0.0.1 (port 0 = any) and resolves the origin, e.g. http://127.0.0.1:4242. */
  listen(port?: number): Promise<string>
  close(): Promise<void>
  setWebhookUrls(urls: { stripe?: string; paypal?: string }): void
  /** Sends a Stripe event about a session, signed (or tampered / dated) as asked. */
  sendStripeEvent(
    type: string,
    sessionId: string,
    opts?: { eventId?: string; timestampSec?: number; tamper?: boolean },
  ): Promise<Delivery>
  /** Sends a PayPal event, signed as PayPal would (or tampered). */
  sendPaypalEvent(
    type: string,
    resource: Record<string, unknown>,
    opts?: { eventId?: string; tamper?: boolean; transmissionTime?: string },
  ): Promise<Delivery>
  /** Pays a Stripe session as a buyer on the hosted page would. */
  completeStripeSession: EmulatorContext['completeStripeSession']
  expireStripeSession: EmulatorContext['expireStripeSession']
  approvePaypalOrder(id: string): Promise<void>
}

const DEFAULTS = {
  stripe: { secretKey: 'sk_test_emulator', webhookSecret: 'whsec_emulator' },
  paypal: {
    clientId: 'paypal-emulator-client',
    clientSecret: 'paypal-emulator-secret',
    webhookId: 'WH-EMULATOR',
    signingKey: 'paypal-emulator-signing-key',
  },
}

/**
 * A local Stripe and PayPal: the API subset Charla calls (through the official SDKs pointed
 * here), hosted payment pages a person can click through, and webhooks signed the way the
 * providers sign them. No accounts, no network.
 */
export function createPaymentsEmulator(options: PaymentsEmulatorOptions = {}): PaymentsEmulator {
  const now = options.now ?? Date.now
  const opts = {
    stripe: options.stripe ?? DEFAULTS.stripe,
    paypal: options.paypal ?? DEFAULTS.paypal,
  }
  const hooks = { stripe: options.stripe?.webhookUrl, paypal: options.paypal?.webhookUrl }
  const state: PaymentsEmulatorState = {
    stripeSessions: new Map(),
    stripeIdempotency: new Map(),
    stripeCreates: 0,
    paypalOrders: new Map(),
    paypalRequests: new Map(),
    paypalCreates: 0,
    paypalTokens: new Set(),
    deliveries: [],
    stripeCalls: [],
  }
  let origin = 'http://127.0.0.1'
  const app = Fastify({ logger: false })
  // PayPal's SDK posts captures as JSON with an empty body, which PayPal accepts.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, typeof body === 'string' && body.trim() ? JSON.parse(body) : {})
    } catch (err) {
      done(err instanceof Error ? err : new Error(String(err)), undefined)
    }
  })
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  )

  async function deliver(
    provider: 'stripe' | 'paypal',
    type: string,
    eventId: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<Delivery> {
    const url = hooks[provider]
    let delivery: Delivery
    if (!url) delivery = { provider, type, eventId, status: 0, body: 'no webhook URL' }
    else {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        })
        delivery = { provider, type, eventId, status: res.status, body: await res.text() }
      } catch (err) {
        delivery = { provider, type, eventId, status: 0, body: String(err) }
      }
    }
    state.deliveries.push(delivery)
    return delivery
  }

  async function sendStripeEvent(
    type: string,
    sessionId: string,
    o: { eventId?: string; timestampSec?: number; tamper?: boolean } = {},
  ): Promise<Delivery> {
    const session = state.stripeSessions.get(sessionId)
    if (!session) throw new Error(`no session ${sessionId}`)
    const created = Math.floor(now() / 1000)
    const eventId = o.eventId ?? `evt_test_${randomBytes(12).toString('hex')}`
    const event = {
      id: eventId,
      object: 'event',
      api_version: '2025-01-27.acacia',
      created,
      data: { object: session },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    }
    const body = JSON.stringify(event)
    const signature = stripeSignatureHeader(
      body,
      opts.stripe.webhookSecret,
      o.timestampSec ?? created,
    )
    const sent = o.tamper ? body.replace(/"amount_total":\d+/, '"amount_total":1') : body
    return deliver('stripe', type, eventId, sent, { 'stripe-signature': signature })
  }

  async function sendPaypalEvent(
    type: string,
    resource: Record<string, unknown>,
    o: { eventId?: string; tamper?: boolean; transmissionTime?: string } = {},
  ): Promise<Delivery> {
    const eventId = o.eventId ?? `WH-${randomBytes(8).toString('hex').toUpperCase()}`
    const event = {
      id: eventId,
      event_version: '1.0',
      create_time: new Date(now()).toISOString(),
      resource_type: type.startsWith('PAYMENT.CAPTURE') ? 'capture' : 'checkout-order',
      resource_version: '2.0',
      event_type: type,
      summary: type,
      resource,
      links: [],
    }
    const body = JSON.stringify(event)
    const t = {
      transmissionId: randomUUID(),
      transmissionTime: o.transmissionTime ?? new Date(now()).toISOString(),
      webhookId: opts.paypal.webhookId,
    }
    const sig = paypalSignature(opts.paypal.signingKey, t, body)
    const sent = o.tamper ? body.replace(/"value":"[^"]*"/, '"value":"0.01"') : body
    return deliver('paypal', type, eventId, sent, {
      'paypal-transmission-id': t.transmissionId,
      'paypal-transmission-time': t.transmissionTime,
      'paypal-transmission-sig': sig,
      'paypal-cert-url': `${origin}/v1/notifications/certs/CERT-EMULATOR`,
      'paypal-auth-algo': 'SHA256withRSA',
    })
  }

  const ctx: EmulatorContext = {
    state,
    opts,
    now,
    origin: () => origin,
    async completeStripeSession(id, buyer) {
      const s = state.stripeSessions.get(id)
      if (!s || s.status !== 'open') throw new Error(`session ${id} is not open`)
      s.status = 'complete'
      s.payment_status = 'paid'
      s.payment_intent = `pi_test_${randomBytes(12).toString('hex')}`
      s.customer_details = {
        email: buyer.email,
        name: buyer.name,
        phone: buyer.phone,
        address: buyer.address,
      }
      s.collected_information = {
        shipping_details:
          s.shipping_address_collection && buyer.address
            ? { name: buyer.name, address: buyer.address }
            : null,
      }
      s.url = null
      await sendStripeEvent('checkout.session.completed', id)
    },
    async expireStripeSession(id) {
      const s = state.stripeSessions.get(id)
      if (!s || s.status !== 'open') throw new Error(`session ${id} is not open`)
      s.status = 'expired'
      s.url = null
      await sendStripeEvent('checkout.session.expired', id)
    },
    async approvePaypalOrder(id, payer, address) {
      const order = state.paypalOrders.get(id)
      if (!order) throw new Error(`no PayPal order ${id}`)
      order.status = 'APPROVED'
      order.payer = payer
      if (address && order.shipping) order.shippingAddress = address
      await sendPaypalEvent('CHECKOUT.ORDER.APPROVED', view(order, origin))
    },
    async capturePaypalOrder(id) {
      const order = state.paypalOrders.get(id)
      if (!order) throw new Error(`no PayPal order ${id}`)
      order.status = 'COMPLETED'
      order.captureId = randomBytes(9).toString('hex').toUpperCase()
      const unit = order.purchase_units[0] as { amount?: unknown; custom_id?: string }
      // PayPal sends this after answering the capture call.
      setImmediate(() => {
        void sendPaypalEvent('PAYMENT.CAPTURE.COMPLETED', {
          id: order.captureId,
          status: 'COMPLETED',
          amount: unit.amount,
          final_capture: true,
          ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
          supplementary_data: { related_ids: { order_id: order.id } },
          create_time: new Date(now()).toISOString(),
        })
      })
    },
  }

  // Before the routes' own hooks: a call is recorded, and an outage answers before auth.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/') || request.url.startsWith('/v1/oauth2')) return
    if (request.url.startsWith('/v1/notifications')) return
    state.stripeCalls.push(`${request.method} ${request.url.split('?')[0]}`)
    const outage = state.stripeOutage
    if (!outage || outage.remaining <= 0) return
    outage.remaining--
    // Stripe's own hint, honoured by its SDK: do not retry inside this call.
    return reply
      .code(outage.status)
      .header('stripe-should-retry', 'false')
      .send({ error: { type: 'api_error', message: 'emulated outage' } })
  })
  stripeRoutes(app, ctx)
  paypalRoutes(app, ctx)

  return {
    app,
    state,
    async listen(port = 0) {
      await app.listen({ port, host: '127.0.0.1' })
      const address = app.server.address()
      origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`
      return origin
    },
    close: () => app.close(),
    setWebhookUrls(urls) {
      if (urls.stripe !== undefined) hooks.stripe = urls.stripe
      if (urls.paypal !== undefined) hooks.paypal = urls.paypal
    },
    sendStripeEvent,
    sendPaypalEvent,
    completeStripeSession: ctx.completeStripeSession,
    expireStripeSession: ctx.expireStripeSession,
    async approvePaypalOrder(id) {
      await ctx.approvePaypalOrder(
        id,
        {
          name: { given_name: 'Ana', surname: 'García' },
          email_address: 'ana@example.com',
          payer_id: 'PAYEREMU1',
        },
        {
          address_line_1: 'Calle Mayor 1',
          admin_area_2: 'Madrid',
          admin_area_1: 'Madrid',
          postal_code: '28013',
          country_code: 'ES',
        },
      )
    },
  }
}
