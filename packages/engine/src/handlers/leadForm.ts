import {
  DEFAULT_ABANDON_AFTER_MINUTES,
  DEFAULT_MAX_RETRIES,
  type InboundEvent,
  type LeadFormNode,
  type WaitOf,
} from '@charla/flow-schema'
import { ask, promptReplies, readReply, retryText, type Prompt } from '../ask'
import {
  eventPayload,
  eventText,
  go,
  unhandled,
  waitFor,
  type NodeHandler,
  type Outcome,
} from '../NodeHandler'
import { makePayload, parsePayload } from '../payload'
import { phrase } from '../phrase'
import { emit, nextId, type Run } from '../Run'
import { quickReply, sendText } from '../send'
import { cancelTimer, scheduleTimer } from '../timers'
import { fold } from '../validateAnswer'
import { render, writeVariable } from '../variables'

type FormWait = WaitOf<'lead_form'>
const CONSENT = -1

/**
 * Asks each field in turn, saving the lead as it fills so partial forms are kept. If the person
 * stops answering: one reminder after `reminder.afterMinutes`, then `abandoned` after
 * `abandonAfterMinutes`; a later answer resumes where the form stopped.
 */
export const leadForm: NodeHandler<'lead_form'> = {
  enter(run, node) {
    const d = node.data
    if (d.intro) sendText(run, render(run, d.intro), { nodeId: node.id })
    const wait: FormWait = {
      kind: 'lead_form',
      nodeId: node.id,
      leadKey: nextId(run, 'lead'),
      field: d.consent ? CONSENT : 0,
      retries: 0,
      answers: {},
      reminded: false,
    }
    return askCurrent(run, node, wait)
  },
  resume(run, node, wait, event) {
    if (wait.kind !== 'lead_form') return unhandled
    if (event.type === 'timer')
      return event.timerId === wait.timerId ? onTimer(run, node, wait) : unhandled
    if (event.type !== 'message' && event.type !== 'postback') return unhandled
    const w = { ...wait, reminded: false }
    return w.field === CONSENT ? onConsent(run, node, w, event) : onAnswer(run, node, w, event)
  },
}

function onConsent(run: Run, node: LeadFormNode, wait: FormWait, event: InboundEvent): Outcome {
  const consent = node.data.consent
  disarm(run, wait)
  const parsed = parsePayload(eventPayload(event))
  const text = fold(eventText(event) ?? '')
  const yes =
    (parsed?.nodeId === node.id && parsed.value === 'yes') ||
    text === fold(phrase(run, 'yes', {}, node.data.phrases))
  const no =
    (parsed?.nodeId === node.id && parsed.value === 'no') ||
    text === fold(phrase(run, 'no', {}, node.data.phrases))
  if (!yes && !no) {
    if (wait.retries >= (node.data.maxRetries ?? DEFAULT_MAX_RETRIES)) return go('abandoned')
    sendText(run, phrase(run, 'retry_choice', {}, node.data.phrases), { nodeId: node.id })
    return askCurrent(run, node, { ...wait, retries: wait.retries + 1 })
  }
  // Saying no to a required consent stores nothing at all.
  if (no && consent?.required) return go('abandoned')
  return askCurrent(run, node, { ...wait, consent: yes, field: 0, retries: 0 })
}

function onAnswer(run: Run, node: LeadFormNode, wait: FormWait, event: InboundEvent): Outcome {
  const field = node.data.fields[wait.field]
  if (!field) return complete(run, node, wait)
  const p = fieldPrompt(run, node, wait.field)
  const reply = readReply(run, p, event)
  // A tap meant for something else (no words in it) is not an answer: let triggers have it.
  if (reply.ok === 'none') return unhandled
  disarm(run, wait)
  if (reply.ok === 'skip') return askNext(run, node, wait)
  if (reply.ok) {
    writeVariable(run, field.variable, reply.value)
    const answered = { ...wait, answers: { ...wait.answers, [field.variable]: reply.value } }
    save(run, node, answered, 'in_progress')
    return askNext(run, node, answered)
  }
  if (wait.retries >= (node.data.maxRetries ?? DEFAULT_MAX_RETRIES)) {
    if (!field.required) return askNext(run, node, wait)
    save(run, node, wait, 'abandoned')
    return go('abandoned')
  }
  const custom = field.retryText === undefined ? undefined : render(run, field.retryText)
  ask(run, p, retryText(run, p, reply, custom))
  return armTimer(run, node, { ...wait, retries: wait.retries + 1 })
}

function askNext(run: Run, node: LeadFormNode, wait: FormWait): Outcome {
  const next = { ...wait, field: wait.field + 1, retries: 0 }
  return next.field >= node.data.fields.length
    ? complete(run, node, next)
    : askCurrent(run, node, next)
}

function askCurrent(run: Run, node: LeadFormNode, wait: FormWait): Outcome {
  if (wait.field === CONSENT) {
    const consent = node.data.consent
    const ph = node.data.phrases
    sendText(run, render(run, consent?.text ?? ''), {
      nodeId: node.id,
      quickReplies: [
        quickReply(phrase(run, 'yes', {}, ph), makePayload('l', node.id, 'yes')),
        quickReply(phrase(run, 'no', {}, ph), makePayload('l', node.id, 'no')),
      ],
    })
  } else ask(run, fieldPrompt(run, node, wait.field))
  return armTimer(run, node, wait)
}

function complete(run: Run, node: LeadFormNode, wait: FormWait): Outcome {
  save(run, node, wait, 'completed')
  run.state.vars['lead.id'] = wait.leadKey
  sendText(run, render(run, node.data.completion), { nodeId: node.id })
  return go('completed')
}

function disarm(run: Run, wait: FormWait): void {
  cancelTimer(run, wait.timerId)
  delete wait.timerId
}

/** Reminder first (once), then the abandon timeout. */
function armTimer(run: Run, node: LeadFormNode, wait: FormWait): Outcome {
  const { reminder, abandonAfterMinutes = DEFAULT_ABANDON_AFTER_MINUTES } = node.data
  const minutes = reminder && !wait.reminded ? reminder.afterMinutes : abandonAfterMinutes
  const timerId = scheduleTimer(run, run.ctx.now + minutes * 60_000, {
    purpose: 'wait',
    nodeId: node.id,
  })
  return waitFor({ ...wait, timerId })
}

function onTimer(run: Run, node: LeadFormNode, wait: FormWait): Outcome {
  const reminder = node.data.reminder
  if (reminder && !wait.reminded) {
    const current =
      wait.field === CONSENT ? [] : promptReplies(run, fieldPrompt(run, node, wait.field))
    sendText(run, render(run, reminder.text), { nodeId: node.id, quickReplies: current })
    return armTimer(run, node, { ...wait, reminded: true })
  }
  if (wait.field !== CONSENT) save(run, node, wait, 'abandoned')
  // Kept so the person's next message picks the form up where it stopped.
  const { timerId: _t, ...resumable } = wait
  run.state.resumable = resumable
  return go('abandoned')
}

function save(
  run: Run,
  node: LeadFormNode,
  wait: FormWait,
  status: 'in_progress' | 'completed' | 'abandoned',
): void {
  emit(run, {
    type: 'save_lead',
    leadKey: wait.leadKey,
    nodeId: node.id,
    status,
    answers: wait.answers,
    ...(wait.consent === undefined ? {} : { consent: wait.consent }),
    ...(status === 'completed' && node.data.webhook
      ? { webhookUrl: render(run, node.data.webhook.url) }
      : {}),
  })
}

function fieldPrompt(run: Run, node: LeadFormNode, index: number): Prompt {
  const f = node.data.fields[index]
  if (!f) throw new RangeError(`lead form ${node.id} has no field ${index}`)
  return {
    scope: 'l',
    nodeId: node.id,
    text: render(run, f.prompt),
    input: f.input,
    skippable: !f.required,
    ...(f.choices ? { choices: f.choices } : {}),
    ...(f.validation ? { validation: f.validation } : {}),
    ...(f.suggestFromProfile ? { suggestFromProfile: true } : {}),
    ...(node.data.phrases ? { phrases: node.data.phrases } : {}),
  }
}
