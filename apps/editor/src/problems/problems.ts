import { lintFlow, parseFlow, type Flow } from '@charla/flow-schema'
import { create } from 'zustand'

export interface Problem {
  severity: 'error' | 'warning'
  /** A lint code, or `schema` for what the flow schema refuses. */
  code: string
  message: string
  path: string
  nodeId?: string
}

export interface NodeProblems {
  severity: 'error' | 'warning'
  messages: string[]
}

export interface ProblemsState {
  list: Problem[]
  byNode: ReadonlyMap<string, NodeProblems>
  errorCount: number
  warningCount: number
  /** Problems of the file the person imported, before it became this draft. */
  importErrors: Problem[]
}

/** Schema errors first (the flow cannot run), then the linter's findings. */
export function computeProblems(flow: Flow): Problem[] {
  const parsed = parseFlow(flow)
  const schema: Problem[] = parsed.ok
    ? []
    : parsed.errors.map((e) => ({
        severity: 'error' as const,
        code: 'schema',
        message: e.message,
        path: e.path,
        ...(e.nodeId ? { nodeId: e.nodeId } : {}),
      }))
  let lint: Problem[] = []
  try {
    lint = lintFlow(flow).map((p) => ({
      severity: p.severity,
      code: p.code,
      message: p.message,
      path: p.path,
      ...(p.nodeId ? { nodeId: p.nodeId } : {}),
    }))
  } catch {
    // The linter expects a schema-valid flow; the schema errors above say what to fix.
  }
  return [...schema, ...lint]
}

export function groupByNode(list: readonly Problem[]): Map<string, NodeProblems> {
  const map = new Map<string, NodeProblems>()
  for (const p of list) {
    if (!p.nodeId) continue
    const cur = map.get(p.nodeId)
    if (!cur) map.set(p.nodeId, { severity: p.severity, messages: [p.message] })
    else {
      cur.messages.push(p.message)
      if (p.severity === 'error') cur.severity = 'error'
    }
  }
  return map
}

export const useProblems = create<ProblemsState>()(() => ({
  list: [],
  byNode: new Map(),
  errorCount: 0,
  warningCount: 0,
  importErrors: [],
}))

export function setProblems(list: Problem[]): void {
  const importErrors = useProblems.getState().importErrors
  const all = [...importErrors, ...list]
  useProblems.setState({
    list,
    byNode: groupByNode(all),
    errorCount: all.filter((p) => p.severity === 'error').length,
    warningCount: all.filter((p) => p.severity === 'warning').length,
  })
}

/** Problems of one node's data path, e.g. for the inspector's inline messages. */
export function problemsAt(list: readonly Problem[], nodeId: string): Problem[] {
  return list.filter((p) => p.nodeId === nodeId)
}
