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

/**
 * A site-root-relative path, with an optional `#fragment`, as a URL: absolute under `baseUrl` when
 * configured, else unchanged. Path segments and the fragment are percent-encoded each on its own, so the `#`
 * stays a fragment (a browser decodes `#%E7%97%87%E7%8A%B6` to find `id="症状"`).
 */
export function siteUrl(config: Pick<KbConfig, 'baseUrl'>, sitePath: string): string {
  if (!config.baseUrl) return sitePath
  const [pathPart, fragment] = splitFragment(sitePath)
  return config.baseUrl.replace(/\/+$/, '') + '/' + pathPart.split('/').map(encodeURIComponent).join('/') + (fragment === undefined ? '' : `#${encodeURIComponent(fragment)}`)
}

/**
 * The path the site is served under: that of `baseUrl` (`https://www.okx.com/help/kb/` → `/help/kb/`), or
 * `/` without one. A 404 page, which a host serves at any missing path, resolves its links from it.
 */
export function sitePathPrefix(config: Pick<KbConfig, 'baseUrl'>): string {
  if (!config.baseUrl) return '/'
  try {
    return new URL(config.baseUrl).pathname.replace(/\/*$/, '/')
  } catch {
    return '/'
  }
}

/** The site path of a URL made by `siteUrl`: the inverse, for pages that link relatively. */
export function sitePathOf(config: Pick<KbConfig, 'baseUrl'>, url: string): string {
  const base = config.baseUrl?.replace(/\/+$/, '') + '/'
  if (!config.baseUrl || !url.startsWith(base)) return url
  const [pathPart, fragment] = splitFragment(url.slice(base.length))
  return pathPart.split('/').map(decodeURIComponent).join('/') + (fragment === undefined ? '' : `#${decodeURIComponent(fragment)}`)
}

function splitFragment(value: string): [string, string | undefined] {
  const at = value.indexOf('#')
  return at === -1 ? [value, undefined] : [value.slice(0, at), value.slice(at + 1)]
}
