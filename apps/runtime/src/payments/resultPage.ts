/** The small pages a person sees around the provider's checkout, each leading back to Messenger. */
export function resultPage(opts: { title: string; text: string; pageId: string; status: number }): {
  status: number
  html: string
} {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  const back = `https://m.me/${encodeURIComponent(opts.pageId)}`
  return {
    status: opts.status,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(opts.title)}</title>
<style>body{font:17px system-ui,sans-serif;background:#f0f2f5;margin:0;color:#1c1e21;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;max-width:380px;margin:16px;padding:32px 24px;border-radius:16px;text-align:center;box-shadow:0 2px 12px #0002}
h1{font-size:22px;margin:0 0 8px}p{color:#555;margin:0 0 24px}
a{display:inline-block;background:#0866ff;color:#fff;text-decoration:none;padding:12px 24px;border-radius:24px;font-weight:600}</style>
</head><body><main><h1>${esc(opts.title)}</h1><p>${esc(opts.text)}</p>
<a href="${esc(back)}" data-testid="back-to-messenger">Back to Messenger</a></main></body></html>`,
  }
}
