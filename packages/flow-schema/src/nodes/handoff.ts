import { z } from 'zod'
import { LIMITS } from '../limits'
import { text } from '../primitives'
import { defineNode } from './defineNode'

export const handoffDataSchema = z.strictObject({
  text: text(LIMITS.textChars, 'a hand-off message').optional(),
  /** The bot takes back over if no person replied within this time. */
  resumeAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60, 'at most 7 days')
    .optional(),
})
export type HandoffData = z.infer<typeof handoffDataSchema>

export const handoffNodeSchema = defineNode('handoff', handoffDataSchema)
export type HandoffNode = z.infer<typeof handoffNodeSchema>

export const handoffOutputs = (): string[] => ['next']
