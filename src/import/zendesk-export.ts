import { fromHtml } from 'hast-util-from-html'
import { toMdast } from 'hast-util-to-mdast'
import type { Root } from 'mdast'
import type { ForeignArticle, ImportNote } from './foreign-article.js'

/**
 * The articles of a Zendesk Help Center export: the API's list response (`{"articles": [...]}`), one article
 * (`{"article": {...}}`) or a bare array of them. Each article's `body` is HTML; it becomes Markdown the way
 * the unified collective maps HTML to Markdown (hast-util-to-mdast), which keeps text and drops scripts.
 */
export function zendeskArticles(origin: string, text: string): ForeignArticle[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return [unreadable(origin, `not JSON: ${error instanceof Error ? error.message : String(error)}`, '不是 JSON', text)]
  }
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data['articles']) ? data['articles'] : isObject(data) && isObject(data['article']) ? [data['article']] : undefined
  if (!list) return [unreadable(origin, 'no `articles` list or `article` object, as the Help Center API returns them', '没有 Help Center API 返回的 `articles` 列表或 `article` 对象', text)]
  return list.map((article, index) => {
    const origin_ = `${origin}#${isObject(article) && article['id'] !== undefined ? String(article['id']) : index + 1}`
    if (!isObject(article)) return unreadable(origin_, 'an item that is not an article object', '一项不是文章对象', JSON.stringify(article))
    const { body, title, ...rest } = article
    const notes: ImportNote[] = []
    const html = typeof body === 'string' ? body : ''
    const tree = toMdast(fromHtml(html, { fragment: true })) as Root
    return { origin: origin_, shape: 'zendesk-json', metadata: rest, title: typeof title === 'string' ? title : undefined, summary: undefined, body: tree, notes }
  })
}

function unreadable(origin: string, why: string, whyZh: string, text: string): ForeignArticle {
  return { origin, shape: 'zendesk-json', metadata: {}, title: undefined, summary: undefined, body: { type: 'root', children: [] }, notes: [{ kind: 'dropped', what: `a Zendesk export kb could not read (${why})`, whatZh: `kb 读不了的 Zendesk 导出文件（${whyZh}）`, text }] }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
