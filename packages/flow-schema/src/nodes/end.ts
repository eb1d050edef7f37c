import { z } from 'zod'
import { LIMITS } from '../limits'
import { text } from '../primitives'
import { defineNode } from './defineNode'

export const endDataSchema = z.strictObject({
  text: text(LIMITS.textChars, 'a closing message').optional(),
})
export type EndData = z.infer<typeof endDataSchema>

export const endNodeSchema = defineNode('end', endDataSchema)
export type EndNode = z.infer<typeof endNodeSchema>

export const endOutputs = (): string[] => []
