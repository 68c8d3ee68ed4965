// Issue #13: a partial settings update changes only what it names, and every change — whoever
// makes it — is announced as settings.changed, so an open Settings form never shows stale values.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Settings } from '../../shared/domain'
import { SettingsUpdate } from '../../shared/contract/app'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'

describe('settings updates', () => {
  let dir: string
  let core: Core
  const changed: Settings[] = []

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'billops-settings-'))
    core = createCore({ dbPath: join(dir, 'app.sqlite'), logger: silentLogger })
    changed.length = 0
    core.events.on('settings.changed', (settings) => void changed.push(settings))
  })
  afterEach(async () => {
    await core.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('a partial settings.update keeps every setting it does not name', async () => {
    const custom = {
      redaction_rules: [{ app: '*', pattern: '\\S+@\\S+', replacement: '[mail]' }],
      excluded_apps: ['keepass'],
      title_capture: false,
      private_mode: true,
      retention_days: 30,
      server_url: 'https://billops.acme.test',
      meeting_apps: ['zoom'],
      app_aliases: { 'code-oss': 'vscode' },
      idle_threshold_minutes: 7,
    }
    expect(await core.dispatch('settings.update', custom)).toMatchObject({ ok: true })
    const result = await core.dispatch('settings.update', { notifications: false })
    expect(result).toEqual({ ok: true, value: { ...core.settings.get(), notifications: false } })
    expect(core.settings.get()).toMatchObject({ ...custom, notifications: false })
  })

  it('the update schema fills no defaults', () => {
    expect(SettingsUpdate.parse({ notifications: false })).toEqual({ notifications: false })
    expect(SettingsUpdate.parse({})).toEqual({})
  })

  it('announces every change, whoever makes it (handler, private mode, the store itself)', async () => {
    await core.dispatch('settings.update', { retention_days: 10 })
    expect(changed.map((s) => s.retention_days)).toEqual([10])
    await core.dispatch('capture.setPrivateMode', { enabled: true })
    expect(changed.at(-1)).toMatchObject({ private_mode: true })
    core.settings.update({ start_at_login: true })
    expect(changed.at(-1)).toMatchObject({ start_at_login: true, private_mode: true, retention_days: 10 })
    await core.dispatch('sync.setServer', { server_url: 'https://billops.acme.test' })
    expect(changed.at(-1)).toMatchObject({ server_url: 'https://billops.acme.test' })
    expect(changed).toHaveLength(4)
  })

  it('caps every list in the settings', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `app-${i}`)
    expect(Settings.safeParse({ excluded_apps: many }).success).toBe(false)
    expect(Settings.safeParse({ meeting_apps: many }).success).toBe(false)
    expect(Settings.safeParse({ redaction_rules: many.map((app) => ({ app, pattern: 'x' })) }).success).toBe(false)
    expect(Settings.safeParse({ classification_rules: many.map((id) => ({ id })) }).success).toBe(false)
    expect(Settings.safeParse({ app_aliases: Object.fromEntries(many.map((app) => [app, 'x'])) }).success).toBe(false)
    const refused = await core.dispatch('settings.update', { excluded_apps: many })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  // Issue #26 (7): a pattern the linear-time engine cannot take is refused when saved, with a
  // message naming the rule; one stored before it was used does not block other changes.
  it('refuses a new rule pattern the linear-time engine cannot take, naming the rule', async () => {
    const refused = await core.dispatch('settings.update', {
      classification_rules: [{ id: 'dup-word', priority: 0, title_pattern: '(\\w+) \\1' }],
    })
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/rule 'dup-word': title pattern .* not supported/),
      },
    })
    expect(core.settings.get().classification_rules).toEqual([])
    const redaction = await core.dispatch('settings.update', {
      redaction_rules: [{ app: '*', pattern: '(?<=Re: ).*', replacement: '…' }],
    })
    expect(redaction).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/redaction rule for \*/) },
    })
    expect(changed).toHaveLength(0)
  })
})
