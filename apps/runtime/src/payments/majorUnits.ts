import { currencyDigits } from '@charla/messenger'

/** Minor units as the decimal string PayPal wants: 2500 EUR → "25.00", 500 JPY → "500". */
export function majorUnits(minor: number, currency: string): string {
  const digits = currencyDigits(currency)
  return (minor / 10 ** digits).toFixed(digits)
}
