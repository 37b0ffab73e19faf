/**
 * The mark in front of every placeholder `kb new` writes, per locale: easy to find in an editor, and
 * refused by `kb check` in an entry in review or published.
 */
export const placeholderMark = { 'zh-CN': '【待填写】', en: '[To write]' } as const

export const placeholderMarks: readonly string[] = Object.values(placeholderMark)
