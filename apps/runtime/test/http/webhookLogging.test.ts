import { Writable } from 'node:stream'
import { signBody } from '@charla/messenger'
import { createSqliteStorage, openSqliteDatabase } from '@charla/storage/sqlite'
import Fastify from 'fastify'
import { afterEach, expect, it } from 'vitest'
import { messengerWebhookRoutes } from '../../src/routes/messengerWebhookRoutes'

const closers: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

it('logs a refused webhook as a warning, and no line per accepted one at level info', async () => {
  const storage = await createSqliteStorage(openSqliteDatabase(':memory:'))
  closers.push(() => storage.close())
  await storage.pages.upsert(
    { id: 'pg1', name: 'Shop', accessToken: 'tok', appSecret: 'app-secret', verifyToken: 'v' },
    1,
  )
  const lines: { level: number; msg: string; pageIds?: string[] }[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as (typeof lines)[number])
      done()
    },
  })
  const app = Fastify({ logger: { level: 'info', stream } })
  closers.push(() => app.close())
  await app.register(messengerWebhookRoutes, {
    prefix: '/webhooks/messenger',
    storage,
    now: () => 1,
    onEvents: () => {},
  })
  const raw = JSON.stringify({
    object: 'page',
    entry: [
      {
        id: 'pg1',
        time: 1,
        messaging: [
          {
            sender: { id: 'u1' },
            recipient: { id: 'pg1' },
            timestamp: 1,
            message: { mid: 'm1', text: 'hola' },
          },
        ],
      },
    ],
  })
  const post = (signature: string) =>
    app.inject({
      method: 'POST',
      url: '/webhooks/messenger',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      payload: raw,
    })

  expect((await post(signBody(raw, 'app-secret'))).statusCode).toBe(200)
  expect(lines).toEqual([])
  expect((await post(signBody(raw, 'not-the-secret'))).statusCode).toBe(401)
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatchObject({
    level: 40,
    msg: 'webhook refused: the signature does not match',
    pageIds: ['pg1'],
  })
  expect(await storage.inbox.countPending()).toBe(1)
})
