import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createPaymentsEmulator, parseStripeForm, type PaymentsEmulator } from '../src'

let emulator: PaymentsEmulator | undefined
let receiver: Server | undefined
afterEach(async () => {
  await emulator?.close()
  await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)))
  emulator = undefined
  receiver = undefined
})

/** A webhook receiver that keeps what it got. */
async function listenForWebhooks(got: { headers: Record<string, unknown>; body: string }[]) {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      got.push({ headers: req.headers, body })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r))
  const address = receiver.address()
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`
}

const auth = { authorization: 'Bearer sk_test_emulator' }
const form = (o: Record<string, string>) => new URLSearchParams(o).toString()
const session = {
  mode: 'payment',
  'line_items[0][price_data][currency]': 'eur',
  'line_items[0][price_data][unit_amount]': '1250',
  'line_items[0][price_data][product_data][name]': 'Tee',
  'line_items[0][quantity]': '2',
  client_reference_id: 'ORD-1',
  success_url: 'http://shop.test/done?s={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://shop.test/cancel',
}

describe('payments emulator', () => {
  it('reads Stripe form bodies into nested objects and arrays', () => {
    expect(parseStripeForm('a[0][b]=1&a[1][b]=x+y&c=%C3%A9&m[k]=v')).toEqual({
      a: [{ b: '1' }, { b: 'x y' }],
      c: 'é',
      m: { k: 'v' },
    })
  })

  it('creates one Stripe session per Idempotency-Key, pays it on the hosted page and signs the webhook', async () => {
    const got: { headers: Record<string, unknown>; body: string }[] = []
    emulator = createPaymentsEmulator()
    const origin = await emulator.listen()
    emulator.setWebhookUrls({ stripe: await listenForWebhooks(got) })
    const create = () =>
      fetch(`${origin}/v1/checkout/sessions`, {
        method: 'POST',
        headers: {
          ...auth,
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': 'k1',
        },
        body: form(session),
      }).then((r) => r.json() as Promise<{ id: string; url: string; amount_total: number }>)
    const [a, b] = [await create(), await create()]
    expect(a.id).toBe(b.id)
    expect(a.amount_total).toBe(2500)
    expect(emulator.state.stripeCreates).toBe(1)
    const unauthorized = await fetch(`${origin}/v1/checkout/sessions/${a.id}`)
    expect(unauthorized.status).toBe(401)

    const page = await fetch(a.url).then((r) => r.text())
    expect(page).toContain('€25.00')
    const paid = await fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ name: 'Ana García', email: 'ana@example.com' }),
      redirect: 'manual',
    })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(`http://shop.test/done?s=${a.id}`)
    expect(got).toHaveLength(1)
    const sig = String(got[0]!.headers['stripe-signature'])
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig) ?? []
    expect(
      createHmac('sha256', 'whsec_emulator').update(`${t}.${got[0]!.body}`).digest('hex'),
    ).toBe(v1)
    expect(JSON.parse(got[0]!.body)).toMatchObject({
      type: 'checkout.session.completed',
      data: { object: { id: a.id, payment_status: 'paid', client_reference_id: 'ORD-1' } },
    })
  })

  it('verifies PayPal webhook signatures it made, and fails changed ones', async () => {
    const got: { headers: Record<string, unknown>; body: string }[] = []
    emulator = createPaymentsEmulator()
    const origin = await emulator.listen()
    emulator.setWebhookUrls({ paypal: await listenForWebhooks(got) })
    const token = await fetch(`${origin}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('paypal-emulator-client:paypal-emulator-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    }).then((r) => r.json() as Promise<{ access_token: string }>)
    await emulator.sendPaypalEvent('CHECKOUT.ORDER.APPROVED', { id: 'X1', status: 'APPROVED' })
    const verify = async (event: unknown) => {
      const h = got[0]!.headers
      const res = await fetch(`${origin}/v1/notifications/verify-webhook-signature`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token.access_token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          auth_algo: h['paypal-auth-algo'],
          cert_url: h['paypal-cert-url'],
          transmission_id: h['paypal-transmission-id'],
          transmission_sig: h['paypal-transmission-sig'],
          transmission_time: h['paypal-transmission-time'],
          webhook_id: 'WH-EMULATOR',
          webhook_event: event,
        }),
      })
      return ((await res.json()) as { verification_status: string }).verification_status
    }
    const event = JSON.parse(got[0]!.body) as { resource: { status: string } }
    expect(await verify(event)).toBe('SUCCESS')
    expect(await verify({ ...event, resource: { ...event.resource, status: 'COMPLETED' } })).toBe(
      'FAILURE',
    )
  })
})
