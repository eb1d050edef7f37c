import fc from 'fast-check'
import type { Edge } from '../edge'
import { CURRENT_SCHEMA_VERSION, FLOW_FORMAT, type Flow } from '../flow'
import { LIMITS } from '../limits'
import {
  CONDITION_OPS,
  DELAY_UNIT_MS,
  NODE_TYPES,
  QUESTION_INPUTS,
  TAG_OPS,
  TRIGGER_ON,
  UNARY_OPS,
  outputsOf,
  type Assignment,
  type BookingData,
  type Branch,
  type Button,
  type Card,
  type CatalogData,
  type CheckoutData,
  type ConditionData,
  type DelayData,
  type EndData,
  type FlowNode,
  type HandoffData,
  type HttpRequestData,
  type JumpData,
  type LeadField,
  type LeadFormData,
  type MessageData,
  type NodeOf,
  type NodeType,
  type QuestionData,
  type QuickReply,
  type Rule,
  type SetVariableData,
  type SplitData,
  type TagData,
  type TriggerData,
} from '../nodes'
import { PHRASE_KEYS, type PhraseOverrides } from '../phrases'
import type { Calendar, Product } from '../resources'
import { templateVariables } from '../template'
import { BUILTIN_VARIABLES, VARIABLE_TYPES, type Variable } from '../variable'

/**
 * fast-check arbitraries for property tests: `arbitraryFlow()` draws flows that `parseFlow`
 * accepts, covering every node kind with varied data (templates, unicode and emoji up to the
 * character limits, every condition and assignment op, both jump forms, resources for booking
 * and commerce nodes) and random edges, cycles included.
 */
export interface ArbitraryFlowOptions {
  /** Fewest nodes (default 1). */
  minNodes?: number
  /** Most nodes (default 40). */
  maxNodes?: number
  /** Node kinds to draw from (default: all of them). A leading trigger is added regardless. */
  kinds?: readonly NodeType[]
  /** Whether the first node is a trigger: always, never, or usually (the default). */
  leadingTrigger?: 'always' | 'usually' | 'never'
  /** Connect every output of every node (default: each output is connected or not at random). */
  connectAll?: boolean
  /**
   * Whether a jump may name another flow or a node that is not in this one (default true).
   * With false, every jump lands on a node of this flow.
   */
  foreignJumps?: boolean
}

/** What the node generators may refer to. */
interface Context {
  flowId: string
  ids: readonly string[]
  /** Declared variable names; `vars[0]` is a list variable meant as a cart. */
  vars: readonly string[]
  calendars: readonly Calendar[]
  products: readonly Product[]
  hasTrigger: boolean
  foreignJumps: boolean
}

const YEAR_MS = 365 * DELAY_UNIT_MS.days

export const LOCALES = ['en-US', 'es-ES', 'it-IT', 'pt-BR', 'fr-FR'] as const
export const TIME_ZONES = [
  'UTC',
  'Europe/Madrid',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
] as const
const CURRENCIES = ['EUR', 'USD', 'JPY', 'GBP', 'BRL', 'KWD', 'ZZZ'] as const
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇪🇸', '❤️', '🍕', '✂️', '𝒜', '🥳', '☕'] as const
const WORDS = [
  'Hola',
  '¿Qué tal?',
  'Ciao!',
  'Olá, tudo bem',
  'Ça va ?',
  'Book a cut',
  'precio',
  'Straße',
  'ﬁne',
  'İstanbul',
  '日本語',
  'مرحبا',
  ' ',
  '\n',
  '"quoted"',
  'back\\slash',
  '{single}',
  '<b>html</b>',
] as const
/** Dates as variables may hold them: ISO, ISO datetimes, and ones no calendar has. */
const DATES = ['2026-12-01', '2026-11-24T10:00:00.000Z', '2026-02-30', '2026-13-01'] as const
/** Valid regular expressions, some only without the `u` flag (`a{`, `\-`, `]`). */
const PATTERNS = [
  '[a-z]+',
  '\\d{3,5}',
  '^\\w+$',
  '.*',
  '(a|b)c',
  '[A-Z]{2}\\d{4}',
  '\\p{L}+',
  '(?<y>\\d{2})-\\k<y>',
  '-?\\d+',
  '',
] as const

// ---------------------------------------------------------------------------------------------
// Small building blocks

/** Keeps at most `max` code points (the way the schema counts characters). */
export function fitChars(s: string, max: number): string {
  const chars = [...s]
  return chars.length <= max ? s : chars.slice(0, max).join('')
}

/** Keeps whole code points while the UTF-16 length stays within `max` (plain `.max()` fields). */
export function fitUnits(s: string, max: number): string {
  if (s.length <= max) return s
  let out = ''
  for (const c of s) {
    if (out.length + c.length > max) break
    out += c
  }
  return out
}

/** Makes ids unique (and not reserved) by suffixing, keeping them valid ids. */
function uniqueIds(ids: readonly string[], reserved: readonly string[] = []): string[] {
  const seen = new Set<string>(reserved)
  return ids.map((id, i) => {
    let candidate = id
    for (let k = 0; seen.has(candidate); k++) candidate = `${id.slice(0, 56)}_${i}_${k}`
    seen.add(candidate)
    return candidate
  })
}

/** A finite number that survives a JSON round trip (no -0). */
const numberArb: fc.Arbitrary<number> = fc
  .oneof(
    { weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  )
  .map((n) => (n === 0 ? 0 : n))

const idArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'start',
      'next',
      'fallback',
      'else',
      'yes',
      'no',
      'skip',
      'checkout',
      'more',
      'c0',
      'GET_STARTED',
      '0',
      '-',
      '_',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{60,64}$/) },
)

const varNameArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'name',
      'email',
      'phone',
      'age',
      'city',
      'score',
      'budget',
      'visits',
      'answer',
      'opt_in',
    ),
  },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{63}$/) },
)

function templateArb(vars: readonly string[]): fc.Arbitrary<string> {
  const name = fc.constantFrom(...vars, ...BUILTIN_VARIABLES)
  const fallback = fc
    .oneof(fc.constantFrom('friend', 'amigo', 'say "hi"', 'a\\b', '}}', '😀', ''), looseString(8))
    .map((f) => f.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))
  return fc.oneof(
    { weight: 4, arbitrary: name.map((n) => `{{${n}}}`) },
    { weight: 1, arbitrary: name.map((n) => `{{ ${n} }}`) },
    { weight: 2, arbitrary: fc.tuple(name, fallback).map(([n, f]) => `{{${n} | "${f}"}}`) },
    { weight: 1, arbitrary: fc.constant('{{contact.first_name}}') },
    { weight: 1, arbitrary: fc.constantFrom('{{ First Name }}', '{{', '}}', '{{}}') },
  )
}

/** Any unicode, including astral and lone surrogates. */
function looseString(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength }) },
  )
}

/**
 * A text field of `text(max)`: words, unicode, emoji and templates, at most `max` code points
 * and sometimes exactly `max` (of astral characters, so twice as many UTF-16 units).
 */
function textArb(vars: readonly string[], max: number): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
    { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
    { weight: 2, arbitrary: looseString(10) },
    { weight: 3, arbitrary: templateArb(vars) },
  )
  const normal = fc.array(piece, { minLength: 1, maxLength: 5 }).map((ps) => ps.join(''))
  const full = fc.constantFrom('😀', 'é', 'a', '𝒜', '👍🏽', 'ñ').map((c) => c.repeat(max))
  // Pieces joined can spell a reference of their own ('{{' + 'a' + '}}'): only declared
  // variables may be named, as the generated flows promise.
  const known = new Set<string>([...vars, ...BUILTIN_VARIABLES])
  return fc
    .oneof({ weight: 15, arbitrary: normal }, { weight: 1, arbitrary: full })
    .map((s) => fitChars(s, max))
    .filter((s) => templateVariables(s).every((name) => known.has(name)))
}

/** A string field with a plain `.max()` (UTF-16 units), non-empty unless `allowEmpty`. */
function stringArb(max: number, allowEmpty = false): fc.Arbitrary<string> {
  const normal = fc
    .array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...EMOJI), looseString(8)), {
      minLength: allowEmpty ? 0 : 1,
      maxLength: 4,
    })
    .map((ps) => ps.join(''))
  const full = fc.constantFrom('x', 'ü').map((c) => c.repeat(max))
  return fc
    .oneof({ weight: 12, arbitrary: normal }, { weight: 1, arbitrary: full })
    .map((s) => fitUnits(s, max))
    .map((s) => (s || allowEmpty ? s : 'x'))
}

/** An address for `urlSchema`: http(s), upper case, or a template that produces one. */
function urlArb(vars: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: urlPathArb.map((p) => `https://example.com/${p}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('http://localhost:8080/x', 'HTTPS://EXAMPLE.COM/A') },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...vars, 'contact.psid', 'order.url')
        .map((v) => `https://example.com/u?id={{${v}}}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...vars).map((v) => `{{${v}}}`) },
  )
}

// fc.stringMatching is slow to build, so each pattern is built once.
const phoneArb = fc.stringMatching(/^\+[1-9]\d{6,14}$/)
const urlPathArb = fc.stringMatching(/^[a-z0-9/_.-]{0,20}$/)
const refArb = fc.stringMatching(/^[A-Za-z0-9_=-]{1,20}$/)
const headerNameArb = fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/)
const savePathArb = fc.stringMatching(
  /^[A-Za-z0-9_$-]{1,8}(\.[A-Za-z0-9_$-]{1,6}|\[\d{1,2}\]){0,3}$/,
)

const phrasesArb: fc.Arbitrary<PhraseOverrides> = fc
  .uniqueArray(
    fc.tuple(
      fc.constantFrom(...PHRASE_KEYS),
      fc.oneof(
        fc.constantFrom('Sí', 'Pagar {total}', '{service} el {date} a las {time}', 'Otro día'),
        stringArb(640),
      ),
    ),
    { maxLength: 4, selector: ([key]) => key },
  )
  .map((entries) => Object.fromEntries(entries) as PhraseOverrides)

/** `fc.record` with plain objects (by default fast-check may build null-prototype ones). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true })
}

function optionalKeys<T extends object>(
  model: { [K in keyof T]: fc.Arbitrary<T[K]> },
  required: readonly (keyof T)[],
): fc.Arbitrary<T> {
  return fc.record(model, {
    requiredKeys: [...required],
    noNullPrototype: true,
  }) as unknown as fc.Arbitrary<T>
}

// ---------------------------------------------------------------------------------------------
// Resources and variables

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`

/** An opening interval: two different times of day, in order ("24:00" may end it). */
const intervalArb: fc.Arbitrary<[string, string]> = fc
  .tuple(fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 0, max: 24 * 60 }))
  .filter(([a, b]) => a !== b)
  .map(([a, b]): [string, string] => [hhmm(Math.min(a, b)), hhmm(Math.max(a, b))])

const dayHoursArb = fc.array(intervalArb, { maxLength: 3 })

const calendarArb: fc.Arbitrary<Calendar> = optionalKeys<Calendar>(
  {
    id: idArb,
    name: stringArb(100),
    timezone: fc.constantFrom(...TIME_ZONES),
    slotMinutes: fc.integer({ min: 5, max: 24 * 60 }),
    bufferMinutes: fc.integer({ min: 0, max: 24 * 60 }),
    capacity: fc.integer({ min: 1, max: 1000 }),
    weeklyHours: optionalKeys<Calendar['weeklyHours']>(
      {
        mon: dayHoursArb,
        tue: dayHoursArb,
        wed: dayHoursArb,
        thu: dayHoursArb,
        fri: dayHoursArb,
        sat: dayHoursArb,
        sun: dayHoursArb,
      },
      [],
    ),
    closedDates: fc.array(
      fc
        .date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      { maxLength: 3 },
    ),
    minNoticeMinutes: fc.integer({ min: 0, max: 10_000 }),
  },
  ['id', 'name', 'timezone', 'slotMinutes', 'bufferMinutes', 'capacity', 'weeklyHours'],
)

const productArb: fc.Arbitrary<Product> = optionalKeys<Product>(
  {
    id: idArb,
    name: stringArb(80),
    description: stringArb(500, true),
    imageUrl: fc.stringMatching(/^[a-z0-9]{1,10}$/).map((p) => `https://cdn.example.com/${p}.jpg`),
    priceMinor: fc.oneof(
      { weight: 10, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 1_000_000_000 }) },
    ),
    currency: fc.constantFrom(...CURRENCIES),
    sku: stringArb(64, true),
  },
  ['id', 'name', 'priceMinor', 'currency'],
)

function variableArb(name: string, isCart: boolean): fc.Arbitrary<Variable> {
  return optionalKeys<Variable>(
    {
      name: fc.constant(name),
      type: isCart ? fc.constant('list') : fc.constantFrom(...VARIABLE_TYPES),
      scope: isCart ? fc.constant('conversation') : fc.constantFrom('conversation', 'contact'),
      default: fc.oneof(
        stringArb(30, true),
        fc.constantFrom(...DATES),
        numberArb,
        fc.boolean(),
        fc.array(stringArb(10), { maxLength: 3 }),
      ),
      pii: fc.boolean(),
      description: stringArb(500, true),
    },
    ['name', 'type', 'scope'],
  )
}

// ---------------------------------------------------------------------------------------------
// Node data, one generator per kind

function triggerData(ctx: Context): fc.Arbitrary<TriggerData> {
  const keyword = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('hola', 'Hi', 'precio', 'Café', 'info', '🍕', 'book now', 'MENÚ'),
    },
    { weight: 1, arbitrary: stringArb(100) },
  )
  return optionalKeys<TriggerData>(
    {
      on: fc.constantFrom(...TRIGGER_ON),
      ref: fc.oneof(fc.constantFrom('spring_promo', 'ad=123', 'QR-1'), refArb),
      keywords: fc.array(keyword, { minLength: 1, maxLength: 4 }),
      match: fc.constantFrom('exact', 'contains'),
      payload: fc.oneof(
        fc.constantFrom('MENU_HELP', 'GET_STARTED', 'PROMO_2026', 'c:x:y'),
        stringArb(LIMITS.payloadChars),
      ),
      postId: fc.oneof(fc.constantFrom('post_1', '123_456', ''), stringArb(100)),
      privateReply: textArb(ctx.vars, LIMITS.textChars),
    },
    ['on'],
  ).map((d) => {
    const out = { ...d }
    if (out.on === 'ref' && !out.ref) out.ref = 'spring_promo'
    if (out.on === 'keyword' && !out.keywords?.length) out.keywords = ['hola']
    if (out.on === 'postback' && !out.payload) out.payload = 'MENU_HELP'
    if (out.on === 'comment' && !out.privateReply)
      out.privateReply = 'Thanks {{contact.first_name}}!'
    return out
  })
}

function buttonArb(ctx: Context): fc.Arbitrary<Button> {
  return optionalKeys<Button>(
    {
      id: idArb,
      type: fc.constantFrom('postback', 'postback', 'url', 'call'),
      title: textArb(ctx.vars, LIMITS.buttonTitleChars),
      url: urlArb(ctx.vars),
      phone: phoneArb,
    },
    ['id', 'type', 'title'],
  ).map((b) => {
    if (b.type === 'url' && !b.url) return { ...b, url: 'https://example.com/more' }
    if (b.type === 'call' && !b.phone) return { ...b, phone: '+34600111222' }
    return b
  })
}

function quickReplyArb(ctx: Context): fc.Arbitrary<QuickReply> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: optionalKeys<QuickReply>(
        {
          id: idArb,
          title: textArb(ctx.vars, LIMITS.quickReplyTitleChars),
          imageUrl: urlArb(ctx.vars),
        },
        ['id', 'title'],
      ),
    },
    {
      weight: 1,
      arbitrary: rec({
        id: idArb,
        type: fc.constantFrom('user_email' as const, 'user_phone_number' as const),
      }),
    },
  )
}

function cardArb(ctx: Context): fc.Arbitrary<Card> {
  return optionalKeys<Card>(
    {
      id: idArb,
      title: textArb(ctx.vars, LIMITS.cardTitleChars),
      subtitle: textArb(ctx.vars, LIMITS.cardSubtitleChars),
      imageUrl: urlArb(ctx.vars),
      url: urlArb(ctx.vars),
      buttons: fc.array(buttonArb(ctx), { maxLength: LIMITS.buttons }),
    },
    ['id', 'title'],
  ).map((c) => (c.subtitle || c.imageUrl || c.buttons?.length ? c : { ...c, subtitle: 'More' }))
}

function messageData(ctx: Context): fc.Arbitrary<MessageData> {
  return optionalKeys<MessageData>(
    {
      text: textArb(ctx.vars, LIMITS.textChars),
      attachments: fc.array(
        rec({
          type: fc.constantFrom('image', 'video', 'audio', 'file'),
          url: urlArb(ctx.vars),
        }),
        { maxLength: 3 },
      ),
      buttons: fc.array(buttonArb(ctx), { maxLength: LIMITS.buttons }),
      quickReplies: fc.array(quickReplyArb(ctx), { maxLength: LIMITS.quickReplies }),
      cards: fc.array(cardArb(ctx), { minLength: 1, maxLength: LIMITS.cards }),
      tag: fc.constantFrom('CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE'),
      typingMs: fc.integer({ min: 0, max: LIMITS.typingMs }),
    },
    [],
  ).map(fixMessage)
}

function fixMessage(input: MessageData): MessageData {
  const d: MessageData = { ...input }
  if (!d.text && !d.attachments?.length && !d.cards?.length)
    d.text = 'Hello {{contact.first_name | "there"}}'
  if (d.buttons?.length) d.text = fitChars(d.text ?? 'Pick one', LIMITS.buttonTextChars)
  // Choice ids are unique within the message and never "next" or "fallback".
  const raw = [
    ...(d.buttons ?? []).map((b) => b.id),
    ...(d.quickReplies ?? []).map((q) => q.id),
    ...(d.cards ?? []).flatMap((c) => (c.buttons ?? []).map((b) => b.id)),
  ]
  const fresh = uniqueIds(raw, ['next', 'fallback'])
  let i = 0
  const take = () => fresh[i++] as string
  if (d.buttons) d.buttons = d.buttons.map((b) => ({ ...b, id: take() }))
  if (d.quickReplies) d.quickReplies = d.quickReplies.map((q) => ({ ...q, id: take() }))
  if (d.cards)
    d.cards = d.cards.map((c) =>
      c.buttons ? { ...c, buttons: c.buttons.map((b) => ({ ...b, id: take() })) } : c,
    )
  return d
}

function validationArb(): fc.Arbitrary<NonNullable<QuestionData['validation']>> {
  const bound = fc.oneof(
    fc.integer({ min: -10, max: 100 }),
    numberArb,
    fc.constantFrom('2026-01-01', '2030-12-31', 'abc'),
  )
  return optionalKeys<NonNullable<QuestionData['validation']>>(
    { min: bound, max: bound, pattern: fc.constantFrom(...PATTERNS) },
    [],
  )
}

const choicesArb = (ctx: Context) =>
  fc.array(
    fc.oneof(
      fc.constantFrom('Sí', 'No', 'Maybe', 'Mañana', '☕ Coffee', '1', '2', 'Skip'),
      textArb(ctx.vars, LIMITS.quickReplyTitleChars),
    ),
    { minLength: 1, maxLength: LIMITS.quickReplies },
  )

function fixInput<T extends { input: string; choices?: string[]; suggestFromProfile?: boolean }>(
  d: T,
): T {
  const out = { ...d }
  if (out.input === 'choice' && !out.choices?.length) out.choices = ['Yes', 'No']
  if (out.suggestFromProfile && out.input !== 'email' && out.input !== 'phone')
    out.suggestFromProfile = false
  return out
}

function questionData(ctx: Context): fc.Arbitrary<QuestionData> {
  return optionalKeys<QuestionData>(
    {
      text: textArb(ctx.vars, LIMITS.textChars),
      variable: fc.constantFrom(...ctx.vars),
      input: fc.constantFrom(...QUESTION_INPUTS),
      choices: choicesArb(ctx),
      validation: validationArb(),
      retryText: textArb(ctx.vars, LIMITS.textChars),
      maxRetries: fc.integer({ min: 0, max: 10 }),
      suggestFromProfile: fc.boolean(),
      phrases: phrasesArb,
    },
    ['text', 'variable', 'input'],
  ).map(fixInput)
}

function ruleArb(ctx: Context): fc.Arbitrary<Rule> {
  const variable = fc.constantFrom(...ctx.vars, ...BUILTIN_VARIABLES)
  const scalar = fc.oneof(
    textArb(ctx.vars, 40),
    numberArb,
    fc.boolean(),
    fc.constantFrom(...DATES, ''),
  )
  return fc
    .tuple(fc.constantFrom(...CONDITION_OPS), variable, scalar, fc.boolean())
    .chain(([op, v, value, withValue]): fc.Arbitrary<Rule> => {
      if (UNARY_OPS.includes(op))
        return fc.constant(withValue ? { variable: v, op, value } : { variable: v, op })
      if (TAG_OPS.includes(op))
        return fc
          .constantFrom('vip', 'lead', 'customer', '🔥 hot')
          .map((tag) => ({ variable: 'contact.tags', op, value: tag }))
      if (op === 'matches')
        return fc
          .oneof(fc.constantFrom(...PATTERNS), fc.integer())
          .map((p) => ({ variable: v, op, value: p }))
      return fc.constant({ variable: v, op, value })
    })
}

function conditionData(ctx: Context): fc.Arbitrary<ConditionData> {
  const branch = rec({
    id: idArb,
    label: stringArb(80, true),
    match: fc.constantFrom('all' as const, 'any' as const),
    rules: fc.array(ruleArb(ctx), { minLength: 1, maxLength: 3 }),
  })
  return fc.array(branch, { minLength: 1, maxLength: 4 }).map((branches) => {
    const ids = uniqueIds(
      branches.map((b) => b.id),
      ['else'],
    )
    return { branches: branches.map((b, i): Branch => ({ ...b, id: ids[i] as string })) }
  })
}

function setVariableData(ctx: Context): fc.Arbitrary<SetVariableData> {
  const variable = fc.constantFrom(...ctx.vars)
  const scalar = fc.oneof(textArb(ctx.vars, 60), numberArb, fc.boolean(), fc.constantFrom(...DATES))
  const assignment: fc.Arbitrary<Assignment> = fc.oneof(
    rec({ variable, op: fc.constantFrom('set' as const, 'append' as const), value: scalar }),
    optionalKeys<Assignment>(
      {
        variable,
        op: fc.constant('increment'),
        value: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: -5, max: 10 }) },
          { weight: 1, arbitrary: numberArb },
          { weight: 1, arbitrary: fc.constantFrom(1e300, Number.MAX_VALUE, -Number.MAX_VALUE) },
        ),
      },
      ['variable', 'op'],
    ),
    optionalKeys<Assignment>({ variable, op: fc.constant('clear'), value: scalar }, [
      'variable',
      'op',
    ]),
  )
  return fc.array(assignment, { minLength: 1, maxLength: 4 }).map((assignments) => ({
    assignments,
  }))
}

const tagArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('vip', 'lead', 'customer', '🔥 hot', 'Cliente VIP') },
  { weight: 1, arbitrary: stringArb(50) },
)

const tagData: fc.Arbitrary<TagData> = optionalKeys<TagData>(
  { add: fc.array(tagArb, { maxLength: 3 }), remove: fc.array(tagArb, { maxLength: 3 }) },
  [],
).map((d) => ((d.add?.length ?? 0) + (d.remove?.length ?? 0) > 0 ? d : { ...d, add: ['vip'] }))

const delayData: fc.Arbitrary<DelayData> = fc
  .constantFrom('seconds' as const, 'minutes' as const, 'hours' as const, 'days' as const)
  .chain((unit) => {
    const most = Math.floor(YEAR_MS / DELAY_UNIT_MS[unit])
    return fc
      .oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 10 }) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: most }) },
      )
      .map((amount) => ({ amount, unit }))
  })

const splitData: fc.Arbitrary<SplitData> = fc
  .array(
    rec({
      id: idArb,
      weight: fc.oneof(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constant(0),
      ),
    }),
    { minLength: 2, maxLength: 10 },
  )
  .map((arms) => {
    const ids = uniqueIds(arms.map((a) => a.id))
    const out = arms.map((a, i) => ({ ...a, id: ids[i] as string }))
    if (out.every((a) => a.weight === 0) && out[0]) out[0] = { ...out[0], weight: 1 }
    return { arms: out }
  })

function httpRequestData(ctx: Context): fc.Arbitrary<HttpRequestData> {
  const headerName = fc.oneof(
    fc.constantFrom(
      'Authorization',
      'Content-Type',
      'X-Api-Key',
      'constructor',
      'toString',
      'valueOf',
    ),
    headerNameArb,
  )
  return optionalKeys<HttpRequestData>(
    {
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      url: urlArb(ctx.vars),
      headers: fc.dictionary(headerName, textArb(ctx.vars, 100), {
        maxKeys: 3,
        noNullPrototype: true,
      }),
      body: fc.oneof(
        fc.constantFrom(...ctx.vars).map((v) => `{"value":"{{${v}}}","psid":"{{contact.psid}}"}`),
        textArb(ctx.vars, 200),
      ),
      timeoutMs: fc.integer({ min: 100, max: 30_000 }),
      save: fc.array(
        rec({
          path: fc.oneof(
            fc.constantFrom('id', 'data.items[0].id', 'user.name', '$meta.total', '__proto__'),
            savePathArb,
          ),
          variable: fc.constantFrom(...ctx.vars),
        }),
        { maxLength: 4 },
      ),
    },
    ['method', 'url'],
  )
}

function handoffData(ctx: Context): fc.Arbitrary<HandoffData> {
  return optionalKeys<HandoffData>(
    {
      text: textArb(ctx.vars, LIMITS.textChars),
      resumeAfterMinutes: fc.integer({ min: 1, max: 7 * 24 * 60 }),
    },
    [],
  )
}

function jumpData(ctx: Context): fc.Arbitrary<JumpData> {
  const existing = fc.constantFrom(...ctx.ids)
  const forms: fc.Arbitrary<JumpData['target']>[] = [
    existing,
    existing,
    existing.map((nodeId) => ({ flowId: ctx.flowId, nodeId })),
  ]
  if (ctx.hasTrigger || ctx.foreignJumps) forms.push(fc.constant({ flowId: ctx.flowId }))
  if (ctx.foreignJumps)
    forms.push(
      optionalKeys<{ flowId: string; nodeId?: string }>({ flowId: idArb, nodeId: idArb }, [
        'flowId',
      ]),
    )
  return fc.oneof(...forms).map((target) => ({ target }))
}

function endData(ctx: Context): fc.Arbitrary<EndData> {
  return optionalKeys<EndData>({ text: textArb(ctx.vars, LIMITS.textChars) }, [])
}

function leadFormData(ctx: Context): fc.Arbitrary<LeadFormData> {
  const field = optionalKeys<LeadField>(
    {
      id: idArb,
      variable: fc.constantFrom(...ctx.vars),
      prompt: textArb(ctx.vars, LIMITS.textChars),
      input: fc.constantFrom(...QUESTION_INPUTS),
      required: fc.boolean(),
      choices: choicesArb(ctx),
      suggestFromProfile: fc.boolean(),
      validation: validationArb(),
      retryText: textArb(ctx.vars, LIMITS.textChars),
    },
    ['id', 'variable', 'prompt', 'input', 'required'],
  ).map(fixInput)
  return optionalKeys<LeadFormData>(
    {
      intro: textArb(ctx.vars, LIMITS.textChars),
      fields: fc.array(field, { minLength: 1, maxLength: 4 }),
      consent: rec({
        text: textArb(ctx.vars, LIMITS.buttonTextChars),
        required: fc.boolean(),
      }),
      // FLOW_FORMAT.md: a lead form's reminder comes within 24 hours.
      reminder: rec({
        afterMinutes: fc.integer({ min: 1, max: 24 * 60 - 1 }),
        text: textArb(ctx.vars, LIMITS.textChars),
      }),
      abandonAfterMinutes: fc.integer({ min: 1, max: 7 * 24 * 60 }),
      completion: textArb(ctx.vars, LIMITS.textChars),
      webhook: rec({ url: urlArb(ctx.vars) }),
      maxRetries: fc.integer({ min: 0, max: 10 }),
      phrases: phrasesArb,
    },
    ['fields', 'completion'],
  ).map((d) => {
    // Field ids are unique, and no two fields save into one variable.
    const seenVars = new Set<string>()
    const fields = d.fields.filter((f) => !seenVars.has(f.variable) && seenVars.add(f.variable))
    const ids = uniqueIds(fields.map((f) => f.id))
    return { ...d, fields: fields.map((f, i) => ({ ...f, id: ids[i] as string })) }
  })
}

function bookingData(ctx: Context): fc.Arbitrary<BookingData> {
  return optionalKeys<BookingData>(
    {
      calendarId: fc.constantFrom(...ctx.calendars.map((c) => c.id)),
      service: rec({
        name: textArb(ctx.vars, 80),
        durationMinutes: fc.integer({ min: 5, max: 24 * 60 }),
      }),
      prompt: textArb(ctx.vars, LIMITS.textChars),
      daysAhead: fc.integer({ min: 1, max: 365 }),
      confirmation: textArb(ctx.vars, LIMITS.buttonTextChars),
      reminders: fc.array(
        rec({
          beforeMinutes: fc.integer({ min: 1, max: 30 * 24 * 60 }),
          text: textArb(ctx.vars, LIMITS.textChars),
        }),
        { maxLength: 5 },
      ),
      allowCancel: fc.boolean(),
      allowReschedule: fc.boolean(),
      phrases: phrasesArb,
    },
    [
      'calendarId',
      'service',
      'prompt',
      'daysAhead',
      'confirmation',
      'reminders',
      'allowCancel',
      'allowReschedule',
    ],
  )
}

/** Catalogs and checkouts mostly use the cart variable, so carts reach the checkout. */
const cartVariable = (ctx: Context) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(ctx.vars[0] as string) },
    { weight: 1, arbitrary: fc.constantFrom(...ctx.vars) },
  )

function catalogData(ctx: Context): fc.Arbitrary<CatalogData> {
  return optionalKeys<CatalogData>(
    {
      productIds: fc.array(fc.constantFrom(...ctx.products.map((p) => p.id)), {
        minLength: 1,
        maxLength: LIMITS.cards,
      }),
      buttonTitle: textArb(ctx.vars, LIMITS.buttonTitleChars),
      cartVariable: cartVariable(ctx),
      mode: fc.constantFrom('single', 'cart'),
      text: textArb(ctx.vars, LIMITS.textChars),
      phrases: phrasesArb,
    },
    ['productIds', 'buttonTitle', 'cartVariable', 'mode'],
  )
}

function checkoutData(ctx: Context): fc.Arbitrary<CheckoutData> {
  const productIds = ctx.products.map((p) => p.id)
  const currencies = [...new Set(ctx.products.map((p) => p.currency))]
  const common = {
    currency: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...currencies) },
      { weight: 1, arbitrary: fc.constantFrom(...CURRENCIES) },
    ),
    collect: rec({ shippingAddress: fc.boolean(), email: fc.boolean(), phone: fc.boolean() }),
    provider: fc.constantFrom('stripe' as const, 'paypal' as const, 'choice' as const),
    buttonText: textArb(ctx.vars, LIMITS.buttonTitleChars),
    text: textArb(ctx.vars, LIMITS.buttonTextChars),
    expiresMinutes: fc.integer({ min: 30, max: 24 * 60 }),
    reminder: rec({
      afterMinutes: fc.integer({ min: 1, max: 2000 }),
      text: textArb(ctx.vars, LIMITS.textChars),
    }),
    receipt: fc.boolean(),
    phrases: phrasesArb,
  }
  const required = ['currency', 'collect', 'provider', 'buttonText', 'expiresMinutes', 'receipt']
  const items = fc.array(
    rec({
      productId: fc.constantFrom(...productIds),
      quantity: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1000 })),
    }),
    { minLength: 1, maxLength: 4 },
  )
  return fc.oneof(
    optionalKeys<CheckoutData>({ ...common, items }, [
      ...required,
      'items',
    ] as (keyof CheckoutData)[]),
    optionalKeys<CheckoutData>(
      { ...common, cartVariable: cartVariable(ctx), items: fc.constant([]) },
      [...required, 'cartVariable'] as (keyof CheckoutData)[],
    ),
  )
}

const DATA: { [T in NodeType]: (ctx: Context) => fc.Arbitrary<NodeOf<T>['data']> } = {
  trigger: triggerData,
  message: messageData,
  question: questionData,
  condition: conditionData,
  set_variable: setVariableData,
  tag: () => tagData,
  delay: () => delayData,
  split: () => splitData,
  http_request: httpRequestData,
  handoff: handoffData,
  jump: jumpData,
  end: endData,
  lead_form: leadFormData,
  booking: bookingData,
  catalog: catalogData,
  checkout: checkoutData,
}

function nodeArb(id: string, type: NodeType, ctx: Context): fc.Arbitrary<FlowNode> {
  const data = DATA[type](ctx) as fc.Arbitrary<FlowNode['data']>
  return optionalKeys<{
    id: string
    type: NodeType
    position: { x: number; y: number }
    label: string
    data: FlowNode['data']
  }>(
    {
      id: fc.constant(id),
      type: fc.constant(type),
      position: rec({ x: numberArb, y: numberArb }),
      label: stringArb(80, true),
      data,
    },
    ['id', 'type', 'position', 'data'],
  ).map((n) => n as FlowNode)
}

// ---------------------------------------------------------------------------------------------
// The flow

/**
 * Valid flows: every draw passes `parseFlow`. Ids are unique, every template names a declared
 * variable or a built-in, bookings name a calendar and catalogs / checkouts products that
 * `resources` carries, and each output of each node is either unconnected or connected to a
 * random node of the flow (so loops happen).
 */
export function arbitraryFlow(options: ArbitraryFlowOptions = {}): fc.Arbitrary<Flow> {
  const {
    minNodes = 1,
    maxNodes = 40,
    kinds = NODE_TYPES,
    leadingTrigger = 'usually',
    connectAll = false,
    foreignJumps = true,
  } = options
  const leading =
    leadingTrigger === 'always'
      ? fc.constant(true)
      : leadingTrigger === 'never'
        ? fc.constant(false)
        : fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, fc.constant(false))
  const skeleton = rec({
    flowId: idArb,
    varNames: fc.uniqueArray(varNameArb, { minLength: 3, maxLength: 8 }),
    leading,
    count: fc.integer({ min: minNodes, max: maxNodes }),
    calendars: fc.array(calendarArb, { minLength: 1, maxLength: 2 }),
    products: fc.array(productArb, { minLength: 1, maxLength: 5 }),
  })
  return skeleton
    .chain((sk) =>
      fc
        .array(fc.tuple(fc.constantFrom(...kinds), idArb), {
          minLength: sk.count,
          maxLength: sk.count,
        })
        .map((spec) => ({ sk, spec })),
    )
    .chain(({ sk, spec }) => {
      const types = spec.map(([t], i): NodeType => (i === 0 && sk.leading ? 'trigger' : t))
      const ids = uniqueIds(spec.map(([, id]) => id))
      const calIds = uniqueIds(sk.calendars.map((c) => c.id))
      const prodIds = uniqueIds(sk.products.map((p) => p.id))
      const ctx: Context = {
        flowId: sk.flowId,
        ids,
        vars: sk.varNames,
        calendars: sk.calendars.map((c, i) => ({ ...c, id: calIds[i] as string })),
        products: sk.products.map((p, i) => ({ ...p, id: prodIds[i] as string })),
        hasTrigger: types.includes('trigger'),
        foreignJumps,
      }
      return rec({
        ctx: fc.constant(ctx),
        variables: fc.tuple(...sk.varNames.map((name, i) => variableArb(name, i === 0))),
        nodes: fc.tuple(...ids.map((id, i) => nodeArb(id, types[i] as NodeType, ctx))),
        top: optionalKeys<{
          name: string
          description: string
          locale: string
          meta: NonNullable<Flow['meta']>
          keepUnused: boolean
        }>(
          {
            name: stringArb(120),
            description: stringArb(2000, true),
            locale: fc.constantFrom(...LOCALES),
            meta: optionalKeys<NonNullable<Flow['meta']>>(
              {
                exportedBy: fc.oneof(fc.constant('charla 0.1.0'), stringArb(100, true)),
                exportedAt: fc.oneof(fc.constant('2026-11-22T10:00:00Z'), stringArb(40, true)),
              },
              [],
            ),
            keepUnused: fc.boolean(),
          },
          ['name', 'keepUnused'],
        ),
      })
    })
    .chain(({ ctx, variables, nodes, top }) =>
      edgesArb(nodes, connectAll).map((edges): Flow => {
        const uses = (t: NodeType) => nodes.some((n) => n.type === t)
        const resources: Flow['resources'] = {}
        if (top.keepUnused || uses('booking')) resources.calendars = [...ctx.calendars]
        if (top.keepUnused || uses('catalog') || uses('checkout'))
          resources.products = [...ctx.products]
        const flow: Flow = {
          format: FLOW_FORMAT,
          schemaVersion: CURRENT_SCHEMA_VERSION,
          id: ctx.flowId,
          name: top.name,
          variables: [...variables],
          resources,
          nodes: [...nodes],
          edges,
        }
        if (top.description !== undefined) flow.description = top.description
        if (top.locale !== undefined) flow.locale = top.locale
        if (top.meta !== undefined) flow.meta = top.meta
        return flow
      }),
    )
}

/** For each output of each node: no edge, or an edge to any node (itself included). */
function edgesArb(nodes: readonly FlowNode[], connectAll: boolean): fc.Arbitrary<Edge[]> {
  const outputs = nodes.flatMap((n) => outputsOf(n).map((handle) => ({ source: n.id, handle })))
  if (!outputs.length || !nodes.length) return fc.constant([])
  const target = fc.nat({ max: nodes.length - 1 })
  const pick = connectAll
    ? target
    : fc.option(target, { nil: undefined, freq: 3 }) /* about 1 in 3 unconnected */
  return fc.tuple(...outputs.map(() => pick)).map((targets) =>
    outputs.flatMap(({ source, handle }, i): Edge[] => {
      const t = targets[i]
      if (t === undefined) return []
      return [{ id: `e${i}`, source, sourceHandle: handle, target: (nodes[t] as FlowNode).id }]
    }),
  )
}
