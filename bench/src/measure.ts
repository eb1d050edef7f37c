import { performance } from 'node:perf_hooks'
import type { BenchCase } from './BenchCase'

export interface Measurement {
  runs: number
  /** Milliseconds per call. */
  medianMs: number
  p95Ms: number
}

/**
 * Times a case: `warmup` untimed calls (so the JIT has compiled the hot paths), then `runs`
 * timed ones.
 */
export function measure(bench: BenchCase, { warmup = 5, runs = 25 } = {}): Measurement {
  const fn = bench.prepare()
  for (let i = 0; i < warmup; i++) fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  return { runs, medianMs: percentile(samples, 50), p95Ms: percentile(samples, 95) }
}

/** Nearest-rank percentile: the smallest sample with at least `p`% of samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number
}
