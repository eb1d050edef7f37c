import type { BenchCase } from './BenchCase'
import type { Measurement } from './measure'

export interface Judged {
  median: string
  p95: string
  target: string
  result: string
}

/** The printable figures of a case: ms per call, or operations per second for throughput. */
export function judge(bench: BenchCase, m: Measurement): Judged {
  const ops = bench.opsPerCall
  const perSec = (ms: number) => (ops ? (ops.count * 1000) / ms : 0)
  const median = ops ? `${int(perSec(m.medianMs))} ${ops.unit}/s` : `${ms(m.medianMs)} ms`
  const p95 = ops ? `${int(perSec(m.p95Ms))} ${ops.unit}/s` : `${ms(m.p95Ms)} ms`
  const t = bench.target
  if (!t) return { median, p95, target: '', result: '' }
  if ('maxMs' in t)
    return { median, p95, target: `≤ ${int(t.maxMs)} ms`, result: verdict(m.p95Ms <= t.maxMs) }
  return {
    median,
    p95,
    target: `≥ ${int(t.minOpsPerSec)} ${ops?.unit ?? 'ops'}/s`,
    result: verdict(perSec(m.p95Ms) >= t.minOpsPerSec),
  }
}

const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED')
const int = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1)
