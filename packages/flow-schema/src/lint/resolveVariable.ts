import { BUILTIN_VARIABLES, type Variable } from '../variable'

const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_VARIABLES)

/**
 * What a variable reference names: a built-in, a declared variable (`name`, or
 * `contact.name` for a contact-scope one, which is the same CRM field), or nothing.
 */
export function resolveVariable(
  name: string,
  variables: ReadonlyMap<string, Variable>,
): { builtin: true } | { builtin: false; variable: Variable } | undefined {
  if (BUILTINS.has(name)) return { builtin: true }
  const declared = variables.get(name)
  if (declared) return { builtin: false, variable: declared }
  if (name.startsWith('contact.')) {
    const field = variables.get(name.slice('contact.'.length))
    if (field?.scope === 'contact') return { builtin: false, variable: field }
  }
  return undefined
}

/** Names a reference could have meant, for "did you mean" hints. */
export function knownNames(variables: ReadonlyMap<string, Variable>): string[] {
  return [...variables.keys(), ...BUILTINS]
}
