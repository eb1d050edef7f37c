import { randomBytes } from 'node:crypto'

/** Ids follow the schema's pattern: letters, digits, `_` or `-`, at most 64. */
const MAX_ID = 64

/**
 * A fresh flow id derived from `base` (`lead_form` → `lead_form_3f9a1c`), so an imported or
 * duplicated flow never takes over an existing one.
 */
export function newFlowId(base = 'flow'): string {
  const suffix = randomBytes(4).toString('hex')
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_ID - suffix.length - 1)
  return `${clean || 'flow'}_${suffix}`
}

/** A file name for a download: `Barbería Luis: citas` → `barberia-luis-citas`. */
export function slugOf(name: string, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return slug || fallback
}
