import { sectionModel } from '../../src/parse/section-model.js'
import { safetyPolicy } from '../../src/validate/safety/policy.js'
import type { KbConfig } from '../../src/types/config.js'

/** The smallest config the in-process property tests parse entries with: two locales, one category. */
export const exampleConfig: KbConfig = {
  brand: 'Example',
  title: { 'zh-CN': '帮助', en: 'Help' },
  defaultLocale: 'zh-CN',
  locales: ['zh-CN', 'en'],
  categories: [{ id: 'account', name: { 'zh-CN': '账户' } }],
  officialDomains: ['example.com'],
  supportChannels: [{ id: 'email', type: 'email', name: { en: 'E-mail' }, address: 'support@example.com' }]
}

export const exampleContext = { config: exampleConfig, model: sectionModel(exampleConfig), policy: safetyPolicy(exampleConfig) }
