import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { closeBrowser, openBrowser, screenshot, startProduct, type Product } from './harness'
import { node, serverFlow, waitSaved, type FlowJson } from './editorDriver'

// Keyboard editing, two tabs on one flow, publishing, and the main screens at both sizes.

let product: Product
const pages: Page[] = []

beforeAll(async () => {
  product = await startProduct()
})
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail')
    for (const [i, p] of pages.entries()) await screenshot(p, `failed-${i}`).catch(() => undefined)
})
afterAll(async () => {
  await closeBrowser()
  await product?.stop()
})

async function newPage(size?: { width: number; height: number }) {
  const page = await openBrowser(size)
  pages.push(page)
  return page
}

async function createFlow(body: object): Promise<FlowJson> {
  const r = await product.api<{ draft: { flow: FlowJson } }>('POST', '/api/flows', body)
  return r.draft.flow
}

async function openFlow(page: Page, id: string) {
  await page.goto(`${product.url}/flows/${encodeURIComponent(id)}`)
  await page.locator('.react-flow__node').first().waitFor()
}

const nodeCount = (page: Page) => page.locator('.react-flow__node').count()

test('copy, paste, undo and redo with the keyboard; the result is saved', async () => {
  const flow = await createFlow({ name: 'Keyboard' })
  const page = await newPage()
  await openFlow(page, flow.id)
  const message = flow.nodes.find((n) => n.type === 'message')!
  expect(await nodeCount(page)).toBe(2)

  await node(page, message.id).click()
  await page.keyboard.press('Control+c')
  await page.keyboard.press('Control+v')
  await expect.poll(() => nodeCount(page)).toBe(3)
  await page.keyboard.press('Control+v')
  await expect.poll(() => nodeCount(page)).toBe(4)

  await page.keyboard.press('Control+z')
  await expect.poll(() => nodeCount(page)).toBe(3)
  await page.keyboard.press('Control+z')
  await expect.poll(() => nodeCount(page)).toBe(2)
  await page.keyboard.press('Control+Shift+z')
  await expect.poll(() => nodeCount(page)).toBe(3)

  // Delete the pasted copy with the keyboard, then undo that too.
  const pasted = (await page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))) as string[]
  const copyId = pasted.find((id) => id !== message.id && !flow.nodes.some((n) => n.id === id))!
  await node(page, copyId).click()
  await page.keyboard.press('Delete')
  await expect.poll(() => nodeCount(page)).toBe(2)
  await page.keyboard.press('Control+z')
  await expect.poll(() => nodeCount(page)).toBe(3)

  await waitSaved(page)
  const saved = await serverFlow(product, flow.id)
  expect(saved.nodes.map((n) => n.id).sort()).toEqual(
    [...flow.nodes.map((n) => n.id), copyId].sort(),
  )
  const copy = saved.nodes.find((n) => n.id === copyId)!
  expect(copy.type).toBe('message')
  expect(copy.data).toEqual(message.data)
})

test('two tabs on one flow: the second save meets a conflict dialog and no work is lost', async () => {
  const flow = await createFlow({ name: 'Shared flow' })
  const a = await newPage()
  const b = await newPage()
  await openFlow(a, flow.id)
  await openFlow(b, flow.id)

  await a.getByRole('textbox', { name: 'Flow name' }).fill('Renamed in tab A')
  await waitSaved(a)
  expect((await serverFlow(product, flow.id)).name).toBe('Renamed in tab A')

  // Tab B still edits revision 1: its save is refused and it asks what to keep.
  await b.getByRole('textbox', { name: 'Flow name' }).fill('Renamed in tab B')
  const dialog = b.getByRole('dialog', { name: 'This flow was changed somewhere else' })
  await dialog.waitFor({ timeout: 15_000 })
  expect(await dialog.innerText()).toContain('Renamed in tab A')
  expect((await serverFlow(product, flow.id)).name).toBe('Renamed in tab A')
  await screenshot(b, 'conflict-dialog')

  await dialog.getByRole('button', { name: 'Keep mine (overwrite)' }).click()
  await waitSaved(b)
  expect((await serverFlow(product, flow.id)).name).toBe('Renamed in tab B')

  // Tab A, now behind, is told in turn when it edits; loading theirs shows B's work.
  await a.getByRole('textbox', { name: 'Flow name' }).fill('Renamed in tab A again')
  const dialogA = a.getByRole('dialog', { name: 'This flow was changed somewhere else' })
  await dialogA.waitFor({ timeout: 15_000 })
  await dialogA.getByRole('button', { name: 'Load theirs' }).click()
  await expect
    .poll(() => a.getByRole('textbox', { name: 'Flow name' }).inputValue())
    .toBe('Renamed in tab B')
  expect((await serverFlow(product, flow.id)).name).toBe('Renamed in tab B')
})

test('publish an example to the demo Page; the main screens at 1280×800 and 1920×1080', async () => {
  for (const example of ['booking', 'checkout', 'tour']) await createFlow({ example })
  const flow = await createFlow({ example: 'lead-form', name: 'Spring promo: quote requests' })
  const page = await newPage()
  await page.goto(product.url)
  await page.getByRole('link', { name: 'Spring promo: quote requests' }).first().waitFor()
  await screenshot(page, 'flows-list')

  await openFlow(page, flow.id)
  await page.waitForTimeout(600) // fitView's settle
  const first = flow.nodes.find((n) => n.type === 'message') ?? flow.nodes[0]!
  await node(page, first.id).click()
  await screenshot(page, 'canvas-inspector')

  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Publish' })
  await dialog.waitFor()
  await expect.poll(() => dialog.getByLabel('Facebook Page').first().inputValue()).not.toBe('')
  // The demo Page already runs this example (published when the product starts): one more.
  const versionsOf = async () =>
    (
      await product.api<{ versions: { number: number; pages: string[] }[] }>(
        'GET',
        `/api/flows/${encodeURIComponent(flow.id)}/versions`,
      )
    ).versions
  const before = await versionsOf()
  await dialog.getByRole('button', { name: 'Publish new version' }).click()
  const number = (before[0]?.number ?? 0) + 1
  await page.getByText(`Version ${number} is live`).waitFor({ timeout: 15_000 })
  await dialog.getByRole('table').waitFor()
  await screenshot(page, 'publish-dialog')
  const after = await versionsOf()
  expect(after).toHaveLength(before.length + 1)
  expect(after[0]!.number).toBe(number)
  expect(after[0]!.pages).toHaveLength(1)

  const big = await newPage({ width: 1920, height: 1080 })
  const tour = (
    await product.api<{ flows: { id: string; name: string }[] }>('GET', '/api/flows')
  ).flows.find((f) => /tour/i.test(f.name))!
  await openFlow(big, tour.id)
  await big.getByRole('button', { name: 'Test', exact: true }).click()
  await big
    .getByRole('complementary', { name: 'Simulator' })
    .locator('.ch-bubble')
    .first()
    .waitFor()
  await big.waitForTimeout(800)
  await screenshot(big, 'editor-1920')
  for (const p of pages)
    expect(
      (p as Page & { errors: string[] }).errors.filter(
        (e) => !/ERR_NAME_NOT_RESOLVED|^409 /.test(e),
      ),
    ).toEqual([])
})
