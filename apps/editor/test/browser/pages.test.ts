import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { closeBrowser, openBrowser, screenshot, startProduct, type Product } from './harness'

// A marketer connects a Facebook Page (the built-in emulator stands in for Meta), checks the
// connection and fixes what it reports, sets the Page's Messenger profile and syncs it, then
// publishes a flow to the Page and rolls back to the version before.

const PAGE_ID = '700100200'
const TOKEN = 'EAAGbrowserTestPageToken0123456789'

let product: Product
let page: Page & { errors: string[] }

const flow = (text: string) => ({
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'barber',
  name: 'Barber bookings',
  locale: 'en-US',
  variables: [],
  resources: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    {
      id: 'menu',
      type: 'trigger',
      position: { x: 0, y: 200 },
      data: { on: 'postback', payload: 'BOOK_CUT' },
    },
    { id: 'hi', type: 'message', position: { x: 320, y: 0 }, data: { text } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' },
    { id: 'e2', source: 'menu', sourceHandle: 'next', target: 'hi' },
  ],
})

beforeAll(async () => {
  product = await startProduct()
  page = await openBrowser({ width: 1440, height: 1000 })
  // Meta's side: the Page exists and this token is its (the emulator plays Meta).
  await product.api('POST', '/emulator/_control/pages', {
    pageId: PAGE_ID,
    accessToken: TOKEN,
    name: 'Barbería Sol',
  })
  await product.api('POST', '/api/flows', { flow: flow('Welcome to Barbería Sol!') })
})
afterAll(async () => {
  await closeBrowser()
  await product?.stop()
})

test('connect a Page, check it, sync its profile, publish and roll back', async () => {
  const { app } = await product.api<{ app: { secret: string } }>('GET', '/emulator/_control/app')
  await page.goto(product.url)
  await page.getByRole('link', { name: 'Pages' }).click()
  await page.getByRole('heading', { name: 'Facebook Pages' }).waitFor()

  // Connect.
  await page.getByRole('button', { name: 'Connect a Page' }).click()
  const dialog = page.getByRole('dialog', { name: 'Connect a Facebook Page' })
  await dialog.getByLabel('Page id').fill(PAGE_ID)
  await dialog.getByLabel('Name').fill('Barbería Sol')
  await dialog.getByLabel('Page access token').fill(TOKEN)
  await dialog.getByLabel('App secret').fill(app.secret)
  await dialog.getByRole('button', { name: 'Connect' }).click()
  await page.getByRole('heading', { name: 'Barbería Sol', level: 3 }).waitFor()
  // Ready to paste into Meta's dashboard; the token itself is never shown again.
  await expect
    .poll(() => page.getByLabel('Callback URL', { exact: true }).innerText())
    .toBe(`${product.url}/webhooks/messenger`)
  expect(await page.getByLabel('Verify token', { exact: true }).innerText()).toMatch(
    /^[A-Za-z0-9_-]{20,}$/,
  )
  expect(await page.content()).not.toContain(TOKEN)
  expect(await page.content()).not.toContain(app.secret)

  // Check: Meta knows the token, but the app does not get the Page's webhooks yet.
  await page.getByRole('button', { name: 'Check connection' }).click()
  const checks = page.getByLabel('Connection checks')
  await checks.waitFor()
  await expect.poll(() => checks.innerText()).toContain('not subscribed')
  await screenshot(page, 'pages-check-connection', { docs: true })
  await page.getByRole('button', { name: 'Subscribe the app' }).click()
  await expect.poll(() => checks.innerText()).toContain('Everything is connected.')

  // The Messenger profile: a greeting, a menu item opening the flow, an ice breaker.
  await page.getByLabel('Greeting').fill('Hi {{user_first_name}}! Book your cut here.')
  await page.getByRole('button', { name: 'Add menu item' }).click()
  await page.getByLabel('Menu item 1 title').fill('Book a cut')
  await page.locator('input[aria-label="Menu item 1 opens"]').click()
  await page.getByRole('option', { name: /BOOK_CUT/ }).click()
  await page.getByRole('button', { name: 'Add question' }).click()
  await page.getByLabel('Ice breaker 1', { exact: true }).fill('Can I book for today?')
  await page.getByRole('button', { name: 'Save and sync to Messenger' }).click()
  await page.getByText('Messenger profile updated').waitFor()
  await expect.poll(() => page.getByLabel('Sync status').innerText()).toMatch(/Synced at/)
  await screenshot(page, 'pages-profile', { docs: true })

  // Publish twice (two versions), then roll back to the first.
  await product.api('POST', `/api/flows/barber/publish`, { pageId: PAGE_ID })
  const draft = await product.api<{ draft: { revision: number } }>('GET', '/api/flows/barber')
  await product.api('PUT', '/api/flows/barber', {
    flow: flow('Welcome back to Barbería Sol!'),
    revision: draft.draft.revision,
  })
  await page.goto(`${product.url}/flows/barber`)
  await page.locator('.react-flow__node').first().waitFor()
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  const publish = page.getByRole('dialog', { name: 'Publish' })
  await publish.getByLabel('Facebook Page').first().click()
  await page.getByRole('option', { name: 'Barbería Sol' }).click()
  await publish.getByRole('button', { name: 'Publish new version' }).click()
  await page.getByText('Version 2 is live').waitFor()
  await publish.getByRole('button', { name: 'Roll back to version 1' }).click()
  await page.getByText('Version 1 is live again').waitFor()
  await screenshot(page, 'publish-rollback', { docs: true })

  // What Meta has now, and what is live.
  const profile = await product.api<{ profile: { synced: { persistentMenu: unknown[] } } }>(
    'GET',
    `/api/pages/${PAGE_ID}/profile`,
  )
  expect(profile.profile.synced.persistentMenu).toEqual([
    { title: 'Book a cut', payload: 'BOOK_CUT', flowId: 'barber' },
  ])
  const versions = await product.api<{ versions: { number: number; pages: string[] }[] }>(
    'GET',
    '/api/flows/barber/versions',
  )
  expect(versions.versions.map((v) => [v.number, v.pages])).toEqual([
    [2, []],
    [1, [PAGE_ID]],
  ])
  expect(page.errors).toEqual([])
})
