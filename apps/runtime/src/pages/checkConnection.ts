import type { GraphClient } from '@charla/messenger'
import type { Page } from '@charla/storage'
import { plainGraphError } from './plainGraphError'

/** The webhook fields the runtime handles; without the first two nothing reaches a flow. */
export const REQUIRED_FIELDS = ['messages', 'messaging_postbacks'] as const
export const RECOMMENDED_FIELDS = [
  'messaging_referrals',
  'messaging_optins',
  'message_echoes',
  'messaging_handovers',
  'feed',
] as const

export interface ConnectionCheck {
  id: 'token' | 'page' | 'app_secret' | 'subscription'
  ok: boolean
  /** What is right or wrong, in plain words. */
  message: string
}

export interface ConnectionReport {
  ok: boolean
  checks: ConnectionCheck[]
  /** Fields subscribed now (when Meta said), and the required ones missing. */
  subscribedFields?: string[]
  missingFields: string[]
  pageName?: string
}

/**
 * Asks the Graph API what Meta thinks of this Page's settings: whether the token works and is
 * this Page's (GET /me, with appsecret_proof so the app secret is checked too), and whether the
 * app gets the Page's webhooks with the fields flows need (GET /{page-id}/subscribed_apps).
 */
export async function checkConnection(page: Page, graph: GraphClient): Promise<ConnectionReport> {
  const checks: ConnectionCheck[] = []
  const found: { missing: string[]; subscribed?: string[]; pageName?: string } = { missing: [] }
  const report = (): ConnectionReport => ({
    ok: checks.every((c) => c.ok),
    checks,
    missingFields: found.missing,
    ...(found.subscribed ? { subscribedFields: found.subscribed } : {}),
    ...(found.pageName ? { pageName: found.pageName } : {}),
  })

  const plain = await graph.getPage(page.accessToken)
  if (!plain.ok) {
    checks.push({ id: 'token', ok: false, message: plainGraphError(plain.error) })
    return report()
  }
  const me = plain.body as { id?: unknown; name?: unknown }
  const pageName = typeof me.name === 'string' ? me.name : undefined
  if (pageName) found.pageName = pageName
  checks.push({ id: 'token', ok: true, message: 'Meta accepts the Page access token.' })
  if (me.id !== page.id) {
    checks.push({
      id: 'page',
      ok: false,
      message: `This token belongs to ${pageName ? `“${pageName}”` : 'another Page'} (id ${String(me.id)}), not to Page ${page.id}. Paste the token of Page ${page.id}, or correct the Page id.`,
    })
    return report()
  }
  checks.push({
    id: 'page',
    ok: true,
    message: `The token belongs to Page “${pageName ?? page.id}”.`,
  })

  const proved = await graph.getPage(page.accessToken, page.appSecret)
  checks.push(
    proved.ok
      ? { id: 'app_secret', ok: true, message: 'The app secret matches the token’s app.' }
      : { id: 'app_secret', ok: false, message: plainGraphError(proved.error) },
  )

  const apps = await graph.subscribedApps(page.accessToken, page.id)
  if (!apps.ok) {
    checks.push({ id: 'subscription', ok: false, message: plainGraphError(apps.error) })
    return report()
  }
  const data = (apps.body as { data?: unknown }).data
  const first = Array.isArray(data)
    ? (data[0] as { subscribed_fields?: unknown } | undefined)
    : undefined
  const subscribed = Array.isArray(first?.subscribed_fields)
    ? first.subscribed_fields.filter((f): f is string => typeof f === 'string')
    : first
      ? []
      : undefined
  if (subscribed) found.subscribed = subscribed
  const missingFields = REQUIRED_FIELDS.filter((f) => !subscribed?.includes(f))
  found.missing = missingFields
  checks.push(
    !subscribed
      ? {
          id: 'subscription',
          ok: false,
          message:
            'The app is not subscribed to this Page’s webhooks, so no message reaches Charla. Use “Subscribe the app” here, or add the Page under Messenger › Settings › Webhooks in Meta’s dashboard.',
        }
      : missingFields.length
        ? {
            id: 'subscription',
            ok: false,
            message: `The Page’s webhooks lack ${missingFields.join(' and ')}: without them Charla does not see messages or button taps. Use “Subscribe the app” to add them.`,
          }
        : {
            id: 'subscription',
            ok: true,
            message: `The app gets this Page’s webhooks (${subscribed.join(', ')}).`,
          },
  )
  return report()
}
