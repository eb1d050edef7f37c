import type { GraphErrorClass } from '@charla/messenger'

/** A Graph API failure in words a marketer can act on (Meta's own text last, for support). */
export function plainGraphError(error: GraphErrorClass): string {
  if (error.transport === 'timeout' || error.transport === 'network')
    return `Meta could not be reached (${error.transport === 'timeout' ? 'no answer in time' : 'network error'}). Check this server's internet connection and try again.`
  if (error.kind === 'token' || error.code === 190)
    return 'Meta refused the Page access token: it is wrong, expired or was revoked. Generate a new Page access token in Meta’s app dashboard (Messenger › Settings) and paste it here.'
  if (error.code === 100 && /appsecret_proof/i.test(error.message))
    return 'The app secret does not belong to the app this token was made for. Copy the App Secret from Meta’s app dashboard (App settings › Basic) again.'
  if (error.code === 613 || error.code === 4 || error.code === 32)
    return 'Meta’s rate limit was reached. Wait a few minutes and try again.'
  if (error.code === 10 || error.code === 200 || error.code === 230)
    return `The token lacks a permission this needs (pages_messaging, pages_manage_metadata). Meta said: ${error.message}`
  return `Meta answered with an error${error.code !== undefined ? ` (code ${error.code})` : ''}: ${error.message}`
}
