import type { Flow } from '@charla/flow-schema'
import { MantineProvider } from '@mantine/core'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { useEditor } from '../store/editorStore'
import { flowA } from '../test/fixtures'
import { ProductsEditor } from './ProductsEditor'

function shop(): Flow {
  const f = flowA()
  return {
    ...f,
    locale: 'en-US',
    nodes: [
      ...f.nodes,
      {
        id: 'cat',
        type: 'catalog',
        position: { x: 0, y: 300 },
        data: { productIds: ['tee'], buttonTitle: 'Buy', cartVariable: 'cart', mode: 'single' },
      },
    ],
  }
}

const products = () => useEditor.getState().flow!.resources.products ?? []
const box = (name: RegExp) => screen.getByRole('textbox', { name })

describe('products editor', () => {
  beforeEach(() => useEditor.getState().load('shop', shop()))

  it('lists products with their price formatted for the currency', () => {
    render(
      <MantineProvider>
        <ProductsEditor />
      </MantineProvider>,
    )
    expect(screen.getByText('T-shirt')).toBeTruthy()
    expect(screen.getByText(/€15\.00/)).toBeTruthy()
  })

  it('refuses a product without a name, then stores the typed price in minor units', async () => {
    render(
      <MantineProvider>
        <ProductsEditor />
      </MantineProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Add product' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Save product' }))
    await screen.findByText('A product needs a name')
    expect(products()).toHaveLength(1)

    fireEvent.change(box(/^Name/), { target: { value: 'Mug' } })
    fireEvent.change(box(/^Price/), { target: { value: '12.5' } })
    fireEvent.change(box(/^Image URL/), { target: { value: 'not a url' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save product' }))
    await waitFor(() => expect(products()).toHaveLength(1))
    fireEvent.change(box(/^Image URL/), { target: { value: 'https://cdn.example.com/mug.png' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save product' }))
    await waitFor(() => expect(products()).toHaveLength(2))
    expect(products()[1]).toMatchObject({
      name: 'Mug',
      priceMinor: 1250,
      currency: 'EUR',
      imageUrl: 'https://cdn.example.com/mug.png',
    })
  })

  it('renaming a product id follows it into the catalog that shows it', async () => {
    render(
      <MantineProvider>
        <ProductsEditor />
      </MantineProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Edit T-shirt' }))
    fireEvent.change(await screen.findByRole('textbox', { name: /^Id/ }), {
      target: { value: 'tshirt_black' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Save product' }))
    await waitFor(() => expect(products()[0]?.id).toBe('tshirt_black'))
    const cat = useEditor.getState().flow!.nodes.find((n) => n.id === 'cat')
    expect(cat?.type === 'catalog' && cat.data.productIds).toEqual(['tshirt_black'])
  })
})
