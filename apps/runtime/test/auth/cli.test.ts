import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readServerConfig } from '../../src/readServerConfig'
import { startRuntime, type RunningRuntime } from '../../src/startRuntime'
import { BIN } from '../runCharla'
import { authClient } from './authClient'

/** The real bin with `input` on stdin, against the runtime's database in `dataDir`. */
function charla(args: string[], dataDir: string, input = '') {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, CHARLA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    )
    child.stdin?.end(input)
  })
}

let dir: string | undefined
let runtime: RunningRuntime | undefined
afterEach(async () => {
  await runtime?.stop()
  runtime = undefined
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('charla user create / token create', () => {
  it('creates an admin from stdin and a token that the runtime accepts', async () => {
    dir = await mkdtemp(join(tmpdir(), 'charla-cli-auth-'))
    const short = await charla(['user', 'create', '--email', 'ana@example.com'], dir, 'short\n')
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('at least 10 characters')
    const made = await charla(
      ['user', 'create', '--email', 'ana@example.com'],
      dir,
      'a long enough password\n',
    )
    expect(made.stderr).toBe('')
    expect(made.code).toBe(0)
    expect(made.stdout).toContain('ana@example.com')
    const twice = await charla(
      ['user', 'create', '--email', 'ANA@example.com'],
      dir,
      'x'.repeat(12),
    )
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain('already has an account')

    const token = await charla(['token', 'create', '--name', 'CI'], dir)
    expect(token.code).toBe(0)
    expect(token.stdout).toMatch(/^charla_[\w-]{43}\n$/)

    runtime = await startRuntime(
      readServerConfig({ PORT: '0', LOG_LEVEL: 'silent', CHARLA_DATA_DIR: dir }),
      { editorDist: join(dir, 'no-editor') },
    )
    const client = authClient(runtime.app)
    expect((await client.request('GET', '/api/auth/state')).json()).toEqual({ setupNeeded: false })
    const bearer = { authorization: `Bearer ${token.stdout.trim()}` }
    expect((await client.request('GET', '/api/flows', undefined, bearer)).statusCode).toBe(200)
    const login = await client.request('POST', '/api/auth/login', {
      email: 'ana@example.com',
      password: 'a long enough password',
    })
    expect(login.statusCode).toBe(200)
  }, 60_000)
})
