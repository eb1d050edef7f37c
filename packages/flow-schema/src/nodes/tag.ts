import { z } from 'zod'
import { defineNode } from './defineNode'

export const tagNameSchema = z
  .string()
  .min(1, 'a tag must not be empty')
  .max(50, 'a tag can be at most 50 characters')

export const tagDataSchema = z
  .strictObject({
    add: z.array(tagNameSchema).max(50).optional(),
    remove: z.array(tagNameSchema).max(50).optional(),
  })
  .refine(
    (d) => (d.add?.length ?? 0) + (d.remove?.length ?? 0) > 0,
    'add or remove at least one tag',
  )
export type TagData = z.infer<typeof tagDataSchema>

export const tagNodeSchema = defineNode('tag', tagDataSchema)
export type TagNode = z.infer<typeof tagNodeSchema>

export const tagOutputs = (): string[] => ['next']
