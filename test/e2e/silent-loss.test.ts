/**
 * Issue 9, class 6 "Silent loss": nothing an editor wrote may be skipped or overwritten without a word.
 * Paths under content/ that kb cannot follow are reported, every tag gets a page of its own, and every id
 * on an entry page is unique, so each anchor leads to the heading it names.
 */
import { spawn } from 'node:child_process'
import { chmod, copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutFixture, repoRoot, runKb, type KbRun } from '../helpers/run-kb.js'
import { tagSlugs } from '../../src/compile/site/paths.js'
import type { ApiEntry } from '../../src/types/api-entry.js'
import type { ApiTags } from '../../src/types/api-tags.js'
import type { Diagnostic } from '../../src/diagnostics/report.js'

const isRoot = process.getuid?.() === 0
/** The unprivileged account the CLI runs as when the tests run as root, for whom chmod 000 is real. */
const nobody = { uid: 65534, gid: 65534 }

/**
 * Runs the CLI like runKb, but as `nobody` when the tests run as root: root reads any folder whatever its
 * mode, so only an unprivileged process sees what an editor's `chmod 000` does.
 */
function runKbUnprivileged(args: string[], env: NodeJS.ProcessEnv = {}): Promise<KbRun> {
  if (!isRoot) return runKb(args, { env })
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kb.js'), ...args], {
      cwd: os.tmpdir(),
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...nobody
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/**
 * `nobody` must reach the CLI: a clone inside a private folder (`mktemp -d` makes 0700 ones) is out of its
 * reach. Folders on the way to `target` get the search bit for others until the returned function restores them.
 */
async function letOthersReach(target: string): Promise<() => Promise<void>> {
  const changed: { folder: string; mode: number }[] = []
  for (let folder = path.resolve(target); ; folder = path.dirname(folder)) {
    const mode = (await stat(folder)).mode & 0o7777
    if ((mode & 0o001) === 0) {
      await chmod(folder, mode | 0o001)
      changed.push({ folder, mode })
    }
    if (path.dirname(folder) === folder) break
  }
  return async () => {
    for (const { folder, mode } of changed) await chmod(folder, mode)
  }
}

function mkfifo(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mkfifo', [file], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo exited with ${code}`))))
  })
}

interface Report {
  diagnostics: Diagnostic[]
  summary: { files: number; errors: number; warnings: number }
}

describe('discovery reports every path under content/ it cannot follow', () => {
  let restoreModes: (() => Promise<void>) | undefined
  let root: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ root, cleanup } = await layOutFixture('silent-loss-discovery'))
    const content = path.join(root, 'content/en')
    // A dangling link to an entry, and one that may have been a folder of entries.
    await symlink('missing.md', path.join(content, 'account/gone.md'))
    await symlink('nowhere', path.join(content, 'gone-folder'))
    // A folder link to its own parent, and two links that point at each other.
    await symlink('..', path.join(content, 'account/up'))
    await symlink('pong.md', path.join(content, 'account/ping.md'))
    await symlink('ping.md', path.join(content, 'account/pong.md'))
    // A second way into a folder that is read anyway.
    await symlink('account', path.join(content, 'mirror'))
    // Something named like an entry that is not a file.
    await mkfifo(path.join(content, 'account/pipe.md'))
    // A folder nobody may list.
    await mkdir(path.join(content, 'locked/account'), { recursive: true })
    await chmod(path.join(content, 'locked'), 0o000)
    if (isRoot) {
      await chmod(root, 0o755)
      restoreModes = await letOthersReach(repoRoot)
    }
  })
  afterAll(async () => {
    await chmod(path.join(root, 'content/en/locked'), 0o755)
    await restoreModes?.()
    await cleanup()
  })

  const expected: Omit<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>[] = [
    {
      file: 'content/en/account/gone.md',
      ruleId: 'file-symlink-broken',
      severity: 'error',
      message: 'Unexpected symbolic link `content/en/account/gone.md` to `missing.md`, which does not exist, expected a link to an existing file or folder'
    },
    {
      file: 'content/en/account/ping.md',
      ruleId: 'file-symlink-loop',
      severity: 'warning',
      message: 'Unexpected symbolic link `content/en/account/ping.md` to `pong.md`, which loops without reaching a file or folder, expected a link that ends at a file or folder'
    },
    {
      file: 'content/en/account/pipe.md',
      ruleId: 'file-not-regular',
      severity: 'error',
      message: 'Unexpected named pipe at `content/en/account/pipe.md`, expected a regular Markdown file'
    },
    {
      file: 'content/en/account/pong.md',
      ruleId: 'file-symlink-loop',
      severity: 'warning',
      message: 'Unexpected symbolic link `content/en/account/pong.md` to `ping.md`, which loops without reaching a file or folder, expected a link that ends at a file or folder'
    },
    {
      file: 'content/en/account/up',
      ruleId: 'file-symlink-loop',
      severity: 'warning',
      message: 'Unexpected symbolic link `content/en/account/up` to `content/en`, a folder that contains the link, expected a link that does not lead back into itself'
    },
    {
      file: 'content/en/gone-folder',
      ruleId: 'file-symlink-broken',
      severity: 'error',
      message: 'Unexpected symbolic link `content/en/gone-folder` to `nowhere`, which does not exist, expected a link to an existing file or folder'
    },
    {
      file: 'content/en/locked',
      ruleId: 'directory-unreadable',
      severity: 'error',
      message: 'Unexpected folder `content/en/locked` that cannot be read (permission denied), expected a folder kb can list'
    },
    {
      file: 'content/en/mirror',
      ruleId: 'file-symlink-duplicate',
      severity: 'warning',
      message: 'Unexpected symbolic link `content/en/mirror` to `content/en/account`, a folder that is read already, expected each folder reached once: its entries are checked at `content/en/account`'
    }
  ]

  it.each(['1', '2'])('names each one at line 1, column 1 (KB_WORKERS=%s), and reads each entry once, at its own path', async (workers) => {
    const run = await runKbUnprivileged(['check', '--root', root, '--format', 'json'], { KB_WORKERS: workers })
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
    const report = JSON.parse(run.stdout) as Report
    expect(report.diagnostics).toEqual(expected.map((item) => ({ ...item, line: 1, column: 1, endLine: 1, endColumn: 1 })))
    // Two entries (each once: not again through `mirror` or `up`) and one file per reported path.
    expect(report.summary).toEqual({ files: 2 + expected.length, errors: 4, warnings: 4 })
    expect(run.code).toBe(1)
  })

  it('reports a content/ folder that is itself a dangling link, and stays quiet when there is no content/ at all', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-silent-loss-'))
    try {
      await mkdir(path.join(scratch, 'empty'))
      await mkdir(path.join(scratch, 'dangling'))
      for (const name of ['empty', 'dangling']) await copyFile(path.join(root, 'kb.config.yaml'), path.join(scratch, name, 'kb.config.yaml'))
      await symlink('elsewhere', path.join(scratch, 'dangling/content'))
      const empty = JSON.parse((await runKb(['check', '--root', path.join(scratch, 'empty'), '--format', 'json'])).stdout) as Report
      expect(empty.diagnostics).toEqual([])
      const dangling = JSON.parse((await runKb(['check', '--root', path.join(scratch, 'dangling'), '--format', 'json'])).stdout) as Report
      expect(dangling.diagnostics.map((item) => [item.file, item.ruleId, item.message])).toEqual([
        ['content', 'file-symlink-broken', 'Unexpected symbolic link `content` to `elsewhere`, which does not exist, expected a link to an existing file or folder']
      ])
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
  })
})

/** Text of an HTML fragment as the serializer wrote it: tags dropped, character references decoded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

/** What a case- and normalization-insensitive file system (macOS, Windows) sees as the same name. */
function fold(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase()
}

describe('every tag gets a page of its own', () => {
  const decomposed = 'café'.normalize('NFD')
  /** Per locale: every tag of the fixture KB and the entries carrying it. */
  const expectedTags: Record<string, Record<string, string[]>> = {
    en: {
      Tag: ['shared', 'tag-upper'],
      tag: ['tag-lower'],
      'C++': ['c-plus', 'shared'],
      'C#': ['c-sharp'],
      'c-1': ['c-one'],
      'tag-1': ['tag-one'],
      '!!!': ['bangs', 'shared'],
      '???': ['questions'],
      café: ['cafe-composed'],
      [decomposed]: ['cafe-decomposed'],
      'two-factor': ['shared']
    },
    'zh-CN': { Tag: ['shared'], 'C++': ['c-plus'], 双重验证: ['shared'] }
  }
  let scratch: string
  let out: string
  beforeAll(async () => {
    const { root, cleanup } = await layOutFixture('silent-loss-tags')
    scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-silent-loss-tags-'))
    out = path.join(scratch, 'dist')
    try {
      const run = await runKb(['build', '--root', root, '--out', out])
      expect(run.code, run.stdout + run.stderr).toBe(0)
    } finally {
      await cleanup()
    }
  })
  afterAll(() => rm(scratch, { recursive: true, force: true }))

  /** Tag pages of a locale: file name → the tag in its heading and the entries it lists. */
  async function tagPages(locale: string): Promise<Map<string, { tag: string; entries: string[] }>> {
    const pages = new Map<string, { tag: string; entries: string[] }>()
    const label = locale === 'en' ? 'Tags: ' : '标签：'
    for (const name of (await readdir(path.join(out, locale, 'tags'))).sort()) {
      const html = await readFile(path.join(out, locale, 'tags', name), 'utf8')
      const heading = textOf(/<h1>(.*?)<\/h1>/.exec(html)?.[1] ?? '')
      expect(heading.startsWith(label), `${name}: ${heading}`).toBe(true)
      const list = /<ul class="entry-list">(.*?)<\/ul>/s.exec(html)?.[1] ?? ''
      const entries = [...list.matchAll(/<a href="\.\.\/account\/([a-z0-9-]+)\.html">/g)].map((match) => match[1] ?? '').sort()
      pages.set(name, { tag: heading.slice(label.length), entries })
    }
    return pages
  }

  it.each(['en', 'zh-CN'])('%s: one page per tag, listing exactly its entries, under names no file system confuses', async (locale) => {
    const pages = await tagPages(locale)
    const byTag = Object.fromEntries([...pages.values()].map((page) => [page.tag, page.entries]))
    expect(byTag).toEqual(expectedTags[locale])
    expect(pages.size).toBe(Object.keys(expectedTags[locale] ?? {}).length)
    const folded = [...pages.keys()].map(fold)
    expect(new Set(folded).size, folded.join(' ')).toBe(folded.length)
  })

  it('links each tag on an entry page to that tag’s page', async () => {
    for (const locale of ['en', 'zh-CN']) {
      const pages = await tagPages(locale)
      for (const file of await readdir(path.join(out, locale, 'account'))) {
        if (file === 'index.html') continue
        const html = await readFile(path.join(out, locale, 'account', file), 'utf8')
        const list = /<ul class="tags"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? ''
        for (const match of list.matchAll(/<a href="\.\.\/tags\/([^"]+)">(.*?)<\/a>/g)) {
          const page = pages.get(decodeURI(match[1] ?? ''))
          expect(page?.tag, `${locale}/account/${file} → ${match[1]}`).toBe(textOf(match[2] ?? ''))
          expect(page?.entries).toContain(file.replace(/\.html$/, ''))
        }
      }
    }
  })

  it('lists every tag with exactly its entries in api/tags.json', async () => {
    const tags = JSON.parse(await readFile(path.join(out, 'api/tags.json'), 'utf8')) as ApiTags
    for (const locale of ['en', 'zh-CN']) {
      expect(Object.fromEntries((tags.locales[locale] ?? []).map((tag) => [tag.tag, tag.entries]))).toEqual(expectedTags[locale])
    }
  })

  it('keeps a tag’s page name when an unrelated tag is added', () => {
    const tags = Object.keys(expectedTags['en'] ?? {})
    const before = tagSlugs(tags)
    for (const added of [['unrelated'], ['a'], ['A', 'a!'], ['tag-2'], ['c-2', '...']]) {
      const after = tagSlugs([...tags, ...added])
      for (const tag of tags) expect(after.get(tag), `${tag} after adding ${added.join(', ')}`).toBe(before.get(tag))
    }
    // `a-1` is no relation of `A` and `a!` (which share the slug `a`), so it keeps its page.
    expect(tagSlugs(['A', 'a-1', 'a!']).get('a-1')).toBe(tagSlugs(['A', 'a-1']).get('a-1'))
  })

  it('names no two tags alike, whatever the tags', () => {
    const tags = ['tag', 'Tag', 'TAG', '', ' ', '!!!', '???', '-', '--', 'c', 'C++', 'C#', 'c-1', 'c-1-1', 'tag-1', 'İ', 'i̇', 'K', 'k', 'ſ', 's', 'S', decomposed, 'café', 'x.1a2b3c4d', 'x']
    const names = [...tagSlugs(tags).values()]
    expect(names.length).toBe(tags.length)
    expect(new Set(names.map(fold)).size, names.join(' ')).toBe(names.length)
    for (const name of names) expect(name).toMatch(/^[^/\\.][^/\\]*$/)
  })
})

describe('every id on an entry page is unique, so each anchor leads to its heading', () => {
  let scratch: string
  let html: string
  let api: ApiEntry
  beforeAll(async () => {
    const { root, cleanup } = await layOutFixture('silent-loss-anchors')
    scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-silent-loss-anchors-'))
    const out = path.join(scratch, 'dist')
    try {
      const run = await runKb(['build', '--root', root, '--out', out])
      expect(run.code, run.stdout + run.stderr).toBe(0)
      html = await readFile(path.join(out, 'en/account/headings.html'), 'utf8')
      api = JSON.parse(await readFile(path.join(out, 'api/entries/en/headings.json'), 'utf8')) as ApiEntry
    } finally {
      await cleanup()
    }
  })
  afterAll(() => rm(scratch, { recursive: true, force: true }))

  /** The element an in-page link `#id` scrolls to: the first with that id. */
  function target(id: string): { tag: string; text: string; after: string } | undefined {
    const start = html.search(new RegExp(`<[a-z0-9]+\\b[^>]*\\sid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`))
    if (start === -1) return undefined
    const tag = /^<([a-z0-9]+)/.exec(html.slice(start))?.[1] ?? ''
    const end = html.indexOf(`</${tag}>`, start)
    const text = textOf(html.slice(start, end))
    return { tag, text, after: textOf(html.slice(end, end + 200)) }
  }

  it('has no id twice', () => {
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1] ?? '')
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index)
    expect(repeated).toEqual([])
    expect(ids).not.toContain('')
  })

  it('resolves every in-page link to an element, the skip link to <main>', () => {
    const links = [...html.matchAll(/\shref="#([^"]*)"/g)].map((match) => decodeURIComponent(match[1] ?? ''))
    expect(links.length).toBeGreaterThan(5)
    for (const id of links) expect(target(id), `#${id}`).toBeDefined()
    expect(target('main')?.tag).toBe('main')
  })

  it('gives each section and item the heading its API anchor names', () => {
    const anchors: [string, string][] = []
    for (const section of Object.values(api.sections)) {
      if (section.anchor) anchors.push([section.anchor, section.heading])
      for (const item of section.items) if (item.anchor) anchors.push([item.anchor, item.title ?? ''])
    }
    expect(anchors.length).toBe(8)
    for (const [anchor, heading] of anchors) {
      const found = target(anchor)
      expect(found?.tag, `#${anchor}`).toMatch(/^h[23]$/)
      expect(found?.text, `#${anchor}`).toBe(heading)
    }
  })

  it('sends the editor’s links to the heading they name: `a` twice and `a-1` are three places', () => {
    expect(target('a')?.after).toContain('The first cause named a.')
    expect(target('a-1')?.after).toContain('The second cause named a.')
    expect(target('a-1-1')?.text).toBe('a-1')
  })

  it('keeps a heading that shares its slug with the page’s own ids a heading, with an id of its own', () => {
    for (const title of ['Main', 'Site search q', 'Related heading', 'Check 1', 'Footnote label', 'User content fn first', 'Contact support']) {
      const match = new RegExp(`<h3 id="([^"]+)">${title}</h3>`).exec(html)
      expect(match, title).not.toBeNull()
      expect(target(match?.[1] ?? '')?.text, title).toBe(title)
    }
    // Headings whose text leaves no slug still get an id each.
    const symbolsOnly = [...html.matchAll(/<h3 id="([^"]+)">\?\?\?<\/h3>/g)].map((match) => match[1])
    expect(symbolsOnly.length).toBe(2)
    expect(new Set(symbolsOnly).size).toBe(2)
  })

  it('shows both footnotes, each linked both ways', () => {
    for (const note of ['The first footnote, in the symptoms.', 'The second footnote, in the steps.']) expect(html).toContain(note)
    const references = [...html.matchAll(/<a href="#([^"]+)" id="([^"]+)" data-footnote-ref/g)]
    expect(references.length).toBe(2)
    for (const [, note, reference] of references) {
      expect(target(note ?? '')?.tag).toBe('li')
      expect(html).toContain(`href="#${reference}" data-footnote-backref`)
    }
  })
})

describe('footnotes and checklist text the entry page could not show are reported, not dropped', () => {
  it('names each at its place', async () => {
    const { root, cleanup } = await layOutFixture('silent-loss-footnotes')
    try {
      const run = await runKb(['check', '--root', root, '--format', 'json'])
      const report = JSON.parse(run.stdout) as Report
      expect(report.diagnostics.map((item) => [item.line, item.column, item.ruleId, item.severity, item.message])).toEqual([
        [11, 17, 'footnote-unshown', 'warning', 'Unexpected footnote `[^later]` in the introduction with its text outside it, expected `[^later]: …` in the introduction: each part of the page shows only its own footnotes'],
        [19, 1, 'footnote-unshown', 'warning', 'Unexpected footnote `[^unused]` that no text refers to, expected a reference `[^unused]`: it is shown only where it is referred to'],
        [23, 1, 'section-shape', 'error', 'Unexpected paragraph in `## Before you start`, expected only task list items such as `- [ ] …`: other text is not shown'],
        [
          25,
          15,
          'footnote-unshown',
          'warning',
          'Unexpected footnote `[^box]` in a checklist item of `## Before you start` with its text outside it, expected `[^box]: …` in the same checklist item: each part of the page shows only its own footnotes'
        ],
        [37, 1, 'footnote-unshown', 'warning', 'Unexpected second footnote `[^twice]`, expected each footnote once: only the first (line 35) is shown']
      ])
      expect(run.code).toBe(1)
    } finally {
      await cleanup()
    }
  })
})

describe('a reference link resolves wherever in the file its definition is', () => {
  it('links the text on the entry page and in the API section, with the definition at the end of the file', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    try {
      const file = path.join(root, 'content/en/account/close-account.md')
      const source = (await readFile(file, 'utf8')).replace('1. Empty every balance.', '1. Empty every balance, see [the help page][help].')
      await writeFile(file, `${source}\n[help]: https://example.com/help\n`)
      const run = await runKb(['build', '--root', root])
      expect(run.code, run.stdout + run.stderr).toBe(0)
      const link = '<a href="https://example.com/help" rel="noopener noreferrer">the help page</a>'
      expect(await readFile(path.join(root, 'dist/en/account/close-account.html'), 'utf8')).toContain(`see ${link}`)
      const entry = JSON.parse(await readFile(path.join(root, 'dist/api/entries/en/close-account.json'), 'utf8')) as ApiEntry
      expect(entry.sections.steps?.html).toContain(`see ${link}`)
      expect(entry.sections.steps?.html).not.toContain('[help]')
    } finally {
      await cleanup()
    }
  })
})
