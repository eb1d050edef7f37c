import { z } from 'zod'
import { scalarSchema, variableNameSchema } from '../primitives'
import { defineNode } from './defineNode'

export const assignmentSchema = z
  .strictObject({
    variable: variableNameSchema,
    op: z.enum(['set', 'increment', 'append', 'clear']),
    /** For `set` and `append` a template string is allowed; `increment` takes a number. */
    value: scalarSchema.optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.op === 'set' || a.op === 'append') && a.value === undefined)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `"${a.op}" needs a value` })
    if (a.op === 'increment' && a.value !== undefined && typeof a.value !== 'number')
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'increment by a number' })
  })
export type Assignment = z.infer<typeof assignmentSchema>

export const setVariableDataSchema = z.strictObject({
  assignments: z.array(assignmentSchema).min(1, 'add at least one assignment').max(50),
})
export type SetVariableData = z.infer<typeof setVariableDataSchema>

export const setVariableNodeSchema = defineNode('set_variable', setVariableDataSchema)
export type SetVariableNode = z.infer<typeof setVariableNodeSchema>

export const setVariableOutputs = (): string[] => ['next']
