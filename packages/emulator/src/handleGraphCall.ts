import { timingSafeEqual } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { GraphCall, GraphReply, Page } from './Emulator'
import type { EmulatorState } from './EmulatorState'
import type { FaultQueue, FaultTarget, GraphPath } from './faults'
import { graphError, unsupportedRequest } from './graphError'
import {
  deleteMessengerProfile,
  getMessengerProfile,
  overProfileLimit,
  setMessengerProfile,
} from './messengerProfile'
import { getSubscribedApps, subscribeApp } from './subscribedApps'
import { readNode } from './readNode'
import { sendMessage } from './sendMessage'
import { appSecretProof } from './sign'
import { threadControl } from './threadControl'

/** Ends hanging calls: the emulator keeps one per hang and calls them all on release. */
export type HangRegistry = Set<() => void>

interface Route {
  path: GraphPath
  run: (page: Page) => GraphReply
}

/**
 * One Graph API call, in Meta's order: path and version, access token (104 missing, 190
 * unknown), appsecret_proof when given, the node the token may act on, then any scripted fault,
 * then the endpoint itself.
 */
export async function handleGraphCall(
  state: EmulatorState,
  faults: FaultQueue,
  hangs: HangRegistry,
  call: GraphCall,
): Promise<GraphReply> {
  const route = findRoute(state, call)
  if (!/^v\d+\.\d+$/.test(call.version) || !route) {
    return graphError(
      2500,
      `Unknown path components: /${[call.node, call.edge].filter(Boolean).join('/')}`,
    )
  }
  const token = accessToken(call)
  if (token === undefined)
    return graphError(104, 'An access token is required to request this resource.')
  const page = state.pages.get(state.pageIdByToken.get(token) ?? '')
  if (!page) return graphError(190, 'Invalid OAuth access token - Cannot parse access token')
  const proof = call.query.appsecret_proof ?? bodyParam(call.body, 'appsecret_proof')
  if (proof !== undefined && !sameHex(proof, appSecretProof(token, state.config.appSecret))) {
    return graphError(100, 'Invalid appsecret_proof provided in the API argument', {
      type: 'GraphMethodException',
    })
  }
  // A Page token acts on its own Page; people are reached through their PSID node.
  if (route.path !== 'profile' && call.node !== 'me' && call.node !== page.pageId) {
    return unsupportedRequest(call.method === 'GET' ? 'get' : 'post', call.node)
  }

  const fault = faults.take(faultTarget(route.path, page, call))
  if (route.path === 'messenger_profile') {
    const limited = overProfileLimit(state, page)
    if (limited) return limited
  }
  if (fault) {
    if (fault.delayMs > 0 && !(await delay(fault.delayMs, call.signal)))
      return { status: 'dropped' }
    if (fault.hang) {
      await hang(hangs, call.signal)
      return { status: 'dropped' }
    }
    if (fault.error) return fault.error
  }
  return route.run(page)
}

function findRoute(state: EmulatorState, call: GraphCall): Route | undefined {
  const { method, edge, body } = call
  if (method === 'GET' && edge === undefined) {
    const path = call.node === 'me' || state.pages.has(call.node) ? 'page' : 'profile'
    return { path, run: (page) => readNode(state, page, call.node, call.query.fields) }
  }
  if (method === 'GET' && edge === 'messenger_profile') {
    return { path: edge, run: (page) => getMessengerProfile(state, page, call.query.fields) }
  }
  if (method === 'GET' && edge === 'subscribed_apps') {
    return { path: edge, run: (page) => getSubscribedApps(state, page) }
  }
  if (method === 'DELETE' && edge === 'messenger_profile') {
    return { path: edge, run: (page) => deleteMessengerProfile(state, page, body) }
  }
  if (method !== 'POST') return undefined
  switch (edge) {
    case 'messages':
      return { path: edge, run: (page) => sendMessage(state, page, body) }
    case 'messenger_profile':
      return { path: edge, run: (page) => setMessengerProfile(state, page, body) }
    case 'pass_thread_control':
      return { path: edge, run: (page) => threadControl(state, page, 'pass', body) }
    case 'take_thread_control':
      return { path: edge, run: (page) => threadControl(state, page, 'take', body) }
    case 'subscribed_apps':
      return { path: edge, run: (page) => subscribeApp(state, page, call.query, body) }
    default:
      return undefined
  }
}

/** Meta takes the token as a query parameter, a body parameter or an `Authorization` header. */
function accessToken(call: GraphCall): string | undefined {
  const header = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(call.authorization ?? '')?.[1]
  return call.query.access_token || bodyParam(call.body, 'access_token') || header || undefined
}

function bodyParam(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const value: unknown = Object.getOwnPropertyDescriptor(body, name)?.value
  return typeof value === 'string' ? value : undefined
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

function faultTarget(path: GraphPath, page: Page, call: GraphCall): FaultTarget {
  if (path === 'profile') return { path, pageId: page.pageId, psid: call.node }
  const recipient = objectParam(call.body, 'recipient')
  const id = recipient && Object.getOwnPropertyDescriptor(recipient, 'id')?.value
  const psid = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined
  const kind =
    path !== 'messages'
      ? undefined
      : bodyParam(call.body, 'sender_action') !== undefined
        ? 'sender_action'
        : 'message'
  return {
    path,
    pageId: page.pageId,
    ...(psid === undefined ? {} : { psid }),
    ...(kind ? { kind } : {}),
  }
}

function objectParam(body: unknown, name: string): object | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const value: unknown = Object.getOwnPropertyDescriptor(body, name)?.value
  if (typeof value === 'object' && value !== null) return value
  if (typeof value !== 'string') return undefined
  try {
    const parsed: unknown = JSON.parse(value)
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Waits; false when the client went away first. */
async function delay(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {})
    return true
  } catch {
    return false
  }
}

/** Never answers: waits for the client to give up, or for the emulator to let go. */
function hang(hangs: HangRegistry, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const release = () => {
      hangs.delete(release)
      signal?.removeEventListener('abort', release)
      resolve()
    }
    hangs.add(release)
    if (signal?.aborted) release()
    else signal?.addEventListener('abort', release, { once: true })
  })
}
