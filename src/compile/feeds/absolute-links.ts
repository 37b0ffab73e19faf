/**
 * An entry's HTML with its relative links and image sources made absolute against the entry page's URL:
 * a feed reader, Zendesk or a chat bot reads the HTML away from the site, where `../security/x.html` would
 * resolve against the feed's own address (or nothing). Without `baseUrl` the page URL is relative and the
 * HTML is returned as it is.
 */
export function absoluteLinks(html: string, pageUrl: string): string {
  if (!/^https?:\/\//i.test(pageUrl)) return html
  return html.replace(/(\s(?:href|src)=")([^"]*)"/g, (whole, prefix: string, value: string) => {
    const url = value.replace(/&amp;/g, '&')
    // Absolute already (`https:`, `mailto:`, `//host`), or written with other character references: as it is.
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url) || url.includes('&#')) return whole
    try {
      return `${prefix}${new URL(url, pageUrl).href.replace(/&/g, '&amp;')}"`
    } catch {
      return whole
    }
  })
}
