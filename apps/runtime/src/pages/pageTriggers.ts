import { GET_STARTED_PAYLOAD, type Flow } from '@charla/flow-schema'
import type { Storage } from '@charla/storage'

/** A flow entry point a menu item or ice breaker can open: its postback payload. */
export interface FlowTrigger {
  flowId: string
  flowName: string
  payload: string
  /** How the editor names it: "Book a cut · menu item BOOK". */
  label: string
  /** Whether the flow is live on this Page now (a tap on an unpublished flow does nothing). */
  live: boolean
}

/** The postback and Get Started triggers of every flow (drafts and what is live on the Page). */
export async function pageTriggers(storage: Storage, pageId: string): Promise<FlowTrigger[]> {
  const [drafts, live] = await Promise.all([
    storage.flows.listDrafts(),
    storage.flows.published(pageId),
  ])
  const liveIds = new Set(live.map((v) => v.flowId))
  const flows = new Map<string, Flow>()
  for (const v of live) flows.set(v.flowId, v.flow)
  for (const d of drafts) if (d.flow && !flows.has(d.id)) flows.set(d.id, d.flow)
  const out: FlowTrigger[] = []
  for (const [flowId, flow] of flows)
    for (const node of flow.nodes) {
      if (node.type !== 'trigger') continue
      const payload =
        node.data.on === 'postback'
          ? node.data.payload
          : node.data.on === 'get_started'
            ? GET_STARTED_PAYLOAD
            : undefined
      if (!payload) continue
      out.push({
        flowId,
        flowName: flow.name,
        payload,
        label: `${flow.name} · ${node.data.on === 'get_started' ? 'Get Started' : `menu/postback ${payload}`}`,
        live: liveIds.has(flowId),
      })
    }
  return out
}
