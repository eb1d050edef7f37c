import type { Flow } from '@charla/flow-schema'
import { chain, edge, makeFlow, node } from '@charla/flow-schema/testing'
import { Agent, request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startApiRuntime, type ApiRuntime } from './startApiRuntime'

/** Quick replies, then an hour's wait before the last message. */
const coffeeFlow: Flow = makeFlow({
  id: 'coffee',
  name: 'Coffee',
  nodes: [
    node('start', 'trigger', { on: 'get_started' }),
    node('ask', 'message', {
      text: 'Coffee or tea?',
      quickReplies: [
        { id: 'coffee', title: 'Coffee' },
        { id: 'tea', title: 'Tea' },
      ],
    }),
    node('brewing', 'message', { text: 'Brewing your coffee' }),
    node('tea_msg', 'message', { text: 'Tea it is' }),
    node('wait', 'delay', { amount: 1, unit: 'hours' }),
    node('ready', 'message', { text: 'Your coffee is ready!' }),
  ],
  edges: [
    edge('start', 'next', 'ask'),
    edge('ask', 'coffee', 'brewing'),
    edge('ask', 'tea', 'tea_msg'),
    edge('ask', 'fallback', 'tea_msg'),
    ...chain('brewing', 'wait', 'ready'),
  ],
})

interface SimEvent {
  type: 'sent' | 'state' | 'clock'
  seq?: number
  at?: number
  body?: {
    message?: { text?: string; quick_replies?: { title: string; payload: string }[] }
    sender_action?: string
  }
  currentNodeId?: string
  waiting?: string
  ended?: boolean
  variables?: Record<string, unknown>
  pendingTimers?: { timerId: string; runAt: number }[]
  now?: number
  offsetMs?: number
}

/** An EventSource-like reader over a real HTTP request: collects events, waits for one. */
async function openEvents(url: string) {
  // A connection of its own, closed for good by `close` (as a browser's EventSource does).
  const dispatcher = new Agent()
  const res = await request(url, {
    headers: { accept: 'text/event-stream', ...t.adminHeaders },
    dispatcher,
  })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toMatch(/^text\/event-stream/)
  const events: SimEvent[] = []
  const waiters = new Set<() => void>()
  let buffer = ''
  let closed = false
  const reading = (async () => {
    try {
      for await (const chunk of res.body) {
        buffer += (chunk as Buffer).toString('utf8')
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          for (const line of block.split('\n'))
            if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as SimEvent)
          for (const wake of [...waiters]) wake()
        }
      }
    } catch {
      // The stream was destroyed by `close`.
    }
    closed = true
    for (const wake of [...waiters]) wake()
  })()
  return {
    events,
    get closed() {
      return closed
    },
    /** The first event (from `from` on) that matches, waiting for it if it has not come. */
    async next(match: (e: SimEvent) => boolean, from = 0, timeoutMs = 10_000): Promise<SimEvent> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = events.slice(from).find(match)
        if (found) return found
        if (closed || Date.now() > deadline)
          throw new Error(`no such event; got ${JSON.stringify(events)}`)
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake)
            clearTimeout(timer)
            resolve()
          }
          const timer = setTimeout(wake, 200)
          waiters.add(wake)
        })
      }
    },
    async close() {
      await dispatcher.destroy()
      await reading
    },
  }
}

const sentText = (text: string) => (e: SimEvent) =>
  e.type === 'sent' && e.body?.message?.text === text
const stateAt = (nodeId: string) => (e: SimEvent) =>
  e.type === 'state' && e.currentNodeId === nodeId

let t: ApiRuntime
beforeEach(async () => {
  t = await startApiRuntime()
})
afterEach(async () => {
  await t.stop()
})

async function startSession(body: unknown): Promise<{ id: string; pageId: string; psid: string }> {
  const res = await t.api('POST', '/api/simulator/sessions', body)
  expect(res.statusCode).toBe(201)
  return res.json<{ session: { id: string; pageId: string; psid: string } }>().session
}

describe('the simulator', () => {
  it('runs a draft through the real path: first message, a quick reply, an hour later', async () => {
    const session = await startSession({ flow: coffeeFlow })
    expect(session.pageId).toMatch(/^sim_/)
    // The session's Page exists for the pipeline, on the emulator, and nowhere in the admin API.
    expect((await t.runtime.storage.pages.get(session.pageId))?.kind).toBe('simulator')

    const stream = await openEvents(`${t.runtime.url}/api/simulator/sessions/${session.id}/events`)
    try {
      await stream.next((e) => e.type === 'clock')
      expect(stream.events[0]).toMatchObject({ type: 'clock', offsetMs: 0 })
      const first = await stream.next(sentText('Coffee or tea?'))
      expect(first.body?.message?.quick_replies?.map((q) => q.title)).toEqual(['Coffee', 'Tea'])
      await stream.next(stateAt('ask'))
      expect(t.runtime.emulator.threadOwner(session.pageId, session.psid)).not.toBeNull()

      const coffee = first.body?.message?.quick_replies?.[0]
      const tapped = await t.api('POST', `/api/simulator/sessions/${session.id}/messages`, {
        quickReply: { title: coffee?.title, payload: coffee?.payload },
      })
      expect(tapped.statusCode).toBe(200)
      await stream.next(sentText('Brewing your coffee'))
      const waiting = await stream.next((e) => stateAt('wait')(e) && !!e.pendingTimers?.length)
      expect(waiting.waiting).toBe('delay')
      const timer = waiting.pendingTimers![0]!
      expect(timer.runAt - Date.now()).toBeGreaterThan(3_500_000)
      const seen = stream.events.length
      const advanced = await t.api('POST', `/api/simulator/sessions/${session.id}/advance`, {
        ms: 3_600_000,
      })
      expect(advanced.statusCode).toBe(200)
      const { clock } = advanced.json<{ clock: { now: number; offsetMs: number } }>()
      expect(clock.offsetMs).toBe(3_600_000)
      expect(clock.now - Date.now()).toBeGreaterThan(3_590_000)
      await stream.next((e) => e.type === 'clock' && e.offsetMs === 3_600_000, seen)
      const ready = await stream.next(sentText('Your coffee is ready!'), seen)
      expect(ready.at! - Date.now()).toBeGreaterThan(3_590_000)
      await stream.next((e) => e.type === 'state' && e.ended === true, seen)

      const state = await t.api('GET', `/api/simulator/sessions/${session.id}/state`)
      expect(state.json()).toMatchObject({
        session,
        state: { ended: true, pendingTimers: [] },
        clock: { offsetMs: 3_600_000 },
      })
    } finally {
      await stream.close()
    }
    // A reconnecting client gets what was sent so far, then the current state.
    const again = await openEvents(`${t.runtime.url}/api/simulator/sessions/${session.id}/events`)
    try {
      await again.next((e) => e.type === 'state' && e.ended === true)
      const texts = again.events
        .filter((e) => e.body?.message?.text)
        .map((e) => e.body?.message?.text)
      expect(texts).toEqual(['Coffee or tea?', 'Brewing your coffee', 'Your coffee is ready!'])
    } finally {
      await again.close()
    }
  })

  it('starts from a selected step, and a typed answer goes through the webhook', async () => {
    const session = await startSession({ flow: coffeeFlow, startNodeId: 'ask' })
    const stream = await openEvents(`${t.runtime.url}/api/simulator/sessions/${session.id}/events`)
    try {
      await stream.next(sentText('Coffee or tea?'))
      await stream.next(stateAt('ask'))
      await t.api('POST', `/api/simulator/sessions/${session.id}/messages`, { text: 'milk' })
      await stream.next(sentText('Tea it is'))
      await stream.next((e) => e.type === 'state' && e.ended === true)
      // Nothing went to the Get Started path: the first thing sent was the selected step.
      const texts = stream.events
        .filter((e) => e.body?.message?.text)
        .map((e) => e.body?.message?.text)
      expect(texts).toEqual(['Coffee or tea?', 'Tea it is'])
    } finally {
      await stream.close()
    }
  })

  it('ends a session: the stream closes, the Page and the person are forgotten', async () => {
    const session = await startSession({ flow: coffeeFlow })
    const stream = await openEvents(`${t.runtime.url}/api/simulator/sessions/${session.id}/events`)
    await stream.next(sentText('Coffee or tea?'))
    const deleted = await t.api('DELETE', `/api/simulator/sessions/${session.id}`)
    expect(deleted.statusCode).toBe(204)
    await stream.next(() => false, 0, 5000).catch(() => {})
    expect(stream.closed).toBe(true)
    await stream.close()

    expect(await t.runtime.storage.pages.get(session.pageId)).toBeUndefined()
    expect(await t.runtime.storage.contacts.get(session.pageId, session.psid)).toBeUndefined()
    expect(t.runtime.emulator.sent({ pageId: session.pageId })).toEqual([])
    for (const [method, path, body] of [
      ['GET', 'state', undefined],
      ['POST', 'messages', { text: 'hi' }],
      ['POST', 'advance', { ms: 1000 }],
      ['DELETE', '', undefined],
    ] as const) {
      const res = await t.api(
        method,
        `/api/simulator/sessions/${session.id}/${path}`.replace(/\/$/, ''),
        body,
      )
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ ok: false, error: 'not_found' })
    }
  })

  it('refuses what it cannot run', async () => {
    const unknownNode = await t.api('POST', '/api/simulator/sessions', {
      flow: coffeeFlow,
      startNodeId: 'nope',
    })
    expect(unknownNode.statusCode).toBe(400)
    expect(unknownNode.json()).toMatchObject({ ok: false, error: 'unknown_node' })
    const invalid = await t.api('POST', '/api/simulator/sessions', { flow: { id: 'x' } })
    expect(invalid.json()).toMatchObject({ ok: false, error: 'invalid_flow' })

    const session = await startSession({ flow: coffeeFlow })
    for (const ms of [0, 31 * 24 * 3600_000, 1.5]) {
      const res = await t.api('POST', `/api/simulator/sessions/${session.id}/advance`, { ms })
      expect(res.statusCode).toBe(400)
    }
    const both = await t.api('POST', `/api/simulator/sessions/${session.id}/messages`, {
      text: 'hi',
      postback: { title: 'x', payload: 'y' },
    })
    expect(both.statusCode).toBe(400)
  })
})

describe('the simulator next to a real Page', () => {
  it('runs on the built-in emulator while the real Page stays on its Graph API', async () => {
    const live = await startApiRuntime({
      env: {
        CHARLA_PAGE_ID: '1234567890',
        CHARLA_PAGE_ACCESS_TOKEN: 'real-token',
        CHARLA_APP_SECRET: 'real-secret',
        CHARLA_VERIFY_TOKEN: 'real-verify',
        // Nothing listens there: a send for the real Page would fail, not reach the emulator.
        CHARLA_GRAPH_API_URL: 'http://127.0.0.1:9/graph',
      },
    })
    try {
      const pages = await live.api('GET', '/api/pages')
      expect(pages.json()).toEqual({
        pages: [
          {
            id: '1234567890',
            name: '1234567890',
            status: 'active',
            accessToken: { set: true, last4: expect.any(String) },
            appSecret: { set: true },
          },
        ],
      })
      const res = await live.api('POST', '/api/simulator/sessions', { flow: coffeeFlow })
      expect(res.statusCode).toBe(201)
      const { session } = res.json<{ session: { pageId: string; psid: string } }>()
      const sent = await live.runtime.emulator.waitForSent({
        pageId: session.pageId,
        psid: session.psid,
        count: 1,
      })
      expect(sent[0]?.body.message?.text).toBe('Coffee or tea?')
    } finally {
      await live.stop()
    }
  })
})
