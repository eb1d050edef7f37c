import { z } from 'zod'

export const slotDaySchema = z.object({
  date: z.string(),
  slots: z.array(z.object({ start: z.string(), end: z.string() })),
})
export type SlotDay = z.infer<typeof slotDaySchema>
