import { randomUUID } from 'node:crypto'
import { flowDocumentSchema, flowSchema, type Flow } from '@charla/flow-schema'
import type { Kysely, Selectable } from 'kysely'
import type { FlowDraft, FlowRepository, FlowVersion } from '../ports'
import type { Database, FlowDraftsTable, FlowVersionsTable } from './Database'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'
import { deepFreeze } from './deepFreeze'
import { contentHashOf } from './canonicalJson'

export function createFlowRepository({ db, atomic, versions }: SqlContext): FlowRepository {
  /** Versions by id, from the cache or in one query for those not in it. */
  async function loadVersions(
    db: Kysely<Database>,
    ids: string[],
  ): Promise<Map<string, FlowVersion>> {
    const found = new Map<string, FlowVersion>()
    const missing: string[] = []
    for (const id of ids) {
      const cached = versions.get(id)
      if (cached) found.set(id, cached)
      else missing.push(id)
    }
    if (missing.length) {
      const rows = await db
        .selectFrom('flow_versions')
        .selectAll()
        .where('id', 'in', missing)
        .execute()
      for (const row of rows) {
        // Shared with every later caller: frozen, so one caller cannot change another's flow.
        const version = deepFreeze(toVersion(row))
        versions.set(version.id, version)
        found.set(version.id, version)
      }
    }
    return found
  }

  return {
    async saveDraft(document, expectedRevision, now) {
      // Flow-shaped on the way in: a draft stored without an id or node list could never be
      // read back. Content may be invalid (see FlowDocument).
      const valid = flowDocumentSchema.parse(document)
      const json = JSON.stringify(valid)
      return atomic(async (db) => {
        if (expectedRevision !== undefined) {
          const updated = await db
            .updateTable('flow_drafts')
            .set({ flow: json, revision: expectedRevision + 1, updated_at: now })
            .where('id', '=', valid.id)
            .where('revision', '=', expectedRevision)
            .returningAll()
            .executeTakeFirst()
          if (updated) return { ok: true as const, draft: toDraft(updated) }
        }
        // New, or deleted in another tab while this one still had it open: keeping the work
        // beats refusing it, and there is no newer draft to report as the conflict.
        const inserted = await db
          .insertInto('flow_drafts')
          .values({ id: valid.id, flow: json, revision: 1, updated_at: now })
          .onConflict((oc) => oc.column('id').doNothing())
          .returningAll()
          .executeTakeFirst()
        if (inserted) return { ok: true as const, draft: toDraft(inserted) }
        const current = await db
          .selectFrom('flow_drafts')
          .selectAll()
          .where('id', '=', valid.id)
          .executeTakeFirstOrThrow()
        return { ok: false as const, conflict: toDraft(current) }
      })
    },

    async getDraft(id) {
      const row = await db
        .selectFrom('flow_drafts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row && toDraft(row)
    },

    async listDrafts() {
      const rows = await db
        .selectFrom('flow_drafts')
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .execute()
      return rows.map((row) => toDraft(row))
    },

    async deleteDraft(id) {
      await db.deleteFrom('flow_drafts').where('id', '=', id).execute()
    },

    async publish(flow, pageId, now, options = {}) {
      const valid = flowSchema.parse(flow)
      const json = JSON.stringify(valid)
      const contentHash = contentHashOf(valid)
      const publishedBy = options.publishedBy ?? null
      return atomic(async (db) => {
        // Identical content is the same version: it goes live again instead of being copied.
        const same = await db
          .selectFrom('flow_versions')
          .select('id')
          .where('flow_id', '=', valid.id)
          .where('content_hash', '=', contentHash)
          .orderBy('number', 'desc')
          .executeTakeFirst()
        if (same) {
          await goLive(db, pageId, valid.id, same.id, now, 'publish', publishedBy)
          const existing = (await loadVersions(db, [same.id])).get(same.id)
          if (!existing) throw new Error(`flow version ${same.id} vanished`)
          return existing
        }
        const { last } = await db
          .selectFrom('flow_versions')
          .select((eb) => eb.fn.max('number').as('last'))
          .where('flow_id', '=', flow.id)
          .executeTakeFirstOrThrow()
        // A random id, not `<flow>@<n>`: a rolled-back publish must not leave an id that a
        // later publish reuses for different content (parsed versions are cached by id).
        const version: FlowVersion = {
          id: randomUUID(),
          flowId: flow.id,
          number: (last ?? 0) + 1,
          flow: valid,
          createdAt: now,
          contentHash,
          ...(publishedBy !== null ? { publishedBy } : {}),
        }
        await db
          .insertInto('flow_versions')
          .values({
            id: version.id,
            flow_id: version.flowId,
            number: version.number,
            flow: json,
            created_at: now,
            content_hash: contentHash,
            published_by: publishedBy,
          })
          .execute()
        await goLive(db, pageId, flow.id, version.id, now, 'publish', publishedBy)
        return version
      })
    },

    async findByHash(flowId, contentHash) {
      const row = await db
        .selectFrom('flow_versions')
        .select('id')
        .where('flow_id', '=', flowId)
        .where('content_hash', '=', contentHash)
        .orderBy('number', 'desc')
        .executeTakeFirst()
      return row && (await loadVersions(db, [row.id])).get(row.id)
    },

    async makeLive(versionId, pageId, now, options = {}) {
      return atomic(async (db) => {
        const version = (await loadVersions(db, [versionId])).get(versionId)
        if (!version) return undefined
        await goLive(
          db,
          pageId,
          version.flowId,
          version.id,
          now,
          'rollback',
          options.publishedBy ?? null,
        )
        return version
      })
    },

    async history(flowId) {
      const rows = await db
        .selectFrom('publication_history')
        .innerJoin('flow_versions', 'flow_versions.id', 'publication_history.version_id')
        .select([
          'publication_history.id',
          'publication_history.page_id',
          'publication_history.flow_id',
          'publication_history.version_id',
          'publication_history.action',
          'publication_history.published_by',
          'publication_history.at',
          'flow_versions.number',
        ])
        .where('publication_history.flow_id', '=', flowId)
        .orderBy('publication_history.id', 'desc')
        .execute()
      return rows.map((row) => ({
        id: row.id,
        pageId: row.page_id,
        flowId: row.flow_id,
        versionId: row.version_id,
        number: row.number,
        action: row.action,
        ...(row.published_by !== null ? { publishedBy: row.published_by } : {}),
        at: row.at,
      }))
    },

    async getVersion(id) {
      return (await loadVersions(db, [id])).get(id)
    },

    async published(pageId) {
      const live = await db
        .selectFrom('publications')
        .select('version_id')
        .where('page_id', '=', pageId)
        .orderBy('published_at', 'desc')
        .orderBy('flow_id')
        .execute()
      const found = await loadVersions(
        db,
        live.map((p) => p.version_id),
      )
      return live.flatMap((p) => found.get(p.version_id) ?? [])
    },

    async listVersions(flowId) {
      const rows = await db
        .selectFrom('flow_versions')
        .select(['id', 'flow_id', 'number', 'created_at', 'content_hash', 'published_by'])
        .where('flow_id', '=', flowId)
        .orderBy('number', 'desc')
        .execute()
      return rows.map((row) => ({
        id: row.id,
        flowId: row.flow_id,
        number: row.number,
        createdAt: row.created_at,
        // Migration 007 hashed every older version; only a row written around it lacks one.
        contentHash: row.content_hash ?? '',
        ...(row.published_by !== null ? { publishedBy: row.published_by } : {}),
      }))
    },

    async publications(flowId) {
      let query = db
        .selectFrom('publications')
        .innerJoin('flow_versions', 'flow_versions.id', 'publications.version_id')
        .select([
          'publications.page_id',
          'publications.flow_id',
          'publications.version_id',
          'publications.published_at',
          'flow_versions.number',
        ])
      if (flowId !== undefined) query = query.where('publications.flow_id', '=', flowId)
      const rows = await query
        .orderBy('publications.published_at', 'desc')
        .orderBy('publications.page_id')
        .execute()
      return rows.map((row) => ({
        pageId: row.page_id,
        flowId: row.flow_id,
        versionId: row.version_id,
        number: row.number,
        publishedAt: row.published_at,
      }))
    },
  }
}

function decodeFlow(raw: string, what: string): Flow {
  return decodeJson(flowSchema, raw, what)
}

function toDraft(row: Selectable<FlowDraftsTable>): FlowDraft {
  const document = decodeJson(flowDocumentSchema, row.flow, `flow draft ${row.id}`)
  const parsed = flowSchema.safeParse(document)
  return {
    id: row.id,
    document,
    ...(parsed.success ? { flow: parsed.data } : {}),
    revision: row.revision,
    updatedAt: row.updated_at,
  }
}

function toVersion(row: Selectable<FlowVersionsTable>): FlowVersion {
  const flow = decodeFlow(row.flow, `flow version ${row.id}`)
  return {
    id: row.id,
    flowId: row.flow_id,
    number: row.number,
    flow,
    createdAt: row.created_at,
    contentHash: row.content_hash ?? contentHashOf(flow),
    ...(row.published_by !== null ? { publishedBy: row.published_by } : {}),
  }
}

/** Makes a version the one live for its flow on the Page, and records who did it and when. */
async function goLive(
  db: Kysely<Database>,
  pageId: string,
  flowId: string,
  versionId: string,
  now: number,
  action: 'publish' | 'rollback',
  publishedBy: string | null,
): Promise<void> {
  await db
    .insertInto('publications')
    .values({ page_id: pageId, flow_id: flowId, version_id: versionId, published_at: now })
    .onConflict((oc) =>
      oc.columns(['page_id', 'flow_id']).doUpdateSet((eb) => ({
        version_id: eb.ref('excluded.version_id'),
        published_at: eb.ref('excluded.published_at'),
      })),
    )
    .execute()
  await db
    .insertInto('publication_history')
    .values({
      page_id: pageId,
      flow_id: flowId,
      version_id: versionId,
      action,
      published_by: publishedBy,
      at: now,
    })
    .execute()
}
