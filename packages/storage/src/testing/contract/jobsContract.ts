import { describe, expect, it } from 'vitest'
import type { Job, Storage } from '../../ports'

const job = (key: string, runAt: number, psid = 'u1'): Omit<Job, 'id' | 'status'> => ({
  key,
  pageId: 'p1',
  psid,
  timerId: `timer-${key}`,
  runAt,
})

export function jobsContract(storage: () => Storage): void {
  describe('jobs', () => {
    it('gives pending jobs that are due, by run time then by scheduling order', async () => {
      const s = storage()
      await s.jobs.schedule(job('late', 300))
      await s.jobs.schedule(job('b', 100))
      await s.jobs.schedule(job('a', 100))
      await s.jobs.schedule(job('first', 50))
      const due = await s.jobs.due(100, 10)
      expect(due.map((j) => j.key)).toEqual(['first', 'b', 'a'])
      expect(due[0]).toEqual({ ...job('first', 50), id: due[0]!.id, status: 'pending' })
      expect((await s.jobs.due(100, 2)).map((j) => j.key)).toEqual(['first', 'b'])
      expect(await s.jobs.due(49, 10)).toEqual([])
    })

    it('says when the next pending job is due', async () => {
      const s = storage()
      expect(await s.jobs.nextRunAt()).toBeUndefined()
      await s.jobs.schedule(job('a', 300))
      await s.jobs.schedule(job('b', 200))
      expect(await s.jobs.nextRunAt()).toBe(200)
      const [b] = await s.jobs.due(200, 1)
      await s.jobs.markDone(b!.id)
      expect(await s.jobs.nextRunAt()).toBe(300)
      await s.jobs.cancel('a')
      expect(await s.jobs.nextRunAt()).toBeUndefined()
    })

    it('cancels by key', async () => {
      const s = storage()
      await s.jobs.schedule(job('a', 100))
      await s.jobs.schedule(job('b', 100))
      await s.jobs.cancel('a')
      await s.jobs.cancel('unknown')
      expect((await s.jobs.due(100, 10)).map((j) => j.key)).toEqual(['b'])
    })

    it('re-schedules by key: moves the run time and makes it pending again', async () => {
      const s = storage()
      await s.jobs.schedule(job('a', 100))
      await s.jobs.schedule(job('a', 500))
      expect(await s.jobs.due(499, 10)).toEqual([])
      expect((await s.jobs.due(500, 10)).map((j) => [j.key, j.runAt])).toEqual([['a', 500]])

      await s.jobs.cancel('a')
      await s.jobs.schedule(job('a', 600))
      expect((await s.jobs.due(600, 10)).map((j) => j.key)).toEqual(['a'])

      const [done] = await s.jobs.due(600, 10)
      await s.jobs.markDone(done!.id)
      expect(await s.jobs.due(1_000, 10)).toEqual([])
      await s.jobs.schedule(job('a', 700))
      expect((await s.jobs.due(1_000, 10)).map((j) => [j.key, j.runAt])).toEqual([['a', 700]])
    })

    it('does not let a done mark for an earlier run swallow a re-scheduled one', async () => {
      const s = storage()
      await s.jobs.schedule(job('a', 100))
      // The scheduler read the job as due…
      const [seen] = await s.jobs.due(100, 10)
      // …meanwhile the conversation moved the timer…
      await s.jobs.schedule(job('a', 900))
      // …and the scheduler marks what it fired.
      await s.jobs.markDone(seen!.id)
      expect((await s.jobs.due(900, 10)).map((j) => [j.key, j.runAt])).toEqual([['a', 900]])
    })

    it('lists a conversation’s pending jobs and moves them earlier (time machine)', async () => {
      const s = storage()
      await s.jobs.schedule(job('late', 5000))
      await s.jobs.schedule(job('soon', 3000))
      await s.jobs.schedule(job('gone', 4000))
      await s.jobs.cancel('gone')
      await s.jobs.schedule(job('theirs', 5000, 'u2'))
      expect((await s.jobs.pending('p1', 'u1')).map((j) => [j.key, j.runAt])).toEqual([
        ['soon', 3000],
        ['late', 5000],
      ])
      await s.jobs.shift('p1', 'u1', 2500)
      expect((await s.jobs.pending('p1', 'u1')).map((j) => [j.key, j.runAt])).toEqual([
        ['soon', 500],
        ['late', 2500],
      ])
      expect((await s.jobs.due(600, 10)).map((j) => j.key)).toEqual(['soon'])
      expect((await s.jobs.pending('p1', 'u2')).map((j) => j.runAt)).toEqual([5000])
    })
  })
}
