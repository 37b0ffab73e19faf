import { describe, expect, it } from 'vitest'
import { rules } from '../../src/diagnostics/rules.js'
import { rulesZh } from '../../src/diagnostics/rules-zh.js'

/** Issue 13: one title and one "what to do" per rule per language, none missing, none left over. */
describe('the rule catalogue in Chinese', () => {
  it('has every rule of the English catalogue and no other', () => {
    expect(Object.keys(rulesZh).sort()).toEqual(Object.keys(rules).sort())
  })

  it('says each in Chinese, keeping every piece of code the English quotes', () => {
    for (const [id, rule] of Object.entries(rules)) {
      const zh = rulesZh[id as keyof typeof rules]
      expect(zh.title, id).toMatch(/\p{Script=Han}/u)
      expect(zh.hint, id).toMatch(/\p{Script=Han}/u)
      // Code is not translated: what the editor types is the same in both languages.
      for (const code of rule.hint.match(/`[^`]+`/g) ?? []) {
        if (/[a-z]/i.test(code)) expect(zh.hint, `${id}: ${code}`).toContain(code)
      }
    }
  })
})
