import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { EmulatorContext } from './EmulatorContext'
import { paymentPage } from './pages'
import { parseStripeForm } from './parseStripeForm'
import { paypalSignature, sameSignature } from './signatures'
import type { PaypalOrder } from './PaymentsEmulatorState'

const ppId = () => randomBytes(9).toString('hex').toUpperCase().slice(0, 17)

function ppError(reply: FastifyReply, status: number, name: string, message: string) {
  return reply.code(status).send({ name, message, debug_id: randomBytes(6).toString('hex') })
}

/** OAuth, Orders v2 (create, get, capture), the approve page, and verify-webhook-signature. */
export function paypalRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state, opts } = ctx
  const bearer = (auth: string | undefined) =>
    auth?.startsWith('Bearer ') && state.paypalTokens.has(auth.slice(7))

  app.post('/v1/oauth2/token', async (request, reply) => {
    const basic = `Basic ${Buffer.from(`${opts.paypal.clientId}:${opts.paypal.clientSecret}`).toString('base64')}`
    if (request.headers.authorization !== basic)
      return reply
        .code(401)
        .send({ error: 'invalid_client', error_description: 'Client Authentication failed' })
    const token = `A21AA${randomBytes(16).toString('hex')}`
    state.paypalTokens.add(token)
    return {
      scope: 'https://uri.paypal.com/services/payments/payment',
      access_token: token,
      token_type: 'Bearer',
      app_id: 'APP-EMULATOR',
      expires_in: 32400,
      nonce: token.slice(5, 20),
    }
  })

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v2/') && !request.url.startsWith('/v1/notifications')) return
    if (!bearer(request.headers.authorization))
      return ppError(
        reply,
        401,
        'AUTHENTICATION_FAILURE',
        'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
      )
  })

  app.post('/v2/checkout/orders', async (request, reply) => {
    const requestId = request.headers['paypal-request-id']
    if (typeof requestId === 'string') {
      const existing = state.paypalRequests.get(requestId)
      const order = existing && state.paypalOrders.get(existing)
      if (order) return reply.code(200).send(view(order, ctx.origin()))
    }
    const body = request.body as Record<string, unknown>
    const units = body?.purchase_units
    if (body?.intent !== 'CAPTURE' || !Array.isArray(units) || !units.length)
      return ppError(
        reply,
        422,
        'UNPROCESSABLE_ENTITY',
        'intent CAPTURE and purchase_units are required',
      )
    const exp = (
      body.payment_source as { paypal?: { experience_context?: Record<string, string> } }
    )?.paypal?.experience_context
    if (!exp?.return_url)
      return ppError(reply, 422, 'UNPROCESSABLE_ENTITY', 'return_url is required')
    const order: PaypalOrder = {
      id: ppId(),
      intent: 'CAPTURE',
      status: 'PAYER_ACTION_REQUIRED',
      purchase_units: units as Record<string, unknown>[],
      returnUrl: exp.return_url,
      cancelUrl: exp.cancel_url ?? exp.return_url,
      shipping: exp.shipping_preference !== 'NO_SHIPPING',
      create_time: new Date(ctx.now()).toISOString(),
    }
    state.paypalOrders.set(order.id, order)
    state.paypalCreates++
    if (typeof requestId === 'string') state.paypalRequests.set(requestId, order.id)
    return reply.code(200).send(view(order, ctx.origin()))
  })

  app.get<{ Params: { id: string } }>('/v2/checkout/orders/:id', async (request, reply) => {
    const order = state.paypalOrders.get(request.params.id)
    if (!order)
      return ppError(reply, 404, 'RESOURCE_NOT_FOUND', 'The specified resource does not exist.')
    return view(order, ctx.origin())
  })

  app.post<{ Params: { id: string } }>(
    '/v2/checkout/orders/:id/capture',
    async (request, reply) => {
      const order = state.paypalOrders.get(request.params.id)
      if (!order)
        return ppError(reply, 404, 'RESOURCE_NOT_FOUND', 'The specified resource does not exist.')
      if (order.status === 'COMPLETED') {
        // A capture retried with the same PayPal-Request-Id answers the same; otherwise PayPal
        // says the order was already captured.
        if (request.headers['paypal-request-id'])
          return reply.code(201).send(view(order, ctx.origin()))
        return ppError(reply, 422, 'UNPROCESSABLE_ENTITY', 'ORDER_ALREADY_CAPTURED')
      }
      if (order.status !== 'APPROVED')
        return ppError(reply, 422, 'UNPROCESSABLE_ENTITY', 'ORDER_NOT_APPROVED')
      await ctx.capturePaypalOrder(order.id)
      return reply.code(201).send(view(order, ctx.origin()))
    },
  )

  app.post('/v1/notifications/verify-webhook-signature', async (request, reply) => {
    const b = request.body as Record<string, unknown>
    const fields = [
      'auth_algo',
      'cert_url',
      'transmission_id',
      'transmission_sig',
      'transmission_time',
      'webhook_id',
    ]
    if (!b || fields.some((f) => typeof b[f] !== 'string') || typeof b.webhook_event !== 'object')
      return ppError(reply, 400, 'VALIDATION_ERROR', 'Invalid request - see details')
    const expected = paypalSignature(
      opts.paypal.signingKey,
      {
        transmissionId: String(b.transmission_id),
        transmissionTime: String(b.transmission_time),
        webhookId: String(b.webhook_id),
      },
      JSON.stringify(b.webhook_event),
    )
    const ok =
      b.webhook_id === opts.paypal.webhookId && sameSignature(expected, String(b.transmission_sig))
    return { verification_status: ok ? 'SUCCESS' : 'FAILURE' }
  })

  app.get<{ Querystring: { token?: string } }>('/paypal/checkoutnow', async (request, reply) => {
    const order = state.paypalOrders.get(request.query.token ?? '')
    if (!order) return reply.code(404).type('text/html').send('<h1>Unknown order</h1>')
    if (order.status !== 'PAYER_ACTION_REQUIRED')
      return reply.type('text/html').send(`<h1>This order is ${order.status.toLowerCase()}.</h1>`)
    const unit = order.purchase_units[0] as {
      amount: { currency_code: string; value: string }
      items?: { name: string; quantity: string; unit_amount: { value: string } }[]
    }
    const currency = unit.amount.currency_code
    return reply.type('text/html').send(
      paymentPage({
        brand: 'PayPal',
        title: 'Pay with PayPal',
        amount: `${currency} ${unit.amount.value}`,
        lines: (unit.items ?? []).map((i) => ({
          name: i.name,
          quantity: Number(i.quantity),
          amount: `${currency} ${(Number(i.unit_amount.value) * Number(i.quantity)).toFixed(unit.amount.value.split('.')[1]?.length ?? 0)}`,
        })),
        action: `/paypal/checkoutnow?token=${order.id}`,
        cancelUrl: order.cancelUrl,
        collect: { address: order.shipping, phone: false, email: true },
      }),
    )
  })

  app.post<{ Querystring: { token?: string } }>('/paypal/checkoutnow', async (request, reply) => {
    const order = state.paypalOrders.get(request.query.token ?? '')
    if (!order || order.status !== 'PAYER_ACTION_REQUIRED')
      return reply
        .code(409)
        .type('text/html')
        .send('<h1>This order can no longer be approved.</h1>')
    const form = parseStripeForm(typeof request.body === 'string' ? request.body : '')
    const text = (k: string) => (typeof form[k] === 'string' ? form[k] : '')
    const [given, ...rest] = (text('name') || 'Ana García').split(' ')
    await ctx.approvePaypalOrder(
      order.id,
      {
        name: { given_name: given ?? '', surname: rest.join(' ') },
        email_address: text('email') || 'ana@example.com',
        payer_id: ppId().slice(0, 13),
      },
      text('line1')
        ? {
            address_line_1: text('line1'),
            admin_area_2: text('city'),
            admin_area_1: text('state'),
            postal_code: text('postal_code'),
            country_code: text('country'),
          }
        : undefined,
    )
    const back = new URL(order.returnUrl)
    back.searchParams.set('token', order.id)
    back.searchParams.set('PayerID', order.payer?.payer_id ?? '')
    return reply.redirect(back.toString(), 303)
  })
}

/** An order as the Orders v2 API shows it. */
export function view(order: PaypalOrder, origin: string): Record<string, unknown> {
  const units = order.purchase_units.map((u) => ({
    ...u,
    ...(order.shippingAddress
      ? {
          shipping: {
            name: {
              full_name: `${order.payer?.name.given_name} ${order.payer?.name.surname}`.trim(),
            },
            address: order.shippingAddress,
          },
        }
      : {}),
    ...(order.captureId
      ? {
          payments: {
            captures: [
              {
                id: order.captureId,
                status: 'COMPLETED',
                amount: (u as { amount: unknown }).amount,
                final_capture: true,
                create_time: order.create_time,
              },
            ],
          },
        }
      : {}),
  }))
  return {
    id: order.id,
    intent: order.intent,
    status: order.status,
    purchase_units: units,
    ...(order.payer
      ? {
          payer: order.payer,
          payment_source: {
            paypal: {
              email_address: order.payer.email_address,
              account_id: order.payer.payer_id,
              name: order.payer.name,
            },
          },
        }
      : {}),
    create_time: order.create_time,
    links: [
      { href: `${origin}/v2/checkout/orders/${order.id}`, rel: 'self', method: 'GET' },
      {
        href: `${origin}/paypal/checkoutnow?token=${order.id}`,
        rel: 'payer-action',
        method: 'GET',
      },
    ],
  }
}
