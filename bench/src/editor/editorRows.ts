import type { EditorFigures } from './editorBench'

export const EDITOR_HEADER = [
  'flow',
  'first render',
  'target',
  'first node',
  'pan fps (opening view)',
  'pan fps (zoomed out)',
  'target',
  'worst frame',
  'result',
]

/** 500 nodes must meet the targets; 1,000 nodes must stay usable (≥ 30 fps, ≤ 3 s). */
export function editorRows(figures: readonly EditorFigures[]): string[][] {
  return figures.map((f) => {
    const strict = f.nodes <= 500
    const maxMs = strict ? 1500 : 3000
    const minFps = strict ? 50 : 30
    const fps = Math.min(f.pan.fps, f.panAll.fps)
    const ok = f.firstRenderMs <= maxMs && fps >= minFps && f.pan.movedPx > 0
    return [
      `${f.nodes.toLocaleString('en-US')} nodes`,
      `${(f.firstRenderMs / 1000).toFixed(2)} s`,
      `≤ ${(maxMs / 1000).toFixed(1)} s`,
      `${(f.firstNodeMs / 1000).toFixed(2)} s`,
      `${f.pan.fps.toFixed(0)} (${f.renderedNodes} nodes drawn)`,
      `${f.panAll.fps.toFixed(0)} (${f.panAll.renderedNodes} nodes drawn)`,
      `≥ ${minFps} fps`,
      `${Math.max(f.pan.worstFrameMs, f.panAll.worstFrameMs).toFixed(0)} ms`,
      ok ? 'ok' : 'MISSED',
    ]
  })
}
