import { z } from 'zod'
import { defineNode } from './defineNode'

export const DELAY_UNIT_MS = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
} as const

export const delayDataSchema = z
  .strictObject({
    amount: z.number().int().min(1, 'wait at least 1'),
    unit: z.enum(['seconds', 'minutes', 'hours', 'days']),
  })
  .refine((d) => d.amount * DELAY_UNIT_MS[d.unit] <= 365 * DELAY_UNIT_MS.days, {
    message: 'a delay can be at most one year',
    path: ['amount'],
  })
export type DelayData = z.infer<typeof delayDataSchema>

export const delayNodeSchema = defineNode('delay', delayDataSchema)
export type DelayNode = z.infer<typeof delayNodeSchema>

export const delayMs = (d: DelayData): number => d.amount * DELAY_UNIT_MS[d.unit]

export const delayOutputs = (): string[] => ['next']
