import { z } from 'zod'
import { idSchema, urlSchema } from './primitives'

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is written HH:MM')
const interval = z
  .tuple([time, time])
  .refine(([a, b]) => a < b, 'an opening interval must end after it starts')
const day = z.array(interval).max(12)

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

export const calendarSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(100),
  timezone: z.string().refine(isTimeZone, 'not an IANA time zone such as "Europe/Madrid"'),
  slotMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  bufferMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  capacity: z.number().int().min(1).max(1000),
  weeklyHours: z.strictObject({
    mon: day.optional(),
    tue: day.optional(),
    wed: day.optional(),
    thu: day.optional(),
    fri: day.optional(),
    sat: day.optional(),
    sun: day.optional(),
  }),
  closedDates: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD'))
    .optional(),
  minNoticeMinutes: z.number().int().min(0).optional(),
})
export type Calendar = z.infer<typeof calendarSchema>

export const productSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(80),
  description: z.string().max(500).optional(),
  imageUrl: urlSchema.optional(),
  // 100 items × 1,000 each × this stays far below 2^53: totals are exact integers.
  priceMinor: z
    .number()
    .int()
    .min(0)
    .max(1_000_000_000, 'a price can be at most 1,000,000,000 minor units'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a currency is an ISO 4217 code such as "EUR"'),
  sku: z.string().max(64).optional(),
})
export type Product = z.infer<typeof productSchema>

export const resourcesSchema = z.strictObject({
  calendars: z.array(calendarSchema).optional(),
  products: z.array(productSchema).optional(),
})
export type Resources = z.infer<typeof resourcesSchema>

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}
