import { z } from 'zod'
import { edgeSchema } from './edge'
import { nodeSchema } from './nodes'
import { idSchema } from './primitives'
import { resourcesSchema } from './resources'
import { variableSchema } from './variable'

export const FLOW_FORMAT = 'charla.flow'
export const CURRENT_SCHEMA_VERSION = 1

/** Large enough for any hand-drawn flow; stops a hostile import from exhausting memory. */
export const MAX_NODES = 5000
export const MAX_EDGES = 20000

export const flowSchema = z
  .strictObject({
    format: z.literal(FLOW_FORMAT, { error: `"format" must be "${FLOW_FORMAT}"` }),
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    id: idSchema,
    name: z
      .string()
      .min(1, 'a flow needs a name')
      .max(120, 'a flow name can be at most 120 characters'),
    description: z.string().max(2000).optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a locale is written like "en-US" or "es-ES"')
      .refine(isUsableLocale, 'not a locale dates and prices can be written in (try "es-ES")')
      .optional(),
    variables: z.array(variableSchema).max(500),
    resources: resourcesSchema,
    nodes: z.array(nodeSchema).max(MAX_NODES, `a flow can have at most ${MAX_NODES} nodes`),
    edges: z.array(edgeSchema).max(MAX_EDGES, `a flow can have at most ${MAX_EDGES} edges`),
    meta: z
      .strictObject({
        exportedBy: z.string().max(100).optional(),
        exportedAt: z.string().max(40).optional(),
      })
      .optional(),
  })
  .superRefine((flow, ctx) => {
    unique(
      ctx,
      flow.nodes.map((n) => n.id),
      'nodes',
      'node',
    )
    unique(
      ctx,
      flow.edges.map((e) => e.id),
      'edges',
      'edge',
    )
    unique(
      ctx,
      flow.variables.map((v) => v.name),
      'variables',
      'variable',
      'name',
    )
    unique(
      ctx,
      (flow.resources.calendars ?? []).map((c) => c.id),
      'resources.calendars',
      'calendar',
    )
    unique(
      ctx,
      (flow.resources.products ?? []).map((p) => p.id),
      'resources.products',
      'product',
    )
  })
export type Flow = z.infer<typeof flowSchema>

function unique(ctx: z.RefinementCtx, ids: string[], list: string, what: string, key = 'id') {
  const seen = new Set<string>()
  ids.forEach((id, i) => {
    if (seen.has(id))
      ctx.addIssue({
        code: 'custom',
        path: [...list.split('.'), i, key],
        message: `the ${what} ${key} "${id}" is used twice`,
      })
    seen.add(id)
  })
}

function isUsableLocale(locale: string): boolean {
  try {
    new Intl.NumberFormat(locale)
    new Intl.DateTimeFormat(locale)
    return true
  } catch {
    return false
  }
}
