import type { Product } from '@charla/flow-schema'
import { formatMoney } from '../money'

/**
 * Select options for picking products: "Name · $14.50" per product of the flow, plus any id a
 * node still points at that no product has (so the mistake shows instead of vanishing).
 */
export function productOptions(
  products: readonly Product[],
  chosen: readonly string[],
  locale: string,
): { value: string; label: string }[] {
  // Mantine refuses duplicate options: a flow whose ids clash (lint says so) still renders.
  const seen = new Set<string>()
  const known = products
    .filter((p) => !seen.has(p.id) && seen.add(p.id))
    .map((p) => ({
      value: p.id,
      label: `${p.name} · ${formatMoney(p.priceMinor, p.currency, locale)}`,
    }))
  const missing = [...new Set(chosen)]
    .filter((id) => !seen.has(id))
    .map((id) => ({ value: id, label: `${id} (missing)` }))
  return [...known, ...missing]
}
