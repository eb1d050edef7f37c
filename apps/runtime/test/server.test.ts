import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const RUNTIME_DIR = fileURLToPath(new URL('../', import.meta.url))
let child: ChildProcess | undefined

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
})

/** Starts `src/server.ts` as `pnpm start` does, on a free port, and waits for its URL. */
async function startServer(env: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: RUNTIME_DIR,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline && child.exitCode === null) {
    const match = /listening on (http:\/\/\S+)/.exec(output)
    if (match?.[1]) return match[1]
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`the server did not start:\n${output}`)
}

describe('server.ts', () => {
  it('listens on 127.0.0.1, serves /health, and exits 0 on SIGTERM', async () => {
    const url = await startServer({})
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${url}/health`)
    expect(await res.json()).toEqual({ status: 'ok' })

    const exited = once(child as ChildProcess, 'exit')
    child?.kill('SIGTERM')
    const [code] = await exited
    expect(code).toBe(0)
  })

  it('refuses a bad PORT with a one-line message and exit code 1', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: RUNTIME_DIR,
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [code] = await once(child, 'exit')
    expect(code).toBe(1)
    expect(stderr).toBe('charla: PORT must be a port number (0-65535), not "eighty"\n')
  })
})
