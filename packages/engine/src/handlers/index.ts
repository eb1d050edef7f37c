import type { NodeType } from '@charla/flow-schema'
import type { NodeHandler } from '../NodeHandler'
import { booking } from './booking'
import { catalog } from './catalog'
import { checkout } from './checkout'
import { condition } from './condition'
import { delay } from './delay'
import { end } from './end'
import { handoff } from './handoff'
import { httpRequest } from './httpRequest'
import { jump } from './jump'
import { leadForm } from './leadForm'
import { message } from './message'
import { question } from './question'
import { setVariable } from './setVariable'
import { split } from './split'
import { tag } from './tag'
import { trigger } from './trigger'

/** One handler per node kind: a new kind fails to compile until it is handled here. */
export const handlers: { [T in NodeType]: NodeHandler<T> } = {
  trigger,
  message,
  question,
  condition,
  set_variable: setVariable,
  tag,
  delay,
  split,
  http_request: httpRequest,
  handoff,
  jump,
  end,
  lead_form: leadForm,
  booking,
  catalog,
  checkout,
}
