import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createEmulator, type Emulator } from '@charla/emulator'
import { GET_STARTED_PAYLOAD, type Flow } from '@charla/flow-schema'
import {
  createGraphClient,
  createProfileCache,
  withGraphBatching,
  type GraphClient,
} from '@charla/messenger'
import type { Page, Storage } from '@charla/storage'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app'
import { createProfileSync } from './pages/createProfileSync'
import { ensureGetStarted } from './pages/ensureGetStarted'
import { loadSecretKeys, secretBoxFor } from './secrets/loadSecretKeys'
import { loggerOptions } from './secrets/loggerOptions'
import { createAdminAuth, type AdminAuth } from './auth/createAdminAuth'
import { startPayments, type Payments } from './payments/startPayments'
import { createBusinessHandlers } from './business/createBusinessHandlers'
import { EXAMPLES_DIR } from './flows/exampleFlows'
import { createLeadPusher } from './leads/createLeadPusher'
import { createProviderTaskRunner } from './payments/createProviderTaskRunner'
import { createHoldSweeper } from './business/bookings/createHoldSweeper'
import { createSafeHttp } from './http/createSafeHttp'
import { createPipeline, type Pipeline, type PipelineOptions } from './pipeline/createPipeline'
import { withPageCache } from './pipeline/withPageCache'
import type { Logger } from './pipeline/PipelineDeps'
import type { ServerConfig } from './readServerConfig'
import { createSimulator, type Simulator } from './simulator/createSimulator'

export interface RunningRuntime {
  app: FastifyInstance
  url: string
  storage: Storage
  pipeline: Pipeline
  /**
   * The built-in Messenger emulator: always there for the editor's simulator Pages, and for
   * the demo Page when the emulator is on (`CHARLA_EMULATOR`).
   */
  emulator: Emulator
  /** Stripe and PayPal clients, or the demo payment server standing in for them. */
  payments: Payments
  simulator: Simulator
  /** Admin accounts, sessions and API tokens (tests: `auth.createApiToken('tests')`). */
  auth: AdminAuth
  /** Stops taking requests, finishes work in flight, closes the database. */
  stop(): Promise<void>
}

export interface StartOptions {
  /** Published to the configured Page at start (`charla serve --flow`). */
  publish?: Flow[]
  /** Tests: another clock. */
  now?: () => number
  pipeline?: PipelineOptions
  /** The built editor to serve at `/`; `apps/editor/dist` unless said. */
  editorDist?: string
  /** Where `POST /api/flows { example }` finds examples; `examples/flows` unless said. */
  examplesDir?: string
}

/** The editor's build output in this repository. */
export const EDITOR_DIST = fileURLToPath(new URL('../../editor/dist/', import.meta.url))

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
  // Page secrets are encrypted at rest; rows written before (or under a rotated key) are
  // re-encrypted with the current key before anything reads them.
  const keys = loadSecretKeys(config.dataDir, {
    CHARLA_SECRET_KEY: config.secretKey,
    CHARLA_SECRET_KEY_PREVIOUS: config.secretKeyPrevious,
  })
  const storage = withPageCache(
    await createSqliteStorage(db, {
      backgroundCheckpoints: true,
      secrets: secretBoxFor(config.dataDir, keys),
    }),
    1000,
  )
  await storage.pages.reencryptSecrets()
  await storage.leads.reencryptWebhookSecrets()
  const demo = config.emulator ? await demoPage(storage, now()) : undefined
  // Always there: the editor's simulator runs on it even next to a real Page. Its secret signs
  // the webhooks of the demo and simulator Pages only; a real Page has its own.
  const emulator = createEmulator({
    appSecret: demo?.appSecret ?? randomBytes(24).toString('hex'),
    // The runtime's clock: webhook timestamps and the 24-hour window agree with it.
    now,
    // Meta's limit, so the editor's profile sync meets in the emulator what it meets in Meta.
    profileCallsPer10Minutes: 10,
  })

  // The webhook route exists before the pipeline (which needs the listening URL): it wakes it
  // through this hook once it is there; until then the inbox simply keeps the events.
  const wake = { worker: () => {}, all: () => {} }
  const logger = config.logLevel === 'silent' ? false : loggerOptions(config.logLevel)
  // The app's logger, once there is an app.
  const log: Logger = { info: () => {}, warn: () => {}, error: () => {} }
  const simulator = createSimulator({
    storage,
    emulator,
    now,
    pipeline: { wakeWorker: () => wake.worker(), wakeAll: () => wake.all() },
    log,
  })
  // Payments start once the app listens: the demo provider needs the webhook URLs.
  const pay: { current?: Payments; publicUrl: string } = { publicUrl: '' }
  // The Graph clients exist once the app listens (the emulator's URL needs the port).
  const graphs: { for: (page: Page) => GraphClient } = {
    for: () => {
      throw new Error('the Graph API client is not ready yet')
    },
  }
  const profileSync = createProfileSync({ storage, graphFor: (p) => graphs.for(p), now, log })
  const auth = createAdminAuth({ storage, now })
  const app = await buildApp({
    logger,
    auth,
    trustProxy: config.trustProxy,
    ...(config.publicUrl ? { allowedOrigins: [config.publicUrl] } : {}),
    messenger: { storage, now, onEvents: () => wake.worker() },
    emulator,
    admin: { storage, now, examplesDir: opts.examplesDir ?? EXAMPLES_DIR },
    simulator,
    editorDist: opts.editorDist ?? EDITOR_DIST,
    pages: { graphFor: (p) => graphs.for(p), publicUrl: () => pay.publicUrl, profileSync },
    payments: {
      storage,
      now,
      providers: () => pay.current?.providers ?? {},
      publicUrl: () => pay.publicUrl,
      onEvents: () => wake.worker(),
      onOutbox: () => wake.all(),
    },
  })
  log.info = (obj, msg) => app.log.info(obj, msg)
  log.warn = (obj, msg) => app.log.warn(obj, msg)
  log.error = (obj, msg) => app.log.error(obj, msg)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const local = `http://${config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`
  pay.publicUrl = config.publicUrl ?? local
  const payments = await startPayments(config.payments, {
    demo: config.emulator,
    runtimeUrl: local,
  })
  pay.current = payments

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
  emulator.setWebhookUrl(`${local}/webhooks/messenger`)
  if (demo) {
    emulator.addPage({ pageId: demo.id, accessToken: demo.accessToken, name: demo.name })
    emulator.addPerson({ pageId: demo.id, psid: DEMO_PSID, firstName: 'Ana', lastName: 'García' })
  }

  const emulatorUrl = `${local}/emulator/graph`
  // Sends and profile reads made together go out as Graph batch requests (withGraphBatching).
  const graph = withGraphBatching(
    createGraphClient({
      baseUrl: config.graphApiUrl ?? (config.emulator ? emulatorUrl : 'https://graph.facebook.com'),
      version: config.graphApiVersion,
    }),
  )
  // The demo and simulator Pages live on the built-in emulator, whatever the real Pages use.
  const emulatorGraph = withGraphBatching(
    createGraphClient({ baseUrl: emulatorUrl, version: config.graphApiVersion }),
  )
  const onEmulator = (page: Page) =>
    page.kind === 'simulator' || (demo !== undefined && page.id === demo.id)
  const graphFor = (page: Page) => (onEmulator(page) ? emulatorGraph : graph)
  graphs.for = graphFor
  const profiles = createProfileCache({ client: graph, ttlMs: 24 * 3600_000, now })
  const emulatorProfiles = createProfileCache({ client: emulatorGraph, ttlMs: 24 * 3600_000, now })
  const http = createSafeHttp({ allowHosts: config.httpAllowHosts })
  // The Get Started button sends the payload get_started triggers listen for. Set in the
  // background: a slow or unreachable Graph API must not hold up taking webhooks.
  const connected = await storage.pages.get(config.page?.pageId ?? DEMO_PAGE_ID)
  if (connected)
    void ensureGetStarted(storage, profileSync, connected.id, GET_STARTED_PAYLOAD, now())
      .then((outcome) => {
        if (outcome.status === 'failed')
          app.log.warn({ pageId: connected.id }, 'could not set the Get Started button')
      })
      .catch((err: unknown) => app.log.warn({ err }, 'could not set the Get Started button'))
  const leadPusher = createLeadPusher({ storage, http, now, random: Math.random, log: app.log })
  const providerTasks = createProviderTaskRunner({
    storage,
    providers: () => payments.providers,
    now,
    random: Math.random,
    log: app.log,
    ...(opts.pipeline?.idleMs ? { idleMs: opts.pipeline.idleMs } : {}),
  })
  const holdSweeper = createHoldSweeper({
    storage,
    now,
    log: app.log,
    ...(opts.pipeline?.idleMs ? { idleMs: opts.pipeline.idleMs } : {}),
  })
  const pipeline = createPipeline(
    {
      storage,
      graphFor,
      business: createBusinessHandlers({
        publicUrl: config.publicUrl ?? local,
        onLeadPushQueued: () => setImmediate(() => leadPusher.wake()),
        paymentProviders: () => payments.available(),
      }),
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
        const cache = onEmulator(page) ? emulatorProfiles : profiles
        const p = await cache.get(page.id, page.accessToken, psid)
        return 'error' in p ? undefined : p
      },
    },
    { ...opts.pipeline, onStep: (pageId, psid) => simulator.onStep(pageId, psid) },
  )
  wake.worker = () => pipeline.wakeWorker()
  wake.all = () => pipeline.wakeAll()
  pipeline.start()
  leadPusher.start()
  holdSweeper.start()
  providerTasks.start()
  await simulator.cleanUp()

  return {
    app,
    url: local,
    storage,
    pipeline,
    emulator,
    payments,
    simulator,
    auth,
    async stop() {
      profileSync.close()
      await app.close()
      await simulator.close()
      await pipeline.stop()
      await leadPusher.stop()
      await holdSweeper.stop()
      await providerTasks.stop()
      await graph.close()
      await emulatorGraph.close()
      await payments.close()
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
