import { createRequire } from 'node:module'
import { getDomain, getDomainWithoutSuffix } from 'tldts'
import type * as UnicodeConfusables from 'unicode-confusables'
import type { KbConfig } from '../../types/config.js'

/** What the link-safety rules need to know of the brand, read once from the config. */
export interface SafetyPolicy {
  /** Registrable domains the brand owns (their subdomains are official too). */
  officialDomains: readonly string[]
  /** Hosts installers may be linked from (their subdomains too). */
  downloadHosts: readonly string[]
  /** Third-party domains the team vouches for (app stores, a vendor's documentation): not official, not strangers. */
  trustedDomains: readonly string[]
  /** Domains whose look-alikes are reported: the official ones and `protectedDomains`. */
  protectedDomains: readonly { domain: string; label: string; skeleton: string }[]
  /** Brand names as they may appear inside a look-alike host (`okx`, from `okx.com` and `brand`). */
  brandTokens: readonly string[]
  supportEmails: ReadonlySet<string>
  supportPhones: ReadonlySet<string>
  supportUrls: ReadonlySet<string>
  /** Messenger accounts of the support channels (`okx` of `https://t.me/okx`), lowercase. */
  supportHandles: ReadonlySet<string>
  /** The support channels as a reader reaches them, for messages: `support@okx.com, https://www.okx.com/help`. */
  supportChannelList: string
}

export function safetyPolicy(config: KbConfig): SafetyPolicy {
  const protectedDomains = [...config.officialDomains, ...(config.protectedDomains ?? [])].map((domain) => {
    const label = getDomainWithoutSuffix(domain) ?? domain
    return { domain, label, skeleton: skeleton(label) }
  })
  const brandTokens = new Set<string>()
  for (const { label } of protectedDomains) if (label.length >= 3) brandTokens.add(label)
  const brand = config.brand.toLowerCase().replace(/[^a-z0-9]/g, '')
  if (brand.length >= 3) brandTokens.add(brand)
  return {
    officialDomains: config.officialDomains,
    downloadHosts: config.downloadHosts ?? [],
    trustedDomains: config.trustedDomains ?? [],
    protectedDomains,
    brandTokens: [...brandTokens],
    supportEmails: new Set(config.supportChannels.flatMap((channel) => (channel.address ? [channel.address.toLowerCase()] : []))),
    supportPhones: new Set(config.supportChannels.flatMap((channel) => (channel.phone ? [digitsOf(channel.phone)] : []))),
    supportUrls: new Set(config.supportChannels.flatMap((channel) => (channel.url ? [channel.url] : []))),
    supportHandles: new Set(config.supportChannels.flatMap((channel) => messengerAccount(channel.url))),
    supportChannelList: config.supportChannels.map((channel) => channel.url ?? channel.address ?? channel.phone ?? channel.id).join(', ')
  }
}

/** True when `host` is `domain` or one of its subdomains. */
export function isHostUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith('.' + domain)
}

export function isOfficialHost(host: string, policy: Pick<SafetyPolicy, 'officialDomains'>): boolean {
  return policy.officialDomains.some((domain) => isHostUnder(host, domain))
}

export function registrableDomain(host: string): string {
  return getDomain(host, { allowPrivateDomains: false }) ?? host
}

/**
 * A host label reduced to what it looks like: compatibility forms folded (NFKC), Unicode confusables
 * mapped to their Latin look-alikes (UTS #39 data), and `rn` read as `m`.
 */
export function skeleton(label: string): string {
  return rectifyConfusion(label.normalize('NFKC').toLowerCase()).toLowerCase().replace(/rn/g, 'm').replace(/vv/g, 'w')
}

/**
 * The ASCII characters UTS #39 maps to another look-alike, as unicode-confusables' data has them (a test
 * holds the two equal): most hosts are plain ASCII, and that package's data (6,000 characters) takes 15 to
 * 30 ms to load, a tenth of a `kb check` on a small KB. It is loaded for the first host that is not ASCII.
 */
export const asciiConfusables: Readonly<Record<string, string>> = { '"': "''", '%': 'º/₀', '0': 'O', '1': 'l', I: 'l', '`': "'", m: 'rn', '|': 'l' }

let rectifyAny: ((text: string) => string) | undefined

function rectifyConfusion(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text.replace(/["%01I`m|]/g, (character) => asciiConfusables[character] ?? character)
  rectifyAny ??= (createRequire(import.meta.url)('unicode-confusables') as typeof UnicodeConfusables).rectifyConfusion
  return rectifyAny(text)
}

export function digitsOf(phone: string): string {
  return phone.replace(/\D/g, '')
}

/** The account a messenger link names (`https://t.me/okx_help` → `okx_help`), lowercase. */
function messengerAccount(url: string | undefined): string[] {
  const match = /^https:\/\/(?:t\.me|telegram\.me|wa\.me|line\.me\/ti\/p|discord\.gg|signal\.me\/#p)\/@?([\w.+-]+)/i.exec(url ?? '')
  return match?.[1] ? [match[1].toLowerCase()] : []
}
