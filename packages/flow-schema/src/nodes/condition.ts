import { z } from 'zod'
import { idSchema, scalarSchema, variableRefSchema } from '../primitives'
import { defineNode } from './defineNode'
import { isRegExp } from './shared'

export const CONDITION_OPS = [
  'eq',
  'neq',
  'contains',
  'not_contains',
  'starts_with',
  'gt',
  'gte',
  'lt',
  'lte',
  'is_set',
  'is_empty',
  'matches',
  'has_tag',
  'not_has_tag',
] as const
export type ConditionOp = (typeof CONDITION_OPS)[number]
/** Operators that compare against nothing. */
export const UNARY_OPS: readonly ConditionOp[] = ['is_set', 'is_empty']
/** Tag operators take the tag in `value`; `variable` is ignored (contact.tags by convention). */
export const TAG_OPS: readonly ConditionOp[] = ['has_tag', 'not_has_tag']

export const ruleSchema = z
  .strictObject({
    variable: variableRefSchema,
    op: z.enum(CONDITION_OPS),
    value: scalarSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (!UNARY_OPS.includes(r.op) && r.value === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `"${r.op}" needs a value to compare with`,
      })
    if (r.op === 'matches' && typeof r.value === 'string') {
      if (!isRegExp(r.value))
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'not a valid regular expression' })
    }
  })
export type Rule = z.infer<typeof ruleSchema>

export const branchSchema = z.strictObject({
  id: idSchema.refine((id) => id !== 'else', '"else" is reserved; choose another id'),
  label: z.string().max(80),
  match: z.enum(['all', 'any']),
  rules: z.array(ruleSchema).min(1, 'a branch needs at least one rule').max(50),
})
export type Branch = z.infer<typeof branchSchema>

export const conditionDataSchema = z
  .strictObject({
    branches: z.array(branchSchema).min(1, 'a condition needs at least one branch').max(20),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>()
    d.branches.forEach((b, i) => {
      if (seen.has(b.id))
        ctx.addIssue({
          code: 'custom',
          path: ['branches', i, 'id'],
          message: `the branch id "${b.id}" is used twice`,
        })
      seen.add(b.id)
    })
  })
export type ConditionData = z.infer<typeof conditionDataSchema>

export const conditionNodeSchema = defineNode('condition', conditionDataSchema)
export type ConditionNode = z.infer<typeof conditionNodeSchema>

export const conditionOutputs = (d: ConditionData): string[] => [
  ...d.branches.map((b) => b.id),
  'else',
]
