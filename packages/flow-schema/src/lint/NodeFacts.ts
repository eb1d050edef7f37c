import type { PathSegment } from '../formatPath'
import type { MessageTag } from '../nodes'
import type { VariableType } from '../variable'

/**
 * What one node does, as far as the linter cares: what it reads, writes, sends and waits for.
 * Paths are relative to the node (`['data', 'buttons', 0, 'url']`). Shared between checks, so
 * never changed once made.
 */
export interface NodeFacts {
  /** Text that may hold `{{templates}}`. */
  texts: readonly TextField[]
  /** Addresses Messenger opens or fetches, which Meta requires to be https. */
  secureUrls: readonly TextField[]
  /** Variables read by name rather than through a template (condition rules, carts). */
  reads: readonly VariableRead[]
  writes: readonly VariableWrite[]
  /** Waits for the person or for time, so a loop through it does not spin on its own. */
  waits: boolean
  /** What the node sends when it is entered, or null when it sends nothing. */
  sends: Sends | null
  /** How leaving through `output` changes the time since the person last wrote. */
  elapsedAfter: (output: string) => Elapsed
  /** Outputs that end the conversation by surprise when left without a connection. */
  expectedOutputs: readonly ExpectedOutput[]
}

export interface TextField {
  path: PathSegment[]
  text: string
  /** Variables the node itself has set by the time it uses this text (earlier form fields). */
  after?: readonly string[]
}

export interface VariableRead {
  path: PathSegment[]
  name: string
  /** `is_set` / `is_empty`: reading a variable that may be unset is the point. */
  presenceOnly?: boolean
}

export interface VariableWrite {
  path: PathSegment[]
  name: string
  /** Outputs after which the variable holds a value; empty when it is cleared. */
  setOn: readonly string[]
  /** The variable types that can hold what is written, when not every type can. */
  fits?: { types: readonly VariableType[]; what: string }
}

export interface Sends {
  /** `This message`, `This question`: the subject of a sentence about the node. */
  what: string
  tag?: MessageTag
}

/** `reset`: the person just wrote; a number: milliseconds added to the time since then. */
export type Elapsed = 'reset' | number

export interface ExpectedOutput {
  output: string
  path: PathSegment[]
  message: string
}
