import type { ErrorObject } from 'ajv'
import type { Position } from 'unist'
import type { VFile } from 'vfile'
import { didYouMeanZh, suggest } from '../text/suggest.js'
import { zh } from '../text/zh.js'
import { report } from '../diagnostics/report.js'
import type { RuleId } from '../diagnostics/rules.js'
import { placeOfPath, type YamlSource } from '../parse/yaml.js'

/** Where the data an ajv error points into came from. */
export interface SchemaErrorContext {
  /** The YAML the data was read from, and the pointer prefix its data sits at (`/frontmatter` or ``). */
  yaml: YamlSource
  yamlPrefix: string
  /** Places of data that did not come from YAML (entry sections), by JSON Pointer. */
  places?: ReadonlyMap<string, Position>
  /** Fallback for paths outside the YAML and `places`. */
  fallback?: Position
  /** Describes a missing section for a required-section error, in English and in Chinese. */
  describeSection?: (key: string) => { en: string; zh: string }
  /** The heading an existing section was written with. */
  sectionHeading?: (key: string) => string | undefined
  /** Errors already reported another, more precise way. */
  skip?: (error: ErrorObject) => boolean
  /** The kind of document, to say "frontmatter key" or "config key". */
  noun: string
  /** The document in Chinese, to say `文件头里没有…这个键` or `kb.config.yaml 里没有…这个键`. */
  nounZh: string
}

/** Turns ajv errors into editor-facing diagnostics placed on the YAML key, value or Markdown node. */
export function reportSchemaErrors(file: VFile, errors: readonly ErrorObject[], context: SchemaErrorContext): void {
  for (const error of errors) {
    // `if` errors only repeat the `then` errors they wrap.
    if (error.keyword === 'if') continue
    // Errors inside `propertyNames` repeat the `propertyNames` error, which names the key.
    if (error.schemaPath.includes('/propertyNames/')) continue
    if (context.skip?.(error)) continue
    const path = pointerSegments(error.instancePath)
    const { ruleId, reason, reasonZh } = describe(error, path, context)
    report(file, ruleId, reason, placeOf(error, path, context), undefined, reasonZh)
  }
}

function placeOf(error: ErrorObject, path: string[], context: SchemaErrorContext): Position | undefined {
  const pointer = error.instancePath
  if (pointer === '/sections' && error.keyword === 'required') {
    return placeOfPath(context.yaml, ['type']) ?? context.fallback
  }
  if (context.places) {
    for (let length = path.length; length > 0; length--) {
      const place = context.places.get('/' + path.slice(0, length).map(escapeSegment).join('/'))
      if (place) return place
    }
  }
  const prefix = pointerSegments(context.yamlPrefix)
  if (prefix.every((segment, index) => path[index] === segment)) {
    const yamlPath: (string | number)[] = path.slice(prefix.length)
    if (error.keyword === 'propertyNames') {
      return placeOfPath(context.yaml, [...yamlPath, String(error.params['propertyName'])], 'key') ?? context.fallback
    }
    if (error.keyword === 'uniqueItems') {
      // Point at the second occurrence, the one to remove.
      return placeOfPath(context.yaml, [...yamlPath, Number(error.params['i'])]) ?? context.fallback
    }
    if (error.keyword === 'additionalProperties') {
      return placeOfPath(context.yaml, [...yamlPath, String(error.params['additionalProperty'])], 'key') ?? context.fallback
    }
    return placeOfPath(context.yaml, yamlPath) ?? context.fallback
  }
  return context.fallback
}

function describe(error: ErrorObject, path: string[], context: SchemaErrorContext): { ruleId: RuleId; reason: string; reasonZh: string } {
  const inSections = path[0] === 'sections'
  const fieldPath = path.slice(pointerSegments(context.yamlPrefix).length)
  const heading = inSections ? context.sectionHeading?.(path[1] ?? '') : undefined
  const name = inSections ? sectionName(path, heading) : fieldName(fieldPath)
  const nameZh = inSections ? sectionNameZh(path, heading) : fieldNameZh(fieldPath, context.nounZh)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required': {
      const missing = String(params['missingProperty'])
      if (path.join('/') === 'sections') {
        const section = context.describeSection?.(missing)
        return { ruleId: 'schema-required', reason: `Missing ${section?.en ?? `section \`${missing}\``}`, reasonZh: `缺少${section?.zh ?? ` \`${missing}\` 部分`}` }
      }
      if (path.length > pointerSegments(context.yamlPrefix).length) {
        return { ruleId: 'schema-required', reason: `Missing ${context.noun} key \`${missing}\` in ${name}, expected \`${missing}: …\``, reasonZh: zh`${nameZh}缺少 \`${missing}\`，请加上 \`${missing}: …\`` }
      }
      return { ruleId: 'schema-required', reason: `Missing ${context.noun} key \`${missing}\`, expected \`${missing}: …\``, reasonZh: `缺少 \`${missing}\`，请加上一行 \`${missing}: …\`` }
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty'])
      const allowed = allowedKeys(error)
      const suggestion = suggest(extra, allowed)
      return {
        ruleId: 'schema-additional',
        reason: `Unexpected ${context.noun} key \`${extra}\`${suggestion ? `, did you mean \`${suggestion}\`?` : '.'}${allowed.length > 0 ? ` Allowed keys: ${allowed.join(', ')}` : ''}`,
        reasonZh: zh`${context.nounZh}里没有 \`${extra}\` 这个键${didYouMeanZh(suggestion)}${allowed.length > 0 ? `可以用的键：${allowed.map((key) => `\`${key}\``).join('、')}` : ''}`
      }
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String)
      const got = typeof error.data === 'object' && error.data !== null ? undefined : String(error.data)
      const suggestion = got === undefined ? undefined : suggest(got, allowed)
      const choices = allowed.map((value) => `\`${value}\``).join(', ')
      return {
        ruleId: 'schema-enum',
        reason: `${name} must be one of ${choices}; got ${got === undefined ? kindOf(error.data) : `\`${got}\``}${suggestion ? `, did you mean \`${suggestion}\`?` : ''}`,
        reasonZh: zh`${nameZh}只能是 ${allowed.map((value) => `\`${value}\``).join('、')} 之一，这里写的是${got === undefined ? kindOfZh(error.data) : ` \`${got}\``}${didYouMeanZh(suggestion, '')}`
      }
    }
    case 'const':
      return { ruleId: 'schema-enum', reason: `${name} must be \`${String(params['allowedValue'])}\`; got \`${String(error.data)}\``, reasonZh: zh`${nameZh}只能是 \`${String(params['allowedValue'])}\`，这里写的是 \`${String(error.data)}\`` }
    case 'type':
      return { ruleId: 'schema-type', reason: `${name} must be ${typeWords(String(params['type']))}; got ${kindOf(error.data)}`, reasonZh: zh`${nameZh}应该是${typeWordsZh(String(params['type']))}，这里写的是${kindOfZh(error.data)}` }
    case 'format': {
      const missingDay = params['format'] === 'date' ? impossibleDate(String(error.data)) : undefined
      if (missingDay) return { ruleId: 'schema-format', reason: `${name} is \`${String(error.data)}\`, a day that does not exist: ${missingDay.en}`, reasonZh: zh`${nameZh}是 \`${String(error.data)}\`，这一天不存在：${missingDay.zh}` }
      return { ruleId: 'schema-format', reason: `${name} must be ${formatWords(String(params['format']))}; got \`${String(error.data)}\``, reasonZh: zh`${nameZh}应该是${formatWordsZh(String(params['format']))}，这里写的是 \`${String(error.data)}\`` }
    }
    case 'pattern':
      return { ruleId: 'schema-pattern', reason: `${name} must ${patternWords(String(params['pattern']))}; got \`${String(error.data)}\``, reasonZh: zh`${nameZh}${patternWordsZh(String(params['pattern']))}，这里写的是 \`${String(error.data)}\`` }
    case 'minLength': {
      if (inSections) return { ruleId: 'schema-length', reason: `${name} is empty, expected text under the heading`, reasonZh: zh`${nameZh}是空的，标题下面要写内容` }
      const length = [...String(error.data)].length
      return { ruleId: 'schema-length', reason: `${name} is too short (${length} characters), expected at least ${String(params['limit'])}`, reasonZh: zh`${nameZh}太短（${length} 个字符），至少要 ${String(params['limit'])} 个字符` }
    }
    case 'maxLength': {
      const length = [...String(error.data)].length
      return { ruleId: 'schema-length', reason: `${name} is too long (${length} characters), expected at most ${String(params['limit'])}`, reasonZh: zh`${nameZh}太长（${length} 个字符），最多 ${String(params['limit'])} 个字符` }
    }
    case 'minItems':
      if (inSections) return { ruleId: 'schema-length', reason: `${name} has no items, expected ${itemWords(path[1])}`, reasonZh: zh`${nameZh}里没有任何条目，应写${itemWordsZh(path[1])}` }
      return { ruleId: 'schema-length', reason: `${name} has too few items, expected at least ${String(params['limit'])}`, reasonZh: zh`${nameZh}的项太少，至少要 ${String(params['limit'])} 项` }
    case 'maxItems':
      return { ruleId: 'schema-length', reason: `${name} has too many items, expected at most ${String(params['limit'])}`, reasonZh: zh`${nameZh}的项太多，最多 ${String(params['limit'])} 项` }
    case 'minProperties':
      return { ruleId: 'schema-length', reason: `${name} is empty, expected at least ${String(params['limit'])} key`, reasonZh: zh`${nameZh}是空的，至少要有 ${String(params['limit'])} 个键` }
    case 'uniqueItems': {
      const list = error.data as unknown[]
      const repeated = list[Number(params['j'])]
      return { ruleId: 'schema-unique', reason: `${name} lists \`${String(repeated)}\` twice, expected each value once`, reasonZh: zh`${nameZh}里 \`${String(repeated)}\` 写了两次，每个值只能写一次` }
    }
    case 'not':
      return { ruleId: 'schema-enum', reason: `${name} \`${String(error.data)}\` is a reserved name (a page or folder of the site uses it), expected another`, reasonZh: zh`${nameZh}写的 \`${String(error.data)}\` 是保留名称（网站的某个页面或文件夹用了它），请换一个` }
    case 'propertyNames':
      return { ruleId: 'schema-pattern', reason: `${name} has the key \`${String(params['propertyName'])}\`, expected a locale code such as \`zh-CN\` or \`en\``, reasonZh: zh`${nameZh}里有键 \`${String(params['propertyName'])}\`，这里的键应该是语言代码，例如 \`zh-CN\` 或 \`en\`` }
    default:
      // Keywords kb's schemas do not use today: the validator's own (English) words say what is wrong.
      return { ruleId: 'schema-other', reason: `${name} ${error.message ?? 'does not match the schema'}`, reasonZh: zh`${nameZh}不符合结构定义（schema）：${error.message ?? error.keyword}` }
  }
}

function allowedKeys(error: ErrorObject): string[] {
  const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined
  return Object.keys(parent?.properties ?? {})
}


function sectionName(path: string[], heading: string | undefined): string {
  const section = heading ? `\`## ${heading}\`` : `\`${path[1] ?? 'section'}\``
  const index = path[2] === 'items' && path[3] !== undefined ? Number(path[3]) + 1 : undefined
  return index === undefined ? `Section ${section}` : `Item ${index} of section ${section}`
}

/** sectionName in Chinese: "`## 原因` 部分", "`## 原因` 部分的第 2 项". */
function sectionNameZh(path: string[], heading: string | undefined): string {
  const section = heading ? `\`## ${heading}\`` : `\`${path[1] ?? 'section'}\``
  const index = path[2] === 'items' && path[3] !== undefined ? Number(path[3]) + 1 : undefined
  return index === undefined ? `${section} 部分` : `${section} 部分的第 ${index} 项`
}

function itemWords(key: string | undefined): string {
  if (key === 'causes') return 'one `###` heading per cause'
  if (key === 'faq') return 'one `###` question per FAQ item'
  if (key === 'checklist') return 'task list items (`- [ ] …`)'
  if (key === 'steps') return 'numbered steps (`1. …`)'
  return 'list items'
}

function itemWordsZh(key: string | undefined): string {
  if (key === 'causes') return '每个原因一个 `###` 标题'
  if (key === 'faq') return '每个常见问题一个 `###` 问题'
  if (key === 'checklist') return '任务列表项（`- [ ] …`）'
  if (key === 'steps') return '编号步骤（`1. …`）'
  return '列表项'
}

/**
 * A place in the data as people count: `tags/1` → ``Item 2 of `tags` ``, `allow/0/url` → ``
 * `url` of item 1 of `allow` ``, for editors who have never seen a JSON Pointer or counted from 0.
 */
export function fieldName(path: readonly string[]): string {
  if (path.length === 0) return '`frontmatter`'
  let label = ''
  let name: string[] = []
  const flush = () => {
    if (name.length === 0) return
    label = label === '' ? `\`${name.join('.')}\`` : `\`${name.join('.')}\` of ${label}`
    name = []
  }
  for (const segment of path) {
    if (/^\d+$/.test(segment)) {
      const list = name.length > 0 ? `\`${name.join('.')}\`` : undefined
      name = []
      const item = `item ${Number(segment) + 1}`
      label = list === undefined ? `${item} of ${label}` : label === '' ? `${item} of ${list}` : `${item} of ${list} of ${label}`
    } else {
      name.push(segment)
    }
  }
  flush()
  // It begins the message: `Item 2 of `tags` is too short`.
  return label.charAt(0).toUpperCase() + label.slice(1)
}

/**
 * fieldName in Chinese: `tags/1` → "`tags` 的第 2 项", `allow/0/url` → "`allow` 的第 1 项的 `url`";
 * `whole` names the document itself (an empty path).
 */
export function fieldNameZh(path: readonly string[], whole = '文件头'): string {
  const parts: string[] = []
  let name: string[] = []
  const flush = () => {
    if (name.length > 0) parts.push(`\`${name.join('.')}\``)
    name = []
  }
  for (const segment of path) {
    if (/^\d+$/.test(segment)) {
      flush()
      parts.push(`第 ${Number(segment) + 1} 项`)
    } else {
      name.push(segment)
    }
  }
  flush()
  return parts.length === 0 ? whole : parts.reduce((label, part) => zh`${label}的${part}`)
}

function typeWords(type: string): string {
  const words: Record<string, string> = { string: 'text', array: 'a list', object: 'a set of `key: value` lines', integer: 'a whole number', number: 'a number', boolean: '`true` or `false`' }
  return type.split(',').map((part) => words[part] ?? part).join(' or ')
}

function typeWordsZh(type: string): string {
  const words: Record<string, string> = { string: '文本', array: '列表', object: '一组 `key: value` 行', integer: '整数', number: '数字', boolean: '布尔值（`true` 或 `false`）' }
  return type.split(',').map((part) => words[part] ?? part).join('或')
}

function kindOf(value: unknown): string {
  if (value === null) return 'nothing (an empty value)'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a set of keys'
  if (typeof value === 'string') return `text \`${value}\``
  return `\`${String(value)}\``
}

/** What a value is, in Chinese, always starting with a Chinese word: `这里写的是列表`, `这里写的是数字 `3``. */
function kindOfZh(value: unknown): string {
  if (value === null) return '空值（冒号后面什么也没写）'
  if (Array.isArray(value)) return '列表'
  if (typeof value === 'object') return '一组键'
  if (typeof value === 'string') return `文本 \`${value}\``
  if (typeof value === 'number') return `数字 \`${value}\``
  if (typeof value === 'boolean') return `布尔值 \`${value}\``
  return `值 \`${String(value)}\``
}

function formatWords(format: string): string {
  const words: Record<string, string> = { date: 'a date written YYYY-MM-DD', uri: 'a full URL such as `https://…`', email: 'an e-mail address' }
  return words[format] ?? `in ${format} format`
}

function formatWordsZh(format: string): string {
  const words: Record<string, string> = { date: '写成 YYYY-MM-DD 的日期', uri: '以 `https://…` 开头的完整网址', email: '邮箱地址' }
  return words[format] ?? `符合 ${format} 格式的值`
}

function patternWords(pattern: string): string {
  if (pattern.includes('[a-z0-9]+(-[a-z0-9]+)*')) return 'use lowercase letters, digits and single hyphens, such as `reset-2fa`'
  if (pattern.startsWith('^https://')) return 'start with `https://`'
  if (pattern.includes('[a-z]{2,3}')) return 'be a locale code such as `zh-CN` or `en`'
  return `match \`${pattern}\``
}

function patternWordsZh(pattern: string): string {
  if (pattern.includes('[a-z0-9]+(-[a-z0-9]+)*')) return '只能用小写字母、数字和单个连字符，例如 `reset-2fa`'
  if (pattern.startsWith('^https://')) return '要以 `https://` 开头'
  if (pattern.includes('[a-z]{2,3}')) return '要是语言代码，例如 `zh-CN` 或 `en`'
  return `要符合 \`${pattern}\``
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return []
  return pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** For a date written YYYY-MM-DD whose day or month does not exist, what is wrong with it, in words. */
function impossibleDate(text: string): { en: string; zh: string } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (month < 1 || month > 12) return { en: `months run from 01 to 12, expected a date such as ${match[1]}-12-${match[3]}`, zh: `月份只有 01 到 12，例如 ${match[1]}-12-${match[3]}` }
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const monthName = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' })
  const last = `${match[1]}-${match[2]}-${String(days).padStart(2, '0')}`
  if (day < 1 || day > days) return { en: `${monthName} ${year} has ${days} days, expected a date such as ${last}`, zh: `${year} 年 ${month} 月只有 ${days} 天，例如 ${last}` }
  return undefined
}
