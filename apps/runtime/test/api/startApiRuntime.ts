import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { readServerConfig } from '../../src/readServerConfig'
import { startRuntime, type RunningRuntime, type StartOptions } from '../../src/startRuntime'

export interface ApiRuntime {
  runtime: RunningRuntime
  dataDir: string
  /** An API token's header for requests made outside `api` (`fetch`, `inject`). */
  adminHeaders: { authorization: string }
  /** A JSON request through `inject`, with the API token (the body is sent as JSON text). */
  api(method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse>
  stop(): Promise<void>
}

/**
 * The real runtime (SQLite file in a temp dir, listening on 127.0.0.1, the demo Page on the
 * built-in emulator) for the admin API and simulator tests. The editor is looked for in an
 * empty dir unless `editorDist` says otherwise, so an editor build never changes the results.
 */
export async function startApiRuntime(
  opts: Pick<StartOptions, 'editorDist' | 'now'> & { env?: Record<string, string> } = {},
): Promise<ApiRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'charla-api-'))
  const config = readServerConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    CHARLA_DATA_DIR: dataDir,
    ...opts.env,
  })
  const runtime = await startRuntime(config, {
    editorDist: opts.editorDist ?? join(dataDir, 'no-editor'),
    pipeline: { idleMs: 200, retryFirstMs: 20 },
    ...(opts.now ? { now: opts.now } : {}),
  })
  // Admin routes need credentials: a real API token, as CI would use.
  const { token } = await runtime.auth.createApiToken('tests')
  const adminHeaders = { authorization: `Bearer ${token}` }
  return {
    runtime,
    dataDir,
    adminHeaders,
    api: (method, url, body) =>
      runtime.app.inject({
        method,
        url,
        headers: {
          ...adminHeaders,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined
          ? {}
          : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    async stop() {
      await runtime.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
