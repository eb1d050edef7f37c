import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSimulator } from './editorDriver'
import { closeBrowser, openBrowser, screenshot, startProduct, type Product } from './harness'

// A marketer tries their lead form in the simulator, then finds the lead in the Leads page:
// in the table, in its detail drawer, and in the CSV download.

let product: Product
let editor: Page & { errors: string[] }
let leads: Page & { errors: string[] }

const flow = {
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'kitchen_leads',
  name: 'Kitchen quotes',
  locale: 'en-US',
  variables: [
    { name: 'email', type: 'email', scope: 'contact' },
    { name: 'company', type: 'text', scope: 'conversation' },
  ],
  resources: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    {
      id: 'form',
      type: 'lead_form',
      position: { x: 320, y: 0 },
      data: {
        intro: 'Two quick questions for your quote.',
        fields: [
          { id: 'f1', variable: 'email', prompt: 'Your email?', input: 'email', required: true },
          {
            id: 'f2',
            variable: 'company',
            prompt: 'Your company?',
            input: 'text',
            required: false,
          },
        ],
        completion: 'Thanks! We will write to {{email}} today.',
      },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'form' }],
}

beforeAll(async () => {
  product = await startProduct()
  editor = await openBrowser()
  leads = await openBrowser({ width: 1440, height: 900 })
})
afterAll(async () => {
  await closeBrowser()
  await product?.stop()
})

test('a lead filled in the simulator shows in the leads table, its details and the CSV', async () => {
  await product.api('POST', '/api/flows', { flow })
  await editor.goto(`${product.url}/flows/kitchen_leads`)
  await editor.locator('.react-flow__node').first().waitFor()

  const sim = await openSimulator(editor)
  const lastBot = () => sim.locator('.ch-bubble:not(.is-user)').last().innerText()
  await expect.poll(lastBot).toContain('Your email?')
  const box = sim.getByRole('textbox', { name: 'Message' })
  await box.fill('ana.quote@example.com')
  await box.press('Enter')
  await expect.poll(lastBot, { timeout: 10_000 }).toContain('Your company?')
  await box.fill('=Acme, "Kitchens"')
  await box.press('Enter')
  await expect
    .poll(lastBot, { timeout: 10_000 })
    .toBe('Thanks! We will write to ana.quote@example.com today.')

  // The Leads page, in another tab while the simulator session is still open, reached from
  // the flows list's navigation.
  await leads.goto(product.url)
  await leads.getByRole('heading', { name: 'Flows' }).waitFor()
  await leads.getByRole('link', { name: 'Leads' }).click()
  await leads.getByRole('heading', { name: 'Leads' }).waitFor()
  const table = leads.getByRole('table', { name: 'Leads' })
  const row = table.getByRole('row').filter({ hasText: 'ana.quote@example.com' })
  await row.waitFor()
  await expect
    .poll(() => row.innerText())
    .toMatch(/^Ana García[\s\S]*Simulator[\s\S]*Kitchen quotes[\s\S]*Completed/i)

  // Search narrows the table; a search for something else empties it.
  await leads.getByRole('textbox', { name: 'Search' }).fill('acme')
  await expect.poll(() => table.getByRole('row').count()).toBe(2)
  await leads.getByRole('textbox', { name: 'Search' }).fill('nobody-has-this')
  await leads.getByText('No lead matches these filters.').waitFor()
  await leads.getByRole('textbox', { name: 'Search' }).fill('')
  await row.waitFor()
  await screenshot(leads, 'leads-table')

  // The detail drawer: every answer and where the lead came from.
  await row.click()
  const drawer = leads.getByRole('dialog')
  await drawer.getByRole('region', { name: 'Answers' }).waitFor()
  await expect.poll(() => drawer.innerText()).toContain('=Acme, "Kitchens"')
  await expect.poll(() => drawer.innerText()).toContain('Get Started')
  await expect.poll(() => drawer.innerText()).toContain('no CRM webhook')
  await screenshot(leads, 'lead-detail')
  await leads.keyboard.press('Escape')

  // The CSV download has the lead, with the formula-looking answer defused.
  const [download] = await Promise.all([
    leads.waitForEvent('download'),
    leads.getByRole('link', { name: 'Download CSV' }).click(),
  ])
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '')
  const [header, ...rows] = csv.trimEnd().split('\r\n')
  expect(header).toContain('answer_email,answer_company')
  expect(rows).toHaveLength(1)
  expect(rows[0]).toContain(',ana.quote@example.com,"\'=Acme, ""Kitchens"""')
  expect(download.suggestedFilename()).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/)

  const noise = (e: string) => /ERR_NAME_NOT_RESOLVED|favicon/.test(e)
  expect(editor.errors.filter((e) => !noise(e))).toEqual([])
  expect(leads.errors.filter((e) => !noise(e))).toEqual([])
})
