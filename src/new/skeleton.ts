import { frontmatterText } from './frontmatter-text.js'
import { readSchema } from '../load/schema-files.js'
import type { SectionKey, SectionModel } from '../parse/section-model.js'
import type { Frontmatter } from '../types/entry-source.js'
import { placeholderPrefix } from './placeholders.js'

export type EntryType = Frontmatter['type']

/**
 * What a skeleton says, per locale: the marker that makes every placeholder easy to find (and that `kb check`
 * refuses in an entry about to be published), the guidance for each section, shown as Markdown comments
 * that nothing renders, and the placeholder text.
 */
interface SkeletonText {
  mark: string
  summary: string
  introduction: string
  optional: (headings: string) => string
  /** Where the entry's screenshots go, and how to link one. */
  images: (id: string) => string
  sections: Record<SectionKey, { guidance: string; placeholder: string; second?: string }>
}

const texts: Record<'zh-CN' | 'en', SkeletonText> = {
  'zh-CN': {
    mark: placeholderPrefix('zh-CN'),
    summary: '用一两句话说明这篇解决什么问题。',
    introduction: '一两句开场：这篇帮读者解决什么。',
    optional: (headings) => `需要时可再加这些部分（标题照写）：${headings}`,
    images: (id) => `截图放在本文件旁的 ${id}.assets/ 文件夹里，这样引用：![写出图片显示了什么](${id}.assets/截图.png)。多篇文章共用的图片放在 content/_media/。`,
    sections: {
      introduction: { guidance: '', placeholder: '' },
      symptoms: { guidance: '读者看到了什么：界面上的提示、错误信息原文（用 `反引号` 括起来），发生在哪一步。', placeholder: '读者看到的现象，例如提示 `……`。' },
      checklist: { guidance: '开始之前读者要确认的事，每条一个勾选框。', placeholder: '第一件要确认的事', second: '第二件要确认的事' },
      causes: { guidance: '每个原因一个 ### 小标题，下面写怎样确认、怎样解决。', placeholder: '第一个原因', second: '怎样确认是这个原因，以及怎样解决。' },
      steps: { guidance: '按顺序写出操作步骤，每步一个动作，界面上的文字照原样写。', placeholder: '第一步', second: '第二步' },
      contactSupport: { guidance: '何时联系客服、要准备哪些信息。只写官方渠道：帮助中心会自动显示配置里的官方联系方式。', placeholder: '什么情况下联系客服，联系时准备好哪些信息。' },
      warnings: { guidance: '风险提醒：资金、账户安全、不可撤销的操作。', placeholder: '读者必须知道的风险。' },
      faq: { guidance: '每个问题一个 ### 小标题，用读者的话问，下面直接回答。', placeholder: '读者会问的问题？', second: '直接的回答。' }
    }
  },
  en: {
    mark: placeholderPrefix('en'),
    summary: 'One or two sentences on what this entry solves.',
    introduction: 'One or two sentences: what this entry helps the reader do.',
    optional: (headings) => `Add these sections when they help (headings as written): ${headings}`,
    images: (id) => `Screenshots go in the ${id}.assets/ folder beside this file, linked like this: ![What the image shows](${id}.assets/screenshot.png). Images several entries share go in content/_media/.`,
    sections: {
      introduction: { guidance: '', placeholder: '' },
      symptoms: { guidance: 'What the reader sees: the message on screen word for word (in `backticks`), and at which step.', placeholder: 'What the reader sees, such as the message `…`.' },
      checklist: { guidance: 'What the reader should check before starting, one checkbox each.', placeholder: 'The first thing to check', second: 'The second thing to check' },
      causes: { guidance: 'One ### heading per cause, then how to confirm it and how to fix it.', placeholder: 'The first cause', second: 'How to tell it is this cause, and how to fix it.' },
      steps: { guidance: 'The steps in order, one action each, with the words on screen exactly as shown.', placeholder: 'First step', second: 'Second step' },
      contactSupport: { guidance: 'When to contact support and what to have ready. Official channels only: the page shows the configured ones.', placeholder: 'When to contact support, and what to have ready.' },
      warnings: { guidance: 'Risks: funds, account security, steps that cannot be undone.', placeholder: 'What the reader must know before acting.' },
      faq: { guidance: 'One ### heading per question, asked in the reader’s words, answered right below.', placeholder: 'A question readers ask?', second: 'The direct answer.' }
    }
  }
}

function textFor(locale: string): SkeletonText {
  return locale.startsWith('zh') ? texts['zh-CN'] : texts.en
}

/** The types entries may have and the sections each one requires, as the entry schema declares them. */
export function entryTypes(): { types: EntryType[]; required: Record<string, SectionKey[]> } {
  const schema = readSchema('entry.schema.json') as {
    allOf: { if: { $ref: string }; then: { properties: { sections: { required: SectionKey[] } } } }[]
    $defs: { frontmatter: { properties: { type: { enum: EntryType[] } } } }
  }
  const required: Record<string, SectionKey[]> = {}
  for (const rule of schema.allOf) required[rule.if.$ref.split('/').at(-1) ?? ''] = rule.then.properties.sections.required
  return { types: schema.$defs.frontmatter.properties.type.enum, required }
}

/** The frontmatter's limits as the entry schema declares them: the longest title and summary, the most tags. */
export function frontmatterLimits(): { title: number; summary: number; tags: number } {
  const schema = readSchema('entry.schema.json') as { $defs: { frontmatter: { properties: Record<'title' | 'summary' | 'tags', { maxLength?: number; maxItems?: number }> } } }
  const { title, summary, tags } = schema.$defs.frontmatter.properties
  if (title.maxLength === undefined || summary.maxLength === undefined || tags.maxItems === undefined) throw new Error('schemas/entry.schema.json lost the limits of title, summary or tags')
  return { title: title.maxLength, summary: summary.maxLength, tags: tags.maxItems }
}

/** Sections a skeleton of each type offers beyond the required ones, named in a comment at its end. */
const optionalSections: Record<EntryType, SectionKey[]> = {
  troubleshooting: ['checklist', 'contactSupport', 'warnings', 'faq'],
  howto: ['checklist', 'warnings', 'faq'],
  faq: ['warnings']
}

export interface SkeletonInput {
  id: string
  type: EntryType
  locale: string
  category: string
  title: string
  /** YYYY-MM-DD */
  today: string
}

/**
 * A new entry that passes `kb check` as a draft: the type's required sections under the locale's own
 * headings, each with a placeholder marked for the editor and guidance in comments that nothing renders.
 */
export function entrySkeleton(input: SkeletonInput, model: SectionModel): string {
  const text = textFor(input.locale)
  const headingOf = (key: SectionKey) => model.knownHeadings(input.locale).find((item) => item.key === key)?.heading
  const required = entryTypes().required[input.type] ?? []
  const frontmatter = { id: input.id, type: input.type, title: input.title, summary: text.mark + text.summary, category: input.category, tags: [], status: 'draft', updated: input.today }
  const out = [frontmatterText(frontmatter), '', text.mark + text.introduction, '', `<!-- ${text.images(input.id)} -->`, '']
  for (const key of model.keys.filter((candidate) => required.includes(candidate))) {
    const heading = headingOf(key)
    if (!heading) throw new Error(`No heading for the ${key} section in locale ${input.locale}`)
    const section = text.sections[key]
    out.push(`## ${heading}`, '', `<!-- ${section.guidance} -->`, '', ...placeholderBody(model.shape[key], text.mark, section), '')
  }
  const optional = optionalSections[input.type].flatMap((key) => {
    const heading = headingOf(key)
    return heading ? [`## ${heading}`] : []
  })
  if (optional.length > 0) out.push(`<!-- ${text.optional(optional.join(', '))} -->`, '')
  return out.join('\n')
}

function placeholderBody(shape: SectionModel['shape'][SectionKey], mark: string, section: SkeletonText['sections'][SectionKey]): string[] {
  if (shape === 'checklist') return [`- [ ] ${mark}${section.placeholder}`, `- [ ] ${mark}${section.second ?? section.placeholder}`]
  if (shape === 'ordered') return [`1. ${mark}${section.placeholder}`, `2. ${mark}${section.second ?? section.placeholder}`]
  if (shape === 'subsections') return [`### ${mark}${section.placeholder}`, '', `${mark}${section.second ?? section.placeholder}`]
  return [mark + section.placeholder]
}
