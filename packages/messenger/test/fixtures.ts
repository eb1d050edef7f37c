import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The raw bytes of a fixture, exactly as a webhook would carry them. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}.json`, import.meta.url)))
}

export function fixture(name: string): unknown {
  return JSON.parse(fixtureBytes(name).toString('utf8'))
}
