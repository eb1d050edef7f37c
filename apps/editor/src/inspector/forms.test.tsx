import { LIMITS, type FlowNode } from '@charla/flow-schema'
import { MantineProvider } from '@mantine/core'
import { fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { useEditor } from '../store/editorStore'
import { flowB } from '../test/fixtures'
import { Inspector } from './Inspector'

function renderInspector() {
  return render(
    <MantineProvider>
      <Inspector />
    </MantineProvider>,
  )
}
const node = (id: string) => useEditor.getState().flow!.nodes.find((n) => n.id === id) as FlowNode

describe('inspector forms', () => {
  beforeEach(() => {
    useEditor.getState().load('flow_b', flowB())
    useEditor.getState().select(['ask'])
  })

  it('editing the message text updates the store and the counter', () => {
    renderInspector()
    const input = screen.getByRole('textbox', { name: 'Text' })
    fireEvent.change(input, { target: { value: 'Hi there' } })
    const n = node('ask')
    expect(n.type === 'message' && n.data.text).toBe('Hi there')
    expect(screen.getByText(`8/${LIMITS.textChars}`)).toBeTruthy()
  })

  it('cuts a button title at 20 characters', () => {
    renderInspector()
    fireEvent.click(screen.getByRole('button', { name: 'Add button' }))
    const title = screen.getByRole('textbox', { name: 'Button title' })
    fireEvent.change(title, { target: { value: 'A very long button title indeed' } })
    const n = node('ask')
    expect(n.type === 'message' && n.data.buttons?.[0]?.title).toBe('A very long button t')
    expect(screen.getByText('20/20')).toBeTruthy()
  })

  it('allows 3 buttons at most: the add button is then disabled', () => {
    renderInspector()
    const add = () => screen.getByRole('button', { name: 'Add button' })
    fireEvent.click(add())
    fireEvent.click(add())
    fireEvent.click(add())
    const n = node('ask')
    expect(n.type === 'message' && n.data.buttons).toHaveLength(3)
    expect((add() as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(add())
    const again = node('ask')
    expect(again.type === 'message' && again.data.buttons).toHaveLength(3)
    // each postback button is an output of the node
    expect(screen.getByText('3/3')).toBeTruthy()
  })

  it('with buttons the text limit drops to 640 characters', () => {
    renderInspector()
    fireEvent.click(screen.getByRole('button', { name: 'Add button' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Text' }), {
      target: { value: 'x'.repeat(700) },
    })
    const n = node('ask')
    expect(n.type === 'message' && n.data.text?.length).toBe(LIMITS.buttonTextChars)
  })

  it('shows the flow settings when nothing is selected, and renames the flow', () => {
    useEditor.getState().select([])
    renderInspector()
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), {
      target: { value: 'Spring promo' },
    })
    expect(useEditor.getState().flow!.name).toBe('Spring promo')
  })
})
