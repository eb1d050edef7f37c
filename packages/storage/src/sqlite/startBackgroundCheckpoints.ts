import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export interface BackgroundCheckpoints {
  /** Stops the thread (after a last checkpoint) and waits for it. */
  stop(): Promise<void>
}

/**
 * WAL checkpoints on a thread of their own. SQLite otherwise checkpoints inside whichever
 * commit crosses `wal_autocheckpoint`: copying pages into the database file and syncing it,
 * on the event loop, in the middle of answering a webhook. Here a second connection runs a
 * PASSIVE checkpoint (it never blocks writers or readers) every `intervalMs`; the caller keeps
 * a high autocheckpoint on its own connection as a backstop should this thread die.
 */
export function startBackgroundCheckpoints(file: string, intervalMs = 500): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  // Plain CommonJS evaluated in the thread: no TypeScript loader is needed there.
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    const Database = require(workerData.driver)
    const db = new Database(workerData.file)
    db.pragma('busy_timeout = 1000')
    const checkpoint = () => {
      try { db.pragma('wal_checkpoint(PASSIVE)') } catch (err) { parentPort.postMessage({ error: String(err) }) }
    }
    const timer = setInterval(checkpoint, workerData.intervalMs)
    parentPort.on('message', () => {
      clearInterval(timer)
      checkpoint()
      db.close()
      parentPort.close()
    })
  `
  const worker = new Worker(source, { eval: true, workerData: { driver, file, intervalMs } })
  worker.unref()
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    async stop() {
      // Unreferenced while running (it must not keep a process alive), but waited for here: a
      // process with nothing else left to do would otherwise end before the last checkpoint.
      worker.ref()
      worker.postMessage('stop')
      await exited
    },
  }
}
