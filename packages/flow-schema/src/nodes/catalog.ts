import { z } from 'zod'
import { LIMITS } from '../limits'
import { idSchema, text, variableNameSchema } from '../primitives'
import { phraseOverridesSchema } from './shared'
import { defineNode } from './defineNode'

export const catalogDataSchema = z.strictObject({
  productIds: z
    .array(idSchema)
    .min(1, 'a catalog needs at least one product')
    .max(LIMITS.cards, `a carousel shows at most ${LIMITS.cards} products`),
  buttonTitle: text(LIMITS.buttonTitleChars, 'a button title'),
  cartVariable: variableNameSchema,
  mode: z.enum(['single', 'cart']),
  text: text(LIMITS.textChars, 'an introduction').optional(),
  phrases: phraseOverridesSchema.optional(),
})
export type CatalogData = z.infer<typeof catalogDataSchema>

export const catalogNodeSchema = defineNode('catalog', catalogDataSchema)
export type CatalogNode = z.infer<typeof catalogNodeSchema>

export const catalogOutputs = (): string[] => ['selected', 'fallback']
