import type { Flow } from '@charla/flow-schema'
import { adminFetch } from './auth/session'

/**
 * A thin client of the runtime's admin API (same origin, relative URLs). Every call resolves
 * with the decoded body or throws an `ApiError` carrying the runtime's `{ error, message }`.
 */

export interface Draft {
  id: string
  flow: Flow
  revision: number
  updatedAt: string
}

export interface PublishedRef {
  pageId: string
  versionId: string
  number: number
  publishedAt: string
}

export interface FlowSummary {
  id: string
  name: string
  revision: number
  updatedAt: string
  nodeCount: number
  published: PublishedRef[]
}

export interface ExampleSummary {
  id: string
  name: string
  description: string
  nodeCount: number
}

export interface Page {
  id: string
  name: string
  status: string
}

export interface Version {
  id: string
  number: number
  createdAt: string
  pages: string[]
  contentHash?: string
  /** The admin who published it first, once logins exist. */
  publishedBy?: string
}

export interface ImportError {
  path: string
  message: string
  nodeId?: string
}

export interface SimSession {
  id: string
  pageId: string
  psid: string
}

export type SimInput =
  | { text: string }
  | { quickReply: { title: string; payload: string } }
  | { postback: { title: string; payload: string } }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** Validation errors of an `invalid_flow` answer (import, save). */
  get errors(): ImportError[] {
    return Array.isArray(this.body.errors) ? (this.body.errors as ImportError[]) : []
  }
}

type Fetch = typeof fetch
// Admin API calls carry the session's CSRF token; a 401 brings the login screen back.
let fetchImpl: Fetch = (input, init) => adminFetch(String(input), init)

/** For unit tests of the client only. */
export function setFetch(f: Fetch): void {
  fetchImpl = f
}

async function request<T>(method: string, url: string, body?: unknown, raw = false): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } }
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' }
    init.body = raw ? String(body) : JSON.stringify(body)
  }
  let res: Response
  try {
    res = await fetchImpl(url, init)
  } catch (e) {
    throw new ApiError(0, 'network', `The server cannot be reached (${(e as Error).message})`, {})
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  if (!res.ok) {
    const b = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>
    const code = typeof b.error === 'string' ? b.error : `http_${res.status}`
    const message = typeof b.message === 'string' ? b.message : res.statusText || code
    throw new ApiError(res.status, code, message, b)
  }
  return json as T
}

const enc = encodeURIComponent

export const api = {
  listFlows: () => request<{ flows: FlowSummary[] }>('GET', '/api/flows').then((r) => r.flows),
  createFlow: (body: { name?: string; flow?: Flow; example?: string }) =>
    request<{ draft: Draft }>('POST', '/api/flows', body).then((r) => r.draft),
  importFlow: (fileText: string) =>
    request<{ draft: Draft }>('POST', '/api/flows/import', fileText, true).then((r) => r.draft),
  getFlow: (id: string) =>
    request<{ draft: Draft }>('GET', `/api/flows/${enc(id)}`).then((r) => r.draft),
  /** Throws `ApiError` with code `conflict` (and `body.current`, the stored draft) on 409. */
  saveFlow: (id: string, flow: Flow, revision: number) =>
    request<{ draft: Draft }>('PUT', `/api/flows/${enc(id)}`, { flow, revision }).then(
      (r) => r.draft,
    ),
  deleteFlow: (id: string) => request<void>('DELETE', `/api/flows/${enc(id)}`),
  duplicateFlow: (id: string) =>
    request<{ draft: Draft }>('POST', `/api/flows/${enc(id)}/duplicate`).then((r) => r.draft),
  exportUrl: (id: string) => `/api/flows/${enc(id)}/export`,
  listExamples: () =>
    request<{ examples: ExampleSummary[] }>('GET', '/api/examples').then((r) => r.examples),
  listPages: () => request<{ pages: Page[] }>('GET', '/api/pages').then((r) => r.pages),
  publish: (id: string, pageId: string) =>
    request<{ version: { id: string; flowId: string; number: number; createdAt: string } }>(
      'POST',
      `/api/flows/${enc(id)}/publish`,
      { pageId },
    ).then((r) => r.version),
  listVersions: (id: string) =>
    request<{ versions: Version[] }>('GET', `/api/flows/${enc(id)}/versions`).then(
      (r) => r.versions,
    ),
  sim: {
    start: (flow: Flow, startNodeId?: string) =>
      request<{ session: SimSession }>(
        'POST',
        '/api/simulator/sessions',
        startNodeId ? { flow, startNodeId } : { flow },
      ).then((r) => r.session),
    send: (id: string, input: SimInput) =>
      request<unknown>('POST', `/api/simulator/sessions/${enc(id)}/messages`, input),
    advance: (id: string, ms: number) =>
      request<{ clock: { now: number; offsetMs: number } }>(
        'POST',
        `/api/simulator/sessions/${enc(id)}/advance`,
        { ms },
      ).then((r) => r.clock),
    eventsUrl: (id: string) => `/api/simulator/sessions/${enc(id)}/events`,
    end: (id: string) => request<void>('DELETE', `/api/simulator/sessions/${enc(id)}`),
  },
}
