import { closest } from 'fastest-levenshtein'
import { isRuleId, rules } from '../diagnostics/rules.js'
import { UsageError } from './io.js'
import { rulesZh } from '../diagnostics/rules-zh.js'
import type { Language } from '../diagnostics/language.js'

export function explainRule(ruleId: string, language: Language = 'en'): string {
  if (!isRuleId(ruleId)) {
    const ids = Object.keys(rules)
    throw new UsageError(`Unknown rule \`${ruleId}\`, did you mean \`${closest(ruleId, ids)}\`? Rules: ${ids.join(', ')}`)
  }
  const rule = rules[ruleId]
  if (language === 'zh-CN') {
    const zh = rulesZh[ruleId]
    const examples = 'examples' in rule ? `  错误写法：${rule.examples.bad}\n  正确写法：${rule.examples.good}\n` : ''
    return `${ruleId}（${rule.severity === 'error' ? '错误' : '警告'}）\n  ${zh.title}。\n  怎么改：${zh.hint}\n${examples}`
  }
  const examples = 'examples' in rule ? `  Bad:  ${rule.examples.bad}\n  Good: ${rule.examples.good}\n` : ''
  return `${ruleId} (${rule.severity})\n  ${rule.title}.\n  What to do: ${rule.hint}\n${examples}`
}
