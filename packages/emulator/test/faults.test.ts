import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  call,
  errorOf,
  PAGE_ID,
  PSID,
  send,
  startEmulator,
  textTo,
  TOKEN,
  type Harness,
} from './helpers'

let h: Harness
beforeEach(async () => {
  h = await startEmulator()
  h.emulator.addPerson({ pageId: PAGE_ID, psid: '2002', firstName: 'Luis', lastName: 'Pérez' })
})
afterEach(() => h.close())

describe('scripted errors', () => {
  it.each([
    [500, 1200],
    [400, 613],
    [400, 190],
  ])('answers HTTP %i with code %i once, then succeeds', async (httpStatus, code) => {
    h.emulator.fail({ error: { httpStatus, code } })
    const failed = await send(h, textTo(PSID, 'x'))
    expect(failed.status).toBe(httpStatus)
    expect(errorOf(failed.body)).toMatchObject({
      code,
      type: 'OAuthException',
      message: expect.any(String),
    })
    expect((await send(h, textTo(PSID, 'x'))).status).toBe(200)
    expect(h.emulator.sent()).toHaveLength(1)
  })

  it('fails with HTTP 500 and 1200 when no error is given', async () => {
    h.emulator.fail({})
    const res = await send(h, textTo(PSID, 'x'))
    expect(res.status).toBe(500)
    expect(errorOf(res.body).code).toBe(1200)
  })

  it('keeps a subcode and a message', async () => {
    h.emulator.fail({
      error: { httpStatus: 400, code: 10, subcode: 2018278, message: 'outside window' },
    })
    expect(errorOf((await send(h, textTo(PSID, 'x'))).body)).toMatchObject({
      code: 10,
      error_subcode: 2018278,
      message: 'outside window',
    })
  })

  it('fails `times` times', async () => {
    h.emulator.fail({ times: 2, error: { httpStatus: 400, code: 613 } })
    expect((await send(h, textTo(PSID, '1'))).status).toBe(400)
    expect((await send(h, textTo(PSID, '2'))).status).toBe(400)
    expect((await send(h, textTo(PSID, '3'))).status).toBe(200)
  })

  it('consumes faults in the order they were queued', async () => {
    h.emulator.fail({ error: { httpStatus: 500, code: 1200 } })
    h.emulator.fail({ error: { httpStatus: 400, code: 613 } })
    expect(errorOf((await send(h, textTo(PSID, '1'))).body).code).toBe(1200)
    expect(errorOf((await send(h, textTo(PSID, '2'))).body).code).toBe(613)
    expect((await send(h, textTo(PSID, '3'))).status).toBe(200)
  })

  it('hits only the matching person and path', async () => {
    h.emulator.fail({ match: { psid: '2002' }, error: { httpStatus: 500, code: 1200 } })
    h.emulator.fail({ match: { path: 'profile' }, error: { httpStatus: 500, code: 2 } })
    expect((await send(h, textTo(PSID, 'x'))).status).toBe(200)
    expect((await send(h, textTo('2002', 'x'))).status).toBe(500)
    expect((await send(h, textTo('2002', 'x'))).status).toBe(200)
    const profile = await call('GET', `${h.graph}/v23.0/${PSID}?access_token=${TOKEN}`)
    expect(errorOf(profile.body).code).toBe(2)
  })

  it('is not eaten by the typing indicator sent before the message', async () => {
    h.emulator.fail({ error: { httpStatus: 500, code: 1200 } })
    expect((await send(h, { recipient: { id: PSID }, sender_action: 'typing_on' })).status).toBe(
      200,
    )
    expect((await send(h, textTo(PSID, 'x'))).status).toBe(500)
  })

  it('hits sender actions when asked to', async () => {
    h.emulator.fail({ match: { kind: 'sender_action' }, error: { httpStatus: 500, code: 1200 } })
    expect((await send(h, textTo(PSID, 'x'))).status).toBe(200)
    expect((await send(h, { recipient: { id: PSID }, sender_action: 'typing_on' })).status).toBe(
      500,
    )
  })

  it('are dropped by clearFaults', async () => {
    h.emulator.fail({ times: 5, error: { httpStatus: 500, code: 1200 } })
    h.emulator.clearFaults()
    expect((await send(h, textTo(PSID, 'x'))).status).toBe(200)
  })

  it('refuses a malformed fault', () => {
    expect(() => h.emulator.fail({ times: 0 })).toThrow()
  })
})

describe('slow and silent Meta', () => {
  it('answers after delayMs, then records the send', async () => {
    h.emulator.fail({ delayMs: 150 })
    const started = performance.now()
    const res = await send(h, textTo(PSID, 'x'))
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(res.status).toBe(200)
    expect(h.emulator.sent()).toHaveLength(1)
  })

  it('can delay an error', async () => {
    h.emulator.fail({ delayMs: 50, error: { httpStatus: 400, code: 613 } })
    expect(errorOf((await send(h, textTo(PSID, 'x'))).body).code).toBe(613)
  })

  it('hangs until the client gives up; the next call is answered', async () => {
    h.emulator.fail({ hang: true })
    const hung = call(
      'POST',
      `${h.graph}/v23.0/me/messages?access_token=${TOKEN}`,
      textTo(PSID, 'x'),
      {
        headersTimeout: 200,
      },
    )
    await expect(hung).rejects.toThrow(/timeout/i)
    expect((await send(h, textTo(PSID, 'y'))).status).toBe(200)
    expect(h.emulator.sent().map((m) => m.body.message?.text)).toEqual(['y'])
  })

  it('lets a hanging call go on clearFaults: the connection closes unanswered', async () => {
    h.emulator.fail({ hang: true })
    const hung = send(h, textTo(PSID, 'x'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    h.emulator.clearFaults()
    await expect(hung).rejects.toThrow()
  })

  it('does not keep the server from closing', async () => {
    h.emulator.fail({ hang: true })
    const hung = send(h, textTo(PSID, 'x')).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await h.close()
    expect(await hung).toBeInstanceOf(Error)
    h = await startEmulator()
  })
})

describe('faults over HTTP', () => {
  it('POST /_control/faults queues one, DELETE clears them', async () => {
    const queued = await call('POST', `${h.base}/_control/faults`, {
      match: { psid: PSID },
      error: { httpStatus: 500, code: 1200 },
    })
    expect(queued).toEqual({ status: 201, body: { ok: true } })
    expect((await send(h, textTo(PSID, 'x'))).status).toBe(500)
    await call('POST', `${h.base}/_control/faults`, {
      times: 3,
      error: { httpStatus: 400, code: 613 },
    })
    expect(await call('DELETE', `${h.base}/_control/faults`)).toEqual({
      status: 200,
      body: { ok: true },
    })
    expect((await send(h, textTo(PSID, 'x'))).status).toBe(200)
  })

  it('refuses a malformed fault with 400', async () => {
    const res = await call('POST', `${h.base}/_control/faults`, {
      error: { httpStatus: 200, code: 1 },
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      ok: false,
      error: 'bad_request',
      message: expect.stringContaining('httpStatus'),
    })
  })
})
