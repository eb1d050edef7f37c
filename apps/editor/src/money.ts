// Money in the editor is what it is everywhere in Charla: an integer of minor units plus an
// ISO 4217 code. These helpers only convert at the edges (inputs and display), per currency:
// EUR has 2 decimals, JPY none, KWD 3.

/** How many decimals `currency` has (2 when the browser does not know the code). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    )
  } catch {
    return 2
  }
}

/** `1450, 'USD'` → `$14.50` in the given locale (the browser's by default). */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = currencyDigits(currency)
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
      minor / 10 ** digits,
    )
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`
  }
}

/** A price typed in major units (14.5) as minor units (1450), rounded to the currency. */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** currencyDigits(currency))
}

export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency)
}

const COMMON = ['EUR', 'USD', 'GBP', 'BRL', 'MXN', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK']

const optionsByLocale = new Map<string, { value: string; label: string }[]>()

/** Every ISO 4217 code the browser knows, the common ones first, labelled with their name. */
export function currencyOptions(locale = 'en-US'): { value: string; label: string }[] {
  const cached = optionsByLocale.get(locale)
  if (cached) return cached
  const all: string[] =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : COMMON
  let names: Intl.DisplayNames | undefined
  try {
    names = new Intl.DisplayNames(locale, { type: 'currency' })
  } catch {
    names = undefined
  }
  const label = (c: string) => `${c} · ${names?.of(c) ?? c}`
  const rest = all.filter((c) => !COMMON.includes(c))
  const options = [...COMMON, ...rest].map((c) => ({ value: c, label: label(c) }))
  optionsByLocale.set(locale, options)
  return options
}
