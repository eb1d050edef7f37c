import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApiRuntime, type ApiRuntime } from '../api/startApiRuntime'

// Flow files from strangers: every hostile shape gets a clear 4xx, nothing is stored, and no
// prototype is polluted in the process.

let t: ApiRuntime
beforeAll(async () => {
  t = await startApiRuntime()
})
afterAll(() => t?.stop())

const validFlow = () => ({
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'hostile',
  name: 'Hostile',
  locale: 'en-US',
  variables: [],
  resources: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    { id: 'hi', type: 'message', position: { x: 300, y: 0 }, data: { text: 'Hi' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' }],
})

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort()
const before = protoKeys()

async function importing(text: string) {
  const res = await t.api('POST', '/api/flows/import', text)
  return {
    status: res.statusCode,
    body: res.json<{ ok?: boolean; error?: string; message?: string }>(),
  }
}

async function draftCount() {
  return (await t.api('GET', '/api/flows')).json<{ flows: unknown[] }>().flows.length
}

describe('hostile flow imports', () => {
  it('refuses __proto__ and constructor.prototype keys, anywhere in the file', async () => {
    const count = await draftCount()
    const text = JSON.stringify(validFlow())
    for (const hostile of [
      text.replace('"name":"Hostile"', '"name":"Hostile","__proto__":{"isAdmin":true}'),
      text.replace('"text":"Hi"', '"text":"Hi","__proto__":{"isAdmin":true}'),
      text.replace('"resources":{}', '"resources":{"constructor":{"prototype":{"isAdmin":true}}}'),
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
    ]) {
      const res = await importing(hostile)
      expect(res.status, hostile.slice(0, 60)).toBe(400)
      expect(res.body.ok).toBe(false)
      expect(res.body.message).toBeTruthy()
    }
    expect(await draftCount()).toBe(count)
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    expect(protoKeys()).toEqual(before)
  })

  it('answers 413 to a 50 MB body, without reading it into a flow', async () => {
    const big = JSON.stringify({ ...validFlow(), name: 'x'.repeat(50 * 1024 * 1024) })
    const res = await importing(big)
    expect(res.status).toBe(413)
    expect(res.body.error).toBe('body_too_large')
  })

  it('refuses 100,000 nodes and 10,000 levels of nesting with what is wrong', async () => {
    const many = {
      ...validFlow(),
      nodes: Array.from({ length: 100_000 }, (_, i) => ({
        id: `n${i}`,
        type: 'message',
        position: { x: 0, y: 0 },
        data: { text: 'a' },
      })),
    }
    const manyText = JSON.stringify(many)
    const tooMany = await importing(manyText)
    // Larger than 5 MB already; a smaller file with too many nodes is refused by the schema.
    expect([400, 413]).toContain(tooMany.status)
    const compact = JSON.stringify({ ...many, nodes: many.nodes.slice(0, 6000) })
    expect(compact.length).toBeLessThan(5 * 1024 * 1024)
    const schema = await importing(compact)
    expect(schema.status).toBe(400)
    expect(schema.body.message).toMatch(/at most 5000 nodes/)

    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)
    const nested = await importing(deep)
    expect(nested.status).toBe(400)
    expect(nested.body.ok).toBe(false)
    const deepInFlow = JSON.stringify(validFlow()).replace(
      '"resources":{}',
      `"resources":${'{"a":'.repeat(200)}1${'}'.repeat(200)}`,
    )
    expect((await importing(deepInFlow)).status).toBe(400)
    expect(protoKeys()).toEqual(before)
  })

  it('keeps template injections as text: they are data, never code', async () => {
    const flow = validFlow()
    flow.nodes[1]!.data = { text: "{{constructor.constructor('return process')()}} {{__proto__}}" }
    const res = await importing(JSON.stringify(flow))
    // Imported (as a draft with what to fix, or as a flow): never run.
    expect(res.status).toBeLessThan(500)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(protoKeys()).toEqual(before)
  })
})
