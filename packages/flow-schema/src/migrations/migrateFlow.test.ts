import { describe, expect, it } from 'vitest'
import { parseFlow } from '../parseFlow'
import { MIGRATIONS, migrateFlow, type Migration } from './migrateFlow'

/** A pretend history: v1 named the greeting `title`, v2 moved it to `name`, v3 added `locale`. */
const chain: Record<number, Migration> = {
  1: ({ title, ...rest }) => ({ ...rest, name: title }),
  2: (doc) => ({ ...doc, locale: 'en-US' }),
}

describe('migrateFlow', () => {
  it('has no migrations while v1 is the only version', () => {
    expect(MIGRATIONS).toEqual({})
    expect(migrateFlow({ schemaVersion: 1, a: 1 })).toEqual({
      ok: true,
      doc: { schemaVersion: 1, a: 1 },
      from: 1,
    })
  })

  it('applies every step in order, stamping each version', () => {
    const seen: number[] = []
    const spying: Record<number, Migration> = {
      1: (d) => (seen.push(Number(d.schemaVersion)), chain[1]!(d)),
      2: (d) => (seen.push(Number(d.schemaVersion)), chain[2]!(d)),
    }
    const r = migrateFlow({ schemaVersion: 1, title: 'Old' }, { migrations: spying, target: 3 })
    expect(r).toEqual({
      ok: true,
      doc: { schemaVersion: 3, name: 'Old', locale: 'en-US' },
      from: 1,
    })
    expect(seen).toEqual([1, 2])
  })

  it('starts from the version the document says', () => {
    const r = migrateFlow({ schemaVersion: 2, name: 'Mid' }, { migrations: chain, target: 3 })
    expect(r).toEqual({
      ok: true,
      doc: { schemaVersion: 3, name: 'Mid', locale: 'en-US' },
      from: 2,
    })
  })

  it('never modifies the document it was given', () => {
    const doc = { schemaVersion: 1, title: 'Old' }
    migrateFlow(doc, { migrations: chain, target: 3 })
    expect(doc).toEqual({ schemaVersion: 1, title: 'Old' })
  })

  it('fails clearly on a gap in the chain, a missing or a bad version', () => {
    expect(migrateFlow({ schemaVersion: 1 }, { migrations: { 2: chain[2]! }, target: 3 })).toEqual({
      ok: false,
      errors: [{ path: 'schemaVersion', message: 'no migration from v1 to v2' }],
    })
    expect(migrateFlow({})).toMatchObject({
      ok: false,
      errors: [{ path: 'schemaVersion', message: 'is required (this is version 1)' }],
    })
    expect(migrateFlow({ schemaVersion: '1' })).toMatchObject({
      ok: false,
      errors: [{ path: 'schemaVersion' }],
    })
    expect(migrateFlow([])).toMatchObject({
      ok: false,
      errors: [{ path: '', message: 'a flow file must contain a JSON object' }],
    })
  })

  it('runs inside parseFlow before validation', () => {
    const v1 = {
      format: 'charla.flow',
      schemaVersion: 1,
      id: 'f',
      title: 'Legacy greeting',
      variables: [],
      resources: {},
      nodes: [],
      edges: [],
    }
    // Unmigrated, the legacy field is an error; migrated to a v2 this build cannot validate yet,
    // the only complaint left is the version: the rename happened before validation.
    expect(parseFlow(v1)).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([{ path: 'title', message: 'unknown field "title"' }]),
    })
    const r = parseFlow(v1, { migrations: { 1: chain[1]! }, target: 2 })
    expect(r).toEqual({ ok: false, errors: [{ path: 'schemaVersion', message: 'must be 1' }] })
  })
})
