import type { PathSegment } from '../formatPath'
import { malformedTemplateTokens, templateVariables } from '../template'
import type { TextField } from './NodeFacts'

/** Parses the templates in a node's texts once, for every check that needs them. */
export function templateUses(texts: readonly TextField[]): TemplateUse[] {
  const uses: TemplateUse[] = []
  for (const { path, text, after } of texts) {
    // Most texts hold no template at all; skip the regular expressions for them.
    if (!text.includes('{{')) continue
    const use: TemplateUse = {
      path,
      names: [...new Set(templateVariables(text))],
      malformed: [...new Set(malformedTemplateTokens(text))],
    }
    if (after !== undefined) use.after = after
    uses.push(use)
  }
  return uses
}

/** The templates in one text field. */
export interface TemplateUse {
  path: PathSegment[]
  /** Variables referenced, each once. */
  names: string[]
  /** `{{...}}` that are not valid references, each once. */
  malformed: string[]
  after?: readonly string[]
}
