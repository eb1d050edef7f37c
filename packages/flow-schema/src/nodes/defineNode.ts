import { z } from 'zod'
import { idSchema, positionSchema } from '../primitives'

/**
 * Wraps a node kind's data schema in the common node envelope. The envelope matches React
 * Flow's node shape (id, type, position, data) without depending on it.
 */
export function defineNode<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.strictObject({
    id: idSchema,
    type: z.literal(type),
    position: positionSchema,
    /** A name the marketer gives the node on the canvas. */
    label: z.string().max(80).optional(),
    data,
  })
}
