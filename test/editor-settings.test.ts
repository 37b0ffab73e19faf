import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { frontmatterSchemaPath, frontmatterSnippetsPath, renderFrontmatterSchema, renderFrontmatterSnippets } from '../scripts/frontmatter-schema.js'
import { checkEntryHere } from '../src/build/process-entry.js'
import { exampleContext } from './helpers/example-context.js'
import { repoRoot } from './helpers/run-kb.js'

/**
 * Issue 13: the schemas serve the editor's editor. The frontmatter schema is generated from the entry
 * schema, and .remarkrc.mjs (which VS Code's remark extension runs as you type) checks entries with it.
 */
const settings = (await import(path.join(repoRoot, '.remarkrc.mjs'))) as { default: { plugins: unknown[] } }

async function lint(relative: string, text: string): Promise<{ line: number | undefined; column: number | undefined; reason: string }[]> {
  const processor = unified().use(remarkParse)
  for (const plugin of settings.default.plugins) processor.use(...((Array.isArray(plugin) ? plugin : [plugin]) as [never]))
  const file = new VFile({ path: relative, cwd: repoRoot, value: text })
  await processor.run(processor.parse(file), file)
  return file.messages.map((message) => ({ line: message.line ?? undefined, column: message.column ?? undefined, reason: message.reason }))
}

describe('editor settings', () => {
  it('schemas/frontmatter.schema.json is made from schemas/entry.schema.json as it is now (run `npm run generate:types`)', async () => {
    expect(await readFile(frontmatterSchemaPath, 'utf8')).toBe(await renderFrontmatterSchema())
  })

  it('finds nothing to say about the shipped entries', async () => {
    const files = (await readdir(path.join(repoRoot, 'content'), { recursive: true })).filter((name) => name.endsWith('.md'))
    expect(files.length).toBeGreaterThan(10)
    for (const name of files) {
      const relative = `content/${name.split(path.sep).join('/')}`
      expect(await lint(relative, await readFile(path.join(repoRoot, relative), 'utf8')), relative).toEqual([])
    }
  })

  it('marks a wrong status, a bad id, a date that does not exist and an unknown key at their lines, as kb check does', async () => {
    const text = ['---', 'id: Close_Account', 'type: troubleshooting', 'title: 注销账户失败', 'summary: 提交注销后被拒绝时，逐项检查。', 'category: account', 'status: publishd', 'updated: 2026-11-31', 'colour: red', '---', '', '正文。', ''].join('\n')
    const found = await lint('content/zh-CN/account/close-account.md', text)
    const lines = found.map((message) => message.line)
    expect(lines).toEqual(expect.arrayContaining([2, 7, 8]))
    expect(found.some((message) => /additional properties/i.test(message.reason))).toBe(true)
    // Files outside content/ are none of its business.
    expect(await lint('README.md', text)).toEqual([])
  })

  it('completes frontmatter in VS Code with snippets made from the same schema: every key, its listed values, and a whole frontmatter that passes kb check once filled in', async () => {
    const text = await readFile(frontmatterSnippetsPath, 'utf8')
    expect(text).toBe(await renderFrontmatterSnippets())
    const snippets = JSON.parse(text.replace(/^\/\/.*\n/, '')) as Record<string, { scope: string; prefix: string; body: string[] }>
    const schema = JSON.parse(await readFile(frontmatterSchemaPath, 'utf8')) as { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> }
    for (const [key, property] of Object.entries(schema.properties)) {
      const snippet = snippets[`kb ${key}`]
      expect(snippet?.prefix, key).toBe(key)
      expect(snippet?.scope).toBe('markdown')
      const choices = property.enum ?? property.items?.enum
      if (choices) expect(snippet?.body.join('\n'), key).toContain(`|${choices.join(',')}|`)
    }
    // The whole frontmatter, as VS Code fills it in: the first value of each choice, today's date, the placeholders typed over.
    const filled = (snippets['kb entry frontmatter']?.body ?? [])
      .join('\n')
      .replace(/type: \$\{\d+\|[^}]*\}/, 'type: howto')
      .replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1')
      .replace('${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}', '2026-11-26')
      .replace('${1:id}', 'sample')
      .replace(/\$\{\d+:title\}/, '注销账户失败')
      .replace(/\$\{\d+:summary\}/, '提交注销后被拒绝时，按本文逐项检查。')
      .replace(/\$\{\d+:category\}/, 'account')
      .replace('$0', '## 操作步骤\n\n1. 打开设置。\n')
    expect(filled).not.toMatch(/\$\{?\d/)
    const entry = checkEntryHere('content/zh-CN/account/sample.md', Buffer.from(filled), exampleContext, false)
    expect(entry.file.messages.map((message) => `${message.ruleId}: ${message.reason}`)).toEqual([])
  })
})
