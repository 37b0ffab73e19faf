import { entryPagePath, siteUrl } from '../site-paths.js'
import type { Emitter } from './feed-input.js'
import { recordKey, type FilePart } from '../render-memo.js'
import { groupBy } from '../group-by.js'
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
  const byLocale = groupBy(input.entries, (entry) => entry.locale)
  // One part per entry (a function of its record, copied from the last build's file when that is
  // unchanged) between fixed lines; each line ends with its line break, the file with the last one.
  const lines: FilePart[] = []
  const fixed = (text: string) => lines.push({ inputs: text, render: () => text })
  fixed(`# ${markdownLine(config.brand)}\n\n> ${markdownLine(config.title[config.defaultLocale] ?? config.brand)}\n\n`)
  fixed(`The ${markdownLine(config.brand)} help center: ${input.entries.length} published ${input.entries.length === 1 ? 'entry' : 'entries'} in ${locales.length === 1 ? 'one locale' : `${locales.length} locales`} (${locales.join(', ')}), one section per locale. Each link leads to an entry as Markdown, followed by the entry's summary.\n`)
  for (const locale of locales) {
    fixed(`\n## ${markdownLine(config.title[locale] ?? locale)} (${locale})\n\n`)
    for (const entry of byLocale.get(locale) ?? []) {
      const markdownPath = entryPagePath(entry.locale, entry.category.id, entry.id).replace(/\.html$/, '.md')
      lines.push({ inputs: recordKey(entry), render: () => `- [${markdownLinkText(entry.title)}](${siteUrl(config, markdownPath)}): ${markdownLine(entry.summary)}\n` })
      const markdown = input.markdown.get(`${entry.locale}/${entry.id}`)
      // The export is the entry's own Markdown with its images placed: a function of its record.
      if (markdown !== undefined) yield [markdownPath, input.memo(markdownPath, recordKey(entry), markdown)]
    }
  }
  yield ['llms.txt', input.parts('llms.txt', lines)]
}
