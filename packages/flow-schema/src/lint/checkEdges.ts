import { formatPath } from '../formatPath'
import type { FlowNode } from '../nodes'
import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { listNames } from './listNames'
import { nodeName } from './nodeName'

/**
 * Edges the runtime cannot follow: from or to a missing node (`edge_missing_source`,
 * `edge_missing_target`), from an output the node does not have (`edge_unknown_output`), or a
 * second edge from one output (`output_multiple_edges`), since an output leads to one step.
 */
export function checkEdges({ flow, graph }: LintContext): LintProblem[] {
  const problems: LintProblem[] = []
  const firstTarget = new Map<string, string>()
  flow.edges.forEach((e, i) => {
    const at = (...field: string[]) => formatPath(['edges', i, ...field])
    const sourceIndex = graph.indexOf.get(e.source)
    const source = sourceIndex === undefined ? undefined : flow.nodes[sourceIndex]
    const nodeId = source === undefined ? {} : { nodeId: source.id }
    if (source === undefined)
      problems.push({
        severity: 'error',
        code: 'edge_missing_source',
        path: at('source'),
        message: `This connection starts from a step "${e.source}" that does not exist (it may have been deleted). Delete the connection.`,
      })
    if (!graph.indexOf.has(e.target))
      problems.push({
        severity: 'error',
        code: 'edge_missing_target',
        ...nodeId,
        path: at('target'),
        message: `A connection leads to a step "${e.target}" that does not exist (it may have been deleted). Connect the output "${e.sourceHandle}" to another step, or delete the connection.`,
      })
    if (source === undefined || sourceIndex === undefined) return
    const outputs = graph.outputs[sourceIndex] ?? []
    if (!outputs.includes(e.sourceHandle)) {
      problems.push({
        severity: 'error',
        code: 'edge_unknown_output',
        nodeId: source.id,
        path: at('sourceHandle'),
        message: unknownOutputMessage(source, e.sourceHandle, outputs),
      })
      return
    }
    const key = `${e.source}\u0000${e.sourceHandle}`
    const earlier = firstTarget.get(key)
    if (earlier === undefined) firstTarget.set(key, e.target)
    else
      problems.push({
        severity: 'error',
        code: 'output_multiple_edges',
        nodeId: source.id,
        path: at(),
        message: `The output "${e.sourceHandle}" of ${nodeName(source)} is connected twice (to "${earlier}" and to "${e.target}"), but an output leads to one step only. Delete one of the connections.`,
      })
  })
  return problems
}

function unknownOutputMessage(source: FlowNode, handle: string, outputs: readonly string[]) {
  const start = `${nodeName(source)} has no output "${handle}", so this connection is never used`
  if (outputs.length === 0)
    return `${start}: the conversation ${source.type === 'jump' ? 'jumps elsewhere' : 'ends'} at this step. Delete the connection.`
  const names = listNames(outputs.map((o) => `"${o}"`))
  return `${start}. It may belong to a button or branch that was deleted. The outputs of this step are ${names}: connect one of them instead, or delete the connection.`
}
