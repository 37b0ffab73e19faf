import { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import { closest } from 'fastest-levenshtein'
import { didYouMeanZh } from '../text/suggest.js'
import { isRuleId, rules } from '../diagnostics/rules.js'
import { parseYaml, placeOfPath, type YamlSource } from '../parse/yaml.js'
import { validatorFor } from '../validate/schemas.js'
import { reportSchemaErrors } from '../validate/schema-errors.js'
import type { KbConfig } from '../types/config.js'
import { languages, type Language } from '../diagnostics/language.js'
import { configFileName, readConfigText } from './config-file.js'

export { configFileName }

export interface LoadedConfig {
  /** The config file with any problems attached; `config` is set only when it has none. */
  file: VFile
  config: KbConfig | undefined
  /**
   * The `lang` the file asks for, read even when other keys are wrong: the file's own problems are then said
   * in the language its editors read.
   */
  lang: Language | undefined
}

/** Reads and validates kb.config.yaml at the KB root. Problems are messages on the returned file. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const file = new VFile({ path: configFileName, cwd: root })
  const text = await readConfigText(root)
  if (text === undefined) {
    report(file, 'config-missing', `Missing \`${configFileName}\` in the KB root, expected one there (set the root with --root <dir>)`, { line: 1, column: 1 }, undefined, `知识库根目录下没有 \`${configFileName}\`：请在根目录下运行 kb，或者用 --root <dir> 指定根目录`)
    return { file, config: undefined, lang: undefined }
  }
  file.value = text
  return { file, ...readConfig(file, text.replace(/^\uFEFF/, '')) }
}

function readConfig(file: VFile, text: string): Omit<LoadedConfig, 'file'> {
  const yaml = parseYaml(file, text, { line: 1, column: 1 })
  const asked = (yaml.data as { lang?: unknown } | null | undefined)?.lang
  const lang = (languages as readonly unknown[]).includes(asked) ? (asked as Language) : undefined
  if (file.messages.some((message) => message.fatal)) return { config: undefined, lang }
  const validate = validatorFor('config.schema.json')
  if (!validate(yaml.data)) {
    reportSchemaErrors(file, validate.errors ?? [], { yaml, yamlPrefix: '', noun: 'config', nounZh: 'kb.config.yaml', fallback: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } })
  }
  if (typeof yaml.data !== 'object' || yaml.data === null) return { config: undefined, lang }
  // The checks below read only values of the right shape, so they add to schema errors in the same run.
  const raw = yaml.data as Partial<Record<keyof KbConfig, unknown>>
  const config = {
    defaultLocale: typeof raw.defaultLocale === 'string' ? raw.defaultLocale : '',
    locales: Array.isArray(raw.locales) ? raw.locales.filter((locale): locale is string => typeof locale === 'string') : [],
    categories: Array.isArray(raw.categories) ? raw.categories.filter((category): category is { id: string } => typeof (category as { id?: unknown } | null)?.id === 'string') : [],
    title: typeof raw.title === 'object' && raw.title !== null ? (raw.title as Record<string, unknown>) : {}
  }
  if (config.defaultLocale && config.locales.length > 0 && !config.locales.includes(config.defaultLocale)) {
    report(file, 'config-invalid', `Unexpected \`defaultLocale\` \`${config.defaultLocale}\`, expected one of \`locales\`: ${config.locales.join(', ')}`, placeOfPath(yaml, ['defaultLocale']), undefined, `\`defaultLocale\` 写的是 \`${config.defaultLocale}\`，它必须是 \`locales\` 中的一个：${config.locales.map((locale) => `\`${locale}\``).join('、')}`)
  }
  const seen = new Set<string>()
  config.categories.forEach((category, index) => {
    if (seen.has(category.id)) report(file, 'config-invalid', `Unexpected second category \`${category.id}\`, expected each category id once`, placeOfPath(yaml, ['categories', index, 'id']), undefined, `分类 \`${category.id}\` 出现了第二次，每个分类 id 只能写一次`)
    seen.add(category.id)
  })
  for (const locale of config.locales) {
    if (!config.title[locale]) report(file, 'config-invalid', `Missing site \`title\` for locale \`${locale}\`, expected \`${locale}: …\` under \`title\``, placeOfPath(yaml, ['title']), undefined, `\`title\` 下缺少语言 \`${locale}\` 的网站标题，请在 \`title\` 下加上一行 \`${locale}: …\``)
  }
  checkRuleOverrides(file, yaml)
  return { config: file.messages.some((message) => message.fatal) ? undefined : (yaml.data as KbConfig), lang }
}

/** Every severity override is reported, so a weakened rule is never silent; unknown rule ids are errors. */
function checkRuleOverrides(file: VFile, yaml: YamlSource): void {
  const overrides = (yaml.data as { rules?: unknown } | null)?.rules
  if (typeof overrides !== 'object' || overrides === null) return
  for (const [ruleId, severity] of Object.entries(overrides)) {
    const place = placeOfPath(yaml, ['rules', ruleId], 'key')
    if (!isRuleId(ruleId)) {
      const meant = closest(ruleId, Object.keys(rules))
      report(file, 'config-invalid', `Unexpected rule \`${ruleId}\` in \`rules\`, did you mean \`${meant}\`?`, place, undefined, `\`rules\` 里的 \`${ruleId}\` 不是 kb 的规则${didYouMeanZh(meant)}`)
    } else if (severity !== rules[ruleId].severity) {
      report(file, 'config-override', `Rule \`${ruleId}\` is set to \`${String(severity)}\` here instead of \`${rules[ruleId].severity}\``, place, undefined, `规则 \`${ruleId}\` 在这里被设为 \`${String(severity)}\`，而不是默认的 \`${rules[ruleId].severity}\``)
    }
  }
}
