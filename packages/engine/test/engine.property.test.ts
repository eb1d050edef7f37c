import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  GET_STARTED_PAYLOAD,
  conversationStateSchema,
  inboundEventSchema,
  messageChoiceIds,
  outboundActionSchema,
  type Contact,
  type ConversationState,
  type Flow,
  type FlowNode,
  type InboundEvent,
  type NodeOf,
  type NodeType,
  type OutboundAction,
  type QuestionInput,
  type SlotDay,
} from '@charla/flow-schema'
import { TIME_ZONES, arbitraryFlow } from '@charla/flow-schema/testing'
import { DEFAULT_MAX_TRANSITIONS, createConversationState, step, type StepContext } from '../src'

/** 2026-11-23 09:00 UTC, a Monday (as in converse.ts). */
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0)
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const iso = (ms: number) => new Date(ms).toISOString()

const actionsSchema = outboundActionSchema.array()

// ---------------------------------------------------------------------------------------------
// Scenarios: a flow, a contact, and moves. A move is an event, or an intent resolved against
// what the engine did so far (answer the current wait, fire a scheduled timer, return a result
// for a request id it asked for), so the conversations get deep into the flow.

type ResultType =
  'http_result' | 'slots_found' | 'slot_held' | 'booking_confirmed' | 'checkout_created' | 'payment'

type Intent =
  | { k: 'event'; event: InboundEvent }
  /** Whatever the conversation waits for: a tap on one of its choices, an answer, a result. */
  | { k: 'answer'; pick: number; variant: number; details: Details }
  | { k: 'timer'; pick: number; bogus: boolean }
  | {
      k: 'result'
      type: ResultType
      source: 'wait' | 'seen' | 'bogus'
      pick: number
      variant: number
      details: Details
    }
  /** Cancel / Reschedule under a booking confirmation. */
  | { k: 'manage'; pick: number; action: 'cancel' | 'reschedule' }

/** Random material for results, drawn up front. */
interface Details {
  ok: boolean
  days: SlotDay[]
  timezone: string
  status?: number
  body?: unknown
}

interface Move {
  advanceMs: number
  randoms: number[]
  intent: Intent
}

interface Scenario {
  contact: Partial<Contact> & { psid: string }
  start: number
  page?: { id: string; name: string }
  maxTransitions?: number
  moves: Move[]
}

const nodesOf = <T extends NodeType>(flow: Flow, type: T): NodeOf<T>[] =>
  flow.nodes.filter((n): n is NodeOf<T> => n.type === type)

const daysArb: fc.Arbitrary<SlotDay[]> = fc
  .uniqueArray(
    fc.record({
      day: fc.integer({ min: 0, max: 20 }),
      slots: fc.uniqueArray(fc.integer({ min: 0, max: 47 }), { maxLength: 14 }),
    }),
    { maxLength: 14, selector: (d) => d.day },
  )
  .map((days) =>
    days.map(({ day, slots }) => {
      const base = Date.UTC(2026, 10, 23) + day * DAY
      return {
        date: iso(base).slice(0, 10),
        slots: [...slots]
          .sort((a, b) => a - b)
          .map((h) => ({
            start: iso(base + h * 30 * MINUTE),
            end: iso(base + (h + 1) * 30 * MINUTE),
          })),
      }
    }),
  )

const bodyArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ id: 7, data: { items: [{ id: 'x1' }, { id: 'x2' }] }, user: { name: 'Ana' } }),
  // A JSON body may carry an own "__proto__" key (save paths may name it).
  fc.constant(JSON.parse('{"$meta":{"total":3},"__proto__":{"polluted":true}}') as unknown),
  fc.jsonValue({ maxDepth: 3 }),
)

const detailsArb: fc.Arbitrary<Details> = fc.record(
  {
    ok: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
    days: daysArb,
    timezone: fc.constantFrom(...TIME_ZONES),
    status: fc.constantFrom(200, 201, 204, 400, 404, 500),
    body: bodyArb,
  },
  { requiredKeys: ['ok', 'days', 'timezone'] },
)

const typed = [
  'hola',
  'Hi',
  'yes',
  'No',
  'Sí',
  'Skip',
  'Confirm',
  'Other day',
  'Checkout',
  'Keep shopping',
  '1',
  '2',
  '42',
  '3,5',
  'ana@example.com',
  '+34600111222',
  '+1 415 555 0100',
  '2026-12-31',
  '2026-13-01',
  '31/12/2026',
  '😀',
  '  ',
]

/** Texts people type: the flow's keywords, titles and choices, common answers, noise. */
function wordsArb(flow: Flow): fc.Arbitrary<string> {
  const fromFlow = [
    ...nodesOf(flow, 'trigger').flatMap((t) => t.data.keywords ?? []),
    ...nodesOf(flow, 'message').flatMap((m) => [
      ...(m.data.buttons ?? []).map((b) => b.title),
      ...(m.data.quickReplies ?? []).flatMap((q) => (q.title ? [q.title] : [])),
    ]),
    ...nodesOf(flow, 'question').flatMap((q) => q.data.choices ?? []),
  ]
  const pool = fc.constantFrom('hola', ...fromFlow)
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...typed) },
    { weight: 3, arbitrary: pool },
    { weight: 1, arbitrary: pool.map((k) => `¡${k.toUpperCase()}! ${k.normalize('NFD')}`) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  )
}

/** Payloads in the engine's own format, built from the flow's ids, plus stale and odd ones. */
function payloadArb(flow: Flow): fc.Arbitrary<string> {
  const idOf = (nodes: FlowNode[]) =>
    nodes.length ? fc.constantFrom(...nodes.map((n) => n.id)) : fc.constant('missing')
  const messages = nodesOf(flow, 'message')
  const products = (flow.resources.products ?? []).map((p) => p.id)
  const times = fc
    .integer({ min: 0, max: 20 * 48 })
    .map((h) => `time:${iso(Date.UTC(2026, 10, 23) + h * 30 * MINUTE)}`)
  return fc.oneof(
    messages.length
      ? fc
          .constantFrom(...messages)
          .chain((m) =>
            fc
              .constantFrom(...messageChoiceIds(m.data), 'fallback', 'nope')
              .map((c) => `c:${m.id}:${c}`),
          )
      : fc.constant('c:missing:x'),
    fc
      .tuple(idOf(nodesOf(flow, 'question')), fc.integer({ min: -1, max: 14 }))
      .map(([id, i]) => `q:${id}:${i}`),
    fc
      .tuple(
        idOf(nodesOf(flow, 'lead_form')),
        fc.constantFrom('yes', 'no', 'skip', 'c0', 'c1', 'c2', 'c13', 'cx'),
      )
      .map(([id, v]) => `l:${id}:${v}`),
    fc
      .tuple(
        idOf(nodesOf(flow, 'booking')),
        fc.oneof(
          fc.constantFrom('other_day', 'more', 'confirm', 'no', 'day:2026-11-24', 'day:x'),
          times,
          fc.constant('time:not-a-time'),
        ),
      )
      .map(([id, v]) => `b:${id}:${v}`),
    fc
      .tuple(
        idOf(nodesOf(flow, 'catalog')),
        fc.constantFrom(...products, 'checkout', 'more', 'nope'),
      )
      .map(([id, v]) => `p:${id}:${v}`),
    fc.constantFrom('bk:b1:cancel', 'bk:nope:reschedule', 'x:y', ':', 'c::'),
    fc.string({ maxLength: 12 }),
  )
}

/** Events drawn up front from the flow's own words, payloads, refs and node ids. */
function eventArb(flow: Flow): fc.Arbitrary<InboundEvent> {
  const words = wordsArb(flow)
  const payload = payloadArb(flow)
  const triggers = nodesOf(flow, 'trigger')
  const refs = triggers.flatMap((t) => (t.data.ref ? [t.data.ref, t.data.ref.toUpperCase()] : []))
  const menu = triggers.flatMap((t) => (t.data.payload ? [t.data.payload] : []))
  const posts = triggers.flatMap((t) => (t.data.postId ? [t.data.postId] : []))
  const ids = flow.nodes.map((n) => n.id)
  const referral = fc.record(
    {
      ref: fc.constantFrom(...refs, 'unknown_ref'),
      source: fc.constantFrom('SHORTLINK', 'ADS'),
      adId: fc.constant('ad_1'),
    },
    { requiredKeys: ['source'] },
  )
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        { type: fc.constant('message' as const), text: words, mid: fc.constant('m1') },
        { requiredKeys: ['type', 'text'] },
      ),
    },
    {
      weight: 4,
      arbitrary: fc.record(
        { type: fc.constant('message' as const), text: words, quickReply: payload },
        { requiredKeys: ['type', 'quickReply'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant<InboundEvent>({
        type: 'message',
        attachments: [{ type: 'image', url: 'https://example.com/cat.jpg' }],
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record(
        {
          type: fc.constant('postback' as const),
          payload: fc.oneof(payload, fc.constantFrom(GET_STARTED_PAYLOAD, ...menu, 'UNKNOWN_MENU')),
          title: words,
          referral,
        },
        { requiredKeys: ['type', 'payload'] },
      ),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('referral' as const), referral }) },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          type: fc.constant('comment' as const),
          commentId: fc.constantFrom('cm_1', 'cm_2'),
          postId: fc.constantFrom(...posts, 'post_1', 'other_post'),
          text: words,
        },
        { requiredKeys: ['type', 'commentId', 'postId'] },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          type: fc.constant('start' as const),
          nodeId: fc.constantFrom(...ids, 'no_such_node'),
        },
        { requiredKeys: ['type'] },
      ),
    },
    { weight: 1, arbitrary: fc.constant<InboundEvent>({ type: 'agent_message' }) },
    { weight: 1, arbitrary: fc.constant<InboundEvent>({ type: 'handoff_ended' }) },
  ) as fc.Arbitrary<InboundEvent>
}

function intentArb(flow: Flow): fc.Arbitrary<Intent> {
  const pick = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })
  return fc.oneof(
    { weight: 4, arbitrary: eventArb(flow).map((event): Intent => ({ k: 'event', event })) },
    {
      weight: 10,
      arbitrary: fc
        .record({ pick, variant: fc.nat(), details: detailsArb })
        .map((r): Intent => ({ k: 'answer', ...r })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ pick, bogus: fc.boolean() })
        .map((r): Intent => ({ k: 'timer', ...r })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          type: fc.constantFrom<ResultType>(
            'http_result',
            'slots_found',
            'slot_held',
            'booking_confirmed',
            'checkout_created',
            'payment',
          ),
          source: fc.constantFrom('wait' as const, 'seen' as const, 'bogus' as const),
          pick,
          variant: fc.nat(),
          details: detailsArb,
        })
        .map((r): Intent => ({ k: 'result', ...r })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ pick, action: fc.constantFrom('cancel' as const, 'reschedule' as const) })
        .map((r): Intent => ({ k: 'manage', ...r })),
    },
  )
}

function scenarioArb(flow: Flow, maxMoves = 15): fc.Arbitrary<Scenario> {
  const move: fc.Arbitrary<Move> = fc.record({
    advanceMs: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 10 * MINUTE }),
      fc.integer({ min: 0, max: 3 * DAY }),
    ),
    randoms: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
      minLength: 1,
      maxLength: 4,
    }),
    intent: intentArb(flow),
  })
  return fc.record(
    {
      contact: fc.record(
        {
          psid: fc.constantFrom('psid_1', '2400000000000001'),
          firstName: fc.constantFrom('Ana', 'José', '😀', ''),
          lastName: fc.constantFrom('García', "O'Brien"),
          tags: fc.subarray(['vip', 'lead', 'customer', '🔥 hot']),
          fields: fc.dictionary(
            fc.constantFrom(...flow.variables.map((v) => v.name), 'email'),
            fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
            { noNullPrototype: true, maxKeys: 3 },
          ),
        },
        { requiredKeys: ['psid'] },
      ),
      start: fc.integer({ min: T0 - DAY, max: T0 + 30 * DAY }),
      page: fc.constant({ id: 'page_1', name: 'Barbería Sol' }),
      maxTransitions: fc.oneof(
        { weight: 6, arbitrary: fc.constant(200) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 25 }) },
      ),
      moves: fc.array(move, { minLength: 1, maxLength: maxMoves, size: 'max' }),
    },
    { requiredKeys: ['contact', 'start', 'moves'] },
  )
}

// ---------------------------------------------------------------------------------------------
// Running a scenario

interface Tracker {
  /** Timer id → when it is due, for every timer the engine scheduled. */
  timers: Map<string, number>
  requests: Record<
    'http_request' | 'find_slots' | 'hold_slot' | 'confirm_booking' | 'create_checkout',
    string[]
  >
  orders: string[]
  bookings: string[]
}

interface StepRecord {
  event: InboundEvent
  ctx: { now: number; maxTransitions?: number }
  state: ConversationState
  actions: OutboundAction[]
}

const choose = <T>(xs: readonly T[], pick: number): T | undefined =>
  xs[Math.floor(pick * xs.length) % Math.max(xs.length, 1)]

function sampleAnswers(input: QuestionInput, choices: readonly string[] = []): string[] {
  switch (input) {
    case 'text':
      return ['Ana', 'abc123', '  ', 'x'.repeat(300), '😀 ok', 'a{', '2026-11-24', '2026-13-01']
    case 'email':
      return ['ana@example.com', 'ANA@Example.COM', 'not-an-email', 'a@b']
    case 'phone':
      return ['+34600111222', '+1 415 555 0100', '600111222', 'call me']
    case 'number':
      return ['42', '3,5', '-7', 'many', '9'.repeat(400)]
    case 'date':
      return ['2026-12-31', '31/12/2026', '12/31/2026', '2026-02-30', 'tomorrow']
    case 'choice':
      return [...choices, '1', '2', '99', 'nope']
  }
}

/** Turns an intent into a concrete event, given what the conversation waits for now. */
function resolve(flow: Flow, state: ConversationState, t: Tracker, intent: Intent): InboundEvent {
  switch (intent.k) {
    case 'event':
      return intent.event
    case 'timer': {
      const pending = Object.keys(state.timers)
      const id = intent.bogus
        ? (choose([...t.timers.keys()], intent.pick) ?? 't_bogus')
        : (choose(pending, intent.pick) ?? choose([...t.timers.keys()], intent.pick) ?? 't_none')
      return { type: 'timer', timerId: id }
    }
    case 'manage': {
      const ids = [...Object.keys(state.bookings), ...t.bookings, 'bk_none']
      const id = choose(ids, intent.pick) ?? 'bk_none'
      return { type: 'postback', payload: `bk:${id}:${intent.action}` }
    }
    case 'result':
      return result(state, t, intent)
    case 'answer':
      return answer(flow, state, intent)
  }
}

function result(
  state: ConversationState,
  t: Tracker,
  intent: Extract<Intent, { k: 'result' }>,
): InboundEvent {
  const { details: d, variant } = intent
  const wait = state.wait
  const fromWait =
    wait && 'requestId' in wait && typeof wait.requestId === 'string' ? wait.requestId : undefined
  const seen = (list: string[]) =>
    intent.source === 'bogus'
      ? 'r_bogus'
      : intent.source === 'wait' && fromWait
        ? fromWait
        : (choose(list, intent.pick) ?? fromWait ?? 'r_none')
  switch (intent.type) {
    case 'http_result':
      return {
        type: 'http_result',
        requestId: seen(t.requests.http_request),
        ok: d.ok,
        ...(d.status === undefined ? {} : { status: d.status }),
        ...(d.body === undefined ? {} : { body: d.body }),
        ...(d.ok ? {} : { error: 'timeout' }),
      }
    case 'slots_found':
      return {
        type: 'slots_found',
        requestId: seen(t.requests.find_slots),
        timezone: d.timezone,
        days: d.days,
      }
    case 'slot_held':
      return {
        type: 'slot_held',
        requestId: seen(t.requests.hold_slot),
        ok: d.ok,
        ...(variant % 5 ? { holdId: `hold_${variant % 3}` } : {}),
      }
    case 'booking_confirmed':
      return {
        type: 'booking_confirmed',
        requestId: seen(t.requests.confirm_booking),
        ok: d.ok,
        ...(variant % 5 ? { bookingId: `bk_${variant % 4}` } : {}),
        ...(variant % 2 ? { icsUrl: 'https://example.com/b.ics' } : {}),
      }
    case 'checkout_created':
      return {
        type: 'checkout_created',
        requestId: seen(t.requests.create_checkout),
        ok: d.ok,
        ...(variant % 5 ? { orderId: `ord_${variant % 4}` } : {}),
        urls: [
          { stripe: 'https://pay.example.com/s' },
          { paypal: 'https://pay.example.com/p' },
          { stripe: 'https://pay.example.com/s', paypal: 'https://pay.example.com/p' },
          {},
        ][variant % 4],
      }
    case 'payment': {
      const current = wait?.kind === 'checkout' ? wait.orderId : undefined
      const orderId =
        intent.source === 'bogus'
          ? 'ord_bogus'
          : intent.source === 'wait' && current
            ? current
            : (choose(t.orders, intent.pick) ?? current ?? 'ord_none')
      return {
        type: 'payment',
        orderId,
        status: d.ok ? 'paid' : 'failed',
        ...(variant % 2 ? { paymentMethod: 'visa 4242', customerName: 'Ana García' } : {}),
        ...(variant % 3 === 0
          ? {
              address: {
                street1: 'Calle Mayor 1',
                city: 'Madrid',
                postalCode: '28013',
                country: 'ES',
              },
            }
          : {}),
      }
    }
  }
}

/** An event for what the conversation waits for: mostly fitting, sometimes off. */
function answer(
  flow: Flow,
  state: ConversationState,
  intent: Extract<Intent, { k: 'answer' }>,
): InboundEvent {
  const { pick, variant, details: d } = intent
  const wait = state.wait
  const node = wait && flow.nodes.find((n) => n.id === wait.nodeId)
  const say = (text: string): InboundEvent => ({ type: 'message', text })
  const tap = (payload: string, title?: string): InboundEvent =>
    variant % 2
      ? { type: 'postback', payload, ...(title ? { title } : {}) }
      : { type: 'message', quickReply: payload, ...(title ? { text: title } : {}) }
  if (!wait || !node) {
    // Start again: at the first trigger, by Get Started or a word, or right at some node.
    const starts: InboundEvent[] = [
      { type: 'start' },
      { type: 'postback', payload: GET_STARTED_PAYLOAD },
      say('hola'),
    ]
    const at = choose(flow.nodes, pick)
    if (variant % 5 >= 3 && at) return { type: 'start', nodeId: at.id }
    return starts[variant % starts.length] as InboundEvent
  }
  switch (wait.kind) {
    case 'choice': {
      if (node.type !== 'message') break
      const ids = messageChoiceIds(node.data)
      const id = choose(ids, pick)
      if (id === undefined || variant % 5 === 4) return say('something else')
      if (variant % 5 === 3) {
        const titled = [...(node.data.buttons ?? []), ...(node.data.quickReplies ?? [])].find(
          (c) => c.id === id,
        )
        if (titled?.title) return say(titled.title)
      }
      return tap(`c:${node.id}:${id}`)
    }
    case 'question': {
      if (node.type !== 'question') break
      const choices = node.data.choices ?? []
      if (node.data.input === 'choice' && variant % 3 === 0)
        return tap(`q:${node.id}:${Math.floor(pick * (choices.length + 1))}`)
      return say(choose(sampleAnswers(node.data.input, choices), pick) ?? '')
    }
    case 'comment_reply':
      return say('thanks!')
    case 'lead_form': {
      if (node.type !== 'lead_form') break
      if (wait.field === -1)
        return variant % 3 === 2 ? say('maybe') : tap(`l:${node.id}:${variant % 3 ? 'yes' : 'no'}`)
      // The person goes quiet: the reminder, then the form is abandoned (and may resume later).
      if (variant % 7 === 6 && wait.timerId) return { type: 'timer', timerId: wait.timerId }
      const field = node.data.fields[wait.field]
      if (!field) return say('?')
      if (variant % 6 === 5) return tap(`l:${node.id}:skip`)
      if (field.input === 'choice' && variant % 3 === 0)
        return tap(`l:${node.id}:c${Math.floor(pick * ((field.choices?.length ?? 0) + 1))}`)
      return say(choose(sampleAnswers(field.input, field.choices), pick) ?? '')
    }
    case 'booking': {
      if (node.type !== 'booking') break
      const b = (v: string) => tap(`b:${node.id}:${v}`)
      const tz =
        flow.resources.calendars?.find((c) => c.id === node.data.calendarId)?.timezone ?? 'UTC'
      switch (wait.stage) {
        case 'finding':
          return {
            type: 'slots_found',
            requestId: wait.requestId ?? 'r_none',
            timezone: variant % 4 ? tz : d.timezone,
            days: d.days,
          }
        case 'pick_day': {
          if (variant % 7 === 6) return b('no')
          const day = choose(wait.days ?? [], pick)
          return day ? b(`day:${day.date}`) : b('other_day')
        }
        case 'pick_time': {
          const options = ['more', 'other_day', 'no']
          if (variant % 5 === 4) return b(options[variant % 3] as string)
          const slots = wait.days?.find((x) => x.date === wait.day)?.slots ?? []
          const slot = choose(slots, pick)
          if (variant % 11 === 10) return b('time:not-a-time') // a forged or mangled payload
          return slot ? b(`time:${slot.start}`) : b('more')
        }
        case 'holding':
          return {
            type: 'slot_held',
            requestId: wait.requestId ?? 'r_none',
            ok: d.ok,
            ...(variant % 5 ? { holdId: `hold_${variant % 3}` } : {}),
          }
        case 'confirm':
          return b((['confirm', 'confirm', 'other_day', 'no'] as const)[variant % 4] as string)
        case 'confirming':
          return {
            type: 'booking_confirmed',
            requestId: wait.requestId ?? 'r_none',
            ok: d.ok,
            ...(variant % 5 ? { bookingId: `bk_${variant % 4}` } : {}),
            ...(variant % 2 ? { icsUrl: 'https://example.com/b.ics' } : {}),
          }
      }
      break
    }
    case 'catalog': {
      if (node.type !== 'catalog') break
      const values = [...node.data.productIds, 'checkout', 'more']
      if (variant % 6 === 5) return say('what else?')
      return tap(`p:${node.id}:${choose(values, pick) ?? 'checkout'}`)
    }
    case 'checkout': {
      if (wait.stage === 'creating')
        return {
          type: 'checkout_created',
          requestId: wait.requestId,
          ok: d.ok,
          ...(variant % 5 ? { orderId: `ord_${variant % 4}` } : {}),
          urls: [
            { stripe: 'https://pay.example.com/s' },
            { stripe: 'https://pay.example.com/s', paypal: 'https://pay.example.com/p' },
            { paypal: 'https://pay.example.com/p' },
            {},
          ][variant % 4],
        }
      const timers = [wait.reminderTimerId, wait.expiryTimerId].filter(
        (x): x is string => x !== undefined,
      )
      if (variant % 3 === 2 && timers.length)
        return { type: 'timer', timerId: choose(timers, pick) as string }
      return {
        type: 'payment',
        orderId: wait.orderId ?? 'ord_none',
        status: d.ok ? 'paid' : 'failed',
      }
    }
    case 'http':
      return {
        type: 'http_result',
        requestId: wait.requestId,
        ok: d.ok,
        ...(d.status === undefined ? {} : { status: d.status }),
        ...(d.body === undefined ? {} : { body: d.body }),
      }
    case 'delay':
      return { type: 'timer', timerId: wait.timerId }
    case 'handoff': {
      if (wait.timerId && variant % 3 === 0) return { type: 'timer', timerId: wait.timerId }
      return variant % 3 === 1 ? { type: 'agent_message' } : { type: 'handoff_ended' }
    }
  }
  return say('hello?')
}

function track(t: Tracker, event: InboundEvent, actions: OutboundAction[]): void {
  for (const a of actions) {
    if (a.type === 'schedule_timer') t.timers.set(a.timerId, a.fireAt)
    if (
      a.type === 'http_request' ||
      a.type === 'find_slots' ||
      a.type === 'hold_slot' ||
      a.type === 'confirm_booking' ||
      a.type === 'create_checkout'
    )
      t.requests[a.type].push(a.requestId)
  }
  if (event.type === 'checkout_created' && event.orderId) t.orders.push(event.orderId)
  if (event.type === 'booking_confirmed' && event.bookingId) t.bookings.push(event.bookingId)
}

/**
 * Runs a scenario one step per move, checking every step. `check` is off for the second run of
 * the determinism comparison.
 */
function run(flow: Flow, sc: Scenario, check = true): StepRecord[] {
  let state = createConversationState(flow, sc.contact)
  let now = sc.start
  const t: Tracker = {
    timers: new Map(),
    requests: {
      http_request: [],
      find_slots: [],
      hold_slot: [],
      confirm_booking: [],
      create_checkout: [],
    },
    orders: [],
    bookings: [],
  }
  const records: StepRecord[] = []
  for (const move of sc.moves) {
    now += move.advanceMs
    const event = resolve(flow, state, t, move.intent)
    if (event.type === 'timer') now = Math.max(now, t.timers.get(event.timerId) ?? now)
    let i = 0
    const ctx: StepContext = {
      now,
      random: () => move.randoms[i++ % move.randoms.length] as number,
      ...(sc.page ? { page: sc.page } : {}),
      ...(sc.maxTransitions === undefined ? {} : { maxTransitions: sc.maxTransitions }),
    }
    const before = JSON.stringify(state)
    let result: ReturnType<typeof step>
    try {
      result = step(flow, state, event, ctx)
    } catch (err) {
      throw new Error(`step threw ${String(err)} on ${JSON.stringify(event)} in state ${before}`, {
        cause: err,
      })
    }
    if (check) {
      expect(inboundEventSchema.safeParse(event).success).toBe(true)
      expect(JSON.stringify(state), 'step mutated its input state').toBe(before)
      checkStep(flow, result.state, result.actions, sc.maxTransitions)
    }
    track(t, event, result.actions)
    records.push({
      event,
      ctx: {
        now,
        ...(sc.maxTransitions === undefined ? {} : { maxTransitions: sc.maxTransitions }),
      },
      state: result.state,
      actions: result.actions,
    })
    state = result.state
  }
  return records
}

/** The invariants every step keeps. */
function checkStep(
  flow: Flow,
  state: ConversationState,
  actions: OutboundAction[],
  maxTransitions: number | undefined,
): void {
  const max = maxTransitions ?? DEFAULT_MAX_TRANSITIONS
  // Checked first, and cheaply (V8 concatenates lazily): a step that lets data double on every
  // pass of a loop would otherwise stall the serialisation below.
  expect(textSize(state), 'characters in the state').toBeLessThan(STATE_CHARS)
  // The step budget.
  const entered = actions.filter((a) => a.type === 'analytics' && a.event === 'node_entered')
  expect(entered.length, 'node entries in one step').toBeLessThanOrEqual(max)
  const budget = actions.findIndex((a) => a.type === 'error' && a.code === 'step_budget_exceeded')
  if (budget >= 0) {
    expect(state.status).toBe('ended')
    expect(entered.length).toBe(max)
    // Stopped means stopped: nothing but analytics after the error.
    expect(actions.slice(budget + 1).filter((a) => a.type !== 'analytics')).toEqual([])
  }
  // The state is valid and survives JSON (the runtime stores it as JSON).
  const parsed = conversationStateSchema.safeParse(state)
  if (!parsed.success)
    expect.fail(`invalid state: ${parsed.error.message}\n${JSON.stringify(state)}`)
  expect(JSON.parse(JSON.stringify(state))).toEqual(state)
  // Every action is valid, and JSON too (actions are queued in the database).
  const acts = actionsSchema.safeParse(actions)
  if (!acts.success) expect.fail(`invalid action: ${acts.error.message}`)
  expect(JSON.parse(JSON.stringify(actions))).toEqual(actions)
  // Messenger's limits.
  for (const a of actions) {
    if (a.type !== 'send') continue
    const m = a.message
    if (m.kind !== 'receipt') expect(m.quickReplies?.length ?? 0).toBeLessThanOrEqual(13)
    if (m.kind === 'buttons') expect(m.buttons.length).toBeLessThanOrEqual(3)
    if (m.kind === 'cards') {
      expect(m.cards.length).toBeLessThanOrEqual(10)
      for (const c of m.cards) expect(c.buttons?.length ?? 0).toBeLessThanOrEqual(3)
    }
  }
  // Waits are at nodes of the flow, and their timers are still scheduled.
  const ids = new Set(flow.nodes.map((n) => n.id))
  if (state.status === 'waiting' || state.status === 'handoff') {
    expect(state.wait, `status ${state.status} without a wait`).toBeDefined()
    expect(ids.has(state.wait?.nodeId ?? '')).toBe(true)
  }
  if (state.status === 'handoff') expect(state.wait?.kind).toBe('handoff')
  if (state.status === 'ended' || state.status === 'idle') expect(state.wait).toBeUndefined()
  const wait = state.wait
  if (wait) {
    const timerIds = [
      'timerId' in wait ? wait.timerId : undefined,
      'reminderTimerId' in wait ? wait.reminderTimerId : undefined,
      'expiryTimerId' in wait ? wait.expiryTimerId : undefined,
    ].filter((x): x is string => x !== undefined)
    for (const id of timerIds)
      expect(Object.keys(state.timers), `the ${wait.kind} wait's timer ${id}`).toContain(id)
  }
}

/**
 * Far above what the budget lets a flow write in a step (500 entries × a few 2000-character
 * templates), far below what exponential growth reaches in 30 loop passes.
 */
const STATE_CHARS = 20_000_000

/** Characters in the strings (and keys) of a value. */
function textSize(v: unknown): number {
  if (typeof v === 'string') return v.length
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + textSize(x), 0)
  if (v !== null && typeof v === 'object')
    return Object.entries(v).reduce((n, [k, x]) => n + k.length + textSize(x), 0)
  return 0
}

// ---------------------------------------------------------------------------------------------

describe('step, on random flows and conversations', () => {
  it('keeps its invariants and is deterministic', () => {
    const cases = arbitraryFlow().chain((flow) =>
      scenarioArb(flow).map((scenario) => ({ flow, scenario })),
    )
    fc.assert(
      fc.property(cases, ({ flow, scenario }) => {
        const flowBefore = JSON.stringify(flow)
        const first = run(flow, scenario)
        const second = run(flow, scenario, false)
        expect(JSON.stringify(flow), 'step mutated the flow').toBe(flowBefore)
        if (JSON.stringify(second) !== JSON.stringify(first)) expect(second).toStrictEqual(first)
      }),
      // Shrinking whole conversations is slow: stop it after a while and report what it has.
      { numRuns: 150, interruptAfterTimeLimit: 15_000 },
    )
  }, 60_000)

  it('stops a flow that loops without waiting at the step budget', () => {
    const loops = arbitraryFlow({
      minNodes: 1,
      maxNodes: 12,
      kinds: ['condition', 'set_variable', 'tag', 'split', 'jump'],
      leadingTrigger: 'always',
      connectAll: true,
      foreignJumps: false,
    })
    const cases = loops.chain((flow) =>
      fc.record({
        flow: fc.constant(flow),
        event: fc.oneof(
          fc.constant<InboundEvent>({ type: 'start' }),
          fc.constantFrom(...flow.nodes.map((n) => n.id)).map((nodeId): InboundEvent => ({
            type: 'start',
            nodeId,
          })),
          fc.constant(triggerEvent(flow.nodes[0] as NodeOf<'trigger'>)),
        ),
        maxTransitions: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
        randoms: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 5,
        }),
      }),
    )
    fc.assert(
      fc.property(cases, ({ flow, event, maxTransitions, randoms }) => {
        let i = 0
        const ctx: StepContext = {
          now: T0,
          random: () => randoms[i++ % randoms.length] as number,
          ...(maxTransitions === undefined ? {} : { maxTransitions }),
        }
        let state = createConversationState(flow, { psid: 'p' })
        let r = step(flow, state, event, ctx)
        // A comment trigger first answers the comment and waits for the person.
        if (r.state.wait?.kind === 'comment_reply') {
          state = r.state
          r = step(flow, state, { type: 'message', text: 'ok' }, ctx)
        }
        expect(textSize(r.state), 'characters in the state').toBeLessThan(STATE_CHARS)
        const started = r.actions.some((a) => a.type === 'analytics' && a.event === 'node_entered')
        if (event.type !== 'start' && !started) return // the trigger did not take this event
        const max = maxTransitions ?? DEFAULT_MAX_TRANSITIONS
        const entered = r.actions.filter(
          (a) => a.type === 'analytics' && a.event === 'node_entered',
        )
        expect(entered.length).toBe(max)
        expect(r.actions).toContainEqual(
          expect.objectContaining({ type: 'error', code: 'step_budget_exceeded' }),
        )
        expect(r.state.status).toBe('ended')
        expect(r.state.wait).toBeUndefined()
      }),
      // Shrinking whole conversations is slow: stop it after a while and report what it has.
      { numRuns: 150, interruptAfterTimeLimit: 15_000 },
    )
  }, 60_000)
})

/** An event the trigger starts on. */
function triggerEvent(trigger: NodeOf<'trigger'>): InboundEvent {
  const d = trigger.data
  switch (d.on) {
    case 'get_started':
      return { type: 'postback', payload: GET_STARTED_PAYLOAD }
    case 'ref':
      return { type: 'referral', referral: { ref: d.ref ?? '', source: 'SHORTLINK' } }
    case 'keyword':
      return { type: 'message', text: d.keywords?.[0] ?? 'hi' }
    case 'postback':
      return { type: 'postback', payload: d.payload ?? '' }
    case 'comment':
      return {
        type: 'comment',
        commentId: 'cm_1',
        postId: d.postId || 'post_1',
        text: d.keywords?.[0] ?? 'hi',
      }
    case 'default':
      return { type: 'message', text: 'hello' }
  }
}
