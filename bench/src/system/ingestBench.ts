import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkInbox, type InboxCheck } from './checkInbox'
import { fireWebhooks, type LoadResult } from './fireWebhooks'
import { spawnServer } from './spawnServer'
import { startSystem, type RunningSystem } from './startSystem'
import { inboxKey, planIngest, type IngestPlan } from './webhookBodies'

export interface IngestSettings {
  /** Distinct events in the measured run (each its own message id). */
  distinct: number
  /** Distinct events in the untimed warm-up run before it (JIT, connections, caches). */
  warmupDistinct: number
  people: number
  duplicateShare: number
  connections: number
}

export interface IngestRun {
  load: LoadResult
  /** Runtime runs: the inbox checked against every distinct event sent (warm-up included). */
  inbox?: InboxCheck & { expected: number }
  /** Pending inbox events when the measured run started (the warm-up's backlog, if any). */
  backlogAtStart?: number
  /**
   * CPU time of the server's process per request in the measured run (ms, all its threads): for
   * the runtime with its pipeline running, the answering of the events too.
   */
  cpuMsPerRequest: number
}

export interface IngestReport {
  settings: IngestSettings
  requests: number
  duplicates: number
  bare: IngestRun
  /** With the pipeline working through the events as they arrive, as in production. */
  running: IngestRun
  /** With the pipeline stopped: the webhook path alone. */
  paused: IngestRun
}

/**
 * The webhook ingest benchmark: the same signed bodies (30% exact repeats) POSTed by
 * autocannon to a bare Fastify route and to the real runtime, each in its own process.
 */
export async function benchIngest(settings: IngestSettings): Promise<IngestReport> {
  const running = await runRuntime(settings, 'running')
  const bare = await runBare(settings, running.plans)
  const paused = await runRuntime(settings, 'paused')
  return {
    settings,
    requests: running.plans.main.order.length,
    duplicates: running.plans.main.duplicates,
    bare,
    running: running.run,
    paused: paused.run,
  }
}

interface Plans {
  warmup: IngestPlan
  main: IngestPlan
}

function plans(settings: IngestSettings, pageId: string, appSecret: string): Plans {
  const common = {
    pageId,
    appSecret,
    people: settings.people,
    duplicateShare: settings.duplicateShare,
    startAt: Date.now(),
  }
  return {
    warmup: planIngest({ ...common, distinct: settings.warmupDistinct, prefix: 'w', seed: 1 }),
    main: planIngest({ ...common, distinct: settings.distinct, prefix: 'i', seed: 2 }),
  }
}

async function runBare(settings: IngestSettings, { warmup, main }: Plans): Promise<IngestRun> {
  const server = spawnServer()
  try {
    const { url } = await server.start({ mode: 'bare' })
    await fireWebhooks({ url, plan: warmup, connections: settings.connections }, 'bare warm-up')
    const before = await server.cpuMs()
    const load = await fireWebhooks({ url, plan: main, connections: settings.connections }, 'bare')
    return { load, cpuMsPerRequest: ((await server.cpuMs()) - before) / main.order.length }
  } finally {
    await server.stop()
  }
}

async function runRuntime(
  settings: IngestSettings,
  pipeline: 'running' | 'paused',
): Promise<{ run: IngestRun; plans: Plans }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'charla-bench-ingest-'))
  let server: RunningSystem | undefined
  try {
    const people = Array.from({ length: settings.people }, (_, i) => i)
    server = await startSystem({
      dataDir,
      pipeline,
      // Every psid either plan can use, so profile reads and sends find the person.
      people: ['w', 'i'].flatMap((prefix) => people.map((i) => `${prefix}p${i}`)),
      notifySends: false,
    })
    const { url, page } = server
    const p = plans(settings, page.id, page.appSecret)
    await fireWebhooks(
      { url, plan: p.warmup, connections: settings.connections },
      `runtime warm-up, pipeline ${pipeline}`,
    )
    // The warm-up's events are worked off and answered first, so the measured run starts from
    // empty queues (with the pipeline paused nothing moves: the backlog is reported as it is).
    const { pending } =
      pipeline === 'running'
        ? await server.drain(20_000, p.warmup.bodies.length)
        : await server.drain(0)
    const before = await server.cpuMs()
    const load = await fireWebhooks(
      { url, plan: p.main, connections: settings.connections },
      `runtime, pipeline ${pipeline}`,
    )
    // With the pipeline running, until the last event is answered.
    if (pipeline === 'running')
      await server.drain(20_000, p.warmup.bodies.length + p.main.bodies.length)
    const cpuMsPerRequest = ((await server.cpuMs()).runtime - before.runtime) / p.main.order.length
    await server.stop()
    server = undefined
    const expected = new Set(
      [...p.warmup.bodies, ...p.main.bodies].map((b) => inboxKey(page.id, b.mid)),
    )
    const inbox = checkInbox(join(dataDir, 'charla.db'), expected)
    return {
      run: {
        load,
        inbox: { ...inbox, expected: expected.size },
        backlogAtStart: pending,
        cpuMsPerRequest,
      },
      plans: p,
    }
  } finally {
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
