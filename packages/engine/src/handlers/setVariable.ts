import type { Assignment, Value } from '@charla/flow-schema'
import { go, neverWaits, type NodeHandler } from '../NodeHandler'
import type { Run } from '../Run'
import { readVariable, render, writeVariable } from '../variables'

export const setVariable: NodeHandler<'set_variable'> = {
  enter(run, node) {
    for (const a of node.data.assignments) writeVariable(run, a.variable, assign(run, a))
    return go('next')
  },
  resume: neverWaits,
}

function assign(run: Run, a: Assignment): Value {
  const current = readVariable(run, a.variable)
  const value = typeof a.value === 'string' ? render(run, a.value) : a.value
  switch (a.op) {
    case 'set':
      return coerce(run, a.variable, value ?? null)
    case 'increment': {
      const base = typeof current === 'number' ? current : Number(current ?? 0) || 0
      const next = base + (typeof a.value === 'number' ? a.value : 1)
      // JSON has no Infinity: a count that overflows keeps its last value.
      return Number.isFinite(next) ? next : base
    }
    case 'append': {
      if (value === undefined) return current ?? null
      if (Array.isArray(current)) return [...current, String(value)]
      if (typeof current === 'string' && run.index.variables.get(a.variable)?.type !== 'list')
        return current + String(value)
      const isList = run.index.variables.get(a.variable)?.type === 'list'
      if (current === undefined || current === null || current === '')
        return isList ? [String(value)] : String(value)
      return [String(current), String(value)]
    }
    case 'clear':
      return null
  }
}

/** A number variable set from a template keeps being a number. */
function coerce(run: Run, name: string, value: Value): Value {
  const type = run.index.variables.get(name)?.type
  if (
    type === 'number' &&
    typeof value === 'string' &&
    value.trim() !== '' &&
    Number.isFinite(Number(value))
  )
    return Number(value)
  if (type === 'boolean' && typeof value === 'string') return value === 'true'
  return value
}
