import { z } from 'zod'
import { LIMITS } from '../limits'
import { text, variableNameSchema } from '../primitives'
import {
  choicesSchema,
  phraseOverridesSchema,
  questionInputSchema,
  validationSchema,
} from './shared'
import { defineNode } from './defineNode'

export const questionDataSchema = z
  .strictObject({
    text: text(LIMITS.textChars, 'a question'),
    variable: variableNameSchema,
    input: questionInputSchema,
    choices: choicesSchema.optional(),
    validation: validationSchema.optional(),
    retryText: text(LIMITS.textChars, 'a retry text').optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    /** Offers Messenger's email / phone quick reply, pre-filled from the person's profile. */
    suggestFromProfile: z.boolean().optional(),
    phrases: phraseOverridesSchema.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.input === 'choice' && !d.choices?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['choices'],
        message: 'a choice question needs choices',
      })
    if (d.suggestFromProfile && d.input !== 'email' && d.input !== 'phone')
      ctx.addIssue({
        code: 'custom',
        path: ['suggestFromProfile'],
        message: 'Messenger can suggest only an email or a phone number',
      })
  })
export type QuestionData = z.infer<typeof questionDataSchema>

export const questionNodeSchema = defineNode('question', questionDataSchema)
export type QuestionNode = z.infer<typeof questionNodeSchema>

export const DEFAULT_MAX_RETRIES = 2

export const questionOutputs = (): string[] => ['next', 'invalid']
