import { describe, expect, it } from 'vitest'
import type { AnalyticsEvent, Storage } from '../../ports'

const event = (
  flowVersionId: string,
  name: string,
  nodeId?: string,
  extra: Partial<AnalyticsEvent> = {},
): AnalyticsEvent => ({
  pageId: 'p1',
  psid: 'u1',
  flowVersionId,
  event: name,
  ...(nodeId ? { nodeId } : {}),
  at: 100,
  ...extra,
})

export function analyticsContract(storage: () => Storage): void {
  describe('analytics', () => {
    it('counts events per event and node for one flow version', async () => {
      const s = storage()
      await s.analytics.record([])
      await s.analytics.record([
        event('v1', 'conversation_started'),
        event('v1', 'node_entered', 'ask', { data: { retries: 1, ok: true, via: 'tap' } }),
        event('v1', 'node_entered', 'ask', { psid: 'u2' }),
        event('v1', 'output_taken', 'ask', { output: 'yes' }),
        event('v1', 'node_entered', 'thanks'),
        event('v2', 'node_entered', 'ask'),
      ])
      const counts = await s.analytics.countByNode('v1')
      const sorted = [...counts].sort((a, b) =>
        `${a.event}/${a.nodeId}`.localeCompare(`${b.event}/${b.nodeId}`),
      )
      expect(sorted).toEqual([
        { event: 'conversation_started', nodeId: null, count: 1 },
        { event: 'node_entered', nodeId: 'ask', count: 2 },
        { event: 'node_entered', nodeId: 'thanks', count: 1 },
        { event: 'output_taken', nodeId: 'ask', count: 1 },
      ])
      expect(await s.analytics.countByNode('v3')).toEqual([])
    })

    it('records a large batch', async () => {
      const s = storage()
      await s.analytics.record(Array.from({ length: 250 }, () => event('v1', 'node_entered', 'n')))
      expect(await s.analytics.countByNode('v1')).toEqual([
        { event: 'node_entered', nodeId: 'n', count: 250 },
      ])
    })
  })
}
