import type { ReportedProblem } from './FileReport'

const SEVERITY_WIDTH = 'warning'.length

/**
 * One aligned line per problem, indented under the file's header:
 * `  error    nodes[3].data.buttons  a message can have at most 3 buttons  (node n4)`.
 * Lint codes follow in brackets so a problem can be looked up or filtered.
 */
export function formatProblems(problems: readonly ReportedProblem[]): string {
  const paths = problems.map((p) => p.path || '(file)')
  const pathWidth = Math.max(0, ...paths.map((p) => p.length))
  return problems
    .map((p, i) => {
      const where = p.nodeId ? `  (node ${p.nodeId})` : ''
      const code = p.code === 'schema' ? '' : `  [${p.code}]`
      const path = (paths[i] ?? '').padEnd(pathWidth)
      return `  ${p.severity.padEnd(SEVERITY_WIDTH)}  ${path}  ${p.message}${where}${code}\n`
    })
    .join('')
}
