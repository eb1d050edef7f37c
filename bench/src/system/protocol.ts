/** What the benchmark process asks of a server process (`serverProcess.ts`), over IPC. */
export type ServerCall =
  | { call: 'start'; args: StartArgs }
  /** Runtime: resolves once the inbox has no pending event, or when the timeout passed. */
  | { call: 'drain'; args: { timeoutMs: number } }
  /** Emulator: what it received so far: `SendsReport`. */
  | { call: 'sends'; args?: undefined }
  /** CPU time the process used so far, in ms (a number). */
  | { call: 'cpu'; args?: undefined }
  | { call: 'stop'; args?: undefined }

export type StartArgs =
  | { mode: 'bare' }
  | {
      /** Meta's side: the Messenger emulator alone, answering the runtime's Graph API calls. */
      mode: 'emulator'
      page: BenchPage
      /** People registered with the emulator (profiles, Send API recipients). */
      people: string[]
      /** Post a `sent` message to the parent for every message the emulator accepts. */
      notifySends: boolean
    }
  | {
      mode: 'runtime'
      dataDir: string
      /** `paused`: the pipeline is stopped right after start, so only the webhook path runs. */
      pipeline: 'running' | 'paused'
      /** Sends per second per Page for the relay; the runtime's default (300) unless given. */
      ratePerSecond?: number
      /** The emulator process's Graph API (`…/emulator/graph`). */
      graphApiUrl: string
      page: BenchPage
    }

/** The one Page of a benchmark, connected to the runtime as `charla serve` connects one. */
export interface BenchPage {
  id: string
  accessToken: string
  appSecret: string
  verifyToken: string
}

export interface Started {
  url: string
}

export interface Drained {
  /** Inbox events still pending. */
  pending: number
}

export interface SendsReport {
  /** Per person: how many messages the emulator accepted, and when the first one arrived. */
  people: Array<{ psid: string; messages: number; firstAt: number }>
  /** Per person: milliseconds spent inside the emulator's Graph API handler (profile + sends). */
  emulatorMs: Array<{ psid: string; ms: number }>
}

export type Reply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string }

/**
 * Sent unasked: messages reached the emulator (`at` on the shared monotonic clock, taken when
 * each arrived). Gathered per turn of the emulator's event loop, so the measuring costs the
 * machine one IPC write per batch of sends rather than one per send.
 */
export interface SentNotice {
  sent: { psid: string; at: number }[]
}

/** Milliseconds on the system-wide monotonic clock (CLOCK_MONOTONIC), comparable across processes. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/**
 * Under CHARLA_BENCH_CPU_PROF, prints when a measured run started and ended on the monotonic
 * clock, which V8 CPU profiles also use for their timestamps (µs), so that
 * `tsx src/summarizeProfile.ts <profile> <from>-<to>` can cut the server's profile to the run.
 */
export function markProfileWindow(label: string, startMs: number, endMs: number): void {
  if (process.env.CHARLA_BENCH_CPU_PROF)
    console.error(`[profile window] ${label}: ${startMs.toFixed(3)} ${endMs.toFixed(3)}`)
}
