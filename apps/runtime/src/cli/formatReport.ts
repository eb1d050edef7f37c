import type { FileReport } from './FileReport'
import { formatProblems } from './formatProblems'

/** The human-readable output for a run: a header per file, its problems, then a tally. */
export function formatReport(reports: readonly FileReport[]): string {
  const body = reports.map((r) => `${r.file}: ${verdict(r)}\n${formatProblems(r.problems)}`)
  if (reports.length > 1) body.push(`\n${tally(reports)}\n`)
  return body.join('')
}

function verdict(r: FileReport): string {
  const counts = `${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')}`
  switch (r.outcome) {
    case 'publishable':
      return `publishable (${counts})`
    case 'not_publishable':
      return `not publishable (${counts})`
    case 'unreadable':
      return 'cannot be checked'
  }
}

function tally(reports: readonly FileReport[]): string {
  const count = (outcome: FileReport['outcome']) =>
    reports.filter((r) => r.outcome === outcome).length
  const parts = [
    `${count('publishable')} publishable`,
    `${count('not_publishable')} not publishable`,
  ]
  const unreadable = count('unreadable')
  if (unreadable) parts.push(`${unreadable} cannot be checked`)
  return `${plural(reports.length, 'file')}: ${parts.join(', ')}`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
