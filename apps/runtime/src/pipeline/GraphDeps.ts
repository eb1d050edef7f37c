import type { GraphClient } from '@charla/messenger'
import type { Page } from '@charla/storage'

export interface GraphDeps {
  /**
   * The Graph API a Page is reached through: Meta's for connected Pages, the built-in emulator
   * for the demo and the editor's simulator Pages, so both run in one runtime.
   */
  graphFor(page: Page): GraphClient
}
