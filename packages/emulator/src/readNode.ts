import type { GraphReply, Page } from './Emulator'
import type { EmulatorState, PersonState } from './EmulatorState'
import { invalidParameter, unsupportedRequest } from './graphError'

/** User Profile API fields; the last three need extra approval and are often absent. */
const PERSON_FIELDS = [
  'id',
  'name',
  'first_name',
  'last_name',
  'profile_pic',
  'locale',
  'timezone',
  'gender',
]
const PERSON_DEFAULT = 'id,name,first_name,last_name,profile_pic'
const PAGE_FIELDS = ['id', 'name']

/**
 * `GET /{node}?fields=…`: the Page itself (`me` or its id) or one of its people by PSID.
 * PSIDs are Page-scoped, so a person of another Page does not exist for this token.
 */
export function readNode(
  state: EmulatorState,
  page: Page,
  node: string,
  fields: string | undefined,
): GraphReply {
  if (node === 'me' || node === page.pageId) {
    return pick({ id: page.pageId, name: page.name }, fields ?? 'id,name', PAGE_FIELDS, 'Page')
  }
  const person = state.person(page.pageId, node)
  if (!person) return unsupportedRequest('get', node)
  return pick(profileOf(person), fields ?? PERSON_DEFAULT, PERSON_FIELDS, 'User')
}

function profileOf(person: PersonState): Record<string, string | undefined> {
  return {
    id: person.psid,
    name: `${person.firstName} ${person.lastName}`.trim(),
    first_name: person.firstName,
    last_name: person.lastName,
    profile_pic: person.profilePic,
    locale: person.locale,
  }
}

function pick(
  values: Record<string, string | undefined>,
  fields: string,
  known: string[],
  nodeType: string,
): GraphReply {
  const wanted = fields
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean)
  const unknown = wanted.find((field) => !known.includes(field))
  if (unknown !== undefined) {
    return invalidParameter(
      `(#100) Tried accessing nonexisting field (${unknown}) on node type (${nodeType})`,
    )
  }
  // Fields without a value are left out, as Meta does when it may not share them.
  const entries = wanted.flatMap((field) => {
    const value = values[field]
    return value === undefined ? [] : [[field, value] as const]
  })
  // Graph always answers with the node's id, asked for or not.
  return { status: 200, body: { ...Object.fromEntries(entries), id: values.id } }
}
