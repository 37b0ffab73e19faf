/**
 * What the `yaml` parser's error means, in Chinese, for the errors frontmatter meets (the parser speaks
 * English only). One code covers several messages (`MISSING_CHAR` is an unclosed quote or a line without its
 * colon), so the message is read too. An error not known here keeps the parser's own words after a Chinese
 * lead, so no fact is lost.
 */
export function yamlErrorZh(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return '这里用了 Tab 缩进，YAML 只能用空格缩进'
  if (code === 'MISSING_CHAR') {
    if (/closing "quote/.test(message)) return '双引号没有配对，值以 `"` 开始，却没有结束的 `"`'
    if (/closing 'quote/.test(message)) return "单引号没有配对，值以 `'` 开始，却没有结束的 `'`"
    if (/Missing , or :/.test(message)) return '`[…]` 或 `{…}` 里各项之间缺少半角逗号 `,`'
    if (/followed by map values/.test(message)) return '这一行缺少冒号，YAML 的每一行要写成 `key: value`'
  }
  if (code === 'BAD_INDENT') {
    if (/Flow sequence/.test(message)) return '以 `[` 开始的列表没有用 `]` 结束，或者下一行的缩进不够'
    if (/Flow map/.test(message)) return '以 `{` 开始的值没有用 `}` 结束，或者下一行的缩进不够'
    return '缩进不对，同一层的键要对齐，下一层要多缩进几个空格'
  }
  if (code === 'MULTILINE_IMPLICIT_KEY') return '键和它的冒号要写在同一行；这一行可能缺少 `:`，或者上一行的值没有用引号括好'
  if (code === 'BLOCK_AS_IMPLICIT_KEY') return '一行里只能有一个 `key: value`；值里的 `: ` 要用引号括起来，或者检查缩进'
  if (code === 'BLOCK_IN_FLOW') return '`[…]` 或 `{…}` 里不能再写 `- ` 列表或换行的 `key: value`'
  if (code === 'BAD_SCALAR_START') {
    const character = /reserved character (.)/.exec(message)?.[1]
    return `值不能以 ${character === '`' ? '`` ` ``' : `\`${character ?? '@'}\``} 开头，请用双引号把整个值括起来`
  }
  if (code === 'BAD_DQ_ESCAPE') {
    const escape = /Invalid escape sequence (\S+)/.exec(message)?.[1]
    return `双引号里的转义${escape ? ` \`${escape}\` ` : ''}写法不对；反斜杠 \`\\\` 要写成 \`\\\\\`，或者改用单引号`
  }
  if (code === 'MULTIPLE_DOCS') return '文件头里只能有一段 YAML，这里多了一行 `---` 或 `...`'
  if (code === 'UNEXPECTED_TOKEN') return `这里有 YAML 读不懂的符号（${message}）`
  return `解析器的原话是“${message}”`
}
