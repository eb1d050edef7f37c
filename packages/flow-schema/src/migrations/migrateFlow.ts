import { CURRENT_SCHEMA_VERSION } from '../flow'
import type { FlowError } from '../FlowError'

/** Turns a document of version `from` into version `from + 1`. Pure; never mutates its input. */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>

/**
 * `MIGRATIONS[v]` upgrades v → v+1. v1 is the first version, so the list is empty; the
 * mechanism is exercised by tests with their own chain.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {}

export type MigrateResult =
  { ok: true; doc: Record<string, unknown>; from: number } | { ok: false; errors: FlowError[] }

/** Applies every migration from the document's `schemaVersion` up to `target`, in order. */
export function migrateFlow(
  doc: unknown,
  { migrations = MIGRATIONS, target = CURRENT_SCHEMA_VERSION } = {},
): MigrateResult {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return fail('', 'a flow file must contain a JSON object')
  const record = doc as Record<string, unknown>
  const version = record.schemaVersion
  if (version === undefined) return fail('schemaVersion', 'is required (this is version 1)')
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return fail('schemaVersion', 'must be a whole number from 1')
  if (version > target)
    return fail(
      'schemaVersion',
      `this flow was made by a newer Charla (format v${version}); this one reads up to v${target}. Update Charla to open it`,
    )
  let current = record
  for (let v = version; v < target; v++) {
    const migrate = migrations[v]
    if (!migrate) return fail('schemaVersion', `no migration from v${v} to v${v + 1}`)
    current = { ...migrate(current), schemaVersion: v + 1 }
  }
  return { ok: true, doc: current, from: version }
}

function fail(path: string, message: string): MigrateResult {
  return { ok: false, errors: [{ path, message }] }
}
