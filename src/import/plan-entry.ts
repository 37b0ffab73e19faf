import path from 'node:path'
import type { Root, RootContent } from 'mdast'
import { toMarkdown } from 'mdast-util-to-markdown'
import { gfmToMarkdown } from 'mdast-util-gfm'
import { toString } from 'mdast-util-to-string'
import { normalizeHeading, type SectionKey, type SectionModel } from '../parse/section-model.js'
import { frontmatterText } from '../new/frontmatter-text.js'
import { idFromTitle, isValidId } from '../new/entry-id.js'
import type { EntryType, frontmatterLimits } from '../new/skeleton.js'
import { convertForeignSyntax } from './foreign-syntax.js'
import { mapMetadata } from './foreign-frontmatter.js'
import { mapSections, type MappedBody } from './map-sections.js'
import type { ForeignArticle, ImportNote } from './foreign-article.js'

export interface EntryPlan {
  /** The id the title gives (the caller makes it free in the KB). */
  id: string
  type: EntryType
  title: string
  /** The entry's text without its frontmatter: what follows it in the file. */
  body: string
  frontmatter: Record<string, unknown>
  mapped: MappedBody['mapped']
  notes: ImportNote[]
}


/** A foreign article as a kb draft: frontmatter from its metadata, its sections mapped, the rest kept in the body. */
export function planEntry(article: ForeignArticle, options: { locale: string; category: string; today: string; model: SectionModel; limits: ReturnType<typeof frontmatterLimits> }): EntryPlan {
  const notes: ImportNote[] = [...article.notes]
  const { limits } = options
  const metadata = mapMetadata(article.metadata, notes)
  const alerts = convertForeignSyntax(article.body, options.locale, notes)
  const body = mapSections(article.body.children, options.locale, options.model, alerts, notes)
  // The type whose required sections the article has: troubleshooting needs causes, howto steps, faq questions.
  const { causes, steps, faq, symptoms } = body.sections
  const type: EntryType = causes ? 'troubleshooting' : steps ? 'howto' : faq ? 'faq' : symptoms ? 'troubleshooting' : 'howto'

  const file = article.origin.replace(/#[^/]*$/, '')
  let title = metadata.title ?? article.title ?? path.basename(file, path.extname(file))
  if ([...title].length > limits.title) {
    notes.push({ kind: 'converted', what: `the title was cut to ${limits.title} characters`, whatZh: `标题截短到 ${limits.title} 个字符`, text: title })
    title = [...title].slice(0, limits.title).join('')
  }
  const summary = chooseSummary([metadata.summary, article.summary, firstText(body.introduction), firstText(body.sections.symptoms ?? []), title], limits.summary, notes)
  const tags = metadata.tags.slice(0, limits.tags)
  if (metadata.tags.length > limits.tags) notes.push({ kind: 'frontmatter', what: `tags past the first ${limits.tags} were not kept`, whatZh: `只保留了前 ${limits.tags} 个标签`, text: metadata.tags.slice(limits.tags).join(', ') })
  if (!metadata.updated) notes.push({ kind: 'frontmatter', what: 'no date in the source: `updated` is today', whatZh: '原文没有日期：`updated` 用了今天' })
  const slug = typeof article.metadata['slug'] === 'string' && isValidId(article.metadata['slug']) ? article.metadata['slug'] : undefined
  const frontmatter: Record<string, unknown> = {
    id: slug ?? idFromTitle(title),
    type,
    title,
    summary,
    category: options.category,
    tags,
    status: 'draft',
    updated: metadata.updated ?? options.today,
    ...(metadata.keywords.length > 0 ? { keywords: metadata.keywords } : {})
  }
  return { id: String(frontmatter['id']), type, title, body: bodyMarkdown(body, options.locale, options.model), frontmatter, mapped: body.mapped, notes }
}

/** The file's whole text for an id: the frontmatter with that id, then the body. */
export function entryText(plan: EntryPlan, id: string): string {
  return `${frontmatterText({ ...plan.frontmatter, id })}\n\n${plan.body}`
}

function bodyMarkdown(body: MappedBody, locale: string, model: SectionModel): string {
  // A heading kb knows for the section keeps the writer's choice (`操作步骤`); any other becomes the locale's first.
  const own = model.headingsFor(locale)
  const headingOf = (key: SectionKey) => body.mapped.find((item) => item.section === key && own.get(normalizeHeading(item.heading)) === key)?.heading ?? model.knownHeadings(locale).find((item) => item.key === key)?.heading ?? key
  const children: RootContent[] = [...body.introduction]
  for (const key of model.keys) {
    const nodes = body.sections[key]
    if (!nodes || key === 'introduction') continue
    children.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: headingOf(key) }] }, ...nodes)
  }
  const tree: Root = { type: 'root', children }
  return toMarkdown(tree, { extensions: [gfmToMarkdown()], bullet: '-', listItemIndent: 'one', rule: '-', emphasis: '*', strong: '*', fences: true }).trim() + '\n'
}

function firstText(nodes: readonly RootContent[]): string | undefined {
  const paragraph = nodes.find((node) => node.type === 'paragraph' || node.type === 'list')
  return paragraph ? toString(paragraph).replace(/\s+/g, ' ').trim() : undefined
}

/** The first candidate long enough for a summary, cut after a sentence within the limit. */
function chooseSummary(candidates: readonly (string | undefined)[], maxLength: number, notes: ImportNote[]): string {
  const usable = candidates.find((candidate): candidate is string => candidate !== undefined && [...candidate].length >= 10) ?? candidates.find((candidate): candidate is string => Boolean(candidate)) ?? ''
  const characters = [...usable]
  if (characters.length <= maxLength) return usable
  const within = characters.slice(0, maxLength).join('')
  const end = Math.max(...['。', '！', '？', '. ', '! ', '? '].map((mark) => within.lastIndexOf(mark)))
  const cut = end > maxLength / 3 ? within.slice(0, end + 1).trim() : within
  notes.push({ kind: 'converted', what: `the summary was cut to ${[...cut].length} characters`, whatZh: `摘要截短到 ${[...cut].length} 个字符`, text: usable })
  return cut
}
