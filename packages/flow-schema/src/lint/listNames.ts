/** `a`, `a and b`, `a, b and c`, or the first `max` and "N more". */
export function listNames(names: readonly string[], conjunction = 'and', max = 8): string {
  const shown = names.slice(0, max)
  const rest = names.length - shown.length
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`
  if (shown.length <= 1) return shown.join('')
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown.at(-1)}`
}
