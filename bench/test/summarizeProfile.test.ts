import { describe, expect, it } from 'vitest'
import { summarizeProfile, type CpuProfile } from '../src/summarizeProfile'

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 })
const profile: CpuProfile = {
  startTime: 1_000_000, // 1,000 ms on the monotonic clock
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4] },
    {
      id: 2,
      callFrame: frame(
        'executeQuery',
        'file:///repo/packages/storage/src/sqlite/createBetterSqliteDialect.ts',
      ),
    },
    {
      id: 3,
      callFrame: frame(
        'visitNode',
        'file:///repo/node_modules/.pnpm/kysely@0.28.18/node_modules/kysely/dist/esm/x.js',
      ),
    },
    { id: 4, callFrame: frame('handler', 'file:///repo/apps/runtime/src/routes/r.ts') },
  ],
  // Samples 1 ms apart: at 1,001 … 1,005 ms.
  samples: [2, 2, 3, 4, 2],
  timeDeltas: [1000, 1000, 1000, 1000, 1000],
}

describe('summarizeProfile', () => {
  it('adds up self time per function and per area', () => {
    const s = summarizeProfile(profile)
    expect(s.totalMs).toBe(5)
    expect(s.areas).toEqual([
      { name: 'SQLite (native, under executeQuery)', ms: 3 },
      { name: 'kysely', ms: 1 },
      { name: 'apps/runtime', ms: 1 },
    ])
    expect(s.functions[0]).toEqual({
      name: 'executeQuery packages/storage/src/sqlite/createBetterSqliteDialect.ts:10',
      ms: 3,
    })
  })

  it('keeps only the samples inside the window', () => {
    const s = summarizeProfile(profile, { fromMs: 1002.5, toMs: 1004 })
    expect(s.totalMs).toBe(2)
    expect(s.functions.map((f) => f.name.split(' ')[0])).toEqual(['visitNode', 'handler'])
  })
})
