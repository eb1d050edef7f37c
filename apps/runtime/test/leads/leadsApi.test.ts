import { makeFlow, node, edge, variable } from '@charla/flow-schema/testing'
import type { Flow } from '@charla/flow-schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PAGE_ID } from '../../src/startRuntime'
import { startApiRuntime, type ApiRuntime } from '../api/startApiRuntime'
import { startLeadReceiver } from './leadReceiver'

let t: ApiRuntime
let crm: Awaited<ReturnType<typeof startLeadReceiver>>

beforeEach(async () => {
  crm = await startLeadReceiver()
  // The CRM of these tests listens on 127.0.0.1: allowed explicitly, as a self-hoster would.
  t = await startApiRuntime({ env: { CHARLA_HTTP_ALLOW_HOSTS: '127.0.0.1' } })
})
afterEach(async () => {
  await t.stop()
  await crm.close()
})

function leadFlow(webhook: string): Flow {
  return makeFlow({
    id: 'summer_leads',
    variables: [variable('email', 'email', 'contact'), variable('company', 'text')],
    nodes: [
      node('t', 'trigger', { on: 'ref', ref: 'summer' }),
      node('form', 'lead_form', {
        fields: [
          { id: 'f1', variable: 'email', prompt: 'Your email?', input: 'email', required: true },
          { id: 'f2', variable: 'company', prompt: 'Company?', input: 'text', required: false },
        ],
        completion: 'Thanks!',
        webhook: { url: webhook },
      }),
    ],
    edges: [edge('t', 'next', 'form')],
  })
}

async function until<T>(what: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await what()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

async function fillForm(psid: string, email: string, company: string, ad = false) {
  const { emulator, storage } = t.runtime
  emulator.addPerson({ pageId: DEMO_PAGE_ID, psid, firstName: psid, lastName: 'Tester' })
  await emulator.personSays(DEMO_PAGE_ID, psid, {
    referral: { ref: 'summer', source: ad ? 'ADS' : 'SHORTLINK', ...(ad ? { ad_id: 'ad42' } : {}) },
  })
  await emulator.waitForSent({ pageId: DEMO_PAGE_ID, psid, count: 1 })
  await emulator.personSays(DEMO_PAGE_ID, psid, { text: email })
  await emulator.waitForSent({ pageId: DEMO_PAGE_ID, psid, count: 2 })
  await emulator.personSays(DEMO_PAGE_ID, psid, { text: company })
  return until(async () => {
    const { leads } = await storage.leads.list(
      { pageId: DEMO_PAGE_ID, psid, status: 'completed' },
      { limit: 1, offset: 0 },
    )
    return leads[0]
  })
}

describe('leads end to end', () => {
  it('stores a filled form with its source and pushes it to the CRM; the API lists, finds and shows it', async () => {
    await t.runtime.storage.flows.publish(leadFlow(`${crm.url}/hooks`), DEMO_PAGE_ID, Date.now())
    const lead = await fillForm('ana', 'ana@example.com', 'Acme, "Inc."')
    await fillForm('bob', 'bob@example.com', '=HYPERLINK("http://evil.example")', true)
    expect(lead).toMatchObject({
      flowId: 'summer_leads',
      status: 'completed',
      answers: { email: 'ana@example.com', company: 'Acme, "Inc."' },
      source: 'ref',
      sourceDetail: { trigger: 'ref', ref: 'summer', referralSource: 'SHORTLINK' },
      firstName: 'ana',
    })
    await until(async () => (crm.received.length === 2 ? true : undefined))
    expect(new Set(crm.received.map((r) => r.headers['idempotency-key'])).size).toBe(2)

    const list = await t.api('GET', '/api/leads?flowId=summer_leads&limit=1')
    expect(list.statusCode).toBe(200)
    expect(list.json()).toMatchObject({ total: 2, limit: 1, offset: 0 })
    expect(list.json().leads[0]).toMatchObject({ psid: 'bob', source: 'ad', test: false })
    const found = await t.api('GET', '/api/leads?q=ACME')
    expect(found.json().leads.map((l: { psid: string }) => l.psid)).toEqual(['ana'])
    expect((await t.api('GET', '/api/leads?q=tester')).json().total).toBe(2)
    expect((await t.api('GET', '/api/leads?status=abandoned')).json().total).toBe(0)
    const today = new Date().toISOString().slice(0, 10)
    expect((await t.api('GET', `/api/leads?from=${today}&to=${today}`)).json().total).toBe(2)
    expect((await t.api('GET', '/api/leads?to=2000-01-01')).json().total).toBe(0)
    expect((await t.api('GET', '/api/leads?status=nope')).statusCode).toBe(400)

    const detail = await until(async () => {
      const res = (await t.api('GET', `/api/leads/${lead.id}`)).json()
      return res.deliveries.length ? res : undefined
    })
    expect(detail.lead).toMatchObject({ id: lead.id, push: { status: 'delivered' } })
    expect(detail.deliveries).toEqual([
      expect.objectContaining({ attempt: 1, ok: true, statusCode: 200, url: `${crm.url}/hooks` }),
    ])
    expect((await t.api('GET', '/api/leads/nope')).statusCode).toBe(404)
  })

  it('exports CSV with quoting and formula protection, and deletes one person’s data', async () => {
    await t.runtime.storage.flows.publish(leadFlow(`${crm.url}/hooks`), DEMO_PAGE_ID, Date.now())
    await fillForm('ana', 'ana@example.com', 'Acme, "Inc."')
    await fillForm('bob', 'bob@example.com', '=HYPERLINK("http://evil.example")')
    const csv = await t.api('GET', '/api/leads/export.csv?flowId=summer_leads')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="leads-summer_leads-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines[0]).toBe(
      'lead_id,status,created_at,updated_at,completed_at,page_id,flow_id,flow_version_id,psid,first_name,last_name,consent,source,source_detail,crm_push,answer_email,answer_company,other_answers',
    )
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain(',ana,Tester,,ref,ref=summer; referralSource=SHORTLINK,')
    expect(lines[1]).toMatch(/,ana@example\.com,"Acme, ""Inc\."""?,$/)
    expect(lines[2]).toMatch(/,bob@example\.com,"'=HYPERLINK\(""http:\/\/evil\.example""\)",$/)

    const gone = await t.api('DELETE', `/api/leads/contacts/${DEMO_PAGE_ID}/ana`)
    expect(gone.json()).toEqual({ ok: true, deletedLeads: 1 })
    expect(
      (await t.api('GET', '/api/leads')).json().leads.map((l: { psid: string }) => l.psid),
    ).toEqual(['bob'])
    expect(await t.runtime.storage.contacts.get(DEMO_PAGE_ID, 'ana')).toBeUndefined()
    expect((await t.api('DELETE', `/api/leads/contacts/${DEMO_PAGE_ID}/ana`)).statusCode).toBe(404)
  })

  it('a refused consent stores nothing', async () => {
    const flow = leadFlow(`${crm.url}/hooks`)
    const form = flow.nodes.find((n) => n.id === 'form')
    if (form?.type !== 'lead_form') throw new Error('no form')
    form.data.consent = { text: 'May we contact you?', required: true }
    await t.runtime.storage.flows.publish(flow, DEMO_PAGE_ID, Date.now())
    const { emulator } = t.runtime
    emulator.addPerson({ pageId: DEMO_PAGE_ID, psid: 'cy', firstName: 'Cy', lastName: 'No' })
    await emulator.personSays(DEMO_PAGE_ID, 'cy', { referral: { ref: 'summer' } })
    await emulator.waitForSent({ pageId: DEMO_PAGE_ID, psid: 'cy', count: 1 })
    await emulator.personSays(DEMO_PAGE_ID, 'cy', { quickReplyPayload: 'l:form:no' })
    await until(async () =>
      (await t.runtime.storage.conversations.get(DEMO_PAGE_ID, 'cy'))?.state.status === 'ended'
        ? true
        : undefined,
    )
    expect((await t.api('GET', '/api/leads')).json().total).toBe(0)
    expect(crm.received).toEqual([])
  })
})
