import { z } from 'zod'

/** Bodies and queries of the `/_control` routes. */
export const pageBodySchema = z.strictObject({
  pageId: z.string().min(1),
  accessToken: z.string().min(1),
  name: z.string().optional(),
})

export const personBodySchema = z.strictObject({
  pageId: z.string().min(1),
  psid: z.string().min(1),
  firstName: z.string(),
  lastName: z.string(),
  unreachable: z.boolean().optional(),
  profilePic: z.string().optional(),
  locale: z.string().optional(),
})

const seqField = z.coerce.number().int().min(0)

export const sentQuerySchema = z.object({
  pageId: z.string().min(1).optional(),
  psid: z.string().min(1).optional(),
  /** The last `seq` the caller has; only later records come back. */
  since: seqField.optional(),
  kind: z.enum(['message', 'sender_action', 'any']).optional(),
})

export const streamQuerySchema = z.object({
  pageId: z.string().min(1).optional(),
  psid: z.string().min(1).optional(),
})

/** What the editor's simulator posts for a person: the Page, then what they did. */
export const personMessageBodySchema = z
  .object({
    pageId: z.string().min(1),
    duplicates: z.number().int().min(0).max(10).optional(),
  })
  .loose()
