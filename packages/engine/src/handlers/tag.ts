import { go, neverWaits, type NodeHandler } from '../NodeHandler'
import { emit } from '../Run'

export const tag: NodeHandler<'tag'> = {
  enter(run, node) {
    const contact = run.state.contact
    const add = (node.data.add ?? []).filter((t) => !contact.tags.includes(t))
    const remove = (node.data.remove ?? []).filter((t) => contact.tags.includes(t))
    contact.tags = [...contact.tags.filter((t) => !remove.includes(t)), ...add]
    if (add.length || remove.length)
      emit(run, {
        type: 'update_contact',
        ...(add.length ? { addTags: add } : {}),
        ...(remove.length ? { removeTags: remove } : {}),
      })
    return go('next')
  },
  resume: neverWaits,
}
