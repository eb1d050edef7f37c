import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatTable } from '../formatTable'

/** The runtime's race process (its test uses it too): N holds of one slot, each its own write. */
const CHILD = fileURLToPath(
  new URL('../../../apps/runtime/test/bookings/raceChild.ts', import.meta.url),
)
const SLOT = Date.parse('2030-01-07T09:00:00Z')

interface Run {
  held: number
  ms: number
}

function racer(file: string, name: string, attempts: number) {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, file, name, String(attempts), String(SLOT)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  let out = ''
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()))
  const ready = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (out.includes('ready')) {
        clearInterval(check)
        resolve()
      }
    }, 5)
  })
  const done = new Promise<Run>((resolve, reject) =>
    proc.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (code === 0 && line) resolve(JSON.parse(line) as Run)
      else reject(new Error(`race process ${name} exited ${code}`))
    }),
  )
  return { proc, ready, done }
}

async function race(processes: number, attempts: number): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'charla-bench-race-'))
  const file = join(dir, 'charla.db')
  try {
    // The first process migrates the file alone; then all race.
    const warm = racer(file, 'warm', 0)
    await warm.ready
    warm.proc.stdin.end('go\n')
    await warm.done
    const racers = Array.from({ length: processes }, (_, i) => racer(file, `p${i}`, attempts))
    await Promise.all(racers.map((r) => r.ready))
    for (const r of racers) r.proc.stdin.end('go\n')
    const runs = await Promise.all(racers.map((r) => r.done))
    return {
      held: runs.reduce((a, r) => a + r.held, 0),
      ms: Math.max(...runs.map((r) => r.ms)),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Bookings: N concurrent attempts at the last place of one slot (capacity 1), each in its own
 * write transaction, in one process and split over two processes on one SQLite file. Exactly
 * one may win; anything else is a double booking and fails the bench.
 */
export async function printBookingRace(): Promise<boolean> {
  console.log('\n## Bookings: concurrent attempts at the last place\n')
  const cases: [number, number][] = [
    [1, 50],
    [2, 25],
    [2, 250],
  ]
  const rows: string[][] = []
  let ok = true
  for (const [processes, each] of cases) {
    const r = await race(processes, each)
    ok &&= r.held === 1
    rows.push([
      `${processes * each} attempts`,
      `${processes} process${processes > 1 ? 'es' : ''}`,
      String(r.held),
      `${r.ms.toFixed(0)} ms`,
      r.held === 1 ? 'ok' : 'DOUBLE BOOKED',
    ])
  }
  console.log(formatTable(['attempts', 'processes', 'booked', 'time', 'result'], rows))
  return ok
}
