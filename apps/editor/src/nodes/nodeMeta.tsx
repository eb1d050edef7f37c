import type { NodeRegistry } from '@charla/flow-schema'
import {
  IconArrowFork,
  IconArrowsSplit2,
  IconBolt,
  IconCalendarEvent,
  IconClockHour4,
  IconCornerDownRight,
  IconCreditCard,
  IconFlag,
  IconForms,
  IconHeadset,
  IconMessageCircle,
  IconMessageQuestion,
  IconShoppingBag,
  IconTag,
  IconVariable,
  IconWorldWww,
  type Icon,
} from '@tabler/icons-react'

export interface NodeMeta {
  label: string
  description: string
  color: string
  icon: Icon
  group: 'Start' | 'Messages' | 'Logic' | 'Actions' | 'Business'
}

/** How each kind looks in the palette and on the canvas. */
export const NODE_META: NodeRegistry<NodeMeta> = {
  trigger: {
    label: 'Trigger',
    description: 'Where a conversation starts',
    color: 'grape',
    icon: IconBolt,
    group: 'Start',
  },
  message: {
    label: 'Message',
    description: 'Text, buttons, quick replies, cards',
    color: 'blue',
    icon: IconMessageCircle,
    group: 'Messages',
  },
  question: {
    label: 'Question',
    description: 'Ask and save the answer',
    color: 'cyan',
    icon: IconMessageQuestion,
    group: 'Messages',
  },
  condition: {
    label: 'Condition',
    description: 'Branch on variables or tags',
    color: 'orange',
    icon: IconArrowFork,
    group: 'Logic',
  },
  set_variable: {
    label: 'Set variable',
    description: 'Set, increment, append, clear',
    color: 'yellow',
    icon: IconVariable,
    group: 'Logic',
  },
  tag: {
    label: 'Tag',
    description: 'Add or remove contact tags',
    color: 'lime',
    icon: IconTag,
    group: 'Actions',
  },
  delay: {
    label: 'Delay',
    description: 'Wait minutes, hours or days',
    color: 'gray',
    icon: IconClockHour4,
    group: 'Logic',
  },
  split: {
    label: 'A/B split',
    description: 'Random split by weight',
    color: 'pink',
    icon: IconArrowsSplit2,
    group: 'Logic',
  },
  http_request: {
    label: 'HTTP request',
    description: 'Call an API, save the answer',
    color: 'indigo',
    icon: IconWorldWww,
    group: 'Actions',
  },
  handoff: {
    label: 'Human hand-off',
    description: 'Pass to a person in the inbox',
    color: 'teal',
    icon: IconHeadset,
    group: 'Actions',
  },
  jump: {
    label: 'Jump',
    description: 'Go to another node or flow',
    color: 'violet',
    icon: IconCornerDownRight,
    group: 'Logic',
  },
  end: {
    label: 'End',
    description: 'Finish the conversation',
    color: 'red',
    icon: IconFlag,
    group: 'Logic',
  },
  lead_form: {
    label: 'Lead form',
    description: 'Collect fields with consent',
    color: 'green',
    icon: IconForms,
    group: 'Business',
  },
  booking: {
    label: 'Booking',
    description: 'Let people book a slot',
    color: 'teal',
    icon: IconCalendarEvent,
    group: 'Business',
  },
  catalog: {
    label: 'Catalog',
    description: 'Show products as a carousel',
    color: 'orange',
    icon: IconShoppingBag,
    group: 'Business',
  },
  checkout: {
    label: 'Checkout',
    description: 'Take a payment',
    color: 'green',
    icon: IconCreditCard,
    group: 'Business',
  },
}
