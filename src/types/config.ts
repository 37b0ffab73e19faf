/* Generated from schemas/config.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

export type Locale = string
export type Slug = string
export type Domain = string

/**
 * kb.config.yaml at the root of a knowledge base.
 */
export interface KbConfig {
  /**
   * The product or company the help center is about.
   */
  brand: string
  title: LocalizedText
  /**
   * Absolute https URL the site is deployed at. Feeds, bot imports and the sitemap need it and are not written without it (a warning names them); page URLs stay relative when unset.
   */
  baseUrl?: string
  /**
   * The source locale: every other locale translates it.
   */
  defaultLocale: string
  /**
   * @minItems 1
   */
  locales: [Locale, ...Locale[]]
  /**
   * @minItems 1
   */
  categories: [CategoryConfig, ...CategoryConfig[]]
  /**
   * Registrable domains the brand owns; their subdomains are official too.
   *
   * @minItems 1
   */
  officialDomains: [Domain, ...Domain[]]
  /**
   * Hosts from which installers may be linked.
   */
  downloadHosts?: Domain[]
  /**
   * Third-party domains the team vouches for (app stores, a vendor's documentation): links to them are neither downloads from strangers nor false claims of being official. Official domains belong in officialDomains.
   */
  trustedDomains?: Domain[]
  /**
   * Other well-known brands' domains readers may be tricked into trusting: their look-alikes are reported like look-alikes of the official domains.
   */
  protectedDomains?: Domain[]
  /**
   * @minItems 1
   */
  supportChannels: [SupportChannel, ...SupportChannel[]]
  search?: SearchConfig
  images?: ImagesConfig
  /**
   * The language kb speaks to the KB's editors (messages, rule titles and what to do), unless --lang or the environment's locale says otherwise. Default: en.
   */
  lang?: 'en' | 'zh-CN'
  /**
   * How often published entries are reviewed: kb status lists those that are due.
   */
  review?: {
    /**
     * A published entry whose `reviewed` date (or `updated`, without one) is more than this many days old is due for review (default 180).
     */
    everyDays?: number
  }
  /**
   * What the Atom and JSON feeds carry.
   */
  feeds?: {
    /**
     * How many of a locale's most recently updated entries the Atom and JSON feeds list (default 50): feed readers poll them for news, and many refuse a feed of several megabytes. The Q&A imports, chunks and the API always carry every entry.
     */
    recent?: number
  }
  /**
   * Zendesk Guide export settings. Without them kb writes no Zendesk payloads (and says so): the Help Center API refuses articles without a permission group and a user segment.
   */
  zendesk?: {
    /**
     * Zendesk permission group that may edit the articles (the Help Center API requires it on every new article).
     */
    permissionGroupId: number
    /**
     * Zendesk user segment that may see the articles; null for everyone (the Help Center API requires the key on every new article).
     */
    userSegmentId: number | null
    /**
     * Category id → Zendesk Help Center section id.
     */
    sections?: {
      [k: string]: number
    }
    /**
     * Category id → the permission group and user segment of that category's articles, where they differ from the defaults above.
     */
    categories?: {
      [k: string]: {
        /**
         * Zendesk permission group that may edit the articles (the Help Center API requires it on every new article).
         */
        permissionGroupId?: number
        /**
         * Zendesk user segment that may see the articles; null for everyone (the Help Center API requires the key on every new article).
         */
        userSegmentId?: number | null
      }
    }
    /**
     * Config locale → Zendesk locale code, where the default (the locale in lowercase; `en` as `en-us`) is not the one the Help Center uses.
     */
    locales?: {
      [k: string]: string
    }
  }
  /**
   * Extra section headings per locale, added to the built-in dictionary in entry.schema.json.
   */
  headings?: {
    [k: string]: {
      [k: string]: string[]
    }
  }
  /**
   * Severity per rule id, to tune a rule for this KB. Every override is itself reported as a warning on this file, so it is never silent.
   */
  rules?: {
    [k: string]: 'error' | 'warning' | 'off'
  }
}
/**
 * Site title per locale.
 */
export interface LocalizedText {
  [k: string]: string
}
export interface CategoryConfig {
  /**
   * Category id; also the folder of its pages, so it cannot be a reserved folder name.
   */
  id: Slug
  name: LocalizedText1
  description?: LocalizedText1
}
export interface LocalizedText1 {
  [k: string]: string
}
export interface SupportChannel {
  id: Slug
  type: 'chat' | 'email' | 'web' | 'phone'
  name: LocalizedText1
  url?: string
  address?: string
  phone?: string
  hours?: LocalizedText1
}
/**
 * How the help center's search reads readers' words.
 */
export interface SearchConfig {
  /**
   * Per locale, groups of words and phrases a reader may use for the same thing (提币 = 提现; 2FA = two-factor authentication): a query with one finds entries that use any other. Each group lists at least two.
   */
  synonyms?: {
    [k: string]: [string, string, ...string[]][]
  }
}
/**
 * Images in entries (README, Images).
 */
export interface ImagesConfig {
  /**
   * The largest image file kb check accepts, in bytes (default 5000000).
   */
  maxBytes?: number
}
