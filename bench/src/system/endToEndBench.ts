import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { percentile } from '../measure'
import { Pool } from 'undici'
import { closedLoop } from './closedLoop'
import { openLoop } from './openLoop'
import { markProfileWindow, monotonicMs } from './protocol'
import { startSystem, type RunningSystem } from './startSystem'
import { tallyReplies, type ReplyTally } from './tallyReplies'
import { signedMessage, type SignedWebhook } from './webhookBodies'

export interface EndToEndSettings {
  /** People in the measured run, each sending one message. */
  people: number
  /** People in the untimed warm-up run before it. */
  warmupPeople: number
  /** Conversations in flight: a person writes when an earlier one got their answer. */
  inFlight: number
  /** People in a run at a steady arrival rate (open loop), after the closed-loop one. */
  pacedPeople: number
  /** Their arrival rate: people writing per second, whatever the runtime does. */
  pacedPerSecond: number
  /** People in a last run with one conversation at a time: the latency of an idle runtime. */
  floorPeople: number
  /** The relay's sends per second per Page (the runtime's default, 300, is Meta's quota). */
  ratePerSecond: number
  /** Each run gives up after this long; whoever is unanswered by then counts as lost. */
  timeoutMs: number
}

export interface RunFigures {
  /** Closed loop: conversations in flight; open loop: undefined. */
  inFlight?: number
  /** Open loop: people writing per second. */
  offeredPerSecond?: number
  /** People answered. */
  events: number
  /** First POST → last answer. */
  seconds: number
  perSecond: number
  /** Webhook POST sent → the Send API call accepted by the emulator, per event (ms). */
  p50: number
  p99: number
  /** The same, minus the time spent inside the emulator's handler for that person. */
  ownP50: number
  ownP99: number
  /** Time inside the emulator's Graph API handler per event (profile read + send). */
  emulatorP50: number
  emulatorP99: number
  /**
   * CPU time per event during the run (ms), of the runtime's process (all its threads) and of
   * the emulator's: what the runtime costs, whatever else shares the machine.
   */
  runtimeCpuMsPerEvent: number
  emulatorCpuMsPerEvent: number
}

export interface EndToEndReport {
  settings: EndToEndSettings
  /** The measured run, `inFlight` conversations at a time. */
  loaded: RunFigures
  /** At a steady arrival rate. */
  paced: RunFigures
  /** One conversation at a time. */
  floor: RunFigures
  /** Every person of every run (warm-up included) must get exactly one answer. */
  tally: ReplyTally
  /** Webhook POSTs answered with anything but 200. */
  failedPosts: number
}

/**
 * The whole message path: a signed webhook POST per person to the real runtime, through the
 * inbox, the worker and the engine, the outbox and the relay, to the Send API call arriving at
 * the emulator (Meta's side, in a process of its own). Latency is taken on the system-wide monotonic clock: the POST's start
 * here, the emulator's `sent` event in the server process.
 */
export async function benchEndToEnd(settings: EndToEndSettings): Promise<EndToEndReport> {
  const dataDir = await mkdtemp(join(tmpdir(), 'charla-bench-e2e-'))
  let server: RunningSystem | undefined
  try {
    const people = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}_${i}`)
    const warm = people('warm', settings.warmupPeople)
    const measured = people('e2e', settings.people)
    const paced = people('paced', settings.pacedPeople)
    const floor = people('floor', settings.floorPeople)
    const everyone = [...warm, ...measured, ...paced, ...floor]
    server = await startSystem({
      dataDir,
      pipeline: 'running',
      ratePerSecond: settings.ratePerSecond,
      people: everyone,
      notifySends: true,
    })
    const { url } = server
    const { id: pageId, appSecret } = server.page
    const now = Date.now()
    const webhooks = new Map<string, SignedWebhook>(
      everyone.map((psid, i) => [
        psid,
        signedMessage(
          { pageId, psid, mid: `m_${psid}`, text: `hola ${psid} ¿qué tal?`, timestamp: now + i },
          appSecret,
        ),
      ]),
    )

    let failedPosts = 0
    const postedAt = new Map<string, number>()
    const answeredAt = new Map<string, number>()
    let finish: (psid: string) => void = () => {}
    server.onSent((psid, at) => {
      if (!answeredAt.has(psid)) answeredAt.set(psid, at)
      finish(psid)
    })
    // undici's own API, not fetch(): the load generator shares the two cores with the runtime
    // and the emulator, and fetch's WHATWG layers cost it several times more per request.
    const pool = new Pool(url, { connections: settings.inFlight })
    const post = (psid: string) => {
      const webhook = webhooks.get(psid) as SignedWebhook
      postedAt.set(psid, monotonicMs())
      pool
        .request({
          path: '/webhooks/messenger',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': webhook.signature },
          body: webhook.raw,
        })
        .then(
          async (res) => {
            await res.body.dump()
            if (res.statusCode !== 200) failedPosts++
          },
          () => failedPosts++,
        )
    }
    // People left unanswered at the timeout count as lost in the tally.
    const cpu = new Map<string, { runtime: number; emulator: number }>()
    const run = async (
      label: string,
      start: () => { finish(psid: string): void; done: Promise<unknown> },
    ) => {
      const before = await (server as RunningSystem).cpuMs()
      const loop = start()
      finish = (psid) => loop.finish(psid)
      await loop.done
      // Anything late (a retry, a duplicate) arrives before the next run or the count.
      await server?.drain(5000)
      const after = await (server as RunningSystem).cpuMs()
      cpu.set(label, {
        runtime: after.runtime - before.runtime,
        emulator: after.emulator - before.emulator,
      })
    }
    const closed = (items: string[], concurrency: number) =>
      closedLoop({ items, concurrency, begin: post, timeoutMs: settings.timeoutMs })

    await run('warm-up', () => closed(warm, settings.inFlight))
    await run('end to end', () => closed(measured, settings.inFlight))
    await run('end to end, paced', () =>
      openLoop({
        items: paced,
        perSecond: settings.pacedPerSecond,
        begin: post,
        timeoutMs: settings.timeoutMs,
      }),
    )
    await run('end to end, one at a time', () => closed(floor, 1))
    await pool.close()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const report = await server.sends()
    await server.stop()
    server = undefined

    const received = new Map(report.people.map((p) => [p.psid, p.messages]))
    const emulatorMs = new Map(report.emulatorMs.map((e) => [e.psid, e.ms]))
    const figures = (
      group: string[],
      load: Pick<RunFigures, 'inFlight' | 'offeredPerSecond'>,
      label: string,
    ): RunFigures => {
      const answered = group.filter((psid) => answeredAt.has(psid))
      const latency = answered.map(
        (psid) => (answeredAt.get(psid) as number) - (postedAt.get(psid) as number),
      )
      const inEmulator = answered.map((psid) => emulatorMs.get(psid) ?? 0)
      const own = latency.map((ms, i) => ms - (inEmulator[i] as number))
      const first = Math.min(...group.map((psid) => postedAt.get(psid) ?? Infinity))
      const last = Math.max(...answered.map((psid) => answeredAt.get(psid) as number))
      const seconds = (last - first) / 1000
      markProfileWindow(label, first, last)
      const used = cpu.get(label) ?? { runtime: NaN, emulator: NaN }
      const pct = (xs: number[], p: number) => (xs.length ? percentile(xs, p) : NaN)
      return {
        ...load,
        events: answered.length,
        seconds,
        perSecond: answered.length / seconds,
        p50: pct(latency, 50),
        p99: pct(latency, 99),
        ownP50: pct(own, 50),
        ownP99: pct(own, 99),
        emulatorP50: pct(inEmulator, 50),
        emulatorP99: pct(inEmulator, 99),
        runtimeCpuMsPerEvent: used.runtime / answered.length,
        emulatorCpuMsPerEvent: used.emulator / answered.length,
      }
    }
    return {
      settings,
      loaded: figures(measured, { inFlight: settings.inFlight }, 'end to end'),
      paced: figures(paced, { offeredPerSecond: settings.pacedPerSecond }, 'end to end, paced'),
      floor: figures(floor, { inFlight: 1 }, 'end to end, one at a time'),
      tally: tallyReplies(everyone, received),
      failedPosts,
    }
  } finally {
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
