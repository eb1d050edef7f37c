/** Exit codes of `charla`. A bad input (2) outranks a flow that is not publishable (1). */
export const EXIT = {
  ok: 0,
  notPublishable: 1,
  badInput: 2,
} as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
