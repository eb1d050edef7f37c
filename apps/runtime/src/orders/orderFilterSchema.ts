import { ORDER_STATUSES, type OrderListQuery } from '@charla/storage'
import { z } from 'zod'

const DAY = 86_400_000

/** `2025-06-01` (a whole UTC day), an ISO time or milliseconds, as for leads and bookings. */
const timeSchema = z
  .string()
  .transform((s, ctx) => {
    const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s)
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a date` })
      return z.NEVER
    }
    return { ms, dateOnly: /^\d{4}-\d{2}-\d{2}$/.test(s) }
  })
  .optional()

/** The filters `/api/orders` and its CSV export share (docs/api.md, Orders). */
export const orderFilterSchema = z.strictObject({
  pageId: z.string().min(1).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  from: timeSchema,
  /** Inclusive for a day (`to=2025-06-30` includes it), exclusive for a time. */
  to: timeSchema,
  q: z.string().max(200).optional(),
  /** `true`: the simulator's orders only; `false`: live orders only; absent: both. */
  test: z.enum(['true', 'false']).optional(),
})

export type OrderFilter = Omit<OrderListQuery, 'limit' | 'before'>

export function toOrderFilter(q: z.infer<typeof orderFilterSchema>): OrderFilter {
  return {
    ...(q.pageId ? { pageId: q.pageId } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.from ? { from: q.from.ms } : {}),
    ...(q.to ? { to: q.to.dateOnly ? q.to.ms + DAY : q.to.ms } : {}),
    ...(q.q?.trim() ? { q: q.q } : {}),
    ...(q.test ? { test: q.test === 'true' } : {}),
  }
}
