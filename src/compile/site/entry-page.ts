import { h } from 'hastscript'
import type { ElementContent } from 'hast'
import { renderPage } from './layout.js'
import { relativeHref, sitePaths } from './paths.js'
import { localeName, uiText, type UiText } from './ui-text.js'
import { entryStructuredData } from './structured-data.js'
import { sitePathOf } from '../site-paths.js'
import type { ApiEntry, ApiSection } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'

/**
 * An entry page renders the structure, not just the Markdown: symptoms first with the error messages shown
 * as such, the checklist as checkboxes, each cause as its own section, steps, a contact box built from the
 * configured official channels, warnings as a callout, the FAQ and related entries.
 */
/** Where an entry's page goes, and its versions in other locales (for hreflang and the sitemap). */
export function entryPagePlace(api: ApiEntry, config: KbConfig): { path: string; alternates: Map<string, string> } {
  const pagePath = `${api.locale}/${api.category.id}/${api.id}.html`
  return { path: pagePath, alternates: new Map([[api.locale, pagePath], ...api.translations.map((translation) => [translation.locale, sitePathOf(config, translation.url)] as const)]) }
}

export function renderEntryPage(api: ApiEntry, config: KbConfig, tags: ReadonlyMap<string, string>): { path: string; html: string; alternates: Map<string, string> } {
  const text = uiText(api.locale)
  const pagePath = `${api.locale}/${api.category.id}/${api.id}.html`
  const href = (target: string) => relativeHref(pagePath, target)
  const children = (section: { html: string } | undefined): ElementContent[] => (section?.html ? [raw(section.html)] : [])
  const sections = api.sections
  const heading = (section: ApiSection, fallback: string) => h('h2', { id: section.anchor || undefined }, section.heading || fallback)
  const main: ElementContent[] = []

  const header: ElementContent[] = [
    h('h1', api.title),
    h('p', { className: ['summary'] }, api.summary),
    h('p', { className: ['entry-meta'] }, [
      text.updated + ' ',
      h('time', { dateTime: api.updated }, api.updated),
      ...(api.reviewed ? [' · ' + text.reviewed + ' ', h('time', { dateTime: api.reviewed }, api.reviewed)] : []),
      ' · ',
      h('a', { href: href(sitePaths.category(api.locale, api.category.id)) }, api.category.name)
    ])
  ]
  if (api.tags.length > 0) {
    header.push(h('ul', { className: ['tags'], ariaLabel: text.tags }, api.tags.map((tag) => h('li', [h('a', { href: href(sitePaths.tag(api.locale, tags.get(tag) ?? tag)) }, tag)]))))
  }
  if (api.translations.length > 0) {
    header.push(
      h('p', { className: ['translations'] }, [
        text.labelled(text.translations, ''),
        ...api.translations.flatMap((translation, index) => [
          ...(index > 0 ? [' · '] : []),
          h('a', { href: href(sitePathOf(config, translation.url)), hrefLang: translation.locale, lang: translation.locale }, translation.title),
          ...(translation.outdated ? [' ' + text.outdatedTranslation] : [])
        ])
      ])
    )
  }
  main.push(...notices(api, config, href), h('header', { className: ['entry-header'] }, header))
  const contents = tableOfContents(api, text)
  if (contents) main.push(contents)
  if (sections.introduction) main.push(h('div', { className: ['introduction'] }, children(sections.introduction)))

  if (sections.symptoms) {
    const messages = sections.symptoms.errorMessages ?? []
    main.push(
      h('section', { className: ['symptoms'], ariaLabelledBy: sections.symptoms.anchor }, [
        heading(sections.symptoms, text.symptoms),
        ...messages.map((message) => h('figure', { className: ['error-message'] }, [h('figcaption', text.errorMessage), h('pre', [h('code', message)])])),
        ...children(sections.symptoms)
      ])
    )
  }
  if (sections.checklist) {
    const key = `${api.locale}/${api.id}`
    main.push(
      h('section', { className: ['checklist'], ariaLabelledBy: sections.checklist.anchor }, [
        heading(sections.checklist, text.checklist),
        h('p', { className: ['hint'] }, text.checklistHint),
        h(
          'ul',
          checkKeys(sections.checklist.items).map((itemKey, index) =>
            h('li', [
              h('input', { type: 'checkbox', id: `check-${index + 1}`, dataCheckKey: `${key}#${itemKey}` }),
              h('label', { htmlFor: `check-${index + 1}` }, unwrapParagraph(sections.checklist?.items[index]?.html ?? ''))
            ])
          )
        )
      ])
    )
  }
  if (sections.causes) {
    main.push(
      h('section', { className: ['causes'], ariaLabelledBy: sections.causes.anchor }, [
        heading(sections.causes, text.causes),
        ...children(sections.causes),
        ...sections.causes.items.map((item) =>
          h('section', { className: ['cause'], ariaLabelledBy: item.anchor }, [h('h3', { id: item.anchor }, item.title ?? ''), ...children(item)])
        )
      ])
    )
  }
  if (sections.steps) main.push(h('section', { className: ['steps'], ariaLabelledBy: sections.steps.anchor }, [heading(sections.steps, text.steps), ...children(sections.steps)]))
  main.push(contactBox(config, api.locale, sections.contactSupport))
  if (sections.warnings) {
    main.push(h('aside', { className: ['callout', 'warnings'], ariaLabelledBy: sections.warnings.anchor }, [heading(sections.warnings, text.warnings), ...children(sections.warnings)]))
  }
  if (sections.faq) {
    main.push(
      h('section', { className: ['faq'], ariaLabelledBy: sections.faq.anchor }, [
        heading(sections.faq, text.faq),
        ...children(sections.faq),
        ...sections.faq.items.map((item) => h('div', { className: ['faq-item'] }, [h('h3', { id: item.anchor }, item.title ?? ''), ...children(item)]))
      ])
    )
  }
  if (api.related.length > 0) {
    main.push(
      h('nav', { className: ['related'], ariaLabelledBy: 'related-heading' }, [
        h('h2', { id: 'related-heading' }, text.related),
        h('ul', api.related.map((related) => h('li', [h('a', { href: href(sitePathOf(config, related.url)) }, related.title)])))
      ])
    )
  }
  const { alternates } = entryPagePlace(api, config)
  const crumbs = [
    { name: text.home, path: sitePaths.home(api.locale) },
    { name: api.category.name, path: sitePaths.category(api.locale, api.category.id) },
    { name: api.title, path: pagePath }
  ]
  const html = renderPage(
    config,
    {
      path: pagePath,
      locale: api.locale,
      title: api.title,
      description: api.summary,
      alternates,
      breadcrumbs: crumbs,
      structuredData: entryStructuredData(api, config),
      scripts: sections.checklist ? ['entry.js'] : [],
      type: 'article',
      noindex: api.status !== 'published'
    },
    [h('article', { className: ['entry', `entry-${api.type}`], lang: api.locale }, main)]
  )
  return { path: pagePath, html, alternates }
}

function contactBox(config: KbConfig, locale: string, section: ApiSection | undefined): ElementContent {
  const text = uiText(locale)
  const channels = supportChannelItems(config, locale)
  return h('aside', { className: ['callout', 'contact-support'], ariaLabelledBy: section?.anchor || 'contact-support' }, [
    h('h2', { id: section?.anchor || 'contact-support' }, section?.heading || text.contactSupport),
    ...(section?.html ? [raw(section.html)] : []),
    h('p', { className: ['official-only'] }, text.officialChannelsOnly),
    h('ul', { className: ['channels'] }, channels)
  ])
}

/** The official support channels from the config, one list item each, linked where they can be. */
export function supportChannelItems(config: KbConfig, locale: string): ElementContent[] {
  return config.supportChannels.map((channel) => {
    const name = channel.name[locale] ?? channel.name[config.defaultLocale] ?? channel.id
    const target = channel.type === 'email' && channel.address ? `mailto:${channel.address}` : channel.type === 'phone' && channel.phone ? `tel:${channel.phone.replace(/\s/g, '')}` : channel.url
    const label = channel.address ?? channel.phone ?? undefined
    return h('li', [target ? h('a', { href: target }, label ? uiText(locale).labelled(name, label) : name) : name, ...(channel.hours?.[locale] ? [` (${channel.hours[locale]})`] : [])])
  })
}

/** Sections of an entry with at least this many get a table of contents: the long ones. */
const sectionsForContents = 4

/** Links to the entry's sections, in page order, for a long entry; undefined for a short one. */
function tableOfContents(api: ApiEntry, text: UiText): ElementContent | undefined {
  const sections = api.sections
  const listed: [ApiSection | undefined, string, string][] = [
    [sections.symptoms, text.symptoms, ''],
    [sections.checklist, text.checklist, ''],
    [sections.causes, text.causes, ''],
    [sections.steps, text.steps, ''],
    // The contact box is on every page, under the entry's own heading when it has one.
    [sections.contactSupport ?? { heading: '', anchor: '', html: '', text: '', items: [] }, text.contactSupport, 'contact-support'],
    [sections.warnings, text.warnings, ''],
    [sections.faq, text.faq, '']
  ]
  const links = listed.flatMap(([section, fallback, anchor]) => (section && (section.anchor || anchor) ? [h('li', [h('a', { href: `#${section.anchor || anchor}` }, section.heading || fallback)])] : []))
  if (links.length < sectionsForContents + 1) return undefined
  return h('nav', { className: ['toc'], ariaLabelledBy: 'toc-heading' }, [h('h2', { id: 'toc-heading' }, text.onThisPage), h('ol', links)])
}

/**
 * The key a checklist item's tick is remembered by in the reader's browser: a hash of the item's text, so
 * ticks stay with their items when items are added, removed or reordered (a second item with the same text
 * gets `-2`). An item whose text changes is a new item, unticked.
 */
export function checkKeys(items: readonly { text: string }[]): string[] {
  const seen = new Map<string, number>()
  return items.map((item) => {
    let hash = 0x811c9dc5
    const text = item.text.trim().normalize('NFC')
    for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0
    const key = hash.toString(36)
    const count = (seen.get(key) ?? 0) + 1
    seen.set(key, count)
    return count === 1 ? key : `${key}-${count}`
  })
}

/**
 * A task list item's single paragraph goes straight into the label. The item's HTML is the sanitized
 * rendering, so a `<p>` that opens and closes it, with no other paragraph inside, is that paragraph.
 */
function unwrapParagraph(html: string): ElementContent[] {
  const trimmed = html.trim()
  const single = trimmed.startsWith('<p>') && trimmed.endsWith('</p>') && trimmed.indexOf('<p>', 3) === -1 && trimmed.indexOf('<p ') === -1
  return [raw(single ? trimmed.slice(3, -4) : html)]
}

/**
 * Sections arrive rendered and sanitized (from the entry's compiled API record, which the cache keeps), so
 * the page embeds their HTML as it is; layout serializes with raw nodes allowed for exactly this.
 */
function raw(html: string): ElementContent {
  return { type: 'raw', value: html } as unknown as ElementContent
}

/**
 * What a reader must know before reading: that the page is a draft (built only with --drafts and in kb dev),
 * or that this translation is older than its source, with the date and a link to the original.
 */
function notices(api: ApiEntry, config: KbConfig, href: (target: string) => string): ElementContent[] {
  const text = uiText(api.locale)
  const shown: ElementContent[] = []
  if (api.status === 'draft' || api.status === 'review') shown.push(h('p', { className: ['notice', 'notice-status'], role: 'note' }, text.statusNotice[api.status]))
  const source = api.locale === config.defaultLocale ? undefined : api.translations.find((translation) => translation.locale === config.defaultLocale)
  if (source && api.outdated) {
    shown.push(
      h('p', { className: ['notice', 'notice-outdated'], role: 'note' }, [
        text.outdatedNotice(localeName(source.locale), source.updated) + ' ',
        h('a', { href: href(sitePathOf(config, source.url)), hrefLang: source.locale, lang: source.locale }, source.title)
      ])
    )
  }
  return shown
}
