import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSafeHttp } from '../../src/http/createSafeHttp'
import { isPublicAddress } from '../../src/http/isPublicAddress'

let server: Server
let base: string
const hits: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    if (req.url === '/json')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"points":7}')
    if (req.url === '/to-metadata')
      return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end()
    if (req.url === '/to-json') return res.writeHead(301, { location: '/json' }).end()
    if (req.url === '/big') return res.writeHead(200).end('x'.repeat(2048))
    if (req.url === '/slow') return setTimeout(() => res.end('late'), 2000)
    res.writeHead(500).end('boom')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const get = (url: string, timeoutMs = 1000) => ({ method: 'GET', url, timeoutMs })

describe('createSafeHttp', () => {
  const refused = createSafeHttp({
    resolve: async (host) => [
      { address: host === 'crm.internal.example' ? '10.1.2.3' : '93.184.216.34', family: 4 },
    ],
  })

  it.each([
    'http://127.0.0.1/',
    'http://127.1/',
    'http://0x7f.0.0.1/',
    'http://2130706433/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]/',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.8/',
    'http://192.168.1.1/',
    'http://crm.internal.example/hook',
    'file:///etc/passwd',
  ])('refuses %s before connecting', async (url) => {
    const res = await refused.fetch(get(url))
    expect(res).toMatchObject({ ok: false, refused: true })
  })

  it('follows redirects but refuses one that leads to an internal address', async () => {
    const http = createSafeHttp({ allowHosts: ['127.0.0.1'] })
    expect(await http.fetch(get(`${base}/to-json`))).toMatchObject({
      ok: true,
      status: 200,
      body: { points: 7 },
    })
    const res = await http.fetch(get(`${base}/to-metadata`))
    expect(res).toMatchObject({ ok: false, refused: true })
    await http.close()
  })

  it('lets listed internal hosts through, for self-hosters', async () => {
    const http = createSafeHttp({ allowHosts: ['127.0.0.1'] })
    expect(await http.fetch(get(`${base}/json`))).toMatchObject({ ok: true, body: { points: 7 } })
    expect(await http.fetch(get(`${base}/fail`))).toEqual({
      ok: false,
      status: 500,
      error: 'the server answered 500',
    })
    await http.close()
  })

  it('gives up on a slow server and on an oversized answer', async () => {
    const http = createSafeHttp({ allowHosts: ['127.0.0.1'], maxResponseBytes: 1024 })
    expect(await http.fetch(get(`${base}/slow`, 200))).toEqual({
      ok: false,
      error: 'no answer within 200 ms',
    })
    expect(await http.fetch(get(`${base}/big`))).toEqual({
      ok: false,
      error: 'the response is larger than 1024 bytes',
    })
    await http.close()
  })
})

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['2606:4700::1111', true],
    ['100.64.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['fd00::1', false],
    ['fe80::1', false],
    ['64:ff9b::a9fe:a9fe', false],
    ['2002:7f00:1::', false],
    ['::', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected)
  })
})
