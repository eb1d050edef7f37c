/** Why the emulator refused a request from a test or the simulator (not a Graph API error). */
export type EmulatorErrorReason =
  'unknown_page' | 'unknown_person' | 'invalid_action' | 'no_webhook_url' | 'closed'

export class EmulatorError extends Error {
  override readonly name = 'EmulatorError'

  constructor(
    readonly reason: EmulatorErrorReason,
    message: string,
  ) {
    super(message)
  }
}
