import { join } from 'node:path'
import { readServerConfig } from '@charla/runtime/src/readServerConfig'
import { startRuntime } from '@charla/runtime/src/startRuntime'
import BetterSqlite3 from 'better-sqlite3'
import { csvBenchFlow } from './csvBenchFlow'

// One runtime (the real admin API over a SQLite file) holding `rows` leads, for the CSV export
// benchmark. It samples its own memory while the parent downloads the export, so the figures
// are the server's alone. IPC: sends { ready: url, token }; answers 'start' and 'stop' (the peaks).

const rows = Number(process.argv[2])
const dataDir = process.argv[3] ?? '.'
const file = join(dataDir, 'charla.db')

// The runtime as `pnpm start` runs it, on a scratch data directory.
const runtime = await startRuntime(
  readServerConfig({ PORT: '0', LOG_LEVEL: 'silent', CHARLA_DATA_DIR: dataDir }),
  { editorDist: join(dataDir, 'no-editor') },
)
const storage = runtime.storage
const now = Date.UTC(2026, 5, 1)
const version = await storage.flows.publish(csvBenchFlow, 'bench_page', now)
await storage.pages.upsert(
  { id: 'bench_page', name: 'Bench', accessToken: 't', appSecret: 's', verifyToken: 'v' },
  now,
)

// Seeded straight into the tables (the handler's path is measured elsewhere): one contact and
// one completed lead per person, the answers a real form gives.
const seed = new BetterSqlite3(file)
seed.pragma('journal_mode = WAL')
const contact = seed.prepare(
  `insert into contacts (page_id, psid, first_name, last_name, tags, fields, unreachable, created_at, updated_at)
   values ('bench_page', ?, ?, ?, '[]', '{}', 0, ?, ?)`,
)
const lead = seed.prepare(
  `insert into leads (id, lead_key, page_id, psid, flow_id, flow_version_id, node_id, status, answers,
     consent, source, source_detail, created_at, updated_at, completed_at, push_attempts)
   values (?, ?, 'bench_page', ?, ?, ?, 'form', 'completed', ?, 1, 'ref', ?, ?, ?, ?, 0)`,
)
seed.transaction(() => {
  for (let i = 0; i < rows; i++) {
    const psid = `psid_${i}`
    const at = now + i * 1000
    contact.run(psid, `Ana${i}`, 'García, "la de Málaga"', at, at)
    lead.run(
      `lead-${String(i).padStart(8, '0')}`,
      `bench_page:${psid}:lead1`,
      psid,
      csvBenchFlow.id,
      version.id,
      JSON.stringify({
        email: `ana.garcia${i}@example.com`,
        phone: `+3461234${String(i).padStart(4, '0').slice(-4)}`,
        company: i % 10 === 0 ? '=HYPERLINK("http://evil.example")' : `Reformas ${i}, S.L.`,
        budget: 1000 + (i % 50) * 100,
        notes: 'Kitchen and two bathrooms;\nstart in "September" if possible',
      }),
      JSON.stringify({ trigger: 'ref', ref: 'summer', referralSource: 'SHORTLINK' }),
      at,
      at,
      at,
    )
  }
})()
seed.close()

let sampler: NodeJS.Timeout | undefined
let peak = { rss: 0, heap: 0 }
let base = { rss: 0, heap: 0 }
const sample = () => {
  const m = process.memoryUsage()
  peak = { rss: Math.max(peak.rss, m.rss), heap: Math.max(peak.heap, m.heapUsed + m.external) }
}

process.on('message', (message: 'start' | 'stop') => {
  if (message === 'start') {
    globalThis.gc?.()
    const m = process.memoryUsage()
    base = { rss: m.rss, heap: m.heapUsed + m.external }
    peak = { ...base }
    sampler = setInterval(sample, 5)
    process.send?.({ started: true })
  } else {
    clearInterval(sampler)
    sample()
    process.send?.({ base, peak })
    void runtime.stop().then(() => process.exit(0))
  }
})
// The export is an admin route: the download carries an API token, as a script's would.
const { token } = await runtime.auth.createApiToken('bench')
process.send?.({ ready: runtime.url, token })
