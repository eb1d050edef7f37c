import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Flow } from '@charla/flow-schema'
import type { PersonAction } from '@charla/emulator'
import { readServerConfig } from '../../src/readServerConfig'
import { DEMO_PAGE_ID, startRuntime } from '../../src/startRuntime'
import type { TestRuntime } from '../pipeline/startTestRuntime'

/** Where people reach the runtime in these tests: https, as Messenger requires for buttons. */
export const PUBLIC_URL = 'https://bookings.example.com'

/** The real runtime with a public https address and a clock the test moves. */
export async function startBookingRuntime(flows: Flow[], now: () => number): Promise<TestRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'charla-bookings-'))
  const config = readServerConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    CHARLA_DATA_DIR: dataDir,
    CHARLA_PUBLIC_URL: PUBLIC_URL,
  })
  const runtime = await startRuntime(config, {
    publish: flows,
    now,
    pipeline: { idleMs: 100, retryFirstMs: 20 },
  })
  const emulator = runtime.emulator
  for (const psid of ['ana', 'bea'])
    emulator.addPerson({ pageId: DEMO_PAGE_ID, psid, firstName: psid, lastName: 'Test' })
  const { token } = await runtime.auth.createApiToken('tests')
  return {
    runtime,
    emulator,
    dataDir,
    pageId: DEMO_PAGE_ID,
    adminHeaders: { authorization: `Bearer ${token}` },
    async say(psid, what: PersonAction | string) {
      const action: PersonAction = typeof what === 'string' ? { text: what } : what
      const delivery = await emulator.personSays(DEMO_PAGE_ID, psid, action)
      if (delivery.status !== 200) throw new Error(`the webhook answered ${delivery.status}`)
    },
    texts: () => [],
    async stop() {
      await runtime.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
