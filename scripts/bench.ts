/**
 * Times `kb check` and `kb build` on generated knowledge bases of N entries (`npx tsx scripts/bench.ts [N…]`,
 * default 1000 5000). The KB is realistic and deterministic: ~70% zh-CN sources and en translations of
 * them, the three entry types with their sections, 1–3 KB each, `related` ids and `../<category>/<id>.md`
 * links that exist, all from a seeded PRNG so runs are comparable. It must check clean (no errors, no
 * warnings). Each command runs 3 times as a child process; the Markdown table gives the median.
 * KB_BENCH_KEEP=1 keeps the generated KB (its path is printed) instead of deleting it.
 */
import { rmSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { slug } from 'github-slugger'
import { libIsCompiled, repoRoot, runCli, type CliRun, type JsonReport } from '../test/helpers/corpus.js'

const runsPerCommand = 3
const seed = 0x6b62
const timeoutMs = 60 * 60_000

// ---------------------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32): the same N always gives the same KB.

type Random = () => number

function mulberry32(state: number): Random {
  let a = state >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

/**
 * `count` distinct items in random order: a Fisher–Yates shuffle of only the first `count` places, its swaps
 * kept in a map, so drawing from 100,000 link targets costs `count` steps, not a copy of the list.
 */
function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const swapped = new Map<number, number>()
  const at = (index: number) => swapped.get(index) ?? index
  const result: T[] = []
  for (let index = 0; index < Math.min(count, items.length); index++) {
    const other = index + Math.floor(random() * (items.length - index))
    const chosen = at(other)
    swapped.set(other, at(index))
    result.push(items[chosen] as T)
  }
  return result
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary: per category, subjects in both languages (same index = same topic).

type Locale = 'zh-CN' | 'en'
type EntryType = 'troubleshooting' | 'howto' | 'faq'
type Status = 'published' | 'review' | 'draft'

interface Topic {
  slug: string
  zh: string
  en: string
}

const topics: Record<string, readonly Topic[]> = {
  account: [
    { slug: 'account-closure', zh: '注销账户', en: 'account closure' },
    { slug: 'sub-account', zh: '子账户', en: 'sub-accounts' },
    { slug: 'nickname', zh: '修改昵称', en: 'changing your nickname' },
    { slug: 'devices', zh: '登录设备管理', en: 'signed-in devices' },
    { slug: 'transfer', zh: '账户间划转', en: 'transfers between accounts' },
    { slug: 'statement', zh: '导出交易记录', en: 'exporting trade history' },
    { slug: 'referral', zh: '邀请返佣', en: 'referral rewards' },
    { slug: 'region', zh: '更改居住地区', en: 'changing your country of residence' }
  ],
  security: [
    { slug: '2fa', zh: '双重验证', en: 'two-factor authentication' },
    { slug: 'password', zh: '登录密码', en: 'your login password' },
    { slug: 'anti-phishing', zh: '防钓鱼码', en: 'the anti-phishing code' },
    { slug: 'whitelist', zh: '提现地址白名单', en: 'the withdrawal address allowlist' },
    { slug: 'cooldown', zh: '安全冷静期', en: 'the security cool-down' },
    { slug: 'new-device', zh: '新设备登录验证', en: 'new-device sign-in checks' },
    { slug: 'passkey', zh: '通行密钥', en: 'passkeys' },
    { slug: 'freeze', zh: '冻结账户', en: 'freezing your account' }
  ],
  'deposits-withdrawals': [
    { slug: 'usdt-deposit', zh: 'USDT 充值', en: 'USDT deposits' },
    { slug: 'onchain-withdrawal', zh: '链上提现', en: 'on-chain withdrawals' },
    { slug: 'fiat-deposit', zh: '法币充值', en: 'fiat deposits' },
    { slug: 'memo', zh: '充值备注（Memo）', en: 'deposit memos and tags' },
    { slug: 'network-fee', zh: '网络手续费', en: 'network fees' },
    { slug: 'internal-transfer', zh: '站内转账', en: 'internal transfers' },
    { slug: 'withdrawal-limit', zh: '提现限额', en: 'withdrawal limits' },
    { slug: 'wrong-network', zh: '选错充值网络', en: 'deposits on the wrong network' }
  ],
  verification: [
    { slug: 'kyc', zh: '身份认证', en: 'identity verification' },
    { slug: 'face-check', zh: '人脸识别', en: 'the face check' },
    { slug: 'address-proof', zh: '地址证明', en: 'proof of address' },
    { slug: 'id-photo', zh: '证件照片上传', en: 'uploading ID photos' },
    { slug: 'advanced-kyc', zh: '高级认证', en: 'advanced verification' },
    { slug: 'business', zh: '企业认证', en: 'business verification' }
  ],
  earn: [
    { slug: 'simple-earn', zh: '活期赚币', en: 'Simple Earn' },
    { slug: 'fixed-term', zh: '定期赚币', en: 'fixed-term Earn' },
    { slug: 'staking', zh: '链上质押', en: 'on-chain staking' },
    { slug: 'dual-investment', zh: '双币投资', en: 'Dual Investment' },
    { slug: 'collateral', zh: '借贷抵押', en: 'loan collateral' },
    { slug: 'interest', zh: '收益发放', en: 'interest payouts' }
  ],
  api: [
    { slug: 'signature', zh: 'API 签名', en: 'API signatures' },
    { slug: 'timestamp', zh: '请求时间戳', en: 'request timestamps' },
    { slug: 'ip-whitelist', zh: 'API IP 白名单', en: 'API IP allowlists' },
    { slug: 'permissions', zh: 'API 权限', en: 'API key permissions' },
    { slug: 'websocket', zh: 'WebSocket 连接', en: 'WebSocket connections' },
    { slug: 'rate-limit', zh: '请求频率限制', en: 'rate limits' }
  ]
}

const fallbackTopics: readonly Topic[] = [
  { slug: 'settings', zh: '账户设置', en: 'account settings' },
  { slug: 'app', zh: 'App 使用', en: 'using the app' }
]

const titleTemplates: Record<EntryType, { slug: string; zh: (s: string) => string; en: (s: string) => string }[]> = {
  troubleshooting: [
    { slug: 'fails', zh: (s) => `${s}失败怎么办`, en: (s) => `Problems with ${s}` },
    { slug: 'stuck', zh: (s) => `${s}一直显示处理中`, en: (s) => `Stuck in processing: ${s}` },
    { slug: 'error', zh: (s) => `${s}时提示错误`, en: (s) => `Errors with ${s}` },
    { slug: 'unavailable', zh: (s) => `无法使用${s}`, en: (s) => `Can't use ${s}` }
  ],
  howto: [
    { slug: 'set-up', zh: (s) => `如何设置${s}`, en: (s) => `How to set up ${s}` },
    { slug: 'check', zh: (s) => `如何查看${s}的状态`, en: (s) => `How to check the status of ${s}` },
    { slug: 'guide', zh: (s) => `${s}操作指南`, en: (s) => `A step-by-step guide to ${s}` }
  ],
  faq: [
    { slug: 'faq', zh: (s) => `关于${s}的常见问题`, en: (s) => `Questions about ${s}` },
    { slug: 'basics', zh: (s) => `${s}入门问答`, en: (s) => `The basics of ${s}` }
  ]
}

const zhSentences = [
  '处理结果以 App 内页面显示为准。',
  '如果页面提示网络繁忙，请稍等几分钟后刷新再试。',
  '请确认你使用的是最新版本的官方 App，旧版本可能缺少部分功能。',
  '在交易高峰时段，处理时间可能比平时更长。',
  '部分地区受当地法规限制，可用的功能和额度可能不同。',
  '操作前请核对账户的 UID，以及页面显示的币种和网络。',
  '修改安全设置后，系统会在一段时间内限制提现等敏感操作。',
  '大多数情况下，这不是系统故障，而是某一项条件尚未满足。',
  '你可以在资金账户的记录页面查看每一笔操作的状态和时间。',
  '如果多次尝试仍然失败，请截图保存完整的错误提示。',
  '区块链网络拥堵时，确认数可能增长得很慢，这属于正常现象。',
  '页面上显示的预计时间仅供参考，实际时间取决于网络状况。',
  '请不要反复提交相同的申请，以免重复处理或触发风控。',
  '为了账户安全，系统可能会要求你再次完成身份验证。',
  '子账户和主账户的额度分别计算，互不影响。',
  '切换网络或更换设备后，建议先退出再重新登录。'
]

const enSentences = [
  'The app always shows the current status, so check it there first.',
  'If the page says the network is busy, wait a few minutes and refresh.',
  'Make sure you are on the latest version of the official app; older versions may lack some features.',
  'At peak times, processing can take longer than usual.',
  'Local regulations can limit which features and amounts are available in your region.',
  'Before you start, check your UID and the currency and network shown on the page.',
  'After you change security settings, withdrawals and other sensitive actions are paused for a while.',
  'Most of the time this is not a system fault: one condition simply has not been met yet.',
  'The history page of your Funding account lists the status and time of every operation.',
  'If it keeps failing, take a screenshot of the full error message and keep it.',
  'When a blockchain is congested, confirmations can come in slowly; this is normal.',
  'The estimated time on the page is only a guide; the real time depends on the network.',
  'Do not submit the same request again and again; it can be processed twice or trigger a risk check.',
  'To keep your account safe, you may be asked to verify your identity again.',
  'Sub-accounts and the main account have separate limits.',
  'After switching networks or devices, sign out and sign in again.'
]

const zhSymptoms = [
  (s: string) => `提交${s}相关操作时，页面提示“操作失败，请稍后再试”。`,
  () => '按钮为灰色，无法点击。',
  () => '记录中一直显示“处理中”，已经超过了页面上的预计时间。',
  (_s: string, code: string) => `收到错误代码 \`${code}\`，但页面没有进一步说明。`,
  () => '页面提示需要先完成身份认证或安全验证。',
  () => '在网页端可以操作，但在 App 中失败，或者相反。'
]

const enSymptoms = [
  (s: string) => `Anything involving ${s} fails with "Operation failed, please try again later".`,
  () => 'The button is greyed out and cannot be tapped.',
  () => 'The history keeps showing "Processing" long after the estimated time on the page.',
  (_s: string, code: string) => `You get error code \`${code}\` without any further explanation.`,
  () => 'The page asks you to complete identity verification or a security check first.',
  () => 'It works on the website but fails in the app, or the other way round.'
]

const causes: { zh: string; en: string; zhFix: string; enFix: string }[] = [
  { zh: '账户处于安全冷静期', en: 'A security cool-down is active', zhFix: '等到页面提示的解除时间后再操作，冷静期内不要再次修改安全设置。', enFix: 'Wait until the time shown on the page, and do not change security settings again in the meantime.' },
  { zh: '网络或币种选择错误', en: 'The wrong network or currency was chosen', zhFix: '核对币种和网络，确认与对方平台支持的网络一致。', enFix: 'Check the currency and network and make sure they match what the other platform supports.' },
  { zh: '尚未完成身份认证', en: 'Identity verification is not complete', zhFix: '在个人中心完成身份认证，审核通过后再试。', enFix: 'Complete identity verification in your profile, then try again once it is approved.' },
  { zh: '超出当日限额', en: 'The daily limit has been reached', zhFix: '在限额页面查看剩余额度，等额度恢复后再操作。', enFix: 'Check the remaining amount on the limits page and try again once the limit resets.' },
  { zh: 'App 版本过旧', en: 'The app is out of date', zhFix: '从官方渠道更新 App 到最新版本。', enFix: 'Update the app to the latest version from an official store.' },
  { zh: '系统维护中', en: 'Maintenance is in progress', zhFix: '查看公告中的维护时间，维护结束后再试。', enFix: 'Check the announcements for the maintenance window and try again afterwards.' },
  { zh: '账户存在风控限制', en: 'A risk-control restriction applies to the account', zhFix: '按页面指引补充材料，或联系客服了解限制原因。', enFix: 'Provide the documents the page asks for, or ask support why the restriction applies.' },
  { zh: '填写的信息不完整', en: 'Some details are missing', zhFix: '逐项检查必填信息，特别是备注和地址。', enFix: 'Go through every required field, especially the memo and the address.' }
]

const zhSteps = [
  '打开官方 App，进入“资产”页面。',
  '在记录中找到对应的操作，查看当前状态和时间。',
  '核对币种、网络、地址和金额是否正确。',
  '如果提示需要验证，按页面指引完成双重验证。',
  '等待页面显示的处理时间结束后刷新页面。',
  '退出并重新登录 App，再试一次。',
  '在个人中心查看身份认证和安全设置的状态。',
  '仍然无法解决时，记下错误提示并联系客服。'
]

const enSteps = [
  'Open the official app and go to the Assets page.',
  'Find the operation in your history and check its status and time.',
  'Check that the currency, network, address and amount are correct.',
  'If you are asked to verify, complete two-factor authentication as the page describes.',
  'Wait until the processing time shown on the page has passed, then refresh.',
  'Sign out of the app, sign in again and retry.',
  'Check the status of identity verification and security settings in your profile.',
  'If nothing helps, note the exact error and contact support.'
]

const zhChecklist = ['记下你的 UID（在个人中心查看）', '确认注册邮箱可以正常收信', '准备好相关页面的截图', '确认 App 已更新到最新版本', '记下问题发生的时间（含时区）']
const enChecklist = ['Note your UID (shown in your profile)', 'Make sure you can receive e-mail at your registered address', 'Have screenshots of the relevant pages ready', 'Update the app to the latest version', 'Write down when the problem happened, with your time zone']

const zhWarnings = ['客服不会索要你的登录密码、双重验证码或助记词。', '只相信 okx.com 和官方 App，不要点击陌生链接。', '声称可以“加急处理”或“解除限制”的人都是骗子。', '不要把账户交给他人代为操作。']
const enWarnings = ['Support never asks for your password, 2FA codes or seed phrase.', 'Only trust okx.com and the official app; do not open unknown links.', 'Anyone offering to "fast-track" or "unlock" your account is a scammer.', 'Never let anyone else operate your account for you.']

const faqs: { zh: (s: string) => string; en: (s: string) => string; zhAnswer: string; enAnswer: string }[] = [
  { zh: (s) => `${s}需要多长时间？`, en: (s) => `How long does ${s} take?`, zhAnswer: '通常几分钟内完成，高峰时段可能更久，以页面显示为准。', enAnswer: 'Usually a few minutes, longer at peak times; the page shows the current estimate.' },
  { zh: (s) => `${s}收费吗？`, en: (s) => `Is there a fee for ${s}?`, zhAnswer: '费用以操作页面显示为准，提交前页面会列出全部费用。', enAnswer: 'Any fee is shown on the page before you submit; nothing is charged without being listed there.' },
  { zh: (s) => `可以在网页端处理${s}吗？`, en: (s) => `Can I handle ${s} on the website?`, zhAnswer: '可以。网页端和 App 的功能基本一致，部分新功能会先在 App 上线。', enAnswer: 'Yes. The website and the app offer the same features, though some new ones reach the app first.' },
  { zh: (s) => `子账户也支持${s}吗？`, en: (s) => `Do sub-accounts support ${s}?`, zhAnswer: '大部分情况下支持，但额度和权限由主账户设置。', enAnswer: 'In most cases, yes, but the main account sets their limits and permissions.' },
  { zh: () => '遇到问题应该先做什么？', en: () => 'What should I do first when something goes wrong?', zhAnswer: '先查看页面提示和公告，再按本文的步骤逐项检查。', enAnswer: 'Read the message on the page and the announcements, then work through the steps in this article.' },
  { zh: () => '客服会主动联系我吗？', en: () => 'Will support contact me first?', zhAnswer: '不会。主动联系你、自称客服的账号都不是官方的。', enAnswer: 'No. Accounts that contact you first claiming to be support are not official.' }
]

const tagPool: Record<Locale, string[]> = {
  'zh-CN': ['账户', '安全', '提现', '充值', '认证', '理财', 'API', '手续费', '限额', '冷静期', '客服', 'App'],
  en: ['account', 'security', 'withdrawals', 'deposits', 'verification', 'earn', 'API', 'fees', 'limits', 'cool-down', 'support', 'app']
}

const headings: Record<Locale, Record<'symptoms' | 'checklist' | 'causes' | 'steps' | 'contactSupport' | 'warnings' | 'faq', readonly string[]>> = {
  'zh-CN': { symptoms: ['症状', '问题现象'], checklist: ['开始之前', '准备工作'], causes: ['原因', '可能的原因'], steps: ['解决步骤', '操作步骤'], contactSupport: ['联系客服'], warnings: ['注意事项', '风险提示'], faq: ['常见问题'] },
  en: { symptoms: ['Symptoms', 'What you see'], checklist: ['Before you start', 'Prerequisites'], causes: ['Causes', 'Possible causes'], steps: ['Steps', 'How to fix it'], contactSupport: ['Contact support'], warnings: ['Warnings', 'Important'], faq: ['FAQ', 'Frequently asked questions'] }
}

// ---------------------------------------------------------------------------------------------------------
// Plan: ids, types, dates and cross references first, so every link and related id points at an entry.

interface PlannedEntry {
  locale: Locale
  id: string
  category: string
  type: EntryType
  status: Status
  topic: Topic
  titleIndex: number
  updated: string
  reviewed: string | undefined
  /** Heading used for the steps section, when the entry has one (its anchor is linked to). */
  stepsHeading: string | undefined
  random: Random
}

function dateAfter(base: string, days: number): string {
  return new Date(Date.parse(base) + days * 86_400_000).toISOString().slice(0, 10)
}

function title(entry: PlannedEntry): string {
  const template = titleTemplates[entry.type][entry.titleIndex]
  if (!template) throw new Error('no title template')
  const text = entry.locale === 'en' ? template.en(entry.topic.en) : template.zh(entry.topic.zh)
  return entry.locale === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text
}

function planEntries(count: number, categories: readonly string[]): PlannedEntry[] {
  const random = mulberry32(seed)
  const translations = Math.floor(count * 0.3)
  const sources: PlannedEntry[] = []
  for (let index = 0; sources.length < count - translations; index++) {
    const category = pick(random, categories)
    const roll = random()
    const type: EntryType = roll < 0.5 ? 'troubleshooting' : roll < 0.8 ? 'howto' : 'faq'
    const topic = pick(random, topics[category] ?? fallbackTopics)
    const titleIndex = int(random, 0, titleTemplates[type].length - 1)
    const statusRoll = random()
    const status: Status = statusRoll < 0.9 ? 'published' : statusRoll < 0.95 ? 'review' : 'draft'
    const updated = dateAfter('2025-01-01', int(random, 0, 700))
    const reviewed = random() < 0.7 ? dateAfter(updated, -int(random, 0, 60)) : undefined
    const id = `${topic.slug}-${titleTemplates[type][titleIndex]?.slug ?? 'entry'}-${(index + 1).toString(36)}`
    const stepsHeading = type === 'faq' ? undefined : pick(random, headings['zh-CN'].steps)
    sources.push({ locale: 'zh-CN', id, category, type, status, topic, titleIndex, updated, reviewed, stepsHeading, random: mulberry32(seed ^ (index * 7919 + 1)) })
  }
  const translated = sample(random, sources, translations).map((source, index): PlannedEntry => {
    const updated = dateAfter(source.updated, int(random, 0, 30))
    const reviewed = random() < 0.7 ? dateAfter(updated, -int(random, 0, 10)) : undefined
    const stepsHeading = source.type === 'faq' ? undefined : pick(random, headings.en.steps)
    return { ...source, locale: 'en', updated, reviewed, stepsHeading, random: mulberry32(seed ^ (index * 104729 + 2)) }
  })
  return [...sources, ...translated]
}

// ---------------------------------------------------------------------------------------------------------
// Rendering.

/** A YAML scalar: plain when that is safe, double-quoted (JSON is valid YAML) otherwise. */
function scalar(value: string): string {
  return /^[\p{L}\p{N}][^:#\n"'[\]{},&*!|>%@`]*$/u.test(value) && !/\s$/.test(value) ? value : JSON.stringify(value)
}

function sentences(random: Random, locale: Locale, count: number): string {
  const pool = locale === 'en' ? enSentences : zhSentences
  return sample(random, pool, count).join(locale === 'en' ? ' ' : '')
}

interface LinkTarget {
  entry: PlannedEntry
  title: string
}

function renderEntry(entry: PlannedEntry, targets: readonly LinkTarget[]): string {
  const random = entry.random
  const en = entry.locale === 'en'
  const subject = en ? entry.topic.en : entry.topic.zh
  const h = headings[entry.locale]
  const others = (count: number) => sample(random, targets, count + 1).filter((target) => target.entry.id !== entry.id).slice(0, count)
  const related = others(int(random, 0, 4)).map((target) => target.entry.id)
  const links = others(int(random, 0, 2))
  const tags = sample(random, tagPool[entry.locale], int(random, 1, 4))
  const platforms = entry.category === 'api' ? ['api'] : sample(random, ['web', 'ios', 'android', 'desktop'], int(random, 1, 3))
  const code = String(int(random, 50000, 59999))
  const entryTitle = title(entry)
  const summaries: Record<EntryType, string> = en
    ? {
        troubleshooting: `What to do about ${subject}: the usual causes, how to check each one, and when to contact support.`,
        howto: `How to handle ${subject} step by step, what to prepare first and what to watch out for.`,
        faq: `Short answers to common questions about ${subject}, from timing and fees to where to get help.`
      }
    : {
        troubleshooting: `关于${subject}的说明：常见原因、逐项检查的方法，以及什么时候需要联系客服。`,
        howto: `${subject}的操作步骤、需要提前准备的内容，以及需要注意的事项。`,
        faq: `关于${subject}的常见问题解答，包括处理时间、费用以及在哪里获得帮助。`
      }
  const summary = summaries[entry.type]

  const lines: string[] = ['---', `id: ${entry.id}`, `type: ${entry.type}`, `title: ${scalar(entryTitle)}`, `summary: ${scalar(summary)}`, `category: ${entry.category}`]
  lines.push(`tags: [${tags.join(', ')}]`, `status: ${entry.status}`, `updated: ${entry.updated}`)
  if (entry.reviewed !== undefined) lines.push(`reviewed: ${entry.reviewed}`)
  if (related.length > 0) lines.push(`related: [${related.join(', ')}]`)
  lines.push(`platforms: [${platforms.join(', ')}]`)
  if (random() < 0.3) lines.push(`owner: ${en ? 'support-content' : '客服内容组'}`)
  lines.push('---', '')

  const linkSentence = (target: LinkTarget): string => {
    const anchor = target.entry.stepsHeading !== undefined && random() < 0.5 ? `#${slug(target.entry.stepsHeading)}` : ''
    const href = `../${target.entry.category}/${target.entry.id}.md${anchor}`
    return en ? `See also [${target.title}](${href}).` : `相关操作可参考[${target.title}](${href})。`
  }
  const intro = [sentences(random, entry.locale, int(random, 2, 3))]
  const firstLink = links[0]
  if (firstLink) intro.push(linkSentence(firstLink))
  lines.push(intro.join(en ? ' ' : ''), '')

  const symptomsPool = en ? enSymptoms : zhSymptoms
  const bullets = (items: readonly string[]): void => {
    for (const item of items) lines.push(`- ${item}`)
    lines.push('')
  }
  if (entry.type === 'troubleshooting') {
    lines.push(`## ${pick(random, h.symptoms)}`, '')
    bullets(sample(random, symptomsPool, int(random, 2, 4)).map((symptom) => symptom(subject, code)))
  }
  if (entry.type !== 'faq' && random() < 0.6) {
    lines.push(`## ${pick(random, h.checklist)}`, '')
    for (const item of sample(random, en ? enChecklist : zhChecklist, int(random, 2, 4))) lines.push(`- [ ] ${item}`)
    lines.push('')
  }
  if (entry.type === 'troubleshooting') {
    lines.push(`## ${pick(random, h.causes)}`, '')
    for (const cause of sample(random, causes, int(random, 2, 4))) {
      lines.push(`### ${en ? cause.en : cause.zh}`, '', sentences(random, entry.locale, int(random, 1, 2)), '', en ? `**Fix:** ${cause.enFix}` : `**解决方法：** ${cause.zhFix}`, '')
    }
  }
  if (entry.stepsHeading !== undefined) {
    lines.push(`## ${entry.stepsHeading}`, '')
    const steps = sample(random, en ? enSteps : zhSteps, int(random, 3, 7))
    steps.forEach((step, index) => lines.push(`${index + 1}. ${step}`))
    if (random() < 0.3) lines.push(en ? '   - If the page shows a countdown, wait until it ends.' : '   - 如果页面显示倒计时，请等待倒计时结束。')
    lines.push('')
  }
  if (entry.type !== 'howto' || random() < 0.5) {
    lines.push(`## ${pick(random, h.contactSupport)}`, '')
    lines.push(
      en
        ? `Use live chat in the app or the [Help Center](https://www.okx.com/help), with your UID, the time and a screenshot. You can also e-mail support@okx.com from your registered address with the subject "${subject}" and your UID.`
        : `通过 App 或[帮助中心](https://www.okx.com/help)的在线客服联系我们，提供 UID、操作时间和页面截图。也可以用注册邮箱发邮件到 support@okx.com，主题写“${subject}问题”并附上 UID。`
    )
    const secondLink = links[1]
    if (secondLink) lines.push('', linkSentence(secondLink))
    lines.push('')
  }
  if (entry.type !== 'faq' || random() < 0.5) {
    lines.push(`## ${pick(random, h.warnings)}`, '')
    bullets(sample(random, en ? enWarnings : zhWarnings, int(random, 2, 3)))
  }
  const faqCount = entry.type === 'faq' ? int(random, 3, 6) : random() < 0.5 ? int(random, 1, 2) : 0
  if (faqCount > 0) {
    lines.push(`## ${pick(random, h.faq)}`, '')
    for (const faq of sample(random, faqs, faqCount)) {
      lines.push(`### ${en ? faq.en(subject) : faq.zh(subject)}`, '', en ? faq.enAnswer : faq.zhAnswer, '')
      if (entry.type === 'faq') lines.push(sentences(random, entry.locale, int(random, 1, 3)), '')
    }
  }
  return lines.join('\n').replace(/\n+$/, '\n')
}

export async function generateKb(root: string, count: number): Promise<{ files: number; bytes: number; zh: number; en: number; firstEntry: string }> {
  const configText = await readFile(path.join(repoRoot, 'kb.config.yaml'), 'utf8')
  const config = parseYaml(configText) as { categories: { id: string }[] }
  const categories = config.categories.map((category) => category.id)
  await writeFile(path.join(root, 'kb.config.yaml'), configText)
  const entries = planEntries(count, categories)
  const targets = new Map<Locale, LinkTarget[]>()
  for (const entry of entries) {
    if (entry.status !== 'published') continue
    const list = targets.get(entry.locale)
    if (list) list.push({ entry, title: title(entry) })
    else targets.set(entry.locale, [{ entry, title: title(entry) }])
  }
  const directories = new Set<string>()
  let bytes = 0
  for (const entry of entries) {
    const directory = path.join(root, 'content', entry.locale, entry.category)
    if (!directories.has(directory)) {
      await mkdir(directory, { recursive: true })
      directories.add(directory)
    }
    const text = renderEntry(entry, targets.get(entry.locale) ?? [])
    bytes += Buffer.byteLength(text)
    await writeFile(path.join(directory, `${entry.id}.md`), text)
  }
  const en = entries.filter((entry) => entry.locale === 'en').length
  const first = entries[0]
  if (!first) throw new Error('no entries planned')
  return { files: entries.length, bytes, zh: entries.length - en, en, firstEntry: path.join('content', first.locale, first.category, `${first.id}.md`) }
}

// ---------------------------------------------------------------------------------------------------------
// Timing.

const rssMarker = 'kb-bench-max-rss-kb='
const rssHook = `import { writeSync } from 'node:fs'\nprocess.on('exit', () => { writeSync(2, '\\n${rssMarker}' + process.resourceUsage().maxRSS + '\\n') })\n`

interface Timed {
  run: CliRun
  maxRssKb: number | undefined
}

async function timedRun(args: readonly string[], hookPath: string): Promise<Timed> {
  const run = await runCli(args, { timeoutMs, nodeArgs: ['--import', hookPath] })
  // The hook runs in kb's worker threads too, and one that ends early (the output check) reports the
  // process's peak so far: the process's own is the largest.
  const marker = new RegExp(`\\n?${rssMarker}(\\d+)\\n?`, 'g')
  const reported = [...run.stderr.matchAll(marker)].map((match) => Number(match[1]))
  return { run: { ...run, stderr: run.stderr.replace(marker, '') }, maxRssKb: reported.length > 0 ? Math.max(...reported) : undefined }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

interface Row {
  count: number
  command: string
  runsMs: number[]
  maxRssKb: number | undefined
}

async function bench(count: number, rows: Row[]): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), `kb-bench-${count}-`))
  const cleanup = (): void => {
    rmSync(root, { recursive: true, force: true })
    process.exit(130)
  }
  process.once('SIGINT', cleanup)
  try {
    const generated = await generateKb(root, count)
    console.error(`bench: N=${generated.files} (${generated.zh} zh-CN, ${generated.en} en), ${(generated.bytes / 1024).toFixed(0)} KB, ${(generated.bytes / generated.files / 1024).toFixed(2)} KB per entry, in ${root}`)
    const hookPath = path.join(root, 'rss-hook.mjs')
    await writeFile(hookPath, rssHook)

    // The generated KB must be clean: zero errors and zero warnings.
    const check = await runCli(['check', '--root', root, '--format', 'json'], { timeoutMs })
    let report: JsonReport | undefined
    try {
      report = JSON.parse(check.stdout) as JsonReport
    } catch {
      report = undefined
    }
    if (check.code !== 0 || !report || report.diagnostics.length > 0) {
      console.error(`bench: kb check on the generated KB exited ${String(check.code)}, expected 0 with no diagnostics`)
      if (report) {
        console.error(`  summary: ${JSON.stringify(report.summary)}`)
        for (const diagnostic of report.diagnostics.slice(0, 20)) console.error(`  ${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.severity} ${diagnostic.ruleId} ${diagnostic.message}`)
      } else {
        console.error(check.stdout.slice(0, 2000), check.stderr.slice(0, 2000))
      }
      throw new Error('generated KB is not valid')
    }
    if (report.summary.files !== count) throw new Error(`kb check saw ${report.summary.files} files, expected ${count}`)

    // One run each, in the order an editor meets them: a cold check and build, then a build with nothing
    // changed, one after one entry changed, one after it changed again, and a check with the cache warm.
    const out = path.join(root, 'dist')
    const changed = path.join(root, generated.firstEntry)
    const steps: [string, string[], (() => Promise<void>) | undefined][] = [
      ['check (cold)', ['check', '--root', root, '--no-cache'], undefined],
      ['build (cold)', ['build', '--root', root, '--out', out], () => rm(path.join(root, '.kb-cache'), { recursive: true, force: true })],
      ['build (no change)', ['build', '--root', root, '--out', out], undefined],
      ['build (one change)', ['build', '--root', root, '--out', out], async () => writeFile(changed, (await readFile(changed, 'utf8')).replace(/^summary: (.*)$/m, 'summary: $1 Changed by the bench.'))],
      // The first rebuild after a cold build has no replaced output to build in; every later one has (the spare tree).
      ['build (later change)', ['build', '--root', root, '--out', out], async () => writeFile(changed, (await readFile(changed, 'utf8')).replace(/^summary: (.*)$/m, 'summary: $1 Changed again.'))],
      ['check (warm)', ['check', '--root', root], undefined]
    ]
    for (const [name, args, before] of steps) {
      await before?.()
      const { run, maxRssKb } = await timedRun(args, hookPath)
      if (run.code !== 0) {
        console.error(run.stdout.slice(0, 2000), run.stderr.slice(0, 2000))
        throw new Error(`kb ${name} exited ${String(run.code)}, expected 0`)
      }
      rows.push({ count, command: `kb ${name}`, runsMs: [run.wallMs], maxRssKb })
      console.error(`bench: N=${count} kb ${name}: ${run.wallMs.toFixed(0)} ms, ${maxRssKb === undefined ? '?' : (maxRssKb / 1024).toFixed(0)} MB`)
    }
  } finally {
    process.removeListener('SIGINT', cleanup)
    if (process.env['KB_BENCH_KEEP'] === '1') console.error(`bench: kept ${root}`)
    else await rm(root, { recursive: true, force: true })
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const counts = args.length > 0 ? args.map(Number) : [1000, 5000]
  const bad = args.find((arg) => !/^[1-9]\d*$/.test(arg))
  if (bad !== undefined) {
    console.error(`Usage: tsx scripts/bench.ts [N…]  (N = number of entries, a positive whole number; got \`${bad}\`)`)
    return 2
  }
  if (!(await libIsCompiled())) {
    console.error('bench: lib/ is missing; run `npx tsc -p tsconfig.build.json` first')
    return 1
  }
  const rows: Row[] = []
  try {
    for (const count of counts) await bench(count, rows)
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
  console.log(`\nkb benchmark: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${runsPerCommand} runs each, seed ${seed}\n`)
  console.log('| N | command | median (ms) | runs (ms) | files/s | peak RSS (MB) |')
  console.log('| ---: | --- | ---: | --- | ---: | ---: |')
  for (const row of rows) {
    const middle = median(row.runsMs)
    const rss = row.maxRssKb === undefined ? 'n/a' : (row.maxRssKb / 1024).toFixed(0)
    console.log(`| ${row.count} | \`${row.command}\` | ${middle.toFixed(0)} | ${row.runsMs.map((ms) => ms.toFixed(0)).join(', ')} | ${((row.count * 1000) / middle).toFixed(0)} | ${rss} |`)
  }
  return 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = await main()
