import type { VFile } from 'vfile'
import type { Point } from 'unist'
import { lineIndex } from '../diagnostics/line-index.js'
import { placeholderMarks } from '../new/placeholders.js'
import { report } from '../diagnostics/report.js'
import { validatorFor } from './schemas.js'
import { reportSchemaErrors } from './schema-errors.js'
import { checkEntrySafety, type AllowedUrl, type ExternalLink } from './safety/check-entry-safety.js'
import { placeOfPath, type YamlSource } from '../parse/yaml.js'
import { checkImageReferences } from './images.js'
import type { EntryPath, ParsedEntry } from '../parse/entry.js'
import type { SectionKey, SectionModel } from '../parse/section-model.js'
import type { SafetyPolicy } from './safety/policy.js'
import type { Frontmatter } from '../types/entry-source.js'
import type { KbConfig } from '../types/config.js'

export interface EntryContext {
  config: KbConfig
  model: SectionModel
  policy: SafetyPolicy
}

export interface EntryVerdict {
  /** Set only when the frontmatter passed the schema (its sections may still have failed). */
  frontmatter: Frontmatter | undefined
  /** External links and bare URLs with the safety rules' verdicts, for `kb links`. */
  externalLinks: ExternalLink[]
}

/**
 * Every rule that needs only this entry: the schema (frontmatter and sections), the frontmatter against the
 * file's place, and reader safety. Messages go on the entry's file.
 */
export function validateEntry(entry: ParsedEntry, location: EntryPath | undefined, context: EntryContext): EntryVerdict {
  const verdict: EntryVerdict = { frontmatter: undefined, externalLinks: [] }
  const { file, text, yaml } = entry
  if (text === undefined) return verdict
  if (!entry.tree) {
    // The body was refused by the Markdown limits: the frontmatter alone is still checked for safety.
    if (yaml && entry.frontmatterTree) verdict.externalLinks = checkEntrySafety(file, text, entry.frontmatterTree, yaml, [], context.policy)
    return verdict
  }
  const locale = location?.locale ?? context.config.defaultLocale
  const data = yaml?.data
  if (yaml && data !== undefined && entry.body) {
    const body = entry.body
    const validate = validatorFor('entry.schema.json')
    if (validate({ frontmatter: data, sections: body.source })) {
      verdict.frontmatter = data as Frontmatter
    } else {
      const frontmatterType = (data as { type?: unknown }).type
      reportSchemaErrors(file, validate.errors ?? [], {
        yaml,
        yamlPrefix: '/frontmatter',
        places: body.places,
        noun: 'frontmatter',
        nounZh: '文件头',
        fallback: placeOfPath(yaml, []),
        describeSection: (key) => describeMissingSection(key, String(frontmatterType), locale, context.model),
        sectionHeading: (key) => body.sections[key as SectionKey]?.heading,
        skip: (error) => error.keyword === 'minItems' && [...body.misshapen].some((key) => error.instancePath === `/sections/${key}/items`)
      })
      // Later rules still need what can be trusted of the frontmatter.
      const errorsInFrontmatter = (validate.errors ?? []).some((error) => error.keyword !== 'if' && !error.instancePath.startsWith('/sections'))
      if (!errorsInFrontmatter) verdict.frontmatter = data as Frontmatter
    }
    if (location) checkFrontmatterAgainstPath(file, yaml, data, location, context.config)
    checkPlaceholders(file, text, data)
  }
  verdict.externalLinks = checkEntrySafety(file, text, entry.tree, yaml, allowedUrls(data), context.policy)
  checkImageReferences(file, entry.images, context.policy)
  return verdict
}

/** The entry's `allow` list as far as it is well formed (the schema reports the rest). */
export function allowedUrls(data: unknown): AllowedUrl[] {
  const allow = (data as { allow?: unknown } | null | undefined)?.allow
  if (!Array.isArray(allow)) return []
  return allow.filter((item): item is AllowedUrl => typeof item?.url === 'string' && typeof item?.reason === 'string')
}

function describeMissingSection(key: string, type: string, locale: string, model: SectionModel): { en: string; zh: string } {
  const heading = model.knownHeadings(locale).find((item) => item.key === key)?.heading ?? key
  return { en: `section \`## ${heading}\` (${key}), required in ${type} entries`, zh: ` \`## ${heading}\` 部分（${key}），${type} 类型的文章必须有这一部分` }
}

/**
 * Checks frontmatter values against the file's place. Runs on the raw data, each check only when its
 * value has the right type, so these problems show in the same run as schema errors.
 */
function checkFrontmatterAgainstPath(file: VFile, yaml: YamlSource, data: unknown, location: EntryPath, config: KbConfig): void {
  if (typeof data !== 'object' || data === null) return
  const raw = data as Record<string, unknown>
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' ? raw[key] : undefined)
  const frontmatter = { id: text('id'), locale: text('locale'), category: text('category'), reviewed: text('reviewed'), updated: text('updated') }
  if (frontmatter.id !== undefined && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(frontmatter.id) && frontmatter.id !== location.name) {
    report(file, 'entry-id-mismatch', `Unexpected id \`${frontmatter.id}\` in \`${location.name}.md\`, expected \`${location.name}\``, placeOfPath(yaml, ['id']), undefined, `文件 \`${location.name}.md\` 的 \`id\` 写成了 \`${frontmatter.id}\`，应与文件名一致：\`${location.name}\``)
  }
  if (frontmatter.locale !== undefined && frontmatter.locale !== location.locale) {
    report(file, 'entry-locale-mismatch', `Unexpected locale \`${frontmatter.locale}\` in the \`${location.locale}\` folder, expected \`${location.locale}\``, placeOfPath(yaml, ['locale']), undefined, `文章在 \`${location.locale}\` 文件夹里，\`locale\` 却写成了 \`${frontmatter.locale}\`，应为 \`${location.locale}\``)
  }
  if (frontmatter.category === undefined) {
    // Reported by the schema.
  } else if (!config.categories.some((category) => category.id === frontmatter.category)) {
    const known = config.categories.map((category) => `\`${category.id}\``)
    report(file, 'entry-category-unknown', `Unexpected category \`${frontmatter.category}\`, expected one of ${known.join(', ')}`, placeOfPath(yaml, ['category']), undefined, `没有 \`${frontmatter.category}\` 这个分类，应是以下之一：${known.join('、')}`)
  } else if (frontmatter.category !== location.category) {
    report(file, 'entry-category-mismatch', `Unexpected category \`${frontmatter.category}\` in the \`${location.category}\` folder, expected \`${location.category}\``, placeOfPath(yaml, ['category']), undefined, `文章在 \`${location.category}\` 文件夹里，\`category\` 却写成了 \`${frontmatter.category}\`，应为 \`${location.category}\``)
  }
  if (frontmatter.reviewed !== undefined && frontmatter.updated !== undefined && frontmatter.reviewed > frontmatter.updated) {
    report(file, 'entry-reviewed-after-updated', `Unexpected \`reviewed\` ${frontmatter.reviewed} after \`updated\` ${frontmatter.updated}, expected a review of the current text`, placeOfPath(yaml, ['reviewed']), undefined, `审核日期 \`reviewed\`（${frontmatter.reviewed}）晚于更新日期 \`updated\`（${frontmatter.updated}）；审核的应是当前的文字，请检查这两个日期`)
  }
}

/**
 * The placeholders `kb new` writes are fine in a draft and never in an entry on its way to readers: each one
 * left in an entry in review or published is reported where it is.
 */
function checkPlaceholders(file: VFile, text: string, data: unknown): void {
  const status = (data as { status?: unknown } | null)?.status
  if (status !== 'published' && status !== 'review') return
  let pointAt: ((offset: number) => Point) | undefined
  for (const mark of placeholderMarks) {
    for (let offset = text.indexOf(mark); offset !== -1; offset = text.indexOf(mark, offset + mark.length)) {
      pointAt ??= lineIndex(text)
      const place = { start: pointAt(offset), end: pointAt(offset + mark.length) }
      report(file, 'placeholder-text', `Unexpected placeholder \`${mark}\` from kb new in an entry with status \`${status}\`, expected the entry's own text here`, place, undefined, `状态为 \`${status}\` 的文章里还留有 kb new 生成的占位文字 \`${mark}\`，这里应换成正文`)
    }
  }
}
