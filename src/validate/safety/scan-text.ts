/**
 * Finds what a reader could follow or use in plain text, where no Markdown link marks it: URLs, bare
 * domains, e-mail addresses, phone numbers, messenger handles and referral codes. Pure and position-exact:
 * each match carries its offsets in the text given.
 */
export type TextMatchKind = 'url' | 'email' | 'phone' | 'messenger' | 'referral-code'

export interface TextMatch {
  kind: TextMatchKind
  value: string
  start: number
  end: number
}

// Stops at white space, quotes, brackets and CJK punctuation, which never belong to a URL in prose.
const urlBody = `[^\\s<>"'\`()（）【】「」『』《》，。、；：！？]+`
const schemeUrl = new RegExp(`\\b(?:https?|ftp)://${urlBody}`, 'gi')
const bareDomain = new RegExp(`(?<![\\w@.-])(?:www\\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]+)(?::\\d{2,5})?(?:/${urlBody})?(?![\\w@-])`, 'gi')
const email = /(?<![\w.+-])[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?![\w-])/gi
const phone = /(?<![\w+])(?:\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}|1[3-9]\d{9}|[48]00[\s-]?\d{3}[\s-]?\d{4})(?![\w])/g
const spokenPhone = /(?:电话|热线|致电|手机号?|phone|call us|hotline|tel)\s*(?:[:：]\s*)?(\+?\d[\d\s-]{6,}\d)/gi
// A handle needs a separator or an `@` after the messenger's name: "Telegram account" is prose.
// No two `\s*` may touch in these patterns: on a long run of spaces they would backtrack quadratically.
const messenger = /(?:telegram|电报|飞机号?|\btg\b|whatsapp|微信号?|wechat|\bwx\b|\bvx\b|v信|\bqq\b(?:群|号)?|line\s*id|skype|discord)\s*(?:(?:号|群|账号|群号|id)\s*)?(?:[:：是为]\s*@?|@)[a-z0-9_.+-]{4,}/gi
const referralCode = /(?:推荐码|邀请码|返佣码|推广码|邀请链接码|注册码|referral\s*code|refer(?:ral)?\s*id|invite\s*code|invitation\s*code|promo\s*code|ref\s*code|affiliate\s*code)(?:\s*(?:是|为|[:：])\s*|\s+)[a-z0-9]{4,}/gi

const fileExtensions = /\.(md|markdown|txt|json|ya?ml|png|jpe?g|gif|svg|pdf|csv|js|ts|css|html?|log|xml|zip|exe|apk|dmg|msi)$/i

export function scanText(text: string, options: { bareDomains: boolean } = { bareDomains: true }): TextMatch[] {
  const matches: TextMatch[] = []
  // Which characters an earlier match claimed: checking a range costs its length, never the match count.
  const claimed = new Uint8Array(text.length)
  const free = (start: number, end: number) => claimed.subarray(start, end).indexOf(1) === -1
  const take = (start: number, end: number) => claimed.fill(1, start, end)
  const add = (kind: TextMatchKind, value: string, start: number) => {
    const end = start + value.length
    if (!free(start, end)) return
    matches.push({ kind, value, start, end })
    take(start, end)
  }
  for (const match of text.matchAll(schemeUrl)) add('url', trimTrailing(match[0]), match.index)
  for (const match of text.matchAll(email)) {
    // Addresses at the reserved example domains (RFC 2606) are placeholders, not contacts.
    if (!/@(?:[\w-]+\.)*(?:example\.(?:com|net|org)|[\w-]+\.(?:example|test|invalid|localhost))$/i.test(match[0])) add('email', match[0], match.index)
    else take(match.index, match.index + match[0].length)
  }
  for (const match of text.matchAll(messenger)) add('messenger', match[0], match.index)
  for (const match of text.matchAll(referralCode)) add('referral-code', match[0], match.index)
  if (options.bareDomains) {
    for (const match of text.matchAll(bareDomain)) {
      const value = trimTrailing(match[0])
      // `README.md` and `app.apk` are file names, not domains, unless written with `www.`.
      if (!value.includes('/') && !value.startsWith('www.') && fileExtensions.test(value)) continue
      if (/^\d+(\.\d+)+$/.test(value)) continue
      add('url', value, match.index)
    }
  }
  for (const match of text.matchAll(spokenPhone)) {
    const number = match[1] ?? ''
    add('phone', number, match.index + match[0].lastIndexOf(number))
  }
  for (const match of text.matchAll(phone)) add('phone', match[0], match.index)
  return matches.sort((a, b) => a.start - b.start)
}

/** Sentence punctuation closing a URL in prose is not part of it. */
function trimTrailing(value: string): string {
  return value.replace(/[.,;:!?]+$/, '')
}
