import type { Value } from '@charla/flow-schema'
import type { Lead } from '@charla/storage'

/** Fixed columns first; one column per answer variable follows (see `leadsCsv`). */
const FIXED = [
  'lead_id',
  'status',
  'created_at',
  'updated_at',
  'completed_at',
  'page_id',
  'flow_id',
  'flow_version_id',
  'psid',
  'first_name',
  'last_name',
  'consent',
  'source',
  'source_detail',
  'crm_push',
] as const

/**
 * One CSV cell, RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled.
 * A cell a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
 * return before one) gets a leading `'`: the answers come from strangers (CSV injection).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

function valueText(v: Value | undefined): string {
  if (v === undefined || v === null) return ''
  if (Array.isArray(v)) return v.join('; ')
  return String(v)
}

const CHUNK_CHARS = 64 * 1024

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString())

/**
 * The leads as CSV text in chunks of whole lines (UTF-8 with a BOM so Excel reads accents), produced as the rows are
 * read: memory stays flat whatever the count. Answer columns are the `answerColumns` given
 * (the variables of the forms exported), in that order; answers to anything else go in
 * `other_answers` as JSON, so nothing a person gave is lost.
 */
export async function* leadsCsv(
  leads: AsyncIterable<Lead>,
  answerColumns: readonly string[],
): AsyncGenerator<string> {
  const known = new Set(answerColumns)
  // Rows are joined into ~64 KB chunks: one write (and one await) per chunk, not per row.
  let chunk = `\uFEFF${[...FIXED, ...answerColumns.map((c) => `answer_${c}`), 'other_answers'].map(csvCell).join(',')}\r\n`
  for await (const lead of leads) {
    const other: Record<string, Value> = {}
    for (const [k, v] of Object.entries(lead.answers)) if (!known.has(k)) other[k] = v
    const cells = [
      lead.id,
      lead.status,
      iso(lead.createdAt),
      iso(lead.updatedAt),
      iso(lead.completedAt),
      lead.pageId,
      lead.flowId,
      lead.flowVersionId,
      lead.psid,
      lead.firstName ?? '',
      lead.lastName ?? '',
      lead.consent === undefined ? '' : lead.consent ? 'yes' : 'no',
      lead.source,
      Object.entries(lead.sourceDetail)
        .filter(([k]) => k !== 'trigger')
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      lead.push ? lead.push.status : '',
      ...answerColumns.map((c) => valueText(lead.answers[c])),
      Object.keys(other).length ? JSON.stringify(other) : '',
    ]
    chunk += `${cells.map(csvCell).join(',')}\r\n`
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk) yield chunk
}
