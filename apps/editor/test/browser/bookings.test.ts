import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openSimulator } from './editorDriver'
import { closeBrowser, openBrowser, screenshot, startProduct, type Product } from './harness'

// A barber tries their booking flow in the simulator: picks a day and a time, confirms,
// fast-forwards the simulator's clock to a minute before the reminder (nothing yet) and past
// it (the reminder arrives with Cancel / Reschedule), then finds the appointment in the
// Bookings page's week, and cancels it from there (the person is told in the chat).

let product: Product
let editor: Page & { errors: string[] }
let admin: Page & { errors: string[] }

const ZONE = 'Europe/Madrid'
const every: [string, string][] = [['09:00', '18:00']]
const flow = {
  format: 'charla.flow',
  schemaVersion: 1,
  id: 'barber_bookings',
  name: 'Barber bookings',
  locale: 'en-GB',
  variables: [],
  resources: {
    calendars: [
      {
        id: 'chair',
        name: 'Chair 1',
        timezone: ZONE,
        slotMinutes: 30,
        bufferMinutes: 0,
        capacity: 1,
        // Open every day, so the test books the same way whatever day it runs.
        weeklyHours: {
          mon: every,
          tue: every,
          wed: every,
          thu: every,
          fri: every,
          sat: every,
          sun: every,
        },
        minNoticeMinutes: 60,
      },
    ],
  },
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'get_started' } },
    {
      id: 'book',
      type: 'booking',
      position: { x: 320, y: 0 },
      data: {
        calendarId: 'chair',
        service: { name: 'Haircut', durationMinutes: 30 },
        prompt: 'When would you like to come?',
        daysAhead: 7,
        confirmation: 'Booked: {{booking.service}} on {{booking.date}} at {{booking.time}}.',
        reminders: [
          { beforeMinutes: 60, text: 'Reminder: {{booking.service}} today at {{booking.time}}.' },
        ],
        allowCancel: true,
        allowReschedule: true,
      },
    },
    { id: 'done', type: 'end', position: { x: 640, y: 0 }, data: { text: 'See you then!' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'book' },
    { id: 'e2', source: 'book', sourceHandle: 'booked', target: 'done' },
  ],
}

beforeAll(async () => {
  product = await startProduct()
  editor = await openBrowser({ width: 1440, height: 900 })
  admin = await openBrowser({ width: 1440, height: 900 })
})
afterAll(async () => {
  await closeBrowser()
  await product?.stop()
})

interface ApiBooking {
  id: string
  start: number
  status: string
  firstName?: string
  service: string
}

const wallDate = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, dateStyle: 'short' }).format(ms)
const mondayOf = (date: string) => {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d.toISOString().slice(0, 10)
}

test('book in the simulator, the reminder arrives an hour before, the booking is in the week view', async () => {
  await product.api('POST', '/api/flows', { flow })
  await editor.goto(`${product.url}/flows/barber_bookings`)
  await editor.locator('.react-flow__node').first().waitFor()

  // The calendar in the flow settings: its form shows the next times it offers.
  await editor.getByRole('tab', { name: 'Resources' }).click()
  await editor.getByRole('button', { name: 'Edit Chair 1' }).click()
  const form = editor.getByRole('dialog', { name: 'Edit calendar' })
  await form
    .getByRole('region', { name: 'Next free times' })
    .or(form.getByText('Next times offered'))
    .first()
    .waitFor()
  await expect.poll(() => form.innerText()).toMatch(/Next times offered[\s\S]*\d\d:\d\d/)
  // Past the modal's opening transition.
  await new Promise((r) => setTimeout(r, 400))
  await screenshot(editor, 'calendar-form', { docs: true })
  await form.getByRole('button', { name: 'Cancel' }).click()

  const sim = await openSimulator(editor)
  const lastBot = () => sim.locator('.ch-bubble:not(.is-user)').last().innerText()
  const botTexts = () => sim.locator('.ch-bubble:not(.is-user)').allInnerTexts()
  await expect.poll(lastBot).toContain('When would you like to come?')
  // Tomorrow (the second day offered): far enough from the minimum notice whatever the hour.
  const days = sim.locator('.ch-chip')
  await expect.poll(() => days.count()).toBeGreaterThan(1)
  await days.nth(1).click()
  await expect.poll(lastBot, { timeout: 10_000 }).toMatch(/^Free times on .*:$/)
  await sim.locator('.ch-chip', { hasText: '10:30' }).click()
  await expect.poll(lastBot, { timeout: 10_000 }).toContain('Shall I book it?')
  await sim.locator('.ch-button', { hasText: 'Confirm' }).last().click()
  await expect
    .poll(botTexts, { timeout: 10_000 })
    .toEqual(expect.arrayContaining([expect.stringMatching(/^Booked: Haircut on .* at 10:30\.$/)]))

  const { bookings } = await product.api<{ bookings: ApiBooking[] }>(
    'GET',
    '/api/bookings?test=true',
  )
  expect(bookings).toHaveLength(1)
  const booking = bookings[0]!
  expect(booking).toMatchObject({ status: 'confirmed', firstName: 'Ana', service: 'Haircut' })
  const remindAt = booking.start - 60 * 60_000

  // Fast-forward with the simulator's own clock, to two minutes before the reminder: nothing.
  const count = await sim.locator('.ch-bubble:not(.is-user)').count()
  const minutes = Math.floor((remindAt - Date.now()) / 60_000) - 2
  await sim.getByRole('button', { name: 'Custom' }).click()
  await editor.getByLabel('Amount').fill(String(minutes))
  await editor.getByRole('combobox', { name: 'Unit' }).click()
  await editor.getByRole('option', { name: 'minutes' }).click()
  await editor.getByRole('button', { name: 'Go', exact: true }).click()
  await expect.poll(() => sim.innerText()).toMatch(/next timer in [1-3] min/)
  await new Promise((r) => setTimeout(r, 1500))
  expect(await sim.locator('.ch-bubble:not(.is-user)').count()).toBe(count)

  // Past "one hour before": the reminder, with Cancel and Reschedule.
  await sim.getByRole('button', { name: '+1 h', exact: true }).click()
  await expect.poll(lastBot, { timeout: 10_000 }).toMatch(/^Reminder: Haircut today at 10:30\.$/)
  const reminderButtons = sim.locator('.ch-buttons').last().locator('.ch-button')
  await expect.poll(() => reminderButtons.allInnerTexts()).toEqual(['Cancel', 'Reschedule'])
  // The chat scrolls smoothly to its end: let it arrive before the picture.
  await reminderButtons.last().scrollIntoViewIfNeeded()
  await new Promise((r) => setTimeout(r, 600))
  await screenshot(editor, 'booking-reminder', { docs: true })

  // Another flow's draft has a calendar nobody has booked yet.
  await product.api('POST', '/api/flows', {
    flow: {
      ...flow,
      id: 'dentist',
      name: 'Dentist',
      resources: { calendars: [{ ...flow.resources.calendars[0], id: 'room', name: 'Room A' }] },
    },
  })

  // The Bookings page, reached from the flows list: the simulator's booking in its week.
  await admin.goto(product.url)
  await admin.getByRole('heading', { name: 'Flows' }).waitFor()
  await admin.getByRole('link', { name: 'Bookings', exact: true }).click()
  await admin.getByRole('heading', { name: 'Bookings' }).waitFor()
  // The calendar filter offers every calendar of the flows, booked or not (no live booking yet).
  await admin.getByRole('combobox', { name: 'Calendar' }).click()
  await admin.getByRole('option', { name: 'Room A' }).waitFor()
  expect(await admin.getByRole('option').allInnerTexts()).toEqual(['Chair 1', 'Room A'])
  await admin.keyboard.press('Escape')
  await admin.getByText('Simulator', { exact: true }).click()
  if (mondayOf(wallDate(booking.start)) !== mondayOf(wallDate(Date.now())))
    await admin.getByRole('button', { name: 'Next' }).click()
  const block = admin.getByRole('button', { name: /^Ana García, Haircut, 10:30–11:00$/ })
  await block.waitFor()
  await expect.poll(() => admin.getByText('1 booked').count()).toBe(1)
  await screenshot(admin, 'bookings-week', { docs: true })

  // The list shows it too; the CSV has it.
  await admin.getByText('List', { exact: true }).click()
  const row = admin
    .getByRole('table', { name: 'Bookings' })
    .getByRole('row', { name: /Ana García/ })
  await expect
    .poll(() => row.innerText())
    .toMatch(/10:30[\s\S]*Haircut[\s\S]*Chair 1[\s\S]*Confirmed/i)
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('link', { name: 'Download CSV' }).click(),
  ])
  const csv = readFileSync((await download.path())!, 'utf8')
  expect(csv).toContain(booking.id)

  // Cancel from the admin side, with a confirmation: the person is told in the chat.
  await row.click()
  const dialog = admin.getByRole('dialog')
  await dialog.getByRole('button', { name: 'Cancel booking' }).click()
  await dialog.getByRole('button', { name: 'Yes, cancel and tell them' }).click()
  await admin.getByText(/Cancelled Ana García’s Haircut/).waitFor()
  await expect.poll(() => row.innerText()).toMatch(/Cancelled[\s\S]*by you/i)
  await expect
    .poll(lastBot, { timeout: 10_000 })
    .toMatch(/^Sorry, your Haircut on .* has been cancelled\./)
  const after = await product.api<{ booking: ApiBooking }>('GET', `/api/bookings/${booking.id}`)
  expect(after.booking.status).toBe('cancelled')

  const noise = (e: string) => /ERR_NAME_NOT_RESOLVED|favicon/.test(e)
  expect(editor.errors.filter((e) => !noise(e))).toEqual([])
  expect(admin.errors.filter((e) => !noise(e))).toEqual([])
}, 120_000)
