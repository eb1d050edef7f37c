import { z } from 'zod'
import { countChars } from './limits'

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
export const VARIABLE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/

export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'an id uses letters, digits, "_" or "-" (1 to 64 characters)')

export const variableNameSchema = z
  .string()
  .regex(
    VARIABLE_NAME_PATTERN,
    'a variable name starts with a lowercase letter and uses lowercase letters, digits and "_" (at most 64)',
  )

/** A reference to a variable: a declared name or a built-in such as `contact.first_name`. */
export const variableRefSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'not a variable name')
  .max(128)

/** A string of 1..max characters, counted as people count them. */
export function text(max: number, what = 'this text') {
  return z
    .string()
    .min(1, `${what} must not be empty`)
    .refine((s) => countChars(s) <= max, `${what} can be at most ${max} characters`)
}

/** An https URL or a template that produces one. */
export const urlSchema = z
  .string()
  .min(1, 'the address must not be empty')
  .max(2048, 'the address can be at most 2048 characters')
  .refine(
    (s) => /^(https?:\/\/|\{\{)/i.test(s),
    'the address must start with https:// (or http://)',
  )

export const positionSchema = z.strictObject({ x: z.number(), y: z.number() })

export const scalarSchema = z.union([z.string(), z.number(), z.boolean()])
