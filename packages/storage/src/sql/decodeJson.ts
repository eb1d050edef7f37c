import { z } from 'zod'

/**
 * Reads a JSON column back through its schema: what comes out of the database is external data
 * (written by an older version, or by hand), so it is parsed, never cast. `what` names the row
 * in the error, because "invalid input" alone does not say which of a million rows is broken.
 */
export function decodeJson<T>(schema: z.ZodType<T>, raw: string, what: string): T {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (err) {
    throw new Error(`${what}: the stored JSON is unreadable`, { cause: err })
  }
  const result = schema.safeParse(value)
  if (!result.success)
    throw new Error(`${what} does not match its schema:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    })
  return result.data
}
