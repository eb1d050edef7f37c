import { z } from 'zod'
import { bookingNodeSchema, bookingOutputs } from './booking'
import { catalogNodeSchema, catalogOutputs } from './catalog'
import { checkoutNodeSchema, checkoutOutputs } from './checkout'
import { conditionNodeSchema, conditionOutputs } from './condition'
import { delayNodeSchema, delayOutputs } from './delay'
import { endNodeSchema, endOutputs } from './end'
import { handoffNodeSchema, handoffOutputs } from './handoff'
import { httpRequestNodeSchema, httpRequestOutputs } from './httpRequest'
import { jumpNodeSchema, jumpOutputs } from './jump'
import { leadFormNodeSchema, leadFormOutputs } from './leadForm'
import { messageNodeSchema, messageOutputs } from './message'
import { questionNodeSchema, questionOutputs } from './question'
import { setVariableNodeSchema, setVariableOutputs } from './setVariable'
import { splitNodeSchema, splitOutputs } from './split'
import { tagNodeSchema, tagOutputs } from './tag'
import { triggerNodeSchema, triggerOutputs } from './trigger'

export const nodeSchema = z.discriminatedUnion('type', [
  triggerNodeSchema,
  messageNodeSchema,
  questionNodeSchema,
  conditionNodeSchema,
  setVariableNodeSchema,
  tagNodeSchema,
  delayNodeSchema,
  splitNodeSchema,
  httpRequestNodeSchema,
  handoffNodeSchema,
  jumpNodeSchema,
  endNodeSchema,
  leadFormNodeSchema,
  bookingNodeSchema,
  catalogNodeSchema,
  checkoutNodeSchema,
])
export type FlowNode = z.infer<typeof nodeSchema>
export type NodeType = FlowNode['type']
/** The node of one kind. */
export type NodeOf<T extends NodeType> = Extract<FlowNode, { type: T }>

/** Every node kind, in palette order. */
export const NODE_TYPES = [
  'trigger',
  'message',
  'question',
  'condition',
  'set_variable',
  'tag',
  'delay',
  'split',
  'http_request',
  'handoff',
  'jump',
  'end',
  'lead_form',
  'booking',
  'catalog',
  'checkout',
] as const satisfies readonly NodeType[]

/** Per-kind registry: a new kind fails to compile until it is listed here. */
export type NodeRegistry<V> = { [T in NodeType]: V }

const OUTPUTS: { [T in NodeType]: (data: NodeOf<T>['data']) => string[] } = {
  trigger: triggerOutputs,
  message: messageOutputs,
  question: questionOutputs,
  condition: conditionOutputs,
  set_variable: setVariableOutputs,
  tag: tagOutputs,
  delay: delayOutputs,
  split: splitOutputs,
  http_request: httpRequestOutputs,
  handoff: handoffOutputs,
  jump: jumpOutputs,
  end: endOutputs,
  lead_form: leadFormOutputs,
  booking: bookingOutputs,
  catalog: catalogOutputs,
  checkout: checkoutOutputs,
}

/** The output handles of a node, named as in FLOW_FORMAT.md. */
export function outputsOf(node: FlowNode): string[] {
  const fn = OUTPUTS[node.type] as (data: FlowNode['data']) => string[]
  return fn(node.data)
}

export * from './booking'
export * from './catalog'
export * from './checkout'
export * from './condition'
export * from './delay'
export * from './end'
export * from './handoff'
export * from './httpRequest'
export * from './jump'
export * from './leadForm'
export * from './message'
export * from './question'
export * from './setVariable'
export * from './shared'
export * from './split'
export * from './tag'
export * from './trigger'
