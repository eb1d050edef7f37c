import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { EmulatorContext } from './EmulatorContext'
import { parseStripeForm } from './parseStripeForm'
import { money, paymentPage } from './pages'
import type { StripeAddress, StripeSession } from './PaymentsEmulatorState'

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`

/** Stripe's error envelope. */
function stripeError(reply: FastifyReply, status: number, message: string, param?: string) {
  return reply
    .code(status)
    .send({ error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) } })
}

/** The Checkout Sessions API (create, retrieve, expire), PaymentIntents, and the hosted page. */
export function stripeRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state, opts } = ctx
  const authorized = (auth: string | undefined) =>
    auth === `Bearer ${opts.stripe.secretKey}` ||
    auth === `Basic ${Buffer.from(`${opts.stripe.secretKey}:`).toString('base64')}`

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/') || request.url.startsWith('/v1/oauth2')) return
    if (request.url.startsWith('/v1/notifications')) return
    if (!authorized(request.headers.authorization))
      return reply
        .code(401)
        .send({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } })
  })

  app.post('/v1/checkout/sessions', async (request, reply) => {
    const key = request.headers['idempotency-key']
    if (typeof key === 'string') {
      const existing = state.stripeIdempotency.get(key)
      const session = existing && state.stripeSessions.get(existing)
      if (session) return reply.header('idempotent-replayed', 'true').send(session)
    }
    const form = parseStripeForm(typeof request.body === 'string' ? request.body : '')
    const lines = Array.isArray(form.line_items)
      ? (form.line_items as Record<string, unknown>[])
      : []
    if (form.mode !== 'payment') return stripeError(reply, 400, 'mode must be payment', 'mode')
    if (!lines.length) return stripeError(reply, 400, 'line_items is required', 'line_items')
    if (typeof form.success_url !== 'string')
      return stripeError(reply, 400, 'success_url is required', 'success_url')
    const items: StripeSession['line_items'] = []
    let currency = ''
    for (const [i, line] of lines.entries()) {
      const price = line.price_data as Record<string, unknown> | undefined
      const product = price?.product_data as Record<string, unknown> | undefined
      const unit = Number(price?.unit_amount)
      const quantity = Number(line.quantity)
      if (!price || !product?.name || !Number.isInteger(unit) || !Number.isInteger(quantity))
        return stripeError(reply, 400, `line_items[${i}] is incomplete`, `line_items[${i}]`)
      currency = String(price.currency)
      items.push({ name: String(product.name), quantity, unit_amount: unit })
    }
    const now = Math.floor(ctx.now() / 1000)
    const expiresAt = form.expires_at ? Number(form.expires_at) : now + 24 * 3600
    if (expiresAt < now + 30 * 60 - 5 || expiresAt > now + 24 * 3600 + 5)
      return stripeError(
        reply,
        400,
        'expires_at must be between 30 minutes and 24 hours from now',
        'expires_at',
      )
    const sessionId = id('cs')
    const shipping = form.shipping_address_collection as
      { allowed_countries?: string[] } | undefined
    const session: StripeSession = {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      client_reference_id:
        typeof form.client_reference_id === 'string' ? form.client_reference_id : null,
      metadata: (form.metadata as Record<string, string> | undefined) ?? {},
      currency,
      amount_total: items.reduce((s, i) => s + i.unit_amount * i.quantity, 0),
      line_items: items,
      success_url: form.success_url,
      cancel_url: typeof form.cancel_url === 'string' ? form.cancel_url : form.success_url,
      url: `${ctx.origin()}/stripe/pay/${sessionId}`,
      expires_at: expiresAt,
      created: now,
      payment_intent: null,
      customer_email: typeof form.customer_email === 'string' ? form.customer_email : null,
      customer_details: null,
      collected_information: null,
      shipping_address_collection: shipping
        ? { allowed_countries: shipping.allowed_countries ?? [] }
        : null,
      phone_number_collection: {
        enabled: (form.phone_number_collection as { enabled?: string })?.enabled === 'true',
      },
    }
    state.stripeSessions.set(sessionId, session)
    state.stripeCreates++
    if (typeof key === 'string') state.stripeIdempotency.set(key, sessionId)
    return session
  })

  app.get<{ Params: { id: string } }>('/v1/checkout/sessions/:id', async (request, reply) => {
    const session = state.stripeSessions.get(request.params.id)
    if (!session) return stripeError(reply, 404, `No such checkout.session: ${request.params.id}`)
    return session
  })

  app.post<{ Params: { id: string } }>(
    '/v1/checkout/sessions/:id/expire',
    async (request, reply) => {
      const session = state.stripeSessions.get(request.params.id)
      if (!session) return stripeError(reply, 404, `No such checkout.session: ${request.params.id}`)
      if (session.status !== 'open')
        return stripeError(
          reply,
          400,
          `Only Checkout Sessions with a status of open can be expired`,
        )
      await ctx.expireStripeSession(session.id)
      return session
    },
  )

  app.get<{ Params: { id: string } }>('/v1/payment_intents/:id', async (request) => ({
    id: request.params.id,
    object: 'payment_intent',
    status: 'succeeded',
    latest_charge: {
      id: `ch_${request.params.id.slice(3)}`,
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242' } },
    },
  }))

  app.get<{ Params: { id: string } }>('/stripe/pay/:id', async (request, reply) => {
    const s = state.stripeSessions.get(request.params.id)
    if (!s) return reply.code(404).type('text/html').send('<h1>Unknown checkout</h1>')
    if (s.status !== 'open')
      return reply.type('text/html').send(`<h1>This checkout is ${s.status}.</h1>`)
    return reply.type('text/html').send(
      paymentPage({
        brand: 'Stripe',
        title: 'Pay Charla shop',
        amount: money(s.amount_total, s.currency.toUpperCase()),
        lines: s.line_items.map((l) => ({
          name: l.name,
          quantity: l.quantity,
          amount: money(l.unit_amount * l.quantity, s.currency.toUpperCase()),
        })),
        action: `/stripe/pay/${s.id}`,
        cancelUrl: s.cancel_url,
        collect: {
          address: s.shipping_address_collection !== null,
          phone: s.phone_number_collection.enabled,
          email: true,
        },
      }),
    )
  })

  app.post<{ Params: { id: string } }>('/stripe/pay/:id', async (request, reply) => {
    const s = state.stripeSessions.get(request.params.id)
    if (!s || s.status !== 'open')
      return reply.code(409).type('text/html').send('<h1>This checkout is no longer open.</h1>')
    const form = parseStripeForm(typeof request.body === 'string' ? request.body : '')
    const text = (k: string) => (typeof form[k] === 'string' ? form[k] : '')
    await ctx.completeStripeSession(s.id, {
      name: text('name'),
      email: text('email') || 'ana@example.com',
      phone: text('phone') || null,
      address: text('line1')
        ? {
            line1: text('line1'),
            line2: null,
            city: text('city'),
            postal_code: text('postal_code'),
            state: text('state') || null,
            country: text('country'),
          }
        : null,
    })
    return reply.redirect(s.success_url.replace('{CHECKOUT_SESSION_ID}', s.id), 303)
  })
}

export interface StripeBuyer {
  name: string
  email: string
  phone: string | null
  address: StripeAddress | null
}
