import type { Storage } from '@charla/storage'
import { z } from 'zod'

export interface FlowCalendar {
  id: string
  name: string
  timezone: string
  /** The flows whose drafts or live versions define it (by id, with their names). */
  flows: { id: string; name: string }[]
}

/** Enough of a calendar to list it; a draft being edited may be invalid elsewhere. */
const listedCalendar = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  timezone: z.string().min(1),
})
const documentCalendars = z.looseObject({
  resources: z.looseObject({ calendars: z.array(z.unknown()).optional() }).optional(),
})

/**
 * Every calendar the flows define, in their drafts and in their live versions, so the bookings
 * view offers a calendar before anyone has booked it. Bookings share a calendar by its id
 * across flows: one entry per id, named as the first flow (drafts first) names it.
 */
export async function flowCalendars(storage: Storage): Promise<FlowCalendar[]> {
  const out = new Map<string, FlowCalendar>()
  const add = (flow: { id: string; name: string }, calendars: unknown[] | undefined) => {
    for (const raw of calendars ?? []) {
      const c = listedCalendar.safeParse(raw)
      if (!c.success) continue
      const entry = out.get(c.data.id) ?? {
        id: c.data.id,
        name: c.data.name || c.data.id,
        timezone: c.data.timezone,
        flows: [],
      }
      if (!entry.flows.some((f) => f.id === flow.id)) entry.flows.push(flow)
      out.set(c.data.id, entry)
    }
  }

  const drafts = await storage.flows.listDrafts()
  const names = new Map<string, string>()
  for (const d of drafts) {
    const name = d.document.name || d.id
    names.set(d.id, name)
    add({ id: d.id, name }, documentCalendars.safeParse(d.document).data?.resources?.calendars)
  }
  // Live versions: a flow's draft may have dropped a calendar its live version still books on.
  // (The simulator's copies of drafts are left out: their calendars are the drafts'.)
  const connected = new Set(
    (await storage.pages.list()).filter((p) => p.kind === 'connected').map((p) => p.id),
  )
  const versions = new Set(
    (await storage.flows.publications())
      .filter((p) => connected.has(p.pageId))
      .map((p) => p.versionId),
  )
  for (const id of versions) {
    const version = await storage.flows.getVersion(id)
    if (!version) continue
    const { flow } = version
    add({ id: flow.id, name: names.get(flow.id) ?? flow.name }, flow.resources.calendars)
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
}
