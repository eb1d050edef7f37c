import {
  templateVariables,
  type Calendar,
  type Edge,
  type Flow,
  type FlowNode,
  type Product,
  type Variable,
} from '@charla/flow-schema'
import { uniqueId } from '../nodes/defaultNode'

/** What Ctrl+C puts on the clipboard: nodes with what they need to work in another flow. */
export interface ClipboardPayload {
  kind: 'charla.clipboard'
  sourceFlowId: string
  nodes: FlowNode[]
  /** Only edges between copied nodes. */
  edges: Edge[]
  variables: Variable[]
  calendars: Calendar[]
  products: Product[]
}

/** Variable names a node reads or writes: `variable`-like fields and every `{{template}}`. */
export function variablesUsedBy(node: FlowNode): Set<string> {
  const names = new Set<string>()
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (key === 'variable' || key === 'cartVariable') names.add(value)
      for (const name of templateVariables(value)) names.add(name)
    } else if (Array.isArray(value)) value.forEach((v) => walk(v, key))
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, k)
  }
  walk(node.data, '')
  return names
}

function resourcesUsedBy(node: FlowNode): { calendars: string[]; products: string[] } {
  switch (node.type) {
    case 'booking':
      return { calendars: [node.data.calendarId], products: [] }
    case 'catalog':
      return { calendars: [], products: node.data.productIds }
    case 'checkout':
      return { calendars: [], products: (node.data.items ?? []).map((i) => i.productId) }
    default:
      return { calendars: [], products: [] }
  }
}

export function copyNodes(flow: Flow, ids: Iterable<string>): ClipboardPayload | null {
  const idSet = new Set(ids)
  const nodes = flow.nodes.filter((n) => idSet.has(n.id))
  if (!nodes.length) return null
  const varNames = new Set<string>()
  const calIds = new Set<string>()
  const prodIds = new Set<string>()
  for (const n of nodes) {
    for (const v of variablesUsedBy(n)) varNames.add(v)
    const r = resourcesUsedBy(n)
    r.calendars.forEach((c) => calIds.add(c))
    r.products.forEach((p) => prodIds.add(p))
  }
  return structuredClone({
    kind: 'charla.clipboard' as const,
    sourceFlowId: flow.id,
    nodes,
    edges: flow.edges.filter((e) => idSet.has(e.source) && idSet.has(e.target)),
    variables: flow.variables.filter((v) => varNames.has(v.name)),
    calendars: (flow.resources.calendars ?? []).filter((c) => calIds.has(c.id)),
    products: (flow.resources.products ?? []).filter((p) => prodIds.has(p.id)),
  })
}

/**
 * Adds the clipboard's nodes to a flow: node and edge ids are remapped to stay unique (jumps
 * between copied nodes follow), variables and resources the flow lacks are added, those it
 * already has (same name / id) are reused.
 *
 * @param at where the top-left of the pasted group lands; by default 40px below-right of the
 *   original position.
 */
export function pasteInto(
  flow: Flow,
  clip: ClipboardPayload,
  at?: { x: number; y: number },
): { flow: Flow; nodeIds: string[] } {
  const takenNodes = new Set(flow.nodes.map((n) => n.id))
  const takenEdges = new Set(flow.edges.map((e) => e.id))
  const idMap = new Map<string, string>()
  for (const n of clip.nodes) {
    const id = uniqueId(n.id, takenNodes)
    takenNodes.add(id)
    idMap.set(n.id, id)
  }
  const minX = Math.min(...clip.nodes.map((n) => n.position.x))
  const minY = Math.min(...clip.nodes.map((n) => n.position.y))
  const dx = at ? at.x - minX : 40
  const dy = at ? at.y - minY : 40
  const nodes = clip.nodes.map((n) => {
    const copy = structuredClone(n)
    copy.id = idMap.get(n.id) ?? n.id
    copy.position = { x: n.position.x + dx, y: n.position.y + dy }
    if (copy.type === 'jump' && typeof copy.data.target === 'string') {
      const mapped = idMap.get(copy.data.target)
      if (mapped) copy.data.target = mapped
    }
    return copy
  })
  const edges = clip.edges.map((e) => {
    const id = uniqueId(e.id, takenEdges)
    takenEdges.add(id)
    return {
      ...e,
      id,
      source: idMap.get(e.source) ?? e.source,
      target: idMap.get(e.target) ?? e.target,
    }
  })
  const haveVars = new Set(flow.variables.map((v) => v.name))
  const haveCals = new Set((flow.resources.calendars ?? []).map((c) => c.id))
  const haveProds = new Set((flow.resources.products ?? []).map((p) => p.id))
  const newCals = clip.calendars.filter((c) => !haveCals.has(c.id))
  const newProds = clip.products.filter((p) => !haveProds.has(p.id))
  const resources = { ...flow.resources }
  if (newCals.length) resources.calendars = [...(flow.resources.calendars ?? []), ...newCals]
  if (newProds.length) resources.products = [...(flow.resources.products ?? []), ...newProds]
  return {
    flow: {
      ...flow,
      nodes: [...flow.nodes, ...nodes],
      edges: [...flow.edges, ...edges],
      variables: [...flow.variables, ...clip.variables.filter((v) => !haveVars.has(v.name))],
      resources,
    },
    nodeIds: nodes.map((n) => n.id),
  }
}

const KEY = 'charla.clipboard'

/** The clipboard lives in localStorage so it crosses flows and tabs. */
export const clipboardStore = {
  write(payload: ClipboardPayload): void {
    try {
      localStorage.setItem(KEY, JSON.stringify(payload))
    } catch {
      memory = payload
    }
    memory = payload
  },
  read(): ClipboardPayload | null {
    try {
      const raw = localStorage.getItem(KEY)
      if (raw) {
        const v = JSON.parse(raw) as ClipboardPayload
        if (v && v.kind === 'charla.clipboard' && Array.isArray(v.nodes)) return v
      }
    } catch {
      // fall back to memory
    }
    return memory
  },
}
let memory: ClipboardPayload | null = null
