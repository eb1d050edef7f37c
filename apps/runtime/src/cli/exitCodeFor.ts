import { EXIT, type ExitCode } from './exitCodes'
import type { FileReport } from './FileReport'

/** 2 if any file could not be checked, else 1 if any is not publishable, else 0. */
export function exitCodeFor(reports: readonly FileReport[]): ExitCode {
  if (reports.some((r) => r.outcome === 'unreadable')) return EXIT.badInput
  if (reports.some((r) => r.outcome === 'not_publishable')) return EXIT.notPublishable
  return EXIT.ok
}
