/**
 * Everything the engine may know about the world, handed in by the caller: the clock, a
 * random source and the Page. Nothing else reaches a step.
 */
export interface StepContext {
  /** Milliseconds since the epoch, as the caller's clock (or the simulator's) reads. */
  now: number
  /** A number in [0, 1); the runtime passes Math.random, tests a seeded generator. */
  random: () => number
  page?: { id: string; name: string }
  /** Node entries allowed in one step before the flow is stopped as runaway. */
  maxTransitions?: number
}

export const DEFAULT_MAX_TRANSITIONS = 500
