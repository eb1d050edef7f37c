import {
  exportFlow,
  flowDocumentSchema,
  idSchema,
  lintFlow,
  MAX_FLOW_BYTES,
  parseFlow,
  parseJsonSafely,
  type Flow,
  type FlowDocument,
  type FlowError,
} from '@charla/flow-schema'
import { contentHashOf, type FlowDraft, type Storage } from '@charla/storage'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'
import { blankFlow } from '../flows/blankFlow'
import { checkFlowText } from '../flows/checkFlowText'
import { readExampleFlow } from '../flows/exampleFlows'
import { newFlowId, slugOf } from '../flows/flowIds'
import { invalidFlow, readFlow, readJsonBody, takeJsonAsText } from './jsonBody'
import { publishedBy } from './publishedBy'

export interface FlowAdminOptions {
  storage: Storage
  now: () => number
  /** Where `example` ids are looked up (`examples/flows`). */
  examplesDir: string
}

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  flow: z.unknown().optional(),
  example: z.string().min(1).max(64).optional(),
})
const saveBody = z.strictObject({
  flow: z.unknown(),
  revision: z.number().int().min(0),
})
const publishBody = z.strictObject({ pageId: z.string().min(1).max(200) })
const idParams = z.object({ id: idSchema })

/** Flow names are at most 120 characters: a copy's suffix must still fit. */
const MAX_NAME = 120
const COPY_SUFFIX = ' (copy)'

/**
 * The editor's flows: drafts (saved with a revision, so two tabs never overwrite each other),
 * import and export as JSON files, publishing a draft to a Page as a new immutable version.
 * Under `/api/flows`; `/api/flows/validate` lives in `flowRoutes`.
 */
export const flowAdminRoutes: FastifyPluginAsync<FlowAdminOptions> = async (app, opts) => {
  const { storage, now } = opts
  takeJsonAsText(app)

  /** Stores a new draft under its own id, or a fresh one when that id is taken: never overwrites. */
  async function createDraft(flow: FlowDocument): Promise<FlowDraft> {
    let candidate = flow
    for (let attempt = 0; attempt < 5; attempt++) {
      const saved = await storage.flows.saveDraft(candidate, undefined, now())
      if (saved.ok) return saved.draft
      candidate = { ...flow, id: newFlowId(flow.id) }
    }
    throw new Error('could not find a free flow id')
  }

  /** The draft's valid flow, or a 422 saying what is still wrong with it. */
  function flowOf(draft: FlowDraft, reply: FastifyReply, doing: string): Flow | undefined {
    if (draft.flow) return draft.flow
    const errors = errorsOf(draft.document)
    const first = errors[0]
    void reply.status(422).send({
      ...errorBody(
        'invalid_flow',
        `fix this flow before you ${doing} it: ${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'it is not a valid flow'}`,
      ),
      errors,
    })
    return undefined
  }

  async function draftOr404(id: string, reply: FastifyReply): Promise<FlowDraft | undefined> {
    const parsed = idParams.safeParse({ id })
    const draft = parsed.success ? await storage.flows.getDraft(parsed.data.id) : undefined
    if (!draft) void reply.status(404).send(errorBody('not_found', `there is no flow "${id}"`))
    return draft
  }

  app.get('/', async () => {
    const [drafts, live] = await Promise.all([
      storage.flows.listDrafts(),
      storage.flows.publications(),
    ])
    return {
      flows: drafts.map((d) => ({
        id: d.id,
        name: d.document.name,
        revision: d.revision,
        updatedAt: d.updatedAt,
        nodeCount: d.document.nodes.length,
        valid: d.flow !== undefined,
        published: live
          .filter((p) => p.flowId === d.id)
          .map((p) => ({
            pageId: p.pageId,
            versionId: p.versionId,
            number: p.number,
            publishedAt: p.publishedAt,
          })),
      })),
    }
  })

  app.post('/', async (request, reply) => {
    const body = readJsonBody(request, reply, createBody)
    if (!body) return reply
    if (body.flow !== undefined && body.example !== undefined)
      return reply
        .status(400)
        .send(errorBody('bad_request', 'give either a flow or an example, not both'))
    let flow: Flow | undefined
    if (body.flow !== undefined) {
      flow = readFlow(body.flow, reply)
      if (!flow) return reply
    } else if (body.example !== undefined) {
      const example = await readExampleFlow(opts.examplesDir, body.example)
      if (!example)
        return reply
          .status(404)
          .send(errorBody('not_found', `there is no example "${body.example}"`))
      flow = example.flow
    } else {
      flow = blankFlow(newFlowId('flow'), body.name ?? 'Untitled flow')
    }
    if (body.name !== undefined) flow = { ...flow, name: body.name }
    return reply.status(201).send({ draft: toApi(await createDraft(flow)) })
  })

  app.post('/import', { bodyLimit: MAX_FLOW_BYTES }, async (request, reply) => {
    const text = typeof request.body === 'string' ? request.body : ''
    const check = checkFlowText(text)
    if (check.kind === 'not_json')
      return reply.status(400).send(errorBody('invalid_json', check.message))
    if (check.kind === 'parsed')
      return reply.status(201).send({ draft: toApi(await createDraft(check.flow)) })
    // A flow with mistakes is still worth opening: the editor shows each error on its node.
    // Anything not even flow-shaped is refused with what is wrong.
    const json = parseJsonSafely(text)
    const document = json.ok ? flowDocumentSchema.safeParse(json.value) : undefined
    if (!document?.success) return invalidFlow(reply, check.errors)
    return reply.status(201).send({ draft: toApi(await createDraft(document.data)) })
  })

  app.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const draft = await draftOr404(request.params.id, reply)
    return draft ? { draft: toApi(draft) } : reply
  })

  app.put<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const current = await draftOr404(request.params.id, reply)
    if (!current) return reply
    const body = readJsonBody(request, reply, saveBody)
    if (!body) return reply
    // Saved even while invalid (a message not typed yet): only publishing needs a valid flow.
    const parsed = parseFlow(body.flow)
    const document = parsed.ok ? parsed.flow : flowDocumentSchema.safeParse(body.flow).data
    if (!document) return invalidFlow(reply, parsed.ok ? [] : parsed.errors)
    const flow = document
    if (flow.id !== current.id)
      return reply
        .status(400)
        .send(
          errorBody(
            'id_mismatch',
            `the flow's id "${flow.id}" is not "${current.id}": a flow keeps its id (import or duplicate it to get a new one)`,
          ),
        )
    const saved = await storage.flows.saveDraft(flow, body.revision, now())
    if (!saved.ok)
      return reply.status(409).send({
        ...errorBody(
          'conflict',
          `this flow was saved elsewhere in the meantime (revision ${saved.conflict.revision}); reload it, or save your copy as a new flow`,
        ),
        current: toApi(saved.conflict),
      })
    return { draft: toApi(saved.draft) }
  })

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const draft = await draftOr404(request.params.id, reply)
    if (!draft) return reply
    await storage.flows.deleteDraft(draft.id)
    return reply.status(204).send()
  })

  app.post<{ Params: { id: string } }>('/:id/duplicate', async (request, reply) => {
    const draft = await draftOr404(request.params.id, reply)
    if (!draft) return reply
    const document = draft.document
    const name = `${document.name.slice(0, MAX_NAME - COPY_SUFFIX.length)}${COPY_SUFFIX}`
    const copy = await createDraft({ ...document, id: newFlowId(draft.id), name })
    return reply.status(201).send({ draft: toApi(copy) })
  })

  app.get<{ Params: { id: string } }>('/:id/export', async (request, reply) => {
    const draft = await draftOr404(request.params.id, reply)
    if (!draft) return reply
    const flow = flowOf(draft, reply, 'export')
    if (!flow) return reply
    const text = exportFlow(flow, {
      exportedBy: 'Charla',
      exportedAt: new Date(now()).toISOString(),
    })
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${slugOf(flow.name, draft.id)}.json"`)
      .send(text)
  })

  app.post<{ Params: { id: string } }>('/:id/publish', async (request, reply) => {
    const draft = await draftOr404(request.params.id, reply)
    if (!draft) return reply
    const body = readJsonBody(request, reply, publishBody)
    if (!body) return reply
    const page = await storage.pages.get(body.pageId)
    if (!page || page.kind !== 'connected')
      return reply.status(404).send(errorBody('not_found', `there is no Page "${body.pageId}"`))
    const flow = flowOf(draft, reply, 'publish')
    if (!flow) return reply
    const problems = lintFlow(flow)
    const errors = problems.filter((p) => p.severity === 'error')
    if (errors.length)
      return reply.status(422).send({
        ...errorBody(
          'lint_errors',
          `this flow has ${errors.length} ${errors.length === 1 ? 'error' : 'errors'} to fix before it can be published`,
        ),
        problems,
      })
    // Identical content goes live as the version it already is (no copy): say so.
    const reused = await storage.flows.findByHash(flow.id, contentHashOf(flow))
    const by = publishedBy(request)
    const version = await storage.flows.publish(flow, page.id, now(), by ? { publishedBy: by } : {})
    return reply.status(reused ? 200 : 201).send({
      version: {
        id: version.id,
        flowId: version.flowId,
        number: version.number,
        createdAt: version.createdAt,
        contentHash: version.contentHash,
        ...(version.publishedBy ? { publishedBy: version.publishedBy } : {}),
      },
      reused: reused !== undefined,
    })
  })

  app.get<{ Params: { id: string } }>('/:id/versions', async (request, reply) => {
    const parsed = idParams.safeParse(request.params)
    if (!parsed.success)
      return reply
        .status(404)
        .send(errorBody('not_found', `there is no flow "${request.params.id}"`))
    const { id } = parsed.data
    const [versions, live] = await Promise.all([
      storage.flows.listVersions(id),
      storage.flows.publications(id),
    ])
    if (!versions.length && !(await storage.flows.getDraft(id)))
      return reply.status(404).send(errorBody('not_found', `there is no flow "${id}"`))
    return {
      versions: versions.map((v) => ({
        id: v.id,
        number: v.number,
        createdAt: v.createdAt,
        contentHash: v.contentHash,
        ...(v.publishedBy ? { publishedBy: v.publishedBy } : {}),
        pages: live.filter((p) => p.versionId === v.id).map((p) => p.pageId),
      })),
    }
  })
}

/**
 * A draft as the editor reads it: `flow` is the document as saved; `valid` and `errors` say
 * whether it is a flow yet and, if not, what is wrong, by JSON path and node.
 */
function toApi(draft: FlowDraft) {
  return {
    id: draft.id,
    flow: draft.document,
    revision: draft.revision,
    updatedAt: draft.updatedAt,
    valid: draft.flow !== undefined,
    ...(draft.flow ? {} : { errors: errorsOf(draft.document) }),
  }
}

function errorsOf(document: FlowDocument): FlowError[] {
  const parsed = parseFlow(document)
  return parsed.ok ? [] : parsed.errors
}
