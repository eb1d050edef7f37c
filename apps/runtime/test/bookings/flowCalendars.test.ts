import { afterEach, describe, expect, it } from 'vitest'
import type { FlowDocument } from '@charla/flow-schema'
import { startTestRuntime, type TestRuntime } from '../pipeline/startTestRuntime'
import { barberFlow } from './bookingFlows'

let rt: TestRuntime | undefined
afterEach(async () => {
  await rt?.stop()
  rt = undefined
})

const calendar = (id: string, name: string, timezone = 'Europe/Madrid') => ({
  id,
  name,
  timezone,
  slotMinutes: 30,
  bufferMinutes: 0,
  capacity: 1,
  weeklyHours: { mon: [['09:00', '18:00']] },
})

describe('GET /api/bookings/calendars', () => {
  it('lists the calendars of drafts and live versions, before anyone booked them', async () => {
    // The barber flow is live with its "chair" calendar (and has no draft of its own).
    rt = await startTestRuntime([barberFlow()])
    const storage = rt.runtime.storage
    const base = barberFlow()
    // A clinic's draft, half-typed (invalid elsewhere), already has two calendars, one shared.
    const clinic = {
      ...base,
      id: 'clinic',
      name: 'Clinic',
      nodes: [...base.nodes, { id: 'x', type: 'message', position: { x: 0, y: 0 }, data: {} }],
      resources: {
        calendars: [
          calendar('room', 'Room A', 'America/New_York'),
          calendar('chair', 'Chair 1'),
          { id: 'half' },
        ],
      },
    } as unknown as FlowDocument
    const saved = await storage.flows.saveDraft(clinic, undefined, Date.now())
    expect(saved.ok && saved.draft.flow).toBeUndefined()
    // The barber's draft swapped its calendar for one not published yet: the live version still
    // books on "chair", so it stays listed.
    const barberDraft = {
      ...base,
      resources: { calendars: [calendar('chair-2', 'Chair 2')] },
    } as unknown as FlowDocument
    await storage.flows.saveDraft(barberDraft, undefined, Date.now())

    const res = await fetch(`${rt.runtime.url}/api/bookings/calendars`, {
      headers: rt.adminHeaders,
    })
    expect(res.status).toBe(200)
    const { calendars } = (await res.json()) as {
      calendars: { id: string; name: string; timezone: string; flows: { id: string }[] }[]
    }
    expect(
      calendars.map((c) => [c.id, c.name, c.timezone, c.flows.map((f) => f.id).sort()]),
    ).toEqual([
      ['chair', 'Chair 1', 'Europe/Madrid', ['barber', 'clinic']],
      ['chair-2', 'Chair 2', 'Europe/Madrid', ['barber']],
      ['room', 'Room A', 'America/New_York', ['clinic']],
    ])
    expect((await fetch(`${rt.runtime.url}/api/bookings/calendars`)).status).toBe(401)
  })
})
