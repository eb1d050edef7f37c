import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

// The browser-test harness: the real product (runtime + built editor + emulator) in a child
// process on 127.0.0.1, driven by Debian's Chromium through playwright-core. Reused by the
// editor's tests and by feature tests (leads, bookings, checkout): keep this API small.

const here = dirname(fileURLToPath(import.meta.url))
export const EDITOR_DIR = resolve(here, '../..')
export const REPO_DIR = resolve(EDITOR_DIR, '../..')
export const SCREENSHOT_DIR = join(here, 'screenshots')
export const DOCS_SCREENSHOT_DIR = join(REPO_DIR, 'docs/screenshots')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

/** The admin `startProduct` creates through the first-run setup API. */
export const ADMIN = { email: 'admin@example.com', password: 'browser-tests-password' }

export interface Product {
  /** The runtime's origin, e.g. http://127.0.0.1:41234 */
  url: string
  /** A scratch data directory (SQLite database), deleted by `stop`. */
  dataDir: string
  /**
   * JSON request against the admin API, with an API token of the admin (Authorization:
   * Bearer); throws on a non-2xx answer.
   */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>
  /** The admin's credentials; undefined when started with `{ setup: false }`. */
  admin?: typeof ADMIN
  /** `{ authorization: 'Bearer charla_…' }` for requests made without `api`. */
  adminHeaders: Record<string, string>
  stop(): Promise<void>
}

/** The product `openBrowser` logs in to: the last one started and not yet stopped. */
let current: Product | null = null

/** Logs in through the API and returns the session cookie's value. */
async function login(url: string, admin: typeof ADMIN): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  })
  const cookie = /charla_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
  if (!res.ok || !cookie) throw new Error(`logging in failed: ${res.status} ${await res.text()}`)
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken }
}

/** The newest modification time under `dir` (files only), in ms. */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p))
    else newest = Math.max(newest, statSync(p).mtimeMs)
  }
  return newest
}

/**
 * Builds the editor (`vite build`) when apps/editor/dist is missing or older than its sources,
 * so a test never runs against a stale bundle. The browser tests run in one fork, one file
 * after another, so two builds never race.
 */
export function ensureEditorBuilt(): void {
  const index = join(EDITOR_DIR, 'dist/index.html')
  const sources = Math.max(
    newestMtime(join(EDITOR_DIR, 'src')),
    statSync(join(EDITOR_DIR, 'index.html')).mtimeMs,
  )
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return
  const r = spawnSync('pnpm', ['--filter', '@charla/editor', 'build'], {
    cwd: REPO_DIR,
    // Vitest sets NODE_ENV=test, and Vite would then bundle React's development build: several
    // times slower, so tests and `pnpm bench` would measure an editor no marketer gets.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`building the editor failed:\n${r.stdout}\n${r.stderr}`)
}

/**
 * Starts the product as `pnpm start` does (`node --import tsx apps/runtime/src/server.ts`) on a
 * free port of 127.0.0.1 with a scratch data directory, and waits until /health answers. Then
 * creates the admin ({@link ADMIN}) through the first-run setup API, as a person would on the
 * setup screen, and an API token for `api`; `{ setup: false }` leaves the product at its first
 * run (the setup screen).
 */
export async function startProduct(
  opts: { env?: Record<string, string>; timeoutMs?: number; setup?: boolean } = {},
): Promise<Product> {
  ensureEditorBuilt()
  const dataDir = mkdtempSync(join(tmpdir(), 'charla-browser-'))
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/runtime/src/server.ts'],
    {
      cwd: REPO_DIR,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        CHARLA_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`the runtime did not start within ${opts.timeoutMs ?? 30_000} ms:\n${output}`))
    }, opts.timeoutMs ?? 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /listening on (http:\/\/\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        ok(m[1]!.replace(/\/$/, ''))
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`the runtime exited (${code}) before listening:\n${output}`))
    })
  })
  for (let i = 0; ; i++) {
    const res = await fetch(`${url}/health`).catch(() => null)
    if (res?.ok) break
    if (i > 100) throw new Error(`${url}/health never answered`)
    await new Promise((r) => setTimeout(r, 100))
  }

  const adminHeaders: Record<string, string> = {}
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(url + path, {
      method,
      headers: {
        ...adminHeaders,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
    if (current === product) current = null
  }
  const product: Product = { url, dataDir, api, adminHeaders, stop }
  if (opts.setup !== false) {
    const setup = await fetch(`${url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    })
    if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`)
    const cookie = /charla_session=([^;]+)/.exec(setup.headers.get('set-cookie') ?? '')?.[1]
    const { csrfToken } = (await setup.json()) as { csrfToken: string }
    const made = await fetch(`${url}/api/auth/tokens`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `charla_session=${cookie}`,
        'x-csrf-token': csrfToken,
      },
      body: JSON.stringify({ name: 'browser tests' }),
    })
    if (made.status !== 201) throw new Error(`token failed: ${made.status} ${await made.text()}`)
    adminHeaders.authorization = `Bearer ${((await made.json()) as { token: string }).token}`
    product.admin = ADMIN
  }
  current = product
  return product
}

let browser: Browser | null = null

/** One Chromium for the whole test file; closed by `closeBrowser`. */
export async function launchBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  return browser
}

/**
 * A fresh page (its own context: cookies, storage, downloads) at 1280×800 unless told
 * otherwise, logged in as the admin of the running product (a session of its own) unless
 * `loggedIn: false`. Errors of the page (uncaught exceptions, console errors, HTTP
 * answers >= 400 with their URL) are collected in `errors`.
 */
export async function openBrowser(
  opts: { width?: number; height?: number; loggedIn?: boolean } = {},
): Promise<Page & { errors: string[]; context(): BrowserContext }> {
  const b = await launchBrowser()
  const context = await b.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    acceptDownloads: true,
    deviceScaleFactor: 1,
  })
  if (opts.loggedIn !== false && current?.admin) {
    const { cookie } = await login(current.url, current.admin)
    await context.addCookies([
      {
        name: 'charla_session',
        value: cookie,
        url: current.url,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ])
  }
  const page = (await context.newPage()) as Page & { errors: string[] }
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(e.message))
  page.on('console', (m) => {
    // Failed loads are reported below with their URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      page.errors.push(m.text())
  })
  page.on('response', (r) => {
    if (r.status() >= 400) page.errors.push(`${r.status()} ${r.request().method()} ${r.url()}`)
  })
  page.setDefaultTimeout(15_000)
  return page
}

export async function closeBrowser(): Promise<void> {
  await browser?.close()
  browser = null
}

/**
 * Saves a PNG of the page to test/browser/screenshots/<name>.png (gitignored), and also to
 * docs/screenshots/<name>.png with `{ docs: true }` or when CHARLA_DOCS_SCREENSHOTS=1.
 */
export async function screenshot(
  page: Page,
  name: string,
  opts: { docs?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path: file })
  if (opts.docs || process.env.CHARLA_DOCS_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(DOCS_SCREENSHOT_DIR, `${name}.png`) })
  }
  return file
}
