import { z } from 'zod'
import { LIMITS } from '../limits'
import { idSchema, text } from '../primitives'
import { phraseOverridesSchema } from './shared'
import { defineNode } from './defineNode'

export const bookingDataSchema = z.strictObject({
  calendarId: idSchema,
  service: z.strictObject({
    name: text(80, 'a service name'),
    durationMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
  }),
  prompt: text(LIMITS.textChars, 'a booking prompt'),
  daysAhead: z.number().int().min(1).max(365),
  confirmation: text(LIMITS.buttonTextChars, 'a confirmation'),
  reminders: z
    .array(
      z.strictObject({
        beforeMinutes: z
          .number()
          .int()
          .min(1)
          .max(30 * 24 * 60),
        text: text(LIMITS.textChars, 'a reminder'),
      }),
    )
    .max(5),
  allowCancel: z.boolean(),
  allowReschedule: z.boolean(),
  phrases: phraseOverridesSchema.optional(),
})
export type BookingData = z.infer<typeof bookingDataSchema>

export const bookingNodeSchema = defineNode('booking', bookingDataSchema)
export type BookingNode = z.infer<typeof bookingNodeSchema>

export const bookingOutputs = (): string[] => ['booked', 'declined', 'no_slots']
