/**
 * The private contact channels help-center scams hand readers to, as text names them: the names in Chinese
 * and English (with the spellings used to get past filters: 威信, V信, 加V, 扣扣, 飞机) and what makes the
 * next token an account. Pure data and small functions for scan-text.ts.
 */

export interface Channel {
  /** The name a finding gives the channel. */
  name: string
  /** The name Chinese readers know it by, where it is not the same. */
  nameZh?: string
  /** Its names in text, as a regular expression source (matched case-insensitively unless `caseSensitive`). */
  names: string
  caseSensitive?: boolean
  /** What an account on this channel looks like, when narrower than any handle (QQ: a number). */
  handle?: RegExp
  /** Names that are also ordinary words (signal, line): the account must look like one (digits, `_`, `@`, a number). */
  ordinaryWord?: boolean
}

export const channels: readonly Channel[] = [
  { name: 'WeChat', nameZh: '微信', names: '微信号?|威信|薇信|徽信|[vV]信|[vV]X|wx|weixin|wechat|加[vV](?![a-zA-Z])' },
  { name: 'QQ', names: 'QQ群?号?|扣扣|企鹅号|Q群', handle: /^\d{5,12}$/ },
  { name: 'Telegram', nameZh: 'Telegram（电报）', names: 'telegram|电报群?|纸飞机|飞机群|飞机号?|tg群?' },
  { name: 'WhatsApp', names: 'whatsapp|瓦次普' },
  { name: 'LINE', names: 'LINE(?: ?ID)?|Line ID|line id', caseSensitive: true },
  { name: 'Skype', names: 'skype' },
  { name: 'Discord', names: 'discord' },
  { name: 'Signal', names: 'Signal', caseSensitive: true, ordinaryWord: true }
]

// The words between a channel's name and the account: 号, 群, 账号, ID, a colon, 是/为, 加/搜/添加.
const joiner = '[ \\t]*(?:(?:号码?|群号?|账号|帐号|id|ID)[ \\t]*)?(?:(?:[:：=]|是|为|搜索?|添加)[ \\t]*)?'
// An account: `@name`, a phone number written any way, or a name of letters, digits, `_`, `.`, `-` (Discord's `#1234` too).
const account = '(?<account>(?:live:)?@?[A-Za-z0-9][A-Za-z0-9_.\\-]{2,}[A-Za-z0-9_](?:#\\d{4})?|\\+?\\d[\\d \\-]{4,}\\d)'

/**
 * All channels in one regular expression, one pass over the text: group `n<i>` holds the name of channel i,
 * `joiner` what follows it, `account` the account. Case is checked afterwards for the names where it
 * matters (`LINE` the messenger, `line` the word): see channelOf.
 */
export const channelPattern = new RegExp(
  `(?<![A-Za-z0-9_\\-./])(?:${channels.map((channel, index) => `(?<n${index}>${channel.names})`).join('|')})(?:(?<![A-Za-z])|(?![A-Za-z]))(?<joiner>${joiner})${account}`,
  'gi'
)
// Whether a text may name a messenger at all: the names alone, a cheap test before the whole pattern.
export const mayNameChannel = new RegExp(channels.map((channel) => channel.names).join('|'), 'i')
const exactNames = channels.map((channel) => new RegExp(`^(?:${channel.names})$`))

/** A channel's name (`WeChat`, as findings give it) as Chinese readers know it (`微信`). */
export function channelNameZh(name: string): string {
  return channels.find((channel) => channel.name === name)?.nameZh ?? name
}

/** Which channel a match of channelPattern names, or undefined when its case says it is an ordinary word. */
export function channelOf(match: RegExpMatchArray): { channel: Channel; name: string } | undefined {
  const groups = match.groups ?? {}
  const index = channels.findIndex((_, position) => groups[`n${position}`] !== undefined)
  const channel = channels[index]
  const name = groups[`n${index}`] ?? ''
  if (!channel || (channel.caseSensitive && !exactNames[index]?.test(name))) return undefined
  return { channel, name }
}

const cjk = /[\u3400-\u9fff\uf900-\ufaff]/

/**
 * Whether the account after a channel's name is one, and not the next word of a sentence: after a name in
 * Chinese or a colon, any account counts (`微信 okxhelp`, `Telegram: okxhelp`); after an English name with a
 * space only, it needs the marks of an account (`@`, a digit or `_`), so `Telegram account` is prose; a
 * capitalised word followed by more words (`telegram: Generate themes`) is a sentence.
 */
export function isAccount(channel: Channel, name: string, joined: string, handle: string, after: string): boolean {
  if (channel.handle && !channel.handle.test(handle.replace(/[ -]/g, ''))) return false
  const marked = handle.startsWith('@') || /[\d_]/.test(handle)
  if (channel.ordinaryWord && !marked) return false
  if (marked) return true
  if (cjk.test(name) || cjk.test(joined)) return true
  if (!/[:：=]/.test(joined)) return false
  return !/^[A-Z][a-z]/.test(handle) || !/^[ \t]+[A-Za-z]/.test(after)
}

/** Phrases that ask the reader to scan a QR code to add someone or join a group. */
export const qrContact = /(?:扫(?:描|一扫)?(?:下方|上方|以下|下面|图中|页面)?(?:的)?二维码|扫码|scan (?:the |this |our |my )?QR[ -]?code)[^。！？!?\n]{0,24}?(?:添加|加(?:入|好友|群|我)?|联系|咨询|客服|好友|进群|入群|私聊|add|contact|join|chat)|(?:添加|加|联系|咨询)[^。！？!?\n]{0,12}?(?:扫(?:描|一扫)?(?:下方|上方|以下|下面|图中)?(?:的)?二维码|扫码)/gi
