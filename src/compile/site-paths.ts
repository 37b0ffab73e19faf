import type { KbConfig } from '../types/config.js'

/**
 * Where things live in dist/. Entry pages mirror content/ (`content/zh-CN/account/x.md` →
 * `zh-CN/account/x.html`), so a relative link between two entries stays the same relative link.
 */
export function entryPagePath(locale: string, category: string, id: string): string {
  return `${locale}/${category}/${id}.html`
}

export function entryApiPath(locale: string, id: string): string {
  return `api/entries/${locale}/${id}.json`
}

export function localeIndexApiPath(locale: string): string {
  return `api/locales/${locale}.json`
}

/** A site-root-relative path as a URL: absolute under `baseUrl` when configured, else unchanged. */
export function siteUrl(config: Pick<KbConfig, 'baseUrl'>, sitePath: string): string {
  if (!config.baseUrl) return sitePath
  return config.baseUrl.replace(/\/+$/, '') + '/' + sitePath.split('/').map(encodeURIComponent).join('/')
}

/** The site path of a URL made by `siteUrl`: the inverse, for pages that link relatively. */
export function sitePathOf(config: Pick<KbConfig, 'baseUrl'>, url: string): string {
  const base = config.baseUrl?.replace(/\/+$/, '') + '/'
  if (!config.baseUrl || !url.startsWith(base)) return url
  return url.slice(base.length).split('/').map(decodeURIComponent).join('/')
}
