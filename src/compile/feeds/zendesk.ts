import { contentHash, type Emitter } from './feed-input.js'
import { json, jsonListParts } from '../json-text.js'
import { absoluteLinks } from './absolute-links.js'
import { recordKey } from '../render-memo.js'
import type { KbConfig } from '../../types/config.js'

/**
 * Zendesk Guide (Help Center API v2, https://developer.zendesk.com/api-reference/help_center/help-center-api/articles/):
 * one payload per article translation, `{"article": …}` for the source locale (`POST
 * /api/v2/help_center/sections/{section_id}/articles`, with the `permission_group_id` and `user_segment_id`
 * every new article needs) and `{"translation": …}` for the others (`POST
 * /api/v2/help_center/articles/{article_id}/translations`), and a manifest listing each article before its
 * translations. Written only when `zendesk` in the config names the permission group and user segment.
 */
export const zendesk: Emitter = function* (input) {
  const settings = input.config.zendesk
  if (!settings) return
  const isSource = (locale: string) => locale === input.config.defaultLocale
  const ordered = [...input.entries].sort((a, b) => compare(a.id, b.id) || Number(isSource(b.locale)) - Number(isSource(a.locale)) || compare(a.locale, b.locale))
  const manifest: { inputs: unknown; value: () => object }[] = []
  for (const entry of ordered) {
    const locale = zendeskLocale(input.config, entry.locale)
    const path = `feeds/zendesk/${entry.id}.${entry.locale}.json`
    const payload = () => {
      const body = { title: entry.title, body: zendeskHtml(absoluteLinks(entry.html, entry.url)), locale, draft: entry.status !== 'published' }
      const access = { ...settings, ...settings.categories?.[entry.category.id] }
      const section = settings.sections?.[entry.category.id]
      return json(
        isSource(entry.locale)
          ? { article: { ...body, permission_group_id: access.permissionGroupId, user_segment_id: access.userSegmentId, label_names: entry.tags, ...(section ? { section_id: section } : {}) } }
          : { translation: body }
      )
    }
    // The payload is a function of the entry's record (and the config): kept from the last build when that is.
    const file = input.memo(path, recordKey(entry), payload)
    yield [path, file]
    // The hash of the payload file's bytes: what an importer sends, so it changes exactly when that does.
    const hash = typeof file === 'string' ? contentHash(file) : `sha256-${file.kept.sha256}`
    // Its manifest line is a function of the record too: a part of the manifest copied when that is unchanged.
    manifest.push({ inputs: recordKey(entry), value: () => ({ externalId: `kb-${entry.id}`, locale, kind: isSource(entry.locale) ? 'article' : 'translation', category: entry.category.id, payload: path, contentHash: hash }) })
  }
  yield ['feeds/zendesk/manifest.json', input.parts('feeds/zendesk/manifest.json', jsonListParts({ version: 1 }, 'items', manifest))]
}

/**
 * The Help Center's code for a config locale: `zendesk.locales` when set, else the locale in lowercase
 * (`zh-CN` → `zh-cn`), with a bare `en` as the `en-us` the Help Center uses.
 */
export function zendeskLocale(config: Pick<KbConfig, 'zendesk'>, locale: string): string {
  const configured = config.zendesk?.locales?.[locale]
  if (configured) return configured
  const lower = locale.toLowerCase()
  return lower === 'en' ? 'en-us' : lower
}

/**
 * Entry HTML as the Help Center keeps it: its allowed HTML has no `<input>`, so a task list's checkboxes
 * would vanish and leave bare items; they become the ballot-box characters a reader sees instead.
 */
export function zendeskHtml(html: string): string {
  return html.replace(/<input\b[^>]*>/g, (tag) => (/\btype="checkbox"/.test(tag) ? (/\bchecked\b/.test(tag) ? '☑ ' : '☐ ') : ''))
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
