import { describe, expect, it } from 'vitest'
import type { EndToEndReport, RunFigures } from '../src/system/endToEndBench'
import type { IngestReport, IngestRun } from '../src/system/ingestBench'
import { correctnessFailures, SYSTEM_HEADER, systemRows } from '../src/system/systemRows'

const load = (perSecond: number, p99: number) => ({
  requests: 100,
  seconds: 100 / perSecond,
  perSecond,
  p50: 1,
  p99,
  non2xx: 0,
  errors: 0,
})
const run = (perSecond: number, p99: number, lost = 0, duplicated = 0): IngestRun => ({
  load: load(perSecond, p99),
  inbox: { stored: 70 - lost, lost, duplicated, expected: 70 },
  cpuMsPerRequest: 0.3,
})
const figures = (perSecond: number, ownP99: number): RunFigures => ({
  inFlight: 50,
  events: 1000,
  seconds: 1000 / perSecond,
  perSecond,
  p50: 10,
  p99: ownP99 + 1,
  ownP50: 9,
  ownP99,
  runtimeCpuMsPerEvent: 1,
  emulatorCpuMsPerEvent: 0.5,
  emulatorP50: 0.1,
  emulatorP99: 1,
})
const ingest = (running: IngestRun, paused: IngestRun): IngestReport => ({
  settings: { distinct: 70, warmupDistinct: 0, people: 5, duplicateShare: 0.3, connections: 5 },
  requests: 100,
  duplicates: 30,
  bare: { load: load(10_000, 5), cpuMsPerRequest: 0.1 },
  running,
  paused,
})
const e2e = (perSecond: number, pacedOwnP99: number, lost = 0, duplicated = 0): EndToEndReport => ({
  settings: {
    people: 1000,
    warmupPeople: 0,
    inFlight: 50,
    pacedPeople: 300,
    pacedPerSecond: 300,
    floorPeople: 10,
    ratePerSecond: 5000,
    timeoutMs: 1000,
  },
  loaded: figures(perSecond, 80),
  paced: { ...figures(300, pacedOwnP99), inFlight: undefined, offeredPerSecond: 300 },
  floor: figures(200, 5),
  tally: { lost, duplicated },
  failedPosts: 0,
})

describe('systemRows', () => {
  it('judges each target and names the ones missed', () => {
    const rows = systemRows(ingest(run(5000, 20), run(3500, 30)), e2e(900, 40))
    expect(rows.every((r) => r.length === SYSTEM_HEADER.length)).toBe(true)
    const result = (name: string) => rows.find((r) => r[0]?.includes(name))?.at(-1)
    expect(result('pipeline running')).toBe('ok')
    expect(result('pipeline paused')).toBe('MISSED (p99, vs bare)')
    expect(result("runtime's own (−")).toBe('MISSED (rate)')
    expect(result('300 people/s arriving')).toBe('ok')
    const slow = systemRows(ingest(run(5000, 20), run(3500, 30)), e2e(1200, 60))
    const slowResult = (name: string) => slow.find((r) => r[0]?.includes(name))?.at(-1)
    expect(slowResult("runtime's own (−")).toBe('ok')
    expect(slowResult('300 people/s arriving')).toBe('MISSED (p99)')
  })
})

describe('correctnessFailures', () => {
  it('is empty when nothing was lost or duplicated', () => {
    expect(correctnessFailures(ingest(run(1, 1), run(1, 1)), e2e(1, 1))).toEqual([])
  })

  it('names every lost or duplicated event, whatever the timings', () => {
    const failures = correctnessFailures(
      ingest(run(9e3, 1, 2), run(9e3, 1, 0, 1)),
      e2e(9e3, 1, 0, 3),
    )
    expect(failures).toEqual([
      'ingest, pipeline running: 2 events lost, 0 duplicated in the inbox',
      'ingest, pipeline paused: 0 events lost, 1 duplicated in the inbox',
      'end to end: 0 answers lost, 3 duplicated',
    ])
  })
})
