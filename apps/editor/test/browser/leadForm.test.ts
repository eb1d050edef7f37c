import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { closeBrowser, openBrowser, screenshot, startProduct, type Product } from './harness'
import {
  connect,
  dragFromPalette,
  node,
  nodeBox,
  openSimulator,
  serverFlow,
  waitSaved,
  type FlowJson,
} from './editorDriver'

// The marketer's main path, in a real Chromium against the real product: from an empty canvas
// to a lead form, by mouse; a lint problem seen and fixed; a chat through it in the simulator;
// exported and imported back.

let product: Product
let page: Page & { errors: string[] }

beforeAll(async () => {
  product = await startProduct()
  page = await openBrowser()
})
afterAll(async () => {
  await closeBrowser()
  await product?.stop()
})

test('build a lead form by mouse, fix its problem, chat through it, export and import it', async () => {
  await page.goto(product.url)
  await page.getByRole('heading', { name: 'Flows' }).waitFor()
  await page.getByRole('button', { name: 'New flow' }).click()
  await page.getByRole('button', { name: /Blank flow/ }).click()
  await page.waitForURL(/\/flows\//)
  const flowId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
  await page.locator('.react-flow__node').first().waitFor()

  // An empty canvas: select everything and delete it with the keyboard.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } })
  await page.keyboard.press('Control+a')
  await page.keyboard.press('Delete')
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0)

  // Four blocks dragged from the palette with the mouse.
  await dragFromPalette(page, 'Trigger', { x: 60, y: 120 })
  await dragFromPalette(page, 'Message', { x: 60, y: 330 })
  await dragFromPalette(page, 'Question', { x: 360, y: 120 })
  await dragFromPalette(page, 'End', { x: 360, y: 380 })
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4)
  for (const id of ['trigger', 'message', 'question', 'end'])
    await expect(nodeBox(page, id)).resolves.toBeTruthy()

  // Connected by dragging from each output handle to the next block.
  await connect(page, 'trigger', 'next', 'message')
  await connect(page, 'question', 'next', 'end')
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2)

  // The inspector: the welcome text with a quick reply, the question, the goodbye.
  await node(page, 'message').click()
  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  await inspector
    .getByRole('textbox', { name: 'Text', exact: true })
    .fill('Hi {{contact.first_name}}! Want a free quote for your kitchen?')
  await inspector.getByRole('button', { name: 'Add quick reply' }).click()
  await inspector.getByRole('textbox', { name: 'Title', exact: true }).fill('Get a quote')
  // The quick reply is an output of its own on the block: connect it to the question.
  await connect(page, 'message', 'Get a quote', 'question')
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3)
  await page.locator('.react-flow__node[data-id="question"]').click()
  await inspector
    .getByRole('textbox', { name: 'Question', exact: true })
    .fill('Great! What is your email address?')
  await page.locator('.react-flow__node[data-id="end"]').click()
  await inspector
    .getByRole('textbox', { name: 'Closing message (optional)' })
    .fill('Thanks! We will write to {{email}} today.')
  await expect.poll(() => node(page, 'end').innerText()).toContain('We will write to')

  // The question saves into "email", not declared yet: a problem in the panel and on the nodes.
  const problems = page.getByRole('region', { name: 'Problems' })
  await expect
    .poll(() => problems.getByRole('button', { name: /question:.*email/ }).count())
    .toBeGreaterThan(0)
  await node(page, 'question').locator('.ch-badge-error').waitFor()
  await screenshot(page, 'problems-panel')
  // Clicking the problem selects its block; the inspector offers to declare the variable.
  await problems
    .getByRole('button', { name: /question:.*email/ })
    .first()
    .click()
  await inspector.getByRole('button', { name: 'Declare email' }).click()
  await expect.poll(() => page.locator('.ch-badge-error').count()).toBe(0)
  await expect.poll(() => problems.getByRole('button', { name: /email/ }).count()).toBe(0)
  await waitSaved(page)
  await screenshot(page, 'lead-form-built')

  // Chat through it in the simulator: the real webhook → engine → Send API → emulator path.
  const sim = await openSimulator(page)
  await expect
    .poll(() => sim.locator('.ch-bubble').first().innerText())
    .toContain('Hi Ana! Want a free quote')
  await sim.getByRole('button', { name: 'Get a quote' }).click()
  await expect
    .poll(() => sim.locator('.ch-bubble:not(.is-user)').last().innerText())
    .toBe('Great! What is your email address?')
  await sim.getByRole('textbox', { name: 'Message' }).fill('not an email')
  await sim.getByRole('textbox', { name: 'Message' }).press('Enter')
  await expect.poll(() => sim.locator('.ch-bubble.is-user').last().innerText()).toBe('not an email')
  await expect
    .poll(() => sim.locator('.ch-bubble:not(.is-user)').count(), { timeout: 10_000 })
    .toBeGreaterThan(2)
  await screenshot(page, 'simulator')
  await sim.getByRole('textbox', { name: 'Message' }).fill('ana@example.com')
  await sim.getByRole('textbox', { name: 'Message' }).press('Enter')
  await expect
    .poll(() => sim.locator('.ch-bubble:not(.is-user)').last().innerText(), { timeout: 10_000 })
    .toBe('Thanks! We will write to ana@example.com today.')

  // Export: the download is the flow as saved, ids and content.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export as JSON' }).click(),
  ])
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as FlowJson
  const saved = await serverFlow(product, flowId)
  expect(exported.id).toBe(flowId)
  expect(exported.nodes).toEqual(saved.nodes)
  expect(exported.edges).toEqual(saved.edges)
  expect(exported.variables).toEqual(saved.variables)
  expect(exported.nodes.map((n) => n.id).sort()).toEqual(['end', 'message', 'question', 'trigger'])

  // Import the file again from the flows list: the same flow under a fresh id.
  await page.getByRole('button', { name: 'Back to all flows' }).click()
  await page.getByRole('heading', { name: 'Flows' }).waitFor()
  await page.getByLabel('Flow file').setInputFiles((await download.path())!)
  await page.waitForURL((u) => u.pathname.startsWith('/flows/') && !u.pathname.endsWith(flowId))
  const importedId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
  const imported = await serverFlow(product, importedId)
  expect(imported.nodes).toEqual(exported.nodes)
  expect(imported.edges).toEqual(exported.edges)
  expect(imported.variables).toEqual(exported.variables)
  expect(imported.name).toBe(exported.name)
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4)
  expect(page.errors.filter((e) => !/ERR_NAME_NOT_RESOLVED|favicon/.test(e))).toEqual([])
})
