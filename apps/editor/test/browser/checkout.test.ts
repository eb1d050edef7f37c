import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSimulator } from './editorDriver'
import { closeBrowser, openBrowser, screenshot, startProduct, type Product } from './harness'

// A shop owner adds a product in the editor, tries the shop in the simulator: taps Buy, then
// Pay, pays on the local payment server's hosted Stripe page (a new tab of the same browser,
// as Messenger opens links), sees the receipt in the chat, and finds the paid order in the
// Orders page, where it is marked shipped.

let product: Product
let editor: Page & { errors: string[] }
let orders: Page & { errors: string[] }

const flow = {
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'bean_shop',
  name: 'Bean shop',
  locale: 'en-US',
  variables: [{ name: 'cart', type: 'list', scope: 'conversation' }],
  resources: {
    products: [
      {
        id: 'ethiopia_250',
        name: 'Ethiopia Yirgacheffe, 250 g',
        description: 'Light roast. Jasmine, bergamot and peach.',
        priceMinor: 1450,
        currency: 'USD',
      },
    ],
  },
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    {
      id: 'shop',
      type: 'catalog',
      position: { x: 320, y: 0 },
      data: {
        text: 'This week’s roast:',
        productIds: ['ethiopia_250'],
        buttonTitle: 'Buy',
        cartVariable: 'cart',
        mode: 'single',
      },
    },
    {
      id: 'pay',
      type: 'checkout',
      position: { x: 640, y: 0 },
      data: {
        cartVariable: 'cart',
        currency: 'USD',
        collect: { shippingAddress: true, email: true, phone: false },
        provider: 'stripe',
        text: 'Your order is ready.',
        buttonText: 'Pay',
        expiresMinutes: 60,
        receipt: true,
      },
    },
    {
      id: 'thanks',
      type: 'end',
      position: { x: 960, y: 0 },
      data: { text: 'Thank you! Order {{order.id}} is paid.' },
    },
    { id: 'gone', type: 'end', position: { x: 960, y: 160 }, data: { text: 'Link expired.' } },
    { id: 'failed', type: 'end', position: { x: 960, y: 320 }, data: { text: 'It failed.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'shop' },
    { id: 'e2', source: 'shop', sourceHandle: 'selected', target: 'pay' },
    { id: 'e3', source: 'pay', sourceHandle: 'paid', target: 'thanks' },
    { id: 'e4', source: 'pay', sourceHandle: 'abandoned', target: 'gone' },
    { id: 'e5', source: 'pay', sourceHandle: 'failed', target: 'failed' },
  ],
}

beforeAll(async () => {
  product = await startProduct()
  editor = await openBrowser({ width: 1440, height: 900 })
  orders = await openBrowser({ width: 1440, height: 900 })
})
afterAll(async () => {
  await closeBrowser()
  await product?.stop()
})

const noise = (e: string) => /ERR_NAME_NOT_RESOLVED|favicon/.test(e)

test('a product added in the editor is bought in the simulator, paid on the Stripe page, receipted in the chat and listed as paid in Orders', async () => {
  await product.api('POST', '/api/flows', { flow })
  await editor.goto(`${product.url}/flows/bean_shop`)
  await editor.locator('.react-flow__node').first().waitFor()

  // Flow settings → Resources → Add product: a price typed in dollars, stored in cents.
  await editor.getByRole('tab', { name: 'Resources' }).click()
  const products = editor.getByRole('region', { name: 'Products' })
  await products.getByRole('button', { name: 'Add product' }).click()
  const form = editor.getByRole('dialog', { name: 'New product' })
  await form.getByRole('button', { name: 'Save product' }).click()
  await form.getByText('A product needs a name').waitFor()
  await form.getByRole('textbox', { name: 'Name' }).fill('Pour-over kit')
  await form.getByRole('textbox', { name: 'Price' }).fill('42')
  await form.getByRole('textbox', { name: 'Id' }).fill('v60_kit')
  await expect
    .poll(() => form.innerText())
    .toContain('Shown as $42.00 · stored as 4200 minor units')
  await screenshot(editor, 'product-form')
  await form.getByRole('button', { name: 'Save product' }).click()
  await products.getByText('Pour-over kit').waitFor()
  await expect.poll(() => products.innerText()).toContain('$42.00')

  // The catalog offers it by name and price.
  await editor.locator('.react-flow__node[data-id="shop"]').click()
  await editor.getByRole('combobox', { name: 'Products (one card each)' }).click()
  await editor.getByRole('option', { name: 'Pour-over kit · $42.00' }).click()
  await editor.keyboard.press('Escape')

  const sim = await openSimulator(editor)
  const card = (title: string) => sim.locator('.ch-card').filter({ hasText: title })
  await card('Pour-over kit').waitFor({ timeout: 15_000 })
  await expect.poll(() => card('Ethiopia Yirgacheffe').innerText()).toContain('$14.50')

  // Buy → the checkout's Pay button, which opens the runtime's /pay link in a new tab.
  await card('Ethiopia Yirgacheffe').getByRole('button', { name: 'Buy' }).click()
  const payButton = sim.getByRole('button', { name: /Pay/ }).last()
  await payButton.waitFor({ timeout: 15_000 })
  const [payPage] = await Promise.all([editor.context().waitForEvent('page'), payButton.click()])
  await payPage.waitForLoadState()
  // The runtime created the Stripe Checkout Session and redirected to its hosted page.
  await expect.poll(() => payPage.locator('[data-testid="total"]').innerText()).toBe('$14.50')
  expect(await payPage.title()).toMatch(/Stripe \(test\)/)
  await payPage.getByRole('button', { name: /^Pay \$14\.50/ }).click()
  await payPage.waitForLoadState()
  await expect
    .poll(() => payPage.locator('body').innerText(), { timeout: 10_000 })
    .toMatch(/paid|thank/i)
  await payPage.close()

  // Back in the chat: the receipt template and the flow's paid branch.
  const receipt = sim.locator('.ch-receipt')
  await receipt.waitFor({ timeout: 20_000 })
  const receiptText = await receipt.innerText()
  expect(receiptText).toContain('Ethiopia Yirgacheffe, 250 g')
  expect(receiptText).toMatch(/Total\s*\$14\.50/)
  expect(receiptText).toContain('Paid with Visa •••• 4242')
  expect(receiptText).toContain('Ship to Calle Mayor 1, 28013 Madrid, ES')
  const orderId = /Order (\S+)/.exec(receiptText)?.[1]
  expect(orderId).toBeTruthy()
  await expect
    .poll(() => sim.locator('.ch-bubble:not(.is-user)').last().innerText(), { timeout: 10_000 })
    .toBe(`Thank you! Order ${orderId} is paid.`)
  await receipt.scrollIntoViewIfNeeded()
  await screenshot(editor, 'checkout-receipt')

  // The Orders page, reached from the flows list.
  await orders.goto(product.url)
  await orders.getByRole('link', { name: 'Orders' }).click()
  await orders.getByRole('heading', { name: 'Orders' }).waitFor()
  const table = orders.getByRole('table', { name: 'Orders' })
  const row = table.getByRole('row').filter({ hasText: orderId! })
  await row.waitFor()
  await expect
    .poll(() => row.innerText())
    .toMatch(/Ana García[\s\S]*Ethiopia Yirgacheffe, 250 g[\s\S]*\$14\.50[\s\S]*Paid[\s\S]*Stripe/i)
  // Bought in the simulator: marked as such, and filtered out of the live orders.
  await row.getByText('Simulator', { exact: true }).waitFor()
  await orders.getByRole('combobox', { name: 'Source' }).click()
  await orders.getByRole('option', { name: 'Live' }).click()
  await orders.getByText('No order matches these filters.').waitFor()
  await orders.getByRole('combobox', { name: 'Source' }).click()
  await orders.getByRole('option', { name: 'Simulator' }).click()
  await row.waitFor()
  // The search runs on the server: a product name finds it, anything else nothing.
  await orders.getByRole('textbox', { name: 'Search' }).fill('nobody-bought-this')
  await orders.getByText('No order matches these filters.').waitFor()
  await orders.getByRole('textbox', { name: 'Search' }).fill('yirgacheffe')
  await row.waitFor()
  await screenshot(orders, 'orders-table', { docs: true })

  // The detail drawer: items, buyer, address and payment; then Mark shipped, confirmed.
  await row.click()
  const drawer = orders.getByRole('dialog', { name: `Order ${orderId}` })
  await drawer.getByRole('region', { name: 'Items' }).waitFor()
  await expect.poll(() => drawer.innerText()).toMatch(/Calle Mayor 1[\s\S]*28013 Madrid/)
  await expect.poll(() => drawer.innerText()).toContain('ana@example.com')
  await screenshot(orders, 'order-detail', { docs: true })
  await drawer.getByRole('button', { name: 'Mark shipped' }).click()
  const confirm = orders.getByRole('dialog', { name: 'Mark as shipped?' })
  await confirm
    .getByRole('textbox', { name: /Tracking link/ })
    .fill('https://track.example.com/1Z999')
  await confirm.getByRole('button', { name: 'Mark shipped' }).click()
  await drawer.getByText('Shipped', { exact: true }).first().waitFor()
  expect(
    (await product.api<{ order: { status: string } }>('GET', `/api/orders/${orderId}`)).order
      .status,
  ).toBe('shipped')
  // The buyer is told in Messenger, with the tracking link.
  await expect
    .poll(() => sim.locator('.ch-bubble:not(.is-user)').last().innerText(), { timeout: 15_000 })
    .toContain('https://track.example.com/1Z999')

  // The CSV has the order.
  await orders.keyboard.press('Escape')
  const [download] = await Promise.all([
    orders.waitForEvent('download'),
    orders.getByRole('link', { name: 'Download CSV' }).click(),
  ])
  const csv = readFileSync((await download.path())!, 'utf8')
  expect(csv).toContain(orderId!)
  // The CSV follows the filters on screen (simulator orders matching the search).
  expect(download.url()).toMatch(/[?&]q=yirgacheffe(&|$)/)
  expect(download.url()).toMatch(/[?&]test=true(&|$)/)
  expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/)

  expect(editor.errors.filter((e) => !noise(e))).toEqual([])
  expect(orders.errors.filter((e) => !noise(e))).toEqual([])
})
