import { describe, expect, it } from 'vitest'
import { formatMoney } from '../src/format'

describe('formatMoney', () => {
  it('formats minor units in the locale, with the currency’s own decimals', () => {
    expect(formatMoney('es-ES', 1250, 'EUR')).toBe('12,50\u00a0€')
    expect(formatMoney('en-US', 1250, 'USD')).toBe('$12.50')
    expect(formatMoney('fr-FR', 123456, 'EUR')).toBe('1\u202f234,56\u00a0€')
    expect(formatMoney('en-US', 1250, 'JPY')).toBe('¥1,250')
  })
})
