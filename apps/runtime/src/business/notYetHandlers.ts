import type { BusinessActionType, BusinessHandler, BusinessHandlers } from './BusinessHandlers'

/**
 * What a runtime without a feature does with its actions: records that it did not carry them
 * out, so the conversation waits (its timeouts still apply) and the log says why.
 */
function notYet<T extends BusinessActionType>(type: T): BusinessHandler<T> {
  return async (_tx, _action, ctx) => {
    ctx.log.warn(
      { pageId: ctx.page.id, psid: ctx.psid, action: type },
      'this runtime does not carry out this action yet',
    )
    return []
  }
}

export const notYetHandlers: BusinessHandlers = {
  save_lead: notYet('save_lead'),
  find_slots: notYet('find_slots'),
  hold_slot: notYet('hold_slot'),
  release_hold: notYet('release_hold'),
  confirm_booking: notYet('confirm_booking'),
  cancel_booking: notYet('cancel_booking'),
  create_checkout: notYet('create_checkout'),
  expire_checkout: notYet('expire_checkout'),
}
