import { closest } from 'fastest-levenshtein'
import { isRuleId, rules } from '../diagnostics/rules.js'
import { UsageError } from './io.js'

export function explainRule(ruleId: string): string {
  if (!isRuleId(ruleId)) {
    const ids = Object.keys(rules)
    throw new UsageError(`Unknown rule \`${ruleId}\`, did you mean \`${closest(ruleId, ids)}\`? Rules: ${ids.join(', ')}`)
  }
  const rule = rules[ruleId]
  const examples = 'examples' in rule ? `  Bad:  ${rule.examples.bad}\n  Good: ${rule.examples.good}\n` : ''
  return `${ruleId} (${rule.severity})\n  ${rule.title}.\n  What to do: ${rule.hint}\n${examples}`
}
