import type { Flow } from '../flow'
import type { LintProblem } from './LintProblem'

/** Placeholder until the linter lands (being written now). */
export function lintFlow(_flow: Flow): LintProblem[] {
  return []
}
