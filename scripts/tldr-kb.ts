/**
 * Lays the tldr-pages corpus (`<repo>/../shared/corpus/tldr`, CC BY 4.0) out as a kb knowledge base, for
 * `npm run bench` and anyone who wants a real bilingual KB of ~9,000 entries:
 * `npx tsx scripts/tldr-kb.ts <target-dir> [--limit N]`.
 *
 * Each tldr page becomes a `howto` entry: the `#` title, the `>` description as summary and introduction
 * (with its "More information" link and a link to the page at the corpus commit), and one numbered step per
 * example with its command in a code block. `{{ }}` placeholders stay as they are: they are literal text
 * in kb. The output depends on the corpus alone (sorted listings, a fixed `updated` date), so the same
 * corpus always gives a byte-identical KB.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stringify as stringifyYaml } from 'yaml'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const tldrRoot = path.resolve(repoRoot, '../shared/corpus/tldr')
export const tldrCommit = '08e345f42639f67d99282813247ac670dc6e87cb'

type Locale = 'en' | 'zh-CN'

/** Source locale first: kb pairs a translation with the source entry of the same id. */
const localeFolders: readonly { locale: Locale; folder: string }[] = [
  { locale: 'en', folder: 'pages' },
  { locale: 'zh-CN', folder: 'pages.zh' }
]

/** One date for every entry: a translation dated before its source would be reported as outdated. */
const updated = '2026-11-01'

/**
 * Third-party sites the KB vouches for, each with why: the only entries the safety rules would otherwise
 * refuse. `dnf install` of remi-release-8.rpm downloads an installer from the Remi repository, which the
 * command documents on purpose; a team would vouch for it the same way.
 */
export const trustedDomains: Readonly<Record<string, string>> = {
  'remirepo.net': 'the dnf-install page installs remi-release.rpm from the Remi repository on purpose'
}

const categoryNames: Readonly<Record<string, Readonly<Record<Locale, string>>>> = {
  common: { en: 'Common', 'zh-CN': '通用' },
  linux: { en: 'Linux', 'zh-CN': 'Linux' },
  osx: { en: 'macOS', 'zh-CN': 'macOS' },
  windows: { en: 'Windows', 'zh-CN': 'Windows' },
  android: { en: 'Android', 'zh-CN': 'Android' },
  'cisco-ios': { en: 'Cisco IOS', 'zh-CN': 'Cisco IOS' },
  dos: { en: 'DOS', 'zh-CN': 'DOS' },
  freebsd: { en: 'FreeBSD', 'zh-CN': 'FreeBSD' },
  netbsd: { en: 'NetBSD', 'zh-CN': 'NetBSD' },
  openbsd: { en: 'OpenBSD', 'zh-CN': 'OpenBSD' },
  sunos: { en: 'SunOS', 'zh-CN': 'SunOS' }
}

/** Words for the text the converter writes itself, per locale. */
const phrases: Readonly<Record<Locale, { steps: string; command: string; shortSummary: (title: string) => string; source: (page: string, url: string) => string }>> = {
  en: {
    // The first English heading of the `steps` section in schemas/entry.schema.json.
    steps: 'Steps',
    command: 'command',
    shortSummary: (title) => ` Examples of the ${title} command.`,
    source: (page, url) => `Source: [tldr-pages, \`${page}\`](${url}), CC BY 4.0.`
  },
  'zh-CN': {
    // A `steps` heading of schemas/entry.schema.json for zh-CN; 操作步骤 suits how-to pages best.
    steps: '操作步骤',
    command: '命令',
    shortSummary: (title) => `${title} 命令的常用示例。`,
    source: (page, url) => `来源：[tldr-pages，\`${page}\`](${url})，CC BY 4.0。`
  }
}

const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/
const reservedIds = new Set(['index', 'search', '404', 'search-index'])
const idMaxLength = 64

// ---------------------------------------------------------------------------------------------------------
// Planning: which page becomes which entry.

export interface TldrPage {
  locale: Locale
  platform: string
  /** File name without `.md`, as in the corpus. */
  name: string
  /** Path below the corpus root with forward slashes, such as `pages/common/tar.md`. */
  source: string
  absolute: string
  category: string
  id: string
}

export interface TldrPlan {
  /** Sorted by locale (source first), category, id. */
  pages: TldrPage[]
  categories: string[]
  /** zh-CN pages without an English page at the same path: kb would refuse them as translation orphans. */
  droppedZhOnly: string[]
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** A bench's `--limit N` (the first N pages per locale): `{}` without it, undefined when N is not a positive whole number. */
export function limitOption(args: readonly string[]): { limit?: number } | undefined {
  const at = args.indexOf('--limit')
  if (at < 0) return {}
  const limit = Number(args[at + 1])
  return Number.isInteger(limit) && limit > 0 ? { limit } : undefined
}

export function tldrMissingMessage(root: string): string {
  return `The tldr corpus is required at ../shared/corpus/tldr relative to the repository root (resolved: ${root}), with pages/ and pages.zh/; it was not found.`
}

export async function tldrExists(root = tldrRoot): Promise<boolean> {
  const found = await stat(path.join(root, 'pages')).catch(() => undefined)
  return found?.isDirectory() ?? false
}

async function listSorted(folder: string, kind: 'directory' | 'markdown'): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  const wanted = entries.filter((entry) => (kind === 'directory' ? entry.isDirectory() : entry.isFile() && entry.name.endsWith('.md')))
  return wanted.map((entry) => entry.name).sort(compareStrings)
}

interface Listed {
  platform: string
  name: string
}

async function listLocale(root: string, folder: string): Promise<Listed[]> {
  const listed: Listed[] = []
  for (const platform of await listSorted(path.join(root, folder), 'directory')) {
    for (const file of await listSorted(path.join(root, folder, platform), 'markdown')) listed.push({ platform, name: file.slice(0, -'.md'.length) })
  }
  return listed
}

/** Lowercase, `[a-z0-9-]` only, no leading, trailing or doubled hyphens; may be empty. */
export function sanitizeId(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
}

const symbolNames: Readonly<Record<string, string>> = {
  '!': 'bang',
  $: 'dollar',
  '%': 'percent',
  '(': 'open-paren',
  ')': 'close-paren',
  ',': 'comma',
  '.': 'dot',
  '[': 'open-bracket',
  ']': 'close-bracket',
  '^': 'caret',
  '{': 'open-brace',
  '}': 'close-brace',
  '~': 'tilde',
  '+': 'plus',
  _: 'underscore'
}

/**
 * Spells symbols out, so `[[` and `clang++` get readable ids instead of an empty one or `clang`'s. Names
 * of symbols alone get a `symbol-` prefix: `.` and `,` would otherwise take the ids of `dot` and `comma`.
 */
function spelledId(name: string): string {
  const spelled = sanitizeId([...name].map((char) => (symbolNames[char] ? `-${symbolNames[char]}-` : char)).join(''))
  return sanitizeId(name) === '' ? `symbol-${spelled}` : spelled
}

function hashSuffix(value: string): string {
  return createHash('sha1').update(value).digest('hex').slice(0, 6)
}

/** Keeps the id within the schema's length and off reserved names, with a suffix derived from the name. */
function fitId(id: string, name: string): string {
  let fitted = id === '' ? `page-${hashSuffix(name)}` : id
  if (fitted.length > idMaxLength) fitted = `${fitted.slice(0, idMaxLength - 7).replace(/-+$/, '')}-${hashSuffix(name)}`
  if (reservedIds.has(fitted)) fitted = `${fitted}-page`
  if (!idPattern.test(fitted)) throw new Error(`Planned id \`${fitted}\` for \`${name}\` is not a valid kb id`)
  return fitted
}

/**
 * Ids within one platform: the plain sanitized name, unless it is empty or another page of the platform
 * has it too; then the page whose name already is that id keeps it and the others spell their symbols out.
 */
function platformIds(pages: readonly Listed[]): Map<Listed, string> {
  const byBase = new Map<string, Listed[]>()
  for (const page of pages) {
    const base = sanitizeId(page.name)
    byBase.set(base, [...(byBase.get(base) ?? []), page])
  }
  const ids = new Map<Listed, string>()
  for (const [base, group] of byBase) {
    for (const page of group) {
      const keepsBase = base !== '' && (group.length === 1 || page.name.toLowerCase() === base)
      ids.set(page, keepsBase ? base : spelledId(page.name))
    }
  }
  return ids
}

/**
 * Ids are unique per locale across categories (kb's duplicate-id rule), yet tldr has `cd` for common, dos
 * and windows. The common page keeps the plain id, every other page whose id exists on another platform
 * gets `-<platform>`. An id still taken gets a suffix hashed from the page's path (none in this corpus).
 */
function planIds(pages: readonly Listed[]): Map<string, string> {
  const local = new Map<Listed, string>()
  const platforms = [...new Set(pages.map((page) => page.platform))]
  for (const platform of platforms) for (const [page, id] of platformIds(pages.filter((item) => item.platform === platform))) local.set(page, id)
  const platformsById = new Map<string, Set<string>>()
  for (const [page, id] of local) platformsById.set(id, (platformsById.get(id) ?? new Set()).add(page.platform))
  const planned = new Map<string, string>()
  const taken = new Set<string>()
  const ordered = [...local].sort(([a], [b]) => compareStrings(`${a.platform === 'common' ? 0 : 1}${a.platform}/${a.name}`, `${b.platform === 'common' ? 0 : 1}${b.platform}/${b.name}`))
  for (const [page, id] of ordered) {
    const shared = (platformsById.get(id)?.size ?? 0) > 1 && page.platform !== 'common'
    let candidate = fitId(shared ? `${id}-${sanitizeId(page.platform)}` : id, page.name)
    if (taken.has(candidate)) candidate = fitId(`${candidate}-${hashSuffix(`${page.platform}/${page.name}`)}`, page.name)
    if (taken.has(candidate)) throw new Error(`No unique id for tldr page ${page.platform}/${page.name}`)
    taken.add(candidate)
    planned.set(`${page.platform}/${page.name}`, candidate)
  }
  return planned
}

/** The whole corpus is planned before `limit` applies, so an entry's id never depends on the limit. */
export async function planTldr(root = tldrRoot, options: { limit?: number } = {}): Promise<TldrPlan> {
  if (!(await tldrExists(root))) throw new Error(tldrMissingMessage(root))
  const source = localeFolders[0]
  if (!source) throw new Error('No source locale')
  const english = await listLocale(root, source.folder)
  const ids = planIds(english)
  const kept = new Set(english.slice(0, options.limit ?? english.length).map((page) => `${page.platform}/${page.name}`))
  const toPage = (locale: Locale, folder: string, listed: Listed, id: string): TldrPage => {
    const sourcePath = `${folder}/${listed.platform}/${listed.name}.md`
    return { locale, platform: listed.platform, name: listed.name, source: sourcePath, absolute: path.join(root, ...sourcePath.split('/')), category: sanitizeId(listed.platform), id }
  }
  const pages: TldrPage[] = []
  const droppedZhOnly: string[] = []
  for (const { locale, folder } of localeFolders) {
    const listed = locale === source.locale ? english : await listLocale(root, folder)
    for (const item of listed) {
      const key = `${item.platform}/${item.name}`
      const id = ids.get(key)
      if (id === undefined) droppedZhOnly.push(`${folder}/${key}.md`)
      else if (kept.has(key)) pages.push(toPage(locale, folder, item, id))
    }
  }
  const localeOrder = localeFolders.map((item) => item.locale)
  pages.sort((a, b) => localeOrder.indexOf(a.locale) - localeOrder.indexOf(b.locale) || compareStrings(a.category, b.category) || compareStrings(a.id, b.id))
  const categories = [...new Set(pages.map((page) => page.category))].sort(compareStrings)
  return { pages, categories, droppedZhOnly }
}

// ---------------------------------------------------------------------------------------------------------
// Converting one page.

export interface TldrDocument {
  title: string
  /** Description lines without the "More information" line. */
  description: string[]
  moreInformation?: string
  examples: { text: string; code: string }[]
}

const moreInformationLine: Readonly<Record<Locale, RegExp>> = {
  en: /^More information: <[^>]+>\.$/,
  'zh-CN': /^更多信息：<[^>]+>。$/
}

/** tldr's format: `# title`, `> ` description lines, then `- ` example and `` `code` `` line pairs. */
export function parseTldr(text: string, locale: Locale): TldrDocument {
  const lines = text.replace(/\r\n/g, '\n').split('\n').filter((line) => line.trim() !== '')
  const document: TldrDocument = { title: '', description: [], examples: [] }
  let pendingExample: string | undefined
  for (const line of lines) {
    if (line.startsWith('# ') && document.title === '') document.title = line.slice(2).trim()
    else if (line.startsWith('> ') && document.examples.length === 0 && pendingExample === undefined) {
      const content = line.slice(2).trim()
      if (moreInformationLine[locale].test(content)) document.moreInformation = content
      else document.description.push(content)
    } else if (line.startsWith('- ') && pendingExample === undefined) pendingExample = line.slice(2).trim()
    else if (/^`.*`$/.test(line) && pendingExample !== undefined) {
      document.examples.push({ text: pendingExample, code: line.slice(1, -1) })
      pendingExample = undefined
    } else throw new Error(`unexpected line \`${line.slice(0, 60)}\``)
  }
  if (document.title === '') throw new Error('no `# ` title')
  if (pendingExample !== undefined) throw new Error(`example \`${pendingExample.slice(0, 60)}\` has no code line`)
  if (document.examples.length === 0) throw new Error('no examples')
  return document
}

/** Splits text into code spans and the rest, so escaping never touches what a code span shows. */
function outsideCodeSpans(text: string, transform: (plain: string) => string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, index) => (index % 2 === 1 ? part : transform(part)))
    .join('')
}

/** tldr writes keys as `<Ctrl c>`: as Markdown that is an HTML tag and would vanish, so escape all but autolinks. */
export function escapeDescription(text: string): string {
  return outsideCodeSpans(text, (plain) => plain.replace(/<(?!https?:\/\/[^\s<>]+>)/g, '\\<'))
}

/** Plain text for the summary: no backticks, autolinks as their URL. */
function plainText(text: string): string {
  return text.replace(/`+([^`]*)`+/g, '$1').replace(/<(https?:\/\/[^\s<>]+)>/g, '$1')
}

function joinLines(lines: readonly string[]): string {
  // Chinese sentences run on without a space; a line ending in ASCII text gets one.
  return lines.reduce((joined, line) => (joined === '' ? line : /[\x21-\x7e]$/.test(joined) ? `${joined} ${line}` : `${joined}${line}`), '')
}

const summaryMin = 10
const summaryMax = 300

/** The schema allows 10–300 characters (code points): pad short ones, cut long ones at a word. */
export function summaryOf(document: TldrDocument, locale: Locale): string {
  let summary = plainText(joinLines(document.description)).trim()
  if ([...summary].length < summaryMin) summary = `${summary}${phrases[locale].shortSummary(document.title)}`.trim()
  const chars = [...summary]
  if (chars.length <= summaryMax) return summary
  const cut = chars.slice(0, summaryMax - 1).join('')
  const atWord = cut.replace(/\s+\S*$/, '')
  return `${atWord.length >= summaryMax / 2 ? atWord : cut}…`
}

function titleOf(document: TldrDocument, locale: Locale): string {
  // One-character commands such as `[` or `w` are shorter than the schema's two-character minimum.
  return [...document.title].length >= 2 ? document.title : `${document.title} ${phrases[locale].command}`
}

function sourceUrl(page: TldrPage): string {
  const encoded = page.source
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/')
  return `https://github.com/tldr-pages/tldr/blob/${tldrCommit}/${encoded}`
}

function fenced(code: string, indent: string): string {
  const longestRun = Math.max(0, ...[...code.matchAll(/`+/g)].map((match) => match[0].length))
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return [fence, code, fence].map((line) => indent + line).join('\n')
}

function stepsOf(document: TldrDocument): string {
  return document.examples
    .map((example, index) => {
      const marker = `${index + 1}. `
      return `${marker}${escapeDescription(example.text)}\n\n${fenced(example.code, ' '.repeat(marker.length))}`
    })
    .join('\n\n')
}

export function convertPage(page: TldrPage, text: string): string {
  const document = parseTldr(text, page.locale)
  const frontmatter = {
    id: page.id,
    type: 'howto',
    title: titleOf(document, page.locale),
    summary: summaryOf(document, page.locale),
    category: page.category,
    tags: [page.platform],
    status: 'published',
    updated
  }
  const words = phrases[page.locale]
  const introduction = [
    document.description.map(escapeDescription).join('\n'),
    document.moreInformation,
    words.source(page.source.replace(/^pages(\.[a-z]+)?\//, ''), sourceUrl(page))
  ].filter((paragraph): paragraph is string => paragraph !== undefined && paragraph !== '')
  const yaml = stringifyYaml(frontmatter, { lineWidth: 0 })
  return `---\n${yaml}---\n\n${introduction.join('\n\n')}\n\n## ${words.steps}\n\n${stepsOf(document)}\n`
}

// ---------------------------------------------------------------------------------------------------------
// Writing the KB.

function configText(categories: readonly string[]): string {
  const name = (category: string, locale: Locale): string => categoryNames[category]?.[locale] ?? category
  const lines = [
    '# Generated by scripts/tldr-kb.ts from tldr-pages (CC BY 4.0, see ATTRIBUTION.md): one howto entry per page.',
    'brand: tldr-pages',
    'title:',
    '  en: tldr-pages',
    '  zh-CN: tldr-pages 中文',
    'defaultLocale: en',
    'locales: [en, zh-CN]',
    'categories:',
    ...categories.flatMap((category) => [`  - id: ${category}`, `    name: { en: ${JSON.stringify(name(category, 'en'))}, zh-CN: ${JSON.stringify(name(category, 'zh-CN'))} }`]),
    'officialDomains: [tldr.sh]',
    '# Where the KB would be published: feeds and the sitemap are written only with it.',
    'baseUrl: https://tldr.sh/kb/',
    '# Third-party sites vouched for, each with why:',
    ...Object.entries(trustedDomains).map(([domain, why]) => `#   ${domain}: ${why}`),
    `trustedDomains: [${Object.keys(trustedDomains).join(', ')}]`,
    'supportChannels:',
    '  - id: github',
    '    type: web',
    '    name: { en: tldr-pages on GitHub, zh-CN: GitHub 上的 tldr-pages }',
    '    url: https://github.com/tldr-pages/tldr',
    '# Zendesk payloads are part of the output the bench times: ids as a Help Center would have them.',
    'zendesk: { permissionGroupId: 1001, userSegmentId: null }'
  ]
  return `${lines.join('\n')}\n`
}

function attributionText(plan: TldrPlan): string {
  return [
    '# Attribution',
    '',
    `The entries under content/ are the pages of [tldr-pages](https://github.com/tldr-pages/tldr) at commit`,
    `[${tldrCommit}](https://github.com/tldr-pages/tldr/tree/${tldrCommit}), English (\`pages/\`) and`,
    'Simplified Chinese (`pages.zh/`), converted to kb entries by scripts/tldr-kb.ts: the title, the description as',
    'summary and introduction, and each example as a numbered step with its command. Each entry links its source page.',
    '',
    'Copyright © 2014—present the tldr-pages team and contributors. The pages are licensed under the',
    '[Creative Commons Attribution 4.0 International License](https://creativecommons.org/licenses/by/4.0/) (CC BY 4.0);',
    'the converted entries are shared under the same license.',
    '',
    `${plan.pages.length} entries; ${plan.droppedZhOnly.length} Chinese pages without an English page were left out.`,
    ''
  ].join('\n')
}

async function ensureEmpty(target: string): Promise<void> {
  const entries = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  // Never delete in a folder the caller named: a leftover entry would silently change the KB.
  if (entries.length > 0) throw new Error(`${target} is not empty; lay the tldr KB out into a new or empty folder`)
}

export interface FailedPage {
  source: string
  reason: string
}

export interface TldrKb {
  root: string
  entries: number
  locales: Record<string, number>
  categories: string[]
  droppedZhOnly: string[]
  /** Pages that could not be converted (and their translations), left out of the KB. */
  failed: FailedPage[]
}

async function convertAll(pages: readonly TldrPage[]): Promise<{ converted: Map<TldrPage, string>; failed: FailedPage[] }> {
  const converted = new Map<TldrPage, string>()
  const failed: FailedPage[] = []
  const batch = 128
  for (let start = 0; start < pages.length; start += batch) {
    const slice = pages.slice(start, start + batch)
    const texts = await Promise.all(slice.map((page) => readFile(page.absolute, 'utf8')))
    slice.forEach((page, index) => {
      try {
        converted.set(page, convertPage(page, texts[index] ?? ''))
      } catch (error) {
        failed.push({ source: page.source, reason: error instanceof Error ? error.message : String(error) })
      }
    })
  }
  return { converted, failed }
}

/** A translation of a page that failed would be an orphan: leave it out too. */
function withoutOrphans(converted: Map<TldrPage, string>): TldrPage[] {
  const sources = new Set([...converted.keys()].filter((page) => page.locale === 'en').map((page) => page.id))
  return [...converted.keys()].filter((page) => page.locale === 'en' || sources.has(page.id))
}

export async function layOutTldrKb(target: string, options: { limit?: number; corpus?: string } = {}): Promise<TldrKb> {
  const root = path.resolve(target)
  const plan = await planTldr(options.corpus ?? tldrRoot, options)
  await ensureEmpty(root)
  const { converted, failed } = await convertAll(plan.pages)
  const kept = withoutOrphans(converted)
  await mkdir(root, { recursive: true })
  await writeFile(path.join(root, 'kb.config.yaml'), configText(plan.categories))
  await writeFile(path.join(root, 'ATTRIBUTION.md'), attributionText({ ...plan, pages: kept }))
  const folders = [...new Set(kept.map((page) => path.join(root, 'content', page.locale, page.category)))]
  for (const folder of folders) await mkdir(folder, { recursive: true })
  const batch = 128
  for (let start = 0; start < kept.length; start += batch) {
    await Promise.all(kept.slice(start, start + batch).map((page) => writeFile(path.join(root, 'content', page.locale, page.category, `${page.id}.md`), converted.get(page) ?? '')))
  }
  const locales: Record<string, number> = {}
  for (const page of kept) locales[page.locale] = (locales[page.locale] ?? 0) + 1
  const categories = [...new Set(kept.map((page) => page.category))].sort(compareStrings)
  return { root, entries: kept.length, locales, categories, droppedZhOnly: plan.droppedZhOnly, failed }
}

export function describeTldrKb(kb: TldrKb): string {
  const locales = Object.entries(kb.locales)
    .map(([locale, count]) => `${count} ${locale}`)
    .join(', ')
  return `tldr KB at ${kb.root}: ${kb.entries} entries (${locales}) in ${kb.categories.length} categories; ${kb.droppedZhOnly.length} zh-only pages dropped; ${kb.failed.length} pages failed conversion; every rule on`
}

async function main(args: readonly string[]): Promise<number> {
  const usage = 'usage: npx tsx scripts/tldr-kb.ts <target-dir> [--limit N]'
  const target = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--limit')
  const limitAt = args.indexOf('--limit')
  const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : undefined
  if (!target || (limit !== undefined && !(Number.isInteger(limit) && limit > 0))) {
    console.error(usage)
    return 2
  }
  try {
    const kb = await layOutTldrKb(target, limit === undefined ? {} : { limit })
    console.log(describeTldrKb(kb))
    for (const page of kb.failed) console.error(`failed: ${page.source}: ${page.reason}`)
    return 0
  } catch (error) {
    console.error(`tldr-kb: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = await main(process.argv.slice(2))
