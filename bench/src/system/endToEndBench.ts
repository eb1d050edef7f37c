import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { percentile } from '../measure'
import { closedLoop } from './closedLoop'
import { markProfileWindow, monotonicMs } from './protocol'
import { spawnServer, type ServerProcess } from './spawnServer'
import { tallyReplies, type ReplyTally } from './tallyReplies'
import { signedMessage, type SignedWebhook } from './webhookBodies'

export interface EndToEndSettings {
  /** People in the measured run, each sending one message. */
  people: number
  /** People in the untimed warm-up run before it. */
  warmupPeople: number
  /** Conversations in flight: a person writes when an earlier one got their answer. */
  inFlight: number
  /** People in a last run with one conversation at a time: the latency of an idle runtime. */
  floorPeople: number
  /** The relay's sends per second per Page (the runtime's default, 300, is Meta's quota). */
  ratePerSecond: number
  /** Each run gives up after this long; whoever is unanswered by then counts as lost. */
  timeoutMs: number
}

export interface RunFigures {
  inFlight: number
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
}

export interface EndToEndReport {
  settings: EndToEndSettings
  /** The measured run, `inFlight` conversations at a time. */
  loaded: RunFigures
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
 * the built-in emulator. Latency is taken on the system-wide monotonic clock: the POST's start
 * here, the emulator's `sent` event in the server process.
 */
export async function benchEndToEnd(settings: EndToEndSettings): Promise<EndToEndReport> {
  const dataDir = await mkdtemp(join(tmpdir(), 'charla-bench-e2e-'))
  let server: ServerProcess | undefined
  try {
    server = spawnServer()
    const people = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}_${i}`)
    const warm = people('warm', settings.warmupPeople)
    const measured = people('e2e', settings.people)
    const floor = people('floor', settings.floorPeople)
    const everyone = [...warm, ...measured, ...floor]
    const started = await server.start({
      mode: 'runtime',
      dataDir,
      pipeline: 'running',
      ratePerSecond: settings.ratePerSecond,
      people: everyone,
      notifySends: true,
    })
    const { url, pageId, appSecret } = started
    if (!pageId || !appSecret) throw new Error('the runtime gave no Page')
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
    const post = (psid: string) => {
      const webhook = webhooks.get(psid) as SignedWebhook
      postedAt.set(psid, monotonicMs())
      fetch(`${url}/webhooks/messenger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': webhook.signature },
        body: webhook.raw,
      }).then(
        async (res) => {
          await res.arrayBuffer()
          if (res.status !== 200) failedPosts++
        },
        () => failedPosts++,
      )
    }
    // People left unanswered at the timeout count as lost in the tally.
    const run = async (group: string[], inFlight: number) => {
      const loop = closedLoop({
        items: group,
        concurrency: inFlight,
        begin: post,
        timeoutMs: settings.timeoutMs,
      })
      finish = (psid) => loop.finish(psid)
      await loop.done
      // Anything late (a retry, a duplicate) arrives before the next run or the count.
      await server?.drain(5000)
    }

    await run(warm, settings.inFlight)
    await run(measured, settings.inFlight)
    await run(floor, 1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const report = await server.sends()
    await server.stop()
    server = undefined

    const received = new Map(report.people.map((p) => [p.psid, p.messages]))
    const emulatorMs = new Map(report.emulatorMs.map((e) => [e.psid, e.ms]))
    const figures = (group: string[], inFlight: number, label: string): RunFigures => {
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
      const pct = (xs: number[], p: number) => (xs.length ? percentile(xs, p) : NaN)
      return {
        inFlight,
        events: answered.length,
        seconds,
        perSecond: answered.length / seconds,
        p50: pct(latency, 50),
        p99: pct(latency, 99),
        ownP50: pct(own, 50),
        ownP99: pct(own, 99),
        emulatorP50: pct(inEmulator, 50),
        emulatorP99: pct(inEmulator, 99),
      }
    }
    return {
      settings,
      loaded: figures(measured, settings.inFlight, 'end to end'),
      floor: figures(floor, 1, 'end to end, one at a time'),
      tally: tallyReplies(everyone, received),
      failedPosts,
    }
  } finally {
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
