import type { Edge, Flow, FlowNode, NodeOf, NodeType } from '@charla/flow-schema'

/** Nodes in one repeated section of the generated flow (see `addSection`). */
const SECTION_SIZE = 9

/**
 * A valid, publishable flow of exactly `nodeCount` nodes that looks like one a marketer would
 * draw, only longer: sections of messages with quick replies and buttons, questions,
 * conditions, variable updates, tags, delays and A/B splits, with templates in the texts, one
 * after the other from a Get Started trigger to an end.
 *
 * @example
 * const flow = generateFlow(2000) // parseFlow(JSON.stringify(flow)) is ok, lintFlow finds no error
 */
export function generateFlow(nodeCount: number): Flow {
  if (!Number.isInteger(nodeCount) || nodeCount < 2)
    throw new Error('a generated flow needs at least 2 nodes (a trigger and an end)')
  const builder = new FlowBuilder()
  builder.add('start', 'trigger', { on: 'get_started' })
  let tail = { id: 'start', handle: 'next' }
  let section = 0
  while (builder.nodes.length + SECTION_SIZE < nodeCount)
    tail = addSection(builder, tail, section++)
  // Top up with plain messages so the count is exact.
  while (builder.nodes.length < nodeCount - 1) {
    const id = `pad${builder.nodes.length}`
    builder.add(id, 'message', { text: `Almost done, {{contact.first_name | "friend"}}.` })
    builder.link(tail.id, tail.handle, id)
    tail = { id, handle: 'next' }
  }
  builder.add('done', 'end', { text: 'Thanks for chatting with us!' })
  builder.link(tail.id, tail.handle, 'done')

  return {
    format: 'charla.flow',
    schemaVersion: 1,
    id: `generated_${nodeCount}`,
    name: `Generated flow (${nodeCount} nodes)`,
    locale: 'en-US',
    variables: [
      { name: 'score', type: 'number', scope: 'contact', default: 0 },
      { name: 'answer', type: 'text', scope: 'conversation', default: '' },
      { name: 'choice', type: 'text', scope: 'conversation', default: '' },
      { name: 'history', type: 'list', scope: 'contact', default: [] },
    ],
    resources: {},
    nodes: builder.nodes,
    edges: builder.edges,
  }
}

/**
 * One section, entered from `from` and left through the returned output (`count`.next):
 *
 *   ask ─yes→ question ─┐
 *       ─no──→ decline ─┼→ check ─high→ wait ─┐
 *       ─fallback───────┘       ─vip──→ tag ──┼→ ab ─a→ info ─→ count
 *                               ─else─────────┘     ─b─────────↗
 */
function addSection(b: FlowBuilder, from: { id: string; handle: string }, i: number) {
  const id = (name: string) => `s${i}_${name}`
  const col = i * 6
  b.add(
    id('ask'),
    'message',
    {
      text: `Step ${i + 1}, {{contact.first_name | "friend"}}: your score is {{score}}. Shall we go on?`,
      quickReplies: [
        { id: 'yes', title: 'Yes, go on' },
        { id: 'no', title: 'Not really' },
      ],
      typingMs: 500,
    },
    col,
  )
  b.add(
    id('question'),
    'question',
    { text: 'In a few words, what are you looking for?', variable: 'answer', input: 'text' },
    col + 1,
    -1,
  )
  b.add(
    id('decline'),
    'set_variable',
    { assignments: [{ variable: 'choice', op: 'set', value: 'no' }] },
    col + 1,
    1,
  )
  b.add(
    id('check'),
    'condition',
    {
      branches: [
        {
          id: 'high',
          label: 'High score',
          match: 'all',
          rules: [{ variable: 'score', op: 'gte', value: 10 }],
        },
        {
          id: 'vip',
          label: 'VIP or said no',
          match: 'any',
          rules: [
            { variable: 'contact.tags', op: 'has_tag', value: 'vip' },
            { variable: 'choice', op: 'eq', value: 'no' },
          ],
        },
      ],
    },
    col + 2,
  )
  b.add(id('wait'), 'delay', { amount: 5, unit: 'minutes' }, col + 3, -1)
  b.add(id('tag'), 'tag', { add: [`section_${i}`] }, col + 3, 1)
  b.add(
    id('ab'),
    'split',
    {
      arms: [
        { id: 'a', weight: 50 },
        { id: 'b', weight: 50 },
      ],
    },
    col + 4,
  )
  b.add(
    id('info'),
    'message',
    {
      text: 'You said: {{answer | "nothing yet"}}. Here is more about us.',
      buttons: [{ id: 'site', type: 'url', title: 'Our website', url: 'https://example.com' }],
    },
    col + 5,
    -1,
  )
  b.add(
    id('count'),
    'set_variable',
    {
      assignments: [
        { variable: 'score', op: 'increment', value: 1 },
        { variable: 'history', op: 'append', value: `section ${i}` },
      ],
    },
    col + 5,
    1,
  )
  b.link(from.id, from.handle, id('ask'))
  b.link(id('ask'), 'yes', id('question'))
  b.link(id('ask'), 'no', id('decline'))
  b.link(id('ask'), 'fallback', id('check'))
  b.link(id('question'), 'next', id('check'))
  b.link(id('question'), 'invalid', id('check'))
  b.link(id('decline'), 'next', id('check'))
  b.link(id('check'), 'high', id('wait'))
  b.link(id('check'), 'vip', id('tag'))
  b.link(id('check'), 'else', id('ab'))
  b.link(id('wait'), 'next', id('ab'))
  b.link(id('tag'), 'next', id('ab'))
  b.link(id('ab'), 'a', id('info'))
  b.link(id('ab'), 'b', id('count'))
  b.link(id('info'), 'next', id('count'))
  return { id: id('count'), handle: 'next' }
}

class FlowBuilder {
  readonly nodes: FlowNode[] = []
  readonly edges: Edge[] = []

  add<T extends NodeType>(id: string, type: T, data: NodeOf<T>['data'], col = 0, row = 0): void {
    const node = { id, type, position: { x: col * 300, y: row * 150 }, data } as NodeOf<T>
    this.nodes.push(node)
  }

  link(source: string, sourceHandle: string, target: string): void {
    this.edges.push({ id: `${source}__${sourceHandle}`, source, sourceHandle, target })
  }
}
