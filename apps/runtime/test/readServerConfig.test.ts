import { describe, expect, it } from 'vitest'
import { readServerConfig } from '../src/readServerConfig'

describe('readServerConfig', () => {
  it('defaults to 127.0.0.1:3000 at log level info', () => {
    expect(readServerConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      dataDir: './data',
      graphApiVersion: 'v21.0',
      emulator: true,
      httpAllowHosts: [],
      payments: {},
      trustProxy: false,
    })
  })

  it('reads CHARLA_TRUST_PROXY: off by default, true, or the proxies’ addresses', () => {
    expect(readServerConfig({ CHARLA_TRUST_PROXY: 'true' }).trustProxy).toBe(true)
    expect(readServerConfig({ CHARLA_TRUST_PROXY: 'false' }).trustProxy).toBe(false)
    expect(readServerConfig({ CHARLA_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8' }).trustProxy).toBe(
      '10.0.0.1, 10.0.0.0/8',
    )
    expect(() => readServerConfig({ CHARLA_TRUST_PROXY: 'yes please' })).toThrow(
      /CHARLA_TRUST_PROXY/,
    )
  })

  it('reads PORT, HOST and LOG_LEVEL', () => {
    expect(readServerConfig({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'warn' })).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'warn',
    })
  })

  it.each(['http', '-1', '70000', '80.5'])('refuses PORT=%s, naming the variable', (port) => {
    expect(() => readServerConfig({ PORT: port })).toThrow(/^PORT must be a port number/)
  })

  it('reads CHARLA_PUBLIC_URL as an origin without a trailing slash', () => {
    expect(readServerConfig({ CHARLA_PUBLIC_URL: 'https://bot.example.com/' }).publicUrl).toBe(
      'https://bot.example.com',
    )
    expect(() => readServerConfig({ CHARLA_PUBLIC_URL: 'bot.example.com' })).toThrow(
      /CHARLA_PUBLIC_URL must be an http\(s\) origin/,
    )
    expect(() => readServerConfig({ CHARLA_PUBLIC_URL: 'https://bot.example.com/path' })).toThrow(
      /CHARLA_PUBLIC_URL/,
    )
  })

  it('refuses an unknown LOG_LEVEL', () => {
    expect(() => readServerConfig({ LOG_LEVEL: 'verbose' })).toThrow(/^LOG_LEVEL must be one of/)
  })

  it('reads a one-Page deployment, and then does not mount the emulator', () => {
    const config = readServerConfig({
      CHARLA_PAGE_ID: '123',
      CHARLA_PAGE_ACCESS_TOKEN: 'tok',
      CHARLA_APP_SECRET: 'sec',
      CHARLA_VERIFY_TOKEN: 'ver',
      CHARLA_GRAPH_API_URL: 'http://127.0.0.1:9999/graph',
      CHARLA_DATA_DIR: '/var/lib/charla',
    })
    expect(config).toMatchObject({
      page: { pageId: '123', accessToken: 'tok', appSecret: 'sec', verifyToken: 'ver' },
      graphApiUrl: 'http://127.0.0.1:9999/graph',
      dataDir: '/var/lib/charla',
      emulator: false,
    })
  })

  it('names what is missing from a half-configured Page', () => {
    expect(() => readServerConfig({ CHARLA_PAGE_ID: '1', CHARLA_APP_SECRET: 's' })).toThrow(
      'missing: CHARLA_PAGE_ACCESS_TOKEN, CHARLA_VERIFY_TOKEN',
    )
  })

  it('refuses a Postgres URL for now without printing its password', () => {
    expect(() => readServerConfig({ DATABASE_URL: 'postgres://app:hunter2@db/charla' })).toThrow(
      'DATABASE_URL "postgres://app:***@db/charla" is not supported yet',
    )
  })
})
