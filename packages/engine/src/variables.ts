import { parseTemplate, type Value } from '@charla/flow-schema'
import type { Run } from './Run'
import { emit } from './Run'
import { formatValue } from './format'

/**
 * Reads a variable or built-in as the templates and conditions see it: declared contact-scope
 * variables live on the contact, conversation ones in the run, built-ins where the runtime put
 * them.
 */
export function readVariable(
  run: Run,
  name: string,
  overlay?: Record<string, Value>,
): Value | undefined {
  if (overlay && name in overlay) return overlay[name]
  const { state } = run
  switch (name) {
    case 'contact.first_name':
      return state.contact.firstName
    case 'contact.last_name':
      return state.contact.lastName
    case 'contact.psid':
      return state.contact.psid
    case 'contact.tags':
      return state.contact.tags
    case 'page.id':
      return run.ctx.page?.id
    case 'page.name':
      return run.ctx.page?.name
    case 'flow.id':
      return run.flow.id
  }
  if (name.startsWith('contact.')) return state.contact.fields[name.slice('contact.'.length)]
  const declared = run.index.variables.get(name)
  const value = declared?.scope === 'contact' ? state.contact.fields[name] : state.vars[name]
  return value ?? declared?.default
}

/** Text this long and lists this long are cut, so no loop can balloon a conversation's state. */
export const MAX_TEXT_VALUE = 10_000
export const MAX_LIST_VALUE = 1_000

/** Writes a declared variable where its scope says, telling the runtime about contact fields. */
export function writeVariable(run: Run, name: string, raw: Value): void {
  const value = bounded(raw)
  const declared = run.index.variables.get(name)
  if (declared?.scope === 'contact') {
    run.state.contact.fields[name] = value
    emit(run, { type: 'update_contact', fields: { [name]: value } })
  } else {
    run.state.vars[name] = value
  }
}

/**
 * Fills `{{name}}` / `{{name | "fallback"}}` in one pass. Values are inserted as they are, so a
 * value a person typed is never read as a template.
 */
export function render(run: Run, template: string, overlay?: Record<string, Value>): string {
  if (!template.includes('{{')) return template
  let out = ''
  for (const part of parseTemplate(template)) {
    if (part.kind === 'text') {
      out += part.text
      continue
    }
    const value = readVariable(run, part.name, overlay)
    const type = run.index.variables.get(part.name)?.type
    const text = value === undefined || isEmpty(value) ? undefined : formatValue(run, value, type)
    out += text ?? part.fallback ?? ''
  }
  return out
}

export function isEmpty(value: Value | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  )
}

function bounded(value: Value): Value {
  const cut = (text: string) =>
    text.length > MAX_TEXT_VALUE ? text.slice(0, MAX_TEXT_VALUE) : text
  if (typeof value === 'string') return cut(value)
  if (Array.isArray(value)) return value.slice(-MAX_LIST_VALUE).map(cut)
  return value
}
