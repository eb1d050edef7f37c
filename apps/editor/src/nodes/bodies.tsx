import {
  delayMs,
  type Button,
  type Card,
  type FlowNode,
  type NodeOf,
  type QuickReply,
} from '@charla/flow-schema'
import type { ComponentType, ReactNode } from 'react'
import { useEditor } from '../store/editorStore'
import { formatMoney } from '../money'

type Body<T extends FlowNode['type']> = ComponentType<{ node: NodeOf<T> }>
type Bodies = { [T in FlowNode['type']]: Body<T> }

/** Text as Messenger shows it, with `{{variables}}` highlighted. */
export function Templated({ text }: { text: string }) {
  const parts = text.split(/(\{\{[^}]*\}\})/g)
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith('{{') ? (
          <span key={i} className="ch-var">
            {p.replace(/^\{\{\s*|\s*\}\}$/g, '')}
          </span>
        ) : (
          p
        ),
      )}
    </>
  )
}

export function Bubble({ children }: { children: ReactNode }) {
  return <div className="ch-bubble">{children}</div>
}

function clip(text: string, max = 180) {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

export function ButtonsList({ buttons }: { buttons: readonly Button[] }) {
  return (
    <div className="ch-buttons">
      {buttons.map((b) => (
        <div key={b.id} className="ch-button">
          {b.type === 'url' ? '↗ ' : b.type === 'call' ? '✆ ' : ''}
          {b.title}
        </div>
      ))}
    </div>
  )
}

export function Chips({ items }: { items: readonly string[] }) {
  return (
    <div className="ch-chips">
      {items.map((t, i) => (
        <span key={i} className="ch-chip">
          {t}
        </span>
      ))}
    </div>
  )
}

function qrTitle(q: QuickReply) {
  return q.title ?? (q.type === 'user_email' ? '✉ Email' : '✆ Phone')
}

export function CardsRow({ cards }: { cards: readonly Card[] }) {
  return (
    <div className="ch-cards">
      {cards.map((c) => (
        <div key={c.id} className="ch-card">
          <div
            className="ch-card-img"
            style={c.imageUrl ? { backgroundImage: `url("${c.imageUrl}")` } : undefined}
          />
          <div className="ch-card-body">
            <div className="ch-card-title">{c.title}</div>
            {c.subtitle ? <div className="ch-card-sub">{c.subtitle}</div> : null}
          </div>
          {c.buttons?.length ? <ButtonsList buttons={c.buttons} /> : null}
        </div>
      ))}
    </div>
  )
}

function Line({ k, children }: { k: string; children: ReactNode }) {
  return (
    <div className="ch-line">
      <span className="ch-line-k">{k}</span>
      <span className="ch-line-v">{children}</span>
    </div>
  )
}

const TRIGGER_TEXT = {
  get_started: 'Get Started button',
  ref: 'm.me link or ad',
  keyword: 'Keyword',
  postback: 'Menu / postback',
  comment: 'Comment on a post',
  default: 'Any other message',
}

const attachmentIcon = { image: '🖼', video: '🎬', audio: '🎵', file: '📎' }

export const NODE_BODIES: Bodies = {
  trigger: ({ node }) => (
    <div className="ch-stack">
      <Line k="When">{TRIGGER_TEXT[node.data.on]}</Line>
      {node.data.ref ? <Line k="ref">{node.data.ref}</Line> : null}
      {node.data.keywords?.length ? <Chips items={node.data.keywords} /> : null}
      {node.data.payload ? <Line k="payload">{node.data.payload}</Line> : null}
    </div>
  ),
  message: ({ node }) => {
    const d = node.data
    return (
      <div className="ch-stack">
        {d.attachments?.map((a, i) => (
          <div key={i} className="ch-attachment">
            {attachmentIcon[a.type]} {a.type}
          </div>
        ))}
        {d.text ? (
          <div className={d.buttons?.length ? 'ch-bubble ch-bubble-top' : 'ch-bubble'}>
            <Templated text={clip(d.text)} />
          </div>
        ) : null}
        {d.buttons?.length ? <ButtonsList buttons={d.buttons} /> : null}
        {d.cards?.length ? <CardsRow cards={d.cards} /> : null}
        {d.quickReplies?.length ? <Chips items={d.quickReplies.map(qrTitle)} /> : null}
      </div>
    )
  },
  question: ({ node }) => (
    <div className="ch-stack">
      <Bubble>
        <Templated text={clip(node.data.text)} />
      </Bubble>
      {node.data.choices?.length ? <Chips items={node.data.choices} /> : null}
      <Line k={node.data.input}>
        saves to <span className="ch-var">{node.data.variable}</span>
      </Line>
    </div>
  ),
  condition: ({ node }) => (
    <div className="ch-stack">
      {node.data.branches.map((b) => (
        <Line key={b.id} k={b.label || b.id}>
          {b.rules
            .map(
              (r) => `${r.variable} ${r.op}${r.value === undefined ? '' : ` ${String(r.value)}`}`,
            )
            .join(b.match === 'all' ? ' and ' : ' or ')}
        </Line>
      ))}
    </div>
  ),
  set_variable: ({ node }) => (
    <div className="ch-stack">
      {node.data.assignments.map((a, i) => (
        <Line key={i} k={a.op}>
          <span className="ch-var">{a.variable}</span>
          {a.value === undefined ? '' : ` ← ${String(a.value)}`}
        </Line>
      ))}
    </div>
  ),
  tag: ({ node }) => (
    <div className="ch-stack">
      {node.data.add?.length ? <Chips items={node.data.add.map((t) => `+ ${t}`)} /> : null}
      {node.data.remove?.length ? <Chips items={node.data.remove.map((t) => `− ${t}`)} /> : null}
    </div>
  ),
  delay: ({ node }) => (
    <Line k="Wait">
      {node.data.amount}{' '}
      {node.data.amount === 1 ? node.data.unit.replace(/s$/, '') : node.data.unit}
      {delayMs(node.data) > 86_400_000 ? ' · outside the 24 h window' : ''}
    </Line>
  ),
  split: ({ node }) => (
    <Line k="Arms">{node.data.arms.map((a) => `${a.id} (${a.weight})`).join(' · ')}</Line>
  ),
  http_request: ({ node }) => (
    <div className="ch-stack">
      <Line k={node.data.method}>
        <span className="ch-mono">{clip(node.data.url, 60)}</span>
      </Line>
      {node.data.save?.length ? (
        <Line k="saves">{node.data.save.map((s) => s.variable).join(', ')}</Line>
      ) : null}
    </div>
  ),
  handoff: ({ node }) => (
    <div className="ch-stack">
      {node.data.text ? (
        <Bubble>
          <Templated text={clip(node.data.text)} />
        </Bubble>
      ) : null}
      <Line k="Resume">
        {node.data.resumeAfterMinutes ? `after ${node.data.resumeAfterMinutes} min` : 'never'}
      </Line>
    </div>
  ),
  jump: JumpBody,
  end: ({ node }) =>
    node.data.text ? (
      <Bubble>
        <Templated text={clip(node.data.text)} />
      </Bubble>
    ) : (
      <Line k="End">conversation ends</Line>
    ),
  lead_form: ({ node }) => (
    <div className="ch-stack">
      {node.data.intro ? (
        <Bubble>
          <Templated text={clip(node.data.intro, 100)} />
        </Bubble>
      ) : null}
      {node.data.fields.map((f) => (
        <Line key={f.id} k={f.input}>
          {clip(f.prompt, 40)} → <span className="ch-var">{f.variable}</span>
          {f.required ? ' *' : ''}
        </Line>
      ))}
      {node.data.consent ? <Line k="consent">{clip(node.data.consent.text, 40)}</Line> : null}
    </div>
  ),
  booking: ({ node }) => (
    <div className="ch-stack">
      <Bubble>
        <Templated text={clip(node.data.prompt, 100)} />
      </Bubble>
      <Line k="Service">
        {node.data.service.name} · {node.data.service.durationMinutes} min
      </Line>
      <Line k="Calendar">{node.data.calendarId}</Line>
    </div>
  ),
  catalog: CatalogBody,
  checkout: ({ node }) => (
    <div className="ch-stack">
      <Line k="Pay with">
        {node.data.provider} · {node.data.currency}
      </Line>
      <Line k="Items">
        {node.data.cartVariable ? (
          <span className="ch-var">{node.data.cartVariable}</span>
        ) : (
          `${node.data.items?.length ?? 0} fixed`
        )}
      </Line>
      <ButtonsList
        buttons={[{ id: 'pay', type: 'url', title: node.data.buttonText, url: 'https://x' }]}
      />
    </div>
  ),
}

function JumpBody({ node }: { node: NodeOf<'jump'> }) {
  const t = node.data.target
  const label = useEditor((s) =>
    typeof t === 'string' ? (s.flow?.nodes.find((n) => n.id === t)?.label ?? t) : null,
  )
  return (
    <Line k="Go to">
      {typeof t === 'string' ? label : `flow ${t.flowId}${t.nodeId ? ` › ${t.nodeId}` : ''}`}
    </Line>
  )
}

function CatalogBody({ node }: { node: NodeOf<'catalog'> }) {
  const products = useEditor((s) => s.flow?.resources.products)
  const cards: Card[] = node.data.productIds.map((id) => {
    const p = products?.find((x) => x.id === id)
    return {
      id,
      title: p?.name ?? id,
      subtitle: p ? formatPrice(p.priceMinor, p.currency) : 'missing product',
      ...(p?.imageUrl ? { imageUrl: p.imageUrl } : {}),
      buttons: [{ id: 'b', type: 'postback', title: node.data.buttonTitle }],
    }
  })
  return <CardsRow cards={cards} />
}

/** Minor units in the currency's own decimals (EUR 2, JPY 0). */
export function formatPrice(minor: number, currency: string): string {
  return formatMoney(minor, currency)
}
