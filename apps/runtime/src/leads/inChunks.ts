/**
 * Joins small strings into chunks of about `size` characters: one write per 64 KB instead of
 * one per CSV row, while memory stays bounded by the chunk.
 */
export async function* inChunks(parts: AsyncIterable<string>, size = 64 * 1024) {
  let buffer = ''
  for await (const part of parts) {
    buffer += part
    if (buffer.length >= size) {
      yield buffer
      buffer = ''
    }
  }
  if (buffer) yield buffer
}
