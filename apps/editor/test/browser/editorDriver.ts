import type { Locator, Page } from 'playwright-core'
import type { Product } from './harness'

// Gestures on the editor the way a person makes them (mouse drags, clicks, keys), for the
// browser tests. Selectors are roles and labels; React Flow's own classes only for the canvas.

export interface FlowJson {
  id: string
  name: string
  nodes: { id: string; type: string; position: { x: number; y: number }; data: unknown }[]
  edges: { id: string; source: string; sourceHandle: string; target: string }[]
  variables: { name: string }[]
  [key: string]: unknown
}

export const node = (page: Page, id: string): Locator =>
  page.locator(`.react-flow__node[data-id="${id}"]`)

/** The node's box on screen, or null when it is not there. */
export async function nodeBox(page: Page, id: string) {
  return node(page, id).boundingBox()
}

/** Where a point of the canvas pane is on screen (offset from its top-left corner). */
async function paneAt(page: Page, at: { x: number; y: number }) {
  const box = await page.locator('.react-flow__pane').boundingBox()
  if (!box) throw new Error('no canvas on the page')
  return { x: box.x + at.x, y: box.y + at.y }
}

/** Drags a palette block (by its label) onto the canvas with the mouse (HTML5 drag and drop). */
export async function dragFromPalette(page: Page, label: string, at: { x: number; y: number }) {
  const item = page
    .getByRole('navigation', { name: 'Node palette' })
    .getByRole('button', { name: `Add ${label} block` })
  await item.scrollIntoViewIfNeeded()
  const before = await page.locator('.react-flow__node').count()
  await item.dragTo(page.locator('.react-flow__pane'), { targetPosition: at })
  await page.waitForFunction(
    (n) => document.querySelectorAll('.react-flow__node').length > n,
    before,
  )
}

async function centre(l: Locator) {
  const b = await l.boundingBox()
  if (!b) throw new Error('not on screen')
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 }
}

/**
 * Drags from `source`'s output handle (its id, like "next", or its label, like "Get a quote") to
 * `target`'s input handle, in small mouse steps.
 */
export async function connect(page: Page, source: string, output: string, target: string) {
  const from = await centre(
    node(page, source).locator(
      `.react-flow__handle.source[data-handleid="${output}"], .react-flow__handle.source[aria-label="Output ${output}"]`,
    ),
  )
  const to = await centre(node(page, target).locator('.react-flow__handle.target'))
  const before = await page.locator('.react-flow__edge').count()
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 })
  await page.mouse.move(to.x, to.y, { steps: 8 })
  await page.mouse.up()
  await page.waitForFunction(
    (n) => document.querySelectorAll('.react-flow__edge').length > n,
    before,
  )
}

/** Drags the empty canvas by (dx, dy) pixels. */
export async function panBy(page: Page, dx: number, dy: number, at = { x: 40, y: 40 }) {
  const p = await paneAt(page, at)
  await page.mouse.move(p.x, p.y)
  await page.mouse.down()
  await page.mouse.move(p.x + dx, p.y + dy, { steps: 10 })
  await page.mouse.up()
}

/** Waits until the header says the draft is saved. */
export async function waitSaved(page: Page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="save-status"]')?.textContent?.trim() === 'Saved',
    undefined,
    { timeout: 15_000 },
  )
}

/** Opens the simulator panel ("Test") and returns it. */
export async function openSimulator(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Test', exact: true }).click()
  const sim = page.getByRole('complementary', { name: 'Simulator' })
  await sim.locator('.ch-bubble').first().waitFor({ timeout: 15_000 })
  return sim
}

/** The draft as the server has it. */
export async function serverFlow(product: Product, id: string): Promise<FlowJson> {
  const r = await product.api<{ draft: { flow: FlowJson } }>(
    'GET',
    `/api/flows/${encodeURIComponent(id)}`,
  )
  return r.draft.flow
}

/** Polls `read` until `ok` holds (or throws with the last value after `timeoutMs`). */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  let last: T = await read()
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 100))
    last = await read()
  }
  return last
}
