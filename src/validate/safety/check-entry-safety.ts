import { toString } from 'mdast-util-to-string'
import type { Root, Nodes } from 'mdast'
import type { Position } from 'unist'
import type { VFile } from 'vfile'
import { isScalar, visit as visitYaml } from 'yaml'
import { report } from '../../diagnostics/report.js'
import { placeOfRange, type YamlSource } from '../../parse/yaml.js'
import { judgeTextMatch, judgeUrl, textUrlFindings, type Finding } from './judge-url.js'
import { isFileName, scanText, type TextMatch } from './scan-text.js'
import type { SafetyPolicy } from './policy.js'
import { decodeUri } from '../../text/decode-uri.js'
import { asBrowserReads } from '../../text/browser-url.js'
import { lineIndex } from '../../diagnostics/line-index.js'

export interface AllowedUrl {
  url: string
  reason: string
}

/** One external link or bare URL in an entry, with what the rules said of it (for `kb links`). */
export interface ExternalLink {
  url: string
  host: string
  official: boolean
  ruleIds: string[]
  /** The entry's reason, when it allows this URL. */
  allowedBecause: string | undefined
}

// A claim that a place to go is the official one (官网, official site, 官方下载), not its negation (非官方,
// unofficial, not official), not a warning about a fake (假冒官网) and not a third party's own tool
// ("Official CLI for IPinfo"), which is not a place the reader is sent to as the brand's.
const officialClaim = new RegExp(
  [
    '(?<!非|不是|并非|假冒|仿冒|冒充|冒牌|山寨)(?:官网|官方(?:[\u4e00-\u9fff]{0,2}(?:网站|网址|地址|链接|入口|域名)|下载|注册|渠道|客服|账号|帐号|群|平台|应用|app|APP|App|商店))',
    '唯一指定',
    '认准',
    '(?<![a-z-]|not |non )official (?:web ?site|site|page|link|url|address|domain|app|application|download|store|channel|account|support|customer service|group|portal|mirror)s?(?![a-z])',
    '(?<![a-z-]|not |non )official(?= *[:：])',
    'download (?:the|our) app'
  ].join('|'),
  'i'
)
// Addresses in the sentence are where a link goes, not what it claims: `github.com/acme-official/tool`.
const addressInText = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>()（）\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+|[\w.-]+\.[a-z]{2,24}(?:\/[^\s<>()（）\u3000-\u303f\u3400-\u9fff\uff00-\uffef]*|(?![\w.]))/gi

/** Whether text claims that what it links to is official, once the addresses in it are left out. */
function claimsOfficial(text: string): boolean {
  return officialClaim.test(text) && officialClaim.test(text.replace(addressInText, ' '))
}

/**
 * Reports every place in an entry that could send a reader to a referral link, a look-alike domain, an
 * unvetted download, a hidden destination, an insecure URL or an unofficial contact.
 */
export function checkEntrySafety(file: VFile, source: string, tree: Root, yaml: YamlSource | undefined, allow: readonly AllowedUrl[], policy: SafetyPolicy): ExternalLink[] {
  const allowed = new Map(allow.map((item) => [normalizeUrl(item.url), item]))
  const used = new Set<string>()
  const links: ExternalLink[] = []
  const emit = (findings: readonly Finding[], url: string | undefined, place: Position | undefined) => {
    if (findings.length === 0) return
    if (url !== undefined && allowed.has(normalizeUrl(url))) {
      used.add(normalizeUrl(url))
      return
    }
    for (const finding of findings) report(file, finding.ruleId, finding.message, place, finding.severity, finding.messageZh)
  }
  const pointAt = lineIndex(source)
  const placeOf = (start: number, end: number): Position => ({ start: pointAt(start), end: pointAt(end) })

  const judgeLink = (url: string, linkText: string, start: number, end: number, placeholder = false) => {
    if (isInternal(url)) return
    const verdict = judgeUrl(url, policy)
    const findings = textUrlFindings({ value: url, placeholder }, policy)
    // A placeholder is a value the reader replaces: it claims nothing about where it goes.
    if (!placeholder && verdict.host !== undefined && !verdict.official && !verdict.trusted && (claimsOfficial(linkText) || claimsOfficial(sentenceAround(source, start, end)))) {
      findings.push({
        ruleId: 'false-official-claim',
        message: `Unexpected claim that \`${verdict.host}\` is official, expected a link to an official domain: ${policy.officialDomains.join(', ')}`,
        messageZh: `这里说 \`${verdict.host}\` 是官方的，但它不是官方域名；说“官方”的链接应指向：${policy.officialDomains.map((domain) => `\`${domain}\``).join('、')}`
      })
    }
    const host = verdict.host ?? (/^mailto:/i.test(url) ? 'mailto:' + decodeUri(url.slice(7).split('?')[0] ?? '').toLowerCase() : undefined)
    if (host) {
      const allowance = findings.length > 0 ? allowed.get(normalizeUrl(url)) : undefined
      links.push({ url, host, official: verdict.official, ruleIds: allowance ? [] : [...new Set(findings.map((finding) => finding.ruleId))], allowedBecause: allowance?.reason })
    }
    emit(findings, url, placeOf(start, end))
  }

  const judgeText = (text: string, offset: number, options: { bareDomains: boolean }) => {
    for (const match of scanText(text, options)) judgeMatch(match, offset)
  }
  const judgeMatch = (match: TextMatch, offset: number) => {
    const start = offset + match.start
    const end = offset + match.end
    if (match.kind === 'url') judgeLink(match.value, '', start, end, match.placeholder)
    else emit(judgeTextMatch(match, policy), undefined, placeOf(start, end))
  }

  const walk = (node: Nodes, insideLink: boolean) => {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && start !== undefined && end !== undefined) {
      // Searched inside the node only: a URL written differently in the source (escapes) must not send the
      // search on through the rest of the file, once per link.
      const at = source.slice(start, end).indexOf(node.url)
      const [from, to] = at !== -1 ? [start + at, start + at + node.url.length] : [start, end]
      judgeLink(node.url, node.type === 'definition' ? '' : node.type === 'image' ? (node.alt ?? '') : toString(node), from, to)
      // An image's alt text is read out and shown when the image fails: a contact in it reaches readers too.
      if (node.type === 'image' && node.alt) {
        const altAt = source.slice(start, end).indexOf(node.alt)
        for (const match of scanText(node.alt)) if (match.kind !== 'url') judgeMatch(match, altAt === -1 ? start : start + altAt)
      }
    } else if (node.type === 'text' && start !== undefined && !insideLink) {
      // Text values can differ from the source (escapes, entities): scan the source slice for exact places.
      judgeText(source.slice(start, end), start, { bareDomains: true })
    } else if ((node.type === 'inlineCode' || node.type === 'code') && start !== undefined) {
      judgeText(source.slice(start, end), start, { bareDomains: false })
    }
    if ('children' in node) for (const child of node.children) walk(child, insideLink || node.type === 'link')
  }
  walk(tree, false)

  if (yaml) {
    visitYaml(yaml.doc, {
      Pair: (_key, pair) => (isScalar(pair.key) && pair.key.value === 'allow' ? visitYaml.SKIP : undefined),
      Scalar: (key, node) => {
        // Keys are kb's own names (`title`, `summary`); only values are the editor's text.
        if (key === 'key' || typeof node.value !== 'string' || !node.range) return
        const place = placeOfRange(yaml, node.range[0], node.range[1])
        for (const match of scanText(node.value)) {
          if (match.kind === 'url') emit(textUrlFindings(match, policy), match.value, place)
          else emit(judgeTextMatch(match, policy), undefined, place)
        }
      }
    })
  }
  allow.forEach((item, index) => {
    if (used.has(normalizeUrl(item.url))) return
    const node = yaml?.doc.getIn(['allow', index, 'url'], true) as { range?: [number, number, number] } | undefined
    const place = yaml && node?.range ? placeOfRange(yaml, node.range[0], node.range[1]) : undefined
    report(file, 'allow-unused', `Unexpected allowance for \`${item.url}\`: no rule flags it in this entry, expected only allowances that are needed`, place, undefined, `放行了 \`${item.url}\`，但这篇文章里没有规则报出它；只保留需要的放行项`)
  })
  return links
}

export function normalizeUrl(url: string): string {
  try {
    return new URL(url.trim()).href
  } catch {
    return url.trim()
  }
}

function isInternal(raw: string): boolean {
  const url = asBrowserReads(raw)
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return false
  // `troubleshoot-windows.md` is a file beside the page, as the browser reads it; `okx-help.com/x` may be a domain written without its scheme.
  if (/^[^/?#]+$/.test(url.split(/[?#]/)[0] ?? '') && isFileName(url.split(/[?#]/)[0] ?? '')) return true
  return !/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/|$)/i.test(url)
}

/** The sentence around a range of the source: from the previous sentence end to the next. */
export function sentenceAround(source: string, start: number, end: number): string {
  const boundary = /[。！？!?\n]|\.\s/g
  // At most 300 characters either way: a sentence without an end must not make every link read the whole file.
  let from = Math.max(0, start - 300)
  for (const match of source.slice(from, start).matchAll(boundary)) from = Math.max(0, start - 300) + match.index + match[0].length
  const after = source.slice(end, end + 300)
  const next = after.search(/[。！？!?\n]|\.\s/)
  return source.slice(from, next === -1 ? end + after.length : end + next)
}
