import { fork, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { PersonAction } from '@charla/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import { MONDAY } from './bookingFlows'
import type { ClockChildMessage, SentMessage } from './serveWithClockFile'

// Reminder exactly once across kill -9: the runtime runs in its own process with its clock in
// a file (test/bookings/serveWithClockFile.ts), so time moves by writing the file, not by
// sleeping, and a restarted process carries on from the same time.

const SCRIPT = fileURLToPath(new URL('./serveWithClockFile.ts', import.meta.url))
const RUNTIME_DIR = fileURLToPath(new URL('../..', import.meta.url))
const REMINDER = 'Reminder: Haircut today at 10:30.'
/** The appointment is Tuesday 24 November 2026 at 10:30 in Madrid (09:30Z); the reminder 08:30Z. */
const REMIND_AT = Date.parse('2026-11-24T08:30:00Z')

interface Runtime {
  child: ChildProcess
  say(action: PersonAction): Promise<void>
  sent(): Promise<SentMessage[]>
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

async function serve(dataDir: string, clockFile: string): Promise<Runtime> {
  const child = fork(SCRIPT, [], {
    cwd: RUNTIME_DIR,
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      CHARLA_DATA_DIR: dataDir,
      CHARLA_TEST_CLOCK_FILE: clockFile,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  children.push(child)
  let output = ''
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
  let next = 0
  const waiting = new Map<number, (m: ClockChildMessage) => void>()
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`did not start:\n${output}`)), 30_000)
    child.on('message', (raw) => {
      const m = raw as ClockChildMessage
      if ('type' in m) {
        clearTimeout(timer)
        ok()
      } else waiting.get(m.id)?.(m)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`exited (${code}) before starting:\n${output}`))
    })
  })
  const ask = (req: Record<string, unknown>) =>
    new Promise<ClockChildMessage>((ok) => {
      const id = ++next
      waiting.set(id, ok)
      child.send({ ...req, id })
    })
  return {
    child,
    async say(action) {
      const m = await ask({ type: 'say', action })
      if (!('status' in m) || m.status !== 200)
        throw new Error(`the webhook answered ${JSON.stringify(m)}`)
    },
    async sent() {
      const m = await ask({ type: 'sent' })
      return 'sent' in m ? m.sent : []
    },
  }
}

async function kill9(r: Runtime) {
  const exited = new Promise((ok) => r.child.once('exit', ok))
  r.child.kill('SIGKILL')
  await exited
}

async function until<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await read()
    if (ok(v)) return v
    if (Date.now() > deadline) throw new Error(`gave up waiting; last: ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function query<T>(dataDir: string, sql: string): T[] {
  const db = new Database(join(dataDir, 'charla.db'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

const reminderJobs = (dataDir: string) =>
  query<{ status: string; run_at: number }>(
    dataDir,
    "select status, run_at from jobs where timer_id like 'r:%'",
  )
const reminderRows = (dataDir: string) =>
  query<{ status: string; tag: string | null }>(
    dataDir,
    `select status, tag from outbox where body like '%${REMINDER}%'`,
  )
const reminders = (sent: SentMessage[]) => sent.filter((m) => m.text === REMINDER)

describe('booking reminders across restarts', () => {
  it('a reminder written before a kill -9 is sent once after the restart, and not again after another', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'charla-reminder-'))
    const clockFile = join(dataDir, 'clock')
    const setClock = (ms: number) => writeFile(clockFile, String(ms))
    try {
      await setClock(MONDAY)
      const first = await serve(dataDir, clockFile)
      await first.say({ postback: { payload: 'GET_STARTED' } })
      const days = await until(first.sent, (s) => s.length >= 1)
      expect(days[0]!.quickReplies.map((q) => q.payload)).toContain('b:b:day:2026-11-24')
      await first.say({ quickReplyPayload: 'b:b:day:2026-11-24' })
      const times = await until(first.sent, (s) => s.length >= 2)
      const slot = times[1]!.quickReplies.find((q) => q.title === '10:30')
      expect(slot).toBeDefined()
      await first.say({ quickReplyPayload: slot!.payload })
      await until(first.sent, (s) => s.length >= 3)
      await first.say({ postback: { payload: 'b:b:confirm' } })
      // The reminder job is written in the booking's transaction: kill as soon as it exists.
      await until(
        () => reminderJobs(dataDir),
        (j) => j.length === 1,
      )
      await kill9(first)
      expect(reminderJobs(dataDir)).toEqual([{ status: 'pending', run_at: REMIND_AT }])

      const second = await serve(dataDir, clockFile)
      // A minute before: nothing (the loop looks for due timers every 100 ms).
      await setClock(REMIND_AT - 60_000)
      await new Promise((r) => setTimeout(r, 600))
      expect(reminders(await second.sent())).toEqual([])
      expect(reminderJobs(dataDir)[0]!.status).toBe('pending')
      // Past it: the reminder, with Cancel / Reschedule, tagged (the 24-hour window closed).
      await setClock(REMIND_AT + 60_000)
      const got = await until(
        async () => reminders(await second.sent()),
        (r) => r.length >= 1,
      )
      expect(got).toEqual([
        {
          text: REMINDER,
          buttons: ['Cancel', 'Reschedule'],
          quickReplies: [],
          tag: 'CONFIRMED_EVENT_UPDATE',
        },
      ])
      await until(
        () => reminderRows(dataDir),
        (rows) => rows.some((r) => r.status === 'sent'),
      )
      expect(reminderJobs(dataDir)[0]!.status).toBe('done')
      await kill9(second)

      // Another restart, an hour later: nothing more.
      const third = await serve(dataDir, clockFile)
      await setClock(REMIND_AT + 3_600_000)
      await new Promise((r) => setTimeout(r, 800))
      expect(reminders(await third.sent())).toEqual([])
      expect(reminderRows(dataDir)).toEqual([{ status: 'sent', tag: 'CONFIRMED_EVENT_UPDATE' }])
      third.child.kill('SIGTERM')
      await new Promise((r) => third.child.once('exit', r))
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 90_000)
})
