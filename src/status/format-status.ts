import type { KbStatus } from './kb-status.js'

/** How much of each list the text and Markdown forms show; JSON always carries all of it. */
const shown = 20

function more(count: number): string[] {
  return count > shown ? [`… and ${count - shown} more (kb status --format json lists all)`] : []
}

/** For a terminal: one block per locale, then owners, links and the problem count. */
export function formatStatusText(status: KbStatus): string {
  const out: string[] = [`KB status on ${status.date} (review every ${status.reviewEveryDays} days)`, '']
  for (const locale of status.locales) {
    const counts = Object.entries(locale.byStatus).map(([name, count]) => `${count} ${name}`).join(', ')
    out.push(`${locale.locale}: ${counts}`)
    const list = (title: string, items: string[]) => {
      if (items.length === 0) return
      out.push(`  ${title} (${items.length}):`, ...items.slice(0, shown).map((item) => `    ${item}`), ...more(items.length).map((item) => `    ${item}`))
    }
    list('missing translations', locale.missingTranslations.map((entry) => `${entry.id}  ${entry.title}`))
    list('outdated translations', locale.outdatedTranslations.map((entry) => `${entry.file}  updated ${entry.updated}, source ${entry.sourceUpdated}`))
    list('due for review', locale.dueForReview.map((entry) => `${entry.file}  last reviewed ${entry.lastReviewed} (${entry.days} days)`))
  }
  out.push('')
  out.push(status.owners.length > 0 ? `Owners: ${status.owners.map((owner) => `${owner.owner} (${owner.entries})`).join(', ')}` : 'Owners: none set (`owner:` in the frontmatter)')
  if (status.withoutOwner.length > 0) out.push(`Published entries without an owner: ${status.withoutOwner.length}`)
  out.push(status.links.length > 0 ? `Broken or flagged links (${status.links.length}):` : 'Broken or flagged links: none')
  out.push(...status.links.slice(0, shown).map((link) => `  ${link.file}:${link.line}:${link.column}  ${link.ruleId}  ${link.message}`), ...more(status.links.length).map((item) => `  ${item}`))
  out.push(`kb check: ${status.problems.errors} errors, ${status.problems.warnings} warnings${status.invalid > 0 ? `; ${status.invalid} entries with errors in their frontmatter or place are not counted above` : ''}`)
  return out.join('\n') + '\n'
}

/** For a pull-request comment: a table of locales, then each list as a collapsed block. */
export function formatStatusMarkdown(status: KbStatus): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ')
  const code = (text: string) => `\`${text.replace(/`/g, 'ˋ')}\``
  const out: string[] = [`### KB status, ${status.date}`, '']
  out.push('| Locale | Published | Review | Draft | Archived | Missing translations | Outdated | Due for review |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const locale of status.locales) {
    const { published, review, draft, archived } = locale.byStatus
    out.push(`| ${locale.locale} | ${published} | ${review} | ${draft} | ${archived} | ${locale.missingTranslations.length} | ${locale.outdatedTranslations.length} | ${locale.dueForReview.length} |`)
  }
  const block = (title: string, items: string[]) => {
    if (items.length === 0) return
    out.push('', `<details><summary>${title} (${items.length})</summary>`, '', ...items.slice(0, shown).map((item) => `- ${item}`), ...more(items.length).map((item) => `- ${item}`), '', '</details>')
  }
  for (const locale of status.locales) {
    block(`${locale.locale}: missing translations`, locale.missingTranslations.map((entry) => `${code(entry.id)} ${cell(entry.title)}`))
    block(`${locale.locale}: outdated translations`, locale.outdatedTranslations.map((entry) => `${code(entry.file)} updated ${entry.updated}, source ${entry.sourceUpdated}`))
    block(`${locale.locale}: due for review (every ${status.reviewEveryDays} days)`, locale.dueForReview.map((entry) => `${code(entry.file)} last reviewed ${entry.lastReviewed} (${entry.days} days)`))
  }
  block('Broken or flagged links', status.links.map((link) => `${code(`${link.file}:${link.line}:${link.column}`)} ${code(link.ruleId)} ${cell(link.message)}`))
  out.push('', `kb check: **${status.problems.errors} errors**, ${status.problems.warnings} warnings.`)
  return out.join('\n') + '\n'
}
