import { cpus } from 'node:os'
import { lintFlow, parseFlow, type Flow } from '@charla/flow-schema'
import type { BenchCase } from './BenchCase'
import { formatTable } from './formatTable'
import { generateFlow } from './generateFlow'
import { judge } from './judge'
import { measure } from './measure'

// `pnpm bench`: prints the figures as a table. It reports and does not fail on a missed target:
// timings on a shared 2-core CI machine are too noisy to gate a merge on.

const FLOW_NODES = 2000
const flowText = JSON.stringify(generateFlow(FLOW_NODES))
const flow = parsedOrThrow(flowText)

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
  // ── Engine slot ──────────────────────────────────────────────────────────────────────────
  // When @charla/engine lands, add "engine steps/s through a 200-node flow" here, e.g.:
  //   {
  //     name: 'engine: steps through a 200-node flow',
  //     prepare: () => { const f = generateFlow(200); /* state, events, ctx */ return () => { /* STEPS × step(...) */ } },
  //     opsPerCall: { count: STEPS, unit: 'steps' },
  //     target: { minOpsPerSec: ... },
  //   },
]

console.log('# Charla benchmarks\n')
console.log(`- Node ${process.version} on ${process.platform}/${process.arch}`)
console.log(`- CPU: ${cpus()[0]?.model.trim() ?? 'unknown'} (${cpus().length} cores)`)
console.log(
  `- Flow: ${count(flow.nodes.length)} nodes, ${count(flow.edges.length)} edges, ${count(Math.round(flowText.length / 1024))} KB of JSON`,
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
