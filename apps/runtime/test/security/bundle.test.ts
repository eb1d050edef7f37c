import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApiRuntime, type ApiRuntime } from '../api/startApiRuntime'
import { charla } from './spawnRuntime'

// Deploy per Page: a bundle exported from the editor's runtime carries the Page's live flows
// and profile and no secret; `serve --bundle` runs it with secrets from the environment and
// refuses an altered one.

const BIN = fileURLToPath(new URL('../../bin/charla.mjs', import.meta.url))
const PAGE_ID = '424242'
const TOKEN = 'EAAGbundleTestToken9876543210'
const APP_SECRET = 'bundle-app-secret-0123456789'

let t: ApiRuntime
let dir: string
beforeAll(async () => {
  t = await startApiRuntime()
  dir = await mkdtemp(join(tmpdir(), 'charla-bundle-'))
})
afterAll(async () => {
  await t?.stop()
  await rm(dir, { recursive: true, force: true })
})

const flow = {
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'hello',
  name: 'Hello',
  locale: 'en-US',
  variables: [],
  resources: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    { id: 'hi', type: 'message', position: { x: 300, y: 0 }, data: { text: 'Hello there' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' }],
}

describe('Page bundles', () => {
  it('exports a Page’s live flows and profile without secrets, and serves them headless', async () => {
    const connected = await t.api('POST', '/api/pages', {
      id: PAGE_ID,
      name: 'Bundle Page',
      accessToken: TOKEN,
      appSecret: APP_SECRET,
    })
    expect(connected.statusCode).toBe(201)
    const { verifyToken } = connected.json<{ page: { verifyToken: string } }>().page
    await t.api('POST', '/api/flows', { flow })
    expect((await t.api('POST', '/api/flows/hello/publish', { pageId: PAGE_ID })).statusCode).toBe(
      201,
    )
    await t.api('PUT', `/api/pages/${PAGE_ID}/profile`, {
      getStarted: { payload: 'GET_STARTED' },
      greeting: [{ locale: 'default', text: 'Hi!' }],
      persistentMenu: [],
      iceBreakers: [],
      whitelistedDomains: [],
    })

    const out = join(dir, 'page.json')
    const exported = await charla(['flow', 'export', '--bundle', out, '--page', PAGE_ID], {
      CHARLA_DATA_DIR: t.dataDir,
    })
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    const text = await readFile(out, 'utf8')
    for (const secret of [TOKEN, APP_SECRET, verifyToken]) expect(text).not.toContain(secret)
    const bundle = JSON.parse(text) as {
      pageId: string
      versions: { flowId: string; contentHash: string }[]
      profile?: { greeting: unknown[] }
    }
    expect(bundle.pageId).toBe(PAGE_ID)
    expect(bundle.versions.map((v) => v.flowId)).toEqual(['hello'])
    expect(bundle.versions[0]!.contentHash).toMatch(/^sha256:/)
    expect(bundle.profile?.greeting).toEqual([{ locale: 'default', text: 'Hi!' }])

    // Altered after export: refused.
    const tampered = join(dir, 'tampered.json')
    await writeFile(tampered, text.replace('Hello there', 'Send me your password'))
    const env = {
      CHARLA_DATA_DIR: join(dir, 'served'),
      CHARLA_PAGE_ID: PAGE_ID,
      CHARLA_PAGE_ACCESS_TOKEN: TOKEN,
      CHARLA_APP_SECRET: APP_SECRET,
      CHARLA_VERIFY_TOKEN: verifyToken,
      CHARLA_EMULATOR: 'on',
      PORT: '0',
      LOG_LEVEL: 'silent',
    }
    const refused = await charla(['serve', '--bundle', tampered], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('altered after export')
    const wrongPage = await charla(['serve', '--bundle', out], { ...env, CHARLA_PAGE_ID: '1' })
    expect(wrongPage.code).toBe(2)
    expect(wrongPage.stderr).toContain(`the bundle is for Page ${PAGE_ID}`)

    // Served: the runtime starts headless with the bundle's flow live on the Page.
    const { INIT_CWD: _ignored, ...base } = process.env
    const child = spawn(process.execPath, [BIN, 'serve', '--bundle', out], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no start:\n${output}`)), 30_000)
      const poll = setInterval(() => {
        const m = /listening on (http:\/\/\S+), serving 1 flow to Page 424242/.exec(output)
        if (m) {
          clearTimeout(timer)
          clearInterval(poll)
          ok(m[1]!.replace(/,$/, ''))
        }
      }, 50)
    })
    const verify = await fetch(
      `${url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=77`,
    )
    expect(await verify.text()).toBe('77')
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }, 90_000)
})
