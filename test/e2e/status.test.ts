import { readFile, rm, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutShippedKb, runKb } from '../helpers/run-kb.js'
import type { KbStatus } from '../../src/status/kb-status.js'

/** Issue 13: `kb status` tells a content lead what needs work, per locale. */
let root: string
// 2026-11-26: the shipped entries were reviewed days ago; one is set to a review two years old.
const env = { SOURCE_DATE_EPOCH: '1795651200' }

async function edit(relative: string, change: (text: string) => string): Promise<void> {
  const file = path.join(root, relative)
  await writeFile(file, change(await readFile(file, 'utf8')))
}

beforeAll(async () => {
  root = await layOutShippedKb('kb-status-')
  await edit('content/zh-CN/security/reset-2fa.md', (text) => text.replace(/^updated: .*$/m, 'updated: 2026-11-25'))
  await unlink(path.join(root, 'content/en/api/api-key-errors.md'))
  await edit('content/zh-CN/account/close-account.md', (text) => text.replace(/^reviewed: .*$/m, 'reviewed: 2024-11-20').replace(/^status: .*$/m, '$&\nowner: support-content'))
  await edit('content/zh-CN/earn/redeem-locked-assets.md', (text) => text.replace(/^status: .*$/m, 'status: review'))
  await edit('content/en/account/contact-support.md', (text) => text + '\nSee [the help page](https://okx-help.com/support).\n')
})

afterAll(() => rm(root, { recursive: true, force: true }))

describe('kb status', () => {
  it('reports entries by status, missing and outdated translations, reviews due, owners and flagged links as JSON', async () => {
    const run = await runKb(['status', '--root', root, '--format', 'json'], { env })
    expect(run.code, run.stderr).toBe(0)
    const status = JSON.parse(run.stdout) as KbStatus
    expect(status.date).toBe('2026-11-26')
    expect(status.reviewEveryDays).toBe(180)
    const [zh, en] = status.locales
    expect(zh?.locale).toBe('zh-CN')
    expect(zh?.byStatus).toEqual({ published: 11, review: 1, draft: 0, archived: 0 })
    expect(en?.byStatus).toEqual({ published: 5, review: 0, draft: 0, archived: 0 })
    expect(en?.missingTranslations.map((entry) => entry.id)).toContain('api-key-errors')
    expect(en?.missingTranslations.map((entry) => entry.id)).not.toContain('redeem-locked-assets')
    expect(en?.outdatedTranslations).toEqual([{ file: 'content/en/security/reset-2fa.md', id: 'reset-2fa', title: expect.any(String), updated: '2026-11-20', sourceUpdated: '2026-11-25' }])
    expect(zh?.dueForReview).toEqual([{ file: 'content/zh-CN/account/close-account.md', id: 'close-account', title: expect.any(String), lastReviewed: '2024-11-20', days: 736 }])
    expect(status.owners).toEqual([{ owner: 'support-content', entries: 1 }])
    expect(status.withoutOwner.length).toBe(15)
    // The look-alike link, and the four links and related ids that point at the entry now in review.
    expect(status.links.map((link) => `${link.file} ${link.ruleId}`)).toEqual([
      'content/en/account/contact-support.md lookalike-domain',
      'content/zh-CN/account/clear-small-balances.md link-unpublished',
      'content/zh-CN/account/clear-small-balances.md link-unpublished',
      'content/zh-CN/account/close-account.md link-unpublished',
      'content/zh-CN/account/close-account.md link-unpublished'
    ])
    expect(status.problems.errors).toBeGreaterThan(0)
  })

  it('prints the same as text for a terminal and as Markdown for a pull-request comment', async () => {
    const text = await runKb(['status', '--root', root], { env })
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('zh-CN: 11 published, 1 review, 0 draft, 0 archived')
    expect(text.stdout).toContain('  outdated translations (1):\n    content/en/security/reset-2fa.md  updated 2026-11-20, source 2026-11-25')
    expect(text.stdout).toContain('  due for review (1):\n    content/zh-CN/account/close-account.md  last reviewed 2024-11-20 (736 days)')
    expect(text.stdout).toMatch(/Broken or flagged links \(5\):\n {2}content\/en\/account\/contact-support\.md:\d+:\d+ {2}lookalike-domain/)
    const markdown = await runKb(['status', '--root', root, '--format', 'markdown'], { env })
    expect(markdown.stdout).toContain('| zh-CN | 11 | 1 | 0 | 0 | 0 | 0 | 1 |')
    expect(markdown.stdout).toMatch(/\| en \| 5 \| 0 \| 0 \| 0 \| \d+ \| 1 \| 0 \|/)
    expect(markdown.stdout).toContain('<details><summary>en: outdated translations (1)</summary>')
  })

  it('takes the review period from kb.config.yaml, and refuses a format it does not have', async () => {
    const config = path.join(root, 'kb.config.yaml')
    const original = await readFile(config, 'utf8')
    await writeFile(config, `${original}\nreview:\n  everyDays: 3\n`)
    try {
      const status = JSON.parse((await runKb(['status', '--root', root, '--format', 'json'], { env })).stdout) as KbStatus
      expect(status.reviewEveryDays).toBe(3)
      expect(status.locales[0]?.dueForReview.length).toBeGreaterThan(1)
    } finally {
      await writeFile(config, original)
    }
    const wrong = await runKb(['status', '--root', root, '--format', 'github'], { env })
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('expected one of text, json, markdown')
  })
})
