import { appendFile, cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { loadConfig } from '../../src/config/load-config.js'
import type * as LoadConfigModule from '../../src/config/load-config.js'
import { configMemoName, loadConfigRemembered } from '../../src/build/config-memo.js'
import { toPortableMessages } from '../../src/build/entry-artifact.js'
import { repoRoot } from '../helpers/run-kb.js'

vi.mock('../../src/config/load-config.js', async (importOriginal) => {
  const actual = await importOriginal<typeof LoadConfigModule>()
  return { ...actual, loadConfig: vi.fn(actual.loadConfig) }
})

let root: string
const memo = () => path.join(root, '.kb-cache', configMemoName)

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kb-config-memo-'))
  await cp(path.join(repoRoot, 'kb.config.yaml'), path.join(root, 'kb.config.yaml'))
  // A severity override is reported as a warning: remembered with its place.
  await appendFile(path.join(root, 'kb.config.yaml'), '\nrules:\n  insecure-url: warning\n')
  await mkdir(path.join(root, '.kb-cache'))
  vi.mocked(loadConfig).mockClear()
})

afterEach(() => rm(root, { recursive: true, force: true }))

const shown = async () => {
  const loaded = await loadConfigRemembered(root)
  return { config: loaded.config, lang: loaded.lang, text: loaded.file.value, messages: toPortableMessages(loaded.file.messages) }
}

it('reads an unchanged config file from its record, with the same config and warnings, without parsing it', async () => {
  const first = await shown()
  expect(first.config?.locales).toEqual(['zh-CN', 'en'])
  expect(first.messages.map((message) => [message.ruleId, message.place]).flat()).toEqual(['config-override', expect.objectContaining({ start: expect.objectContaining({ line: expect.any(Number) }) })])
  expect(await shown()).toEqual(first)
  expect(await shown()).toEqual(first)
  expect(loadConfig).toHaveBeenCalledTimes(1)

  // Edited: read again, and remembered as it is now.
  await writeFile(path.join(root, 'kb.config.yaml'), (await readFile(path.join(root, 'kb.config.yaml'), 'utf8')).replace('insecure-url: warning', 'insecure-url: off'))
  const edited = await shown()
  expect(edited.config?.rules).toEqual({ 'insecure-url': 'off' })
  expect(await shown()).toEqual(edited)
  expect(loadConfig).toHaveBeenCalledTimes(2)
})

it('never trusts a damaged record, and never remembers a config with errors', async () => {
  const first = await shown()
  await truncate(memo(), 40)
  expect(await shown()).toEqual(first)
  await writeFile(memo(), 'not a record')
  expect(await shown()).toEqual(first)
  expect(loadConfig).toHaveBeenCalledTimes(3)

  await writeFile(path.join(root, 'kb.config.yaml'), 'defaultLocale: fr\n')
  for (let run = 0; run < 2; run++) expect((await shown()).config).toBeUndefined()
  expect(loadConfig).toHaveBeenCalledTimes(5)
})

it('loads the config as usual where the cache folder cannot hold the record', async () => {
  await rm(path.join(root, '.kb-cache'), { recursive: true })
  // No cache folder yet: none is made here (the artifact cache makes it, with its .gitignore).
  expect((await shown()).config?.locales).toEqual(['zh-CN', 'en'])
  expect(existsSync(path.join(root, '.kb-cache'))).toBe(false)
  // A file where the folder should be.
  await writeFile(path.join(root, '.kb-cache'), 'not a folder')
  expect((await shown()).config?.locales).toEqual(['zh-CN', 'en'])
  expect(loadConfig).toHaveBeenCalledTimes(2)
})
