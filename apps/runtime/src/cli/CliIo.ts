/**
 * What a command may touch of the process. The bin passes the real one; keeping it explicit
 * means commands never read `process` themselves.
 */
export interface CliIo {
  argv: string[]
  /** Where relative file names are resolved from (the directory the user ran pnpm in). */
  cwd: string
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** The environment, for commands that run the server. */
  env: Record<string, string | undefined>
  /** A secret (password): typed without echo at a terminal, else stdin's first line. */
  readSecret?: (prompt: string) => Promise<string>
  /** Whether a person is at a terminal (a password is then asked twice). */
  interactive?: boolean
  /** Resolves when the process is asked to stop (SIGINT / SIGTERM). */
  untilStopped: () => Promise<void>
}
