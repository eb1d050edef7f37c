import { conversationStateSchema } from '@charla/flow-schema'
import type { ConversationRepository } from '../ports'
import type { SqlContext } from './SqlContext'
import { decodeJson } from './decodeJson'

export function createConversationRepository({ db }: SqlContext): ConversationRepository {
  return {
    async get(pageId, psid) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('page_id', '=', pageId)
        .where('psid', '=', psid)
        .executeTakeFirst()
      if (!row) return undefined
      return {
        pageId: row.page_id,
        psid: row.psid,
        flowVersionId: row.flow_version_id,
        state: decodeJson(conversationStateSchema, row.state, `conversation ${pageId}/${psid}`),
        version: row.version,
        updatedAt: row.updated_at,
      }
    },

    async save(conversation, expectedVersion, now) {
      const state = JSON.stringify(conversation.state)
      if (expectedVersion === undefined) {
        // First save: whoever inserts first wins; the loser learns it through `false`.
        const result = await db
          .insertInto('conversations')
          .values({
            page_id: conversation.pageId,
            psid: conversation.psid,
            flow_version_id: conversation.flowVersionId,
            state,
            version: 1,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['page_id', 'psid']).doNothing())
          .executeTakeFirst()
        return result.numInsertedOrUpdatedRows === 1n
      }
      const result = await db
        .updateTable('conversations')
        .set({
          flow_version_id: conversation.flowVersionId,
          state,
          version: expectedVersion + 1,
          updated_at: now,
        })
        .where('page_id', '=', conversation.pageId)
        .where('psid', '=', conversation.psid)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return result.numUpdatedRows === 1n
    },
  }
}
