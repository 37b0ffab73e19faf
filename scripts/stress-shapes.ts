/**
 * Pathological entry shapes: inputs that make a naive Markdown pipeline quadratic, exponential or
 * recursive. Each builds a complete entry of about `bytes` bytes (never more than kb's 2 MiB limit), valid
 * frontmatter included, so what is measured is the body. Headings are zh-CN: the entry is the source locale's. Used by `scripts/stress.ts` (time and memory at
 * 100 KB and 2 MB) and by the hardening tests (the same shapes, smaller, must check and build).
 */
export interface StressShape {
  name: string
  /** What the shape is and which stage it used to break. */
  about: string
  entry: (bytes: number) => string
}

const frontmatter = (extra = '') => `---
id: stress
type: troubleshooting
title: 压力测试条目
summary: 生成的条目，形状极端，用来测量时间和内存占用情况。
category: account
status: published
updated: 2026-11-21
${extra}---
`

const sections = (symptoms: string, steps = '1. Try again.\n') => `
## 症状

${symptoms}

## 原因

### 一个原因

Its fix.

## 解决步骤

${steps}`

/** Repeats `unit` until the result is about `bytes` long. */
function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(unit))))
}

/** Room left for the body once the frontmatter and sections are written. */
const room = (bytes: number) => Math.max(100, bytes - 600)

export const stressShapes: StressShape[] = [
  {
    name: 'cpp-shift-operators',
    about: 'a C++ code block full of `<<` and no `>`: the output scan stripped tags with a backtracking regex',
    entry: (bytes) => frontmatter() + sections('- It fails.', '1. Build it:\n\n   ```cpp\n' + fill('   std::cout << value << " " << other << std::endl;\n', room(bytes)) + '   ```\n')
  },
  {
    name: 'less-than-prose',
    about: 'prose with many `<` and few `>` (comparisons, arrows)',
    entry: (bytes) => frontmatter() + sections(fill('a < b and c <- d, ', room(bytes)))
  },
  {
    name: 'open-brackets',
    about: 'one long run of `[`: link-label matching in the parser',
    entry: (bytes) => frontmatter() + sections('- ' + fill('[', room(bytes)))
  },
  {
    name: 'nested-links',
    about: 'links nested inside link text `[[[x](y)](y)](y)`',
    entry: (bytes) => {
      const depth = Math.floor(room(bytes) / 5)
      return frontmatter() + sections('- ' + '['.repeat(depth) + 'x' + '](y)'.repeat(depth))
    }
  },
  {
    name: 'unclosed-link-destinations',
    about: 'many `[x](` without a closing parenthesis',
    entry: (bytes) => frontmatter() + sections('- ' + fill('[x](', room(bytes)))
  },
  {
    name: 'image-openers',
    about: 'many `![` image openers',
    entry: (bytes) => frontmatter() + sections('- ' + fill('![a ', room(bytes)))
  },
  {
    name: 'emphasis-delimiters',
    about: 'unmatched `*` and `_` delimiter runs: the delimiter stack',
    entry: (bytes) => frontmatter() + sections('- ' + fill('*a _b **c __d ', room(bytes)))
  },
  {
    name: 'backtick-runs',
    about: 'code spans opened with growing backtick runs that never close',
    entry: (bytes) => {
      let text = ''
      for (let run = 1; text.length < room(bytes); run = (run % 200) + 1) text += '`'.repeat(run) + 'a '
      return frontmatter() + sections('- ' + text)
    }
  },
  {
    name: 'one-long-line',
    about: 'a single 2 MB paragraph line with a URL at its end: code frames under a diagnostic',
    entry: (bytes) => frontmatter() + sections(fill('word ', room(bytes) - 40) + 'http://insecure.example.org/x')
  },
  {
    name: 'minified-json',
    about: 'a code block with one line of minified JSON holding links: the output scan and its code frames',
    entry: (bytes) => frontmatter() + sections('```json\n[' + fill('{"key":"value","n":1,"u":"http://api.example.org/v1?x=1"},', room(bytes)) + '{}]\n```')
  },
  {
    name: 'deep-blockquotes',
    about: '`>` nested thousands deep: recursion in mdast and hast utilities',
    entry: (bytes) => frontmatter() + sections(fill('> ', room(bytes)) + 'x')
  },
  {
    name: 'deep-lists',
    about: 'list items nested thousands deep',
    entry: (bytes) => frontmatter() + sections(fill('- ', room(bytes)) + 'x')
  },
  {
    name: 'deep-emphasis',
    about: 'emphasis inside emphasis, thousands deep',
    entry: (bytes) => {
      const depth = Math.floor(room(bytes) / 4)
      return frontmatter() + sections('- ' + '*_'.repeat(depth) + 'x' + '_*'.repeat(depth))
    }
  },
  {
    name: 'many-urls',
    about: 'bare URLs, domains and e-mail addresses side by side: overlap checks between text matches',
    entry: (bytes) => frontmatter() + sections(fill('see www.example.org/a or mail a@example.org and b@other.example.net, ', room(bytes)))
  },
  {
    name: 'many-flagged-links',
    about: 'thousands of links that the safety rules flag, written so the URL differs from the source',
    entry: (bytes) => frontmatter() + sections(fill('[x](http://a\\_b.example.org) ', room(bytes)))
  },
  {
    name: 'messenger-whitespace',
    about: 'a messenger name followed by a long run of spaces in code: backtracking in the contact patterns',
    entry: (bytes) => frontmatter() + sections('```\n' + fill('tg' + ' '.repeat(2000) + 'x\n', room(bytes)) + '```')
  },
  {
    name: 'dotted-labels',
    about: 'a run of `a.a.a.a…` with no top-level domain: backtracking in the bare-domain pattern',
    entry: (bytes) => frontmatter() + sections('- ' + fill('a.', room(bytes)) + '_')
  },
  {
    name: 'wide-table',
    about: 'a table with many columns and rows',
    entry: (bytes) => {
      const columns = 200
      const row = '|' + ' a |'.repeat(columns) + '\n'
      return frontmatter() + sections('|' + ' h |'.repeat(columns) + '\n|' + ' - |'.repeat(columns) + '\n' + fill(row, room(bytes) - row.length * 2))
    }
  },
  {
    name: 'html-openers',
    about: 'raw HTML openers `<div` and `<a href=` that never close',
    entry: (bytes) => frontmatter() + sections(fill('<div <a href="x ', room(bytes)))
  },
  {
    name: 'duplicate-headings',
    about: 'thousands of headings with the same text: anchor slugs must stay unique and linear',
    entry: (bytes) => frontmatter() + sections('- It fails.') + '\n## 常见问题\n\n' + fill('### Why?\n\nBecause.\n\n', room(bytes))
  },
  {
    name: 'deep-yaml',
    about: 'frontmatter with a flow sequence nested thousands deep',
    entry: (bytes) => {
      const depth = Math.floor(room(bytes) / 2)
      return frontmatter(`keywords: ${'['.repeat(depth)}${']'.repeat(depth)}\n`) + sections('- It fails.')
    }
  },
  {
    name: 'many-tags',
    about: 'frontmatter with tens of thousands of tags',
    entry: (bytes) => frontmatter(`tags:\n${fill('  - tag\n', room(bytes))}`) + sections('- It fails.')
  }
]

/** The largest entry kb reads (load/read-entry-file.ts): shapes at "2 MB" stay under it. */
export const largestEntryBytes = 2 * 1024 * 1024 - 1
