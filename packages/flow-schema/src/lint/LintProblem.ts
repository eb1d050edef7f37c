/** One finding of the linter. Errors block publishing; warnings are shown on the node. */
export interface LintProblem {
  severity: 'error' | 'warning'
  /** A stable code per check, e.g. `unreachable_node`, for filtering and tests. */
  code: string
  nodeId?: string
  /** JSON path into the flow: `nodes[3].data.buttons[1].url`. */
  path: string
  /** Written for a marketer. */
  message: string
}
