import type { Flow } from './flow'

/**
 * The JSON a user downloads: the flow with `meta` stamped, pretty-printed. `parseFlow` of the
 * result gives back the same flow.
 */
export function exportFlow(flow: Flow, meta: { exportedBy: string; exportedAt: string }): string {
  return `${JSON.stringify({ ...flow, meta }, null, 2)}\n`
}
