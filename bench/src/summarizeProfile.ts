import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) read here. */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
    children?: number[]
  }[]
  /** Microseconds on the monotonic clock. */
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  /** Sampled milliseconds inside the window. */
  totalMs: number
  /** Self time per function (`name file:line`), largest first. */
  functions: { name: string; ms: number }[]
  /** Self time per package or workspace folder, largest first. */
  areas: { name: string; ms: number }[]
}

/**
 * Self time per function and per area (a dependency, a workspace package's `src`, Node's
 * internals, SQLite called through better-sqlite3) within `[fromMs, toMs]` on the monotonic
 * clock (the bench prints each measured run's window under CHARLA_BENCH_CPU_PROF).
 */
export function summarizeProfile(
  profile: CpuProfile,
  window: { fromMs: number; toMs: number } = { fromMs: -Infinity, toMs: Infinity },
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const functions = new Map<string, number>()
  const areas = new Map<string, number>()
  let total = 0
  let t = profile.startTime
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    t += dt
    if (t / 1000 < window.fromMs || t / 1000 > window.toMs) return
    const node = byId.get(id)
    if (!node) return
    total += dt
    const { functionName, url, lineNumber } = node.callFrame
    const file = shortUrl(url)
    const name = `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`
    functions.set(name, (functions.get(name) ?? 0) + dt)
    const area = areaOf(functionName, url)
    areas.set(area, (areas.get(area) ?? 0) + dt)
  })
  const sorted = (m: Map<string, number>) =>
    [...m].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms)
  return { totalMs: total / 1000, functions: sorted(functions), areas: sorted(areas) }
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/.*\/(apps|packages|bench)\//, '$1/')
}

function areaOf(functionName: string, url: string): string {
  // better-sqlite3 runs SQLite synchronously inside the driver's executeQuery: its self time is
  // SQLite's.
  if (functionName === 'executeQuery' && url.includes('createBetterSqliteDialect'))
    return 'SQLite (native, under executeQuery)'
  const dependency = /\/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (dependency) return dependency[1] as string
  const workspace = /\/((?:apps|packages)\/[^/]+|bench)\//.exec(url)
  if (workspace) return workspace[1] as string
  if (url.startsWith('node:')) return 'Node.js internals'
  if (functionName.startsWith('(')) return functionName
  return 'native (sockets, crypto, JSON…)'
}

// `tsx src/summarizeProfile.ts <file.cpuprofile> [fromMs-toMs] [top]`
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, range, top = '25'] = process.argv.slice(2)
  if (!file) {
    console.error('usage: tsx src/summarizeProfile.ts <file.cpuprofile> [fromMs-toMs] [top]')
    process.exit(2)
  }
  const [fromMs, toMs] = range ? range.split('-').map(Number) : [-Infinity, Infinity]
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const summary = summarizeProfile(profile, {
    fromMs: fromMs ?? -Infinity,
    toMs: toMs ?? Infinity,
  })
  const line = (e: { name: string; ms: number }) =>
    `${e.ms.toFixed(1).padStart(9)} ms ${((100 * e.ms) / summary.totalMs).toFixed(1).padStart(5)}%  ${e.name}`
  console.log(`${summary.totalMs.toFixed(0)} ms sampled\n\nby area:`)
  for (const e of summary.areas.slice(0, Number(top))) console.log(line(e))
  console.log('\nby function (self time):')
  for (const e of summary.functions.slice(0, Number(top))) console.log(line(e))
}
