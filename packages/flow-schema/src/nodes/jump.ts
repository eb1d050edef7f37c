import { z } from 'zod'
import { idSchema } from '../primitives'
import { defineNode } from './defineNode'

export const jumpDataSchema = z.strictObject({
  target: z.union([idSchema, z.strictObject({ flowId: idSchema, nodeId: idSchema.optional() })]),
})
export type JumpData = z.infer<typeof jumpDataSchema>

export const jumpNodeSchema = defineNode('jump', jumpDataSchema)
export type JumpNode = z.infer<typeof jumpNodeSchema>

export const jumpOutputs = (): string[] => []
