import { describe, expect, it } from 'vitest'
import { readServerConfig } from '../src/readServerConfig'

describe('readServerConfig', () => {
  it('defaults to 127.0.0.1:3000 at log level info', () => {
    expect(readServerConfig({})).toEqual({ port: 3000, host: '127.0.0.1', logLevel: 'info' })
  })

  it('reads PORT, HOST and LOG_LEVEL', () => {
    expect(readServerConfig({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'warn' })).toEqual({
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'warn',
    })
  })

  it.each(['http', '-1', '70000', '80.5'])('refuses PORT=%s, naming the variable', (port) => {
    expect(() => readServerConfig({ PORT: port })).toThrow(/^PORT must be a port number/)
  })

  it('refuses an unknown LOG_LEVEL', () => {
    expect(() => readServerConfig({ LOG_LEVEL: 'verbose' })).toThrow(/^LOG_LEVEL must be one of/)
  })
})
