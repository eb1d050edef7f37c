import { PAGE_INBOX_APP_ID, signBody } from '@charla/messenger'
import { chain, makeFlow, node } from '@charla/flow-schema/testing'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestRuntime, type TestRuntime } from './startTestRuntime'

let t: TestRuntime | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

const flow = makeFlow({
  id: 'support',
  nodes: [
    node('t', 'trigger', { on: 'default' }),
    node('h', 'handoff', { text: 'A person will answer you here.', resumeAfterMinutes: 30 }),
    node('back', 'message', { text: 'The bot is back.' }),
  ],
  edges: chain('t', 'h', 'back'),
})

/** A webhook as Meta would send it for what happens in the Page inbox, signed like Meta. */
async function post(t: TestRuntime, messaging: Record<string, unknown>): Promise<number> {
  const page = await t.runtime.storage.pages.get(t.pageId)
  const raw = JSON.stringify({
    object: 'page',
    entry: [{ id: t.pageId, time: Date.now(), messaging: [messaging] }],
  })
  const res = await request(`${t.runtime.url}/webhooks/messenger`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signBody(raw, page?.appSecret ?? ''),
    },
    body: raw,
  })
  await res.body.dump()
  return res.statusCode
}

describe('hand-off', () => {
  it('passes the thread to the Page inbox, stays quiet, and takes over again when it is passed back', async () => {
    t = await startTestRuntime([flow], { people: ['p'] })
    await t.say('p', 'I need a human')
    await t.emulator.waitForSent({ psid: 'p', count: 1 })
    await waitFor(() => t!.emulator.threadOwner(t!.pageId, 'p') === PAGE_INBOX_APP_ID)
    expect(t.texts('p')).toEqual(['A person will answer you here.'])

    // While the inbox owns the thread, the person's messages reach us only as standby: no reply.
    await t.say('p', 'hello?')
    // A person answers from the inbox: the echo is not ours, so the bot will not take back over on its own.
    const now = Date.now()
    expect(
      await post(t, {
        sender: { id: t.pageId },
        recipient: { id: 'p' },
        timestamp: now,
        message: {
          mid: 'm_agent_1',
          is_echo: true,
          app_id: Number(PAGE_INBOX_APP_ID),
          text: 'Hi, Laura here',
        },
      }),
    ).toBe(200)
    await waitFor(async () => {
      const wait = (await t!.runtime.storage.conversations.get(t!.pageId, 'p'))?.state.wait
      return wait?.kind === 'handoff' && wait.timerId === undefined
    })
    expect(await t.runtime.storage.jobs.nextRunAt()).toBeUndefined()

    // The inbox passes the thread back.
    expect(
      await post(t, {
        sender: { id: 'p' },
        recipient: { id: t.pageId },
        timestamp: now + 1,
        pass_thread_control: {
          previous_owner_app_id: PAGE_INBOX_APP_ID,
          new_owner_app_id: t.emulator.appId,
          metadata: 'done',
        },
      }),
    ).toBe(200)
    await t.emulator.waitForSent({ psid: 'p', count: 2 })
    expect(t.texts('p')).toEqual(['A person will answer you here.', 'The bot is back.'])
  })
})

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}
