import { siteUrl } from '../site-paths.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'

/** schema.org data for an entry: TechArticle (HowTo for how-to entries), and FAQPage when it has an FAQ. */
export function entryStructuredData(entry: ApiEntry, config: KbConfig): object[] {
  const base = {
    '@context': 'https://schema.org',
    '@type': entry.type === 'howto' ? 'HowTo' : 'TechArticle',
    ...(entry.type === 'howto' ? { name: entry.title } : { headline: entry.title }),
    description: entry.summary,
    inLanguage: entry.locale,
    dateModified: entry.updated,
    ...(config.baseUrl ? { url: entry.url } : {}),
    publisher: { '@type': 'Organization', name: config.brand },
    ...(entry.type === 'howto' && entry.sections.steps
      ? { step: entry.sections.steps.items.map((step, index) => ({ '@type': 'HowToStep', position: index + 1, text: step.text })) }
      : {})
  }
  const data: object[] = [base]
  const faq = entry.sections.faq?.items ?? []
  if (faq.length > 0) {
    data.push({
      '@context': 'https://schema.org',
      '@type': 'FAQPage',
      inLanguage: entry.locale,
      mainEntity: faq.map((item) => ({ '@type': 'Question', name: item.title ?? '', acceptedAnswer: { '@type': 'Answer', text: item.text } }))
    })
  }
  return data
}

export function breadcrumbList(crumbs: readonly { name: string; path: string }[], config: KbConfig, pagePath: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      ...(config.baseUrl && crumb.path !== pagePath ? { item: siteUrl(config, crumb.path) } : {})
    }))
  }
}
