import { useEffect, useRef, useState } from 'react'
import { api, type Draft } from '../api'
import { Autosaver, type AutosaveState } from '../store/autosave'
import { useEditor } from '../store/editorStore'

/** Wires the open draft to an Autosaver: every document change schedules a save. */
export function useAutosave(draft: Draft | null) {
  const [state, setState] = useState<AutosaveState>({
    status: 'saved',
    revision: draft?.revision ?? 0,
  })
  const saver = useRef<Autosaver | null>(null)
  const skip = useRef<unknown>(null)
  useEffect(() => {
    if (!draft) return
    const s = new Autosaver({
      flowId: draft.id,
      revision: draft.revision,
      save: api.saveFlow,
      onChange: setState,
    })
    saver.current = s
    setState(s.current)
    let version = useEditor.getState().version
    const unsub = useEditor.subscribe((st) => {
      if (st.version !== version && st.flow) {
        version = st.version
        if (st.flow === skip.current) return
        s.changed(st.flow)
      }
    })
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (s.current.status !== 'saved') {
        void s.flush()
        e.preventDefault()
      }
    }
    window.addEventListener('beforeunload', beforeUnload)
    return () => {
      unsub()
      window.removeEventListener('beforeunload', beforeUnload)
      void s.flush().finally(() => s.dispose())
    }
  }, [draft])
  return {
    state,
    keepMine: () => saver.current?.keepMine(),
    flush: () => saver.current?.flush() ?? Promise.resolve(),
    loadTheirs: () => {
      const theirs = saver.current?.loadTheirs()
      if (theirs) {
        // Their version becomes the document (undoable), and is not saved back as ours.
        skip.current = theirs.flow
        useEditor.getState().change(() => theirs.flow)
      }
      return theirs
    },
  }
}
