/** A markdown table with every column padded to its widest cell, so it reads in a terminal too. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => pad(cells[i] ?? '', w, i)).join(' | ')} |`
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** Figures (first character a digit, or a comparison) align right; text aligns left. */
function pad(cell: string, width: number, column: number): string {
  return column > 0 && /^[\d≤≥]/.test(cell) ? cell.padStart(width) : cell.padEnd(width)
}
