import { randomBytes } from 'node:crypto'
import type { Emulator, PersonAction, SentMessage } from '@charla/emulator'
import { GET_STARTED_PAYLOAD, type Flow } from '@charla/flow-schema'
import type { Storage } from '@charla/storage'
import type { Logger } from '../pipeline/PipelineDeps'
import type { ClockEvent, SimulatorEvent, StateEvent } from './SimulatorEvent'

export interface SimulatorDeps {
  storage: Storage
  /** The built-in emulator, whose webhooks reach this runtime's `/webhooks/messenger`. */
  emulator: Emulator
  now: () => number
  /** The message pipeline; it exists after the app, so it is reached through this. */
  pipeline: { wakeWorker(): void; wakeAll(): void }
  log: Logger
  /** Sessions at once; more are refused. 50 unless said. */
  maxSessions?: number
  /** A session unused for this long is ended. 2 hours unless said. */
  idleMs?: number
}

export interface SessionInfo {
  id: string
  pageId: string
  psid: string
}

export type CreateResult =
  | { ok: true; session: SessionInfo }
  | { ok: false; error: 'too_many_sessions' | 'unknown_node'; message: string }

export interface Simulator {
  /** Publishes `flow` to a new simulator Page and starts the conversation (Get Started, or `startNodeId`). */
  create(flow: Flow, startNodeId?: string): Promise<CreateResult>
  get(id: string): SessionInfo | undefined
  /** The person does something, delivered as a signed webhook; the HTTP status the runtime answered. */
  say(id: string, action: PersonAction): Promise<number>
  /** Moves this conversation's clock forward by `ms` and lets what came due run. */
  advance(id: string, ms: number): Promise<Omit<ClockEvent, 'type'>>
  state(id: string): Promise<StateEvent>
  clock(id: string): Omit<ClockEvent, 'type'>
  /** What was sent so far; then `listener` gets each new event until the returned function is called. */
  subscribe(id: string, listener: (event: SimulatorEvent) => void): () => void
  sentSoFar(id: string): SimulatorEvent[]
  /** Ends a session: the Page, the contact and everything stored about them are forgotten. */
  remove(id: string): Promise<boolean>
  /** The pipeline committed a step of this conversation. */
  onStep(pageId: string, psid: string): void
  /** Removes simulator Pages a previous run left behind. */
  cleanUp(): Promise<void>
  close(): Promise<void>
}

interface Session extends SessionInfo {
  offsetMs: number
  lastUsedAt: number
  sent: SimulatorEvent[]
  listeners: Set<(event: SimulatorEvent) => void>
  refreshing: boolean
  dirty: boolean
}

/** Enough for any conversation a person tests by hand; older sends are dropped from the replay. */
const MAX_REPLAY = 1000
const SWEEP_MS = 60_000
const SIM_PAGE_PREFIX = 'sim_'

/**
 * The editor's simulator: each session is a throwaway Page on the built-in emulator (its own id
 * and token, `kind: 'simulator'` so the admin API never lists it) with one person, Ana García,
 * and the draft published to it. Everything then goes the real way: the person's taps are
 * signed webhooks to `/webhooks/messenger`, the worker runs the engine, the relay sends through
 * the Graph API client to the emulator, whose record of each send is what the editor shows.
 */
export function createSimulator(deps: SimulatorDeps): Simulator {
  const { storage, emulator, now } = deps
  const maxSessions = deps.maxSessions ?? 50
  const idleMs = deps.idleMs ?? 2 * 3600_000
  const sessions = new Map<string, Session>()
  const byPage = new Map<string, Session>()

  const onSent = (message: SentMessage) => {
    const session = byPage.get(message.pageId)
    if (!session || message.psid !== session.psid) return
    const event: SimulatorEvent = {
      type: 'sent',
      seq: message.seq,
      at: message.at + session.offsetMs,
      body: message.body as Record<string, unknown>,
    }
    session.sent.push(event)
    if (session.sent.length > MAX_REPLAY) session.sent.shift()
    emit(session, event)
  }
  emulator.on('sent', onSent)

  const sweep = setInterval(() => {
    const idleSince = now() - idleMs
    for (const session of [...sessions.values()])
      if (session.listeners.size === 0 && session.lastUsedAt < idleSince)
        void remove(session.id).catch((err: unknown) =>
          deps.log.warn({ err, sessionId: session.id }, 'could not end an idle simulator session'),
        )
  }, SWEEP_MS)
  sweep.unref()

  function emit(session: Session, event: SimulatorEvent) {
    for (const listener of session.listeners) listener(event)
  }

  function use(id: string): Session {
    const session = sessions.get(id)
    if (!session) throw new Error(`no simulator session ${id}`)
    session.lastUsedAt = now()
    return session
  }

  function clockOf(session: Session): Omit<ClockEvent, 'type'> {
    return { now: now() + session.offsetMs, offsetMs: session.offsetMs }
  }

  async function stateOf(session: Session): Promise<StateEvent> {
    const [conversation, jobs] = await Promise.all([
      storage.conversations.get(session.pageId, session.psid),
      storage.jobs.pending(session.pageId, session.psid),
    ])
    const state = conversation?.state
    const wait = state?.status === 'waiting' || state?.status === 'handoff' ? state.wait : undefined
    return {
      type: 'state',
      ...(wait ? { currentNodeId: wait.nodeId, waiting: wait.kind } : {}),
      variables: state?.vars ?? {},
      ended: state?.status === 'ended',
      status: state?.status ?? 'idle',
      contact: { tags: state?.contact.tags ?? [], fields: state?.contact.fields ?? {} },
      pendingTimers: jobs.map((j) => ({ timerId: j.timerId, runAt: j.runAt + session.offsetMs })),
    }
  }

  /** Reads the state and sends it to the listeners; steps arriving meanwhile coalesce into one more read. */
  function refresh(session: Session) {
    if (session.listeners.size === 0) return
    if (session.refreshing) {
      session.dirty = true
      return
    }
    session.refreshing = true
    void (async () => {
      try {
        do {
          session.dirty = false
          const state = await stateOf(session)
          if (sessions.get(session.id) === session) emit(session, state)
        } while (session.dirty)
      } catch (err) {
        deps.log.warn({ err, sessionId: session.id }, 'could not read a simulator state')
      } finally {
        session.refreshing = false
      }
    })()
  }

  async function remove(id: string): Promise<boolean> {
    const session = sessions.get(id)
    if (!session) return false
    sessions.delete(id)
    byPage.delete(session.pageId)
    session.listeners.clear()
    await forget(session.pageId, session.psid)
    return true
  }

  async function forget(pageId: string, psid: string) {
    await storage.contacts.forget(pageId, psid)
    await storage.pages.delete(pageId)
    emulator.removePage(pageId)
  }

  return {
    async create(flow, startNodeId) {
      if (sessions.size >= maxSessions)
        return {
          ok: false,
          error: 'too_many_sessions',
          message: `at most ${maxSessions} simulator sessions can run at once; end one first`,
        }
      if (startNodeId !== undefined && !flow.nodes.some((n) => n.id === startNodeId))
        return {
          ok: false,
          error: 'unknown_node',
          message: `the flow has no step "${startNodeId}" to start from`,
        }
      const id = randomBytes(8).toString('hex')
      const pageId = `${SIM_PAGE_PREFIX}${id}`
      const psid = psidOf(pageId)
      const accessToken = randomBytes(24).toString('hex')
      const session: Session = {
        id,
        pageId,
        psid,
        offsetMs: 0,
        lastUsedAt: now(),
        sent: [],
        listeners: new Set(),
        refreshing: false,
        dirty: false,
      }
      sessions.set(id, session)
      byPage.set(pageId, session)
      try {
        await storage.pages.upsert(
          {
            id: pageId,
            name: 'Simulator',
            kind: 'simulator',
            accessToken,
            // The emulator signs every webhook with its own secret.
            appSecret: emulator.appSecret,
            verifyToken: randomBytes(24).toString('hex'),
          },
          now(),
        )
        emulator.addPage({ pageId, accessToken, name: flow.name })
        emulator.addPerson({ pageId, psid, firstName: 'Ana', lastName: 'García' })
        const published = await storage.flows.publish(simulatorCopy(flow, pageId), pageId, now())
        if (startNodeId === undefined) {
          const delivery = await emulator.personSays(pageId, psid, {
            postback: { payload: GET_STARTED_PAYLOAD, title: 'Get Started' },
          })
          if (delivery.status !== 200)
            throw new Error(`the runtime's webhook answered ${delivery.status}`)
        } else {
          // As if Ana had the conversation open: what the flow sends from here is within the window.
          const at = now()
          await storage.contacts.upsert({ pageId, psid, lastInteractionAt: at }, at)
          await storage.inbox.add([
            {
              dedupeKey: `${pageId}:${psid}:simulator_start`,
              pageId,
              psid,
              event: { type: 'start', flowId: published.flowId, nodeId: startNodeId },
              occurredAt: at,
              receivedAt: at,
            },
          ])
          deps.pipeline.wakeWorker()
        }
      } catch (err) {
        await remove(id).catch(() => {})
        throw err
      }
      return { ok: true, session: { id, pageId, psid } }
    },

    get(id) {
      const session = sessions.get(id)
      return session && { id: session.id, pageId: session.pageId, psid: session.psid }
    },

    async say(id, action) {
      const session = use(id)
      const delivery = await emulator.personSays(session.pageId, session.psid, action)
      return delivery.status
    },

    async advance(id, ms) {
      const session = use(id)
      const { pageId, psid } = session
      await storage.transaction(async (tx) => {
        await tx.jobs.shift(pageId, psid, ms)
        await tx.contacts.shift(pageId, psid, ms)
        await tx.outbox.shift(pageId, psid, ms)
      })
      session.offsetMs += ms
      const clock = clockOf(session)
      emit(session, { type: 'clock', ...clock })
      deps.pipeline.wakeAll()
      refresh(session)
      return clock
    },

    state(id) {
      return stateOf(use(id))
    },

    clock(id) {
      return clockOf(use(id))
    },

    subscribe(id, listener) {
      const session = use(id)
      session.listeners.add(listener)
      return () => {
        session.listeners.delete(listener)
        session.lastUsedAt = now()
      }
    },

    sentSoFar(id) {
      return [...use(id).sent]
    },

    remove,

    onStep(pageId) {
      const session = byPage.get(pageId)
      if (session) refresh(session)
    },

    async cleanUp() {
      for (const page of await storage.pages.list())
        if (page.kind === 'simulator' && !byPage.has(page.id))
          await forget(page.id, psidOf(page.id))
    },

    async close() {
      clearInterval(sweep)
      emulator.off('sent', onSent)
      for (const session of sessions.values()) session.listeners.clear()
    },
  }
}

/** The simulated person's PSID follows from the Page's, so a later run can forget them. */
function psidOf(pageId: string): string {
  return `${pageId}_ana`
}

/**
 * The draft as the simulator Page runs it: under the Page's own flow id, so its test versions
 * never show in the flow's version history; jumps to the flow itself follow the new id.
 */
function simulatorCopy(flow: Flow, id: string): Flow {
  return {
    ...flow,
    id,
    nodes: flow.nodes.map((n) =>
      n.type === 'jump' && typeof n.data.target === 'object' && n.data.target.flowId === flow.id
        ? { ...n, data: { ...n.data, target: { ...n.data.target, flowId: id } } }
        : n,
    ),
  }
}
