import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseFlow, type Flow } from '@charla/flow-schema'

/** The repository's `examples/flows`, where `startRuntime` looks unless told otherwise. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../../examples/flows/', import.meta.url))

export interface ExampleFlow {
  /** The file name without `.json`: `lead-form`. */
  id: string
  flow: Flow
}

/** Example ids are file names: this keeps them to plain names, never a path. */
const EXAMPLE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/

/** Every valid example flow in `dir`, by file name; files that do not parse are left out. */
export async function listExampleFlows(dir: string): Promise<ExampleFlow[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  } catch {
    return []
  }
  const found = await Promise.all(names.map((n) => readExampleFlow(dir, n.slice(0, -5))))
  return found.flatMap((e) => e ?? [])
}

/** One example by id, or undefined when there is no such (valid) example. */
export async function readExampleFlow(dir: string, id: string): Promise<ExampleFlow | undefined> {
  if (!EXAMPLE_ID.test(id)) return undefined
  let text: string
  try {
    text = await readFile(join(dir, `${id}.json`), 'utf8')
  } catch {
    return undefined
  }
  const parsed = parseFlow(text)
  return parsed.ok ? { id, flow: parsed.flow } : undefined
}
