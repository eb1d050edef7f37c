import { afterEach, describe, expect, it } from 'vitest'
import type { PaymentsEmulator } from '@charla/payments-emulator'
import { startTestRuntime, type TestRuntime } from '../pipeline/startTestRuntime'
import { GET_STARTED, shopFlow } from './shopFlow'

let rt: TestRuntime | undefined
afterEach(async () => {
  await rt?.stop()
  rt = undefined
})

async function until<T>(
  read: () => T | Promise<T>,
  ok: (v: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await read()
    if (ok(v)) return v
    if (Date.now() > end) throw new Error(`timed out; last value: ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

type Sent = { body: Record<string, unknown> }
const payloadOf = (m: Sent) =>
  (m.body as { message?: { attachment?: { payload?: Record<string, unknown> } } }).message
    ?.attachment?.payload

/** Starts a shop, picks the wax, and returns the "Pay" button's link. */
async function buy(flow = shopFlow(), psid = 'ana') {
  rt = await startTestRuntime([flow], { people: [psid] })
  await rt.say(psid, GET_STARTED)
  await rt.emulator.waitForSent({ psid, count: 1 })
  await rt.say(psid, { postback: { payload: 'p:cat:wax' } })
  const sent = await until(
    () => rt!.emulator.sent({ psid }),
    (s) => s.some((m) => (payloadOf(m)?.template_type as string) === 'button'),
  )
  const button = sent.map(payloadOf).find((p) => p?.template_type === 'button') as {
    text: string
    buttons: { title: string; url: string }[]
  }
  return { rt, button, payments: rt.runtime.payments.emulator as PaymentsEmulator, psid }
}

const order = async (id?: string) => {
  const orders = await rt!.runtime.storage.orders.list({ limit: 10 })
  return id ? orders.find((o) => o.id === id) : orders[0]
}

describe('checkout through Stripe (official SDK against the local payment server)', () => {
  it('sends "Pay €X", opens one session however often the link is opened, and sends the receipt once paid', async () => {
    const { button, payments, psid } = await buy()
    expect(button.buttons).toHaveLength(1)
    expect(button.buttons[0]!.title).toMatch(/^Pay 8,99\s€$/)
    expect(button.buttons[0]!.url).toMatch(new RegExp(`^${rt!.runtime.url}/pay/[\\w-]{32}$`))
    const pending = await order()
    expect(pending).toMatchObject({ status: 'pending', totalMinor: 899, currency: 'EUR' })

    // Opened three times, twice at once: one Checkout Session.
    const open = () => fetch(button.buttons[0]!.url, { redirect: 'manual' })
    const [a, b] = await Promise.all([open(), open()])
    const c = await open()
    for (const res of [a, b, c]) expect(res.status).toBe(303)
    expect(new Set([a, b, c].map((r) => r.headers.get('location'))).size).toBe(1)
    expect(payments.state.stripeCreates).toBe(1)
    const session = [...payments.state.stripeSessions.values()][0]!
    expect(session).toMatchObject({
      client_reference_id: pending!.id,
      amount_total: 899,
      currency: 'eur',
      shipping_address_collection: { allowed_countries: expect.arrayContaining(['ES', 'US']) },
    })
    expect(payments.state.stripeIdempotency.size).toBe(1)

    // The person pays on the hosted page: signed webhook, order paid, conversation resumes.
    const paid = await fetch(a.headers.get('location')!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: 'Ana García',
        email: 'ana@example.com',
        line1: 'Calle Mayor 1',
        city: 'Madrid',
        postal_code: '28013',
        state: 'Madrid',
        country: 'ES',
      }).toString(),
      redirect: 'manual',
    })
    expect(paid.status).toBe(303)
    expect(payments.state.deliveries.at(-1)).toMatchObject({
      type: 'checkout.session.completed',
      status: 200,
    })
    const done = await fetch(paid.headers.get('location')!).then((r) => r.text())
    expect(done).toContain('Payment received')
    expect(done).toContain(`https://m.me/${rt!.pageId}`)

    const sent = await rt!.emulator.waitForSent({ psid, count: 5 })
    const receipt = sent.map(payloadOf).find((p) => p?.template_type === 'receipt')
    // The emulator accepted it, so it matches Meta's receipt schema and limits.
    expect(receipt).toEqual({
      template_type: 'receipt',
      recipient_name: 'Ana García',
      order_number: pending!.id,
      currency: 'EUR',
      payment_method: 'Visa •••• 4242',
      timestamp: expect.stringMatching(/^\d{10}$/),
      address: {
        street_1: 'Calle Mayor 1',
        city: 'Madrid',
        postal_code: '28013',
        state: 'Madrid',
        country: 'ES',
      },
      summary: { subtotal: 8.99, total_cost: 8.99 },
      elements: [{ title: 'Cera', quantity: 1, price: 8.99, currency: 'EUR' }],
    })
    expect(rt!.texts(psid)).toContain(`Gracias, pedido ${pending!.id}`)
    expect(await order()).toMatchObject({
      status: 'paid',
      paymentMethod: 'Visa •••• 4242',
      email: 'ana@example.com',
      provider: 'stripe',
    })

    // The same event three more times: acknowledged, nothing fulfilled again.
    const count = rt!.emulator.sent({ psid }).length
    for (let i = 0; i < 3; i++) {
      const again = await payments.sendStripeEvent('checkout.session.completed', session.id, {
        eventId: payments.state.deliveries[0]!.eventId,
      })
      expect(again.status).toBe(200)
      expect(JSON.parse(again.body)).toMatchObject({ result: 'duplicate' })
    }
    // …and a late "expired" for the paid session changes nothing either.
    const late = await payments.sendStripeEvent('checkout.session.expired', session.id)
    expect(JSON.parse(late.body)).toMatchObject({ result: 'unchanged' })
    await new Promise((r) => setTimeout(r, 300))
    expect(rt!.emulator.sent({ psid })).toHaveLength(count)
    expect((await order())?.status).toBe('paid')
    expect(await fetch(button.buttons[0]!.url).then((r) => r.text())).toContain('Already paid')
  })

  it('refuses a tampered or stale signature with 400 and changes nothing', async () => {
    const { button, payments, psid } = await buy()
    await fetch(button.buttons[0]!.url, { redirect: 'manual' })
    const session = [...payments.state.stripeSessions.values()][0]!
    session.payment_status = 'paid'
    const tampered = await payments.sendStripeEvent('checkout.session.completed', session.id, {
      tamper: true,
    })
    const stale = await payments.sendStripeEvent('checkout.session.completed', session.id, {
      timestampSec: Math.floor(Date.now() / 1000) - 301,
    })
    expect([tampered.status, stale.status]).toEqual([400, 400])
    expect((await order())?.status).toBe('pending')
    // Not even recorded: the genuine event is still acted on.
    const genuine = await payments.sendStripeEvent('checkout.session.completed', session.id, {
      eventId: tampered.eventId,
    })
    expect(JSON.parse(genuine.body)).toMatchObject({ result: 'moved' })
    await until(
      () => rt!.texts(psid),
      (t) => t.some((x) => x.startsWith('Gracias')),
    )
  })

  it('an expired session ends the checkout as abandoned; a payment arriving after still counts', async () => {
    const { button, payments, psid } = await buy()
    await fetch(button.buttons[0]!.url, { redirect: 'manual' })
    const session = [...payments.state.stripeSessions.values()][0]!
    await payments.expireStripeSession(session.id)
    await until(
      () => rt!.texts(psid),
      (t) => t.includes('El enlace ha caducado'),
    )
    expect((await order())?.status).toBe('expired')
    expect(await fetch(button.buttons[0]!.url).then((r) => r.status)).toBe(410)
    // Out of order: money that moved after the expiry still marks the order paid.
    session.payment_status = 'paid'
    const late = await payments.sendStripeEvent(
      'checkout.session.async_payment_succeeded',
      session.id,
    )
    expect(JSON.parse(late.body)).toMatchObject({ result: 'moved' })
    expect((await order())?.status).toBe('paid')
    // The conversation already left the checkout; the person still gets their receipt (the
    // emulator checks it against Meta's receipt schema and limits).
    const sent = await until(
      () => rt!.emulator.sent({ psid }),
      (s) => s.some((m) => payloadOf(m)?.template_type === 'receipt'),
    )
    const receipt = sent.find((m) => payloadOf(m)?.template_type === 'receipt')!
    // Inside the 24-hour window it goes out as a response (the tag is used once it closes).
    expect(receipt.body).toMatchObject({ recipient: { id: psid } })
    expect(payloadOf(receipt)).toMatchObject({
      order_number: (await order())!.id,
      // Stripe collected no name: the person's Messenger name, as on the engine's receipt.
      recipient_name: 'ana Test',
      currency: 'EUR',
      summary: { total_cost: 8.99 },
      elements: [{ title: 'Cera', quantity: 1, price: 8.99 }],
    })
    expect(
      rt!.texts(psid).some((t) => /^¡Gracias! Tu pago de 8,99\s€ está confirmado\.$/.test(t)),
    ).toBe(true)
    // A replay of the same payment sends nothing more.
    const again = await payments.sendStripeEvent(
      'checkout.session.async_payment_succeeded',
      session.id,
    )
    expect(JSON.parse(again.body)).toMatchObject({ result: 'unchanged' })
    expect(
      rt!.emulator.sent({ psid }).filter((m) => payloadOf(m)?.template_type === 'receipt'),
    ).toHaveLength(1)
  })

  it('waits for a delayed payment method: completed-but-unpaid, then async_payment_succeeded', async () => {
    const { button, payments, psid } = await buy()
    await fetch(button.buttons[0]!.url, { redirect: 'manual' })
    const session = [...payments.state.stripeSessions.values()][0]!
    session.status = 'complete'
    const first = await payments.sendStripeEvent('checkout.session.completed', session.id)
    expect(JSON.parse(first.body)).toMatchObject({ result: 'unchanged' })
    expect((await order())?.status).toBe('pending')
    session.payment_status = 'paid'
    await payments.sendStripeEvent('checkout.session.async_payment_succeeded', session.id)
    await until(
      () => rt!.texts(psid),
      (t) => t.some((x) => x.startsWith('Gracias')),
    )
  })
})

describe('checkout through PayPal (official server SDK against the local payment server)', () => {
  it('creates one order, captures it on approval, and resumes the conversation once', async () => {
    const { button, payments, psid } = await buy(shopFlow({ provider: 'paypal' }))
    const open = () => fetch(button.buttons[0]!.url, { redirect: 'manual' })
    const [a, b] = await Promise.all([open(), open()])
    expect(a.headers.get('location')).toBe(b.headers.get('location'))
    expect(a.headers.get('location')).toMatch(/\/paypal\/checkoutnow\?token=/)
    expect(payments.state.paypalCreates).toBe(1)
    const ppOrder = [...payments.state.paypalOrders.values()][0]!
    expect(ppOrder.purchase_units[0]).toMatchObject({
      custom_id: (await order())!.id,
      amount: { currency_code: 'EUR', value: '8.99' },
    })
    const approved = await fetch(a.headers.get('location')!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: 'Ana García',
        email: 'ana@example.com',
        line1: 'Calle Mayor 1',
        city: 'Madrid',
        postal_code: '28013',
        state: 'Madrid',
        country: 'ES',
      }).toString(),
      redirect: 'manual',
    })
    expect(approved.status).toBe(303)
    const done = await fetch(approved.headers.get('location')!).then((r) => r.text())
    expect(done).toContain('Payment received')
    await until(
      () => rt!.texts(psid),
      (t) => t.some((x) => x.startsWith('Gracias')),
    )
    // The capture's own webhook arrives too: the order is already paid.
    await until(
      () => payments.state.deliveries,
      (d) => d.some((x) => x.type === 'PAYMENT.CAPTURE.COMPLETED'),
    )
    expect(ppOrder.status).toBe('COMPLETED')
    expect(await order()).toMatchObject({
      status: 'paid',
      provider: 'paypal',
      paymentMethod: 'PayPal',
      address: { city: 'Madrid' },
    })
    const receipts = rt!.emulator
      .sent({ psid })
      .filter((m) => payloadOf(m)?.template_type === 'receipt')
    expect(receipts).toHaveLength(1)
  })

  it('refuses a tampered or stale PayPal webhook with 400', async () => {
    const { button, payments } = await buy(shopFlow({ provider: 'paypal' }))
    await fetch(button.buttons[0]!.url, { redirect: 'manual' })
    const ppOrder = [...payments.state.paypalOrders.values()][0]!
    const resource = {
      id: 'CAPTURE1',
      status: 'COMPLETED',
      amount: { currency_code: 'EUR', value: '8.99' },
      supplementary_data: { related_ids: { order_id: ppOrder.id } },
    }
    const tampered = await payments.sendPaypalEvent('PAYMENT.CAPTURE.COMPLETED', resource, {
      tamper: true,
    })
    const stale = await payments.sendPaypalEvent('PAYMENT.CAPTURE.COMPLETED', resource, {
      transmissionTime: new Date(Date.now() - 301_000).toISOString(),
    })
    expect([tampered.status, stale.status]).toEqual([400, 400])
    expect((await order())?.status).toBe('pending')
  })
})

describe('orders API', () => {
  it('ships and refunds by compare-and-set, tells the person under POST_PURCHASE_UPDATE, and exports CSV', async () => {
    const { button, payments, psid } = await buy()
    await fetch(button.buttons[0]!.url, { redirect: 'manual' })
    const session = [...payments.state.stripeSessions.values()][0]!
    await payments.completeStripeSession(session.id, {
      name: 'Ana García',
      email: 'ana@example.com',
      phone: null,
      address: null,
    })
    await until(
      () => rt!.texts(psid),
      (t) => t.some((x) => x.startsWith('Gracias')),
    )
    const { id } = (await order())!
    const api = `${rt!.runtime.url}/api/orders`
    const post = (status: string) =>
      fetch(`${api}/${id}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...rt!.adminHeaders },
        body: JSON.stringify({ status, note: 'Seguimiento: https://track.example.com/1' }),
      })
    expect((await post('shipped')).status).toBe(200)
    expect((await post('shipped')).status).toBe(409)
    await until(
      () => rt!.texts(psid),
      (t) => t.some((x) => x.includes('ya está en camino')),
    )
    const last = rt!.emulator.sent({ psid }).at(-1)!
    expect(last.body).toMatchObject({
      message: {
        text: `Buenas noticias: tu pedido ${id} ya está en camino.\nSeguimiento: https://track.example.com/1`,
      },
    })
    expect((await post('refunded')).status).toBe(200)
    const list = (await fetch(api, { headers: rt!.adminHeaders }).then((r) => r.json())) as {
      orders: Record<string, unknown>[]
    }
    expect(list.orders[0]).toMatchObject({ id, status: 'refunded' })
    expect(list.orders[0]).not.toHaveProperty('token')
    const csv = await fetch(`${api}/export.csv`, { headers: rt!.adminHeaders }).then((r) =>
      r.text(),
    )
    expect(csv.split('\r\n')[1]).toContain(`${id},`)
    expect(csv).toContain(',refunded,')
    expect(csv).toContain(',8.99,899,1 x Cera,Ana García,')
  })

  it('filters by search, days and live or simulator, in the list and the CSV alike', async () => {
    const { button, payments, psid } = await buy()
    await fetch(button.buttons[0]!.url, { redirect: 'manual' })
    const session = [...payments.state.stripeSessions.values()][0]!
    await payments.completeStripeSession(session.id, {
      name: 'Ana García',
      email: 'ana@example.com',
      phone: null,
      address: null,
    })
    await until(
      () => rt!.texts(psid),
      (t) => t.some((x) => x.startsWith('Gracias')),
    )
    const { id, createdAt } = (await order())!
    const api = `${rt!.runtime.url}/api/orders`
    const list = async (query: string) => {
      const res = await fetch(`${api}?${query}`, { headers: rt!.adminHeaders })
      const body = (await res.json()) as { orders?: { id: string; test: boolean }[] }
      return { status: res.status, ids: body.orders?.map((o) => o.id), orders: body.orders }
    }
    const csvIds = async (query: string) =>
      (
        await fetch(`${api}/export.csv?${query}`, { headers: rt!.adminHeaders }).then((r) =>
          r.text(),
        )
      )
        .split('\r\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split(',')[0])
    const day = new Date(createdAt).toISOString().slice(0, 10)
    const nextDay = new Date(createdAt + 86_400_000).toISOString().slice(0, 10)
    for (const [query, expected] of [
      ['q=cera', [id]],
      ['q=ANA%40EXAMPLE', [id]],
      ['q=garc%C3%ADa', [id]],
      [`q=${id.toLowerCase()}`, [id]],
      ['q=nobody', []],
      [`from=${day}&to=${day}`, [id]],
      [`from=${nextDay}`, []],
      [`to=${createdAt}`, []],
      [`from=${createdAt}&to=${createdAt + 1}`, [id]],
      ['test=false', [id]],
      ['test=true', []],
      ['status=paid&q=cera&test=false', [id]],
      ['status=pending&q=cera', []],
    ] as const) {
      expect((await list(query)).ids, query).toEqual(expected)
      expect(await csvIds(query), query).toEqual(expected)
    }
    // The runtime's own Page is connected: a live order, not a simulator one.
    expect((await list('')).orders?.[0]).toMatchObject({ id, test: false })
    expect((await list('from=yesterday')).status).toBe(400)
    expect((await list('test=yes')).status).toBe(400)
  })
})
