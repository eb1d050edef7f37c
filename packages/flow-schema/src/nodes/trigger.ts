import { z } from 'zod'
import { LIMITS } from '../limits'
import { text } from '../primitives'
import { defineNode } from './defineNode'

export const TRIGGER_ON = [
  'get_started',
  'ref',
  'keyword',
  'postback',
  'comment',
  'default',
] as const

export const triggerDataSchema = z
  .strictObject({
    on: z.enum(TRIGGER_ON),
    /** m.me/<page>?ref=<ref> links and click-to-Messenger ads. Meta allows a-z, 0-9, -, _ and =. */
    ref: z
      .string()
      .regex(/^[A-Za-z0-9_=-]{1,250}$/, 'a ref uses letters, digits, "-", "_" and "=" only')
      .optional(),
    keywords: z.array(z.string().min(1).max(100)).max(50).optional(),
    match: z.enum(['exact', 'contains']).optional(),
    payload: z.string().min(1).max(LIMITS.payloadChars).optional(),
    postId: z.string().max(100).optional(),
    privateReply: text(LIMITS.textChars, 'a private reply').optional(),
  })
  .superRefine((d, ctx) => {
    const need = (field: string, ok: boolean, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [field], message })
    }
    if (d.on === 'ref') need('ref', !!d.ref, 'a link/ad trigger needs a ref')
    if (d.on === 'keyword')
      need(
        'keywords',
        (d.keywords?.length ?? 0) > 0,
        'a keyword trigger needs at least one keyword',
      )
    if (d.on === 'postback') need('payload', !!d.payload, 'a menu/postback trigger needs a payload')
    if (d.on === 'comment')
      need('privateReply', !!d.privateReply, 'a comment trigger needs the private reply it sends')
  })
export type TriggerData = z.infer<typeof triggerDataSchema>

export const triggerNodeSchema = defineNode('trigger', triggerDataSchema)
export type TriggerNode = z.infer<typeof triggerNodeSchema>

export const triggerOutputs = (): string[] => ['next']
