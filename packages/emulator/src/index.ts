export { createEmulator } from './createEmulator'
export { emulatorPlugin, type EmulatorPluginOptions } from './emulatorPlugin'
export type {
  BatchEvent,
  Delivery,
  DeliveryOptions,
  Emulator,
  EmulatorEvents,
  EmulatorOptions,
  GraphCall,
  GraphReply,
  Page,
  Person,
  RawMode,
  SenderAction,
  SentFilter,
  SentMessage,
  ThreadControl,
  WaitForSentOptions,
} from './Emulator'
export { EmulatorError, type EmulatorErrorReason } from './EmulatorError'
export { GRAPH_PATHS, type FaultSpec, type GraphPath } from './faults'
export type { GraphErrorBody } from './graphError'
export type { PersonAction, Referral } from './personActionSchema'
export { MESSAGE_TAGS, MESSAGING_TYPES, SENDER_ACTIONS, type SendBody } from './sendBodySchema'
export { PAGE_INBOX_APP_ID } from './sendMessage'
export { serializeLikeMeta } from './serializeLikeMeta'
export { signBody } from './sign'
export { validateSendBody } from './validateSendBody'
export type { FeedChange, MessagingEvent, WebhookBody, WebhookEntry } from './WebhookBody'
