import { domainToUnicode } from 'node:url'
import { distance } from 'fastest-levenshtein'
import { getDomainWithoutSuffix } from 'tldts'
import { decodeUri } from '../../text/decode-uri.js'
import { asBrowserReads, hasMisleadingBackslash } from '../../text/browser-url.js'
import { digitsOf, isHostUnder, isOfficialHost, registrableDomain, skeleton, type SafetyPolicy } from './policy.js'
import { emailAddress, type TextMatch } from './scan-text.js'
import { isFictionalPhone, isReservedHost, isUnreachableAddress } from './reserved-names.js'
import { channelNameZh } from './contact-channels.js'
import { zh } from '../../text/zh.js'
import { detached } from '../../text/detached.js'

/** The reader-safety rules, as the check and `kb import` name them. */
export const safetyRuleIds = ['referral', 'lookalike-domain', 'download', 'shortener', 'insecure-url', 'unofficial-contact', 'false-official-claim'] as const
export type SafetyRuleId = (typeof safetyRuleIds)[number]

export interface Finding {
  ruleId: SafetyRuleId
  message: string
  /** The same in Chinese, for editors who read the report in zh-CN. */
  messageZh: string
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
  if (!known || known.size > 20_000) verdicts.set(policy, (known = new Map()))
  const remembered = known.get(raw)
  if (remembered) return remembered
  // Judged on a copy, so neither the key nor the verdict's strings keep the page the URL came from alive.
  const url = detached(raw)
  const verdict = judgeUrlAfresh(url, policy)
  known.set(url, verdict)
  return verdict
}

function judgeUrlAfresh(raw: string, policy: SafetyPolicy): UrlVerdict {
  const findings: Finding[] = []
  const trimmed = asBrowserReads(raw)
  // A backslash that leaves no host (`https://\` ending a line of code) sends nobody anywhere.
  if (hasMisleadingBackslash(raw) && !/^[a-z][a-z0-9+.-]*:\/\/\/*(?:[?#]|$)/i.test(trimmed)) findings.push({ ruleId: 'insecure-url', message: `Unexpected \`\\\` in \`${shorten(raw.trim())}\`: browsers read it as \`/\`, so the link goes to \`${shorten(trimmed)}\`; expected \`/\``, messageZh: `\`${shorten(raw.trim())}\` 里有 \`\\\`：浏览器会把它当成 \`/\`，所以链接实际去往 \`${shorten(trimmed)}\`；请写 \`/\`` })
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase()
  const noHost = { host: undefined, official: false, trusted: false }
  if (scheme === 'mailto') {
    const address = decodeUri(trimmed.slice(7).split('?')[0] ?? '').toLowerCase()
    const known = policy.supportEmails.has(address)
    if (!known && !isUnreachableAddress(address)) findings.push({ ruleId: 'unofficial-contact', message: `Unexpected e-mail address \`${address}\`, ${insteadOfContact(policy)}`, messageZh: `邮箱地址 \`${address}\` 不是官方客服渠道，${insteadOfContactZh(policy)}` })
    return { ...noHost, official: known, findings }
  }
  if (scheme === 'tel') {
    const number = digitsOf(trimmed.slice(4))
    const known = policy.supportPhones.has(number)
    if (!known && !isFictionalPhone(trimmed.slice(4))) findings.push({ ruleId: 'unofficial-contact', message: `Unexpected phone number \`${trimmed.slice(4)}\`, ${insteadOfContact(policy)}`, messageZh: `电话号码 \`${trimmed.slice(4)}\` 不是官方客服渠道，${insteadOfContactZh(policy)}` })
    return { ...noHost, official: known, findings }
  }
  if (scheme && messengerSchemes.test(trimmed)) {
    findings.push({ ruleId: 'unofficial-contact', message: `Unexpected messenger link \`${trimmed}\`, ${insteadOfContact(policy)}`, messageZh: `即时通讯链接 \`${trimmed}\` 不是官方客服渠道，${insteadOfContactZh(policy)}` })
    return { ...noHost, findings }
  }
  if (scheme === 'javascript' || scheme === 'data' || scheme === 'file' || scheme === 'vbscript' || scheme === 'blob') {
    findings.push({ ruleId: 'insecure-url', message: `Unexpected \`${scheme}:\` URL, expected an \`https:\` link`, messageZh: `不能用 \`${scheme}:\` 网址，请改用 \`https:\` 链接` })
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
    if (url.protocol !== 'https:') {
      findings.push({
        ruleId: 'insecure-url',
        message: `Unexpected \`${url.protocol}\` link, expected \`https:\` so nobody can alter the page on the way`,
        messageZh: `链接用的是 \`${url.protocol}\`，应改用 \`https:\`，这样页面在传输途中不会被人篡改`,
        ...(official ? {} : { severity: 'warning' as const })
      })
    }
    if (ipv4.test(host) || host.startsWith('[')) findings.push({ ruleId: 'insecure-url', message: `Unexpected IP address \`${host}\` as host, expected a domain name`, messageZh: `链接的主机是 IP 地址 \`${host}\`，应该用域名` })
    else if (url.port !== '') findings.push({ ruleId: 'insecure-url', message: `Unexpected port \`${url.port}\` in \`${host}:${url.port}\`, expected the standard https port`, messageZh: `\`${host}:${url.port}\` 用了非标准端口 \`${url.port}\`，应该用 https 的标准端口` })
  }

  if (url.username !== '' || url.password !== '') {
    const user = decodeUri(url.username)
    findings.push({ ruleId: 'lookalike-domain', message: `Unexpected \`${user}@\` before the host: this link goes to \`${host}\`, not to \`${user}\``, messageZh: `主机前面有 \`${user}@\`：这个链接实际去往 \`${host}\`，而不是 \`${user}\`` })
  } else if (!official && !host.includes('*')) {
    const lookalike = lookalikeOf(host, policy)
    if (lookalike) {
      findings.push({
        ruleId: 'lookalike-domain',
        message: `Unexpected \`${host}\`, which imitates \`${lookalike.domain}\` (${lookalike.how}), expected an official domain: ${policy.officialDomains.join(', ')}`,
        messageZh: `\`${host}\` 仿冒了 \`${lookalike.domain}\`（${lookalike.howZh}），请只链接官方域名：${policy.officialDomains.map((domain) => `\`${domain}\``).join('、')}`
      })
    }
  }

  const referral = referralIn(url)
  if (referral) findings.push({ ruleId: 'referral', message: `Unexpected referral ${referral.en} in \`${shorten(trimmed)}\`, expected a link without referral or affiliate codes`, messageZh: `\`${shorten(trimmed)}\` 里有推荐${referral.zh}，请改用不带推荐码或返佣码的链接` })

  const installer = installerIn(url)
  if (installer && !reserved && !trusted && !policy.downloadHosts.some((domain) => isHostUnder(host, domain))) {
    findings.push({ ruleId: 'download', message: `Unexpected direct download of \`${installer}\` from \`${host}\`, expected the official app store listing or a configured download host`, messageZh: `直接从 \`${host}\` 下载 \`${installer}\`，应改为链接官方应用商店页面或已配置的下载主机` })
  }
  if (shorteners.has(host) || shorteners.has(registrableDomain(host))) {
    findings.push({ ruleId: 'shortener', message: `Unexpected short link \`${shorten(trimmed)}\`: it hides where the reader goes, expected the full URL`, messageZh: `短链接 \`${shorten(trimmed)}\` 隐藏了读者要去的地方，请写出完整网址` })
  }
  if (messengerHosts.some((domain) => isHostUnder(host, domain)) && !policy.supportUrls.has(trimmed)) {
    findings.push({ ruleId: 'unofficial-contact', message: `Unexpected messenger link \`${shorten(trimmed)}\`: a private contact readers could be scammed through, ${insteadOfContact(policy)}`, messageZh: `即时通讯链接 \`${shorten(trimmed)}\` 是私人联系方式，读者可能因此被骗，${insteadOfContactZh(policy)}` })
  }
  return { host, official, trusted, findings }
}

/** The referral part of a link, named in English and in Chinese (`parameter `ref=x``, `参数 `ref=x``). */
function referralIn(url: URL): { en: string; zh: string } | undefined {
  const parameter = (name: string, value: string) => ({ en: `parameter \`${name}=${value}\``, zh: `参数 \`${name}=${value}\`` })
  for (const [name, value] of url.searchParams) if (referralParameter.test(name)) return parameter(name, value)
  const fragment = url.hash.slice(1)
  const fragmentParameters = new URLSearchParams(fragment.includes('?') ? fragment.slice(fragment.indexOf('?') + 1) : fragment.includes('=') ? fragment : '')
  for (const [name, value] of fragmentParameters) if (referralParameter.test(name)) return parameter(name, value)
  const path = decodeUri(url.pathname)
  const match = referralPath.exec(path)
  if (match) {
    // `/r/` and `/ref/` only count followed by one last segment that looks like a code (`/r/abc123`),
    // not by documentation paths such as `/ref/cli/index.html`; the others are referral pages by themselves.
    const rest = path.slice((match.index ?? 0) + match[0].length).replace(/^\//, '').replace(/\/$/, '')
    if (!/^(r|ref)$/i.test(match[1] ?? '') || /^(?=[\w-]*\d)[\w-]{3,32}$/.test(rest)) return { en: `path \`${path}\``, zh: `路径 \`${path}\`` }
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

/** Which protected domain `host` imitates and how (in English and in Chinese), or undefined. */
export function lookalikeOf(host: string, policy: SafetyPolicy): { domain: string; how: string; howZh: string } | undefined {
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
    if (tokens.includes(token) || (token.length >= 5 && compact.includes(token))) return { domain: target.domain, ...nameInside(token) }
    // A brand glued to other letters (`binancezc`, `okxhelp`) in the registrable label.
    if (token.length >= 3 && skeleton(label).startsWith(token) && label.length - token.length <= 8) return { domain: target.domain, ...nameInside(token) }
  }
  for (const target of policy.protectedDomains) {
    if (unicodeHost !== host || /[^\x00-\x7f]/.test(unicodeHost)) {
      if (skeleton(unicodeLabel) === target.skeleton) return { domain: target.domain, how: 'characters from another script that look the same', howZh: '用了其他文字里外形相同的字符' }
    }
    if (label === target.label) return { domain: target.domain, how: 'the same name under another suffix', howZh: '同样的名称换了一个后缀' }
    if (skeleton(label) === target.skeleton) return { domain: target.domain, how: 'characters that look the same', howZh: '用了外形相同的字符' }
    // Two letters away only for long names: `centos` is two letters from `contoso` and another project.
    const allowed = target.label.length >= 8 ? 2 : 1
    if (label.length >= 3 && distance(label, target.label) <= allowed) return { domain: target.domain, how: `a name ${distance(label, target.label)} letter(s) away`, howZh: `名称只差 ${distance(label, target.label)} 个字母` }
  }
  return undefined
}

function nameInside(token: string): { how: string; howZh: string } {
  return { how: `the name \`${token}\` inside another domain`, howZh: `把名称 \`${token}\` 放进了别的域名` }
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
  const insteadZh = insteadOfContactZh(policy)
  if (kind === 'email') {
    const address = emailAddress(value)
    const disguised = address !== value.toLowerCase() ? ` (written to get past filters: \`${value}\`)` : ''
    const disguisedZh = address !== value.toLowerCase() ? `（为了躲过过滤写成了 \`${value}\`）` : ''
    return policy.supportEmails.has(address) ? [] : [{ ruleId: 'unofficial-contact', message: `Unexpected e-mail address \`${address}\`${disguised}, ${instead}`, messageZh: `邮箱地址 \`${address}\`${disguisedZh}不是官方客服渠道，${insteadZh}` }]
  }
  if (kind === 'phone') return policy.supportPhones.has(digitsOf(value)) ? [] : [{ ruleId: 'unofficial-contact', message: `Unexpected phone number \`${value}\`, ${instead}`, messageZh: `电话号码 \`${value}\` 不是官方客服渠道，${insteadZh}` }]
  if (kind === 'messenger') {
    const account = (match.account ?? value).replace(/^@/, '').toLowerCase()
    if (policy.supportHandles.has(account)) return []
    return [
      {
        ruleId: 'unofficial-contact',
        message: `Unexpected ${match.channel ?? 'messenger'} account \`${match.account ?? value}\` (\`${value}\`): a private contact readers could be scammed through, ${instead}`,
        messageZh: zh`${match.channel === undefined ? '即时通讯' : channelNameZh(match.channel)}账号 \`${match.account ?? value}\`（\`${value}\`）是私人联系方式，读者可能因此被骗，${insteadZh}`
      }
    ]
  }
  if (kind === 'qr-code') return [{ ruleId: 'unofficial-contact', message: `Unexpected instruction to scan a QR code to reach someone (\`${value}\`): readers cannot see where it leads, ${instead}`, messageZh: `这里让读者扫描二维码去联系某人（\`${value}\`）：读者看不到它通向哪里，${insteadZh}` }]
  return [{ ruleId: 'referral', message: `Unexpected referral code \`${value}\`, expected no referral or invitation codes in help content`, messageZh: `帮助内容里不能有推荐码或邀请码，这里有 \`${value}\`` }]
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

function insteadOfContactZh(policy: SafetyPolicy): string {
  return `请改为链接到已配置的客服渠道之一（${policy.supportChannelList}）`
}
