// A test-only entry point: the runtime (as `charla serve` starts it) whose clock is a file, so a
// test can move time across kill -9 and restarts without sleeping. It lives under test/ and
// refuses to start unless NODE_ENV=test: nothing in the product can turn a fake clock on.
//
// Env: CHARLA_DATA_DIR (the database), CHARLA_TEST_CLOCK_FILE (milliseconds since the epoch, as
// text). Talks to its parent over the IPC channel (child_process.fork): it says `ready`, and
// answers `say` (a person action on the demo Page, through the built-in emulator) and `sent`
// (what this process's emulator received from the runtime).
import { readFileSync } from 'node:fs'
import type { PersonAction } from '@charla/emulator'
import { readServerConfig } from '../../src/readServerConfig'
import { DEMO_PAGE_ID, DEMO_PSID, startRuntime } from '../../src/startRuntime'
import { barberFlow } from './bookingFlows'

export type ClockChildRequest =
  { id: number; type: 'say'; action: PersonAction } | { id: number; type: 'sent' }
export interface SentMessage {
  text: string
  buttons: string[]
  quickReplies: { title: string; payload: string }[]
  tag?: string
}
export type ClockChildMessage =
  | { type: 'ready'; url: string }
  | { id: number; status: number }
  | { id: number; sent: SentMessage[] }

if (process.env.NODE_ENV !== 'test') throw new Error('serveWithClockFile is for tests only')
const clockFile = process.env.CHARLA_TEST_CLOCK_FILE
if (!clockFile || !process.send) throw new Error('needs CHARLA_TEST_CLOCK_FILE and an IPC channel')
const send = process.send.bind(process)

// Read on every call: the test moves time by rewriting the file, and a restarted process
// carries on from the same time. Cheap enough for a test (a few µs).
const now = () => {
  const ms = Number(readFileSync(clockFile, 'utf8').trim())
  if (!Number.isFinite(ms)) throw new Error(`${clockFile} does not hold milliseconds`)
  return ms
}

const runtime = await startRuntime(readServerConfig({ ...process.env, PORT: '0' }), {
  publish: [barberFlow()],
  now,
  // Timers are looked for every 100 ms, so a moved clock is noticed without a wake-up.
  pipeline: { idleMs: 100, retryFirstMs: 20 },
})

process.on('message', (raw) => {
  const req = raw as ClockChildRequest
  if (req.type === 'say')
    void runtime.emulator
      .personSays(DEMO_PAGE_ID, DEMO_PSID, req.action)
      .then((d) => send({ id: req.id, status: d.status } satisfies ClockChildMessage))
  if (req.type === 'sent')
    send({
      id: req.id,
      sent: runtime.emulator.sent({ pageId: DEMO_PAGE_ID, psid: DEMO_PSID }).map((m) => {
        const body = m.body as {
          tag?: string
          message?: {
            text?: string
            quick_replies?: { title: string; payload: string }[]
            attachment?: { payload?: { text?: string; buttons?: { title: string }[] } }
          }
        }
        return {
          text: body.message?.text ?? body.message?.attachment?.payload?.text ?? '',
          buttons: (body.message?.attachment?.payload?.buttons ?? []).map((b) => b.title),
          quickReplies: body.message?.quick_replies ?? [],
          ...(body.tag ? { tag: body.tag } : {}),
        }
      }),
    } satisfies ClockChildMessage)
})
process.once('SIGTERM', () => {
  void runtime.stop().then(() => process.exit(0))
})
send({ type: 'ready', url: runtime.url } satisfies ClockChildMessage)
