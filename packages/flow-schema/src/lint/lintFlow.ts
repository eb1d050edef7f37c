import type { Flow } from '../flow'
import { checkCycles } from './checkCycles'
import { checkEdges } from './checkEdges'
import { checkJumps } from './checkJumps'
import { checkPayloads } from './checkPayloads'
import { checkReachability } from './checkReachability'
import { checkReadBeforeSet } from './checkReadBeforeSet'
import { checkReminders } from './checkReminders'
import { checkResources } from './checkResources'
import { checkTags } from './checkTags'
import { checkTriggers } from './checkTriggers'
import { checkUnconnectedOutputs } from './checkUnconnectedOutputs'
import { checkUrls } from './checkUrls'
import { checkVariables } from './checkVariables'
import { checkVariableTypes } from './checkVariableTypes'
import { checkWindow } from './checkWindow'
import { createLintContext, type Check } from './LintContext'
import type { LintProblem } from './LintProblem'

/**
 * Checks a parsed flow beyond its schema, for the editor, `charla flow validate` and
 * publishing: errors block publishing, warnings are shown on the node.
 *
 * @returns the problems ordered by node (problems of the flow as a whole first), then path.
 * @example
 * for (const p of lintFlow(flow)) console.log(`${p.severity} ${p.path}: ${p.message}`)
 */
export function lintFlow(flow: Flow): LintProblem[] {
  const ctx = createLintContext(flow)
  const problems = CHECKS.flatMap((check) => check(ctx))
  return sortProblems(problems, ctx.graph.indexOf)
}

const CHECKS: readonly Check[] = [
  checkTriggers,
  checkEdges,
  checkJumps,
  checkReachability,
  checkCycles,
  checkUnconnectedOutputs,
  checkVariables,
  checkVariableTypes,
  checkReadBeforeSet,
  checkUrls,
  checkPayloads,
  checkResources,
  checkReminders,
  checkTags,
  checkWindow,
]

function sortProblems(
  problems: LintProblem[],
  indexOf: ReadonlyMap<string, number>,
): LintProblem[] {
  const keyed = problems.map((problem) => ({
    problem,
    node: problem.nodeId === undefined ? -1 : (indexOf.get(problem.nodeId) ?? -1),
    path: pathKey(problem.path),
  }))
  keyed.sort(
    (a, b) =>
      a.node - b.node ||
      comparePathKeys(a.path, b.path) ||
      compareText(a.problem.code, b.problem.code) ||
      compareText(a.problem.message, b.problem.message),
  )
  return keyed.map((k) => k.problem)
}

/** `nodes[10].data` sorts after `nodes[9].data`: numbers compare as numbers. */
function pathKey(path: string): (string | number)[] {
  return path.split(/\[(\d+)\]/).map((part, i) => (i % 2 === 1 ? Number(part) : part))
}

function comparePathKeys(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? ''
    const y = b[i] ?? ''
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return x - y
    return compareText(String(x), String(y))
  }
  return a.length - b.length
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
