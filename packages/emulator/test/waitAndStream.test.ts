import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { request } from 'undici'
import type { SentMessage } from '../src'
import { call, PAGE_ID, PSID, send, startEmulator, textTo, type Harness } from './helpers'

let h: Harness
beforeEach(async () => {
  h = await startEmulator()
})
afterEach(() => h.close())

const later = (ms: number, fn: () => unknown) => setTimeout(fn, ms)

describe('waitForSent', () => {
  it('resolves when the person has received that many messages', async () => {
    const waiting = h.emulator.waitForSent({ psid: PSID, count: 2, timeoutMs: 2000 })
    later(10, () => send(h, { recipient: { id: PSID }, sender_action: 'typing_on' }))
    later(20, () => send(h, textTo(PSID, 'one')))
    later(30, () => send(h, textTo(PSID, 'two')))
    const sent = await waiting
    expect(sent.map((m) => m.body.message?.text)).toEqual(['one', 'two'])
  })

  it('resolves at once when they are already there', async () => {
    await send(h, textTo(PSID, 'one'))
    await expect(h.emulator.waitForSent({ psid: PSID, count: 1 })).resolves.toHaveLength(1)
  })

  it('counts sender actions when asked to', async () => {
    const waiting = h.emulator.waitForSent({
      psid: PSID,
      count: 1,
      kind: 'sender_action',
      timeoutMs: 1000,
    })
    await send(h, { recipient: { id: PSID }, sender_action: 'typing_on' })
    expect((await waiting)[0]?.senderAction).toBe('typing_on')
  })

  it('rejects after timeoutMs, saying what did arrive', async () => {
    await send(h, textTo(PSID, 'only one'))
    await expect(h.emulator.waitForSent({ psid: PSID, count: 2, timeoutMs: 50 })).rejects.toThrow(
      /got 1.*only one/,
    )
  })

  it('looks only at the Page asked for', async () => {
    h.emulator.addPage({ pageId: '2222', accessToken: 'token-2222' })
    h.emulator.addPerson({ pageId: '2222', psid: PSID, firstName: 'Same', lastName: 'Psid' })
    await call(
      'POST',
      `${h.graph}/v23.0/me/messages?access_token=token-2222`,
      textTo(PSID, 'other page'),
    )
    await expect(
      h.emulator.waitForSent({ pageId: PAGE_ID, psid: PSID, count: 1, timeoutMs: 50 }),
    ).rejects.toThrow()
  })
})

describe('removePage', () => {
  it('forgets the Page, its people and its transcript; its token no longer works', async () => {
    h.emulator.addPage({ pageId: '2222', accessToken: 'token-2222' })
    h.emulator.addPerson({ pageId: '2222', psid: PSID, firstName: 'Sim', lastName: 'Ulator' })
    await call('POST', `${h.graph}/v23.0/me/messages?access_token=token-2222`, textTo(PSID, 'hi'))
    expect(h.emulator.sent({ pageId: '2222' })).toHaveLength(1)
    h.emulator.removePage('2222')
    expect(h.emulator.sent({ pageId: '2222' })).toEqual([])
    expect(() => h.emulator.threadOwner('2222', PSID)).toThrow()
    const refused = await call(
      'POST',
      `${h.graph}/v23.0/me/messages?access_token=token-2222`,
      textTo(PSID, 'again'),
    )
    expect(refused.status).toBeGreaterThanOrEqual(400)
    await send(h, textTo(PSID, 'the other Page still works'))
    expect(h.emulator.sent({ pageId: PAGE_ID })).toHaveLength(1)
  })
})

describe('the `sent` event and the SSE stream', () => {
  it('emits every recorded send', async () => {
    const seen: SentMessage[] = []
    const listener = (message: SentMessage) => seen.push(message)
    h.emulator.on('sent', listener)
    await send(h, textTo(PSID, 'x'))
    h.emulator.off('sent', listener)
    await send(h, textTo(PSID, 'y'))
    expect(seen.map((m) => m.body.message?.text)).toEqual(['x'])
  })

  it('streams each send as a server-sent event', async () => {
    const stream = await request(`${h.base}/_control/stream?pageId=${PAGE_ID}&psid=${PSID}`)
    expect(stream.statusCode).toBe(200)
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/)
    const reader = stream.body[Symbol.asyncIterator]()
    let text = ''
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const next = await reader.next()
        if (next.done) throw new Error(`stream ended before ${needle}`)
        text += Buffer.from(next.value as Uint8Array).toString('utf8')
      }
    }
    await readUntil(': connected')
    await send(h, textTo(PSID, 'streamed ✓'))
    await readUntil('streamed')
    const event = text.split('\n\n').find((block) => block.includes('data: '))
    const data = event
      ?.split('\n')
      .find((line) => line.startsWith('data: '))
      ?.slice(6)
    expect(event).toMatch(/^id: \d+/)
    expect(JSON.parse(data ?? 'null')).toMatchObject({
      pageId: PAGE_ID,
      psid: PSID,
      kind: 'message',
      body: { message: { text: 'streamed ✓' } },
    })
    stream.body.destroy()
  })

  it('replays what a reconnecting client missed (Last-Event-ID)', async () => {
    await send(h, textTo(PSID, 'first'))
    const [first] = h.emulator.sent()
    await send(h, textTo(PSID, 'second'))
    const stream = await request(`${h.base}/_control/stream?psid=${PSID}`, {
      headers: { 'last-event-id': String(first?.seq) },
    })
    let text = ''
    for await (const chunk of stream.body) {
      text += Buffer.from(chunk as Uint8Array).toString('utf8')
      if (text.includes('second')) break
    }
    expect(text).not.toContain('"first"')
    expect(text).toContain('"second"')
    stream.body.destroy()
  })

  it('does not keep the server from closing', async () => {
    const stream = await request(`${h.base}/_control/stream`)
    const ended = (async () => {
      for await (const _ of stream.body) {
        // drain until the server ends the stream
      }
    })()
    await h.close()
    await ended
    h = await startEmulator()
  })
})

describe('control routes', () => {
  it('registers Pages and people over HTTP', async () => {
    expect(
      await call('POST', `${h.base}/_control/pages`, {
        pageId: '5555',
        accessToken: 'tok-5',
        name: 'Shop',
      }),
    ).toMatchObject({ status: 201, body: { ok: true } })
    const person = await call('POST', `${h.base}/_control/people`, {
      pageId: '5555',
      psid: '51',
      firstName: 'Zoe',
      lastName: 'Ruiz',
      unreachable: true,
    })
    expect(person).toMatchObject({ status: 201, body: { ok: true, person: { psid: '51' } } })
    const res = await call(
      'POST',
      `${h.graph}/v23.0/5555/messages?access_token=tok-5`,
      textTo('51', 'x'),
    )
    expect(res.status).toBe(400)
    expect(
      await call('POST', `${h.base}/_control/people`, {
        pageId: '404',
        psid: '1',
        firstName: 'a',
        lastName: 'b',
      }),
    ).toMatchObject({ status: 404, body: { ok: false, error: 'unknown_page' } })
    expect(await call('POST', `${h.base}/_control/pages`, { pageId: '5555' })).toMatchObject({
      status: 400,
      body: { ok: false, error: 'bad_request' },
    })
  })

  it('GET /_control/sent filters by Page, person and seq; DELETE clears', async () => {
    await send(h, textTo(PSID, 'one'))
    await send(h, textTo(PSID, 'two'))
    await send(h, { recipient: { id: PSID }, sender_action: 'typing_on' })
    const all = await call('GET', `${h.base}/_control/sent?pageId=${PAGE_ID}&psid=${PSID}`)
    const sent = (all.body as { sent: SentMessage[] }).sent
    expect(sent.map((m) => m.body.message?.text)).toEqual(['one', 'two'])
    const since = await call(
      'GET',
      `${h.base}/_control/sent?psid=${PSID}&since=${sent[0]?.seq}&kind=any`,
    )
    expect((since.body as { sent: SentMessage[] }).sent.map((m) => m.kind)).toEqual([
      'message',
      'sender_action',
    ])
    expect(await call('DELETE', `${h.base}/_control/sent`)).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect(h.emulator.sent({ kind: 'any' })).toEqual([])
  })
})
