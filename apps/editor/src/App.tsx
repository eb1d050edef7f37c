import { useEffect, useState } from 'react'
import { BookingsPage } from './bookings/BookingsPage'
import { EditorScreen } from './editor/EditorScreen'
import { FlowsList } from './home/FlowsList'
import { LeadsPage } from './leads/LeadsPage'
import { OrdersPage } from './orders/OrdersPage'
import { SettingsPage } from './auth/SettingsPage'
import { PagesPage } from './pages/PagesPage'

function routeOf(path: string): {
  flowId: string | null
  leads?: boolean
  orders?: boolean
  bookings?: boolean
  settings?: boolean
  pages?: boolean
} {
  if (/^\/leads\/?$/.test(path)) return { flowId: null, leads: true }
  if (/^\/orders\/?$/.test(path)) return { flowId: null, orders: true }
  if (/^\/bookings\/?$/.test(path)) return { flowId: null, bookings: true }
  if (/^\/settings\/?$/.test(path)) return { flowId: null, settings: true }
  if (/^\/pages\/?$/.test(path)) return { flowId: null, pages: true }
  const m = /^\/flows\/([^/]+)\/?$/.exec(path)
  return { flowId: m ? decodeURIComponent(m[1]!) : null }
}

/** Three screens: `/` lists flows, `/flows/:id` edits one, `/leads` shows the leads. */
export function App() {
  const [route, setRoute] = useState(() => routeOf(location.pathname))
  useEffect(() => {
    const onPop = () => setRoute(routeOf(location.pathname))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  const go = (path: string) => {
    history.pushState(null, '', path)
    setRoute(routeOf(path))
  }
  if (route.settings) return <SettingsPage onBack={() => go('/')} />
  if (route.pages) return <PagesPage onBack={() => go('/')} />
  if (route.leads) return <LeadsPage onBack={() => go('/')} />
  if (route.orders) return <OrdersPage onBack={() => go('/')} />
  if (route.bookings) return <BookingsPage onBack={() => go('/')} />
  return route.flowId ? (
    <EditorScreen key={route.flowId} flowId={route.flowId} onBack={() => go('/')} />
  ) : (
    <FlowsList onOpen={(id) => go(`/flows/${encodeURIComponent(id)}`)} />
  )
}
