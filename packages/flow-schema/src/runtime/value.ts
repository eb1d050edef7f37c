import { z } from 'zod'

/** What a variable holds at run time. Dates are `YYYY-MM-DD`, datetimes ISO 8601 strings. */
export const valueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.null(),
])
export type Value = z.infer<typeof valueSchema>
