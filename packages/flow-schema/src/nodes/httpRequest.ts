import { z } from 'zod'
import { variableNameSchema } from '../primitives'
import { defineNode } from './defineNode'

export const httpRequestDataSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  url: z
    .string()
    .min(1, 'the address must not be empty')
    .max(2048)
    .refine(
      (s) => /^(https?:\/\/|\{\{)/i.test(s),
      'the address must start with http:// or https://',
    ),
  headers: z
    .record(
      z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'not a valid header name'),
      z.string().max(4096),
    )
    .optional(),
  body: z.string().max(100_000).optional(),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(30_000, 'a request can wait at most 30 seconds')
    .optional(),
  save: z
    .array(
      z.strictObject({
        /** A path into the JSON response: `data.items[0].id`. */
        path: z
          .string()
          .regex(
            /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+|\[\d+\])*$/,
            'a path looks like data.items[0].id',
          ),
        variable: variableNameSchema,
      }),
    )
    .max(50)
    .optional(),
})
export type HttpRequestData = z.infer<typeof httpRequestDataSchema>

export const httpRequestNodeSchema = defineNode('http_request', httpRequestDataSchema)
export type HttpRequestNode = z.infer<typeof httpRequestNodeSchema>

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000

export const httpRequestOutputs = (): string[] => ['success', 'error']
