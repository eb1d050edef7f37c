import type { LeadSource } from '@charla/storage'

/**
 * What kind of entry a run's source is (the engine records the trigger that started it): an
 * m.me link with `ref`, the same link behind an ad (Meta says `ADS`, or gives an ad id), a
 * comment, a keyword, Get Started, a menu postback, or the default trigger.
 */
export function leadSource(source: Record<string, string> | undefined): LeadSource {
  switch (source?.trigger) {
    case 'ref':
      return source.adId || source.referralSource?.toUpperCase() === 'ADS' ? 'ad' : 'ref'
    case 'comment':
    case 'keyword':
    case 'get_started':
    case 'postback':
    case 'default':
      return source.trigger
    default:
      return 'unknown'
  }
}
