import type { PathSegment } from '../formatPath'
import {
  delayMs,
  DEFAULT_ABANDON_AFTER_MINUTES,
  messageChoiceIds,
  TAG_OPS,
  UNARY_OPS,
  type Button,
  type FlowNode,
  type MessageData,
  type NodeOf,
  type NodeType,
  type QuestionInput,
} from '../nodes'
import type { VariableType } from '../variable'
import type { ExpectedOutput, NodeFacts, TextField, VariableWrite } from './NodeFacts'

/** The facts of one node, from the registry below. */
export function factsOf(node: FlowNode): NodeFacts {
  return factsOfKind(node.type, node.data)
}

type DataOf = { [T in NodeType]: NodeOf<T>['data'] }

/** Looks the kind up with its own data type, so no cast is needed. */
function factsOfKind<T extends NodeType>(type: T, data: DataOf[T]): NodeFacts {
  return FACTS[type](data)
}

const MINUTE_MS = 60_000

/** One entry per node kind: a new kind fails to compile until the linter knows about it. */
const FACTS: { [T in NodeType]: (data: DataOf[T]) => NodeFacts } = {
  trigger: (d) => ({
    ...NOTHING,
    texts: fields([['data', 'privateReply'], d.privateReply]),
    // After a comment's private reply Messenger allows nothing more until the person answers.
    waits: d.on === 'comment',
    elapsedAfter: () => 'reset',
    expectedOutputs: [
      expectOutput(
        'next',
        [],
        'Nothing follows this trigger, so the conversation it starts ends at once. Connect it to the first step.',
      ),
    ],
  }),

  message: messageFacts,

  question: (d) => ({
    ...NOTHING,
    texts: [
      ...fields([['data', 'text'], d.text], [['data', 'retryText'], d.retryText]),
      ...(d.choices ?? []).map((c, i) => field(['data', 'choices', i], c)),
    ],
    writes: [
      {
        path: ['data', 'variable'],
        name: d.variable,
        setOn: ['next'],
        fits: inputFits(d.input, 'This question'),
      },
    ],
    waits: true,
    sends: { what: 'This question' },
    elapsedAfter: () => 'reset',
    expectedOutputs: [
      expectOutput(
        'next',
        [],
        'Nothing follows the answer, so the conversation ends after it. Connect "next" to the next step.',
      ),
    ],
  }),

  condition: (d) => ({
    ...NOTHING,
    reads: d.branches.flatMap((b, bi) =>
      b.rules.flatMap((r, ri) =>
        // Tag rules look at the contact's tags; their `variable` is not used.
        TAG_OPS.includes(r.op)
          ? []
          : [
              {
                path: ['data', 'branches', bi, 'rules', ri, 'variable'],
                name: r.variable,
                presenceOnly: UNARY_OPS.includes(r.op),
              },
            ],
      ),
    ),
    expectedOutputs: [
      ...d.branches.map((b, i) =>
        expectOutput(
          b.id,
          ['data', 'branches', i],
          `When the branch "${b.label || b.id}" matches, nothing follows and the conversation ends. Connect the branch to a step.`,
        ),
      ),
      expectOutput(
        'else',
        [],
        'When no branch matches ("else"), nothing follows and the conversation ends. Connect "else" to a step.',
      ),
    ],
  }),

  set_variable: (d) => {
    const texts: TextField[] = []
    const writes: VariableWrite[] = []
    const setSoFar: string[] = []
    d.assignments.forEach((a, i) => {
      const path = ['data', 'assignments', i]
      if (typeof a.value === 'string' && (a.op === 'set' || a.op === 'append'))
        texts.push({ path: [...path, 'value'], text: a.value, after: [...setSoFar] })
      const write: VariableWrite = {
        path: [...path, 'variable'],
        name: a.variable,
        setOn: a.op === 'clear' ? [] : ['next'],
      }
      if (a.op === 'increment')
        write.fits = { types: ['number'], what: 'Adding to a variable needs a number' }
      if (a.op === 'append')
        write.fits = { types: ['list', 'text'], what: 'Appending needs a list or a text' }
      writes.push(write)
      if (a.op !== 'clear') setSoFar.push(a.variable)
    })
    return { ...NOTHING, texts, writes }
  },

  tag: () => NOTHING,

  delay: (d) => ({
    ...NOTHING,
    waits: true,
    elapsedAfter: () => delayMs(d),
    expectedOutputs: [
      expectOutput(
        'next',
        [],
        'Nothing follows this wait, so it only delays the end of the conversation. Connect "next" to the step that should come after it.',
      ),
    ],
  }),

  split: (d) => ({
    ...NOTHING,
    expectedOutputs: d.arms.flatMap((a, i) =>
      // Nobody is sent down an arm of weight 0, so leaving it open is harmless.
      a.weight === 0
        ? []
        : [
            expectOutput(
              a.id,
              ['data', 'arms', i],
              `People sent down the arm "${a.id}" reach nothing and the conversation ends. Connect the arm to a step.`,
            ),
          ],
    ),
  }),

  http_request: (d) => ({
    ...NOTHING,
    texts: [
      field(['data', 'url'], d.url),
      ...Object.entries(d.headers ?? {}).map(([name, value]) =>
        field(['data', 'headers', name], value),
      ),
      ...fields([['data', 'body'], d.body]),
    ],
    writes: (d.save ?? []).map((s, i) => ({
      path: ['data', 'save', i, 'variable'],
      name: s.variable,
      setOn: ['success'],
    })),
    waits: true,
    expectedOutputs: [
      expectOutput(
        'success',
        [],
        'Nothing follows a successful request, so the conversation ends. Connect "success" to the next step.',
      ),
      expectOutput(
        'error',
        [],
        'Nothing follows a failed request, so the conversation ends without a word. Connect "error" to a step that tells the person, for example.',
      ),
    ],
  }),

  handoff: (d) => ({
    ...NOTHING,
    texts: fields([['data', 'text'], d.text]),
    waits: true,
    sends: d.text === undefined ? null : { what: 'This hand-off message' },
    // Without a resume time the team hands back when it is done; that time is unknown.
    elapsedAfter: () => (d.resumeAfterMinutes ?? 0) * MINUTE_MS,
  }),

  jump: () => NOTHING,

  end: (d) => ({
    ...NOTHING,
    texts: fields([['data', 'text'], d.text]),
    sends: d.text === undefined ? null : { what: 'This closing message' },
  }),

  lead_form: (d) => {
    const all = d.fields.map((f) => f.variable)
    const texts: TextField[] = [
      ...fields([['data', 'intro'], d.intro], [['data', 'consent', 'text'], d.consent?.text]),
    ]
    d.fields.forEach((f, i) => {
      // A prompt may quote the answers to the fields before it.
      const after = all.slice(0, i)
      const path = ['data', 'fields', i]
      texts.push({ path: [...path, 'prompt'], text: f.prompt, after })
      if (f.retryText !== undefined)
        texts.push({ path: [...path, 'retryText'], text: f.retryText, after })
      for (const [ci, c] of (f.choices ?? []).entries())
        texts.push({ path: [...path, 'choices', ci], text: c, after })
    })
    if (d.reminder)
      texts.push({ path: ['data', 'reminder', 'text'], text: d.reminder.text, after: all })
    texts.push({ path: ['data', 'completion'], text: d.completion, after: all })
    if (d.webhook) texts.push({ path: ['data', 'webhook', 'url'], text: d.webhook.url, after: all })
    const abandonMs =
      ((d.reminder?.afterMinutes ?? 0) + (d.abandonAfterMinutes ?? DEFAULT_ABANDON_AFTER_MINUTES)) *
      MINUTE_MS
    return {
      ...NOTHING,
      texts,
      writes: d.fields.map((f, i) => ({
        path: ['data', 'fields', i, 'variable'],
        name: f.variable,
        setOn: ['completed'],
        fits: inputFits(f.input, 'This field'),
      })),
      waits: true,
      sends: { what: 'This form' },
      elapsedAfter: (output) => (output === 'completed' ? 'reset' : abandonMs),
      expectedOutputs: [
        expectOutput(
          'completed',
          [],
          'Nothing follows a completed form, so the conversation ends. Connect "completed" to the next step.',
        ),
      ],
    }
  },

  booking: (d) => ({
    ...NOTHING,
    texts: [
      field(['data', 'prompt'], d.prompt),
      field(['data', 'confirmation'], d.confirmation),
      ...d.reminders.map((r, i) => field(['data', 'reminders', i, 'text'], r.text)),
    ],
    waits: true,
    sends: { what: 'This booking step' },
    // `no_slots` is taken before the person is asked anything.
    elapsedAfter: (output) => (output === 'booked' || output === 'declined' ? 'reset' : 0),
    expectedOutputs: [
      expectOutput(
        'booked',
        [],
        'Nothing follows a booking, so the conversation ends right after it. Connect "booked" to the next step.',
      ),
    ],
  }),

  catalog: (d) => ({
    ...NOTHING,
    texts: fields([['data', 'text'], d.text], [['data', 'buttonTitle'], d.buttonTitle]),
    writes: [{ path: ['data', 'cartVariable'], name: d.cartVariable, setOn: ['selected'] }],
    waits: true,
    sends: { what: 'This product list' },
    elapsedAfter: () => 'reset',
    expectedOutputs: [
      expectOutput(
        'selected',
        [],
        'Nothing follows when the person picks a product, so the conversation ends. Connect "selected" to the next step, such as a checkout.',
      ),
    ],
  }),

  checkout: (d) => ({
    ...NOTHING,
    texts: fields(
      [['data', 'text'], d.text],
      [['data', 'buttonText'], d.buttonText],
      [['data', 'reminder', 'text'], d.reminder?.text],
    ),
    reads:
      d.cartVariable === undefined
        ? []
        : [{ path: ['data', 'cartVariable'], name: d.cartVariable }],
    waits: true,
    sends: { what: 'This payment request' },
    // Paying happens on a web page, which does not reopen Messenger's window; the result can
    // come in any time until the payment link expires.
    elapsedAfter: () => d.expiresMinutes * MINUTE_MS,
    expectedOutputs: [
      expectOutput(
        'paid',
        [],
        'Nothing follows a payment, so the conversation ends right after it. Connect "paid" to the next step, such as a thank-you message.',
      ),
    ],
  }),
}

const NOTHING: NodeFacts = {
  texts: [],
  secureUrls: [],
  reads: [],
  writes: [],
  waits: false,
  sends: null,
  elapsedAfter: () => 0,
  expectedOutputs: [],
}

function messageFacts(d: MessageData): NodeFacts {
  const texts: TextField[] = fields([['data', 'text'], d.text])
  const secureUrls: TextField[] = []
  const expectedOutputs: ExpectedOutput[] = []
  const url = (path: PathSegment[], value: string | undefined) => {
    if (value === undefined) return
    texts.push(field(path, value))
    secureUrls.push(field(path, value))
  }
  const button = (path: PathSegment[], b: Button) => {
    texts.push(field([...path, 'title'], b.title))
    url([...path, 'url'], b.url)
    if (b.type === 'postback')
      expectedOutputs.push(
        expectOutput(
          b.id,
          path,
          `The button "${b.title}" leads nowhere: tapping it ends the conversation. Connect it to the next step.`,
        ),
      )
  }
  d.attachments?.forEach((a, i) => url(['data', 'attachments', i, 'url'], a.url))
  d.buttons?.forEach((b, i) => button(['data', 'buttons', i], b))
  d.cards?.forEach((c, i) => {
    const path = ['data', 'cards', i]
    texts.push(...fields([[...path, 'title'], c.title], [[...path, 'subtitle'], c.subtitle]))
    url([...path, 'imageUrl'], c.imageUrl)
    url([...path, 'url'], c.url)
    c.buttons?.forEach((b, j) => button([...path, 'buttons', j], b))
  })
  d.quickReplies?.forEach((q, i) => {
    const path = ['data', 'quickReplies', i]
    if (q.title !== undefined) texts.push(field([...path, 'title'], q.title))
    url([...path, 'imageUrl'], q.imageUrl)
    const title = q.title ?? (q.type === 'user_email' ? 'email address' : 'phone number')
    expectedOutputs.push(
      expectOutput(
        q.id,
        path,
        `The quick reply "${title}" leads nowhere: choosing it ends the conversation. Connect it to the next step.`,
      ),
    )
  })
  const hasChoices = messageChoiceIds(d).length > 0
  if (hasChoices)
    expectedOutputs.push(
      expectOutput(
        'fallback',
        [],
        'Replies that match no button end the conversation. Connect "fallback" to a step that helps, for example one that repeats the choices.',
      ),
    )
  const sends =
    d.tag === undefined ? { what: 'This message' } : { what: 'This message', tag: d.tag }
  return {
    ...NOTHING,
    texts,
    secureUrls,
    // A message with choices waits for a tap or a reply, which reopens the window.
    waits: hasChoices,
    sends,
    elapsedAfter: () => (hasChoices ? 'reset' : 0),
    expectedOutputs,
  }
}

/** The variable types that can hold an answer of each input kind. */
const INPUT_FITS: Record<QuestionInput, { types: readonly VariableType[]; what: string }> = {
  text: { types: ['text'], what: 'free text' },
  email: { types: ['email', 'text'], what: 'an email address' },
  phone: { types: ['phone', 'text'], what: 'a phone number' },
  number: { types: ['number', 'text'], what: 'a number' },
  date: { types: ['date', 'datetime', 'text'], what: 'a date' },
  choice: { types: ['choice', 'text'], what: 'one of its choices' },
}

function inputFits(input: QuestionInput, subject: string): VariableWrite['fits'] {
  const fit = INPUT_FITS[input]
  return { types: fit.types, what: `${subject} asks for ${fit.what}` }
}

function field(path: PathSegment[], text: string): TextField {
  return { path, text }
}

/** Text fields for the values that are present. */
function fields(...entries: [PathSegment[], string | undefined][]): TextField[] {
  return entries.flatMap(([path, text]) => (text === undefined ? [] : [field(path, text)]))
}

function expectOutput(output: string, path: PathSegment[], message: string): ExpectedOutput {
  return { output, path, message }
}
