import { createInterface } from 'node:readline'

/**
 * A secret for the CLI: typed at a prompt without echo when stdin is a terminal, else the first
 * line of stdin (`echo "$PASSWORD" | charla user create …`). Never an argument: arguments show
 * up in `ps` and shell history.
 */
export async function readSecret(
  prompt: string,
  stdin: NodeJS.ReadStream,
  stderr: NodeJS.WriteStream,
): Promise<string> {
  if (!stdin.isTTY) {
    let text = ''
    for await (const chunk of stdin) {
      text += String(chunk)
      if (text.includes('\n')) break
    }
    return text.split(/\r?\n/)[0] ?? ''
  }
  stderr.write(prompt)
  const rl = createInterface({ input: stdin, terminal: true })
  // Hide what is typed: the interface writes nothing back while muted.
  ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {}
  try {
    return await new Promise<string>((resolve) => rl.once('line', resolve))
  } finally {
    rl.close()
    stderr.write('\n')
  }
}
