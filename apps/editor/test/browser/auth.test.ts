import { afterAll, beforeAll, expect, test } from 'vitest'
import { closeBrowser, openBrowser, screenshot, startProduct, type Product } from './harness'

// A new user's first visit: the setup screen creates the admin; then Settings makes an API
// token that a script can use and that stops working once revoked; logging out brings the
// login screen back, which refuses a wrong password in plain words.

let product: Product
const admin = { email: 'owner@example.com', password: 'a very good passphrase' }

beforeAll(async () => {
  product = await startProduct({ setup: false })
})
afterAll(async () => {
  await closeBrowser()
  await product?.stop()
})

test('first visit sets up the admin; tokens from Settings; log out and in again', async () => {
  const page = await openBrowser({ loggedIn: false })
  await page.goto(product.url)
  await expect.poll(() => page.getByRole('heading', { name: 'Welcome to Charla' }).count()).toBe(1)
  await page.getByLabel('Email').fill(admin.email)
  await page.locator('input[autocomplete="new-password"]').first().fill(admin.password)
  await page.locator('input[autocomplete="new-password"]').nth(1).fill(admin.password)
  await screenshot(page, 'auth-setup', { docs: true })
  await page.getByRole('button', { name: 'Create admin account' }).click()
  await page.getByRole('heading', { name: 'Flows' }).waitFor()

  // Settings → a new API token, shown once.
  await page.getByRole('button', { name: `Account: ${admin.email}` }).click()
  await page.getByRole('menuitem', { name: 'Settings' }).click()
  await page.getByRole('heading', { name: 'API tokens' }).waitFor()
  await page.getByRole('button', { name: 'New token' }).click()
  await page.getByLabel('Name').fill('GitHub Actions')
  await page.getByRole('button', { name: 'Create token' }).click()
  const token = (await page.getByTestId('new-token').textContent())?.trim() ?? ''
  expect(token).toMatch(/^charla_[\w-]{43}$/)
  await screenshot(page, 'auth-token-created')
  await page.getByRole('button', { name: 'Done' }).click()
  const flows = () =>
    fetch(`${product.url}/api/flows`, { headers: { authorization: `Bearer ${token}` } })
  await page.getByRole('dialog').waitFor({ state: 'hidden' })
  expect((await flows()).status).toBe(200)
  // A reload keeps the session, and shows when the token was last used.
  await page.reload()
  await expect.poll(() => page.getByRole('row', { name: /GitHub Actions/ }).count()).toBe(1)
  await screenshot(page, 'settings-tokens', { docs: true })

  await page.getByRole('button', { name: 'Revoke GitHub Actions' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click()
  await page.getByText('Revoked').waitFor()
  expect((await flows()).status).toBe(401)

  // Log out: the login screen; a wrong password is refused without saying which part was wrong.
  await page.getByRole('button', { name: `Account: ${admin.email}` }).click()
  await page.getByRole('menuitem', { name: 'Log out' }).click()
  await page.getByRole('heading', { name: 'Log in to Charla' }).waitFor()
  await page.getByLabel('Email').fill(admin.email)
  await page.locator('input[autocomplete="current-password"]').fill('not the password')
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByRole('alert').getByText('do not match an account').waitFor()
  await screenshot(page, 'auth-login-refused', { docs: true })
  await page.locator('input[autocomplete="current-password"]').fill(admin.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  // Back where the session ended.
  await page.getByRole('heading', { name: 'API tokens' }).waitFor()
  // The only failed requests were the wrong password and the revoked token's (made outside).
  expect(page.errors.filter((e) => !e.includes('/api/auth/login'))).toEqual([])

  // Another browser with no session sees the login screen, not the data.
  const stranger = await openBrowser({ loggedIn: false })
  await stranger.goto(`${product.url}/leads`)
  await stranger.getByRole('heading', { name: 'Log in to Charla' }).waitFor()
})
