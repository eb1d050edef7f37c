import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exportFlow } from './exportFlow'
import type { Flow } from './flow'
import type { FlowError } from './FlowError'
import { formatPath, type PathSegment } from './formatPath'
import {
  CONDITION_OPS,
  NODE_TYPES,
  QUESTION_INPUTS,
  TRIGGER_ON,
  messageChoiceIds,
  outputsOf,
} from './nodes'
import { parseFlow, type ParseFlowResult } from './parseFlow'
import { templateVariables } from './template'
import { LOCALES, arbitraryFlow } from './testing'
import { BUILTIN_VARIABLES } from './variable'

const RUNS = { numRuns: 150 }
const flows = arbitraryFlow()

describe('arbitraryFlow', () => {
  it('draws only flows parseFlow accepts, with consistent references', () => {
    fc.assert(
      fc.property(flows, (flow) => {
        const r = parseFlow(flow)
        if (!r.ok) expect.fail(`generated an invalid flow: ${JSON.stringify(r.errors)}`)
        checkReferences(flow)
      }),
      RUNS,
    )
  })

  it('covers every node kind, trigger, condition op, input, jump form and locale', () => {
    const seen = new Set<string>()
    for (const flow of fc.sample(flows, 200)) {
      seen.add(`locale:${flow.locale ?? '-'}`)
      if (flow.meta) seen.add('meta')
      if (flow.description !== undefined) seen.add('description')
      for (const n of flow.nodes) {
        seen.add(n.type)
        const d = n.data
        if (n.type === 'trigger') seen.add(`on:${n.data.on}`)
        if (n.type === 'condition')
          for (const b of n.data.branches) for (const r of b.rules) seen.add(`op:${r.op}`)
        if (n.type === 'set_variable') for (const a of n.data.assignments) seen.add(`set:${a.op}`)
        if (n.type === 'question') seen.add(`input:${n.data.input}`)
        if (n.type === 'jump') seen.add(`jump:${typeof n.data.target}`)
        if (n.type === 'message') {
          if (n.data.buttons?.length) seen.add('buttons')
          if (n.data.quickReplies?.length) seen.add('quickReplies')
          if (n.data.cards?.length) seen.add('cards')
          if (n.data.attachments?.length) seen.add('attachments')
        }
        if (n.type === 'checkout')
          seen.add(n.data.cartVariable ? 'checkout:cart' : 'checkout:items')
        if (n.type === 'split' && n.data.arms.some((a) => a.weight === 0)) seen.add('zero weight')
        const text = JSON.stringify(d)
        if (/\{\{[a-z_.]+ \| "/.test(text)) seen.add('fallback template')
        if (text.includes('{{contact.first_name}}')) seen.add('contact template')
        if (/\p{Extended_Pictographic}/u.test(text)) seen.add('emoji')
      }
    }
    const expected = [
      ...NODE_TYPES,
      ...TRIGGER_ON.map((o) => `on:${o}`),
      ...CONDITION_OPS.map((o) => `op:${o}`),
      ...['set', 'increment', 'append', 'clear'].map((o) => `set:${o}`),
      ...QUESTION_INPUTS.map((i) => `input:${i}`),
      ...LOCALES.map((l) => `locale:${l}`),
      'locale:-',
      ...['jump:string', 'jump:object', 'checkout:cart', 'checkout:items', 'zero weight'],
      ...['buttons', 'quickReplies', 'cards', 'attachments', 'meta', 'description'],
      ...['fallback template', 'contact template', 'emoji'],
    ]
    expect(expected.filter((e) => !seen.has(e))).toEqual([])
  })
})

describe('parseFlow round trips', () => {
  it('gives back exactly the flow from its JSON text', () => {
    fc.assert(
      fc.property(flows, (flow) => {
        const r = parseFlow(JSON.stringify(flow))
        expect(r.ok).toBe(true)
        if (r.ok) expect(r.flow).toStrictEqual(flow)
      }),
      RUNS,
    )
  })

  it('gives back the flow of exportFlow, with its meta', () => {
    const meta = fc.record(
      {
        exportedBy: fc.string({ maxLength: 100 }),
        exportedAt: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string({ maxLength: 40 }),
        ),
      },
      { noNullPrototype: true },
    )
    fc.assert(
      fc.property(flows, meta, (flow, m) => {
        const text = exportFlow(flow, m)
        expect(text.endsWith('\n')).toBe(true)
        const r = parseFlow(text)
        expect(r.ok).toBe(true)
        if (r.ok) expect(r.flow).toStrictEqual({ ...flow, meta: m })
      }),
      RUNS,
    )
  })

  it('is idempotent: parsing a parsed flow changes nothing', () => {
    fc.assert(
      fc.property(flows, (flow) => {
        const once = parseFlow(flow)
        if (!once.ok) return expect.fail(JSON.stringify(once.errors))
        expect(parseFlow(once.flow)).toStrictEqual(once)
        expect(parseFlow(JSON.stringify(once.flow))).toStrictEqual(once)
      }),
      RUNS,
    )
  })
})

describe('parseFlow on bad input', () => {
  it('never throws on JSON garbage, and locates every error', () => {
    const garbage = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.jsonValue()).map((rest) => ({
        ...rest,
        format: 'charla.flow',
        schemaVersion: 1,
      })),
      fc.record({
        format: fc.constant('charla.flow'),
        schemaVersion: fc.oneof(fc.constant(1), fc.jsonValue()),
        id: fc.jsonValue(),
        name: fc.jsonValue(),
        variables: fc.jsonValue(),
        resources: fc.jsonValue(),
        nodes: fc.array(
          fc.record({ id: fc.jsonValue(), type: fc.jsonValue(), data: fc.jsonValue() }),
        ),
        edges: fc.jsonValue(),
      }),
    )
    fc.assert(
      fc.property(garbage, (value) => {
        expectWellFormed(parseFlow(value), value)
        expectWellFormed(parseFlow(JSON.stringify(value)), value)
      }),
      { numRuns: 300 },
    )
  })

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (text) => {
        const r = parseFlow(text)
        expectWellFormed(r, undefined)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses deep nesting and poisoned keys without throwing', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    expectWellFormed(parseFlow(deep), undefined)
    let nested: unknown = {}
    for (let i = 0; i < 5000; i++) nested = { a: nested }
    expect(parseFlow(nested).ok).toBe(false)
    const poisoned = '{"format":"charla.flow","schemaVersion":1,"__proto__":{"x":1}}'
    const r = parseFlow(poisoned)
    expect(r.ok).toBe(false)
  })

  it('reports a flow with one field deleted or given a wrong type at that field', () => {
    const mutation = fc.record({
      kind: fc.constantFrom('delete' as const, 'retype' as const, 'unknown' as const),
      at: fc.nat(),
      choice: fc.nat(),
      asText: fc.boolean(),
    })
    fc.assert(
      fc.property(flows, mutation, (flow, m) => {
        const doc = JSON.parse(JSON.stringify(flow)) as unknown
        const paths = m.kind === 'unknown' ? objectPaths(doc) : valuePaths(doc)
        const path = paths[m.at % paths.length] as PathSegment[]
        let where: PathSegment[]
        if (m.kind === 'delete') {
          remove(doc, path)
          where = path.slice(0, -1)
        } else if (m.kind === 'retype') {
          const wrong = wrongValues(valueAt(doc, path), m.asText)
          setAt(doc, path, wrong[m.choice % wrong.length])
          where = path
        } else {
          setAt(doc, [...path, 'unknown_field_x'], 1)
          where = path
        }
        const r = parseFlow(m.asText ? JSON.stringify(doc) : doc)
        expectWellFormed(r, doc)
        if (m.kind === 'unknown') expect(r.ok).toBe(false)
        if (r.ok) {
          // A change the schema allows (an optional field, a scalar of another kind).
          expect(parseFlow(r.flow)).toStrictEqual(r)
          return
        }
        // At least one error points at the change: the field, a field beside it, or a parent.
        const target = formatPath(where)
        const related = r.errors.some((e) => isWithin(target, e.path) || isWithin(e.path, target))
        if (!related)
          expect.fail(`no error near ${target}: ${JSON.stringify(r.errors.slice(0, 5))}`)
      }),
      RUNS,
    )
  }, 30_000)
})

/** Edges leave from real outputs to real nodes, jumps land, templates name declared variables. */
function checkReferences(flow: Flow): void {
  const ids = new Set(flow.nodes.map((n) => n.id))
  const declared = new Set<string>([...flow.variables.map((v) => v.name), ...BUILTIN_VARIABLES])
  const used = new Set<string>()
  for (const e of flow.edges) {
    const source = flow.nodes.find((n) => n.id === e.source)
    expect(source && outputsOf(source)).toContain(e.sourceHandle)
    expect(ids.has(e.target)).toBe(true)
    const key = `${e.source}\u0000${e.sourceHandle}`
    expect(used.has(key)).toBe(false)
    used.add(key)
  }
  for (const n of flow.nodes) {
    if (n.type === 'jump' && typeof n.data.target === 'string')
      expect(ids.has(n.data.target)).toBe(true)
    if (n.type === 'message') {
      const choices = messageChoiceIds(n.data)
      expect(new Set(choices).size).toBe(choices.length)
    }
    if (n.type === 'booking')
      expect(flow.resources.calendars?.map((c) => c.id)).toContain(n.data.calendarId)
    if (n.type === 'catalog')
      for (const p of n.data.productIds)
        expect(flow.resources.products?.map((x) => x.id)).toContain(p)
    if (n.type === 'checkout')
      for (const i of n.data.items ?? [])
        expect(flow.resources.products?.map((x) => x.id)).toContain(i.productId)
  }
  for (const s of strings(flow.nodes))
    for (const name of templateVariables(s)) expect(declared).toContain(name)
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings)
  return []
}

function expectWellFormed(r: ParseFlowResult, doc: unknown): void {
  if (r.ok) return
  expect(r.errors.length).toBeGreaterThan(0)
  for (const e of r.errors as FlowError[]) {
    expect(typeof e.path).toBe('string')
    expect(typeof e.message).toBe('string')
    expect(e.message.trim()).not.toBe('')
    if (e.nodeId !== undefined) {
      expect(e.path).toMatch(/^nodes\[\d+\]/)
      const index = Number(/^nodes\[(\d+)\]/.exec(e.path)?.[1])
      if (doc !== undefined) expect(valueAt(doc, ['nodes', index, 'id'])).toBe(e.nodeId)
    }
  }
}

/** `a` is `b` or inside it (`nodes[1].data.text` is within `nodes[1]`; everything within ''). */
function isWithin(a: string, b: string): boolean {
  return b === '' || a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`)
}

function valuePaths(value: unknown, path: PathSegment[] = []): PathSegment[][] {
  const here = path.length ? [path] : []
  if (Array.isArray(value))
    return [...here, ...value.flatMap((v, i) => valuePaths(v, [...path, i]))]
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => valuePaths(v, [...path, k]))]
  return here
}

function objectPaths(value: unknown, path: PathSegment[] = []): PathSegment[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...path, i]))
  if (value !== null && typeof value === 'object')
    return [path, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, k]))]
  return []
}

function valueAt(doc: unknown, path: readonly PathSegment[]): unknown {
  let cur = doc
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<PathSegment, unknown>)[seg]
  }
  return cur
}

function setAt(doc: unknown, path: readonly PathSegment[], value: unknown): void {
  const parent = valueAt(doc, path.slice(0, -1)) as Record<PathSegment, unknown>
  parent[path.at(-1) as PathSegment] = value
}

function remove(doc: unknown, path: readonly PathSegment[]): void {
  const parent = valueAt(doc, path.slice(0, -1))
  const key = path.at(-1) as PathSegment
  if (Array.isArray(parent)) parent.splice(Number(key), 1)
  else delete (parent as Record<PathSegment, unknown>)[key]
}

/** Values of another JSON type than `v` (plus NaN and Infinity when not going through text). */
function wrongValues(v: unknown, asText: boolean): unknown[] {
  const odd = asText ? [] : [Number.NaN, Number.POSITIVE_INFINITY]
  if (typeof v === 'string') return [42, true, null, {}, [], ...odd]
  if (typeof v === 'number') return [String(v), true, null, [], {}]
  if (typeof v === 'boolean') return [String(v), 1, null, {}]
  if (Array.isArray(v)) return [{}, 'x', null, 0, true]
  return [[], 'x', null, 0, false]
}
