import { flowSchema, lintFlow, parseJsonSafely, type Flow } from '@charla/flow-schema'
import { contentHashOf, type MessengerProfileSettings, type Storage } from '@charla/storage'
import { z } from 'zod'
import { profileSettingsSchema } from '../pages/profileSettings'

/**
 * A Page bundle: what one Page runs (its live flow versions, with their resources inside) and
 * its Messenger profile, without a single secret: those come from the environment where the
 * bundle is served. Each version carries its content hash, checked when the bundle is read.
 */
export const BUNDLE_FORMAT = 'charla.bundle'

const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  bundleVersion: z.literal(1),
  pageId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  pageName: z.string().max(120),
  exportedAt: z.string(),
  versions: z
    .array(
      z.strictObject({
        flowId: z.string(),
        number: z.number().int().min(1),
        contentHash: z.string(),
        flow: z.unknown(),
      }),
    )
    .min(1, 'the bundle has no published flow')
    .max(100),
  profile: profileSettingsSchema.optional(),
})
export type PageBundle = z.infer<typeof bundleSchema>

/** The Page's live versions and profile, as a bundle. */
export async function buildPageBundle(
  storage: Storage,
  pageId: string,
  now: number,
): Promise<PageBundle | undefined> {
  const page = await storage.pages.get(pageId)
  const live = await storage.flows.published(pageId)
  if (!page || !live.length) return undefined
  const profile = await storage.pageProfiles.get(pageId)
  return {
    format: BUNDLE_FORMAT,
    bundleVersion: 1,
    pageId: page.id,
    pageName: page.name,
    exportedAt: new Date(now).toISOString(),
    versions: live.map((v) => ({
      flowId: v.flowId,
      number: v.number,
      contentHash: v.contentHash,
      flow: v.flow,
    })),
    ...(profile ? { profile: profile.settings } : {}),
  }
}

export type BundleRead =
  | { ok: true; bundle: PageBundle; flows: Flow[]; profile?: MessengerProfileSettings }
  | { ok: false; message: string }

/** Reads a bundle file's text: safe JSON, the schema, each flow valid, lint-clean and unaltered. */
export function readPageBundle(text: string): BundleRead {
  const json = parseJsonSafely(text)
  if (!json.ok) return { ok: false, message: `not JSON: ${json.errors[0]?.message ?? ''}` }
  const parsed = bundleSchema.safeParse(json.value)
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error) }
  const flows: Flow[] = []
  for (const v of parsed.data.versions) {
    const flow = flowSchema.safeParse(v.flow)
    if (!flow.success) return { ok: false, message: `flow ${v.flowId} is not a valid flow` }
    if (contentHashOf(flow.data) !== v.contentHash)
      return {
        ok: false,
        message: `flow ${v.flowId} does not match its content hash: the bundle was altered after export`,
      }
    const errors = lintFlow(flow.data).filter((p) => p.severity === 'error')
    if (errors.length)
      return { ok: false, message: `flow ${v.flowId} has ${errors.length} lint errors` }
    flows.push(flow.data)
  }
  return {
    ok: true,
    bundle: parsed.data,
    flows,
    ...(parsed.data.profile ? { profile: parsed.data.profile } : {}),
  }
}
