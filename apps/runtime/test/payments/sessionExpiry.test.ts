import { afterEach, describe, expect, it } from 'vitest'
import type { PaymentsEmulator } from '@charla/payments-emulator'
import { startTestRuntime, type TestRuntime } from '../pipeline/startTestRuntime'
import { openProviderSession } from '../../src/payments/openProviderSession'
import { GET_STARTED, shopFlow } from './shopFlow'

// A checkout that expires in the conversation closes its Stripe Checkout Session too: a durable
// task written with the expiry, run after the commit through the Stripe SDK against the local
// payment server, retried when Stripe fails.

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

const HOUR = 3600_000

/** Buys the wax, opens the payment link (Stripe makes the session) and returns them. */
async function openCheckout(now?: () => number) {
  const psid = 'ana'
  rt = await startTestRuntime([shopFlow()], { people: [psid], ...(now ? { now } : {}) })
  await rt.say(psid, GET_STARTED)
  await rt.emulator.waitForSent({ psid, count: 1 })
  await rt.say(psid, { postback: { payload: 'p:cat:wax' } })
  const sent = await until(
    () => rt!.emulator.sent({ psid }),
    (s) => s.some((m) => payloadOf(m)?.template_type === 'button'),
  )
  const button = sent.map(payloadOf).find((p) => p?.template_type === 'button') as {
    buttons: { url: string }[]
  }
  expect((await fetch(button.buttons[0]!.url, { redirect: 'manual' })).status).toBe(303)
  const payments = rt.runtime.payments.emulator as PaymentsEmulator
  const session = [...payments.state.stripeSessions.values()][0]!
  const order = (await rt.runtime.storage.orders.list({ limit: 1 }))[0]!
  expect(order).toMatchObject({ status: 'pending', providerSessionId: session.id })
  return { rt, psid, payments, session, order }
}

const expireCalls = (payments: PaymentsEmulator, sessionId: string) =>
  payments.state.stripeCalls.filter((c) => c === `POST /v1/checkout/sessions/${sessionId}/expire`)

describe('an expired checkout closes its Stripe session', () => {
  it('expires the session at Stripe once, after the order expired in the conversation', async () => {
    const { psid, payments, session, order } = await openCheckout()
    expect(session.status).toBe('open')
    // The checkout's 60 minutes pass.
    await rt!.runtime.storage.jobs.shift(rt!.pageId, psid, HOUR + 60_000)
    await until(
      () => rt!.texts(psid),
      (t) => t.includes('El enlace ha caducado'),
    )
    expect((await rt!.runtime.storage.orders.get(order.id))?.status).toBe('expired')
    await until(
      () => rt!.runtime.storage.orders.providerTasks(order.id),
      (t) => t[0]?.status === 'done',
    )
    expect(session.status).toBe('expired')
    expect(expireCalls(payments, session.id)).toHaveLength(1)
    const [task] = await rt!.runtime.storage.orders.providerTasks(order.id)
    expect(task).toMatchObject({ kind: 'stripe_expire_session', ref: session.id, attempts: 1 })
    expect(task).not.toHaveProperty('lastError')
    // Stripe's own checkout.session.expired then finds the order expired already.
    const delivery = await until(
      () => payments.state.deliveries.find((d) => d.type === 'checkout.session.expired'),
      (d) => d !== undefined && d.status !== 0,
    )
    expect(delivery?.status).toBe(200)
    expect(JSON.parse(delivery!.body)).toMatchObject({ result: 'unchanged' })
    expect(rt!.texts(psid).filter((t) => t === 'El enlace ha caducado')).toHaveLength(1)
  })

  it('a payment already under way still counts: nothing to expire, then paid with a receipt', async () => {
    const { psid, payments, session, order } = await openCheckout()
    // A bank debit: the session completes unpaid and the money arrives later.
    session.status = 'complete'
    await payments.sendStripeEvent('checkout.session.completed', session.id)
    await rt!.runtime.storage.jobs.shift(rt!.pageId, psid, HOUR + 60_000)
    await until(
      () => rt!.texts(psid),
      (t) => t.includes('El enlace ha caducado'),
    )
    const [task] = await until(
      () => rt!.runtime.storage.orders.providerTasks(order.id),
      (t) => t[0]?.status === 'done',
    )
    // Stripe refused to expire a completed session: done, with why.
    expect(task?.lastError).toMatch(/^nothing to expire: .*open/)
    expect(expireCalls(payments, session.id)).toHaveLength(1)
    session.payment_status = 'paid'
    const late = await payments.sendStripeEvent(
      'checkout.session.async_payment_succeeded',
      session.id,
    )
    expect(JSON.parse(late.body)).toMatchObject({ result: 'moved' })
    expect((await rt!.runtime.storage.orders.get(order.id))?.status).toBe('paid')
    await until(
      () => rt!.emulator.sent({ psid }),
      (s) => s.some((m) => payloadOf(m)?.template_type === 'receipt'),
    )
  })

  it('retries after 30 s, then a minute, while Stripe fails, on the runtime clock', async () => {
    let t = Date.now()
    const { psid, payments, session, order } = await openCheckout(() => t)
    payments.state.stripeOutage = { remaining: 2, status: 503 }
    t += HOUR + 60_000
    await until(
      () => rt!.texts(psid),
      (x) => x.includes('El enlace ha caducado'),
    )
    const tasks = () => rt!.runtime.storage.orders.providerTasks(order.id)
    const [first] = await until(tasks, (x) => x[0]?.attempts === 1)
    expect(first).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/outage/) })
    // 30 s ± 25 %, from the failed attempt.
    expect(first!.runAt - t).toBeGreaterThanOrEqual(22_500)
    expect(first!.runAt - t).toBeLessThanOrEqual(37_500)
    await new Promise((r) => setTimeout(r, 400))
    expect((await tasks())[0]?.attempts).toBe(1)
    t = first!.runAt
    const [second] = await until(tasks, (x) => x[0]?.attempts === 2)
    expect(second).toMatchObject({ status: 'pending' })
    expect(second!.runAt - t).toBeGreaterThanOrEqual(45_000)
    expect(second!.runAt - t).toBeLessThanOrEqual(75_000)
    expect(session.status).toBe('open')
    t = second!.runAt
    await until(tasks, (x) => x[0]?.status === 'done')
    expect((await tasks())[0]).toMatchObject({ attempts: 3 })
    expect(session.status).toBe('expired')
    expect(expireCalls(payments, session.id)).toHaveLength(3)
  })

  it('a session Stripe made while the order expired is closed again, and not opened', async () => {
    const { payments, order } = await openCheckout()
    // The link is opened (the order read as pending) just as the checkout expires.
    const storage = rt!.runtime.storage
    const stale = { ...order, provider: undefined, providerSessionId: undefined }
    await storage.orders.transition(order.id, ['pending'], 'expired', {}, Date.now())
    const opened = await openProviderSession(
      storage,
      rt!.runtime.payments.providers,
      { ...stale, idempotencyKey: `${order.idempotencyKey}-again` },
      'stripe',
      { success: `${rt!.runtime.url}/ok`, cancel: `${rt!.runtime.url}/no` },
      Date.now(),
    )
    expect(opened).toEqual({ ok: false, reason: 'not_open' })
    const late = [...payments.state.stripeSessions.values()][1]!
    await until(
      () => storage.orders.providerTasks(order.id),
      (t) => t.some((x) => x.ref === late.id && x.status === 'done'),
    )
    expect(late.status).toBe('expired')
  })
})
