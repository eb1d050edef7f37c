import type { Flow } from '@charla/flow-schema'
import type { ELK } from 'elkjs/lib/elk.bundled.js'
import { outputsOf } from '@charla/flow-schema'

/** elkjs is large: loaded the first time someone tidies a flow. */
let elk: Promise<ELK> | null = null
const getElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()))

/**
 * Left-to-right layered layout (elkjs). Ports keep each node's outputs in their on-screen order,
 * so branches do not cross needlessly.
 */
export async function layoutFlow(
  flow: Flow,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
): Promise<Map<string, { x: number; y: number }>> {
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.semiInteractive': 'true',
    },
    children: flow.nodes.map((n) => {
      const size = sizes.get(n.id) ?? { width: 280, height: 160 }
      return {
        id: n.id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          { id: `${n.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
          ...outputsOf(n).map((o, i) => ({
            id: `${n.id}::out::${o}`,
            layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) },
          })),
        ],
      }
    }),
    edges: flow.edges
      .filter(
        (e) =>
          flow.nodes.some((n) => n.id === e.source) && flow.nodes.some((n) => n.id === e.target),
      )
      .map((e) => {
        const source = flow.nodes.find((n) => n.id === e.source)
        const port = source && outputsOf(source).includes(e.sourceHandle)
        return {
          id: e.id,
          sources: [port ? `${e.source}::out::${e.sourceHandle}` : e.source],
          targets: [`${e.target}::in`],
        }
      }),
  }
  const out = await (await getElk()).layout(graph)
  const positions = new Map<string, { x: number; y: number }>()
  for (const c of out.children ?? [])
    positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) })
  return positions
}
