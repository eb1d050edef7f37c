import type { PathSegment } from '../formatPath'
import type { NodeOf } from '../nodes'
import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'
import { nodeName } from './nodeName'

/**
 * `no_trigger`: nothing can start the flow. `duplicate_trigger`: two triggers answer the same
 * thing, so only one of them can ever run (reported on the later one).
 */
export function checkTriggers({ flow, graph }: LintContext): LintProblem[] {
  if (graph.triggers.length === 0)
    return [
      {
        severity: 'error',
        code: 'no_trigger',
        path: 'nodes',
        message:
          'Nothing starts this flow. Add a trigger (Get Started, a link, a keyword, a menu button, a comment or the default reply) and connect it to the first step.',
      },
    ]
  const problems: LintProblem[] = []
  const claimed = new Map<string, number>()
  const keywords: Keyword[] = []
  for (const i of graph.triggers) {
    const node = flow.nodes[i]
    if (node?.type !== 'trigger') continue
    for (const claim of claimsOf(node)) {
      const first = claimed.get(claim.key)
      const firstNode = first === undefined ? undefined : flow.nodes[first]
      if (firstNode === undefined) claimed.set(claim.key, i)
      else
        problems.push(
          nodeProblem(
            'warning',
            'duplicate_trigger',
            node,
            i,
            claim.path,
            `The trigger ${nodeName(firstNode)} already ${claim.what}, so only one of the two will run. Remove one of them or make them different.`,
          ),
        )
    }
    const d = node.data
    if (d.on === 'keyword')
      (d.keywords ?? []).forEach((k, ki) =>
        keywords.push({
          trigger: i,
          text: normalize(k),
          contains: d.match === 'contains',
          path: ['data', 'keywords', ki],
        }),
      )
  }
  problems.push(...keywordOverlaps(flow.nodes, keywords))
  return problems
}

interface Claim {
  key: string
  path: PathSegment[]
  what: string
}

interface Keyword {
  trigger: number
  text: string
  contains: boolean
  path: PathSegment[]
}

/** What a trigger answers, as keys that must be unique across the flow. */
function claimsOf(node: NodeOf<'trigger'>): Claim[] {
  const d = node.data
  switch (d.on) {
    case 'get_started':
      return [{ key: 'get_started', path: ['data', 'on'], what: 'starts on Get Started' }]
    case 'default':
      return [
        {
          key: 'default',
          path: ['data', 'on'],
          what: 'answers messages that no other trigger matches',
        },
      ]
    case 'ref':
      return d.ref === undefined
        ? []
        : [
            {
              key: `ref:${d.ref}`,
              path: ['data', 'ref'],
              what: `starts on the link ref "${d.ref}"`,
            },
          ]
    case 'postback':
      return d.payload === undefined
        ? []
        : [
            {
              key: `payload:${d.payload}`,
              path: ['data', 'payload'],
              what: `starts on the menu payload "${d.payload}"`,
            },
          ]
    case 'comment':
      // Keyword-less comment triggers answer every comment on their post (or on any post).
      return d.keywords?.length
        ? []
        : [
            {
              key: `comment:${d.postId ?? ''}`,
              path: ['data', 'on'],
              what:
                d.postId === undefined
                  ? 'answers every comment'
                  : `answers every comment on the post "${d.postId}"`,
            },
          ]
    case 'keyword':
      return []
  }
}

/**
 * Keywords are compared without case, the way people type them. Two keyword triggers overlap
 * when they share a keyword, or when a keyword contains another trigger's "contains" keyword.
 */
function keywordOverlaps(nodes: LintContext['flow']['nodes'], keywords: Keyword[]): LintProblem[] {
  const problems: LintProblem[] = []
  const reported = new Set<string>()
  const byText = new Map<string, Keyword>()
  const containing: Keyword[] = []
  keywords.forEach((k, ki) => {
    const same = byText.get(k.text)
    const other =
      same !== undefined && same.trigger !== k.trigger
        ? same
        : // Substring overlaps need a "contains" keyword; there are few, so scanning is cheap.
          (k.contains ? keywords.slice(0, ki) : containing).find(
            (c) =>
              c.trigger !== k.trigger &&
              ((c.contains && k.text.includes(c.text)) || (k.contains && c.text.includes(k.text))),
          )
    if (same === undefined) byText.set(k.text, k)
    if (k.contains) containing.push(k)
    const node = nodes[k.trigger]
    const otherNode = other && nodes[other.trigger]
    const pair = other && `${other.trigger}:${k.trigger}`
    if (!pair || !node || !otherNode || reported.has(pair)) return
    reported.add(pair)
    const overlap =
      other.text === k.text
        ? `also uses the keyword "${k.text}"`
        : other.contains && k.text.includes(other.text)
          ? `answers any message containing "${other.text}", which includes "${k.text}"`
          : `uses the keyword "${other.text}", which contains "${k.text}"`
    problems.push(
      nodeProblem(
        'warning',
        'duplicate_trigger',
        node,
        k.trigger,
        k.path,
        `The trigger ${nodeName(otherNode)} ${overlap}, so only one of the two will run for it. Use different keywords.`,
      ),
    )
  })
  return problems
}

function normalize(keyword: string): string {
  return keyword.trim().toLowerCase()
}
