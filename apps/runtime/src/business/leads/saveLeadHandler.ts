import type { BusinessHandler } from '../BusinessHandlers'
import { leadSource } from './leadSource'

/** A CRM that keeps failing is retried for this long after the lead completed, then given up. */
export const PUSH_RETRY_WINDOW_MS = 24 * 3600_000

export interface SaveLeadDeps {
  /** A push was queued: the pusher can look now instead of at its next poll. */
  onPushQueued?: () => void
}

/**
 * `save_lead`: stores the lead as the form fills (partial forms are kept with their status),
 * namespaced by the conversation so lead keys from different people never meet. A completed
 * lead with a webhook queues its CRM push in the same transaction; the network call happens
 * later, in the lead pusher.
 */
export function createSaveLeadHandler(deps: SaveLeadDeps = {}): BusinessHandler<'save_lead'> {
  return async (tx, action, ctx) => {
    const source = ctx.source ?? {}
    const lead = await tx.leads.save(
      {
        leadKey: `${ctx.page.id}:${ctx.psid}:${action.leadKey}`,
        pageId: ctx.page.id,
        psid: ctx.psid,
        flowId: ctx.flow.id,
        flowVersionId: ctx.flowVersionId,
        nodeId: action.nodeId,
        status: action.status,
        answers: action.answers,
        ...(action.consent === undefined ? {} : { consent: action.consent }),
        source: leadSource(source),
        sourceDetail: source,
        ...(action.status === 'completed' && action.webhookUrl
          ? { push: { url: action.webhookUrl, deadline: ctx.now + PUSH_RETRY_WINDOW_MS } }
          : {}),
      },
      ctx.now,
    )
    if (lead?.push?.status === 'pending' && lead.push.attempts === 0) deps.onPushQueued?.()
    return []
  }
}
