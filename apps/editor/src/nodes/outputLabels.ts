import { outputsOf, type FlowNode } from '@charla/flow-schema'

export interface OutputHandle {
  /** The handle id: exactly an output of `outputsOf(node)`. */
  id: string
  /** What the marketer sees next to it (a button's title for a choice). */
  label: string
}

const NAMES: Record<string, string> = {
  next: 'Next',
  fallback: 'Anything else',
  invalid: 'Invalid answer',
  else: 'Else',
  success: 'Success',
  error: 'Error',
  completed: 'Completed',
  abandoned: 'Abandoned',
  booked: 'Booked',
  declined: 'Declined',
  no_slots: 'No free slots',
  selected: 'Selected',
  paid: 'Paid',
  failed: 'Failed',
}

export function outputHandles(node: FlowNode): OutputHandle[] {
  const titles = new Map<string, string>()
  if (node.type === 'message') {
    for (const b of node.data.buttons ?? []) titles.set(b.id, b.title)
    for (const q of node.data.quickReplies ?? [])
      titles.set(q.id, q.title ?? (q.type === 'user_email' ? 'Email' : 'Phone'))
    for (const c of node.data.cards ?? [])
      for (const b of c.buttons ?? []) titles.set(b.id, `${c.title} › ${b.title}`)
  } else if (node.type === 'condition') {
    for (const b of node.data.branches) titles.set(b.id, b.label || b.id)
  } else if (node.type === 'split') {
    const total = node.data.arms.reduce((s, a) => s + a.weight, 0) || 1
    for (const a of node.data.arms)
      titles.set(a.id, `${a.id.toUpperCase()} · ${Math.round((a.weight / total) * 100)}%`)
  }
  return outputsOf(node).map((id) => ({ id, label: titles.get(id) ?? NAMES[id] ?? id }))
}
