import { z } from 'zod'
import { LIMITS } from '../limits'
import { idSchema, text, urlSchema, variableNameSchema } from '../primitives'
import {
  choicesSchema,
  phraseOverridesSchema,
  questionInputSchema,
  reminderSchema,
  validationSchema,
} from './shared'
import { defineNode } from './defineNode'

export const leadFieldSchema = z
  .strictObject({
    id: idSchema,
    variable: variableNameSchema,
    prompt: text(LIMITS.textChars, 'a field prompt'),
    input: questionInputSchema,
    required: z.boolean(),
    choices: choicesSchema.optional(),
    suggestFromProfile: z.boolean().optional(),
    validation: validationSchema.optional(),
    retryText: text(LIMITS.textChars, 'a retry text').optional(),
  })
  .superRefine((f, ctx) => {
    if (f.input === 'choice' && !f.choices?.length)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a choice field needs choices' })
    if (f.suggestFromProfile && f.input !== 'email' && f.input !== 'phone')
      ctx.addIssue({
        code: 'custom',
        path: ['suggestFromProfile'],
        message: 'Messenger can suggest only an email or a phone number',
      })
  })
export type LeadField = z.infer<typeof leadFieldSchema>

export const leadFormDataSchema = z
  .strictObject({
    intro: text(LIMITS.textChars, 'an introduction').optional(),
    fields: z.array(leadFieldSchema).min(1, 'a lead form needs at least one field').max(30),
    consent: z
      .strictObject({
        text: text(LIMITS.buttonTextChars, 'a consent question'),
        required: z.boolean(),
      })
      .optional(),
    reminder: reminderSchema.optional(),
    /** How long after the reminder the form counts as abandoned (default 60 minutes). */
    abandonAfterMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
    completion: text(LIMITS.textChars, 'a completion message'),
    webhook: z.strictObject({ url: urlSchema }).optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    phrases: phraseOverridesSchema.optional(),
  })
  .superRefine((d, ctx) => {
    const ids = new Set<string>()
    const vars = new Set<string>()
    d.fields.forEach((f, i) => {
      if (ids.has(f.id))
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'id'],
          message: `the field id "${f.id}" is used twice`,
        })
      if (vars.has(f.variable))
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i, 'variable'],
          message: `two fields save into "${f.variable}"`,
        })
      ids.add(f.id)
      vars.add(f.variable)
    })
  })
export type LeadFormData = z.infer<typeof leadFormDataSchema>

export const leadFormNodeSchema = defineNode('lead_form', leadFormDataSchema)
export type LeadFormNode = z.infer<typeof leadFormNodeSchema>

export const DEFAULT_ABANDON_AFTER_MINUTES = 60

export const leadFormOutputs = (): string[] => ['completed', 'abandoned']
