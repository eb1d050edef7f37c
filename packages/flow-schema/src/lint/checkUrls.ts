import type { LintContext } from './LintContext'
import type { LintProblem } from './LintProblem'
import { nodeProblem } from './nodeProblem'

/**
 * `url_not_https`: Messenger only opens and fetches https addresses for buttons, cards,
 * attachments and quick-reply images; the Send API rejects the whole message otherwise.
 * An address that starts with a template is filled in at run time and cannot be checked.
 */
export function checkUrls({ graph, facts }: LintContext): LintProblem[] {
  return graph.nodes.flatMap((node, i) =>
    (facts[i]?.secureUrls ?? []).flatMap(({ path, text }) =>
      /^(https:\/\/|\{\{)/i.test(text)
        ? []
        : [
            nodeProblem(
              'error',
              'url_not_https',
              node,
              i,
              path,
              `Messenger only accepts secure addresses, starting with "https://", and "${text}" is not one. Use the https address of the page or file.`,
            ),
          ],
    ),
  )
}
