import path from 'node:path'
import { frontmatterText } from './frontmatter-text.js'
import { normalizeHeading, type SectionModel } from '../parse/section-model.js'
import { splitFrontmatter } from '../parse/frontmatter.js'
import { placeholderPrefix } from './placeholders.js'
import type { Frontmatter } from '../types/entry-source.js'

export interface TranslationInput {
  /** The source entry's frontmatter (valid) and file text, and where it is. */
  source: { frontmatter: Frontmatter; text: string; path: string; locale: string; version: string }
  locale: string
  /** YYYY-MM-DD: the translation's own `updated`, a date for its readers. */
  today: string
  /** Whether an entry of `id` exists in the translation's locale, for links between entries. */
  exists: (locale: string, relativePath: string) => boolean
}

/**
 * The skeleton of a translation: the source's structure line for line (sections under the target locale's
 * headings, the same lists, causes and questions, code blocks as they are), each text marked as a
 * placeholder in front of the source's own words, so the translator replaces text in place and `kb check`
 * refuses to publish what is not translated yet. The frontmatter records the source version it translates.
 */
export function translationSkeleton(input: TranslationInput, model: SectionModel): string {
  const { source, locale } = input
  const mark = placeholderPrefix(locale)
  const fm = source.frontmatter
  const frontmatter: Record<string, unknown> = {
    id: fm.id,
    type: fm.type,
    title: mark + fm.title,
    summary: mark + fm.summary,
    category: fm.category,
    tags: [],
    status: 'draft',
    updated: input.today,
    sourceHash: source.version,
    ...(fm.related ? { related: fm.related } : {}),
    ...(fm.platforms ? { platforms: fm.platforms } : {}),
    ...(fm.owner ? { owner: fm.owner } : {}),
    ...(fm.allow ? { allow: fm.allow } : {})
  }
  const body = (splitFrontmatter(source.text)?.body ?? source.text).replace(/\r\n?/g, '\n')
  const headings = model.headingsFor(source.locale)
  const targetHeading = (text: string) => {
    const key = headings.get(normalizeHeading(text))
    return (key && model.knownHeadings(locale).find((item) => item.key === key)?.heading) ?? mark + text
  }
  const out: string[] = []
  let fence: string | undefined
  let paragraphOpen = false
  for (const line of body.split('\n')) {
    if (fence !== undefined) {
      out.push(line)
      if (line.trimStart().startsWith(fence)) fence = undefined
      continue
    }
    const opening = /^\s*(`{3,}|~{3,})/.exec(line)
    if (opening) {
      fence = opening[1]?.[0]?.repeat(opening[1].length)
      paragraphOpen = false
      out.push(line)
      continue
    }
    const withLinks = relinkedImages(relinked(line, input), input)
    const heading = /^(#{2,6})\s+(.*)$/.exec(withLinks)
    const item = /^(\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)(.*)$/.exec(withLinks)
    if (line.trim() === '') {
      paragraphOpen = false
      out.push(line)
    } else if (heading) {
      paragraphOpen = false
      out.push(heading[1] === '##' ? `## ${targetHeading(heading[2] ?? '')}` : `${heading[1]} ${mark}${heading[2]}`)
    } else if (item) {
      paragraphOpen = true
      out.push(item[2] ? `${item[1]}${mark}${item[2]}` : withLinks)
    } else if (/^\s*(<!--|\[[^\]]+\]:\s|\|)/.test(line) || paragraphOpen) {
      // Comments, link definitions, tables and a paragraph's later lines stay as they are.
      paragraphOpen = !/^\s*(<!--|\[[^\]]+\]:\s)/.test(line)
      out.push(withLinks)
    } else {
      paragraphOpen = true
      const quote = /^(\s*(?:>\s?)+)(.*)$/.exec(withLinks)
      out.push(quote ? `${quote[1]}${mark}${quote[2]}` : mark + withLinks)
    }
  }
  return [frontmatterText(frontmatter), ...out].join('\n').replace(/\n*$/, '\n')
}

/**
 * A link to another entry that has no translation in this locale yet points at the source locale's entry,
 * so the skeleton passes `kb check` and readers reach the entry in the language it exists in.
 */
function relinked(line: string, input: TranslationInput): string {
  return line.replace(/(\]\()([^)\s#]+\.md)(#[^)\s]*)?(\))/g, (whole, open: string, target: string, anchor: string | undefined, close: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) return whole
    const fromSource = path.posix.join(path.posix.dirname(input.source.path), safeDecode(target))
    const inTarget = fromSource.replace(`content/${input.source.locale}/`, `content/${input.locale}/`)
    if (!fromSource.startsWith(`content/${input.source.locale}/`)) return whole
    const ownPath = input.source.path.replace(`content/${input.source.locale}/`, `content/${input.locale}/`)
    // The translated entry's anchors are its own headings, not known yet: the link goes to the page.
    if (input.exists(input.locale, inTarget)) return `${open}${target}${close}`
    // Anchors are the source entry's, so they still resolve.
    return `${open}${path.posix.relative(path.posix.dirname(ownPath), fromSource)}${anchor ?? ''}${close}`
  })
}

/**
 * An image of the source entry's own `.assets/` folder stays the source's until the translator puts a
 * screenshot of the translated interface in place: the skeleton links it where it is, so no image is missing.
 * Shared images (`content/_media/`) resolve the same from every locale and stay as written.
 */
function relinkedImages(line: string, input: TranslationInput): string {
  return line.replace(/(!\[[^\]]*\]\()([^)\s]+)(\))/g, (whole, open: string, target: string, close: string) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/') || target.startsWith('//')) return whole
    const fromSource = path.posix.normalize(path.posix.join(path.posix.dirname(input.source.path), safeDecode(target)))
    if (!fromSource.startsWith(`content/${input.source.locale}/`)) return whole
    const ownPath = input.source.path.replace(`content/${input.source.locale}/`, `content/${input.locale}/`)
    return `${open}${encodeURI(path.posix.relative(path.posix.dirname(ownPath), fromSource))}${close}`
  })
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
