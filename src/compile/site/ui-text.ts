/** Interface words per locale; a locale without its own uses English. */
const words = {
  en: {
    skip: 'Skip to content',
    search: 'Search',
    searchLabel: 'Search the help center',
    searchPlaceholder: 'Describe the problem or paste the error message',
    searchNeedsJs: 'Search needs JavaScript. Browse the categories instead:',
    categories: 'Categories',
    recentlyUpdated: 'Recently updated',
    entries: (count: number) => `${count} ${count === 1 ? 'article' : 'articles'}`,
    updated: 'Updated',
    reviewed: 'Reviewed',
    symptoms: 'Symptoms',
    errorMessage: 'Error message',
    checklist: 'Before you start',
    checklistHint: 'Tick what you have done; this browser remembers it.',
    causes: 'Causes',
    steps: 'Steps',
    contactSupport: 'Contact support',
    officialChannelsOnly: 'Use only these official channels. Support never asks for your password, verification codes or recovery phrase.',
    warnings: 'Warnings',
    faq: 'FAQ',
    related: 'Related articles',
    translations: 'Other languages',
    outdatedTranslation: '(may be outdated)',
    outdatedNotice: (source: string, updated: string) => `This translation may be outdated: the ${source} original has changed since it was translated (updated ${updated}).`,
    statusNotice: { draft: 'Draft: not published yet. Readers cannot see this page; it is built for preview only.', review: 'In review: not published yet. Readers cannot see this page; it is built for preview only.' },
    home: 'Home',
    tags: 'Tags',
    notFound: 'Page not found',
    notFoundText: 'The page you asked for does not exist. Search for your problem or start from the home page.',
    results: (count: number, query: string) => `${count} ${count === 1 ? 'result' : 'results'} for “${query}”`,
    noResults: 'No article matches. Try other words, or paste the exact error message.',
    closestTitles: 'The closest articles',
    stillStuck: 'Still stuck? Contact support',
    languages: 'Languages',
    breadcrumbs: 'Breadcrumbs',
    onThisPage: 'On this page',
    pages: 'Pages',
    newer: 'Newer',
    older: 'Older',
    pageOf: (page: number, pages: number) => `page ${page} of ${pages}`,
    /** A label and what it labels: `Tags: account`. */
    labelled: (label: string, value: string) => `${label}: ${value}`
  },
  'zh-CN': {
    skip: '跳到正文',
    search: '搜索',
    searchLabel: '搜索帮助中心',
    searchPlaceholder: '描述问题，或粘贴看到的错误提示',
    searchNeedsJs: '搜索需要启用 JavaScript。也可以按分类浏览：',
    categories: '分类',
    recentlyUpdated: '最近更新',
    entries: (count: number) => `${count} 篇文章`,
    updated: '更新于',
    reviewed: '审核于',
    symptoms: '症状',
    errorMessage: '错误提示',
    checklist: '开始之前',
    checklistHint: '完成一项勾选一项，本浏览器会记住。',
    causes: '原因',
    steps: '解决步骤',
    contactSupport: '联系客服',
    officialChannelsOnly: '只通过以下官方渠道联系。客服不会索要你的密码、验证码或助记词。',
    warnings: '注意事项',
    faq: '常见问题',
    related: '相关文章',
    translations: '其他语言',
    outdatedTranslation: '（可能未更新）',
    outdatedNotice: (source: string, updated: string) => `此译文可能未更新：${source}原文在翻译后有改动（更新于 ${updated}）。`,
    statusNotice: { draft: '草稿：尚未发布，读者看不到此页面，仅供预览。', review: '审核中：尚未发布，读者看不到此页面，仅供预览。' },
    home: '首页',
    tags: '标签',
    notFound: '页面不存在',
    notFoundText: '你要找的页面不存在。可以搜索你的问题，或从首页开始。',
    results: (count: number, query: string) => `“${query}”共 ${count} 条结果`,
    noResults: '没有找到匹配的文章。换个说法试试，或粘贴完整的错误提示。',
    closestTitles: '最接近的文章',
    stillStuck: '仍未解决？联系官方客服',
    languages: '语言',
    breadcrumbs: '导航路径',
    onThisPage: '本页内容',
    pages: '分页',
    newer: '较新',
    older: '较早',
    pageOf: (page: number, pages: number) => `第 ${page} / ${pages} 页`,
    /** Chinese punctuation: a full-width colon, no space after it. */
    labelled: (label: string, value: string) => `${label}：${value}`
  }
}

export type UiText = (typeof words)['en']

export function uiText(locale: string): UiText {
  return (words as Record<string, UiText>)[locale] ?? words.en
}

/** The language's own name, for the locale switcher. */
export function localeName(locale: string): string {
  let name = localeNames.get(locale)
  if (name === undefined) {
    try {
      name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale
    } catch {
      name = locale
    }
    localeNames.set(locale, name)
  }
  return name
}

/** Intl.DisplayNames is slow to create, and every page names every locale. */
const localeNames = new Map<string, string>()
