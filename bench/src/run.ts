import { cpus } from 'node:os'
import { createConversationState, step } from '@charla/engine'
import { lintFlow, parseFlow, type Flow } from '@charla/flow-schema'
import type { BenchCase } from './BenchCase'
import { driveConversation } from './driveConversation'
import { formatTable } from './formatTable'
import { generateFlow } from './generateFlow'
import { judge } from './judge'
import { measure } from './measure'

// `pnpm bench`: prints the figures as a table. It reports and does not fail on a missed target:
// timings on a shared 2-core CI machine are too noisy to gate a merge on.

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

/** A small deterministic generator (mulberry32), so every run takes the same split arms. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US')
}
