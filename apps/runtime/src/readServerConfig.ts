import { readPaymentsConfig, type PaymentsConfig } from './payments/readPaymentsConfig'

export interface PageConfig {
  pageId: string
  accessToken: string
  appSecret: string
  verifyToken: string
}

export interface ServerConfig {
  port: number
  host: string
  logLevel: string
  /** Where the embedded SQLite database lives. */
  dataDir: string
  /** `sqlite:` (default, in dataDir) — Postgres arrives with the scale-out release. */
  databaseUrl?: string
  /** The Graph API base; the built-in emulator's when no real Page is configured. */
  graphApiUrl?: string
  graphApiVersion: string
  /** A one-Page deployment: the Page connected at start. */
  page?: PageConfig
  /** Mount the Messenger emulator and a demo Page wired to it (default: when no Page is set). */
  emulator: boolean
  /** Hosts that flows' HTTP requests may reach even on private addresses. */
  httpAllowHosts: string[]
  /**
   * The address people reach this runtime at (payment pages, calendar files, the webhook URL
   * shown for Meta's dashboard); the listening address when unset.
   */
  publicUrl?: string
  /** Stripe and PayPal, when their secrets are set (CHARLA_STRIPE_*, CHARLA_PAYPAL_*). */
  payments: PaymentsConfig
  /**
   * CHARLA_SECRET_KEY (base64, 32 bytes): encrypts Page secrets at rest; without it a key file
   * made in the data directory (`secret.key`, 0600). CHARLA_SECRET_KEY_PREVIOUS: keys a
   * rotation replaced, still accepted for reading.
   */
  secretKey?: string
  secretKeyPrevious?: string
  /**
   * CHARLA_TRUST_PROXY: believe X-Forwarded-For/-Proto from a reverse proxy (`true`, or the
   * proxy's addresses) for client addresses (login limits) and https (Secure
   * cookies). Off by default: anyone could claim any address.
   */
  trustProxy: boolean | string
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
const PAGE_VARS = [
  'CHARLA_PAGE_ID',
  'CHARLA_PAGE_ACCESS_TOKEN',
  'CHARLA_APP_SECRET',
  'CHARLA_VERIFY_TOKEN',
] as const

/**
 * The server's settings from environment variables, with defaults that suit a laptop. See the
 * README's Configuration table for each variable.
 *
 * @throws Error naming the variable when a value is not usable.
 */
export function readServerConfig(env: Record<string, string | undefined>): ServerConfig {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (0-65535), not "${env.PORT}"`)
  const logLevel = env.LOG_LEVEL ?? 'info'
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`)
  const databaseUrl = env.DATABASE_URL || undefined
  if (databaseUrl && !databaseUrl.startsWith('sqlite:'))
    throw new Error(
      `DATABASE_URL "${redact(databaseUrl)}" is not supported yet: this release runs on SQLite (leave DATABASE_URL unset, or use sqlite:/path/to/file.db)`,
    )
  const graphApiUrl = env.CHARLA_GRAPH_API_URL || undefined
  if (graphApiUrl && !/^https?:\/\/[^/]+/.test(graphApiUrl))
    throw new Error(`CHARLA_GRAPH_API_URL must be an http(s) URL, not "${graphApiUrl}"`)
  const graphApiVersion = env.CHARLA_GRAPH_API_VERSION || 'v21.0'
  if (!/^v\d+\.\d+$/.test(graphApiVersion))
    throw new Error(`CHARLA_GRAPH_API_VERSION must look like v21.0, not "${graphApiVersion}"`)
  const set = PAGE_VARS.filter((name) => env[name])
  if (set.length && set.length < PAGE_VARS.length)
    throw new Error(
      `a Page needs all of ${PAGE_VARS.join(', ')}; missing: ${PAGE_VARS.filter((n) => !env[n]).join(', ')}`,
    )
  const page: PageConfig | undefined = set.length
    ? {
        pageId: env.CHARLA_PAGE_ID ?? '',
        accessToken: env.CHARLA_PAGE_ACCESS_TOKEN ?? '',
        appSecret: env.CHARLA_APP_SECRET ?? '',
        verifyToken: env.CHARLA_VERIFY_TOKEN ?? '',
      }
    : undefined
  const publicUrl = env.CHARLA_PUBLIC_URL?.replace(/\/+$/, '') || undefined
  if (publicUrl && !/^https?:\/\/[^/]+$/.test(publicUrl))
    throw new Error(
      `CHARLA_PUBLIC_URL must be an http(s) origin such as https://bot.example.com, not "${publicUrl}"`,
    )
  const emulatorFlag = env.CHARLA_EMULATOR
  if (emulatorFlag !== undefined && emulatorFlag !== 'on' && emulatorFlag !== 'off')
    throw new Error(`CHARLA_EMULATOR must be "on" or "off", not "${emulatorFlag}"`)
  return {
    port,
    host: env.HOST || '127.0.0.1',
    logLevel,
    dataDir: env.CHARLA_DATA_DIR || './data',
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(graphApiUrl ? { graphApiUrl } : {}),
    graphApiVersion,
    ...(page ? { page } : {}),
    emulator: emulatorFlag ? emulatorFlag === 'on' : !page,
    httpAllowHosts: (env.CHARLA_HTTP_ALLOW_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    ...(publicUrl ? { publicUrl } : {}),
    payments: readPaymentsConfig(env),
    ...(env.CHARLA_SECRET_KEY ? { secretKey: env.CHARLA_SECRET_KEY } : {}),
    ...(env.CHARLA_SECRET_KEY_PREVIOUS
      ? { secretKeyPrevious: env.CHARLA_SECRET_KEY_PREVIOUS }
      : {}),
    trustProxy: readTrustProxy(env.CHARLA_TRUST_PROXY),
  }
}

function readTrustProxy(value: string | undefined): boolean | string {
  const v = value?.trim()
  if (!v || v === 'false' || v === 'off') return false
  if (v === 'true' || v === 'on') return true
  if (/^[\d.:a-fA-F/, ]+$/.test(v)) return v
  throw new Error(
    `CHARLA_TRUST_PROXY must be true, false, or the proxies' addresses (comma-separated IPs or CIDRs), not "${v}"`,
  )
}

/** Never print a password that came in a URL. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}
