import { randomBytes } from 'node:crypto'

/** Ids never contain `:` (payloads are `bk:<booking>:cancel`). */
export const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`

/** 128 random bits: the public calendar file's name cannot be guessed or enumerated. */
export const newToken = () => randomBytes(16).toString('base64url')

/** The engine timer id of a booking's reminder, and the job that fires it. */
export const reminderTimerId = (bookingId: string, index: number) => `r:${bookingId}:${index}`
export const reminderJobKey = (pageId: string, psid: string, timerId: string) =>
  `${pageId}:${psid}:${timerId}`

/** The simulator's test Pages book apart from live customers (see SlotClaim.scope). */
export const scopeOf = (page: { id: string; kind: string }) =>
  page.kind === 'simulator' ? page.id : ''

/** How long a time is held while the person confirms. */
export const HOLD_MINUTES = 10
