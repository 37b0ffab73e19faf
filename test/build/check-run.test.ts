import * as fs from 'node:fs'
import { appendFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { checkWithRecord } from '../../src/build/check-run.js'
import { toDiagnostics } from '../../src/diagnostics/report.js'
import { layOutShippedKb } from '../helpers/run-kb.js'

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>()
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) }
})

let root: string

beforeAll(async () => {
  root = await layOutShippedKb('kb-check-run-')
})

afterAll(() => rm(root, { recursive: true, force: true }))

/** The entry files a check read, KB-relative. */
async function check() {
  vi.mocked(fs.readFileSync).mockClear()
  const outcome = await checkWithRecord(root, { cache: true, env: {} })
  if (outcome.kind !== 'checked') throw new Error('the shipped config did not load')
  const read = vi.mocked(fs.readFileSync).mock.calls.map(([file]) => String(file)).filter((file) => file.endsWith('.md')).map((file) => path.relative(root, file).split(path.sep).join('/'))
  return { read, problems: toDiagnostics(outcome.files).map((problem) => `${problem.file} ${problem.ruleId}`) }
}

it('reads only the entries changed since the last check, and reports what changed', async () => {
  const first = await check()
  expect(first.read.length).toBe(18)
  expect(first.problems).toEqual([])
  // Nothing changed: each entry is taken from the cache by the hash its unchanged stamp had.
  expect(await check()).toEqual({ read: [], problems: [] })

  await appendFile(path.join(root, 'content/en/account/close-account.md'), '\nSee <http://www.okx.com/help> too.\n')
  const edited = await check()
  expect(new Set(edited.read)).toEqual(new Set(['content/en/account/close-account.md']))
  expect(edited.problems).toEqual(['content/en/account/close-account.md insecure-url'])
})
