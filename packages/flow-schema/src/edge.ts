import { z } from 'zod'
import { idSchema } from './primitives'

export const edgeSchema = z.strictObject({
  id: idSchema,
  source: idSchema,
  /** An output of the source node, as listed per node type in FLOW_FORMAT.md. */
  sourceHandle: idSchema,
  target: idSchema,
})
export type Edge = z.infer<typeof edgeSchema>
