import type { Conversation, FlowVersion, Storage } from '@charla/storage'

export interface MovePlan {
  /** The version live on the Page: where conversations would move. */
  target: FlowVersion
  /** Waiting on an older version, at a step the live version still has (same id and type). */
  movable: Conversation[]
  /** Waiting at a step the live version no longer has (or changed type): they finish as they are. */
  staying: Conversation[]
}

/**
 * The conversations of a flow on a Page that are waiting on an older version, split by whether
 * the step they wait at still exists in the live version. Conversations that are not waiting
 * need no move: they start on the live version next time anyway.
 */
export async function movableConversations(
  storage: Storage,
  pageId: string,
  flowId: string,
): Promise<MovePlan | undefined> {
  const target = (await storage.flows.published(pageId)).find((v) => v.flowId === flowId)
  if (!target) return undefined
  const older = (await storage.flows.listVersions(flowId))
    .filter((v) => v.id !== target.id)
    .map((v) => v.id)
  const conversations = await storage.conversations.listByVersions(pageId, older)
  const nodes = new Map(target.flow.nodes.map((n) => [n.id, n.type]))
  const movable: Conversation[] = []
  const staying: Conversation[] = []
  for (const c of conversations) {
    if (c.state.status !== 'waiting' || !c.state.wait) continue
    const pinned = await storage.flows.getVersion(c.flowVersionId)
    const type = pinned?.flow.nodes.find((n) => n.id === c.state.wait?.nodeId)?.type
    if (type !== undefined && nodes.get(c.state.wait.nodeId) === type) movable.push(c)
    else staying.push(c)
  }
  return { target, movable, staying }
}
