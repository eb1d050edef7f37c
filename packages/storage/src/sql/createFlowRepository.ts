import { randomUUID } from 'node:crypto'
import { flowDocumentSchema, flowSchema, type Flow } from '@charla/flow-schema'
import type { Kysely, Selectable } from 'kysely'
import type { FlowDraft, FlowRepository, FlowVersion } from '../ports'
import type { Database, FlowDraftsTable, FlowVersionsTable } from './Database'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'
import { deepFreeze } from './deepFreeze'

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

    async publish(flow, pageId, now) {
      const valid = flowSchema.parse(flow)
      const json = JSON.stringify(valid)
      return atomic(async (db) => {
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
        }
        await db
          .insertInto('flow_versions')
          .values({
            id: version.id,
            flow_id: version.flowId,
            number: version.number,
            flow: json,
            created_at: now,
          })
          .execute()
        await db
          .insertInto('publications')
          .values({ page_id: pageId, flow_id: flow.id, version_id: version.id, published_at: now })
          .onConflict((oc) =>
            oc.columns(['page_id', 'flow_id']).doUpdateSet((eb) => ({
              version_id: eb.ref('excluded.version_id'),
              published_at: eb.ref('excluded.published_at'),
            })),
          )
          .execute()
        return version
      })
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
        .select(['id', 'flow_id', 'number', 'created_at'])
        .where('flow_id', '=', flowId)
        .orderBy('number', 'desc')
        .execute()
      return rows.map((row) => ({
        id: row.id,
        flowId: row.flow_id,
        number: row.number,
        createdAt: row.created_at,
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
  return {
    id: row.id,
    flowId: row.flow_id,
    number: row.number,
    flow: decodeFlow(row.flow, `flow version ${row.id}`),
    createdAt: row.created_at,
  }
}
