import { readServerConfig } from '../readServerConfig'
import type { CliIo } from './CliIo'
import { EXIT } from './exitCodes'
import { openAuth } from './openAuth'

export const USER_USAGE = `Usage: charla user create --email <email>

Creates an admin who can log in to the editor. The password is read from the terminal
(typed twice, not shown) or, when stdin is not a terminal, from its first line:
  echo "$ADMIN_PASSWORD" | pnpm charla user create --email ana@example.com
It needs at least 10 characters. The database is the runtime's (CHARLA_DATA_DIR, DATABASE_URL).
`

export const TOKEN_USAGE = `Usage: charla token create --name <name>
       charla token list
       charla token revoke <id>

API tokens let programs (CI, scripts) call the admin API with
  Authorization: Bearer charla_…
A token is printed once, on stdout, when it is created; Charla keeps only its hash.
`

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}

async function withAuth<T>(
  io: CliIo,
  command: string,
  fn: (auth: Awaited<ReturnType<typeof openAuth>>['auth']) => Promise<T>,
): Promise<T | number> {
  let config
  try {
    config = readServerConfig(io.env)
  } catch (err) {
    io.stderr(`${command}: ${err instanceof Error ? err.message : String(err)}\n`)
    return EXIT.badInput
  }
  const { auth, close } = await openAuth(config)
  try {
    return await fn(auth)
  } finally {
    await close()
  }
}

/** `charla user create --email <email>`: an admin account (the first one, or another). */
export async function userCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  const email = option(rest, '--email')
  if (sub !== 'create' || !email) {
    io.stderr(USER_USAGE)
    return EXIT.badInput
  }
  if (!io.readSecret) {
    io.stderr('charla user create: cannot read a password here\n')
    return EXIT.badInput
  }
  const password = await io.readSecret('Password: ')
  if (io.interactive) {
    const again = await io.readSecret('Password again: ')
    if (again !== password) {
      io.stderr('charla user create: the passwords differ; nothing was created\n')
      return EXIT.badInput
    }
  }
  const result = await withAuth(io, 'charla user create', async (auth) => {
    try {
      const user = await auth.createUser(email, password)
      io.stdout(`Created the admin ${user.email}. Log in at the editor's address.\n`)
      return EXIT.ok
    } catch (err) {
      io.stderr(`charla user create: ${err instanceof Error ? err.message : String(err)}\n`)
      return EXIT.badInput
    }
  })
  return result
}

/** `charla token create|list|revoke`: API tokens for programs. */
export async function tokenCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'create') {
    const name = option(rest, '--name')
    if (!name) {
      io.stderr(TOKEN_USAGE)
      return EXIT.badInput
    }
    return withAuth(io, 'charla token create', async (auth) => {
      const { token, info } = await auth.createApiToken(name)
      // The token alone on stdout, so `TOKEN=$(charla token create --name CI)` works.
      io.stdout(`${token}\n`)
      io.stderr(`Created API token ${info.id} ("${info.name}"). It is shown only this once.\n`)
      return EXIT.ok
    })
  }
  if (sub === 'list')
    return withAuth(io, 'charla token list', async (auth) => {
      for (const t of await auth.listApiTokens())
        io.stdout(
          `${t.id}  ${t.prefix}…  ${t.name}  created ${new Date(t.createdAt).toISOString()}${t.revokedAt ? '  revoked' : ''}\n`,
        )
      return EXIT.ok
    })
  if (sub === 'revoke' && rest[0]) {
    const id = rest[0]
    return withAuth(io, 'charla token revoke', async (auth) => {
      if (await auth.revokeApiToken(id)) {
        io.stdout(`Revoked ${id}.\n`)
        return EXIT.ok
      }
      io.stderr(`charla token revoke: no active token ${id}\n`)
      return EXIT.badInput
    })
  }
  io.stderr(TOKEN_USAGE)
  return EXIT.badInput
}
