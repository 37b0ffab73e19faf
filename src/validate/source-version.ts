import { createHash } from 'node:crypto'
import { splitFrontmatter } from '../parse/frontmatter.js'

/**
 * The version of an entry a translation records (`sourceHash`, written by kb translate): a hash of what
 * readers read, its title, summary and body, so a new `reviewed` date, a status or an owner does not make
 * every translation outdated, while any change to the text does. Line ends do not count.
 */
export function sourceVersion(title: string, summary: string, text: string): string {
  const body = (splitFrontmatter(text)?.body ?? text).replace(/\r\n?/g, '\n')
  return createHash('sha256').update(title).update('\0').update(summary).update('\0').update(body).digest('hex').slice(0, 16)
}

/** Whether a translation is behind its source: by the recorded version when it has one, else by the dates. */
export function isOutdated(translation: { frontmatter: { updated: string; sourceHash?: string } }, source: { frontmatter: { updated: string }; sourceVersion: string | undefined }): boolean {
  const recorded = translation.frontmatter.sourceHash
  if (recorded !== undefined && source.sourceVersion !== undefined) return recorded !== source.sourceVersion
  return source.frontmatter.updated > translation.frontmatter.updated
}
