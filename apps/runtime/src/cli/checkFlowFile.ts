import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Flow } from '@charla/flow-schema'
import { checkFlowText } from '../flows/checkFlowText'
import type { FileReport, ReportedProblem } from './FileReport'

/**
 * Reads one flow file and judges it: schema first, then the linter.
 *
 * @param file as the user typed it; relative names are resolved against `cwd`.
 */
export async function checkFlowFile(file: string, cwd: string): Promise<FileReport> {
  return (await inspectFlowFile(file, cwd)).report
}

/** Like `checkFlowFile`, also giving the flow when the file holds one (`charla serve`). */
export async function inspectFlowFile(
  file: string,
  cwd: string,
): Promise<{ report: FileReport; flow?: Flow }> {
  let text: string
  try {
    text = await readFile(resolve(cwd, file), 'utf8')
  } catch (err) {
    return {
      report: report(file, 'unreadable', [fileProblem('unreadable', describeReadError(err))]),
    }
  }
  // Editors on Windows often save JSON with a byte-order mark, which JSON.parse rejects.
  if (text.startsWith('\uFEFF')) text = text.slice(1)

  const check = checkFlowText(text)
  switch (check.kind) {
    case 'not_json':
      return { report: report(file, 'unreadable', [fileProblem('not_json', check.message)]) }
    case 'invalid':
      return {
        report: report(
          file,
          'not_publishable',
          check.errors.map((e) => ({ severity: 'error', code: 'schema', ...e })),
        ),
      }
    case 'parsed':
      return {
        report: report(
          file,
          check.publishable ? 'publishable' : 'not_publishable',
          check.problems.map((p) => ({ ...p })),
        ),
        flow: check.flow,
      }
  }
}

function report(
  file: string,
  outcome: FileReport['outcome'],
  problems: ReportedProblem[],
): FileReport {
  const errors = problems.filter((p) => p.severity === 'error').length
  return { file, outcome, errors, warnings: problems.length - errors, problems }
}

function fileProblem(code: string, message: string): ReportedProblem {
  return { severity: 'error', code, path: '', message }
}

/** Node's errors say `ENOENT: no such file or directory, open '/abs/path'`; keep the human part. */
function describeReadError(err: unknown): string {
  const code = err instanceof Error && 'code' in err ? err.code : undefined
  switch (code) {
    case 'ENOENT':
      return 'no such file'
    case 'EISDIR':
      return 'is a directory, not a file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    default:
      return err instanceof Error ? err.message : String(err)
  }
}
