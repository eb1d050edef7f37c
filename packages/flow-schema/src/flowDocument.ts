import { z } from 'zod'
import { FLOW_FORMAT, MAX_EDGES, MAX_NODES } from './flow'
import { NODE_TYPES } from './nodes'
import { idSchema } from './primitives'

/**
 * A flow as an editor holds it mid-edit: flow-shaped (an id, a name, lists of nodes and edges)
 * but not necessarily valid yet — a message still empty, a button without its URL. Drafts are
 * saved in this shape, so work in progress is never lost to validation; only publishing needs
 * a flow that `flowSchema` accepts.
 */
export const flowDocumentSchema = z.looseObject({
  format: z.literal(FLOW_FORMAT, { error: `"format" must be "${FLOW_FORMAT}"` }),
  id: idSchema,
  name: z.string().max(120, 'a flow name can be at most 120 characters'),
  // Known kinds with a data object: what an editor needs to draw a node at all.
  nodes: z
    .array(
      z.looseObject({
        id: z.string(),
        type: z.enum(NODE_TYPES),
        position: z.object({ x: z.number(), y: z.number() }),
        data: z.looseObject({}),
      }),
    )
    .max(MAX_NODES, `a flow can have at most ${MAX_NODES} nodes`),
  edges: z.array(z.unknown()).max(MAX_EDGES, `a flow can have at most ${MAX_EDGES} edges`),
})

export type FlowDocument = z.infer<typeof flowDocumentSchema>
