import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import type { PhraseKey, QuestionInput, Value } from '@charla/flow-schema'

export interface AnswerRules {
  input: QuestionInput
  choices?: readonly string[]
  validation?: { min?: number | string; max?: number | string; pattern?: string }
}

export type AnswerResult = { ok: true; value: Value } | { ok: false; retry: PhraseKey }

/**
 * Checks what a person typed against a question's input kind and turns it into the value to
 * store: emails lowercased, phones in E.164, numbers as numbers, dates as YYYY-MM-DD, choices
 * as the choice's own title.
 */
export function validateAnswer(raw: string, rules: AnswerRules, locale: string): AnswerResult {
  const text = raw.trim()
  const { min, max, pattern } = rules.validation ?? {}
  switch (rules.input) {
    case 'text': {
      const len = [...text].length
      if (!text) return { ok: false, retry: 'retry_text' }
      if (typeof min === 'number' && len < min) return { ok: false, retry: 'retry_text' }
      if (typeof max === 'number' && len > max) return { ok: false, retry: 'retry_text' }
      if (pattern && !wholeMatch(pattern, text)) return { ok: false, retry: 'retry_text' }
      return { ok: true, value: text }
    }
    case 'email': {
      const email = text.toLowerCase()
      return email.length <= 254 && EMAIL.test(email)
        ? { ok: true, value: email }
        : { ok: false, retry: 'retry_email' }
    }
    case 'phone': {
      const phone = parsePhoneNumberFromString(text, countryOf(locale))
      return phone?.isValid()
        ? { ok: true, value: phone.number }
        : { ok: false, retry: 'retry_phone' }
    }
    case 'number': {
      const n = parseNumber(text)
      if (n === undefined) return { ok: false, retry: 'retry_number' }
      if (typeof min === 'number' && n < min) return { ok: false, retry: 'retry_number' }
      if (typeof max === 'number' && n > max) return { ok: false, retry: 'retry_number' }
      return { ok: true, value: n }
    }
    case 'date': {
      const date = parseDate(text, locale)
      if (!date) return { ok: false, retry: 'retry_date' }
      if (typeof min === 'string' && date < min) return { ok: false, retry: 'retry_date' }
      if (typeof max === 'string' && date > max) return { ok: false, retry: 'retry_date' }
      return { ok: true, value: date }
    }
    case 'choice': {
      const choice = matchChoice(text, rules.choices ?? [])
      return choice === undefined
        ? { ok: false, retry: 'retry_choice' }
        : { ok: true, value: choice }
    }
  }
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[a-z]{2,}$/

/** Case- and accent-insensitive match of typed text against choice titles, or "2" for the second. */
export function matchChoice(text: string, choices: readonly string[]): string | undefined {
  const wanted = fold(text)
  const exact = choices.find((c) => fold(c) === wanted)
  if (exact !== undefined) return exact
  if (/^\d{1,2}$/.test(wanted)) return choices[Number(wanted) - 1]
  return undefined
}

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase()
}

function countryOf(locale: string): CountryCode | undefined {
  const region = locale.split('-')[1]?.toUpperCase()
  return region && /^[A-Z]{2}$/.test(region) ? (region as CountryCode) : undefined
}

function parseNumber(text: string): number | undefined {
  const compact = text.replace(/\s/g, '')
  if (!/^[-+]?\d+([.,]\d+)?$/.test(compact)) return undefined
  const n = Number(compact.replace(',', '.'))
  return Number.isFinite(n) ? n : undefined
}

/** ISO dates, and d/m/y or m/d/y as the locale writes them (only en-US puts the month first). */
function parseDate(text: string, locale: string): string | undefined {
  let y: number, m: number, d: number
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text)
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  else if (local) {
    const a = Number(local[1])
    const b = Number(local[2])
    y = Number(local[3])
    ;[m, d] = locale === 'en-US' ? [a, b] : [b, a]
  } else return undefined
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return undefined
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** An example date in the locale's order, for the retry message. */
export function dateExample(locale: string): string {
  return locale === 'en-US' ? '12/31/2026' : '31/12/2026'
}

/** The schema admits only patterns that compile with `u`; even so, a bad one never throws here. */
function wholeMatch(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(text.slice(0, 1000))
  } catch {
    return false
  }
}
