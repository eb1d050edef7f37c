import type { Flow } from '../flow'
import type { Variable } from '../variable'
import { buildGraph, type FlowGraph } from './buildGraph'
import { factsOf } from './factsOf'
import type { LintProblem } from './LintProblem'
import type { NodeFacts } from './NodeFacts'
import { templateUses, type TemplateUse } from './templateUses'

/** Everything the checks share, computed once per lint. */
export interface LintContext {
  flow: Flow
  graph: FlowGraph
  /** Per node index. */
  facts: readonly NodeFacts[]
  /** Per node index: the templates in its texts. */
  templates: readonly (readonly TemplateUse[])[]
  variables: ReadonlyMap<string, Variable>
}

export type Check = (ctx: LintContext) => LintProblem[]

export function createLintContext(flow: Flow): LintContext {
  const facts = flow.nodes.map((node) => factsOf(node))
  return {
    flow,
    graph: buildGraph(flow),
    facts,
    templates: facts.map((f) => templateUses(f.texts)),
    variables: new Map(flow.variables.map((v) => [v.name, v])),
  }
}
