import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { NODE_TYPES, TRIGGER_ON, exportFlow, lintFlow, parseFlow, type FlowError } from '../src'

const INVALID_DIR = new URL('./fixtures/invalid/', import.meta.url)
const EXAMPLES_DIR = new URL('../../../examples/flows/', import.meta.url)

const read = (dir: URL, file: string) => readFileSync(new URL(file, dir), 'utf8')
const jsonFiles = (dir: URL) => readdirSync(dir).filter((f) => f.endsWith('.json'))

const NODE_TYPES_LIST = NODE_TYPES.join(', ')

/** Fixtures the schema rejects, with every error parseFlow reports, exactly. */
const SCHEMA_FIXTURES: Record<string, FlowError[]> = {
  'unknown-node-type.json': [
    {
      path: 'nodes[1].type',
      message: `unknown node type "carousel" (known types: ${NODE_TYPES_LIST})`,
      nodeId: 'hello',
    },
  ],
  'four-buttons.json': [
    {
      path: 'nodes[1].data.buttons',
      message: 'a message can have at most 3 buttons',
      nodeId: 'hello',
    },
  ],
  'button-title-21-chars.json': [
    {
      path: 'nodes[1].data.buttons[0].title',
      message: 'a button title can be at most 20 characters',
      nodeId: 'hello',
    },
  ],
  'fourteen-quick-replies.json': [
    {
      path: 'nodes[1].data.quickReplies',
      message: 'a message can have at most 13 quick replies',
      nodeId: 'hello',
    },
  ],
  'unknown-top-level-field.json': [{ path: 'author', message: 'unknown field "author"' }],
  'bad-node-id.json': [
    {
      path: 'nodes[1].id',
      message: 'an id uses letters, digits, "_" or "-" (1 to 64 characters)',
      nodeId: 'say hello',
    },
    {
      path: 'edges[0].target',
      message: 'an id uses letters, digits, "_" or "-" (1 to 64 characters)',
    },
    {
      path: 'edges[1].source',
      message: 'an id uses letters, digits, "_" or "-" (1 to 64 characters)',
    },
  ],
  'duplicate-node-id.json': [
    { path: 'nodes[2].id', message: 'the node id "hello" is used twice', nodeId: 'hello' },
  ],
  'ref-trigger-without-ref.json': [
    { path: 'nodes[0].data.ref', message: 'a link/ad trigger needs a ref', nodeId: 'start' },
  ],
  'proto-key.json': [
    { path: 'nodes[1].data.__proto__', message: 'the key "__proto__" is not allowed' },
  ],
  'schema-version-2.json': [
    {
      path: 'schemaVersion',
      message:
        'this flow was made by a newer Charla (format v2); this one reads up to v1. Update Charla to open it',
    },
  ],
  'not-an-object.json': [{ path: '', message: 'a flow file must contain a JSON object' }],
  'wrong-format.json': [{ path: 'format', message: '"format" must be "charla.flow"' }],
}

/** Fixtures the schema accepts and the linter must refuse: the error each one is about. */
const LINT_FIXTURES: Record<string, { code: string; path: string; nodeId?: string }> = {
  'no-trigger.json': { code: 'no_trigger', path: 'nodes' },
  'http-url-button.json': {
    code: 'url_not_https',
    path: 'nodes[1].data.buttons[0].url',
    nodeId: 'hello',
  },
  'dangling-edge.json': { code: 'edge_missing_target', path: 'edges[1].target', nodeId: 'hello' },
  'cycle-without-wait.json': { code: 'cycle_without_wait', path: 'nodes[1]', nodeId: 'count' },
  'two-edges-from-one-output.json': {
    code: 'output_multiple_edges',
    path: 'edges[1]',
    nodeId: 'start',
  },
  'jump-to-missing-node.json': {
    code: 'jump_missing_target',
    path: 'nodes[2].data.target',
    nodeId: 'again',
  },
  'booking-missing-calendar.json': {
    code: 'missing_calendar',
    path: 'nodes[1].data.calendarId',
    nodeId: 'book',
  },
}

describe('invalid fixtures', () => {
  it('are all listed below, so none goes untested', () => {
    expect(jsonFiles(INVALID_DIR).sort()).toEqual(
      [...Object.keys(SCHEMA_FIXTURES), ...Object.keys(LINT_FIXTURES)].sort(),
    )
  })

  describe.each(Object.entries(SCHEMA_FIXTURES))('%s', (file, errors) => {
    it('is refused by parseFlow with these errors', () => {
      expect(parseFlow(read(INVALID_DIR, file))).toEqual({ ok: false, errors })
    })
  })

  describe.each(Object.entries(LINT_FIXTURES))('%s', (file, expected) => {
    it(`parses, and lintFlow reports exactly one error: ${expected.code}`, () => {
      const parsed = parseFlow(read(INVALID_DIR, file))
      if (!parsed.ok) throw new Error(`should parse: ${JSON.stringify(parsed.errors)}`)
      const errors = lintFlow(parsed.flow).filter((p) => p.severity === 'error')
      expect(errors).toEqual([expect.objectContaining(expected)])
    })
  })
})

describe('examples/flows', () => {
  const files = jsonFiles(EXAMPLES_DIR)

  it('has the lead form, booking, checkout and tour examples', () => {
    expect(files.sort()).toEqual(['booking.json', 'checkout.json', 'lead-form.json', 'tour.json'])
  })

  describe.each(files)('%s', (file) => {
    const parsed = parseFlow(read(EXAMPLES_DIR, file))

    it('parses', () => {
      expect(parsed.ok ? [] : parsed.errors).toEqual([])
    })

    it('is publishable, with no lint problem at all', () => {
      if (!parsed.ok) return
      expect(lintFlow(parsed.flow)).toEqual([])
    })

    it('survives an export and re-import unchanged', () => {
      if (!parsed.ok) return
      const meta = { exportedBy: 'charla test', exportedAt: '2026-11-22T10:00:00Z' }
      expect(parseFlow(exportFlow(parsed.flow, meta))).toEqual({
        ok: true,
        flow: { ...parsed.flow, meta },
      })
    })
  })

  it('tour.json uses every node type and every kind of trigger', () => {
    const parsed = parseFlow(read(EXAMPLES_DIR, 'tour.json'))
    if (!parsed.ok) throw new Error('tour.json should parse')
    const nodes = parsed.flow.nodes
    expect(new Set(nodes.map((n) => n.type))).toEqual(new Set(NODE_TYPES))
    const triggers = nodes.flatMap((n) => (n.type === 'trigger' ? [n.data.on] : []))
    expect(new Set(triggers)).toEqual(new Set(TRIGGER_ON))
  })
})
