import { normalizeHeading, type SectionKey, type SectionModel } from '../parse/section-model.js'

/**
 * Words that name a section in headings other tools and writers use, tried in this order after kb's own
 * headings (the section model): the first that matches wins, so `如何联系客服` is contact even though it says
 * `排除` (troubleshoot) too, and `Before you begin` a checklist, not the steps.
 */
const keywords: [SectionKey, RegExp][] = [
  ['contactSupport', /联系|客服|人工|contact|support (?:team|ticket|request)|get (?:help|support)/i],
  ['faq', /常见问题|问答|faq|frequently asked|questions and answers/i],
  ['warnings', /风险|警告|注意事项|免责|warning|caution|important|risk|disclaimer/i],
  ['checklist', /准备|前提|开始之前|事前|检查清单|before you (?:begin|start)|prerequisite|requirements?$|checklist/i],
  ['symptoms', /症状|现象|问题描述|表现|报错|symptom|what you see|^(?:the )?(?:issue|problem|error)s?$/i],
  ['causes', /原因|故障|卡壳|为什么|排除|cause|reason|why/i],
  ['steps', /步骤|解决|方法|处理|操作|办法|排查|resolution|resolve|solution|workaround|fix|steps?\b|how to|procedure|mitigation|troubleshoot/i]
]

/** Headings that only announce the opening text (`Summary`, `概述`): their text joins the introduction. */
const introductionHeading = /^(?:summary|introduction|overview|about this article|简介|概述|摘要|引言|前言)$/i

/** The kb section a foreign heading names in this locale, if any (`introduction` for `Summary` and its kind). */
export function sectionFor(heading: string, locale: string, model: SectionModel): SectionKey | undefined {
  if (introductionHeading.test(heading.normalize('NFKC').trim())) return 'introduction'
  const own = model.headingsFor(locale).get(normalizeHeading(heading))
  if (own && own !== 'introduction') return own
  // A kb heading of another locale (an English export imported as en, `## Steps` in a zh-CN post).
  for (const other of model.locales) {
    const key = model.headingsFor(other).get(normalizeHeading(heading))
    if (key && key !== 'introduction') return key
  }
  const text = heading.normalize('NFKC')
  return keywords.find(([, pattern]) => pattern.test(text))?.[0]
}
