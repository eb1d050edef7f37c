/** Cuts to `max` characters (code points, as Messenger counts), ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}
