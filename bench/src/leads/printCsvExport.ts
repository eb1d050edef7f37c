import { formatTable } from '../formatTable'
import { benchCsvExport, type CsvExportRun } from './benchCsvExport'

const TARGET_MS = 5000
const MB = 1024 * 1024

/**
 * `GET /api/leads/export.csv` of 10,000 then 100,000 leads: time (target ≤ 5 s for 100,000)
 * and the server's peak memory above where it started, which must not grow with the rows
 * (the export streams): the 100,000-row peak may exceed the 10,000-row one by at most 16 MB.
 */
export async function printCsvExport(): Promise<void> {
  console.log('\n## Leads: CSV export\n')
  console.log(
    '- `GET /api/leads/export.csv` from the runtime in a process of its own (SQLite file, one contact and one completed lead with 5 answers per person, seeded before the clock starts); downloaded over 127.0.0.1 by this process',
  )
  console.log(
    '- Memory: the runtime samples its RSS and heap (+ external) every 5 ms during the download; shown is the peak above the level at the start (after a GC)\n',
  )
  const small = await benchCsvExport(10_000)
  const large = await benchCsvExport(100_000)
  const flat =
    large.heapGrowth <= small.heapGrowth + 16 * MB && large.rssGrowth <= small.rssGrowth + 16 * MB
  const row = (r: CsvExportRun, target: string, ok: boolean) => [
    `${r.rows.toLocaleString('en-US')} leads`,
    `${(r.ms / 1000).toFixed(2)} s`,
    `${Math.round(r.rows / (r.ms / 1000)).toLocaleString('en-US')}/s`,
    `${(r.bytes / MB).toFixed(1)} MB`,
    `${(r.rssGrowth / MB).toFixed(1)} MB`,
    `${(r.heapGrowth / MB).toFixed(1)} MB`,
    target,
    ok ? 'ok' : 'MISSED',
  ]
  console.log(
    formatTable(
      ['export', 'time', 'rows/s', 'file', 'peak RSS +', 'peak heap +', 'target', 'result'],
      [
        row(small, 'baseline', small.lines === small.rows),
        row(
          large,
          `≤ ${TARGET_MS / 1000} s, memory ≤ 10k + 16 MB`,
          large.ms <= TARGET_MS && flat && large.lines === large.rows,
        ),
      ],
    ),
  )
  if (small.lines !== small.rows || large.lines !== large.rows) {
    console.error(
      `FAILED: the CSV export lost rows (${small.lines}/${small.rows}, ${large.lines}/${large.rows})`,
    )
    process.exitCode = 1
  }
}
