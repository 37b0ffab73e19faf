/**
 * The mark in front of every placeholder `kb new` writes, per locale: easy to find in an editor, and
 * refused by `kb check` in an entry in review or published.
 */
export const placeholderMark = { 'zh-CN': '【待填写】', en: '[To write]' } as const

export const placeholderMarks: readonly string[] = Object.values(placeholderMark)

/** The mark a locale's placeholders carry: the Chinese one for any Chinese locale, the English one elsewhere. */
export function placeholderMarkFor(locale: string): string {
  return locale.startsWith('zh') ? placeholderMark['zh-CN'] : placeholderMark.en
}

/** What goes in front of a placeholder's text in a locale: the mark, and a space where words are spaced. */
export function placeholderPrefix(locale: string): string {
  return locale.startsWith('zh') ? placeholderMark['zh-CN'] : `${placeholderMark.en} `
}
