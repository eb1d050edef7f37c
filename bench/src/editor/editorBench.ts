import type { Page } from 'playwright-core'
import { closeBrowser, openBrowser, startProduct } from '../../../apps/editor/test/browser/harness'
import { generateFlow } from '../generateFlow'

// The editor in Debian's Chromium (headless, no GPU: software rendering) against the real
// product: time to first render of a large flow and frames per second while panning it.

export interface EditorFigures {
  nodes: number
  /**
   * Navigation start → the opening view drawn: every node measured, the view fitted, and for a
   * long flow its beginning shown at a readable zoom (the editor's `charla:view-ready` mark), ms.
   */
  firstRenderMs: number
  /** Navigation start → the first node in the DOM (a MutationObserver), ms. */
  firstNodeMs: number
  /** Nodes in the DOM in the opening view (React Flow renders only visible ones when large). */
  renderedNodes: number
  /** Dragging the canvas in the opening view: frames per second and the longest frame (ms). */
  pan: PanFigures
  /** The same zoomed out until the whole flow is on screen (every node drawn, the worst case). */
  panAll: PanFigures & { renderedNodes: number }
}

const PAN_MS = 2000

export interface PanFigures {
  fps: number
  worstFrameMs: number
  /** How far the view moved, px: a pan that did not move would measure nothing. */
  movedPx: number
}

const viewportX = (page: Page) =>
  page.evaluate<number>(
    `new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).e`,
  )

/** Records when the first node enters the DOM (a MutationObserver set before the page loads). */
const FIRST_NODE_OBSERVER = `(() => {
  new MutationObserver((_, obs) => {
    if (document.querySelector('.react-flow__node')) {
      performance.mark('bench:first-node')
      obs.disconnect()
    }
  }).observe(document, { childList: true, subtree: true })
})()`

async function measureOpen(
  page: Page,
  url: string,
): Promise<{ viewMs: number; firstNodeMs: number }> {
  await page.addInitScript(FIRST_NODE_OBSERVER)
  await page.goto(url)
  await page.waitForFunction(
    () => performance.getEntriesByName('charla:view-ready').length > 0,
    undefined,
    { timeout: 60_000 },
  )
  return page.evaluate<{ viewMs: number; firstNodeMs: number }>(`({
    viewMs: performance.getEntriesByName('charla:view-ready')[0].startTime,
    firstNodeMs: performance.getEntriesByName('bench:first-node')[0]?.startTime ?? NaN,
  })`)
}

async function measurePan(page: Page): Promise<PanFigures> {
  const box = await page.locator('.react-flow__pane').boundingBox()
  if (!box) throw new Error('no canvas')
  // A string, not a function: the bench runs through tsx, whose helpers do not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = []
    window.__counting = true
    const tick = (t) => {
      window.__frames.push(t)
      if (window.__counting) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  // Drag the empty canvas back and forth as a person would, with many small mouse moves.
  const y = box.y + box.height - 30
  const x0 = box.x + 60
  const x = await viewportX(page)
  let moved = 0
  const started = Date.now()
  let dir = 1
  while (Date.now() - started < PAN_MS) {
    await page.mouse.move(x0, y)
    await page.mouse.down()
    for (let i = 1; i <= 20; i++) await page.mouse.move(x0 + dir * i * 15, y - i * 4)
    moved = Math.max(moved, Math.abs((await viewportX(page)) - x))
    await page.mouse.up()
    dir = -dir
  }
  const frames = await page.evaluate<number[]>(
    '(() => { window.__counting = false; return window.__frames })()',
  )
  const spanMs = frames[frames.length - 1]! - frames[0]!
  let worst = 0
  for (let i = 1; i < frames.length; i++) worst = Math.max(worst, frames[i]! - frames[i - 1]!)
  return { fps: ((frames.length - 1) / spanMs) * 1000, worstFrameMs: worst, movedPx: moved }
}

/** Opens generated flows of each size in a fresh tab at 1280×800 and measures them. */
export async function benchEditor(sizes: readonly number[]): Promise<EditorFigures[]> {
  const product = await startProduct()
  const out: EditorFigures[] = []
  try {
    for (const nodes of sizes) {
      const flow = generateFlow(nodes)
      const { draft } = await product.api<{ draft: { id: string } }>('POST', '/api/flows', {
        flow,
      })
      const url = `${product.url}/flows/${encodeURIComponent(draft.id)}`
      // One untimed visit warms the HTTP cache and the JIT, as a marketer's second visit is.
      const warm = await openBrowser()
      await measureOpen(warm, url)
      await warm.context().close()
      const page = await openBrowser()
      const { viewMs: firstRenderMs, firstNodeMs } = await measureOpen(page, url)
      const renderedNodes = await page.locator('.react-flow__node').count()
      await page.waitForTimeout(300)
      const pan = await measurePan(page)
      await page.getByRole('button', { name: 'Fit View' }).click()
      await page.waitForTimeout(500)
      const all = await page.locator('.react-flow__node').count()
      const panAll = { ...(await measurePan(page)), renderedNodes: all }
      out.push({ nodes, firstRenderMs, firstNodeMs, renderedNodes, pan, panAll })
      await page.context().close()
    }
  } finally {
    await closeBrowser()
    await product.stop()
  }
  return out
}
