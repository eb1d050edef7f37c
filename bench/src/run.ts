import { cpus, loadavg } from 'node:os'
import { createConversationState, step } from '@charla/engine'
import { lintFlow, parseFlow, type Flow } from '@charla/flow-schema'
import type { BenchCase } from './BenchCase'
import { driveConversation } from './driveConversation'
import { formatTable } from './formatTable'
import { generateFlow } from './generateFlow'
import { judge } from './judge'
import { printCsvExport } from './leads/printCsvExport'
import { printBookingRace } from './bookings/printBookingRace'
import { measure } from './measure'
import { benchEditor } from './editor/editorBench'
import { EDITOR_HEADER, editorRows } from './editor/editorRows'
import { seeded } from './seeded'
import { benchEndToEnd, type EndToEndSettings } from './system/endToEndBench'
import { benchIngest, type IngestSettings } from './system/ingestBench'
import { correctnessFailures, SYSTEM_HEADER, systemRows } from './system/systemRows'

// `pnpm bench`: prints the figures as tables. It reports and does not fail on a missed target:
// timings on a shared 2-core CI machine are too noisy to gate a merge on. It does fail (exit 1)
// when the runtime loses or duplicates a message: that is a bug, not a slow machine.

/** Everything, system runs included, must be over well within this; then the process exits. */
const WATCHDOG_MS = 300_000
setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up`)
  process.exit(2)
}, WATCHDOG_MS).unref()

const FLOW_NODES = 2000
const flowText = JSON.stringify(generateFlow(FLOW_NODES))
const flow = parsedOrThrow(flowText)

const ENGINE_NODES = 200
const ENGINE_REPLAYS = 50
const ENGINE_CTX = { now: Date.UTC(2026, 10, 23, 9), random: seeded(42) }
const engineFlow = parsedOrThrow(JSON.stringify(generateFlow(ENGINE_NODES)))
const engineEvents = driveConversation(engineFlow, ENGINE_CTX)

const CASES: BenchCase[] = [
  { name: `parse a ${count(FLOW_NODES)}-node flow`, prepare: () => () => parseFlow(flowText) },
  { name: `lint a ${count(FLOW_NODES)}-node flow`, prepare: () => () => lintFlow(flow) },
  {
    name: `parse + lint a ${count(FLOW_NODES)}-node flow`,
    prepare: () => () => {
      const r = parseFlow(flowText)
      if (!r.ok) throw new Error('the generated flow stopped parsing')
      lintFlow(r.flow)
    },
    target: { maxMs: 200 },
  },
  {
    // A step is one event up to the next wait. Each sample replays the conversation many times,
    // so one garbage collection does not decide the p95.
    name: `engine: steps through a ${count(ENGINE_NODES)}-node flow`,
    prepare: () => () => {
      for (let r = 0; r < ENGINE_REPLAYS; r++) {
        let state = createConversationState(engineFlow, { psid: 'bench', firstName: 'Ana' })
        for (const event of engineEvents) state = step(engineFlow, state, event, ENGINE_CTX).state
        if (state.status !== 'ended') throw new Error('the replayed conversation did not end')
      }
    },
    opsPerCall: { count: engineEvents.length * ENGINE_REPLAYS, unit: 'steps' },
    target: { minOpsPerSec: 20_000 },
  },
]

console.log('# Charla benchmarks\n')
console.log(`- Node ${process.version} on ${process.platform}/${process.arch}`)
console.log(`- CPU: ${cpus()[0]?.model.trim() ?? 'unknown'} (${cpus().length} cores)`)
console.log(
  `- Flow: ${count(flow.nodes.length)} nodes, ${count(flow.edges.length)} edges, ${count(Math.round(flowText.length / 1024))} KB of JSON`,
)
console.log(
  `- Engine: one conversation is ${count(engineEvents.length)} steps through ${count(ENGINE_NODES)} nodes; a sample replays it ${ENGINE_REPLAYS} times on one core`,
)
console.log(
  `- Load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
)
console.log('- Each case: 5 warm-up runs, then the median and p95 of 25 timed runs\n')

const rows = CASES.map((bench) => {
  const m = measure(bench)
  const j = judge(bench, m)
  return [bench.name, String(m.runs), j.median, j.p95, j.target, j.result]
})
console.log(formatTable(['case', 'runs', 'median', 'p95', 'target', 'result'], rows))

function parsedOrThrow(text: string): Flow {
  const r = parseFlow(text)
  if (!r.ok) throw new Error(`the generated flow is invalid: ${JSON.stringify(r.errors[0])}`)
  return r.flow
}

function count(n: number): string {
  return n.toLocaleString('en-US')
}

const INGEST: IngestSettings = {
  distinct: 3000,
  warmupDistinct: 1000,
  people: 500,
  duplicateShare: 0.3,
  connections: 50,
}
const END_TO_END: EndToEndSettings = {
  people: 1000,
  warmupPeople: 200,
  inFlight: 50,
  pacedPeople: 1500,
  // A Page's Send API quota (300 messages/s, messenger-platform.md): one Page never answers
  // faster, so this is the busiest steady load a single Page's runtime meets.
  pacedPerSecond: 300,
  floorPeople: 200,
  // Meta's quota (the runtime's default, 300 sends/s per Page) would cap one Page far below the
  // 1,000 events/s asked of the runtime: lifted here, so the runtime's own speed shows.
  ratePerSecond: 5000,
  timeoutMs: 30_000,
}

await printCsvExport()
// A double booking is a bug, not a slow machine: it fails the bench.
if (!(await printBookingRace())) process.exitCode = 1

console.log('\n## The runtime under load, on 127.0.0.1\n')
const ingestRequests = Math.round(INGEST.distinct / (1 - INGEST.duplicateShare))
console.log(
  `- Ingest: ${count(ingestRequests)} signed webhook POSTs (${count(INGEST.distinct)} distinct message events from ${count(INGEST.people)} people, ${INGEST.duplicateShare * 100}% of requests exact repeats of earlier bodies), after an untimed warm-up of ${count(Math.round(INGEST.warmupDistinct / (1 - INGEST.duplicateShare)))}; autocannon, ${INGEST.connections} connections with one request each in flight; latency at 1 ms resolution`,
)
console.log(
  '- Each server runs in a process of its own (the load generator never shares its event loop); "bare" is a new Fastify instance answering "ok" to the same bodies',
)
console.log(
  '- "pipeline running": as in production, the worker and relay answer the events while they arrive (a default-trigger flow, relay at its 300 sends/s per Page); "pipeline paused": the webhook path alone',
)
console.log(
  '- Inbox check: after each runtime run, its SQLite file is read: every distinct event sent (warm-up included) must be there exactly once',
)
console.log(
  `- End to end: ${count(END_TO_END.people)} people each send one message (after ${count(END_TO_END.warmupPeople)} untimed), ${END_TO_END.inFlight} conversations in flight (a person writes when an earlier one got their answer), then ${count(END_TO_END.pacedPeople)} more arriving at a steady ${count(END_TO_END.pacedPerSecond)} per second whatever the runtime does (open loop), then ${count(END_TO_END.floorPeople)} one at a time; latency from the POST to the Send API call reaching the emulator, on the shared monotonic clock; throughput = events ÷ (first POST → last answer); relay rate lifted to ${count(END_TO_END.ratePerSecond)}/s`,
)
console.log(
  "- The runtime runs as deployed for one Page (`charla serve`); Meta's side, the emulator, runs in a third process and the runtime reaches it over HTTP (a profile read and a send per person; those ready at the same moment travel together as Graph batch requests, up to 50 calls each); time inside its handler is measured per person (per call within a batch) and subtracted for the runtime's own latency. All three processes and the load generator share this machine's cores\n",
)

const ingest = await benchIngest(INGEST)
const endToEnd = await benchEndToEnd(END_TO_END)
console.log(formatTable(SYSTEM_HEADER, systemRows(ingest, endToEnd)))
console.log('')
for (const [name, run] of [
  ['pipeline running', ingest.running],
  ['pipeline paused', ingest.paused],
] as const) {
  const inbox = run.inbox
  console.log(
    `- Inbox, ${name}: ${count(inbox?.stored ?? 0)} of ${count(inbox?.expected ?? 0)} distinct events stored once, ${count(inbox?.lost ?? 0)} lost, ${count(inbox?.duplicated ?? 0)} duplicated; ${count(run.load.non2xx)} non-2xx answers, ${count(run.load.errors)} connection errors; ${count(run.backlogAtStart ?? 0)} events pending when the timed run began; the runtime's CPU time per request ${run.cpuMsPerRequest.toFixed(2)} ms${name === 'pipeline running' ? ' (answering included: until the last answer was sent)' : ''}`,
  )
}
console.log(`- Bare Fastify's CPU time per request: ${ingest.bare.cpuMsPerRequest.toFixed(2)} ms`)
const everyone = END_TO_END.people + END_TO_END.warmupPeople + END_TO_END.floorPeople
console.log(
  `- End to end: ${count(everyone)} people, each must get exactly one answer: ${count(endToEnd.tally.lost)} lost, ${count(endToEnd.tally.duplicated)} duplicated; ${count(endToEnd.failedPosts)} webhook POSTs not answered 200; ${endToEnd.loaded.seconds.toFixed(2)} s from the first POST to the last answer of the measured run`,
)

for (const [name, run] of [
  [`${END_TO_END.inFlight} in flight`, endToEnd.loaded],
  [`${count(END_TO_END.pacedPerSecond)} people/s arriving`, endToEnd.paced],
] as const)
  console.log(
    `- CPU time per event, ${name}: the runtime's process ${run.runtimeCpuMsPerEvent.toFixed(2)} ms (all threads; ${count(Math.round(1000 / run.runtimeCpuMsPerEvent))} events per CPU-second), the emulator's ${run.emulatorCpuMsPerEvent.toFixed(2)} ms`,
  )

console.log('\n## The editor in Chromium\n')
console.log(
  "- Debian's Chromium, headless, software rendering (no GPU), 1280×800, against the product as `pnpm start` runs it; generated flows created as drafts through the API; one untimed visit first, then a fresh tab",
)
console.log(
  "- First render: navigation start → the opening view drawn (every node measured, a long flow's beginning shown at a readable zoom; the editor's `charla:view-ready` mark). First node: navigation start → the first node in the DOM",
)
console.log(
  '- Pan: requestAnimationFrame frames counted while the empty canvas is dragged back and forth for 2 s (20 mouse moves per drag), in the opening view and zoomed out as far as the editor goes (0.1)\n',
)
console.log(formatTable(EDITOR_HEADER, editorRows(await benchEditor([500, 1000]))))

const failures = correctnessFailures(ingest, endToEnd)
for (const failure of failures) console.error(`FAILED: ${failure}`)
if (failures.length) process.exitCode = 1
