import type { Order } from '@charla/storage'
import { majorUnits } from '../payments/majorUnits'

type Update = 'shipped' | 'refunded'

const TEXTS: Record<string, Record<Update, string>> = {
  en: {
    shipped: 'Good news: your order {order} has shipped.',
    refunded: 'Your order {order} has been refunded ({total}).',
  },
  es: {
    shipped: 'Buenas noticias: tu pedido {order} ya está en camino.',
    refunded: 'Hemos reembolsado tu pedido {order} ({total}).',
  },
  it: {
    shipped: 'Buone notizie: il tuo ordine {order} è stato spedito.',
    refunded: 'Il tuo ordine {order} è stato rimborsato ({total}).',
  },
  pt: {
    shipped: 'Boas notícias: seu pedido {order} foi enviado.',
    refunded: 'Seu pedido {order} foi reembolsado ({total}).',
  },
  fr: {
    shipped: 'Bonne nouvelle : votre commande {order} a été expédiée.',
    refunded: 'Votre commande {order} a été remboursée ({total}).',
  },
}

/** The order update a person gets in Messenger, in the flow's language, with the shop's note. */
export function orderUpdateText(
  order: Order,
  update: Update,
  locale: string,
  note?: string,
): string {
  const lang = locale.split('-')[0] ?? 'en'
  const template = (TEXTS[lang] ?? TEXTS.en!)[update]
  let total: string
  try {
    total = new Intl.NumberFormat(locale, { style: 'currency', currency: order.currency }).format(
      Number(majorUnits(order.totalMinor, order.currency)),
    )
  } catch {
    total = `${majorUnits(order.totalMinor, order.currency)} ${order.currency}`
  }
  const text = template.replace('{order}', order.id).replace('{total}', total)
  return (note?.trim() ? `${text}\n${note.trim()}` : text).slice(0, 2000)
}
