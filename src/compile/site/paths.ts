import path from 'node:path'
import GithubSlugger from 'github-slugger'

/** Site-root-relative paths of every page kind. Entry pages are in ../site-paths.ts (shared with the API). */
export const sitePaths = {
  home: (locale: string) => `${locale}/index.html`,
  category: (locale: string, category: string) => `${locale}/${category}/index.html`,
  tag: (locale: string, slug: string) => `${locale}/tags/${slug}.html`,
  search: (locale: string) => `${locale}/search.html`,
  notFound: (locale: string) => `${locale}/404.html`,
  searchIndex: (locale: string) => `${locale}/search-index.json`,
  asset: (name: string) => `assets/${name}`
}

/** A link from one page to another, relative, so the site works from any sub-path. */
export function relativeHref(fromPage: string, toPath: string): string {
  const target = toPath.split('#')[0] ?? ''
  const hash = toPath.includes('#') ? toPath.slice(toPath.indexOf('#')) : ''
  const relative = path.posix.relative(path.posix.dirname(fromPage), target) || path.posix.basename(target)
  return encodeURI(relative) + hash
}

/** File-name slugs for tags, unique per locale; Chinese tags keep their characters. */
export function tagSlugs(tags: readonly string[]): Map<string, string> {
  const slugger = new GithubSlugger()
  return new Map([...tags].sort().map((tag) => [tag, slugger.slug(tag) || 'tag']))
}
