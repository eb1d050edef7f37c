import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import { buildPageBundle, readPageBundle } from '../bundle/pageBundle'
import { readServerConfig, type ServerConfig } from '../readServerConfig'
import { loadSecretKeys, secretBoxFor } from '../secrets/loadSecretKeys'
import { rotateSecretKey } from '../secrets/rotateSecretKey'
import { startRuntime } from '../startRuntime'
import type { CliIo } from './CliIo'
import { EXIT } from './exitCodes'

export const KEYS_USAGE = `Usage: charla keys rotate

Re-encrypts every Page's secrets (and CRM signing secrets) with a new key. With the key file (<data dir>/secret.key) the
new key replaces it and the old one stays readable in secret.key.previous; a running runtime
keeps working. With CHARLA_SECRET_KEY, the new key is CHARLA_SECRET_KEY_NEW (or one made and
printed): set it as CHARLA_SECRET_KEY, and the old one as CHARLA_SECRET_KEY_PREVIOUS.
`

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}

function configOf(io: CliIo, command: string): ServerConfig | undefined {
  try {
    return readServerConfig(io.env)
  } catch (err) {
    io.stderr(`${command}: ${err instanceof Error ? err.message : String(err)}\n`)
    return undefined
  }
}

const dbFile = (config: ServerConfig) =>
  config.databaseUrl?.replace(/^sqlite:/, '') || join(config.dataDir, 'charla.db')

/** `charla keys rotate`. */
export async function keysCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] !== 'rotate') {
    io.stderr(KEYS_USAGE)
    return EXIT.badInput
  }
  const config = configOf(io, 'charla keys rotate')
  if (!config) return EXIT.badInput
  const result = await rotateSecretKey(config.dataDir, dbFile(config), io.env)
  io.stdout(`Re-encrypted the secrets of ${result.pages} Page${result.pages === 1 ? '' : 's'}.\n`)
  io.stdout(
    `Re-encrypted ${result.signingSecrets} CRM signing secret${result.signingSecrets === 1 ? '' : 's'}.\n`,
  )
  if (result.newKey)
    io.stdout(
      `Set CHARLA_SECRET_KEY=${result.newKey}\nand CHARLA_SECRET_KEY_PREVIOUS to the old key, then restart.\n`,
    )
  return EXIT.ok
}

/** `charla flow export --bundle <out> [--page <id>]`: the Page's live flows and profile, no secrets. */
export async function exportBundleCommand(args: string[], io: CliIo): Promise<number> {
  const out = option(args, '--bundle')
  if (!out) {
    io.stderr('charla flow export: say where to write: --bundle <file.json> [--page <id>]\n')
    return EXIT.badInput
  }
  const config = configOf(io, 'charla flow export')
  if (!config) return EXIT.badInput
  const keys = loadSecretKeys(config.dataDir, {
    CHARLA_SECRET_KEY: config.secretKey,
    CHARLA_SECRET_KEY_PREVIOUS: config.secretKeyPrevious,
  })
  const storage = await createSqliteStorage(openSqliteDatabase(dbFile(config)), {
    secrets: secretBoxFor(config.dataDir, keys),
  })
  try {
    const connected = (await storage.pages.list()).filter((p) => p.kind === 'connected')
    const pageId = option(args, '--page') ?? (connected.length === 1 ? connected[0]!.id : undefined)
    if (!pageId) {
      io.stderr(
        `charla flow export: name the Page with --page (one of: ${connected.map((p) => p.id).join(', ') || 'none connected'})\n`,
      )
      return EXIT.badInput
    }
    const bundle = await buildPageBundle(storage, pageId, Date.now())
    if (!bundle) {
      io.stderr(`charla flow export: Page ${pageId} has no published flow\n`)
      return EXIT.notPublishable
    }
    const file = resolve(io.cwd, out)
    await writeFile(file, JSON.stringify(bundle, null, 2) + '\n')
    io.stdout(
      `Wrote ${file}: ${bundle.versions.length} flow${bundle.versions.length === 1 ? '' : 's'} of Page ${pageId}${bundle.profile ? ' and its Messenger profile' : ''} (no secrets).\n`,
    )
    return EXIT.ok
  } finally {
    await storage.close()
  }
}

/**
 * `charla serve --bundle <file>`: a headless runtime for the bundle's Page. The Page's secrets
 * come from the environment (CHARLA_PAGE_ID must be the bundle's Page).
 */
export async function serveBundleCommand(args: string[], io: CliIo): Promise<number> {
  const file = option(args, '--bundle')
  if (!file) {
    io.stderr('charla serve: name the bundle: charla serve --bundle <file.json>\n')
    return EXIT.badInput
  }
  let text: string
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8')
  } catch {
    io.stderr(`charla serve: cannot read ${file}\n`)
    return EXIT.badInput
  }
  const read = readPageBundle(text)
  if (!read.ok) {
    io.stderr(`charla serve: ${file}: ${read.message}\n`)
    return EXIT.notPublishable
  }
  const config = configOf(io, 'charla serve')
  if (!config) return EXIT.badInput
  if (!config.page) {
    io.stderr(
      `charla serve: the bundle's Page needs its secrets from the environment: CHARLA_PAGE_ID=${read.bundle.pageId}, CHARLA_PAGE_ACCESS_TOKEN, CHARLA_APP_SECRET, CHARLA_VERIFY_TOKEN\n`,
    )
    return EXIT.badInput
  }
  if (config.page.pageId !== read.bundle.pageId) {
    io.stderr(
      `charla serve: the bundle is for Page ${read.bundle.pageId}, but CHARLA_PAGE_ID is ${config.page.pageId}\n`,
    )
    return EXIT.badInput
  }
  const runtime = await startRuntime(config, { publish: read.flows })
  if (read.profile)
    await runtime.storage.pageProfiles.saveSettings(read.bundle.pageId, read.profile, Date.now())
  io.stdout(
    `Charla runtime listening on ${runtime.url}, serving ${read.flows.length} flow${read.flows.length === 1 ? '' : 's'} to Page ${read.bundle.pageId}\n`,
  )
  await io.untilStopped()
  await runtime.stop()
  return EXIT.ok
}
