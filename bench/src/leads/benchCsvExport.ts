import { fork } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { request } from 'undici'

const ENTRY = fileURLToPath(new URL('./csvExportProcess.ts', import.meta.url))
const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url))

export interface CsvExportRun {
  rows: number
  /** From the request to the last byte received. */
  ms: number
  bytes: number
  /** Data lines in the file (the header excluded). */
  lines: number
  /** The server's peak above its level when the export started (ms of sampling: every 5 ms). */
  rssGrowth: number
  heapGrowth: number
}

/**
 * Downloads `GET /api/leads/export.csv` of `rows` leads from a runtime in a process of its own
 * (seeded before the clock starts), while that process samples its memory.
 */
export async function benchCsvExport(rows: number): Promise<CsvExportRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'charla-csv-bench-'))
  const child = fork(ENTRY, [String(rows), dataDir], {
    cwd: BENCH_DIR,
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      child.once('message', (m) => resolve(m as T))
      child.once('exit', (code) => reject(new Error(`the export process exited (${code})`)))
    })
  try {
    const { ready: url, token } = await next<{ ready: string; token: string }>()
    child.send('start')
    await next<{ started: true }>()
    const started = performance.now()
    const res = await request(`${url}/api/leads/export.csv`, {
      headers: { authorization: `Bearer ${token}` },
    })
    if (res.statusCode !== 200) throw new Error(`the export answered ${res.statusCode}`)
    let bytes = 0
    let lines = 0
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      bytes += chunk.length
      // Quoted cells may hold \n but never \r\n: records end with CRLF.
      for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) lines++
    }
    const ms = performance.now() - started
    const done = next<{
      base: { rss: number; heap: number }
      peak: { rss: number; heap: number }
    }>()
    child.send('stop')
    const { base, peak } = await done
    return {
      rows,
      ms,
      bytes,
      lines: lines - 1,
      rssGrowth: peak.rss - base.rss,
      heapGrowth: peak.heap - base.heap,
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref()
      await exited
    }
    await rm(dataDir, { recursive: true, force: true })
  }
}
