import type { Migration } from 'kysely'
import * as m001 from './001_initial'
import * as m002 from './002_page_kind'
import * as m005 from './005_orders'
import * as m003 from './003_leads'
import * as m004 from './004_bookings'
import * as m006 from './006_auth'
import * as m007 from './007_pages_security'
import * as m008 from './008_order_provider_tasks'
import * as m009 from './009_analytics_steps'

/**
 * Every SQLite migration, listed by hand rather than read from the folder, so the runtime still
 * finds them when bundled. Names sort in the order they run.
 */
export const sqliteMigrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_page_kind': m002,
  '005_orders': m005,
  '003_leads': m003,
  '004_bookings': m004,
  '006_auth': m006,
  '007_pages_security': m007,
  '008_order_provider_tasks': m008,
  '009_analytics_steps': m009,
}
