import { foldWidth } from '../../text/fold-width.js'
import { channelOf, channelPattern, isAccount, mayNameChannel, qrContact } from './contact-channels.js'
import { isFictionalPhone, isTopLevelDomain, isUnreachableAddress } from './reserved-names.js'

/**
 * Finds what a reader could follow or use in plain text, where no Markdown link marks it: URLs, bare
 * domains, e-mail addresses (also as `name (at) domain`), phone numbers, messenger accounts, QR-code
 * contact instructions and referral codes. Full-width forms (`１３８`, `＠`) are read as what they imitate.
 * Pure and position-exact: each match carries its offsets in the text given.
 */
export type TextMatchKind = 'url' | 'email' | 'phone' | 'messenger' | 'qr-code' | 'referral-code'

export interface TextMatch {
  kind: TextMatchKind
  value: string
  start: number
  end: number
  /** For a messenger account: the channel (`WeChat`) and the account as written (`okx_help`). */
  channel?: string
  account?: string
  /** For a URL: written inside a placeholder (`{{http://example.com}}`) or as a template (`http://{{host}}`). */
  placeholder?: boolean
}

// Stops at white space, quotes, brackets and CJK punctuation, which never belong to a URL in prose.
const urlBody = `[^\\s<>"'\`()（）【】「」『』《》，。、；：！？]+`
const schemeUrl = new RegExp(`\\b(?:https?|ftp)://${urlBody}`, 'gi')
// Exported for the test that domainMatches finds exactly its matches.
export const bareDomain = new RegExp(`(?<![\\w@.-])(?:www\\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]+)(?::\\d{2,5})?(?:/${urlBody})?(?![\\w@-])`, 'gi')
// `@`, or `(at)` / `[at]` written to get past filters; the part before it ends in a letter, digit or `_`.
const at = '(?:@|[ \\t]?[(\\[{]at[)\\]}][ \\t]?)'
const dot = '(?:\\.|[ \\t]?[(\\[{]dot[)\\]}][ \\t]?)'
const email = new RegExp(`(?<![\\w.+-])[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9_])?${at}[a-z0-9-]+(?:${dot}[a-z0-9-]+)*${dot}[a-z]{2,24}(?![\\w-])`, 'gi')
const phone = /(?<![\w+])(?:\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}|1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|[48]00[\s-]?\d{3}[\s-]?\d{4})(?![\w])/g
// What starts a phone number said in words, and a referral code: the patterns, and the tests below, read them.
const phoneWords = '电话|热线|致电|手机号?|(?<![a-z])(?:phone|call us|hotline|tel)(?![a-z])'
const referralWords = '推荐码|邀请码|返佣码|推广码|邀请链接码|注册码|referral\\s*code|refer(?:ral)?\\s*id|invite\\s*code|invitation\\s*code|promo\\s*code|ref\\s*code|affiliate\\s*code'
const spokenPhone = new RegExp(`(?:${phoneWords})\\s*(?:[:：]\\s*)?(\\+?\\d[\\d\\s-]{6,}\\d)`, 'gi')
const referralCode = new RegExp(`(?:${referralWords})(?:\\s*(?:是|为|[:：])\\s*|\\s+)[a-z0-9]{4,}`, 'gi')
// What each pattern's matches start with, tested before it runs: a page's JSON-LD has `@` in every `@type`,
// its JSON an `id` in every record, but these only where a match may be.
const mayHoldEmail = new RegExp(`[a-z0-9_]${at}`, 'i')
const mayHoldSpokenPhone = new RegExp(phoneWords, 'i')
const mayHoldReferralCode = new RegExp(referralWords, 'i')
// `{{email@gmail.com}}`: a value the reader replaces with their own, in documentation of commands.
const placeholder = /\{\{[^{}\n]*\}\}/g

const fileExtensions = /\.(md|markdown|txt|json|ya?ml|toml|ini|cfg|conf|lock|png|jpe?g|gif|svg|webp|ico|pdf|csv|js|mjs|ts|css|html?|log|xml|zip|gz|tgz|bz2|xz|7z|rar|iso|img|exe|apk|dmg|msi|sh|py|rs|rb|pl|go|php|java|kt|swift|lua|so|bat|ps1|mp3|mp4|mov|wav|cab|msu|msp|vhdx?|dll|sys|evtx|etl|dmp|cer|pfx|reg|docx?|xlsx?|pptx?)$/i

/** `README.md`, `app.apk`: a file name, which a browser reads as a path, not a host (unless it starts with `www.`). */
export function isFileName(value: string): boolean {
  return !/^www\./i.test(value) && fileExtensions.test(value)
}

export function scanText(text: string, options: { bareDomains: boolean } = { bareDomains: true }): TextMatch[] {
  // Most texts hold nothing a reader could follow: each pattern runs only when a cheap test says it may match.
  if (text.length < 5 || !/[\d.@:：＠_\u3400-\u9fff]|qr/i.test(text)) return []
  const folded = foldWidth(text)
  const matches: TextMatch[] = []
  // Which characters an earlier match claimed: checking a range costs its length, never the match count.
  const claimed = new Uint8Array(text.length)
  const free = (start: number, end: number) => claimed.subarray(start, end).indexOf(1) === -1
  const take = (start: number, end: number) => claimed.fill(1, start, end)
  const add = (kind: TextMatchKind, start: number, end: number, extra: Partial<TextMatch> = {}) => {
    if (!free(start, end)) return
    matches.push({ kind, value: text.slice(start, end), start, end, ...extra })
    take(start, end)
  }
  const placeholders = folded.includes('{{') ? [...folded.matchAll(placeholder)].map((match) => [match.index, match.index + match[0].length] as const) : []
  const inPlaceholder = (start: number) => placeholders.some(([from, to]) => start >= from && start < to)
  const hasDigit = /\d/.test(folded)
  const matchesOf = (pattern: RegExp, when: boolean) => (when ? folded.matchAll(pattern) : [])
  for (const match of matchesOf(schemeUrl, folded.includes('://'))) {
    const value = trimTrailing(match[0])
    // A template host (`http://{{host}}`) goes nowhere yet; a template path on a real host still does.
    const templateHost = /^[a-z]+:\/\/[^/]*\{\{/i.test(value)
    add('url', match.index, match.index + value.length, inPlaceholder(match.index) || templateHost ? { placeholder: true } : {})
  }
  for (const match of matchesOf(email, mayHoldEmail.test(folded))) {
    const end = match.index + match[0].length
    // Addresses at the reserved example domains (RFC 2606) and in placeholders are not contacts, and neither
    // are names under no real top-level domain (`serial-getty@ttyS0.service`, `id@odata.bind`).
    const address = emailAddress(match[0])
    if (isUnreachableAddress(address) || inPlaceholder(match.index)) take(match.index, end)
    else add('email', match.index, end)
  }
  for (const match of matchesOf(channelPattern, mayNameChannel.test(folded))) {
    const found = channelOf(match)
    const account = match.groups?.['account'] ?? ''
    const end = match.index + match[0].length
    if (!found || !isAccount(found.channel, found.name, match.groups?.['joiner'] ?? '', account, folded.slice(end, end + 3)) || inPlaceholder(match.index)) continue
    add('messenger', match.index, end, { channel: found.channel.name, account })
  }
  for (const match of matchesOf(qrContact, /二维码|扫码|qr/i.test(folded))) add('qr-code', match.index, match.index + match[0].length)
  for (const match of matchesOf(referralCode, mayHoldReferralCode.test(folded))) add('referral-code', match.index, match.index + match[0].length)
  for (const match of options.bareDomains ? domainMatches(folded) : []) {
    const value = trimTrailing(match[0])
    // Most are the host of a URL found above (a page's links and structured data): add would skip them.
    if (!free(match.index, match.index + value.length)) continue
    // `README.md` and `app.apk` are file names, not domains, unless written with `www.`.
    if (!value.includes('/') && isFileName(value.replace(/:\d+$/, ''))) continue
    if (/^\d+(\.\d+)+$/.test(value)) continue
    // `Microsoft.Network/…`, `System.IO`: a capitalised last label names a namespace, not a domain.
    if (/\.[a-z0-9-]*[A-Z][\w-]*(?=[:/]|$)/.test(value.split('/')[0] ?? value)) continue
    // Only names under a real top-level domain: `faq-okx.summary` is an id, `config.local` a file.
    if (!isTopLevelDomain(value.split(/[/:]/)[0]?.split('.').at(-1) ?? '')) continue
    add('url', match.index, match.index + value.length, inPlaceholder(match.index) ? { placeholder: true } : {})
  }
  const addPhone = (start: number, number: string) => {
    if (isFictionalPhone(number) || inPlaceholder(start)) take(start, start + number.length)
    else add('phone', start, start + number.length)
  }
  for (const match of matchesOf(spokenPhone, hasDigit && mayHoldSpokenPhone.test(folded))) {
    const number = match[1] ?? ''
    addPhone(match.index + match[0].lastIndexOf(number), number)
  }
  for (const match of matchesOf(phone, hasDigit)) addPhone(match.index, match[0])
  return matches.sort((a, b) => a.start - b.start)
}

/**
 * The matches of `bareDomain` in a text, the same as `text.matchAll(bareDomain)` gives, found faster: a match
 * holds no white space and has a dot followed by a letter (before its top-level domain), so only the runs of
 * non-space characters holding one are searched. A page's words are most of its text and few have such a dot.
 */
export function* domainMatches(text: string): Generator<RegExpMatchArray & { index: number }> {
  const dotLetter = /\.[a-z]/gi
  for (let hit = dotLetter.exec(text); hit; hit = dotLetter.exec(text)) {
    let start = hit.index
    while (start > 0 && !isWhiteSpace(text.charCodeAt(start - 1))) start--
    let end = hit.index + 1
    while (end < text.length && !isWhiteSpace(text.charCodeAt(end))) end++
    // The run alone: the white space around it and the ends of the slice are alike to the pattern's look-arounds.
    for (const match of text.slice(start, end).matchAll(bareDomain)) {
      match.index += start
      yield match
    }
    dotLetter.lastIndex = end
  }
}

/**
 * Whether a UTF-16 code unit is one `\s` matches in a regular expression (ECMAScript's white space and line
 * terminators: the Unicode space separators, tab, vertical tab, form feed, the byte order mark, line feed,
 * carriage return and the line and paragraph separators): where a URL or domain always ends.
 */
export function isWhiteSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d)
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
}

/** An address as mail software reads it: `name (at) host [dot] com` → `name@host.com`, lowercase. */
export function emailAddress(written: string): string {
  return foldWidth(written)
    .toLowerCase()
    .replace(/[ \t]?[(\[{]at[)\]}][ \t]?/, '@')
    .replace(/[ \t]?[(\[{]dot[)\]}][ \t]?/g, '.')
}

/** Sentence punctuation closing a URL in prose is not part of it. */
function trimTrailing(value: string): string {
  return value.replace(/[.,;:!?]+$/, '')
}
