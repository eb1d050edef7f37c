/**
 * Splits a batch for multi-row INSERTs: one statement per chunk keeps the bound parameters far
 * below every database's limit (SQLite 32,766, Postgres 65,535), and a fixed ceiling keeps the
 * number of distinct SQL texts (and so of cached prepared statements) small.
 */
export const INSERT_CHUNK_ROWS = 100

export function chunked<T>(items: readonly T[], size = INSERT_CHUNK_ROWS): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
