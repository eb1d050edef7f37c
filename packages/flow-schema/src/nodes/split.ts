import { z } from 'zod'
import { idSchema } from '../primitives'
import { defineNode } from './defineNode'

export const splitDataSchema = z
  .strictObject({
    arms: z
      .array(z.strictObject({ id: idSchema, weight: z.number().int().min(0).max(1_000_000) }))
      .min(2, 'a split needs at least two arms')
      .max(10),
  })
  .superRefine((d, ctx) => {
    if (d.arms.every((a) => a.weight === 0))
      ctx.addIssue({
        code: 'custom',
        path: ['arms'],
        message: 'at least one arm needs a weight above 0',
      })
    const seen = new Set<string>()
    d.arms.forEach((a, i) => {
      if (seen.has(a.id))
        ctx.addIssue({
          code: 'custom',
          path: ['arms', i, 'id'],
          message: `the arm id "${a.id}" is used twice`,
        })
      seen.add(a.id)
    })
  })
export type SplitData = z.infer<typeof splitDataSchema>

export const splitNodeSchema = defineNode('split', splitDataSchema)
export type SplitNode = z.infer<typeof splitNodeSchema>

export const splitOutputs = (d: SplitData): string[] => d.arms.map((a) => a.id)
