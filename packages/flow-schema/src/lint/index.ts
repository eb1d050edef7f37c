export type { LintProblem } from './LintProblem'
export { lintFlow } from './lintFlow'
