import type { Lead } from './leadsApi'

export const STATUS_LABEL: Record<Lead['status'], { label: string; color: string }> = {
  completed: { label: 'Completed', color: 'green' },
  in_progress: { label: 'In progress', color: 'blue' },
  abandoned: { label: 'Abandoned', color: 'orange' },
  declined: { label: 'Declined', color: 'gray' },
}

export const SOURCE_LABEL: Record<string, string> = {
  ref: 'm.me link',
  ad: 'Ad',
  comment: 'Comment',
  keyword: 'Keyword',
  get_started: 'Get Started',
  postback: 'Menu',
  default: 'Message',
  unknown: 'Unknown',
}

export const PUSH_LABEL: Record<string, { label: string; color: string }> = {
  delivered: { label: 'Sent to CRM', color: 'green' },
  pending: { label: 'CRM: retrying', color: 'yellow' },
  failed: { label: 'CRM: failed', color: 'red' },
}

export function personName(lead: Lead): string {
  return [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.psid
}

export function answerText(v: Lead['answers'][string] | undefined): string {
  if (v === undefined || v === null) return ''
  return Array.isArray(v) ? v.join(', ') : String(v)
}

/** The one or two answers that identify a lead at a glance: email, phone, else the first. */
export function keyAnswers(lead: Lead): string {
  const entries = Object.entries(lead.answers)
  const pick = entries.filter(([k]) => /email|phone|mail|tel/i.test(k))
  return (pick.length ? pick : entries.slice(0, 1))
    .map(([, v]) => answerText(v))
    .filter(Boolean)
    .join(' · ')
}

export function sourceText(lead: Lead): string {
  const d = lead.sourceDetail
  const what = SOURCE_LABEL[lead.source] ?? lead.source
  const detail = d.ref ?? d.keyword ?? d.adId ?? d.postId
  return detail ? `${what}: ${detail}` : what
}

export const when = (ms: number | undefined) =>
  ms === undefined
    ? ''
    : new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
