import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MAX_FLOW_BYTES, parseFlow, type Flow } from '@charla/flow-schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PAGE_ID } from '../../src/startRuntime'
import { FIXTURES } from '../runCharla'
import { startApiRuntime, type ApiRuntime } from './startApiRuntime'

const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8')
const fixtureFlow = (name: string) => JSON.parse(fixture(name)) as Flow

let t: ApiRuntime
beforeEach(async () => {
  t = await startApiRuntime()
})
afterEach(async () => {
  await t.stop()
})

interface DraftBody {
  draft: { id: string; flow: Flow; revision: number; updatedAt: number }
}
const create = async (body: unknown = {}) => {
  const res = await t.api('POST', '/api/flows', body)
  expect(res.statusCode).toBe(201)
  return res.json<DraftBody>().draft
}

describe('flows', () => {
  it('creates a blank flow that is valid and publishable, and lists it', async () => {
    const draft = await create({ name: 'My first flow' })
    expect(draft.revision).toBe(1)
    expect(draft.flow.name).toBe('My first flow')
    expect(parseFlow(draft.flow).ok).toBe(true)
    expect(draft.flow.nodes.map((n) => n.type)).toEqual(['trigger', 'message'])

    const list = await t.api('GET', '/api/flows')
    expect(list.json()).toEqual({
      flows: [
        {
          id: draft.id,
          name: 'My first flow',
          revision: 1,
          updatedAt: draft.updatedAt,
          nodeCount: 2,
          valid: true,
          published: [],
        },
      ],
    })
  })

  it('creates from an example or a flow, never overwriting an existing id', async () => {
    const examples = await t.api('GET', '/api/examples')
    const ids = examples.json<{ examples: { id: string; nodeCount: number }[] }>().examples
    expect(ids.map((e) => e.id)).toEqual(['booking', 'checkout', 'lead-form', 'tour'])
    expect(ids[2]).toMatchObject({ name: 'Spring promo: quote requests', nodeCount: 10 })

    const first = await create({ example: 'lead-form' })
    expect(first.id).toBe('spring_leads')
    const second = await create({ example: 'lead-form' })
    expect(second.id).not.toBe('spring_leads')
    expect(second.flow.nodes).toEqual(first.flow.nodes)
    const third = await create({ flow: first.flow, name: 'Mine' })
    expect(third.id).not.toBe('spring_leads')
    expect(third.flow.name).toBe('Mine')
    expect((await t.api('GET', '/api/flows/spring_leads')).json<DraftBody>().draft).toEqual(first)

    const unknown = await t.api('POST', '/api/flows', { example: '../../etc/passwd' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ ok: false, error: 'not_found' })
    const bad = await t.api('POST', '/api/flows', { flow: { format: 'charla.flow' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ ok: false, error: 'invalid_flow' })
    const extra = await t.api('POST', '/api/flows', { nme: 'typo' })
    expect(extra.statusCode).toBe(400)
    expect(extra.json()).toMatchObject({ ok: false, error: 'bad_request' })
  })

  it('gets, renames through PUT, duplicates and deletes', async () => {
    const draft = await create({ name: 'Welcome' })
    const got = await t.api('GET', `/api/flows/${draft.id}`)
    expect(got.json()).toEqual({ draft })

    const saved = await t.api('PUT', `/api/flows/${draft.id}`, {
      flow: { ...draft.flow, name: 'Welcome back' },
      revision: 1,
    })
    expect(saved.statusCode).toBe(200)
    expect(saved.json<DraftBody>().draft).toMatchObject({ revision: 2 })
    const list = await t.api('GET', '/api/flows')
    expect(list.json<{ flows: { name: string }[] }>().flows.map((f) => f.name)).toEqual([
      'Welcome back',
    ])

    const dup = await t.api('POST', `/api/flows/${draft.id}/duplicate`)
    expect(dup.statusCode).toBe(201)
    const copy = dup.json<DraftBody>().draft
    expect(copy.id).not.toBe(draft.id)
    expect(copy.flow.name).toBe('Welcome back (copy)')
    expect(copy.flow.nodes).toEqual(draft.flow.nodes)

    const deleted = await t.api('DELETE', `/api/flows/${draft.id}`)
    expect(deleted.statusCode).toBe(204)
    expect((await t.api('GET', `/api/flows/${draft.id}`)).statusCode).toBe(404)
    expect((await t.api('DELETE', `/api/flows/${draft.id}`)).statusCode).toBe(404)
    expect((await t.api('GET', '/api/flows/no such id')).json()).toMatchObject({
      ok: false,
      error: 'not_found',
    })
  })

  it('refuses the second of two saves from the same revision with 409 and the current draft', async () => {
    const draft = await create()
    const mine = await t.api('PUT', `/api/flows/${draft.id}`, {
      flow: { ...draft.flow, name: 'Tab one' },
      revision: 1,
    })
    expect(mine.statusCode).toBe(200)
    const theirs = await t.api('PUT', `/api/flows/${draft.id}`, {
      flow: { ...draft.flow, name: 'Tab two' },
      revision: 1,
    })
    expect(theirs.statusCode).toBe(409)
    const body = theirs.json<{ error: string; current: DraftBody['draft'] }>()
    expect(body).toMatchObject({ ok: false, error: 'conflict' })
    expect(body.current).toMatchObject({ id: draft.id, revision: 2 })
    expect(body.current.flow.name).toBe('Tab one')
  })

  it('keeps a work-in-progress draft with what is wrong, refuses what is not flow-shaped', async () => {
    const draft = await create()
    // Mid-edit: the welcome message's text is empty. Saved, with the error by path and node.
    const wip = { ...draft.flow, nodes: [{ ...draft.flow.nodes[1], data: { text: '' } }] }
    const res = await t.api('PUT', `/api/flows/${draft.id}`, { flow: wip, revision: 1 })
    expect(res.statusCode).toBe(200)
    const saved = res.json<{
      draft: { flow: unknown; revision: number; valid: boolean; errors: unknown[] }
    }>().draft
    expect(saved).toMatchObject({ flow: wip, revision: 2, valid: false })
    expect(saved.errors[0]).toMatchObject({ path: 'nodes[0].data.text', nodeId: 'welcome' })
    expect((await t.api('GET', `/api/flows/${draft.id}`)).json()).toMatchObject({
      draft: { flow: wip, valid: false },
    })
    // It cannot be exported or published until it is fixed.
    const publish = await t.api('POST', `/api/flows/${draft.id}/publish`, { pageId: 'demo_page' })
    expect(publish.statusCode).toBe(422)
    expect(publish.json()).toMatchObject({ error: 'invalid_flow' })
    expect((await t.api('GET', `/api/flows/${draft.id}/export`)).statusCode).toBe(422)

    const notAFlow = await t.api('PUT', `/api/flows/${draft.id}`, {
      flow: { ...draft.flow, nodes: [{ id: 'x', type: 'gif', data: {} }] },
      revision: 2,
    })
    expect(notAFlow.statusCode).toBe(400)
    const body = notAFlow.json<{ error: string; errors: { path: string }[] }>()
    expect(body.error).toBe('invalid_flow')
    expect(body.errors[0]?.path).toMatch(/^nodes\[0\]/)
    const renamed = await t.api('PUT', `/api/flows/${draft.id}`, {
      flow: { ...draft.flow, id: 'other' },
      revision: 1,
    })
    expect(renamed.json()).toMatchObject({ ok: false, error: 'id_mismatch' })
  })

  it('imports a valid file, gives an existing id a new one, and says what is wrong with others', async () => {
    const first = await t.api('POST', '/api/flows/import', fixture('valid.json'))
    expect(first.statusCode).toBe(201)
    expect(first.json<DraftBody>().draft).toMatchObject({ id: 'hello', revision: 1 })
    const again = await t.api('POST', '/api/flows/import', fixture('valid.json'))
    expect(again.json<DraftBody>().draft.id).not.toBe('hello')

    // A flow with mistakes opens as a draft that says what to fix, node by node.
    const invalid = await t.api('POST', '/api/flows/import', fixture('four-buttons.json'))
    expect(invalid.statusCode).toBe(201)
    const errors = invalid.json<{ draft: { valid: boolean; errors: unknown[] } }>().draft
    expect(errors.valid).toBe(false)
    expect(errors.errors).toContainEqual({
      path: 'nodes[1].data.buttons',
      nodeId: 'menu',
      message: 'a message can have at most 3 buttons',
    })

    const noFlow = await t.api('POST', '/api/flows/import', '{"format": "charla.flow"}')
    expect(noFlow.statusCode).toBe(400)
    expect(noFlow.json()).toMatchObject({ ok: false, error: 'invalid_flow' })

    const notJson = await t.api('POST', '/api/flows/import', '{\n  "format": ,\n}')
    expect(notJson.statusCode).toBe(400)
    expect(notJson.json<{ error: string; message: string }>()).toMatchObject({
      ok: false,
      error: 'invalid_json',
      message: expect.stringMatching(/line 2/),
    })

    const huge = await t.api('POST', '/api/flows/import', ' '.repeat(MAX_FLOW_BYTES + 1))
    expect(huge.statusCode).toBe(413)
    expect(huge.json()).toMatchObject({ ok: false, error: 'body_too_large' })
  })

  it('exports a draft as a file that imports back to the same flow', async () => {
    const draft = await create({ example: 'booking' })
    const res = await t.api('GET', `/api/flows/${draft.id}/export`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="barberia-luis-reservar-cita.json"',
    )
    const parsed = parseFlow(res.body)
    if (!parsed.ok) throw new Error('the export does not parse')
    const { meta, ...flow } = parsed.flow
    expect(meta?.exportedBy).toBe('Charla')
    expect(flow).toEqual(draft.flow)
  })
})

describe('Pages and publishing', () => {
  it('lists connected Pages without secrets, never simulator Pages', async () => {
    const session = await t.api('POST', '/api/simulator/sessions', {
      flow: fixtureFlow('valid.json'),
    })
    expect(session.statusCode).toBe(201)
    const res = await t.api('GET', '/api/pages')
    const page = await t.runtime.storage.pages.get(DEMO_PAGE_ID)
    expect(res.json()).toEqual({
      pages: [
        {
          id: DEMO_PAGE_ID,
          name: 'Charla Demo',
          status: 'active',
          accessToken: { set: true, last4: page!.accessToken.slice(-4) },
          appSecret: { set: true },
        },
      ],
    })
    for (const secret of [page!.accessToken, page!.appSecret, page!.verifyToken])
      expect(res.body).not.toContain(secret)
  })

  it('refuses to publish with lint errors, publishes otherwise, and numbers versions 1, 2', async () => {
    const broken = (
      await t.api('POST', '/api/flows/import', fixture('no-trigger.json'))
    ).json<DraftBody>().draft
    const refused = await t.api('POST', `/api/flows/${broken.id}/publish`, {
      pageId: DEMO_PAGE_ID,
    })
    expect(refused.statusCode).toBe(422)
    const body = refused.json<{ error: string; problems: { severity: string; code: string }[] }>()
    expect(body.error).toBe('lint_errors')
    expect(body.problems.some((p) => p.severity === 'error')).toBe(true)
    expect(await t.runtime.storage.flows.listVersions(broken.id)).toEqual([])

    const draft = await create({ name: 'Live' })
    const v1 = await t.api('POST', `/api/flows/${draft.id}/publish`, { pageId: DEMO_PAGE_ID })
    expect(v1.statusCode).toBe(201)
    expect(v1.json()).toMatchObject({ version: { flowId: draft.id, number: 1 } })
    // The same content again is the same version, live again: no copy.
    const same = await t.api('POST', `/api/flows/${draft.id}/publish`, { pageId: DEMO_PAGE_ID })
    expect(same.statusCode).toBe(200)
    expect(same.json()).toMatchObject({ reused: true, version: { number: 1 } })
    const flow = (await t.api('GET', `/api/flows/${draft.id}`)).json<DraftBody>().draft
    await t.api('PUT', `/api/flows/${draft.id}`, {
      flow: { ...flow.flow, name: 'Live, changed' },
      revision: flow.revision,
    })
    const v2 = await t.api('POST', `/api/flows/${draft.id}/publish`, { pageId: DEMO_PAGE_ID })
    expect(v2.json()).toMatchObject({ reused: false, version: { number: 2 } })
    const second = v2.json<{ version: { id: string; createdAt: number; contentHash: string } }>()
      .version

    const versions = await t.api('GET', `/api/flows/${draft.id}/versions`)
    expect(versions.json<{ versions: unknown[] }>().versions).toEqual([
      {
        id: second.id,
        number: 2,
        createdAt: second.createdAt,
        contentHash: second.contentHash,
        // Who published: here the test's API token.
        publishedBy: 'token: tests',
        pages: [DEMO_PAGE_ID],
      },
      expect.objectContaining({ number: 1, pages: [] }),
    ])
    const list = await t.api('GET', '/api/flows')
    const listed = list
      .json<{ flows: { id: string; published: unknown[] }[] }>()
      .flows.find((f) => f.id === draft.id)
    expect(listed?.published).toEqual([
      {
        pageId: DEMO_PAGE_ID,
        versionId: second.id,
        number: 2,
        publishedAt: second.createdAt,
      },
    ])

    const nowhere = await t.api('POST', `/api/flows/${draft.id}/publish`, { pageId: 'nope' })
    expect(nowhere.statusCode).toBe(404)
    const noFlow = await t.api('POST', '/api/flows/nope/publish', { pageId: DEMO_PAGE_ID })
    expect(noFlow.statusCode).toBe(404)
    expect((await t.api('GET', '/api/flows/nope/versions')).statusCode).toBe(404)
  })
})

describe('the editor at /', () => {
  it('says how to build the editor when it is not built', async () => {
    const res = await t.api('GET', '/')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('pnpm --filter @charla/editor build')
  })

  it('serves the built editor, with index.html for its client-side routes', async () => {
    const dist = join(t.dataDir, 'dist')
    await mkdir(join(dist, 'assets'), { recursive: true })
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Charla editor</title>')
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)')
    const withEditor = await startApiRuntime({ editorDist: dist })
    try {
      const root = await withEditor.api('GET', '/')
      expect(root.body).toContain('Charla editor')
      expect((await withEditor.api('GET', '/assets/app.js')).body).toBe('console.log(1)')
      const deep = await withEditor.api('GET', '/flows/spring_leads')
      expect(deep.statusCode).toBe(200)
      expect(deep.body).toContain('Charla editor')
      expect((await withEditor.api('GET', '/assets/missing.js')).statusCode).toBe(404)
      const api = await withEditor.api('GET', '/api/nope')
      expect(api.statusCode).toBe(404)
      expect(api.json()).toMatchObject({ ok: false, error: 'not_found' })
      expect((await withEditor.api('GET', '/health')).json()).toEqual({ status: 'ok' })
    } finally {
      await withEditor.stop()
    }
  })
})
