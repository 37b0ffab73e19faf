import { compareStrings, type Diagnostic } from '../diagnostics/report.js'
import { entryKey, isValidEntry, type EntryFacts } from '../validate/cross-entry.js'
import { isOutdated } from '../validate/source-version.js'
import type { KbConfig } from '../types/config.js'
import type { Frontmatter } from '../types/entry-source.js'

export const defaultReviewDays = 180

type Status = Frontmatter['status']
const statuses: readonly Status[] = ['published', 'review', 'draft', 'archived']

export interface EntryRef {
  file: string
  id: string
  title: string
}

/** What needs work in a KB, for a content lead: plain data, printed as text, JSON or Markdown. */
export interface KbStatus {
  date: string
  reviewEveryDays: number
  locales: {
    locale: string
    byStatus: Record<Status, number>
    /** Published source entries this locale has no translation of (empty for the default locale). */
    missingTranslations: EntryRef[]
    /** Translations older than their source entry. */
    outdatedTranslations: (EntryRef & { updated: string; sourceUpdated: string })[]
    /** Published entries not reviewed within the period, oldest first. */
    dueForReview: (EntryRef & { lastReviewed: string; days: number })[]
  }[]
  /** Entries per owner (`owner` in the frontmatter), and the published ones without an owner. */
  owners: { owner: string; entries: number }[]
  withoutOwner: EntryRef[]
  /** Links that lead nowhere or that the reader-safety rules flag, from the same run as kb check. */
  links: { file: string; line: number; column: number; ruleId: string; message: string }[]
  /** Every problem kb check reports, counted. */
  problems: { errors: number; warnings: number; files: number }
  /** Entries whose frontmatter or place has errors (counted under problems): not in the counts by status. */
  invalid: number
}

/** Rules about links: what `kb status` lists under broken or flagged links. */
const linkRules = new Set(['link-missing-entry', 'link-missing-anchor', 'link-unpublished', 'related-missing', 'lookalike-domain', 'insecure-url', 'unofficial-contact', 'false-official-claim'])

export function kbStatus(entries: readonly EntryFacts[], diagnostics: readonly Diagnostic[], config: KbConfig, date: string): KbStatus {
  const valid = entries.filter(isValidEntry)
  const reviewEveryDays = config.review?.everyDays ?? defaultReviewDays
  const byKey = new Map(valid.map((entry) => [entryKey(entry.location.locale, entry.frontmatter.id), entry]))
  const ref = (entry: (typeof valid)[number]): EntryRef => ({ file: entry.file.path, id: entry.frontmatter.id, title: entry.frontmatter.title })
  const sources = valid.filter((entry) => entry.location.locale === config.defaultLocale && entry.frontmatter.status === 'published')
  const locales = config.locales.map((locale) => {
    const own = valid.filter((entry) => entry.location.locale === locale)
    const byStatus = Object.fromEntries(statuses.map((status) => [status, own.filter((entry) => entry.frontmatter.status === status).length])) as Record<Status, number>
    const missingTranslations = locale === config.defaultLocale ? [] : sources.filter((source) => !byKey.has(entryKey(locale, source.frontmatter.id))).map(ref)
    const outdatedTranslations =
      locale === config.defaultLocale
        ? []
        : own.flatMap((entry) => {
            const source = byKey.get(entryKey(config.defaultLocale, entry.frontmatter.id))
            return source && isOutdated(entry, source) ? [{ ...ref(entry), updated: entry.frontmatter.updated, sourceUpdated: source.frontmatter.updated }] : []
          })
    const dueForReview = own
      .filter((entry) => entry.frontmatter.status === 'published')
      .map((entry) => {
        const lastReviewed = entry.frontmatter.reviewed ?? entry.frontmatter.updated
        return { ...ref(entry), lastReviewed, days: daysBetween(lastReviewed, date) }
      })
      .filter((entry) => entry.days > reviewEveryDays)
      .sort((a, b) => b.days - a.days || compareStrings(a.file, b.file))
    return { locale, byStatus, missingTranslations, outdatedTranslations, dueForReview }
  })
  const owned = new Map<string, number>()
  for (const entry of valid) if (entry.frontmatter.owner) owned.set(entry.frontmatter.owner, (owned.get(entry.frontmatter.owner) ?? 0) + 1)
  const owners = [...owned].map(([owner, count]) => ({ owner, entries: count })).sort((a, b) => b.entries - a.entries || compareStrings(a.owner, b.owner))
  const withoutOwner = valid.filter((entry) => entry.frontmatter.status === 'published' && !entry.frontmatter.owner).map(ref)
  const links = diagnostics.filter((diagnostic) => linkRules.has(diagnostic.ruleId)).map(({ file, line, column, ruleId, message }) => ({ file, line, column, ruleId, message }))
  const problems = { errors: diagnostics.filter((item) => item.severity === 'error').length, warnings: diagnostics.filter((item) => item.severity === 'warning').length, files: new Set(diagnostics.map((item) => item.file)).size }
  return { date, reviewEveryDays, locales, owners, withoutOwner, links, problems, invalid: entries.length - valid.length }
}

function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
