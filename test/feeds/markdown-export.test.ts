import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { layOutFixture, runKb } from '../helpers/run-kb.js'
import { markdownExport } from '../../src/compile/markdown-export.js'
import { parseMarkdown } from '../../src/parse/markdown.js'

const exportOf = (source: string, withSource = true) => markdownExport('T', 'S', parseMarkdown(source).children, withSource ? source : undefined)

describe('the Markdown exports (llms.txt links)', () => {
  it('hold what the sanitized HTML page holds: no raw HTML, no script or data links, the text kept', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    try {
      // With insecure-url turned down, the check lets a javascript: link through: the outputs must still drop it.
      await writeFile(path.join(root, 'kb.config.yaml'), (await readFile(path.join(root, 'kb.config.yaml'), 'utf8')) + 'rules:\n  insecure-url: warning\n  image-external: warning\n')
      const file = path.join(root, 'content/en/account/close-account.md')
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(
          '- The request is refused with `There are unfinished transactions`.',
          '- The request is refused <script>alert(1)</script> with <img src="x" onerror="alert(2)"> [a script link](javascript:alert(3)) and [a tab link](<java\tscript:alert(6)>) and ![a data image](data:image/png;base64,AAAA) and [the help page](https://example.com/help).\n\n<!-- an editor note -->\n<div onclick="alert(5)">raw block</div>'
        )
      )
      const run = await runKb(['build', '--root', root])
      expect(run.code, run.stdout + run.stderr).toBe(0)
      const exported = await readFile(path.join(root, 'dist/en/account/close-account.md'), 'utf8')
      const page = await readFile(path.join(root, 'dist/en/account/close-account.html'), 'utf8')
      for (const dropped of ['<script', 'alert(2)', 'alert(3)', 'alert(5)', 'alert(6)', 'raw block', 'onerror', 'javascript:', 'data:image', 'an editor note', '<div']) {
        expect(exported, dropped).not.toContain(dropped)
        // The page has scripts of its own: only the content's are checked there.
        if (dropped !== '<script' && dropped !== '<div') expect(page, dropped).not.toContain(dropped)
      }
      expect(exported).toContain('a script link')
      expect(exported).toContain('a tab link')
      expect(exported).toContain('a data image')
      expect(exported).toContain('[the help page](https://example.com/help)')
      expect(exported.split('\n').slice(0, 3)).toEqual(['# Account closure fails', '', '> When closing your account is refused, check balances, open orders and the cool-down.'])
      expect(exported).toContain('## Symptoms')
    } finally {
      await cleanup()
    }
  })

  it('are the editor’s own Markdown when nothing in the body is dropped, and the tree written back otherwise', () => {
    const body = '## Steps\n\n1. [c]reate an _archive_:\n\n   ```sh\n   tar cf x.tar dir\n   ```\n'
    const source = `---\nid: x\n---\n\n${body}`
    // As written: the brackets unescaped, the underscores kept, the frontmatter left out.
    expect(exportOf(source)).toBe(`# T\n\n> S\n\n${body.trim()}\n`)
    // Without the source (a link rewritten to a page), the tree is written back: the same Markdown, normalized.
    expect(exportOf(source, false)).toContain('1. \\[c]reate an *archive*:')
    // Something the HTML drops: the whole body is written back from the tree, without it.
    for (const dropped of ['<!-- note -->', '[run](javascript:alert(1))', '![x](data:image/png;base64,AAAA)', '<b>bold</b>']) {
      const exported = exportOf(`${source}\n${dropped}\n`)
      expect(exported, dropped).not.toContain(dropped)
      expect(exported, dropped).toContain('\\[c]reate')
    }
  })
})
