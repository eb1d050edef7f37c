import type { Storage } from '@charla/storage'

/**
 * The answer columns of an export: the variables of every lead form in the published versions
 * of the flow (or of every flow), in form order, each once.
 */
export async function answerColumns(storage: Storage, flowId?: string): Promise<string[]> {
  const columns = new Set<string>()
  const seen = new Set<string>()
  for (const publication of await storage.flows.publications(flowId)) {
    if (seen.has(publication.versionId)) continue
    seen.add(publication.versionId)
    const version = await storage.flows.getVersion(publication.versionId)
    for (const node of version?.flow.nodes ?? [])
      if (node.type === 'lead_form')
        for (const field of node.data.fields) columns.add(field.variable)
  }
  return [...columns]
}
