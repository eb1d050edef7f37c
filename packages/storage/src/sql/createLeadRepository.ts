import { randomUUID } from 'node:crypto'
import { valueSchema, type Value } from '@charla/flow-schema'
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely'
import { z } from 'zod'
import {
  LEAD_SOURCES,
  LEAD_STATUSES,
  type Lead,
  type LeadDelivery,
  type LeadFilter,
  type LeadRepository,
} from '../leadPorts'
import type { SecretBox } from '../secrets/createSecretBox'
import type { Database } from './Database'
import type { LeadsTable } from './LeadTables'
import type { RowReader } from './RowReader'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'

const answersSchema = z.record(z.string(), valueSchema)
const detailSchema = z.record(z.string(), z.string())
/** Rows the export pages through when no row reader is available. */
const STREAM_BATCH = 500

type LeadRow = Selectable<LeadsTable> & { first_name: string | null; last_name: string | null }

const leadRowSchema = z.object({
  id: z.string(),
  lead_key: z.string(),
  page_id: z.string(),
  psid: z.string(),
  flow_id: z.string(),
  flow_version_id: z.string(),
  node_id: z.string(),
  status: z.enum(LEAD_STATUSES),
  answers: z.string(),
  consent: z.number().nullable(),
  source: z.string(),
  source_detail: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
  completed_at: z.number().nullable(),
  push_url: z.string().nullable(),
  push_status: z.enum(['pending', 'delivered', 'failed']).nullable(),
  push_attempts: z.number(),
  push_next_at: z.number().nullable(),
  push_deadline: z.number().nullable(),
  push_error: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
})

export function createLeadRepository(
  { db, atomic }: SqlContext,
  openRowReader?: () => RowReader,
  secrets?: SecretBox,
): LeadRepository {
  // CRM signing secrets are sealed like Page secrets: same key, the Page id as associated data.
  const seal = (value: string, pageId: string) => (secrets ? secrets.encrypt(value, pageId) : value)
  const open = (value: string, pageId: string) => (secrets ? secrets.decrypt(value, pageId) : value)
  const byId = async (id: string) => {
    const row = await selectLeads(db).where('leads.id', '=', id).executeTakeFirst()
    return row && toLead(row)
  }
  return {
    async save(w, now) {
      const id = await atomic(async (db) => {
        const existing = await db
          .selectFrom('leads')
          .select(['id', 'status', 'push_status'])
          .where('lead_key', '=', w.leadKey)
          .executeTakeFirst()
        if (w.status === 'declined') {
          if (!existing) return undefined
          // A "no" keeps nothing the person said, only that they declined.
          await db
            .updateTable('leads')
            .set({
              status: 'declined',
              answers: '{}',
              consent: 0,
              updated_at: now,
              push_url: null,
              push_status: null,
              push_next_at: null,
            })
            .where('id', '=', existing.id)
            .execute()
          return existing.id
        }
        // A completed lead is final: a late "abandoned" must not undo it.
        if (existing?.status === 'completed') return existing.id
        const completed = w.status === 'completed'
        const push =
          completed && w.push && !existing?.push_status
            ? {
                push_url: w.push.url,
                push_status: 'pending' as const,
                push_attempts: 0,
                push_next_at: now,
                push_deadline: w.push.deadline,
                push_error: null,
              }
            : undefined
        const fields = {
          status: w.status,
          answers: JSON.stringify(w.answers),
          consent: w.consent === undefined ? null : w.consent ? 1 : 0,
          node_id: w.nodeId,
          flow_version_id: w.flowVersionId,
          updated_at: now,
          completed_at: completed ? now : null,
        }
        if (existing) {
          await db
            .updateTable('leads')
            .set({ ...fields, ...push })
            .where('id', '=', existing.id)
            .execute()
          return existing.id
        }
        const id = randomUUID()
        await db
          .insertInto('leads')
          .values({
            id,
            lead_key: w.leadKey,
            page_id: w.pageId,
            psid: w.psid,
            flow_id: w.flowId,
            source: w.source,
            source_detail: JSON.stringify(w.sourceDetail),
            created_at: now,
            push_attempts: 0,
            ...fields,
            ...push,
          })
          .execute()
        return id
      })
      return id === undefined ? undefined : byId(id)
    },

    get: byId,

    async getByKey(leadKey) {
      const row = await selectLeads(db).where('leads.lead_key', '=', leadKey).executeTakeFirst()
      return row && toLead(row)
    },

    async list(filter, { limit, offset }) {
      const rows = await selectLeads(db)
        .where(matching(filter))
        .orderBy('leads.created_at', 'desc')
        .orderBy('leads.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute()
      const { total } = await countQuery(db).where(matching(filter)).executeTakeFirstOrThrow()
      return { leads: rows.map(toLead), total: Number(total) }
    },

    stream(filter) {
      const query = selectLeads(db)
        .where(matching(filter))
        .orderBy('leads.created_at')
        .orderBy('leads.id')
      if (openRowReader) {
        const compiled = query.compile()
        return {
          async *[Symbol.asyncIterator]() {
            const reader = openRowReader()
            try {
              for (const row of reader.iterate(compiled.sql, compiled.parameters))
                yield toLead(leadRowSchema.parse(row))
            } finally {
              reader.close()
            }
          },
        }
      }
      return {
        async *[Symbol.asyncIterator]() {
          let after: { at: number; id: string } | undefined
          for (;;) {
            const cursor = after
            const rows = await (
              cursor
                ? query.where((eb) =>
                    eb.or([
                      eb('leads.created_at', '>', cursor.at),
                      eb.and([
                        eb('leads.created_at', '=', cursor.at),
                        eb('leads.id', '>', cursor.id),
                      ]),
                    ]),
                  )
                : query
            )
              .limit(STREAM_BATCH)
              .execute()
            for (const row of rows) yield toLead(row)
            const last = rows.at(-1)
            if (!last || rows.length < STREAM_BATCH) return
            after = { at: last.created_at, id: last.id }
          }
        },
      }
    },

    async deliveries(leadId) {
      const rows = await db
        .selectFrom('lead_deliveries')
        .selectAll()
        .where('lead_id', '=', leadId)
        .orderBy('id')
        .execute()
      return rows.map((r): LeadDelivery => ({
        id: r.id,
        leadId: r.lead_id,
        attempt: r.attempt,
        url: r.url,
        at: r.at,
        durationMs: r.duration_ms,
        ok: r.ok === 1,
        ...(r.status_code === null ? {} : { statusCode: r.status_code }),
        ...(r.error === null ? {} : { error: r.error }),
      }))
    },

    async duePushes(now, limit) {
      const rows = await selectLeads(db)
        .where('leads.push_status', '=', 'pending')
        .where('leads.push_next_at', '<=', now)
        .orderBy('leads.push_next_at')
        .limit(limit)
        .execute()
      return rows.flatMap((row) => {
        const lead = toLead(row)
        const push = lead.push
        return push?.nextAttemptAt === undefined
          ? []
          : [{ lead, push: { ...push, nextAttemptAt: push.nextAttemptAt } }]
      })
    },

    async claimPush(leadId, expectedNextAt, leaseUntil) {
      const res = await db
        .updateTable('leads')
        .set({ push_next_at: leaseUntil })
        .where('id', '=', leadId)
        .where('push_status', '=', 'pending')
        .where('push_next_at', '=', expectedNextAt)
        .executeTakeFirst()
      return Number(res.numUpdatedRows) === 1
    },

    async recordAttempt(leadId, attempt, next) {
      await atomic(async (db) => {
        const lead = await db
          .selectFrom('leads')
          .select(['push_attempts'])
          .where('id', '=', leadId)
          .executeTakeFirst()
        // Forgotten meanwhile (the contact asked to be deleted): nothing left to record.
        if (!lead) return
        const number = lead.push_attempts + 1
        await db
          .insertInto('lead_deliveries')
          .values({
            lead_id: leadId,
            attempt: number,
            url: attempt.url,
            at: attempt.at,
            duration_ms: attempt.durationMs,
            ok: attempt.ok ? 1 : 0,
            status_code: attempt.statusCode ?? null,
            error: attempt.error ?? null,
          })
          .execute()
        await db
          .updateTable('leads')
          .set({
            push_attempts: number,
            push_status: next.status,
            push_next_at: next.status === 'pending' ? next.nextAttemptAt : null,
            push_error: attempt.ok ? null : (attempt.error ?? null),
          })
          .where('id', '=', leadId)
          .execute()
      })
    },

    async nextPushAt() {
      const { next } = await db
        .selectFrom('leads')
        .select((eb) => eb.fn.min('push_next_at').as('next'))
        .where('push_status', '=', 'pending')
        .executeTakeFirstOrThrow()
      return next ?? undefined
    },

    async webhookSecret(pageId, generate, now) {
      return atomic(async (db) => {
        const found = await db
          .selectFrom('lead_webhook_secrets')
          .select('secret')
          .where('page_id', '=', pageId)
          .executeTakeFirst()
        if (found) return open(found.secret, pageId)
        const secret = generate()
        await db
          .insertInto('lead_webhook_secrets')
          .values({ page_id: pageId, secret: seal(secret, pageId), created_at: now })
          .execute()
        return secret
      })
    },

    async rotateWebhookSecret(pageId, generate, now) {
      const secret = generate()
      await db
        .insertInto('lead_webhook_secrets')
        .values({ page_id: pageId, secret: seal(secret, pageId), created_at: now })
        .onConflict((oc) =>
          oc.column('page_id').doUpdateSet({ secret: seal(secret, pageId), created_at: now }),
        )
        .execute()
      return secret
    },

    async reencryptWebhookSecrets() {
      const box = secrets
      if (!box) return 0
      return atomic(async (db) => {
        const rows = await db.selectFrom('lead_webhook_secrets').selectAll().execute()
        let rewritten = 0
        for (const row of rows) {
          if (box.isCurrent(row.secret)) continue
          await db
            .updateTable('lead_webhook_secrets')
            .set({ secret: box.encrypt(box.decrypt(row.secret, row.page_id), row.page_id) })
            .where('page_id', '=', row.page_id)
            .execute()
          rewritten++
        }
        return rewritten
      })
    },
  }
}

function selectLeads(db: Kysely<Database>) {
  return db
    .selectFrom('leads')
    .leftJoin('contacts', (j) =>
      j.onRef('contacts.page_id', '=', 'leads.page_id').onRef('contacts.psid', '=', 'leads.psid'),
    )
    .selectAll('leads')
    .select(['contacts.first_name', 'contacts.last_name'])
}

type LeadScope = ExpressionBuilder<Database, 'leads' | 'contacts'>

/** A filter as a `where` over `leads` joined with `contacts`. */
function matching(f: LeadFilter) {
  return (eb: LeadScope) => {
    const all: Expression<SqlBool>[] = []
    if (f.pageId !== undefined) all.push(eb('leads.page_id', '=', f.pageId))
    if (f.psid !== undefined) all.push(eb('leads.psid', '=', f.psid))
    if (f.flowId !== undefined) all.push(eb('leads.flow_id', '=', f.flowId))
    if (f.status !== undefined) all.push(eb('leads.status', '=', f.status))
    if (f.from !== undefined) all.push(eb('leads.created_at', '>=', f.from))
    if (f.to !== undefined) all.push(eb('leads.created_at', '<', f.to))
    const words = f.q?.trim().toLowerCase()
    if (words) {
      const like = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      all.push(
        eb.or([
          sql<SqlBool>`lower(leads.answers) like ${like} escape '\\'`,
          sql<SqlBool>`lower(coalesce(contacts.first_name, '') || ' ' || coalesce(contacts.last_name, '')) like ${like} escape '\\'`,
        ]),
      )
    }
    return eb.and(all)
  }
}

function countQuery(db: Kysely<Database>) {
  return db
    .selectFrom('leads')
    .leftJoin('contacts', (j) =>
      j.onRef('contacts.page_id', '=', 'leads.page_id').onRef('contacts.psid', '=', 'leads.psid'),
    )
    .select((eb) => eb.fn.countAll<number>().as('total'))
}

function toLead(row: LeadRow): Lead {
  const what = `lead ${row.id}`
  const source = (LEAD_SOURCES as readonly string[]).includes(row.source)
    ? (row.source as Lead['source'])
    : 'unknown'
  return {
    id: row.id,
    leadKey: row.lead_key,
    pageId: row.page_id,
    psid: row.psid,
    flowId: row.flow_id,
    flowVersionId: row.flow_version_id,
    nodeId: row.node_id,
    status: row.status,
    answers: decodeRecord(answersSchema, isValue, row.answers, what),
    ...(row.consent === null ? {} : { consent: row.consent === 1 }),
    source,
    sourceDetail: decodeRecord(detailSchema, isString, row.source_detail, what),
    ...(row.first_name ? { firstName: row.first_name } : {}),
    ...(row.last_name ? { lastName: row.last_name } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.completed_at === null ? {} : { completedAt: row.completed_at }),
    ...(row.push_url && row.push_status
      ? {
          push: {
            url: row.push_url,
            status: row.push_status,
            attempts: row.push_attempts,
            ...(row.push_next_at === null ? {} : { nextAttemptAt: row.push_next_at }),
            deadline: row.push_deadline ?? row.completed_at ?? row.updated_at,
            ...(row.push_error === null ? {} : { lastError: row.push_error }),
          },
        }
      : {}),
  }
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isValue = (v: unknown): v is Value =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  (Array.isArray(v) && v.every(isString))

/**
 * A JSON record column, checked value by value with a plain type test: an export reads
 * 100,000 of them, and zod's generic walk cost more than the rest of the row. Anything the
 * quick test does not accept goes through the schema, which decides and explains.
 */
function decodeRecord<T>(
  schema: z.ZodType<Record<string, T>>,
  ok: (v: unknown) => v is T,
  raw: string,
  what: string,
): Record<string, T> {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return decodeJson(schema, raw, what)
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(ok)
  )
    return value as Record<string, T>
  return decodeJson(schema, raw, what)
}
