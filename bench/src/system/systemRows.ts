import type { EndToEndReport } from './endToEndBench'
import type { IngestReport, IngestRun } from './ingestBench'

export const INGEST_TARGET = { minPerSecond: 3000, maxP99Ms: 25, minShareOfBare: 0.4 }
export const END_TO_END_TARGET = { minPerSecond: 1000, maxP99Ms: 50 }

export const SYSTEM_HEADER = [
  'case',
  'count',
  'throughput',
  'p50',
  'p99',
  'vs bare',
  'lost',
  'dup',
  'target',
  'result',
]

/** Lost or duplicated events anywhere: a correctness failure, not a timing one. */
export function correctnessFailures(ingest: IngestReport, e2e: EndToEndReport): string[] {
  const failures: string[] = []
  for (const [name, run] of [
    ['ingest, pipeline running', ingest.running],
    ['ingest, pipeline paused', ingest.paused],
  ] as const) {
    const inbox = run.inbox
    if (!inbox) failures.push(`${name}: the inbox was not checked`)
    else if (inbox.lost || inbox.duplicated)
      failures.push(
        `${name}: ${inbox.lost} events lost, ${inbox.duplicated} duplicated in the inbox`,
      )
  }
  if (e2e.tally.lost || e2e.tally.duplicated)
    failures.push(`end to end: ${e2e.tally.lost} answers lost, ${e2e.tally.duplicated} duplicated`)
  return failures
}

/** The rows of the system table: ingest (bare, runtime ×2) and end to end. */
export function systemRows(ingest: IngestReport, e2e: EndToEndReport): string[][] {
  const bare = ingest.bare.load
  const ingestRow = (name: string, run: IngestRun) => {
    const { load, inbox } = run
    const share = load.perSecond / bare.perSecond
    const t = INGEST_TARGET
    const missed = [
      load.perSecond < t.minPerSecond && 'rate',
      load.p99 > t.maxP99Ms && 'p99',
      share < t.minShareOfBare && 'vs bare',
    ].filter(Boolean)
    return [
      name,
      int(load.requests),
      `${int(load.perSecond)} req/s`,
      `${int(load.p50)} ms`,
      `${int(load.p99)} ms`,
      `${Math.round(share * 100)}%`,
      String(inbox?.lost ?? '?'),
      String(inbox?.duplicated ?? '?'),
      `≥ ${int(t.minPerSecond)} req/s, p99 ≤ ${t.maxP99Ms} ms, ≥ ${t.minShareOfBare * 100}% of bare`,
      verdict(missed),
    ]
  }
  const t = END_TO_END_TARGET
  const { loaded, paced, floor, tally } = e2e
  const rateMissed = [loaded.perSecond < t.minPerSecond && 'rate'].filter(Boolean)
  const p99Missed = [paced.ownP99 > t.maxP99Ms && 'p99'].filter(Boolean)
  const blank = ['', '', '', '']
  return [
    [
      'ingest: bare Fastify POST route',
      int(bare.requests),
      `${int(bare.perSecond)} req/s`,
      `${int(bare.p50)} ms`,
      `${int(bare.p99)} ms`,
      '100%',
      ...blank,
    ],
    ingestRow('ingest: runtime, pipeline running', ingest.running),
    ingestRow('ingest: runtime, pipeline paused', ingest.paused),
    [
      `end to end: POST → Send API, ${loaded.inFlight} in flight`,
      int(loaded.events),
      `${int(loaded.perSecond)} events/s`,
      `${ms(loaded.p50)} ms`,
      `${ms(loaded.p99)} ms`,
      '',
      String(tally.lost),
      String(tally.duplicated),
      '',
      '',
    ],
    [
      '  of which in the emulator (Graph API)',
      '',
      '',
      `${ms(loaded.emulatorP50)} ms`,
      `${ms(loaded.emulatorP99)} ms`,
      '',
      ...blank,
    ],
    [
      "  the runtime's own (− emulator)",
      int(loaded.events),
      `${int(loaded.perSecond)} events/s`,
      `${ms(loaded.ownP50)} ms`,
      `${ms(loaded.ownP99)} ms`,
      '',
      '',
      '',
      `≥ ${int(t.minPerSecond)} events/s`,
      verdict(rateMissed),
    ],
    [
      `end to end: ${int(paced.offeredPerSecond ?? NaN)} people/s arriving, runtime's own`,
      int(paced.events),
      `${int(paced.perSecond)} events/s`,
      `${ms(paced.ownP50)} ms`,
      `${ms(paced.ownP99)} ms`,
      '',
      '',
      '',
      `p99 ≤ ${t.maxP99Ms} ms`,
      verdict(p99Missed),
    ],
    [
      "end to end: 1 in flight, runtime's own",
      int(floor.events),
      `${int(floor.perSecond)} events/s`,
      `${ms(floor.ownP50)} ms`,
      `${ms(floor.ownP99)} ms`,
      '',
      ...blank,
    ],
  ]
}

function verdict(missed: unknown[]): string {
  return missed.length ? `MISSED (${missed.join(', ')})` : 'ok'
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—')
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '—')
