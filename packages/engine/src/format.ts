import type { Value, VariableType } from '@charla/flow-schema'
import type { Run } from './Run'

/** How a value reads in the flow's language: numbers, dates and yes/no localised. */
export function formatValue(run: Run, value: Value, type?: VariableType): string {
  if (value === null) return ''
  if (Array.isArray(value)) return value.join(', ')
  if (typeof value === 'boolean') return value ? run.phrases.yes : run.phrases.no
  if (typeof value === 'number') return numberFormat(run.locale).format(value)
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return formatDate(run.locale, value, 'long')
  return value
}

/** Money from minor units: 1999 EUR → "19,99 €" in es-ES. */
export function formatMoney(locale: string, minor: number, currency: string): string {
  const money = cached(
    `money|${locale}|${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency }),
  )
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2
  return money.format(minor / 10 ** digits)
}

/** A calendar date (YYYY-MM-DD) as words; it is a date, not an instant, so UTC keeps it put. */
export function formatDate(locale: string, date: string, style: 'long' | 'short'): string {
  const fmt = cached(
    `date|${locale}|${style}`,
    () =>
      new Intl.DateTimeFormat(
        locale,
        style === 'long'
          ? { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }
          : { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' },
      ),
  )
  const at = new Date(`${date}T12:00:00Z`)
  return Number.isNaN(at.getTime()) ? date : fmt.format(at)
}

/** The time of an instant on the wall clock of a zone: "10:30" / "10:30 AM". */
export function formatTime(locale: string, instant: string, timeZone: string): string {
  const fmt = cached(
    `time|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }),
  )
  const at = new Date(instant)
  return Number.isNaN(at.getTime()) ? instant : fmt.format(at)
}

/** The zone's name in the flow's language, e.g. "hora estándar de Europa central". */
export function formatZone(locale: string, instant: string, timeZone: string): string {
  const fmt = cached(
    `zone|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' }),
  )
  const at = new Date(instant)
  if (Number.isNaN(at.getTime())) return timeZone
  return fmt.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
}

/** Fills `{placeholders}` of a built-in phrase. */
export function fill(phrase: string, params: Record<string, string | number> = {}): string {
  return phrase.replace(/\{(\w+)\}/g, (m, key: string) => (key in params ? String(params[key]) : m))
}

function numberFormat(locale: string): Intl.NumberFormat {
  return cached(`number|${locale}`, () => new Intl.NumberFormat(locale))
}

// Building an Intl formatter costs far more than using one; they are immutable, so a shared
// cache keeps the engine pure while steps stay cheap.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key)
  if (!f) {
    f = make()
    formatters.set(key, f)
  }
  return f as F
}
