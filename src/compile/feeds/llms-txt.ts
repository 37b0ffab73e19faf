import { entryPagePath, siteUrl } from '../site-paths.js'
import type { Emitter } from './feed-input.js'
import { recordKey } from '../render-memo.js'
import { markdownLine, markdownLinkText } from '../../text/markdown-line.js'

/**
 * llms.txt (https://llmstxt.org): the H1 name, a blockquote summary, a paragraph of detail, then one H2 section
 * per locale listing its entries, each linked to its Markdown export and followed by its summary. Agents read
 * the structure as the format defines it (a `## Optional` section may be skipped), so text from content never
 * adds structure: every value is one escaped line (see markdownLine).
 */
export const llmsTxt: Emitter = function* (input) {
  const { config } = input
  const locales = config.locales.filter((locale) => input.entries.some((entry) => entry.locale === locale))
  const lines = [
    `# ${markdownLine(config.brand)}`,
    '',
    `> ${markdownLine(config.title[config.defaultLocale] ?? config.brand)}`,
    '',
    `The ${markdownLine(config.brand)} help center: ${input.entries.length} published ${input.entries.length === 1 ? 'entry' : 'entries'} in ${locales.length === 1 ? 'one locale' : `${locales.length} locales`} (${locales.join(', ')}), one section per locale. Each link leads to an entry as Markdown, followed by the entry's summary.`,
    ''
  ]
  for (const locale of locales) {
    lines.push(`## ${markdownLine(config.title[locale] ?? locale)} (${locale})`, '')
    for (const entry of input.entries.filter((item) => item.locale === locale)) {
      const markdownPath = entryPagePath(entry.locale, entry.category.id, entry.id).replace(/\.html$/, '.md')
      lines.push(`- [${markdownLinkText(entry.title)}](${siteUrl(config, markdownPath)}): ${markdownLine(entry.summary)}`)
      const markdown = input.markdown.get(`${entry.locale}/${entry.id}`)
      // The export is the entry's own Markdown with its images placed: a function of its record.
      if (markdown !== undefined) yield [markdownPath, input.memo(markdownPath, recordKey(entry), markdown)]
    }
    lines.push('')
  }
  yield ['llms.txt', lines.join('\n')]
}
