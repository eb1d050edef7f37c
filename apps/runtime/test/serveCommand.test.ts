import { describe, expect, it } from 'vitest'
import { runCharla } from './runCharla'

describe('charla serve', () => {
  it('asks for the flow when --flow is missing, and exits 2', async () => {
    const run = await runCharla(['serve'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('charla serve --flow <file.json>')
  })

  it('refuses a flow that is not publishable, showing why, and exits 1 without starting', async () => {
    const run = await runCharla(['serve', '--flow', 'four-buttons.json'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('a message can have at most 3 buttons')
    expect(run.stdout).not.toContain('listening')
  })
})
