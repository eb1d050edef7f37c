import type { Lead } from '@charla/storage'

/** The JSON a CRM receives for a completed lead (documented in docs/api.md). */
export function leadPayload(lead: Lead, pageName: string | undefined) {
  return {
    event: 'lead.completed',
    id: lead.id,
    page: { id: lead.pageId, ...(pageName ? { name: pageName } : {}) },
    flow: { id: lead.flowId, versionId: lead.flowVersionId, nodeId: lead.nodeId },
    contact: {
      psid: lead.psid,
      ...(lead.firstName ? { firstName: lead.firstName } : {}),
      ...(lead.lastName ? { lastName: lead.lastName } : {}),
    },
    answers: lead.answers,
    ...(lead.consent === undefined ? {} : { consent: lead.consent }),
    source: { kind: lead.source, ...lead.sourceDetail },
    createdAt: new Date(lead.createdAt).toISOString(),
    ...(lead.completedAt === undefined
      ? {}
      : { completedAt: new Date(lead.completedAt).toISOString() }),
  }
}
