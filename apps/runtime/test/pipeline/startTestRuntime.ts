import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Flow } from '@charla/flow-schema'
import type { Emulator, PersonAction } from '@charla/emulator'
import { readServerConfig } from '../../src/readServerConfig'
import { DEMO_PAGE_ID, startRuntime, type RunningRuntime } from '../../src/startRuntime'

export interface TestRuntime {
  runtime: RunningRuntime
  emulator: Emulator
  dataDir: string
  pageId: string
  /** An API token's header for the admin API and the emulator's control routes. */
  adminHeaders: { authorization: string }
  /** A person writes (or taps) through the emulator's signed webhook. */
  say(psid: string, what: PersonAction | string): Promise<void>
  /** The texts the bot sent to a person, in order. */
  texts(psid: string): string[]
  stop(): Promise<void>
}

/**
 * The real runtime on 127.0.0.1 with a SQLite file in a temp dir and the Messenger emulator
 * as the Graph API: the production path end to end.
 */
export async function startTestRuntime(
  flows: Flow[],
  opts: {
    now?: () => number
    dataDir?: string
    people?: string[]
    retryFirstMs?: number
    /** How long the pipeline's loops sleep when nothing wakes them (200 ms unless given). */
    idleMs?: number
  } = {},
): Promise<TestRuntime> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'charla-test-')))
  const config = readServerConfig({ PORT: '0', LOG_LEVEL: 'silent', CHARLA_DATA_DIR: dataDir })
  const runtime = await startRuntime(config, {
    publish: flows,
    ...(opts.now ? { now: opts.now } : {}),
    pipeline: { idleMs: opts.idleMs ?? 200, retryFirstMs: opts.retryFirstMs ?? 20 },
  })
  const emulator = runtime.emulator
  if (!emulator) throw new Error('the emulator is not mounted')
  for (const psid of opts.people ?? [])
    emulator.addPerson({ pageId: DEMO_PAGE_ID, psid, firstName: psid, lastName: 'Test' })
  const { token } = await runtime.auth.createApiToken('tests')
  return {
    runtime,
    emulator,
    dataDir,
    pageId: DEMO_PAGE_ID,
    adminHeaders: { authorization: `Bearer ${token}` },
    async say(psid, what) {
      const action: PersonAction = typeof what === 'string' ? { text: what } : what
      const delivery = await emulator.personSays(DEMO_PAGE_ID, psid, action)
      if (delivery.status !== 200) throw new Error(`the webhook answered ${delivery.status}`)
    },
    texts(psid) {
      return emulator.sent({ pageId: DEMO_PAGE_ID, psid }).map((m) => {
        const message = (
          m.body as { message?: { text?: string; attachment?: { payload?: { text?: string } } } }
        ).message
        return message?.text ?? message?.attachment?.payload?.text ?? '[attachment]'
      })
    },
    async stop() {
      await runtime.stop()
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true })
    },
  }
}
