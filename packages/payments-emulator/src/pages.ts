/** The hosted payment pages: plain HTML forms, clearly marked as a test payment. */
export function paymentPage(opts: {
  brand: 'Stripe' | 'PayPal'
  title: string
  amount: string
  lines: { name: string; quantity: number; amount: string }[]
  action: string
  cancelUrl: string
  collect: { address: boolean; phone: boolean; email: boolean }
}): string {
  const field = (name: string, label: string, value: string, type = 'text') =>
    `<label>${esc(label)}<input name="${name}" type="${type}" value="${esc(value)}" required></label>`
  const color = opts.brand === 'Stripe' ? '#635bff' : '#0070ba'
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)} · ${opts.brand} (test)</title>
<style>
body{font:16px system-ui,sans-serif;background:#f6f8fa;margin:0;color:#1a1f36}
main{max-width:420px;margin:24px auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 2px 12px #0001}
h1{font-size:18px;margin:0 0 4px}.total{font-size:32px;font-weight:700;margin:8px 0 16px}
.badge{display:inline-block;background:#fff3cd;color:#8a6d00;border-radius:4px;padding:2px 8px;font-size:12px}
ul{list-style:none;padding:0;margin:0 0 16px}li{display:flex;justify-content:space-between;padding:6px 0;border-bottom:1px solid #eee}
label{display:block;font-size:13px;color:#555;margin:10px 0 0}input{display:block;width:100%;box-sizing:border-box;padding:10px;font-size:15px;border:1px solid #ccd;border-radius:6px;margin-top:4px}
button{width:100%;margin-top:20px;padding:14px;border:0;border-radius:8px;background:${color};color:#fff;font-size:16px;font-weight:600;cursor:pointer}
a.cancel{display:block;text-align:center;margin-top:14px;color:#555}
</style></head><body><main>
<span class="badge">${opts.brand} test mode · no real money moves</span>
<h1>${esc(opts.title)}</h1><div class="total" data-testid="total">${esc(opts.amount)}</div>
<ul>${opts.lines.map((l) => `<li><span>${l.quantity} × ${esc(l.name)}</span><span>${esc(l.amount)}</span></li>`).join('')}</ul>
<form method="post" action="${esc(opts.action)}">
${field('name', 'Full name', 'Ana García')}
${opts.collect.email ? field('email', 'Email', 'ana@example.com', 'email') : ''}
${opts.collect.phone ? field('phone', 'Phone', '+34600111222', 'tel') : ''}
${opts.collect.address ? `${field('line1', 'Address', 'Calle Mayor 1')}${field('city', 'City', 'Madrid')}${field('postal_code', 'Postal code', '28013')}${field('state', 'State / province', 'Madrid')}${field('country', 'Country (ISO code)', 'ES')}` : ''}
${opts.brand === 'Stripe' ? field('card', 'Card number', '4242 4242 4242 4242') : ''}
<button type="submit">${opts.brand === 'Stripe' ? 'Pay' : 'Complete purchase'} ${esc(opts.amount)}</button>
</form>
<a class="cancel" href="${esc(opts.cancelUrl)}">Cancel and go back</a>
</main></body></html>`
}

export function money(minor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 10 ** digits)
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
