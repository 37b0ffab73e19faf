import { isRuleId, rules } from './rules.js'
import { rulesZh } from './rules-zh.js'
import type { Language } from './language.js'

/**
 * A rule's title and, unless told otherwise, what to do, as one line in the editor's language; undefined
 * for an id outside the catalogue.
 */
export function ruleAdvice(ruleId: string, language: Language, withHint = true): string | undefined {
  if (!isRuleId(ruleId)) return undefined
  const { title, hint } = language === 'zh-CN' ? rulesZh[ruleId] : rules[ruleId]
  if (!withHint) return title
  return language === 'zh-CN' ? `${title}。怎么改：${hint}` : `${title}. What to do: ${hint}`
}
