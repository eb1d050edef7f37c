export const USAGE = `Usage: charla <command> [options]

Commands:
  flow validate <file.json...>   Check flow files against the flow format, then lint them
  flow lint <file.json...>       Same as flow validate
  serve --flow <file.json>       Run the runtime for one Page with this flow published
                                 (the Page comes from CHARLA_PAGE_ID, CHARLA_PAGE_ACCESS_TOKEN,
                                 CHARLA_APP_SECRET and CHARLA_VERIFY_TOKEN; without them, the
                                 demo Page on the built-in Messenger emulator)
  serve --bundle <bundle.json>   Run a Page bundle headless (secrets from the same variables)
  flow export --bundle <out.json> [--page <id>]
                                 Write a Page's live flows and Messenger profile (no secrets)
  keys rotate                    Re-encrypt every Page and CRM signing secret with a new key
  user create --email <email>    Create an admin (password from the terminal or stdin)
  token create --name <name>     Create an API token for programs (printed once)
  token list | revoke <id>       List or revoke API tokens

Options:
  -h, --help   Show help

Run "charla flow --help" for the flow commands.
`

export const FLOW_USAGE = `Usage: charla flow validate [--json] <file.json...>
       charla flow lint [--json] <file.json...>

Checks each flow file against the Charla flow format (v1), then runs the linter.
A flow is publishable when it has no errors; warnings are allowed.

Options:
  --json       Print the results as JSON
  -h, --help   Show this help

Exit codes:
  0  every file is publishable
  1  at least one file is not publishable
  2  a file cannot be read or is not JSON, or the command was used wrongly
`
