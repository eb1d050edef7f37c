/**
 * JSON the way Meta writes webhook bodies: every non-ASCII character escaped as `\uXXXX`
 * (emoji as surrogate pairs) and `/` as `\/`. A receiver that re-serialises the parsed body
 * before checking the signature gets different bytes, as it would with Meta.
 */
export function serializeLikeMeta(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('/', '\\/')
}
