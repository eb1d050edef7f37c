import { randomBytes } from 'node:crypto'
import type { GraphClient } from '@charla/messenger'
import type { Page, PageProfile, Storage } from '@charla/storage'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'
import { checkConnection, RECOMMENDED_FIELDS, REQUIRED_FIELDS } from '../pages/checkConnection'
import type { ProfileSync } from '../pages/createProfileSync'
import { pageTriggers } from '../pages/pageTriggers'
import { plainGraphError } from '../pages/plainGraphError'
import { EMPTY_PROFILE, profileSettingsSchema } from '../pages/profileSettings'
import { readJsonBody, takeJsonAsText } from './jsonBody'

export interface PageRoutesOptions {
  storage: Storage
  now?: () => number
  /** Connecting, checking and the Messenger profile need the Graph API; listing does not. */
  setup?: {
    graphFor: (page: Page) => GraphClient
    /** The origin Meta reaches this runtime at (CHARLA_PUBLIC_URL). */
    publicUrl: () => string
    profileSync: ProfileSync
  }
}

const pageId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'a Page id is letters, digits, - and _')
const secret = (what: string) => z.string().trim().min(8, `${what} looks too short`).max(1000)
const connectBody = z.strictObject({
  id: pageId,
  name: z.string().trim().min(1).max(120).optional(),
  accessToken: secret('the access token'),
  appSecret: secret('the app secret'),
  verifyToken: z.string().trim().min(8).max(200).optional(),
})
const updateBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  accessToken: secret('the access token').optional(),
  appSecret: secret('the app secret').optional(),
  verifyToken: z.string().trim().min(8).max(200).optional(),
})

/**
 * `/api/pages`: the Pages a flow can be published to, and connecting one. Secrets go in and
 * never come out: the API says a token is set and shows its last 4 characters, nothing more.
 * The verify token is shown: it is a value the marketer pastes into Meta's dashboard.
 */
export const pageRoutes: FastifyPluginAsync<PageRoutesOptions> = async (app, opts) => {
  const { storage, setup } = opts
  const now = opts.now ?? Date.now
  takeJsonAsText(app)

  app.get('/', async () => {
    const pages = await storage.pages.list()
    return { pages: pages.filter((p) => p.kind === 'connected').map(summary) }
  })

  if (!setup) return
  const webhookUrl = () => `${setup.publicUrl()}/webhooks/messenger`

  async function pageOr404(id: string, reply: FastifyReply): Promise<Page | undefined> {
    const page = pageId.safeParse(id).success ? await storage.pages.get(id) : undefined
    if (!page || page.kind !== 'connected') {
      void reply.status(404).send(errorBody('not_found', `there is no Page "${id}"`))
      return undefined
    }
    return page
  }

  const detail = (page: Page) => ({
    ...summary(page),
    webhookUrl: webhookUrl(),
    verifyToken: page.verifyToken,
  })

  app.post('/', async (request, reply) => {
    const body = readJsonBody(request, reply, connectBody)
    if (!body) return reply
    const existing = await storage.pages.get(body.id)
    if (existing)
      return reply
        .status(409)
        .send(errorBody('conflict', `Page ${body.id} is already connected: edit it instead`))
    const page = await storage.pages.upsert(
      {
        id: body.id,
        name: body.name ?? `Page ${body.id}`,
        accessToken: body.accessToken,
        appSecret: body.appSecret,
        verifyToken: body.verifyToken ?? randomBytes(18).toString('base64url'),
      },
      now(),
    )
    request.log.info({ pageId: page.id }, 'Page connected')
    return reply.status(201).send({ page: detail(page) })
  })

  app.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const page = await pageOr404(request.params.id, reply)
    return page ? { page: detail(page) } : reply
  })

  app.put<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const page = await pageOr404(request.params.id, reply)
    if (!page) return reply
    const body = readJsonBody(request, reply, updateBody)
    if (!body) return reply
    const saved = await storage.pages.upsert(
      {
        id: page.id,
        name: body.name ?? page.name,
        accessToken: body.accessToken ?? page.accessToken,
        appSecret: body.appSecret ?? page.appSecret,
        verifyToken: body.verifyToken ?? page.verifyToken,
      },
      now(),
    )
    return { page: detail(saved) }
  })

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const page = await pageOr404(request.params.id, reply)
    if (!page) return reply
    await storage.pages.delete(page.id)
    return reply.status(204).send()
  })

  app.post<{ Params: { id: string } }>('/:id/check', async (request, reply) => {
    const page = await pageOr404(request.params.id, reply)
    if (!page) return reply
    const report = await checkConnection(page, setup.graphFor(page))
    return { ...report, webhookUrl: webhookUrl(), verifyToken: page.verifyToken }
  })

  app.post<{ Params: { id: string } }>('/:id/subscribe', async (request, reply) => {
    const page = await pageOr404(request.params.id, reply)
    if (!page) return reply
    const graph = setup.graphFor(page)
    const res = await graph.subscribeApp(page.accessToken, page.id, [
      ...REQUIRED_FIELDS,
      ...RECOMMENDED_FIELDS,
    ])
    if (!res.ok) return reply.status(502).send(errorBody('graph_error', plainGraphError(res.error)))
    const report = await checkConnection(page, graph)
    return { ...report, webhookUrl: webhookUrl(), verifyToken: page.verifyToken }
  })

  async function profileView(page: Page, profile?: PageProfile) {
    const current = profile ?? (await storage.pageProfiles.get(page.id))
    const queuedUntil = setup!.profileSync.queued(page.id)
    return {
      settings: current?.settings ?? EMPTY_PROFILE,
      ...(current?.synced ? { synced: current.synced } : {}),
      ...(current?.syncedAt !== undefined ? { syncedAt: current.syncedAt } : {}),
      ...(current?.syncError ? { syncError: current.syncError } : {}),
      nextSyncAt: setup!.profileSync.nextSyncAt(current),
      ...(queuedUntil !== undefined ? { queuedUntil } : {}),
      callsInWindow: current?.calls.filter((t) => now() - t < 10 * 60_000).length ?? 0,
      triggers: await pageTriggers(storage, page.id),
    }
  }

  app.get<{ Params: { id: string } }>('/:id/profile', async (request, reply) => {
    const page = await pageOr404(request.params.id, reply)
    return page ? { profile: await profileView(page) } : reply
  })

  app.put<{ Params: { id: string } }>('/:id/profile', async (request, reply) => {
    const page = await pageOr404(request.params.id, reply)
    if (!page) return reply
    const settings = readJsonBody(request, reply, profileSettingsSchema)
    if (!settings) return reply
    // Every postback a menu item or ice breaker sends must start a flow, or the tap does nothing.
    const payloads = new Set((await pageTriggers(storage, page.id)).map((t) => t.payload))
    const dangling = [
      ...settings.persistentMenu.filter((i) => i.payload !== undefined).map((i) => i.payload!),
      ...settings.iceBreakers.map((i) => i.payload),
    ].find((p) => !payloads.has(p))
    if (dangling !== undefined)
      return reply
        .status(422)
        .send(
          errorBody(
            'unbound_payload',
            `no flow starts on "${dangling}": pick a flow for every menu item and ice breaker`,
          ),
        )
    const saved = await storage.pageProfiles.saveSettings(page.id, settings, now())
    return { profile: await profileView(page, saved) }
  })

  app.post<{ Params: { id: string } }>('/:id/profile/sync', async (request, reply) => {
    const page = await pageOr404(request.params.id, reply)
    if (!page) return reply
    const outcome = await setup.profileSync.sync(page.id)
    const body = { outcome, profile: await profileView(page) }
    if (outcome.status === 'failed') return reply.status(502).send({ ...body, ok: false })
    return reply.status(outcome.status === 'queued' ? 202 : 200).send(body)
  })
}

/** What any list may show of a Page: never a secret, a token's last 4 characters at most. */
function summary(page: Page) {
  return {
    id: page.id,
    name: page.name,
    status: page.status,
    ...(page.pausedReason ? { pausedReason: page.pausedReason } : {}),
    accessToken: { set: page.accessToken.length > 0, last4: page.accessToken.slice(-4) },
    appSecret: { set: page.appSecret.length > 0 },
  }
}
