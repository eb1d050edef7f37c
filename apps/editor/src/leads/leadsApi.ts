import { adminFetch } from '../auth/session'

/** The runtime's `/api/leads` (docs/api.md), for the Leads page. */

export type LeadStatus = 'in_progress' | 'completed' | 'abandoned' | 'declined'
type AnswerValue = string | number | boolean | null | string[]

export interface LeadPush {
  url: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  nextAttemptAt?: number
  deadline: number
  lastError?: string
}

export interface Lead {
  id: string
  pageId: string
  pageName?: string
  test: boolean
  psid: string
  firstName?: string
  lastName?: string
  flowId: string
  flowName?: string
  flowVersionId: string
  nodeId: string
  status: LeadStatus
  answers: Record<string, AnswerValue>
  consent?: boolean
  source: string
  sourceDetail: Record<string, string>
  createdAt: number
  updatedAt: number
  completedAt?: number
  push?: LeadPush
}

export interface LeadDelivery {
  id: number
  attempt: number
  url: string
  at: number
  durationMs: number
  ok: boolean
  statusCode?: number
  error?: string
}

export interface LeadFilters {
  flowId?: string
  status?: LeadStatus
  /** `YYYY-MM-DD`, inclusive. */
  from?: string
  to?: string
  q?: string
}

/** A date input's day as the local midnight starting it, in ISO (the API takes times). */
function localDay(day: string, plusDays = 0): string {
  const d = new Date(`${day}T00:00:00`)
  d.setDate(d.getDate() + plusDays)
  return d.toISOString()
}

export function filterQuery(f: LeadFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams()
  if (f.flowId) params.set('flowId', f.flowId)
  if (f.status) params.set('status', f.status)
  // Days are the marketer's own: from local midnight, to the end of the `to` day.
  if (f.from) params.set('from', localDay(f.from))
  if (f.to) params.set('to', localDay(f.to, 1))
  if (f.q?.trim()) params.set('q', f.q.trim())
  for (const [k, v] of Object.entries(extra)) params.set(k, v)
  const s = params.toString()
  return s ? `?${s}` : ''
}

async function call<T>(method: string, url: string): Promise<T> {
  const res = await adminFetch(url, { method, headers: { accept: 'application/json' } })
  const text = await res.text()
  const body = text ? (JSON.parse(text) as unknown) : undefined
  if (!res.ok) {
    const message =
      body && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
        ? body.message
        : `${res.status} ${res.statusText}`
    throw new Error(message)
  }
  return body as T
}

export const leadsApi = {
  list: (f: LeadFilters, limit: number, offset: number) =>
    call<{ leads: Lead[]; total: number }>(
      'GET',
      `/api/leads${filterQuery(f, { limit: String(limit), offset: String(offset) })}`,
    ),
  get: (id: string) =>
    call<{ lead: Lead; deliveries: LeadDelivery[] }>('GET', `/api/leads/${encodeURIComponent(id)}`),
  exportUrl: (f: LeadFilters) => `/api/leads/export.csv${filterQuery(f)}`,
  forgetContact: (pageId: string, psid: string) =>
    call<{ ok: true; deletedLeads: number }>(
      'DELETE',
      `/api/leads/contacts/${encodeURIComponent(pageId)}/${encodeURIComponent(psid)}`,
    ),
}
