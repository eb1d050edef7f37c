import { describe, expect, it } from 'vitest'
import { formatTable } from '../src/formatTable'
import { judge } from '../src/judge'
import { measure, percentile } from '../src/measure'

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i) // 20..1, unsorted on purpose
    expect(percentile(samples, 50)).toBe(10)
    expect(percentile(samples, 95)).toBe(19)
    expect(percentile(samples, 100)).toBe(20)
    expect(percentile([7], 95)).toBe(7)
  })
})

describe('measure', () => {
  it('warms up, then times the requested number of calls', () => {
    let calls = 0
    const m = measure({ name: 'count', prepare: () => () => void calls++ }, { warmup: 3, runs: 20 })
    expect(calls).toBe(23)
    expect(m.runs).toBe(20)
    expect(m.p95Ms).toBeGreaterThanOrEqual(m.medianMs)
  })
})

describe('judge', () => {
  const m = { runs: 20, medianMs: 40, p95Ms: 250 }

  it('judges a latency target on p95', () => {
    const bench = { name: 'x', prepare: () => () => {}, target: { maxMs: 200 } }
    expect(judge(bench, m)).toEqual({
      median: '40.0 ms',
      p95: '250.0 ms',
      target: '≤ 200 ms',
      result: 'MISSED',
    })
  })

  it('shows throughput cases in operations per second', () => {
    const bench = {
      name: 'engine',
      prepare: () => () => {},
      opsPerCall: { count: 1000, unit: 'steps' },
      target: { minOpsPerSec: 2000 },
    }
    expect(judge(bench, m)).toEqual({
      median: '25,000 steps/s',
      p95: '4,000 steps/s',
      target: '≥ 2,000 steps/s',
      result: 'ok',
    })
  })
})

describe('formatTable', () => {
  it('pads columns, aligning figures right', () => {
    expect(
      formatTable(
        ['case', 'median'],
        [
          ['parse', '3.50 ms'],
          ['parse + lint', '12.0 ms'],
        ],
      ),
    ).toBe(
      [
        '| case         | median  |',
        '| ------------ | ------- |',
        '| parse        | 3.50 ms |',
        '| parse + lint | 12.0 ms |',
      ].join('\n'),
    )
  })
})
