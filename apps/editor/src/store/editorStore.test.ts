import { parseFlow } from '@charla/flow-schema'
import { beforeEach, describe, expect, it } from 'vitest'
import { flowA, flowB } from '../test/fixtures'
import { useEditor } from './editorStore'

const st = () => useEditor.getState()

describe('editor store', () => {
  beforeEach(() => st().load('flow_a', flowA()))

  it('adds a node of a kind with a unique id and selects it, as one undo step', () => {
    const id = st().addNode('message', { x: 10, y: 20 })
    expect(id).toBe('message')
    expect(st().flow!.nodes.at(-1)).toMatchObject({
      id: 'message',
      type: 'message',
      position: { x: 10, y: 20 },
    })
    expect([...st().selectedNodes]).toEqual(['message'])
    expect(st().addNode('message', { x: 0, y: 0 })).toBe('message_2')
    st().undo()
    expect(st().flow!.nodes.map((n) => n.id)).not.toContain('message_2')
    expect(st().flow!.nodes.map((n) => n.id)).toContain('message')
  })

  it('undoes and redoes document changes, not selection', () => {
    const before = st().flow
    st().deleteNodes(['ask'])
    expect(st().flow!.nodes.map((n) => n.id)).toEqual(['start', 'book', 'shop'])
    expect(st().flow!.edges).toEqual([]) // both edges touched "ask"
    st().select(['start'])
    st().undo()
    expect(st().flow).toBe(before)
    expect([...st().selectedNodes]).toEqual(['start']) // selection is not history
    st().redo()
    expect(st().flow!.nodes).toHaveLength(3)
    expect(st().future).toHaveLength(0)
  })

  it('merges keystrokes in one field into one undo step', () => {
    for (const text of ['E', 'Em', 'Ema'])
      st().updateNode('ask', (n) => ({ ...n, data: { ...n.data, text } }) as typeof n, 'text')
    expect(st().past).toHaveLength(1)
    st().undo()
    const ask = st().flow!.nodes.find((n) => n.id === 'ask')!
    expect(ask.type === 'question' && ask.data.text).toBe('Email, {{contact.first_name}}?')
  })

  it('connecting an output that is already connected replaces its edge', () => {
    st().connect({ source: 'start', sourceHandle: 'next', target: 'book' })
    const fromStart = st().flow!.edges.filter((e) => e.source === 'start')
    expect(fromStart).toHaveLength(1)
    expect(fromStart[0]!.target).toBe('book')
  })

  it('records one undo step per drag, however many moves', () => {
    st().beginDrag()
    st().movePositions(new Map([['ask', { x: 310, y: 5 }]]))
    st().movePositions(new Map([['ask', { x: 320, y: 10 }]]))
    st().endDrag()
    expect(st().past).toHaveLength(1)
    st().undo()
    expect(st().flow!.nodes.find((n) => n.id === 'ask')!.position).toEqual({ x: 300, y: 0 })
  })

  it('copies nodes into another flow with their variables and resources, ids remapped', () => {
    st().select(['ask', 'book', 'shop'])
    expect(st().copySelection()).toBe(3)
    st().load('flow_b', flowB())
    const ids = st().paste()
    const flow = st().flow!
    // "ask" exists in B: the pasted question gets a new id; the others keep theirs.
    expect(ids).toEqual(['ask_2', 'book', 'shop'])
    expect(flow.nodes.map((n) => n.id)).toEqual(['start', 'ask', 'ask_2', 'book', 'shop'])
    // the edge between copied nodes follows the remap; the edge from "start" (not copied) does not come
    expect(flow.edges.filter((e) => e.id !== 'e1')).toEqual([
      { id: 'e2', source: 'ask_2', sourceHandle: 'next', target: 'book' },
    ])
    expect(flow.variables.map((v) => v.name)).toEqual(['email']) // used; "unused" stays behind
    expect(flow.resources.calendars?.map((c) => c.id)).toEqual(['cal'])
    expect(flow.resources.products?.map((p) => p.id)).toEqual(['tee'])
    expect([...st().selectedNodes]).toEqual(ids)
    const parsed = parseFlow(flow)
    expect(parsed.ok).toBe(true)
  })

  it('pasting twice in the same flow keeps every id unique and reuses existing variables', () => {
    st().select(['ask'])
    st().copySelection()
    st().paste()
    st().paste()
    const ids = st().flow!.nodes.map((n) => n.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(['start', 'ask', 'book', 'shop', 'ask_2', 'ask_3'])
    expect(st().flow!.variables.filter((v) => v.name === 'email')).toHaveLength(1)
  })

  it('deletes the selection and its edges', () => {
    st().select(['book'], ['e1'])
    st().deleteSelection()
    expect(st().flow!.nodes.map((n) => n.id)).toEqual(['start', 'ask', 'shop'])
    expect(st().flow!.edges).toEqual([])
    expect(st().selectedNodes.size).toBe(0)
  })
})
