/**
 * Queries as readers type them into the help center's search box, each with the entry that solves the
 * problem. Written from the readers' side (everyday words, the wrong word, typos, pasted error text, Chinese
 * and Latin mixed) before the search was tuned, and never edited to fit the results; the shipped content is
 * not edited to fit them either. `locale` is the search page the reader is on.
 */
export interface SearchQuery {
  locale: 'zh-CN' | 'en'
  query: string
  /** The id of the entry that answers it. */
  expected: string
  /** What kind of query it is, for the report. */
  kind: 'words' | 'everyday' | 'synonym' | 'error' | 'typo' | 'mixed'
}

export const searchQueries: readonly SearchQuery[] = [
  // zh-CN
  { locale: 'zh-CN', query: '注销账户失败', expected: 'close-account', kind: 'words' },
  { locale: 'zh-CN', query: '账号注销不了', expected: 'close-account', kind: 'everyday' },
  { locale: 'zh-CN', query: '怎么注销账号', expected: 'close-account', kind: 'everyday' },
  { locale: 'zh-CN', query: '存在未完成的事务', expected: 'close-account', kind: 'error' },
  { locale: 'zh-CN', query: '提币一直在处理中', expected: 'withdrawal-pending', kind: 'synonym' },
  { locale: 'zh-CN', query: '提现没到账', expected: 'withdrawal-pending', kind: 'everyday' },
  { locale: 'zh-CN', query: '提币显示完成但是钱包没收到', expected: 'withdrawal-pending', kind: 'synonym' },
  { locale: 'zh-CN', query: '充值没到账', expected: 'deposit-not-credited', kind: 'everyday' },
  { locale: 'zh-CN', query: '充币一直不到账', expected: 'deposit-not-credited', kind: 'synonym' },
  { locale: 'zh-CN', query: '充币忘记填memo', expected: 'deposit-not-credited', kind: 'mixed' },
  { locale: 'zh-CN', query: '谷歌验证丢了', expected: 'reset-2fa', kind: 'synonym' },
  { locale: 'zh-CN', query: '换手机了谷歌验证码怎么办', expected: 'reset-2fa', kind: 'synonym' },
  { locale: 'zh-CN', query: '2FA验证码错误', expected: 'reset-2fa', kind: 'mixed' },
  { locale: 'zh-CN', query: '重置双重验证', expected: 'reset-2fa', kind: 'words' },
  { locale: 'zh-CN', query: '实名认证失败', expected: 'kyc-rejected', kind: 'synonym' },
  { locale: 'zh-CN', query: 'KYC没通过', expected: 'kyc-rejected', kind: 'mixed' },
  { locale: 'zh-CN', query: '身份认证被拒绝', expected: 'kyc-rejected', kind: 'words' },
  { locale: 'zh-CN', query: '余额太少没法注销', expected: 'clear-small-balances', kind: 'everyday' },
  { locale: 'zh-CN', query: '小额资产怎么清理', expected: 'clear-small-balances', kind: 'words' },
  { locale: 'zh-CN', query: '理财赎回不了', expected: 'redeem-locked-assets', kind: 'synonym' },
  { locale: 'zh-CN', query: '质押的币取不出来', expected: 'redeem-locked-assets', kind: 'everyday' },
  { locale: 'zh-CN', query: '赚币提前赎回', expected: 'redeem-locked-assets', kind: 'words' },
  { locale: 'zh-CN', query: '怎么联系人工客服', expected: 'contact-support', kind: 'everyday' },
  { locale: 'zh-CN', query: '官方客服邮箱', expected: 'contact-support', kind: 'words' },
  { locale: 'zh-CN', query: '有人冒充客服让我转账', expected: 'fake-support-scams', kind: 'everyday' },
  { locale: 'zh-CN', query: '假客服', expected: 'fake-support-scams', kind: 'everyday' },
  { locale: 'zh-CN', query: '新手机登录不了', expected: 'new-device-login-blocked', kind: 'everyday' },
  { locale: 'zh-CN', query: '换设备登录被拦截', expected: 'new-device-login-blocked', kind: 'words' },
  { locale: 'zh-CN', query: '改了密码后不能提现', expected: 'security-cooldown', kind: 'everyday' },
  { locale: 'zh-CN', query: '修改手机号后暂时不能提币', expected: 'security-cooldown', kind: 'synonym' },
  { locale: 'zh-CN', query: 'API签名错误', expected: 'api-key-errors', kind: 'mixed' },
  { locale: 'zh-CN', query: '50113', expected: 'api-key-errors', kind: 'error' },
  { locale: 'zh-CN', query: '时间戳过期', expected: 'api-key-errors', kind: 'words' },
  // en
  { locale: 'en', query: 'close my account', expected: 'close-account', kind: 'words' },
  { locale: 'en', query: "can't delete my account", expected: 'close-account', kind: 'everyday' },
  { locale: 'en', query: 'withdrawal pending for hours', expected: 'withdrawal-pending', kind: 'words' },
  { locale: 'en', query: 'withdraw stuck processing', expected: 'withdrawal-pending', kind: 'everyday' },
  { locale: 'en', query: 'withdrawl not recieved', expected: 'withdrawal-pending', kind: 'typo' },
  { locale: 'en', query: 'deposit not showing up', expected: 'deposit-not-credited', kind: 'everyday' },
  { locale: 'en', query: 'forgot memo tag deposit', expected: 'deposit-not-credited', kind: 'words' },
  { locale: 'en', query: 'lost google authenticator', expected: 'reset-2fa', kind: 'synonym' },
  { locale: 'en', query: '2fa code invalid', expected: 'reset-2fa', kind: 'words' },
  { locale: 'en', query: 'new phone authenticater', expected: 'reset-2fa', kind: 'typo' },
  { locale: 'en', query: 'contact customer support', expected: 'contact-support', kind: 'words' },
  { locale: 'en', query: 'talk to a human agent', expected: 'contact-support', kind: 'everyday' },
  { locale: 'en', query: 'Timestamp request expired', expected: 'api-key-errors', kind: 'error' },
  { locale: 'en', query: '{"code":"50110","msg":"Your IP is not included in your API key\'s IP whitelist."}', expected: 'api-key-errors', kind: 'error' },
  { locale: 'en', query: 'invalid signature api', expected: 'api-key-errors', kind: 'words' }
]

/** Queries nothing in the shipped content answers: the search must say so rather than list entries. */
export const unanswerableQueries: readonly Pick<SearchQuery, 'locale' | 'query'>[] = [
  { locale: 'zh-CN', query: 'OKX 已停止运行' },
  { locale: 'en', query: 'margin liquidation price calculator' }
]
