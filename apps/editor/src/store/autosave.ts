import type { Flow } from '@charla/flow-schema'
import { ApiError, type Draft, type ImportError } from '../api'

export type SaveStatus = 'saved' | 'saving' | 'unsaved' | 'conflict' | 'invalid' | 'offline'

export interface AutosaveState {
  status: SaveStatus
  revision: number
  /** The other tab's draft while in conflict. */
  theirs?: Draft
  /** Why the server refused the draft (status `invalid`). */
  errors?: ImportError[]
  message?: string
}

export interface AutosaverOptions {
  flowId: string
  revision: number
  save: (id: string, flow: Flow, revision: number) => Promise<Draft>
  onChange: (state: AutosaveState) => void
  delayMs?: number
  retryMs?: number
}

/**
 * Saves a draft a short while after the last change, with the revision it was based on. On a
 * conflict it stops and waits for the person to choose (keep mine / load theirs): it never
 * overwrites another tab's work and never drops local changes silently.
 */
export class Autosaver {
  private state: AutosaveState
  private latest: Flow | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private inFlight: Promise<void> | null = null
  private dirty = false
  private disposed = false
  private readonly delayMs: number
  private readonly retryMs: number

  constructor(private readonly opts: AutosaverOptions) {
    this.state = { status: 'saved', revision: opts.revision }
    this.delayMs = opts.delayMs ?? 800
    this.retryMs = opts.retryMs ?? 5000
  }

  get current(): AutosaveState {
    return this.state
  }

  /** The document changed: save it after the debounce delay. */
  changed(flow: Flow): void {
    this.latest = flow
    this.dirty = true
    if (this.state.status === 'conflict') return
    this.update({ status: 'unsaved' })
    this.schedule(this.delayMs)
  }

  /** Saves now (e.g. before leaving the page); resolves when nothing is pending. */
  async flush(): Promise<void> {
    this.clearTimer()
    if (this.inFlight) await this.inFlight
    if (this.dirty && this.state.status !== 'conflict') await this.run()
  }

  /** Conflict resolution: overwrite the other version with ours. */
  async keepMine(): Promise<void> {
    const theirs = this.state.theirs
    if (this.state.status !== 'conflict' || !theirs) return
    this.update({ status: 'unsaved', revision: theirs.revision, theirs: undefined })
    this.dirty = true
    await this.run()
  }

  /** Conflict resolution: drop our pending changes and continue from theirs. */
  loadTheirs(): Draft | undefined {
    const theirs = this.state.theirs
    if (this.state.status !== 'conflict' || !theirs) return undefined
    this.dirty = false
    this.latest = null
    this.update({ status: 'saved', revision: theirs.revision, theirs: undefined })
    return theirs
  }

  dispose(): void {
    this.disposed = true
    this.clearTimer()
  }

  private schedule(ms: number) {
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timer = null
      void this.run()
    }, ms)
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private async run(): Promise<void> {
    if (this.inFlight) {
      // A save is on its way; the change that arrived meanwhile goes out when it returns.
      await this.inFlight
      return
    }
    if (!this.dirty || !this.latest || this.disposed) return
    const flow = this.latest
    this.dirty = false
    this.update({ status: 'saving' })
    this.inFlight = this.opts
      .save(this.opts.flowId, flow, this.state.revision)
      .then(
        (draft) => {
          this.update({
            status: this.dirty ? 'unsaved' : 'saved',
            revision: draft.revision,
            errors: undefined,
            message: undefined,
          })
        },
        (err: unknown) => {
          this.dirty = true
          if (err instanceof ApiError && err.code === 'conflict') {
            this.update({ status: 'conflict', theirs: err.body.current as Draft })
          } else if (err instanceof ApiError && err.status === 400) {
            this.update({ status: 'invalid', errors: err.errors, message: err.message })
          } else {
            this.update({ status: 'offline', message: (err as Error).message })
            this.schedule(this.retryMs)
          }
        },
      )
      .finally(() => {
        this.inFlight = null
      })
    await this.inFlight
    if (this.dirty && this.state.status === 'unsaved' && !this.timer) this.schedule(this.delayMs)
  }

  private update(patch: Partial<AutosaveState>) {
    if (this.disposed) return
    this.state = { ...this.state, ...patch }
    this.opts.onChange(this.state)
  }
}
