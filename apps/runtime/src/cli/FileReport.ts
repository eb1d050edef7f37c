/** One line of a file's report: a schema error, a lint problem, or why the file was not read. */
export interface ReportedProblem {
  severity: 'error' | 'warning'
  /** The linter's code; `schema` for format errors; `unreadable` / `not_json` for bad files. */
  code: string
  /** JSON path into the flow; empty for the file as a whole. */
  path: string
  message: string
  nodeId?: string
}

/** The verdict on one file, as printed by `charla flow validate` (and as its `--json`). */
export interface FileReport {
  /** As the user wrote it on the command line. */
  file: string
  /** `unreadable`: missing, unreadable or not JSON, so there is no flow to judge. */
  outcome: 'publishable' | 'not_publishable' | 'unreadable'
  errors: number
  warnings: number
  problems: ReportedProblem[]
}
