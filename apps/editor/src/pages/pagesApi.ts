import { ApiError } from '../api'
import { adminFetch } from '../auth/session'

/** The runtime's `/api/pages` (connect, check, Messenger profile) and versions' extras. */

export interface PageSummary {
  id: string
  name: string
  status: string
  pausedReason?: string
  accessToken: { set: boolean; last4: string }
  appSecret: { set: boolean }
}

export interface PageDetail extends PageSummary {
  webhookUrl: string
  verifyToken: string
}

export interface ConnectionCheck {
  id: string
  ok: boolean
  message: string
}

export interface ConnectionReport {
  ok: boolean
  checks: ConnectionCheck[]
  missingFields: string[]
  subscribedFields?: string[]
  pageName?: string
  webhookUrl: string
  verifyToken: string
}

export interface ProfileSettings {
  getStarted?: { payload: string }
  greeting: { locale: string; text: string }[]
  persistentMenu: { title: string; payload?: string; url?: string; flowId?: string }[]
  composerInputDisabled?: boolean
  iceBreakers: { question: string; payload: string; flowId?: string }[]
  whitelistedDomains: string[]
}

export interface FlowTrigger {
  flowId: string
  flowName: string
  payload: string
  label: string
  live: boolean
}

export interface ProfileView {
  settings: ProfileSettings
  synced?: ProfileSettings
  syncedAt?: number
  syncError?: string
  nextSyncAt: number
  queuedUntil?: number
  callsInWindow: number
  triggers: FlowTrigger[]
}

export type SyncOutcome =
  | { status: 'synced'; calls: number }
  | { status: 'unchanged' }
  | { status: 'queued'; nextSyncAt: number }
  | { status: 'failed'; error: string }

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await adminFetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (res.status === 204) return undefined as T
  const text = await res.text()
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>
  // A failed sync still carries the profile (and why it failed): let the caller read it.
  if (!res.ok && !(res.status === 502 && 'outcome' in json)) {
    const message =
      typeof json.message === 'string'
        ? json.message.replace(/^✖ /gm, '').replace(/\n\s+→ at .*/g, '')
        : res.statusText
    throw new ApiError(res.status, String(json.error ?? `http_${res.status}`), message, json)
  }
  return json as T
}

const enc = encodeURIComponent

export const pagesApi = {
  list: () => request<{ pages: PageSummary[] }>('GET', '/api/pages').then((r) => r.pages),
  get: (id: string) =>
    request<{ page: PageDetail }>('GET', `/api/pages/${enc(id)}`).then((r) => r.page),
  connect: (body: {
    id: string
    name?: string
    accessToken: string
    appSecret: string
    verifyToken?: string
  }) => request<{ page: PageDetail }>('POST', '/api/pages', body).then((r) => r.page),
  update: (id: string, body: { name?: string; accessToken?: string; appSecret?: string }) =>
    request<{ page: PageDetail }>('PUT', `/api/pages/${enc(id)}`, body).then((r) => r.page),
  remove: (id: string) => request<void>('DELETE', `/api/pages/${enc(id)}`),
  check: (id: string) => request<ConnectionReport>('POST', `/api/pages/${enc(id)}/check`),
  subscribe: (id: string) => request<ConnectionReport>('POST', `/api/pages/${enc(id)}/subscribe`),
  profile: (id: string) =>
    request<{ profile: ProfileView }>('GET', `/api/pages/${enc(id)}/profile`).then(
      (r) => r.profile,
    ),
  saveProfile: (id: string, settings: ProfileSettings) =>
    request<{ profile: ProfileView }>('PUT', `/api/pages/${enc(id)}/profile`, settings).then(
      (r) => r.profile,
    ),
  syncProfile: (id: string) =>
    request<{ outcome: SyncOutcome; profile: ProfileView }>(
      'POST',
      `/api/pages/${enc(id)}/profile/sync`,
    ),
}

export const versionsApi = {
  rollback: (flowId: string, versionId: string, pageId: string) =>
    request<{ version: { number: number } }>(
      'POST',
      `/api/flows/${enc(flowId)}/versions/${enc(versionId)}/rollback`,
      { pageId },
    ),
  migration: (flowId: string, pageId: string) =>
    request<{ target: { versionId: string; number: number }; movable: number; staying: number }>(
      'GET',
      `/api/flows/${enc(flowId)}/migration?pageId=${enc(pageId)}`,
    ),
  migrate: (flowId: string, pageId: string) =>
    request<{ moved: number; staying: number }>('POST', `/api/flows/${enc(flowId)}/migration`, {
      pageId,
    }),
}
