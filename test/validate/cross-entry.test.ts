import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutShippedKb, runKb } from '../helpers/run-kb.js'

/**
 * One mistake, one message: an entry whose frontmatter fails the schema still exists, so the entries that
 * relate to it, link to it or translate it are not told it is missing (issue 13, found in kb dev).
 */
let root: string

beforeAll(async () => {
  root = await layOutShippedKb('kb-cross-')
})

afterAll(() => rm(root, { recursive: true, force: true }))

async function checkWithTypo(relative: string): Promise<{ file: string; ruleId: string }[]> {
  const file = path.join(root, relative)
  const original = await readFile(file, 'utf8')
  await writeFile(file, original.replace('status: published', 'status: publishd'))
  try {
    const run = await runKb(['check', '--root', root, '--format', 'json', '--no-cache'])
    expect(run.code).toBe(1)
    return (JSON.parse(run.stdout) as { diagnostics: { file: string; ruleId: string }[] }).diagnostics.map(({ file, ruleId }) => ({ file, ruleId }))
  } finally {
    await writeFile(file, original)
  }
}

describe('an entry with a schema error', () => {
  it('is not missing for the entries that relate to it or link to it', async () => {
    expect(await checkWithTypo('content/en/account/close-account.md')).toEqual([{ file: 'content/en/account/close-account.md', ruleId: 'schema-enum' }])
  })

  it('is not missing as the source of its translations', async () => {
    // zh-CN is the default locale: content/en/account/close-account.md translates this entry.
    expect(await checkWithTypo('content/zh-CN/account/close-account.md')).toEqual([{ file: 'content/zh-CN/account/close-account.md', ruleId: 'schema-enum' }])
  })
})
