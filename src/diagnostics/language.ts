/** The languages kb speaks to editors in: rule ids stay the same in every one. */
export const languages = ['en', 'zh-CN'] as const
export type Language = (typeof languages)[number]

/** `zh_CN.UTF-8`, `zh-Hans`, `zh` → zh-CN; `en_US.UTF-8` → en; `C`, `POSIX` or anything else → no choice. */
export function languageOfLocale(value: string | undefined): Language | undefined {
  if (!value) return undefined
  const tag = value.split('.')[0]?.replace('_', '-').toLowerCase() ?? ''
  if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN'
  if (tag === 'en' || tag.startsWith('en-')) return 'en'
  return undefined
}

/**
 * The editor's language: `--lang`, else the environment's locale (LC_ALL, LC_MESSAGES, LANG, the order
 * POSIX gives them), else `lang` in kb.config.yaml, else English.
 */
export function chooseLanguage(flag: string | undefined, env: NodeJS.ProcessEnv, configured: Language | undefined): Language {
  if (flag !== undefined) return languageOfLocale(flag) ?? 'en'
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name]
    if (value) return languageOfLocale(value) ?? configured ?? 'en'
  }
  return configured ?? 'en'
}
