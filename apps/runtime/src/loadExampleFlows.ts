import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseFlow, type Flow } from '@charla/flow-schema'

/** The example flows a fresh install shows, so the demo Page has something to talk about. */
export async function loadExampleFlows(names: string[]): Promise<Flow[]> {
  const dir = fileURLToPath(new URL('../../../examples/flows/', import.meta.url))
  const flows: Flow[] = []
  for (const name of names) {
    const parsed = parseFlow(await readFile(`${dir}${name}.json`, 'utf8'))
    if (!parsed.ok)
      throw new Error(`examples/flows/${name}.json is invalid: ${parsed.errors[0]?.message}`)
    flows.push(parsed.flow)
  }
  return flows
}
