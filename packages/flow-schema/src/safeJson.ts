import { formatPath, type PathSegment } from './formatPath'
import type { FlowError } from './FlowError'
import { locateJsonError } from './locateJsonError'

/** A flow file above this size is refused before parsing. */
export const MAX_FLOW_BYTES = 5 * 1024 * 1024
/** Deeper nesting than this is never a real flow; it protects recursive walks. */
export const MAX_DEPTH = 64

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; errors: FlowError[] }

/**
 * `JSON.parse` that refuses what could poison prototypes later (`__proto__`, or `constructor`
 * holding `prototype`), documents above {@link MAX_FLOW_BYTES} and nesting above
 * {@link MAX_DEPTH}.
 */
export function parseJsonSafely(text: string): SafeJsonResult {
  if (text.length > MAX_FLOW_BYTES)
    return fail('', `the file is too large (more than ${MAX_FLOW_BYTES / 1024 / 1024} MB)`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return fail('', `not valid JSON: ${describeJsonError(text)}`)
  }
  return checkJsonValue(value)
}

/** Walks an already-parsed value for poisoned keys and excessive depth. */
export function checkJsonValue(value: unknown): SafeJsonResult {
  const errors: FlowError[] = []
  walk(value, [], errors)
  return errors.length ? { ok: false, errors } : { ok: true, value }
}

function walk(value: unknown, path: PathSegment[], errors: FlowError[]): void {
  if (errors.length >= 20 || value === null || typeof value !== 'object') return
  if (path.length > MAX_DEPTH) {
    errors.push({ path: formatPath(path), message: `nested deeper than ${MAX_DEPTH} levels` })
    return
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, i], errors))
    return
  }
  for (const key of Object.keys(value)) {
    const child: unknown = (value as Record<string, unknown>)[key]
    if (key === '__proto__' || (key === 'constructor' && isObjectWith(child, 'prototype'))) {
      errors.push({ path: formatPath([...path, key]), message: `the key "${key}" is not allowed` })
      continue
    }
    walk(child, [...path, key], errors)
  }
}

function isObjectWith(value: unknown, key: string): boolean {
  return (
    value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)
  )
}

function fail(path: string, message: string): SafeJsonResult {
  return { ok: false, errors: [{ path, message }] }
}

/** Where and why the text stops being JSON, with a line and column to find it by hand. */
function describeJsonError(text: string): string {
  const pos = locateJsonError(text)
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  const column = pos - before.lastIndexOf('\n')
  const what =
    pos >= text.length ? 'the text ends too early' : `unexpected ${JSON.stringify(text[pos])}`
  return `${what} (line ${line}, column ${column})`
}
