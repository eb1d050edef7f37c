import type { PhraseKey, PhraseOverrides } from '@charla/flow-schema'
import { fill } from './format'
import type { Run } from './Run'

/** A built-in phrase in the flow's language, unless the node overrides it. */
export function phrase(
  run: Run,
  key: PhraseKey,
  params?: Record<string, string | number>,
  overrides?: PhraseOverrides,
): string {
  return fill(overrides?.[key] ?? run.phrases[key], params)
}
