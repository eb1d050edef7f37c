/**
 * Messenger Platform limits the format enforces. Sources: Send API reference (text 2000,
 * button template text 640, quick replies 13 with 20-character titles, generic template 10
 * elements with 80-character title/subtitle, 3 buttons, payload 1000).
 */
export const LIMITS = {
  textChars: 2000,
  buttonTextChars: 640,
  buttons: 3,
  buttonTitleChars: 20,
  quickReplies: 13,
  quickReplyTitleChars: 20,
  cards: 10,
  cardTitleChars: 80,
  cardSubtitleChars: 80,
  payloadChars: 1000,
  /** Meta stops the typing indicator after 20 s on its own. */
  typingMs: 20_000,
  /** Standard messaging window: 24 hours after the person's last message. */
  windowMs: 24 * 60 * 60 * 1000,
} as const

/** Counts characters as people see them (code points), not UTF-16 units. */
export function countChars(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}
