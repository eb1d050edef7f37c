import type { Flow } from '@charla/flow-schema'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api, setFetch, type Draft } from '../api'
import { flowB } from '../test/fixtures'
import { Autosaver, type AutosaveState } from './autosave'

/** A stand-in for the runtime's PUT /api/flows/:id: revisions, 409 on a stale one. */
function fakeServer(initial: Flow) {
  const server = { flow: initial, revision: 1, puts: [] as { revision: number; name: string }[] }
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  const draft = (): Draft => ({
    id: 'flow_b',
    flow: server.flow,
    revision: server.revision,
    updatedAt: '2026-01-01T00:00:00Z',
  })
  setFetch(async (input, init) => {
    const url = String(input)
    if (url === '/api/flows/flow_b' && init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as { flow: Flow; revision: number }
      server.puts.push({ revision: body.revision, name: body.flow.name })
      if (body.revision !== server.revision)
        return json(409, { ok: false, error: 'conflict', message: 'stale', current: draft() })
      server.flow = body.flow
      server.revision++
      return json(200, { draft: draft() })
    }
    return json(404, { ok: false, error: 'not_found', message: url })
  })
  return server
}

const named = (name: string): Flow => ({ ...flowB(), name })

describe('Autosaver', () => {
  let states: AutosaveState[]
  beforeEach(() => {
    vi.useFakeTimers()
    states = []
  })
  afterEach(() => vi.useRealTimers())
  const make = (revision = 1) =>
    new Autosaver({
      flowId: 'flow_b',
      revision,
      save: api.saveFlow,
      onChange: (s) => states.push(s),
      delayMs: 800,
    })

  it('saves once, 800 ms after the last of several changes, with the draft revision', async () => {
    const server = fakeServer(named('B'))
    const saver = make()
    saver.changed(named('B1'))
    await vi.advanceTimersByTimeAsync(500)
    saver.changed(named('B12'))
    await vi.advanceTimersByTimeAsync(700)
    expect(server.puts).toEqual([])
    expect(saver.current.status).toBe('unsaved')
    await vi.advanceTimersByTimeAsync(200)
    expect(server.puts).toEqual([{ revision: 1, name: 'B12' }])
    expect(saver.current).toMatchObject({ status: 'saved', revision: 2 })
    expect(states.map((s) => s.status)).toEqual(['unsaved', 'unsaved', 'saving', 'saved'])
  })

  it('a change made while saving is saved next, with the new revision', async () => {
    const server = fakeServer(named('B'))
    const saver = make()
    saver.changed(named('one'))
    await vi.advanceTimersByTimeAsync(800) // save in flight (fetch resolves in microtasks)
    saver.changed(named('two'))
    await vi.advanceTimersByTimeAsync(1600)
    expect(server.puts).toEqual([
      { revision: 1, name: 'one' },
      { revision: 2, name: 'two' },
    ])
    expect(saver.current).toMatchObject({ status: 'saved', revision: 3 })
  })

  it('on 409 stops, shows theirs, and "keep mine" overwrites with their revision', async () => {
    const server = fakeServer(named('B'))
    server.revision = 5 // another tab saved meanwhile
    server.flow = named('theirs')
    const saver = make(1)
    saver.changed(named('mine'))
    await vi.advanceTimersByTimeAsync(800)
    expect(saver.current.status).toBe('conflict')
    expect(saver.current.theirs?.flow.name).toBe('theirs')
    // further edits do not save over theirs while the conflict is open
    saver.changed(named('mine 2'))
    await vi.advanceTimersByTimeAsync(5000)
    expect(server.puts).toHaveLength(1)
    await saver.keepMine()
    expect(server.flow.name).toBe('mine 2')
    expect(server.puts.at(-1)).toEqual({ revision: 5, name: 'mine 2' })
    expect(saver.current).toMatchObject({ status: 'saved', revision: 6 })
  })

  it('"load theirs" drops the pending change and continues from their revision', async () => {
    const server = fakeServer(named('B'))
    server.revision = 3
    const saver = make(1)
    saver.changed(named('mine'))
    await vi.advanceTimersByTimeAsync(800)
    const theirs = saver.loadTheirs()
    expect(theirs?.revision).toBe(3)
    expect(saver.current.status).toBe('saved')
    saver.changed(named('next edit'))
    await vi.advanceTimersByTimeAsync(800)
    expect(server.puts.at(-1)).toEqual({ revision: 3, name: 'next edit' })
    expect(saver.current.status).toBe('saved')
  })

  it('keeps the change and retries when the server is unreachable', async () => {
    const saver = new Autosaver({
      flowId: 'flow_b',
      revision: 1,
      save: vi
        .fn()
        .mockRejectedValueOnce(new Error('offline'))
        .mockResolvedValueOnce({ revision: 2 }),
      onChange: (s) => states.push(s),
      delayMs: 800,
      retryMs: 3000,
    })
    saver.changed(named('x'))
    await vi.advanceTimersByTimeAsync(800)
    expect(saver.current.status).toBe('offline')
    await vi.advanceTimersByTimeAsync(3000)
    expect(saver.current).toMatchObject({ status: 'saved', revision: 2 })
  })
})
