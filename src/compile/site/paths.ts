import { createHash } from 'node:crypto'
import path from 'node:path'
import { slug } from 'github-slugger'
import { compareStrings } from '../../diagnostics/report.js'

/** Site-root-relative paths of every page kind. Entry pages are in ../site-paths.ts (shared with the API). */
export const sitePaths = {
  home: (locale: string) => `${locale}/index.html`,
  // Page 2 on of a listing sits in a folder: entry ids never make folders, so no entry page can take its path.
  category: (locale: string, category: string, page = 1) => (page === 1 ? `${locale}/${category}/index.html` : `${locale}/${category}/page/${page}.html`),
  tag: (locale: string, slug: string, page = 1) => (page === 1 ? `${locale}/tags/${slug}.html` : `${locale}/tags/${slug}/${page}.html`),
  search: (locale: string) => `${locale}/search.html`,
  notFound: (locale: string) => `${locale}/404.html`,
  asset: (name: string) => `assets/${name}`
}

/** A link from one page to another, relative, so the site works from any sub-path. */
export function relativeHref(fromPage: string, toPath: string): string {
  const target = toPath.split('#')[0] ?? ''
  const hash = toPath.includes('#') ? toPath.slice(toPath.indexOf('#')) : ''
  const relative = path.posix.relative(path.posix.dirname(fromPage), target) || path.posix.basename(target)
  return encodeURI(relative) + hash
}

/**
 * File names of the tag pages of one locale, one per tag, never two alike. A tag's name is its GitHub-style
 * slug (Chinese tags keep their characters) when no other tag of the locale has the same slug as a case- and
 * normalization-insensitive file system (macOS, Windows) compares them, or when the tag is that slug exactly
 * and the only such tag. Every other tag, and every tag whose slug is empty or a Windows device name, is
 * named `<slug or "tag">.<8 hex digits of the SHA-256 of the exact tag>`: a slug never holds a `.`, so such
 * a name meets no plain one. A name depends only on the tags sharing its slug, not on unrelated tags.
 */
export function tagSlugs(tags: readonly string[]): Map<string, string> {
  const unique = [...new Set(tags)].sort(compareStrings)
  const sharing = new Map<string, string[]>()
  for (const tag of unique) {
    const key = fileNameKey(slug(tag))
    const same = sharing.get(key)
    if (same) same.push(tag)
    else sharing.set(key, [tag])
  }
  return new Map(
    unique.map((tag) => {
      const base = slug(tag)
      const others = sharing.get(fileNameKey(base)) ?? []
      const owners = others.filter((other) => other === slug(other) && other === other.normalize('NFC'))
      const plain = base !== '' && !windowsDeviceName.test(base) && (others.length === 1 || (owners.length === 1 && owners[0] === tag))
      return [tag, plain ? base : `${base || 'tag'}.${createHash('sha256').update(tag).digest('hex').slice(0, 8)}`]
    })
  )
}

/** Names Windows reserves for devices, with any extension. */
const windowsDeviceName = /^(con|prn|aux|nul|com\d|lpt\d)$/i

/** Two file names with the same key are the same file on a case- and normalization-insensitive file system. */
function fileNameKey(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase()
}
