import { describe, expect, it } from 'vitest'
import { openLoop } from '../src/system/openLoop'

describe('openLoop', () => {
  it('starts items on schedule whether or not earlier ones finished', async () => {
    const started: { item: number; at: number }[] = []
    const t0 = performance.now()
    const loop = openLoop({
      items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      perSecond: 100,
      timeoutMs: 2000,
      begin: (item) => started.push({ item, at: performance.now() - t0 }),
    })
    // Nothing finishes until every item has started: a closed loop would have stalled.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(started.map((s) => s.item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    // The 10th starts about 90 ms in, not at once.
    expect(started[9]?.at).toBeGreaterThanOrEqual(85)
    for (let i = 0; i < 10; i++) loop.finish(i)
    expect(await loop.done).toEqual({ unfinished: [] })
  })

  it('resolves at the timeout with what did not finish', async () => {
    const loop = openLoop({ items: ['a', 'b'], perSecond: 1000, timeoutMs: 50, begin: () => {} })
    loop.finish('a')
    expect(await loop.done).toEqual({ unfinished: ['b'] })
  })
})
