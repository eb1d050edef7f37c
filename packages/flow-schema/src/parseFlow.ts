import { flowSchema, type Flow } from './flow'
import type { FlowError } from './FlowError'
import { formatPath } from './formatPath'
import { migrateFlow, type Migration } from './migrations/migrateFlow'
import { NODE_TYPES } from './nodes'
import { checkJsonValue, parseJsonSafely } from './safeJson'
import { zodErrorMessage } from './zodErrorMessage'

export type ParseFlowResult =
  { ok: true; flow: Flow; migratedFrom?: number } | { ok: false; errors: FlowError[] }

export interface ParseFlowOptions {
  /** For tests of the migration mechanism; production uses the built-in chain. */
  migrations?: Readonly<Record<number, Migration>>
  target?: number
}

/**
 * The one way into a flow, for the editor, the runtime and the CLI: parse JSON with
 * prototype-poisoning protection, migrate to the current version, then validate.
 *
 * @param input JSON text, or a value already parsed from JSON.
 * @returns the flow, or errors each located by a JSON path a marketer can follow.
 * @example
 * const r = parseFlow(fileText)
 * if (!r.ok) for (const e of r.errors) console.log(`${e.path}: ${e.message}`)
 */
export function parseFlow(input: unknown, options: ParseFlowOptions = {}): ParseFlowResult {
  const json = typeof input === 'string' ? parseJsonSafely(input) : checkJsonValue(input)
  if (!json.ok) return json
  const migrated = migrateFlow(json.value, options)
  if (!migrated.ok) return migrated
  const doc = migrated.doc
  const parsed = flowSchema.safeParse(doc, { error: zodErrorMessage })
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) => toFlowErrors(issue, doc))
    return { ok: false, errors: dedupe(errors) }
  }
  return migrated.from === (options.target ?? parsed.data.schemaVersion)
    ? { ok: true, flow: parsed.data }
    : { ok: true, flow: parsed.data, migratedFrom: migrated.from }
}

interface IssueLike {
  code: string
  path: PropertyKey[]
  message: string
  keys?: string[]
  errors?: unknown
  discriminator?: string
}

function toFlowErrors(issue: IssueLike, doc: Record<string, unknown>): FlowError[] {
  const path = [...issue.path]
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    return issue.keys.map((key) => locate([...path, key], `unknown field "${key}"`, doc))
  }
  if (issue.code === 'invalid_union' && path.at(-1) === 'type') path.pop()
  if (issue.code === 'invalid_union' && path[0] === 'nodes' && path.length === 2) {
    const type = valueAt(doc, [...path, 'type'])
    const message =
      typeof type === 'string'
        ? `unknown node type "${type}" (known types: ${NODE_TYPES.join(', ')})`
        : `a node needs a "type" (one of: ${NODE_TYPES.join(', ')})`
    return [locate([...path, 'type'], message, doc)]
  }
  return [locate(path, issue.message, doc)]
}

function locate(path: PropertyKey[], message: string, doc: Record<string, unknown>): FlowError {
  const error: FlowError = { path: formatPath(path), message }
  if (path[0] === 'nodes' && typeof path[1] === 'number') {
    const id = valueAt(doc, ['nodes', path[1], 'id'])
    if (typeof id === 'string') error.nodeId = id
  }
  return error
}

function valueAt(doc: unknown, path: PropertyKey[]): unknown {
  let cur = doc
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<PropertyKey, unknown>)[seg]
  }
  return cur
}

function dedupe(errors: FlowError[]): FlowError[] {
  const seen = new Set<string>()
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
