import { z } from 'zod'
import { variableNameSchema } from './primitives'

export const VARIABLE_TYPES = [
  'text',
  'number',
  'boolean',
  'email',
  'phone',
  'date',
  'datetime',
  'choice',
  'list',
] as const

export const variableSchema = z.strictObject({
  name: variableNameSchema,
  type: z.enum(VARIABLE_TYPES),
  scope: z.enum(['conversation', 'contact']),
  default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
  /** Personal data: masked in logs and deleted with the contact. */
  pii: z.boolean().optional(),
  description: z.string().max(500).optional(),
})
export type Variable = z.infer<typeof variableSchema>
export type VariableType = Variable['type']

/**
 * Read-only names the runtime provides. `booking.*` and `order.*` are set by the business
 * nodes; they are listed here so templates and conditions may use them.
 */
export const BUILTIN_VARIABLES = [
  'contact.first_name',
  'contact.last_name',
  'contact.psid',
  'contact.tags',
  'page.id',
  'page.name',
  'flow.id',
  'booking.id',
  'booking.start',
  'booking.date',
  'booking.time',
  'booking.service',
  'booking.calendar',
  'booking.ics_url',
  'order.id',
  'order.total',
  'order.currency',
  'order.status',
  'order.url',
  'order.items',
  'http.status',
  'lead.id',
] as const

export function isBuiltinVariable(name: string): boolean {
  return (BUILTIN_VARIABLES as readonly string[]).includes(name)
}
