import type { Heading, List, ListItem, Paragraph, PhrasingContent, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import type { SectionKey, SectionModel } from '../parse/section-model.js'
import type { ImportNote } from './foreign-article.js'
import { sectionFor } from './section-mapping.js'
import { isNumberedItem, withoutItemNumber } from './seed-shape.js'

export interface MappedBody {
  introduction: RootContent[]
  sections: Partial<Record<SectionKey, RootContent[]>>
  /** Each source section heading and the kb section it went to (`introduction` when kept there as a sub-heading). */
  mapped: { heading: string; section: SectionKey; line: number | undefined }[]
}

interface SourceSection {
  heading: string
  key: SectionKey | undefined
  nodes: RootContent[]
  line: number | undefined
  numbered: boolean
}

const proseKeys = new Set<SectionKey>(['symptoms', 'contactSupport', 'warnings'])

/**
 * The body's `##` sections mapped to kb's sections, each reshaped as kb reads that section: a checklist as
 * task items, steps as a numbered list, causes and questions as `###` items. Nothing is dropped: a section
 * kb has no place for stays in the body under its own heading (in the section before it, or the introduction),
 * and text a section's shape cannot hold moves to the introduction; every such move is a note.
 */
export function mapSections(children: readonly RootContent[], locale: string, model: SectionModel, alerts: readonly RootContent[], notes: ImportNote[]): MappedBody {
  const introduction: RootContent[] = []
  const found: SourceSection[] = []
  for (const node of children) {
    if (node.type === 'heading' && node.depth <= 2) {
      const heading = toString(node).trim()
      found.push({ heading, key: sectionFor(heading, locale, model), nodes: [], line: node.position?.start.line, numbered: Boolean((node.data as { numbered?: boolean } | undefined)?.numbered) })
      continue
    }
    const current = found.at(-1)
    if (current) current.nodes.push(node)
    else introduction.push(node)
  }

  const sections: Partial<Record<SectionKey, RootContent[]>> = {}
  const mapped: MappedBody['mapped'] = []
  const firstList = introduction.findIndex((node) => node.type === 'list')
  if (found.length === 0 && firstList !== -1) {
    // No sections at all, but a list (tldr pages, short how-tos): the list and what follows it are the steps.
    notes.push({ kind: 'converted', what: 'the body, a list without sections, became the steps', whatZh: '正文是一个没有分节的列表：成了“解决步骤”' })
    sections.steps = introduction.splice(firstList)
  }
  const counts = new Map<SectionKey, number>()
  for (const section of found) if (section.key) counts.set(section.key, (counts.get(section.key) ?? 0) + 1)
  let previous: SectionKey | 'introduction' = 'introduction'
  for (const section of found) {
    if (!section.key) {
      // Kept under its own heading, where a reader finds it next to what came before it.
      const home: SectionKey | 'introduction' = previous !== 'introduction' && proseKeys.has(previous) ? previous : 'introduction'
      const target = home === 'introduction' ? introduction : (sections[home] ??= [])
      target.push(subheading(section.heading, 3), ...demoted(section.nodes))
      notes.push({ kind: 'unmapped', what: `\`${section.heading}\` matches no kb section: kept as a sub-heading in ${home === 'introduction' ? 'the introduction' : `the ${home} section`}`, whatZh: `\`${section.heading}\` 对应不上 kb 的任何部分：作为小标题保留在${home === 'introduction' ? '开头' : ` ${home} 部分`}`, line: section.line })
      mapped.push({ heading: section.heading, section: home === 'introduction' ? 'introduction' : home, line: section.line })
      continue
    }
    const key = section.key
    if (key === 'introduction') {
      // `## Summary` only announces the opening text: its text joins the introduction, the word goes in the report.
      introduction.push(...demoted(section.nodes))
      notes.push({ kind: 'moved', what: `the text under \`${section.heading}\` joined the introduction`, whatZh: `\`${section.heading}\` 下的文字并入了开头`, line: section.line })
      mapped.push({ heading: section.heading, section: 'introduction', line: section.line })
      continue
    }
    const target = (sections[key] ??= [])
    const several = (counts.get(key) ?? 0) > 1
    if (model.shape[key] === 'subsections' && several) target.push(subheading(withoutItemNumber(section.heading), 3), ...demoted(section.nodes))
    else if (target.length > 0 && model.shape[key] !== 'checklist') target.push(subheading(section.heading, 3), ...demoted(section.nodes))
    else target.push(...section.nodes)
    mapped.push({ heading: section.heading, section: key, line: section.line })
    previous = key
  }
  if (alerts.length > 0) (sections.warnings ??= []).push(...alerts)

  for (const key of ['causes', 'faq'] as const) if (sections[key]) sections[key] = asItems(sections[key])
  if (sections.causes && !sections.causes.some((node) => node.type === 'heading' && node.depth === 3)) sections.causes = oneCause(sections.causes, locale, notes)
  if (sections.checklist) {
    const subsections = splitSubsections(sections.checklist)
    if (!sections.steps && subsections.items.length > 1 && subsections.items.every((item) => item.numbered)) {
      // Numbered preparations are the steps of the fix: `1. 清空资产` `2. 撤销挂单` `3. 等冷静期结束`.
      notes.push({ kind: 'converted', what: 'numbered items of a preparation section became the steps', whatZh: '准备部分里编了号的各项成了“解决步骤”' })
      sections.steps = [...subsections.before, orderedList(subsections.items)]
      delete sections.checklist
      for (const item of mapped) if (item.section === 'checklist') item.section = 'steps'
    } else {
      sections.checklist = asChecklist(sections.checklist, introduction, notes)
    }
  }
  if (!sections.checklist) {
    const moved = checklistFromPreparation(sections, notes)
    if (moved) sections.checklist = moved
  }
  if (sections.steps) sections.steps = asSteps(sections.steps, notes)
  if (!sections.symptoms && sections.causes && introduction.length > 0) {
    // A troubleshooting post opens with the problem: a careful editor makes that the symptoms.
    notes.push({ kind: 'moved', what: 'the opening text became the symptoms (the source has no symptoms section)', whatZh: '开头的文字成了“症状”（原文没有症状部分）' })
    sections.symptoms = introduction.splice(0, introduction.length)
  }
  return { introduction, sections, mapped }
}

function subheading(text: string, depth: 3): Heading {
  return { type: 'heading', depth, children: [{ type: 'text', value: text }] }
}

/** Headings inside a section moved under a new `###`: one level deeper, so they stay beneath it. */
function demoted(nodes: readonly RootContent[]): RootContent[] {
  return nodes.map((node) => (node.type === 'heading' && node.depth >= 3 ? { ...node, depth: Math.min(6, node.depth + 1) as Heading['depth'] } : node))
}

/** Causes and questions: `###` items, their numbering (`故障点一：`, `Cause 2:`) taken off; deeper headings before the first item become items. */
function asItems(nodes: RootContent[]): RootContent[] {
  let seenItem = false
  return nodes.map((node) => {
    if (node.type !== 'heading') return node
    if (node.depth > 3 && !seenItem) node = { ...node, depth: 3 }
    if (node.depth === 3) {
      seenItem = true
      const text = toString(node)
      if (isNumberedItem(text)) return subheading(withoutItemNumber(text), 3)
    }
    return node
  })
}

/**
 * A cause written as prose, with no `###` item: one item, titled by its first sentence when that is short
 * enough for a heading, else by the word for a cause.
 */
function oneCause(nodes: RootContent[], locale: string, notes: ImportNote[]): RootContent[] {
  const first = nodes.find((node) => node.type === 'paragraph')
  const sentence = first ? /^[^。！？.!?]*[。！？.!?]?/.exec(toString(first).trim())?.[0]?.replace(/[。.]$/, '') : undefined
  const title = sentence && [...sentence].length <= 60 && [...sentence].length >= 2 ? sentence : locale.startsWith('zh') ? '原因说明' : 'The cause'
  notes.push({ kind: 'converted', what: `the cause, written as prose, became one cause titled \`${title}\``, whatZh: `原因写成了一段文字：成为一个原因，标题为 \`${title}\`` })
  return [subheading(title, 3), ...nodes]
}

interface Subsections {
  before: RootContent[]
  items: { title: string; numbered: boolean; nodes: RootContent[] }[]
}

function splitSubsections(nodes: readonly RootContent[]): Subsections {
  const result: Subsections = { before: [], items: [] }
  for (const node of nodes) {
    if (node.type === 'heading' && node.depth === 3) {
      const text = toString(node)
      result.items.push({ title: withoutItemNumber(text), numbered: isNumberedItem(text) || Boolean((node.data as { numbered?: boolean } | undefined)?.numbered), nodes: [] })
      continue
    }
    const item = result.items.at(-1)
    if (item) item.nodes.push(node)
    else result.before.push(node)
  }
  return result
}

/** Items as one numbered list: each item's title in bold, then its text (its headings as bold lines). */
function orderedList(items: Subsections['items']): List {
  return { type: 'list', ordered: true, start: 1, spread: true, children: items.map((item) => listItem(item.title, item.nodes, undefined)) }
}

function listItem(title: string, nodes: readonly RootContent[], checked: boolean | undefined): ListItem {
  const lead: Paragraph = { type: 'paragraph', children: [checked === undefined ? { type: 'strong', children: [{ type: 'text', value: title }] } : { type: 'text', value: title }] }
  const body = nodes.map((node) => (node.type === 'heading' ? ({ type: 'paragraph', children: [{ type: 'strong', children: node.children as PhrasingContent[] }] } satisfies Paragraph) : node))
  return { type: 'listItem', spread: body.length > 0, ...(checked === undefined ? {} : { checked }), children: [lead, ...(body as ListItem['children'])] }
}

/** A checklist holds task items only: lists become task lists, `###` items task items, other text moves to the introduction. */
function asChecklist(nodes: RootContent[], introduction: RootContent[], notes: ImportNote[]): RootContent[] {
  const { before, items } = splitSubsections(nodes)
  const out: RootContent[] = []
  for (const node of before) {
    if (node.type === 'list') out.push(asTaskList(node))
    else {
      introduction.push(node)
      notes.push({ kind: 'moved', what: 'text of the preparation section moved to the introduction (a checklist holds task items only)', whatZh: '准备部分里的文字移到了开头（“开始之前”只能放勾选项）', text: toString(node), line: node.position?.start.line })
    }
  }
  if (items.length > 0) out.push({ type: 'list', ordered: false, spread: items.some((item) => item.nodes.length > 0), children: items.map((item) => listItem(item.title, item.nodes, false)) })
  return out
}

function asTaskList(list: List): List {
  return { ...list, ordered: false, children: list.children.map((item) => ({ ...item, checked: typeof item.checked === 'boolean' ? item.checked : false })) }
}

/**
 * Steps are numbered: a bulleted list becomes numbered, `###` items with no list become a numbered list, and
 * prose with neither is one step (a resolution written as a paragraph is still what to do).
 */
function asSteps(nodes: RootContent[], notes: ImportNote[]): RootContent[] {
  const hasList = nodes.some((node) => node.type === 'list')
  if (!hasList) {
    const { before, items } = splitSubsections(nodes)
    if (items.length > 1) return [...before, orderedList(items)]
    if (nodes.length === 0) return nodes
    notes.push({ kind: 'converted', what: 'steps written as prose became one numbered step', whatZh: '写成一段文字的步骤成了一个编号步骤' })
    const body = nodes.map((node) => (node.type === 'heading' ? ({ type: 'paragraph', children: [{ type: 'strong', children: node.children as PhrasingContent[] }] } satisfies Paragraph) : node))
    return [{ type: 'list', ordered: true, start: 1, spread: true, children: [{ type: 'listItem', spread: true, children: body as ListItem['children'] }] }]
  }
  // Lists cut apart by text between them (a command under each step) go on counting where the last one stopped.
  let counted = 0
  return nodes.map((node) => {
    if (node.type !== 'list') return node
    const start = node.ordered ? (node.start ?? 1) : counted + 1
    counted = start + node.children.length - 1
    if (node.ordered) return node
    notes.push({ kind: 'converted', what: 'a bulleted list in the steps became numbered', whatZh: '步骤里的无序列表改成了编号列表', line: node.position?.start.line })
    return { ...node, ordered: true, start, children: node.children.map((item) => ({ ...item, checked: null })) }
  })
}

/**
 * No checklist section, but a `###` part saying what to prepare (`准备好重要信息`, `Before you contact support`)
 * holds a list: that list is the checklist. The part's other text stays where it is.
 */
function checklistFromPreparation(sections: Partial<Record<SectionKey, RootContent[]>>, notes: ImportNote[]): RootContent[] | undefined {
  for (const key of ['contactSupport', 'symptoms', 'warnings', 'steps'] as const) {
    const nodes = sections[key]
    if (!nodes) continue
    for (let index = 0; index < nodes.length; index++) {
      const node = nodes[index]
      if (node?.type !== 'heading' || node.depth !== 3 || !/准备|prepare|have ready|before you/i.test(toString(node))) continue
      const end = nodes.findIndex((other, at) => at > index && other.type === 'heading' && other.depth <= 3)
      const part = nodes.slice(index + 1, end === -1 ? nodes.length : end)
      const lists = part.filter((item): item is List => item.type === 'list' && !item.ordered)
      if (lists.length === 0) continue
      sections[key] = nodes.filter((item) => !lists.includes(item as List))
      notes.push({ kind: 'moved', what: `the list under \`${toString(node)}\` became the checklist`, whatZh: `\`${toString(node)}\` 下的列表成了“开始之前”的勾选清单`, line: node.position?.start.line })
      return lists.map(asTaskList)
    }
  }
  return undefined
}
