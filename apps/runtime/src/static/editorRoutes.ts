import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** Paths that belong to the server, never to the editor's client-side routes. */
const SERVER_PATHS = /^\/(api|emulator|webhooks|health)(\/|$|\?)/

/** What `/` answers when the editor has not been built. */
const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Charla</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Charla is running</h1>
<p>The editor has not been built yet. Build it, then reload this page:</p>
<pre>pnpm --filter @charla/editor build</pre>
</body>
</html>
`

/**
 * Serves the built editor (`apps/editor/dist`) at `/`. Client-side routes (`/flows/abc`) get
 * `index.html` through {@link editorFallback}. Without a build, `/` says how to make one.
 * @returns whether the editor is served.
 */
export async function registerEditor(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(join(distDir, 'index.html'))) {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT))
    return false
  }
  await app.register(fastifyStatic, { root: distDir, index: 'index.html', wildcard: true })
  return true
}

/**
 * For the not-found handler: a GET for a page of the editor (not an API, emulator or webhook
 * path, not a file) answers `index.html`, so deep links and reloads work. False when it is not
 * one: answer the usual 404.
 */
export function editorFallback(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  if (SERVER_PATHS.test(request.url)) return false
  const path = request.url.split('?')[0] ?? ''
  // A missing asset (`/assets/x.js`) is a 404, not the app's HTML.
  if (/\.[A-Za-z0-9]+$/.test(path)) return false
  void reply.type('text/html; charset=utf-8').sendFile('index.html')
  return true
}
