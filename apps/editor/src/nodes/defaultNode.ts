import type { FlowNode, NodeOf, NodeRegistry, NodeType } from '@charla/flow-schema'

type DataFactories = { [T in NodeType]: () => NodeOf<T>['data'] }

/** What a new node of each kind starts with: valid where possible, so the canvas stays clean. */
export const DEFAULT_DATA: DataFactories = {
  trigger: () => ({ on: 'get_started' }),
  message: () => ({ text: 'Hi {{contact.first_name | "there"}}! 👋' }),
  question: () => ({ text: 'What is your email?', variable: 'email', input: 'email' }),
  condition: () => ({
    branches: [
      { id: 'b1', label: 'Has email', match: 'all', rules: [{ variable: 'email', op: 'is_set' }] },
    ],
  }),
  set_variable: () => ({ assignments: [{ variable: 'counter', op: 'increment', value: 1 }] }),
  tag: () => ({ add: ['lead'] }),
  delay: () => ({ amount: 1, unit: 'hours' }),
  split: () => ({
    arms: [
      { id: 'a', weight: 50 },
      { id: 'b', weight: 50 },
    ],
  }),
  http_request: () => ({ method: 'POST', url: 'https://example.com/hook' }),
  handoff: () => ({ text: 'A member of our team will answer you shortly.' }),
  jump: () => ({ target: 'start' }),
  end: () => ({ text: 'Thanks for chatting with us!' }),
  lead_form: () => ({
    intro: 'Let’s get you signed up.',
    fields: [
      {
        id: 'f_email',
        variable: 'email',
        prompt: 'What is your email?',
        input: 'email',
        required: true,
      },
    ],
    completion: 'Thanks, we’ll be in touch!',
  }),
  booking: () => ({
    calendarId: 'main',
    service: { name: 'Consultation', durationMinutes: 30 },
    prompt: 'When would you like to come in?',
    daysAhead: 14,
    confirmation: 'You’re booked! See you soon.',
    reminders: [],
    allowCancel: true,
    allowReschedule: true,
  }),
  catalog: () => ({
    productIds: ['product_1'],
    buttonTitle: 'Buy',
    cartVariable: 'cart',
    mode: 'single',
  }),
  checkout: () => ({
    cartVariable: 'cart',
    currency: 'EUR',
    collect: { shippingAddress: false, email: true, phone: false },
    provider: 'stripe',
    buttonText: 'Pay now',
    expiresMinutes: 60,
    receipt: true,
  }),
}

/** Builds a new node of a kind at a position, with an id not in `taken`. */
export function createNode(
  type: NodeType,
  position: { x: number; y: number },
  taken: ReadonlySet<string>,
): FlowNode {
  const id = uniqueId(type, taken)
  return { id, type, position, data: DEFAULT_DATA[type]() } as FlowNode
}

/** `base`, `base_2`, `base_3`… the first not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 56) || 'n'
  if (!taken.has(clean)) return clean
  for (let i = 2; ; i++) {
    const id = `${clean}_${i}`
    if (!taken.has(id)) return id
  }
}

export type { NodeRegistry }
