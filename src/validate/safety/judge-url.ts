import { domainToUnicode } from 'node:url'
import { distance } from 'fastest-levenshtein'
import { getDomainWithoutSuffix } from 'tldts'
import { decodeUri } from '../../text/decode-uri.js'
import { asBrowserReads, hasMisleadingBackslash } from '../../text/browser-url.js'
import { digitsOf, isHostUnder, isOfficialHost, registrableDomain, skeleton, type SafetyPolicy } from './policy.js'
import { emailAddress, type TextMatch } from './scan-text.js'
import { isFictionalPhone, isReservedHost, isUnreachableAddress } from './reserved-names.js'

export type SafetyRuleId = 'referral' | 'lookalike-domain' | 'download' | 'shortener' | 'insecure-url' | 'unofficial-contact' | 'false-official-claim'

export interface Finding {
  ruleId: SafetyRuleId
  message: string
  /** Below the rule's own severity: a plain `http:` link to someone else's site is a risk, not a trap. */
  severity?: 'warning'
}

export interface UrlVerdict {
  /** Lowercase host (punycode as written), undefined for URLs without one (`mailto:`). */
  host: string | undefined
  official: boolean
  /** On a domain the team vouches for (`trustedDomains`): not official, but no stranger either. */
  trusted: boolean
  findings: Finding[]
}

const referralParameter = /^(ref|refid|ref[-_]?code|ref[-_]?id|referral|referral[-_]?code|referrer|refer|invite|invite[-_]?code|invitation|invitation[-_]?code|inviter|inviter[-_]?code|aff|aff[-_]?id|affid|affiliate|affiliate[-_]?id|promo|promo[-_]?code|promocode|coupon|coupon[-_]?code|share[-_]?code|sharecode)$/i
// Whole path segments: `/referral/abc123` is a referral page, a help page about referrals (`/referral-rewards.html`) is not.
const referralPath = /\/(join|invite|invitation|refer|ref|r|aff|affiliate|affiliates|promo|referral|referrals)(?=\/|$)/i
const installerExtension = /\.(apk|apks|xapk|aab|exe|msi|msix|appx|dmg|pkg|mpkg|ipa|deb|rpm|appimage|jar|bat|cmd|scr|vbs|ps1|run|snap|flatpak)$/i
const shorteners = new Set([
  'bit.ly', 'bitly.com', 't.cn', 'tinyurl.com', 't.co', 'is.gd', 'v.gd', 'goo.gl', 'ow.ly', 'buff.ly', 'rebrand.ly', 'cutt.ly', 'shorturl.at', 'tiny.cc',
  's.id', 'rb.gy', 'dwz.cn', 'url.cn', 'suo.im', 'bit.do', 'mcaf.ee', 'lnkd.in', 'qr.net', 'clck.ru', 't.ly', 'short.io', 'shorte.st', 'adf.ly', 'bl.ink',
  'soo.gd', 'u.to', 'x.co', 'tr.im', 'cli.gs', 'db.tt', 'qrco.de', 'surl.li', 'shrtco.de', 'dub.sh', 'han.gl', 'reurl.cc', 'ppt.cc', 'lihi.cc', '0rz.tw'
])
const messengerHosts = ['t.me', 'telegram.me', 'telegram.dog', 'wa.me', 'whatsapp.com', 'api.whatsapp.com', 'chat.whatsapp.com', 'line.me', 'lin.ee', 'weixin.qq.com', 'u.wechat.com', 'wechat.com', 'qm.qq.com', 'jq.qq.com', 'discord.gg', 'discord.com', 'signal.me', 'viber.com', 'kakao.com', 'open.kakao.com', 'm.me', 'messenger.com']
const messengerSchemes = /^(tg|whatsapp|weixin|wechat|line|viber|skype|sms|mqqwpa|mqq|kakaotalk|signal):/i
const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/

const verdicts = new WeakMap<SafetyPolicy, Map<string, UrlVerdict>>()

/**
 * Judges one URL against every URL rule. Pure: the same URL and policy give the same findings, so verdicts
 * are remembered per policy (an entry, and every output file built from it, repeat the same URLs).
 */
export function judgeUrl(raw: string, policy: SafetyPolicy): UrlVerdict {
  let known = verdicts.get(policy)
  if (!known || known.size > 100_000) verdicts.set(policy, (known = new Map()))
  const remembered = known.get(raw)
  if (remembered) return remembered
  const verdict = judgeUrlAfresh(raw, policy)
  known.set(raw, verdict)
  return verdict
}

function judgeUrlAfresh(raw: string, policy: SafetyPolicy): UrlVerdict {
  const findings: Finding[] = []
  const trimmed = asBrowserReads(raw)
  // A backslash that leaves no host (`https://\` ending a line of code) sends nobody anywhere.
  if (hasMisleadingBackslash(raw) && !/^[a-z][a-z0-9+.-]*:\/\/\/*(?:[?#]|$)/i.test(trimmed)) findings.push({ ruleId: 'insecure-url', message: `Unexpected \`\\\` in \`${shorten(raw.trim())}\`: browsers read it as \`/\`, so the link goes to \`${shorten(trimmed)}\`; expected \`/\`` })
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase()
  const noHost = { host: undefined, official: false, trusted: false }
  if (scheme === 'mailto') {
    const address = decodeUri(trimmed.slice(7).split('?')[0] ?? '').toLowerCase()
    const known = policy.supportEmails.has(address)
    if (!known && !isUnreachableAddress(address)) findings.push({ ruleId: 'unofficial-contact', message: `Unexpected e-mail address \`${address}\`, ${insteadOfContact(policy)}` })
    return { ...noHost, official: known, findings }
  }
  if (scheme === 'tel') {
    const number = digitsOf(trimmed.slice(4))
    const known = policy.supportPhones.has(number)
    if (!known && !isFictionalPhone(trimmed.slice(4))) findings.push({ ruleId: 'unofficial-contact', message: `Unexpected phone number \`${trimmed.slice(4)}\`, ${insteadOfContact(policy)}` })
    return { ...noHost, official: known, findings }
  }
  if (scheme && messengerSchemes.test(trimmed)) {
    findings.push({ ruleId: 'unofficial-contact', message: `Unexpected messenger link \`${trimmed}\`, ${insteadOfContact(policy)}` })
    return { ...noHost, findings }
  }
  if (scheme === 'javascript' || scheme === 'data' || scheme === 'file' || scheme === 'vbscript' || scheme === 'blob') {
    findings.push({ ruleId: 'insecure-url', message: `Unexpected \`${scheme}:\` URL, expected an \`https:\` link` })
    return { ...noHost, findings }
  }
  let url: URL
  try {
    url = new URL(scheme ? trimmed : `https://${trimmed.replace(/^\/\//, '')}`)
  } catch {
    return { ...noHost, findings }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'ftp:') return { ...noHost, findings }
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  const official = isOfficialHost(host, policy) && url.username === '' && url.password === ''
  const trusted = !official && policy.trustedDomains.some((domain) => isHostUnder(host, domain)) && url.username === '' && url.password === ''
  // Names and addresses that reach no one (RFC 2606, 6761, 5737, 1918, loopback): documentation's examples.
  const reserved = isReservedHost(host)

  // A reserved host is how examples are written: never insecure, whatever its scheme, address or port.
  if (!reserved) {
    // On the brand's own domain it is an error (the brand serves https); elsewhere a warning to switch when the site offers https.
    if (url.protocol !== 'https:') findings.push({ ruleId: 'insecure-url', message: `Unexpected \`${url.protocol}\` link, expected \`https:\` so nobody can alter the page on the way`, ...(official ? {} : { severity: 'warning' as const }) })
    if (ipv4.test(host) || host.startsWith('[')) findings.push({ ruleId: 'insecure-url', message: `Unexpected IP address \`${host}\` as host, expected a domain name` })
    else if (url.port !== '') findings.push({ ruleId: 'insecure-url', message: `Unexpected port \`${url.port}\` in \`${host}:${url.port}\`, expected the standard https port` })
  }

  if (url.username !== '' || url.password !== '') {
    findings.push({ ruleId: 'lookalike-domain', message: `Unexpected \`${decodeUri(url.username)}@\` before the host: this link goes to \`${host}\`, not to \`${decodeUri(url.username)}\`` })
  } else if (!official && !host.includes('*')) {
    const lookalike = lookalikeOf(host, policy)
    if (lookalike) findings.push({ ruleId: 'lookalike-domain', message: `Unexpected \`${host}\`, which imitates \`${lookalike.domain}\` (${lookalike.how}), expected an official domain: ${policy.officialDomains.join(', ')}` })
  }

  const referral = referralIn(url)
  if (referral) findings.push({ ruleId: 'referral', message: `Unexpected referral ${referral} in \`${shorten(trimmed)}\`, expected a link without referral or affiliate codes` })

  const installer = installerIn(url)
  if (installer && !reserved && !trusted && !policy.downloadHosts.some((domain) => isHostUnder(host, domain))) {
    findings.push({ ruleId: 'download', message: `Unexpected direct download of \`${installer}\` from \`${host}\`, expected the official app store listing or a configured download host` })
  }
  if (shorteners.has(host) || shorteners.has(registrableDomain(host))) {
    findings.push({ ruleId: 'shortener', message: `Unexpected short link \`${shorten(trimmed)}\`: it hides where the reader goes, expected the full URL` })
  }
  if (messengerHosts.some((domain) => isHostUnder(host, domain)) && !policy.supportUrls.has(trimmed)) {
    findings.push({ ruleId: 'unofficial-contact', message: `Unexpected messenger link \`${shorten(trimmed)}\`: a private contact readers could be scammed through, ${insteadOfContact(policy)}` })
  }
  return { host, official, trusted, findings }
}

function referralIn(url: URL): string | undefined {
  for (const [name, value] of url.searchParams) if (referralParameter.test(name)) return `parameter \`${name}=${value}\``
  const fragment = url.hash.slice(1)
  const fragmentParameters = new URLSearchParams(fragment.includes('?') ? fragment.slice(fragment.indexOf('?') + 1) : fragment.includes('=') ? fragment : '')
  for (const [name, value] of fragmentParameters) if (referralParameter.test(name)) return `parameter \`${name}=${value}\``
  const path = decodeUri(url.pathname)
  const match = referralPath.exec(path)
  if (match) {
    // `/r/` and `/ref/` only count followed by one last segment that looks like a code (`/r/abc123`),
    // not by documentation paths such as `/ref/cli/index.html`; the others are referral pages by themselves.
    const rest = path.slice((match.index ?? 0) + match[0].length).replace(/^\//, '').replace(/\/$/, '')
    if (!/^(r|ref)$/i.test(match[1] ?? '') || /^(?=[\w-]*\d)[\w-]{3,32}$/.test(rest)) return `path \`${path}\``
  }
  return undefined
}

function installerIn(url: URL): string | undefined {
  const candidates = [decodeUri(url.pathname), ...[...url.searchParams.values()], decodeUri(url.hash.slice(1))]
  for (const candidate of candidates) {
    const file = candidate.split(/[/?#&=]/).filter(Boolean).at(-1) ?? ''
    if (installerExtension.test(file)) return file
  }
  return undefined
}

/** Which protected domain `host` imitates and how, or undefined. */
export function lookalikeOf(host: string, policy: SafetyPolicy): { domain: string; how: string } | undefined {
  const unicodeHost = domainToUnicode(host) || host
  const domain = registrableDomain(host)
  const label = getDomainWithoutSuffix(host) ?? domain.split('.')[0] ?? domain
  const unicodeLabel = domainToUnicode(label) || label
  for (const target of policy.protectedDomains) {
    if (isHostUnder(host, target.domain)) return undefined
  }
  const tokens = unicodeHost.split(/[.-]/).map(skeleton)
  const compact = skeleton(unicodeHost.replace(/[.-]/g, ''))
  for (const token of policy.brandTokens) {
    const target = policy.protectedDomains.find((item) => item.label === token) ?? policy.protectedDomains[0]
    if (!target) continue
    if (tokens.includes(token) || (token.length >= 5 && compact.includes(token))) return { domain: target.domain, how: `the name \`${token}\` inside another domain` }
    // A brand glued to other letters (`binancezc`, `okxhelp`) in the registrable label.
    if (token.length >= 3 && skeleton(label).startsWith(token) && label.length - token.length <= 8) return { domain: target.domain, how: `the name \`${token}\` inside another domain` }
  }
  for (const target of policy.protectedDomains) {
    if (unicodeHost !== host || /[^\x00-\x7f]/.test(unicodeHost)) {
      if (skeleton(unicodeLabel) === target.skeleton) return { domain: target.domain, how: 'characters from another script that look the same' }
    }
    if (label === target.label) return { domain: target.domain, how: 'the same name under another suffix' }
    if (skeleton(label) === target.skeleton) return { domain: target.domain, how: 'characters that look the same' }
    // Two letters away only for long names: `centos` is two letters from `contoso` and another project.
    const allowed = target.label.length >= 8 ? 2 : 1
    if (label.length >= 3 && distance(label, target.label) <= allowed) return { domain: target.domain, how: `a name ${distance(label, target.label)} letter(s) away` }
  }
  return undefined
}

function shorten(url: string): string {
  return url.length > 80 ? url.slice(0, 77) + '…' : url
}

/**
 * Judges a contact or code found in plain text (anything `scanText` finds but a URL): e-mail addresses,
 * phone numbers and messenger accounts pass when they are configured support channels; QR-code contact
 * instructions and referral codes never do.
 */
export function judgeTextMatch(match: Omit<TextMatch, 'start' | 'end'>, policy: SafetyPolicy): Finding[] {
  const { kind, value } = match
  const instead = insteadOfContact(policy)
  if (kind === 'email') {
    const address = emailAddress(value)
    const disguised = address !== value.toLowerCase() ? ` (written to get past filters: \`${value}\`)` : ''
    return policy.supportEmails.has(address) ? [] : [{ ruleId: 'unofficial-contact', message: `Unexpected e-mail address \`${address}\`${disguised}, ${instead}` }]
  }
  if (kind === 'phone') return policy.supportPhones.has(digitsOf(value)) ? [] : [{ ruleId: 'unofficial-contact', message: `Unexpected phone number \`${value}\`, ${instead}` }]
  if (kind === 'messenger') {
    const account = (match.account ?? value).replace(/^@/, '').toLowerCase()
    if (policy.supportHandles.has(account)) return []
    return [{ ruleId: 'unofficial-contact', message: `Unexpected ${match.channel ?? 'messenger'} account \`${match.account ?? value}\` (\`${value}\`): a private contact readers could be scammed through, ${instead}` }]
  }
  if (kind === 'qr-code') return [{ ruleId: 'unofficial-contact', message: `Unexpected instruction to scan a QR code to reach someone (\`${value}\`): readers cannot see where it leads, ${instead}` }]
  return [{ ruleId: 'referral', message: `Unexpected referral code \`${value}\`, expected no referral or invitation codes in help content` }]
}

/**
 * The findings of a URL found in text, where it was written: in a placeholder (`{{http://example.com}}`), a
 * value the reader replaces with their own, a referral code or a look-alike is still copied by someone, but
 * an http example or an installer's name is not a place anyone is sent to.
 */
export function textUrlFindings(match: Pick<TextMatch, 'value' | 'placeholder'>, policy: SafetyPolicy): Finding[] {
  // A new array each time: the verdict's own is remembered for the next occurrence of the URL.
  return judgeUrl(match.value, policy).findings.filter((finding) => !match.placeholder || (finding.ruleId !== 'insecure-url' && finding.ruleId !== 'download'))
}

/** What to write instead of an unknown contact: the configured channels, named. */
function insteadOfContact(policy: SafetyPolicy): string {
  return `expected a link to one of the configured support channels instead (${policy.supportChannelList})`
}
