import type {} from 'mdast-util-to-hast'
import GithubSlugger, { slug } from 'github-slugger'
import { toString } from 'mdast-util-to-string'
import { closest, distance } from 'fastest-levenshtein'
import type { FootnoteDefinition, FootnoteReference, Heading, ListItem, Root, RootContent } from 'mdast'
import type { Position } from 'unist'
import type { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import { didYouMeanZh } from '../text/suggest.js'
import { zh } from '../text/zh.js'
import { normalizeHeading, type SectionKey, type SectionModel } from './section-model.js'
import type { SourceSections } from '../types/entry-source.js'

export interface SectionItem {
  title?: string
  anchor?: string
  /** Block content of the item: list item children, or what follows a `###` heading. */
  nodes: RootContent[]
  position: Position | undefined
}

export interface Section {
  key: SectionKey
  heading: string
  anchor: string
  position: Position | undefined
  /** Content of the section without its heading; for causes and FAQ, only what precedes the first `###`. */
  nodes: RootContent[]
  items: SectionItem[]
}

export interface ParsedBody {
  sections: Partial<Record<SectionKey, Section>>
  /** The data validated against schemas/entry.schema.json `sections`. */
  source: SourceSections
  /** JSON Pointer into `source` → place in the file, for schema errors. */
  places: Map<string, Position>
  /** Every heading id in the entry (GitHub-style slugs, which keep Chinese characters). */
  anchors: Set<string>
  /** Sections whose content had the wrong shape (already reported item by item). */
  misshapen: Set<SectionKey>
}

/**
 * Splits an entry body into its sections by `##` headings named in the locale's dictionary, reads each
 * section by the shape the schema declares, and gives every heading a stable id.
 */
export function readSections(file: VFile, tree: Root, locale: string, model: SectionModel): ParsedBody {
  const dictionary = model.headingsFor(locale)
  const anchorOf = headingSlugger(tree, dictionary)
  const anchors = new Set<string>()
  const sections: Partial<Record<SectionKey, Section>> = {}
  const introduction: Section = { key: 'introduction', heading: '', anchor: '', position: undefined, nodes: [], items: [] }
  let current: Section | undefined = introduction
  let currentItem: SectionItem | undefined
  let lastOrder = -1

  for (const node of tree.children) {
    if (node.type === 'yaml') continue
    if (node.type === 'heading') {
      const text = toString(node)
      const anchor = anchorOf(text)
      anchors.add(anchor)
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, id: anchor } }
      if (node.depth === 1) {
        report(file, 'heading-level', `Unexpected level-1 heading \`# ${text}\`, expected \`##\`: the title comes from the frontmatter`, node.position, undefined, `\`# ${text}\` 是一级标题，这里应该用 \`##\`：文章标题来自文件头`)
      } else if (node.depth === 2) {
        currentItem = undefined
        const key = dictionary.get(normalizeHeading(text))
        if (!key || key === 'introduction') {
          reportUnknownHeading(file, node, text, locale, model)
          current = undefined
          continue
        }
        const existing = sections[key]
        if (existing) {
          const message = report(file, 'section-duplicate', `Unexpected second \`## ${text}\` section, expected one`, node.position, undefined, `\`## ${text}\` 部分出现了第二次，每个部分只能有一个`)
          if (existing.position) message.cause = `first \`## ${existing.heading}\` at ${existing.position.start.line}:${existing.position.start.column}`
          current = existing
          continue
        }
        const order = model.keys.indexOf(key)
        if (order < lastOrder) {
          report(file, 'section-order', `Unexpected \`## ${text}\` after later sections, expected the order ${orderedHeadings(locale, model)}`, node.position, undefined, `\`## ${text}\` 的位置不对：它前面已经有应该排在它后面的部分；各部分的顺序应为：${orderedHeadings(locale, model)}`)
        }
        lastOrder = Math.max(lastOrder, order)
        current = { key, heading: text, anchor, position: node.position, nodes: [], items: [] }
        sections[key] = current
        continue
      } else if (node.depth === 3 && current && model.shape[current.key] === 'subsections') {
        currentItem = { title: text, anchor, nodes: [], position: node.position }
        current.items.push(currentItem)
        continue
      }
    }
    if (currentItem) currentItem.nodes.push(node)
    else current?.nodes.push(node)
  }

  if (introduction.nodes.length > 0) sections.introduction = introduction
  const misshapen = new Set<SectionKey>()
  for (const section of Object.values(sections)) if (!readShape(file, section, model)) misshapen.add(section.key)
  checkFootnotes(file, tree, sections, model)
  return { sections, anchors, misshapen, ...sourceOf(sections) }
}

/**
 * Ids the entry page gives its own elements (src/compile/site/layout.ts and entry-page.ts): the landmark
 * the skip link targets, the header search box, the related entries' heading and each checklist box. A
 * heading never takes one of them, or a link to it would land on the page's element instead.
 */
const pageIds = ['main', 'site-search-q', 'related-heading']
const pageIdPattern = /^check-\d+$/
/** The contact box's id when the entry has no contact section (it takes that section's id otherwise). */
const contactBoxId = 'contact-support'
/** The id of a heading whose text leaves no slug (only symbols or emoji), before de-duplication. */
const emptyHeadingId = 'heading'

/**
 * GitHub-style heading ids, unique in the entry: the slugger adds `-1`, `-2`… to a repeated slug and skips
 * slugs already taken (`a`, `a`, `a-1` → `a`, `a-1`, `a-1-1`), and ids of the page around the entry are taken
 * from the start.
 */
function headingSlugger(tree: Root, dictionary: ReturnType<SectionModel['headingsFor']>): (text: string) => string {
  const slugger = new GithubSlugger()
  const hasContactSection = tree.children.some((node) => node.type === 'heading' && node.depth === 2 && dictionary.get(normalizeHeading(toString(node))) === 'contactSupport')
  for (const id of [...pageIds, ...(hasContactSection ? [] : [contactBoxId])]) slugger.slug(id)
  return (text) => {
    const value = slug(text.normalize('NFC')) === '' ? emptyHeadingId : text.normalize('NFC')
    let anchor = slugger.slug(value)
    while (pageIdPattern.test(anchor)) anchor = slugger.slug(value)
    return anchor
  }
}

type Footnote = FootnoteReference | FootnoteDefinition

/**
 * A footnote is shown where its reference is, and only with a definition in the same part of the entry (the
 * page and the API render the introduction, each section and each `###` item on their own). Footnotes that
 * could not be shown, or that a second definition would replace, are reported instead of dropped.
 */
function checkFootnotes(file: VFile, tree: Root, sections: Partial<Record<SectionKey, Section>>, model: SectionModel): void {
  const all = footnotesIn(tree.children)
  if (all.length === 0) return
  const label = (node: Footnote) => node.label ?? node.identifier
  const key = (node: Footnote) => node.identifier.toUpperCase()
  const referenced = new Set(all.flatMap((node) => (node.type === 'footnoteReference' ? [key(node)] : [])))
  const defined = new Map<string, FootnoteDefinition>()
  for (const node of all) {
    if (node.type !== 'footnoteDefinition') continue
    const first = defined.get(key(node))
    if (first) {
      report(
        file,
        'footnote-unshown',
        `Unexpected second footnote \`[^${label(node)}]\`, expected each footnote once: only the first${first.position ? ` (line ${first.position.start.line})` : ''} is shown`,
        node.position,
        undefined,
        `脚注 \`[^${label(node)}]\` 写了第二次，每个脚注只能写一次：只会显示第一个${first.position ? `（第 ${first.position.start.line} 行）` : ''}`
      )
    } else {
      defined.set(key(node), node)
      if (!referenced.has(key(node))) report(file, 'footnote-unshown', `Unexpected footnote \`[^${label(node)}]\` that no text refers to, expected a reference \`[^${label(node)}]\`: it is shown only where it is referred to`, node.position, undefined, `没有任何文字引用脚注 \`[^${label(node)}]\`，请在正文里写上引用 \`[^${label(node)}]\`：脚注只在被引用的地方显示`)
    }
  }
  for (const section of Object.values(sections)) {
    const shape = model.shape[section.key]
    const name = section.heading ? `\`## ${section.heading}\`` : 'the introduction'
    const nameZh = section.heading ? `\`## ${section.heading}\` 部分` : '开头的介绍'
    // The page shows a checklist item by item, and nothing else of the section.
    const parts =
      shape === 'checklist'
        ? section.items.map((item) => ({ name: `a checklist item of ${name}`, same: 'the same checklist item', nameZh: `${nameZh}的一个检查项`, sameZh: '同一个检查项', nodes: item.nodes }))
        : [{ name, same: name, nameZh, sameZh: nameZh, nodes: section.nodes }]
    if (shape === 'subsections') for (const item of section.items) parts.push({ name: `\`### ${item.title ?? ''}\``, same: `\`### ${item.title ?? ''}\``, nameZh: `\`### ${item.title ?? ''}\` 小项`, sameZh: `\`### ${item.title ?? ''}\` 小项`, nodes: item.nodes })
    for (const part of parts) {
      const here = footnotesIn(part.nodes)
      const definedHere = new Set(here.flatMap((node) => (node.type === 'footnoteDefinition' ? [key(node)] : [])))
      for (const node of here) {
        if (node.type !== 'footnoteReference' || definedHere.has(key(node)) || !defined.has(key(node))) continue
        report(
          file,
          'footnote-unshown',
          `Unexpected footnote \`[^${label(node)}]\` in ${part.name} with its text outside it, expected \`[^${label(node)}]: …\` in ${part.same}: each part of the page shows only its own footnotes`,
          node.position,
          undefined,
          zh`${part.nameZh}里的脚注 \`[^${label(node)}]\` 的内容写在了别处，请把 \`[^${label(node)}]: …\` 写在${part.sameZh}里：页面的每一部分只显示自己的脚注`
        )
      }
    }
  }
}

function footnotesIn(nodes: readonly RootContent[]): Footnote[] {
  const found: Footnote[] = []
  const visit = (node: RootContent): void => {
    if (node.type === 'footnoteReference' || node.type === 'footnoteDefinition') found.push(node)
    if ('children' in node) for (const child of node.children) visit(child)
  }
  for (const node of nodes) visit(node)
  return found
}

/** Reads the items of a section by its shape; false when some content had the wrong shape. */
function readShape(file: VFile, section: Section, model: SectionModel): boolean {
  const shape = model.shape[section.key]
  let wellShaped = true
  if (shape === 'subsections') {
    if (section.key === 'causes' || section.key === 'faq') {
      for (const node of section.nodes) {
        if (node.type === 'heading' && node.depth > 3) {
          report(file, 'heading-level', `Unexpected \`${'#'.repeat(node.depth)}\` heading before the first \`###\`, expected each item to start with \`###\``, node.position, undefined, `第一个 \`###\` 之前出现了 \`${'#'.repeat(node.depth)}\` 标题，每一项都应以 \`###\` 标题开始`)
          wellShaped = false
        }
      }
    }
    return wellShaped
  }
  const lists = section.nodes.filter((node) => node.type === 'list')
  if (shape === 'prose') {
    section.items = lists.flatMap((list) => list.children.map(itemOf))
  } else if (shape === 'checklist') {
    // The page shows a checklist as its boxes alone: any other text in the section would not be shown.
    for (const node of section.nodes) {
      if (node.type === 'list' || node.type === 'html' || node.type === 'definition' || node.type === 'footnoteDefinition') continue
      report(file, 'section-shape', `Unexpected ${nodeName(node)} in \`## ${section.heading}\`, expected only task list items such as \`- [ ] …\`: other text is not shown`, node.position, undefined, zh`\`## ${section.heading}\` 里有${nodeNameZh(node)}，这里只能写任务列表项，例如 \`- [ ] …\`：其他内容不会显示`)
      wellShaped = false
    }
    for (const list of lists) {
      for (const item of list.children) {
        if (typeof item.checked === 'boolean') section.items.push(itemOf(item))
        else {
          const text = toString(item).slice(0, 30)
          report(file, 'section-shape', `Unexpected plain list item in \`## ${section.heading}\`, expected a task list item such as \`- [ ] ${text}\``, item.position, undefined, `\`## ${section.heading}\` 里有普通列表项，应写成任务列表项，例如 \`- [ ] ${text}\``)
          wellShaped = false
        }
      }
    }
  } else {
    const ordered = lists.filter((list) => list.ordered)
    section.items = ordered.flatMap((list) => list.children.map(itemOf))
    if (ordered.length === 0 && lists.length > 0) {
      report(file, 'section-shape', `Unexpected bulleted list in \`## ${section.heading}\`, expected numbered steps (\`1. …\`)`, lists[0]?.position, undefined, `\`## ${section.heading}\` 里用了无序列表，这里应写编号步骤（\`1. …\`）`)
      wellShaped = false
    }
  }
  return wellShaped
}

function nodeName(node: RootContent): string {
  const names: Partial<Record<RootContent['type'], string>> = { paragraph: 'paragraph', heading: 'heading', code: 'code block', blockquote: 'quote', table: 'table', thematicBreak: 'rule' }
  return names[node.type] ?? `\`${node.type}\``
}

function nodeNameZh(node: RootContent): string {
  const names: Partial<Record<RootContent['type'], string>> = { paragraph: '段落', heading: '标题', code: '代码块', blockquote: '引用', table: '表格', thematicBreak: '分隔线' }
  return names[node.type] ?? `\`${node.type}\``
}

function itemOf(item: ListItem): SectionItem {
  return { nodes: item.children as RootContent[], position: item.position }
}

function sourceOf(sections: Partial<Record<SectionKey, Section>>): Pick<ParsedBody, 'source' | 'places'> {
  const source: Record<string, unknown> = {}
  const places = new Map<string, Position>()
  for (const section of Object.values(sections)) {
    const base = `/sections/${section.key}`
    if (section.position) for (const suffix of ['', '/heading', '/text', '/items']) places.set(base + suffix, section.position)
    section.items.forEach((item, index) => {
      if (!item.position) return
      places.set(`${base}/items/${index}`, item.position)
      places.set(`${base}/items/${index}/title`, item.position)
      places.set(`${base}/items/${index}/text`, item.position)
    })
    source[section.key] = {
      heading: section.heading,
      text: textOf(section.nodes),
      items: section.items.map((item) => (item.title === undefined ? { text: textOf(item.nodes) } : { title: item.title, text: textOf(item.nodes) }))
    }
  }
  return { source: source as SourceSections, places }
}

function textOf(nodes: readonly RootContent[]): string {
  return nodes.map((node) => toString(node)).join('\n').trim()
}

function reportUnknownHeading(file: VFile, node: Heading, text: string, locale: string, model: SectionModel): void {
  const known = model.knownHeadings(locale).filter((item) => item.key !== 'introduction')
  const names = known.map((item) => item.heading)
  const suggestion = names.length > 0 ? closest(text, names) : undefined
  const close = suggestion !== undefined && distance(normalizeHeading(text), normalizeHeading(suggestion)) <= Math.max(1, Math.floor(suggestion.length / 3))
  const preferred = preferredHeadings(locale, model)
  // A heading of another language (`## FAQ` in a Chinese entry): name the section and this locale's heading.
  const other = model.locales.filter((candidate) => candidate !== locale).flatMap((candidate) => {
    const key = model.headingsFor(candidate).get(normalizeHeading(text))
    const own = key && model.knownHeadings(locale).find((item) => item.key === key)?.heading
    return own ? [{ candidate, own }] : []
  })[0]
  if (other) {
    report(file, 'section-unknown', `Unexpected section heading \`## ${text}\`, the ${other.candidate} heading of a section: in a ${locale} entry write \`## ${other.own}\``, node.position, undefined, `\`## ${text}\` 是 ${other.candidate} 的标题；${locale} 文章里应写 \`## ${other.own}\``)
    return
  }
  report(
    file,
    'section-unknown',
    `Unexpected section heading \`## ${text}\`${close ? `, did you mean \`## ${suggestion}\`?` : '.'} Known ${locale} sections: ${preferred.map((heading) => `\`${heading}\``).join(', ')}`,
    node.position,
    undefined,
    `没有 \`## ${text}\` 这个部分标题${didYouMeanZh(close ? `## ${suggestion}` : undefined)}${locale} 文章可以用的部分标题：${preferred.map((heading) => `\`${heading}\``).join('、')}`
  )
}

/** The first heading of each section in the dictionary, in section order. */
export function preferredHeadings(locale: string, model: SectionModel): string[] {
  const first = new Map<SectionKey, string>()
  for (const item of model.knownHeadings(locale)) if (!first.has(item.key)) first.set(item.key, item.heading)
  return model.keys.flatMap((key) => first.get(key) ?? [])
}

function orderedHeadings(locale: string, model: SectionModel): string {
  return preferredHeadings(locale, model).join(' → ')
}
