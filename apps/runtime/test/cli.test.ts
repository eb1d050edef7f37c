import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES, REPO_ROOT, runCharla } from './runCharla'

describe('charla flow validate', () => {
  it('passes a valid flow with exit code 0', async () => {
    const run = await runCharla(['flow', 'validate', 'valid.json'])
    expect(run).toEqual({
      code: 0,
      stdout: 'valid.json: publishable (0 errors, 0 warnings)\n',
      stderr: '',
    })
  })

  it('lists schema errors aligned, with paths and nodes, and exits 1', async () => {
    const run = await runCharla(['flow', 'validate', 'four-buttons.json'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe(
      [
        'four-buttons.json: not publishable (2 errors, 0 warnings)',
        '  error    nodes[1].data.buttons   a message can have at most 3 buttons  (node menu)',
        '  error    nodes[1].data.typingMs  typing shows for at most 20 seconds  (node menu)',
        '',
      ].join('\n'),
    )
    expect(run.stderr).toBe('')
  })

  // Fails until the linter lands (lintFlow is a placeholder returning no problems).
  it('reports a flow without a trigger as not publishable (lint error no_trigger)', async () => {
    const run = await runCharla(['flow', 'lint', 'no-trigger.json'])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /^no-trigger\.json: not publishable \(\d+ errors?, \d+ warnings?\)\n/,
    )
    expect(run.stdout).toMatch(/^ {2}error {4}\S+ +.*trigger.*\[no_trigger\]$/m)
  })

  it('exits 2 for a file that does not exist', async () => {
    const run = await runCharla(['flow', 'validate', 'missing.json'])
    expect(run).toEqual({
      code: 2,
      stdout: 'missing.json: cannot be checked\n  error    (file)  no such file  [unreadable]\n',
      stderr: '',
    })
  })

  it('exits 2 for a file that is not JSON', async () => {
    const run = await runCharla(['flow', 'validate', 'not-json.txt'])
    expect(run.code).toBe(2)
    expect(run.stdout).toMatch(
      /^not-json\.txt: cannot be checked\n {2}error {4}\(file\) {2}not valid JSON: .+ \(line 4, column \d+\) {2}\[not_json\]\n$/,
    )
  })

  it('checks several files in order, tallies them, and lets exit code 2 win over 1', async () => {
    const run = await runCharla([
      'flow',
      'validate',
      'valid.json',
      'four-buttons.json',
      'missing.json',
    ])
    expect(run.code).toBe(2)
    const headers = run.stdout.split('\n').filter((line) => /^\S/.test(line))
    expect(headers).toEqual([
      'valid.json: publishable (0 errors, 0 warnings)',
      'four-buttons.json: not publishable (2 errors, 0 warnings)',
      'missing.json: cannot be checked',
      '3 files: 1 publishable, 1 not publishable, 1 cannot be checked',
    ])
  })

  it('exits 1, not 2, when the worst file is only not publishable', async () => {
    const run = await runCharla(['flow', 'validate', 'valid.json', 'four-buttons.json'])
    expect(run.code).toBe(1)
  })

  it('prints machine-readable results with --json', async () => {
    const run = await runCharla(['flow', 'validate', '--json', 'valid.json', 'four-buttons.json'])
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      files: [
        { file: 'valid.json', outcome: 'publishable', errors: 0, warnings: 0, problems: [] },
        {
          file: 'four-buttons.json',
          outcome: 'not_publishable',
          errors: 2,
          warnings: 0,
          problems: [
            {
              severity: 'error',
              code: 'schema',
              path: 'nodes[1].data.buttons',
              message: 'a message can have at most 3 buttons',
              nodeId: 'menu',
            },
            {
              severity: 'error',
              code: 'schema',
              path: 'nodes[1].data.typingMs',
              message: 'typing shows for at most 20 seconds',
              nodeId: 'menu',
            },
          ],
        },
      ],
    })
  })

  it('resolves relative names against INIT_CWD, where pnpm was run', async () => {
    const run = await runCharla(['flow', 'validate', 'valid.json'], {
      cwd: REPO_ROOT,
      initCwd: FIXTURES,
    })
    expect(run.code).toBe(0)
  })

  it('reads an absolute path, and a file saved with a byte-order mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'charla-cli-'))
    const file = join(dir, 'bom.json')
    writeFileSync(file, `\uFEFF${readFileSync(join(FIXTURES, 'valid.json'), 'utf8')}`)
    const run = await runCharla(['flow', 'validate', file])
    rmSync(dir, { recursive: true })
    expect(run.stdout).toBe(`${file}: publishable (0 errors, 0 warnings)\n`)
    expect(run.code).toBe(0)
  })

  it('passes every example flow, as the README shows', async () => {
    const files = ['booking', 'checkout', 'lead-form', 'tour'].map(
      (f) => `examples/flows/${f}.json`,
    )
    const run = await runCharla(['flow', 'validate', ...files], { cwd: REPO_ROOT })
    expect(run.stdout).toContain('4 files: 4 publishable, 0 not publishable')
    expect(run.code).toBe(0)
  })
})

describe('charla usage', () => {
  it('prints help with --help and exits 0', async () => {
    const run = await runCharla(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Usage: charla <command>')
    expect(run.stdout).toContain('flow validate <file.json...>')
  })

  it('prints the flow commands with flow --help', async () => {
    const run = await runCharla(['flow', '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Usage: charla flow validate [--json] <file.json...>')
    expect(run.stdout).toContain('Exit codes:')
  })

  it.each([
    [[], 'Usage: charla <command>'],
    [['deploy'], 'charla: unknown command "deploy"'],
    [['flow'], 'charla flow: name a subcommand'],
    [['flow', 'publish'], 'charla flow: unknown subcommand "publish"'],
    [['flow', 'validate'], 'charla: name at least one flow file'],
    [['flow', 'validate', '--yaml', 'valid.json'], "Unknown option '--yaml'"],
  ])('exits 2 with usage on stderr for %j', async (args, message) => {
    const run = await runCharla(args)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(message)
  })
})
