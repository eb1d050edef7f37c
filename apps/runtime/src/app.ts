import type { Emulator } from '@charla/emulator'
import type { Storage } from '@charla/storage'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { AdminAuth } from './auth/createAdminAuth'
import { registerAdminAuth } from './auth/registerAdminAuth'
import { errorHandler, notFoundHandler } from './errorHandler'
import { exampleRoutes } from './routes/exampleRoutes'
import { flowAdminRoutes } from './routes/flowAdminRoutes'
import { flowRoutes } from './routes/flowRoutes'
import { healthRoutes } from './routes/healthRoutes'
import { orderRoutes } from './routes/orderRoutes'
import { paymentRoutes, type PaymentRoutesOptions } from './routes/paymentRoutes'
import { bookingIcsRoutes, bookingRoutes } from './routes/bookingRoutes'
import { leadRoutes } from './routes/leadRoutes'
import { messengerWebhookRoutes } from './routes/messengerWebhookRoutes'
import { pageRoutes, type PageRoutesOptions } from './routes/pageRoutes'
import { versionRoutes } from './routes/versionRoutes'
import { contactRoutes } from './routes/contactRoutes'
import { privacyRoutes } from './routes/privacyRoutes'
import { simulatorRoutes } from './routes/simulatorRoutes'
import type { Simulator } from './simulator/createSimulator'
import { editorFallback, registerEditor } from './static/editorRoutes'

/** What the app needs from outside; `startRuntime` (or a test) builds them. */
export interface AppDeps {
  /** Fastify's logger option: `false` in tests, a pino config in `server.ts`. */
  logger?: FastifyServerOptions['logger']
  /** The Messenger webhook, when the runtime has storage. */
  messenger?: { storage: Storage; now: () => number; onEvents: () => void }
  /** The Messenger emulator, mounted under /emulator. */
  emulator?: Emulator
  /** The editor's API: flows, examples (read from `examplesDir`) and Pages. */
  admin?: { storage: Storage; now: () => number; examplesDir: string }
  /** The editor's simulator, under /api/simulator/sessions. */
  simulator?: Simulator
  /** The built editor (`apps/editor/dist`), served at `/`; a hint to build it when missing. */
  editorDist?: string
  /**
   * Admin accounts, sessions and API tokens. Every route but the public ones (see
   * auth/isPublicRoute.ts) needs them; without `auth`, those routes all answer 401.
   */
  auth?: AdminAuth
  /** Fastify's `trustProxy` (CHARLA_TRUST_PROXY): client address and https from a proxy. */
  trustProxy?: FastifyServerOptions['trustProxy']
  /** Origins that are this runtime besides the request's own (CHARLA_PUBLIC_URL). */
  allowedOrigins?: string[]
  /** Payment pages and provider webhooks (public), and the orders API. */
  payments?: PaymentRoutesOptions & { onOutbox?: () => void }
  /** Connecting Pages (Graph API checks, Messenger profile) and the public data-deletion callback. */
  pages?: NonNullable<PageRoutesOptions['setup']>
}

/**
 * The runtime as a Fastify instance, ready to `inject()` or `listen()`. It never listens or
 * reads the environment itself: `server.ts` does, so tests build the same app without a port.
 */
export async function buildApp(deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, trustProxy: deps.trustProxy ?? false })
  app.setErrorHandler(errorHandler)
  // Known once the editor is registered (below); read when a request is not found.
  let editor = false
  app.setNotFoundHandler((request, reply) => {
    if (editor && editorFallback(request, reply)) return reply
    return notFoundHandler(request, reply)
  })
  // First, on the root: its hook covers every route registered after it, in any plugin.
  await registerAdminAuth(app, {
    ...(deps.auth ? { auth: deps.auth } : {}),
    ...(deps.allowedOrigins ? { allowedOrigins: deps.allowedOrigins } : {}),
  })
  await app.register(healthRoutes)
  await app.register(
    async (api) => {
      await api.register(flowRoutes, { prefix: '/flows' })
      if (deps.admin) {
        await api.register(flowAdminRoutes, { prefix: '/flows', ...deps.admin })
        await api.register(exampleRoutes, { prefix: '/examples', ...deps.admin })
        await api.register(pageRoutes, {
          prefix: '/pages',
          storage: deps.admin.storage,
          now: deps.admin.now,
          ...(deps.pages ? { setup: deps.pages } : {}),
        })
        await api.register(versionRoutes, { prefix: '/flows', ...deps.admin })
        await api.register(contactRoutes, { prefix: '/contacts', ...deps.admin })
        await api.register(orderRoutes, {
          prefix: '/orders',
          ...deps.admin,
          ...(deps.payments?.onOutbox ? { onOutbox: deps.payments.onOutbox } : {}),
        })
        await api.register(leadRoutes, { prefix: '/leads', ...deps.admin })
        await api.register(bookingRoutes, { prefix: '/bookings', ...deps.admin })
      }
      if (deps.simulator)
        await api.register(simulatorRoutes, {
          prefix: '/simulator/sessions',
          simulator: deps.simulator,
        })
    },
    { prefix: '/api' },
  )
  // Public: the person's "Add to calendar" link, found by its unguessable token only.
  if (deps.admin)
    await app.register(bookingIcsRoutes, { prefix: '/bookings', storage: deps.admin.storage })
  if (deps.payments) await app.register(paymentRoutes, deps.payments)
  // Public: Meta's data-deletion callback (signed with the app secret) and its status page.
  if (deps.admin && deps.pages)
    await app.register(privacyRoutes, {
      prefix: '/privacy',
      storage: deps.admin.storage,
      now: deps.admin.now,
      publicUrl: deps.pages.publicUrl,
    })
  if (deps.messenger)
    await app.register(messengerWebhookRoutes, { prefix: '/webhooks/messenger', ...deps.messenger })
  if (deps.emulator) {
    const { emulatorPlugin } = await import('@charla/emulator')
    await app.register(emulatorPlugin, { prefix: '/emulator', emulator: deps.emulator })
  }
  if (deps.editorDist !== undefined) editor = await registerEditor(app, deps.editorDist)
  return app
}
