import { conversationStateSchema } from '@charla/flow-schema'
import type { Selectable } from 'kysely'
import type { Conversation, ConversationRepository } from '../ports'
import type { ConversationsTable } from './Database'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'
import { prepared } from './prepared'
import { selectByPeople } from './selectByPeople'

export function createConversationRepository({ db }: SqlContext): ConversationRepository {
  return {
    async get(pageId, psid) {
      const { rows } = await selectConversation(db, { pageId, psid })
      const row = rows[0]
      return row && toConversation(row)
    },

    async getMany(people) {
      const rows = await selectByPeople(db, 'conversations', people)
      return new Map([...rows].map(([key, row]) => [key, toConversation(row)]))
    },

    async listByVersions(pageId, versionIds) {
      if (!versionIds.length) return []
      const rows = await db
        .selectFrom('conversations')
        .selectAll()
        .where('page_id', '=', pageId)
        .where('flow_version_id', 'in', [...versionIds])
        .orderBy('psid')
        .execute()
      return rows.map(toConversation)
    },

    async save(conversation, expectedVersion, now) {
      const state = JSON.stringify(conversation.state)
      if (expectedVersion === undefined) {
        const result = await insertConversation(db, {
          pageId: conversation.pageId,
          psid: conversation.psid,
          flowVersionId: conversation.flowVersionId,
          state,
          now,
        })
        return result.numAffectedRows === 1n
      }
      const result = await updateConversation(db, {
        pageId: conversation.pageId,
        psid: conversation.psid,
        flowVersionId: conversation.flowVersionId,
        state,
        version: expectedVersion + 1,
        expectedVersion,
        now,
      })
      return result.numAffectedRows === 1n
    },
  }
}

const selectConversation = prepared(['pageId', 'psid'], (db, v) =>
  db
    .selectFrom('conversations')
    .selectAll()
    .where('page_id', '=', v.pageId)
    .where('psid', '=', v.psid),
)

// First save: whoever inserts first wins; the loser learns it through `false`.
const insertConversation = prepared(['pageId', 'psid', 'flowVersionId', 'state', 'now'], (db, v) =>
  db
    .insertInto('conversations')
    .values({
      page_id: v.pageId,
      psid: v.psid,
      flow_version_id: v.flowVersionId,
      state: v.state,
      version: 1,
      updated_at: v.now,
    })
    .onConflict((oc) => oc.columns(['page_id', 'psid']).doNothing()),
)

const updateConversation = prepared(
  ['pageId', 'psid', 'flowVersionId', 'state', 'version', 'expectedVersion', 'now'],
  (db, v) =>
    db
      .updateTable('conversations')
      .set({
        flow_version_id: v.flowVersionId,
        state: v.state,
        version: v.version,
        updated_at: v.now,
      })
      .where('page_id', '=', v.pageId)
      .where('psid', '=', v.psid)
      .where('version', '=', v.expectedVersion),
)

function toConversation(row: Selectable<ConversationsTable>): Conversation {
  return {
    pageId: row.page_id,
    psid: row.psid,
    flowVersionId: row.flow_version_id,
    state: decodeJson(
      conversationStateSchema,
      row.state,
      `conversation ${row.page_id}/${row.psid}`,
    ),
    version: row.version,
    updatedAt: row.updated_at,
  }
}
