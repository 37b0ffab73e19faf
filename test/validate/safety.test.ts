import { describe, expect, it } from 'vitest'
import { checkEntryHere } from '../../src/build/process-entry.js'
import { sectionModel } from '../../src/parse/section-model.js'
import { safetyPolicy } from '../../src/validate/safety/policy.js'
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
  supportChannels: [
    { id: 'chat', type: 'chat', name: { en: 'Chat' }, url: 'https://www.okx.com/help' },
    { id: 'email', type: 'email', name: { en: 'E-mail' }, address: 'support@okx.com' },
    { id: 'phone', type: 'phone', name: { en: 'Phone' }, phone: '+1 800 555 0100' }
  ]
}
const context = { config, model: sectionModel(config), policy: safetyPolicy(config) }
const safetyRules = new Set(['referral', 'lookalike-domain', 'download', 'shortener', 'insecure-url', 'unofficial-contact', 'false-official-claim'])

/** The safety rules an entry whose steps hold `snippet` gets, sorted. */
function rulesFor(snippet: string): string[] {
  const text = `---\nid: sample\ntype: howto\ntitle: 示例\nsummary: 一段足够长的摘要文字。\ncategory: account\nstatus: published\nupdated: 2026-11-20\n---\n\n## 操作步骤\n\n1. ${snippet}\n`
  const entry = checkEntryHere('content/zh-CN/account/sample.md', Buffer.from(text), context, false)
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
  ['[App](https://example.org/setup.exe)', ['download']],
  ['[App](https://example.org/OKX.dmg?v=2)', ['download']],
  ['[App](https://example.org/get?file=okx.apk)', ['download']],
  ['[App](https://example.org/files#okx.msi)', ['download']],
  ['[App](https://example.org/okx.ipa)', ['download']],
  ['[App](https://example.org/okx.deb)', ['download']],
  ['[App](https://example.org/okx.AppImage)', ['download']],
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
  ['[x](https://203.0.113.7/login)', ['insecure-url']],
  ['[x](https://www.okx.com:8443/help)', ['insecure-url']],
  ['[x](javascript:alert(1))', ['insecure-url']],
  ['[x](data:text/html;base64,PHNjcmlwdD4=)', ['insecure-url']],
  ['[x](file:///etc/passwd)', ['insecure-url']],
  ['[x](http://[::1]/)', ['insecure-url']],
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
  ['[join us](https://www.okx.com/join-us)', []]
]

describe('link-safety rules', () => {
  it('has a table of at least 80 cases, unsafe and safe', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80)
    expect(cases.filter(([, expected]) => expected.length === 0).length).toBeGreaterThanOrEqual(20)
  })

  it.each(cases)('%s → %j', (snippet, expected) => {
    expect(rulesFor(snippet)).toEqual([...expected].sort())
  })
})
