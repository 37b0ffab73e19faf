import { describe, expect, it } from 'vitest'
import { zh } from '../../src/text/zh.js'
import { didYouMeanZh } from '../../src/text/suggest.js'
import { fieldName, fieldNameZh } from '../../src/validate/schema-errors.js'
import { yamlErrorZh } from '../../src/parse/yaml-errors-zh.js'

describe('Chinese sentences with values put in', () => {
  it('spaces Chinese from code and Latin letters at the joins, and Chinese from Chinese not at all', () => {
    expect(zh`${'`tags`'}的${'第 2 项'}太短`).toBe('`tags` 的第 2 项太短')
    expect(zh`${'WeChat'}账号`).toBe('WeChat 账号')
    expect(zh`${'微信'}账号`).toBe('微信账号')
    // Punctuation and spaces already there are kept as they are, and values are never changed inside.
    expect(zh`写在${'`## 步骤` 部分'}里，${'同一个检查项'}。`).toBe('写在 `## 步骤` 部分里，同一个检查项。')
    expect(zh`值是 ${'a中b'}`).toBe('值是 a中b')
  })

  it('ends a sentence with what was meant, or with its full stop', () => {
    expect(`没有 \`x\` 这个键${didYouMeanZh('y')}`).toBe('没有 `x` 这个键，你是不是想写 `y`？')
    expect(`没有 \`x\` 这个键${didYouMeanZh(undefined)}`).toBe('没有 `x` 这个键。')
  })

  it('names a place in the data as fieldName does, counting from 1', () => {
    expect(fieldName(['tags', '1'])).toBe('Item 2 of `tags`')
    expect(fieldNameZh(['tags', '1'])).toBe('`tags` 的第 2 项')
    expect(fieldNameZh(['allow', '0', 'url'])).toBe('`allow` 的第 1 项的 `url`')
    expect(fieldNameZh(['title', 'zh-CN'])).toBe('`title.zh-CN`')
    expect(fieldNameZh([], 'kb.config.yaml')).toBe('kb.config.yaml')
  })

  it('says what the YAML parser means, keeping its own words when it is not known', () => {
    expect(yamlErrorZh('TAB_AS_INDENT', 'Tabs are not allowed as indentation')).toBe('这里用了 Tab 缩进，YAML 只能用空格缩进')
    expect(yamlErrorZh('BAD_SCALAR_START', 'Plain value cannot start with reserved character @')).toBe('值不能以 `@` 开头，请用双引号把整个值括起来')
    expect(yamlErrorZh('BAD_DQ_ESCAPE', 'Invalid escape sequence \\q')).toBe('双引号里的转义 `\\q` 写法不对；反斜杠 `\\` 要写成 `\\\\`，或者改用单引号')
    expect(yamlErrorZh('TAG_RESOLVE_FAILED', 'Unresolved tag: !!foo')).toBe('解析器的原话是“Unresolved tag: !!foo”')
  })
})
