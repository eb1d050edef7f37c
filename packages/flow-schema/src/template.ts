/**
 * Templates are a tiny lookup language: `{{name}}`, `{{contact.first_name}}` and
 * `{{name | "fallback"}}`. They are looked up, never evaluated.
 */
export type TemplatePart =
  { kind: 'text'; text: string } | { kind: 'var'; name: string; fallback?: string; raw: string }

const TOKEN = /\{\{\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\s*(?:\|\s*"((?:[^"\\]|\\.)*)"\s*)?\}\}/g

/** Splits a template into literal text and variable references. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = []
  let last = 0
  for (const m of template.matchAll(TOKEN)) {
    const start = m.index
    if (start > last) parts.push({ kind: 'text', text: template.slice(last, start) })
    const name = m[1] ?? ''
    const fallback = m[2] === undefined ? undefined : m[2].replace(/\\(.)/g, '$1')
    parts.push(
      fallback === undefined
        ? { kind: 'var', name, raw: m[0] }
        : { kind: 'var', name, fallback, raw: m[0] },
    )
    last = start + m[0].length
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) })
  return parts
}

/** Variable names a template reads. */
export function templateVariables(template: string): string[] {
  return parseTemplate(template).flatMap((p) => (p.kind === 'var' ? [p.name] : []))
}

/** `{{` sequences that are not a valid reference (e.g. `{{ First Name }}`), for the linter. */
export function malformedTemplateTokens(template: string): string[] {
  const stripped = template.replace(TOKEN, '')
  return [...stripped.matchAll(/\{\{[^}]*\}?\}?/g)].map((m) => m[0])
}
