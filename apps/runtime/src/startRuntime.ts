import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createEmulator, type Emulator } from '@charla/emulator'
import { GET_STARTED_PAYLOAD, type Flow } from '@charla/flow-schema'
import { createGraphClient, createProfileCache } from '@charla/messenger'
import type { Storage } from '@charla/storage'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app'
import { createSafeHttp } from './http/createSafeHttp'
import { createPipeline, type Pipeline, type PipelineOptions } from './pipeline/createPipeline'
import { withPageCache } from './pipeline/withPageCache'
import type { ServerConfig } from './readServerConfig'

export interface RunningRuntime {
  app: FastifyInstance
  url: string
  storage: Storage
  pipeline: Pipeline
  emulator?: Emulator
  /** Stops taking requests, finishes work in flight, closes the database. */
  stop(): Promise<void>
}

export interface StartOptions {
  /** Published to the configured Page at start (`charla serve --flow`). */
  publish?: Flow[]
  /** Tests: another clock. */
  now?: () => number
  pipeline?: PipelineOptions
}

export const DEMO_PAGE_ID = 'demo_page'
export const DEMO_PSID = 'demo_user'

/**
 * Opens the database, connects the Page (or the demo Page on the built-in emulator), listens,
 * and starts the message pipeline, which first carries on with whatever a previous run left in
 * the inbox, outbox and jobs.
 */
export async function startRuntime(
  config: ServerConfig,
  opts: StartOptions = {},
): Promise<RunningRuntime> {
  const now = opts.now ?? Date.now
  const file = config.databaseUrl?.replace(/^sqlite:/, '') || join(config.dataDir, 'charla.db')
  const db = openSqliteDatabase(file)
  const storage = withPageCache(await createSqliteStorage(db), 1000)
  const demo = config.emulator ? await demoPage(storage, now()) : undefined
  const emulator = demo ? createEmulator({ appSecret: demo.appSecret }) : undefined

  // The webhook route exists before the pipeline (which needs the listening URL): it wakes it
  // through this hook once it is there; until then the inbox simply keeps the events.
  const wake = { worker: () => {} }
  const app = await buildApp({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    messenger: { storage, now, onEvents: () => wake.worker() },
    ...(emulator ? { emulator } : {}),
  })
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const local = `http://${config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`

  if (config.page)
    await storage.pages.upsert(
      { id: config.page.pageId, name: config.page.pageId, ...secretsOf(config.page) },
      now(),
    )
  const pageId = config.page?.pageId ?? DEMO_PAGE_ID
  const live = await storage.flows.published(pageId)
  for (const flow of opts.publish ?? []) {
    // Restarting with the same file must not stack up identical versions.
    const same = live.find(
      (v) => v.flowId === flow.id && JSON.stringify(v.flow) === JSON.stringify(flow),
    )
    if (!same) await storage.flows.publish(flow, pageId, now())
  }
  if (emulator && demo) {
    emulator.setWebhookUrl(`${local}/webhooks/messenger`)
    emulator.addPage({ pageId: demo.id, accessToken: demo.accessToken, name: demo.name })
    emulator.addPerson({ pageId: demo.id, psid: DEMO_PSID, firstName: 'Ana', lastName: 'García' })
  }

  const graph = createGraphClient({
    baseUrl:
      config.graphApiUrl ?? (emulator ? `${local}/emulator/graph` : 'https://graph.facebook.com'),
    version: config.graphApiVersion,
  })
  const profiles = createProfileCache({ client: graph, ttlMs: 24 * 3600_000, now })
  const http = createSafeHttp({ allowHosts: config.httpAllowHosts })
  // The Get Started button sends the payload get_started triggers listen for. Set in the
  // background: a slow or unreachable Graph API must not hold up taking webhooks.
  const connected = await storage.pages.get(config.page?.pageId ?? DEMO_PAGE_ID)
  if (connected)
    void graph
      .setMessengerProfile(connected.accessToken, { get_started: { payload: GET_STARTED_PAYLOAD } })
      .then((res) => {
        if (!res.ok)
          app.log.warn(
            { pageId: connected.id, code: res.error.code },
            'could not set the Get Started button',
          )
      })
      .catch((err: unknown) => app.log.warn({ err }, 'could not set the Get Started button'))
  const pipeline = createPipeline(
    {
      storage,
      graphFor: () => graph,
      now,
      random: Math.random,
      log: app.log,
      performHttp: async (action) => {
        const res = await http.fetch(action)
        return res.ok
          ? {
              type: 'http_result',
              requestId: action.requestId,
              ok: true,
              status: res.status,
              body: res.body,
            }
          : {
              type: 'http_result',
              requestId: action.requestId,
              ok: false,
              ...(res.status === undefined ? {} : { status: res.status }),
              error: res.error,
            }
      },
      fetchProfile: async (page, psid) => {
        const p = await profiles.get(page.id, page.accessToken, psid)
        return 'error' in p ? undefined : p
      },
    },
    opts.pipeline,
  )
  wake.worker = () => pipeline.wakeWorker()
  pipeline.start()

  return {
    app,
    url: local,
    storage,
    pipeline,
    ...(emulator ? { emulator } : {}),
    async stop() {
      await app.close()
      await pipeline.stop()
      await graph.close()
      await http.close()
      await storage.close()
    },
  }
}

/** The demo Page lives in the database like any other, with secrets made once on first start. */
async function demoPage(storage: Storage, now: number) {
  const existing = await storage.pages.get(DEMO_PAGE_ID)
  if (existing) return existing
  const secret = () => randomBytes(24).toString('hex')
  return storage.pages.upsert(
    {
      id: DEMO_PAGE_ID,
      name: 'Charla Demo',
      accessToken: secret(),
      appSecret: secret(),
      verifyToken: secret(),
    },
    now,
  )
}

function secretsOf(page: NonNullable<ServerConfig['page']>) {
  return { accessToken: page.accessToken, appSecret: page.appSecret, verifyToken: page.verifyToken }
}
