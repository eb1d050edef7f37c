import { describe, expect, it } from 'vitest'
import { closedLoop } from '../src/system/closedLoop'
import { tallyReplies } from '../src/system/tallyReplies'

describe('closedLoop', () => {
  it('keeps at most `concurrency` items in flight and starts each once, in order', async () => {
    const items = Array.from({ length: 25 }, (_, i) => i)
    const begun: number[] = []
    const inFlight = new Set<number>()
    let most = 0
    const loop = closedLoop({
      items,
      concurrency: 4,
      timeoutMs: 5000,
      begin: (item) => {
        begun.push(item)
        inFlight.add(item)
        most = Math.max(most, inFlight.size)
        setTimeout(
          () => {
            inFlight.delete(item)
            loop.finish(item)
            loop.finish(item) // a second answer frees nothing
          },
          1 + (item % 3),
        )
      },
    })
    expect(await loop.done).toEqual({ unfinished: [] })
    expect(begun).toEqual(items)
    expect(most).toBe(4)
  })

  it('gives up at the timeout and names what did not finish', async () => {
    const loop = closedLoop({
      items: ['a', 'b', 'c'],
      concurrency: 2,
      timeoutMs: 30,
      begin: () => {},
    })
    loop.finish('a')
    expect(await loop.done).toEqual({ unfinished: ['b', 'c'] })
  })

  it('is done at once with nothing to do', async () => {
    const loop = closedLoop({ items: [], concurrency: 2, timeoutMs: 5000, begin: () => {} })
    expect(await loop.done).toEqual({ unfinished: [] })
  })
})

describe('tallyReplies', () => {
  it('counts missing and extra answers, and answers to people who never wrote', () => {
    const received = new Map([
      ['a', 1],
      ['b', 2],
      ['stranger', 1],
    ])
    expect(tallyReplies(['a', 'b', 'c'], received)).toEqual({ lost: 1, duplicated: 2 })
    expect(tallyReplies(['a'], new Map([['a', 1]]))).toEqual({ lost: 0, duplicated: 0 })
  })
})
