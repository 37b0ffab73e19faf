import { parse as parseHost } from 'tldts'
import { foldWidth } from '../../text/fold-width.js'

/**
 * Names, addresses and numbers that reach no one: reserved for documentation and examples, loopback and
 * private networks, and numbers reserved for fiction. What documentation writes when it means "some host"
 * or "some number"; the safety rules let them through.
 */
const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/
const reservedSuffix = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost|local|internal|arpa|onion)$/
// The fictitious companies of Microsoft's documentation (and their tenants: `contoso.onmicrosoft.com`), the
// placeholders `domain.com` and `yourdomain.com`, and `xxxx`: names documentation uses for "some company".
const documentationLabel = /^(?:contoso|fabrikam|northwindtraders|adventure-works|adatum|wingtiptoys|tailspintoys|woodgrovebank|litwareinc|proseware|fourthcoffee|treyresearch|wideworldimporters|lucernepublishing|margiestravel|alpineskihouse|blueyonderairlines|cohowinery|cpandl|humongousinsurance|tempuri|(?:your|my)?domain|yourcompany|x{3,})$/
const privateIpv4 = /^(?:127\.|10\.|0\.0\.0\.0$|192\.168\.|169\.254\.|172\.(?:1[6-9]|2\d|3[01])\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|100\.(?:6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.)/
const privateIpv6 = /^\[(?:::1?|f[cd][0-9a-f]{0,2}:|fe[89ab][0-9a-f]?:|2001:db8:)/

/** Names and addresses that reach no public host: reserved for documentation, loopback, private networks. */
export function isReservedHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '')
  // A name without a dot (`http://local_ip`, `http://intranet`) is resolved on the reader's own network, if at all.
  const singleLabel = !name.includes('.') && !name.startsWith('[')
  // A wildcard (`*.contoso.com`) is a pattern of names, not a host anyone is sent to.
  if (singleLabel || name.includes('*') || reservedSuffix.test(name) || (ipv4.test(name) && privateIpv4.test(name)) || privateIpv6.test(name)) return true
  const labels = name.split('.')
  return labels.length >= 2 && labels.slice(0, -1).some((label) => documentationLabel.test(label))
}

/**
 * Numbers no one answers: the ones documentation uses as examples (`+1234567890`, `555-0100` to `555-0199`,
 * `+1-555-555-0100`, one digit repeated) and dates (`2024-01-01`).
 */
export function isFictionalPhone(written: string): boolean {
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(written.trim())) return true
  const digits = foldWidth(written).replace(/\D/g, '')
  if (/^(\d)\1+$/.test(digits)) return true
  // Counting up or down through the whole number: `+1234567890`, `0987654321`.
  if (digits.length >= 8 && ('01234567890123'.includes(digits) || '9876543210987'.includes(digits))) return true
  // North American numbers reserved for fiction (555-0100 to 555-0199), and 555-555-xxxx.
  return /5550(1\d\d)$/.test(digits) || /555555\d{4}$/.test(digits)
}

const topLevelDomains = new Map<string, boolean>()
/** Whether `label` is a top-level domain of the public suffix list's ICANN part (remembered: there are few). */
export function isTopLevelDomain(label: string): boolean {
  const key = label.toLowerCase()
  let known = topLevelDomains.get(key)
  if (known === undefined) topLevelDomains.set(key, (known = parseHost(`a.${key}`).isIcann === true))
  return known
}

// `username@hotmail.com`, `example@gmail.com`: a mailbox name that says "yours here".
const placeholderMailbox = /^(?:example|username|user-?name|yourname|your[._-]?name|your[._-]?email|someone|somebody|email|you)@/

/**
 * Whether an address (lowercase, as mail software reads it) reaches no one: at a reserved or documentation
 * domain, a placeholder mailbox, or under no real top-level domain (`serial-getty@ttyS0.service`).
 */
export function isUnreachableAddress(address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1)
  return isReservedHost(domain) || placeholderMailbox.test(address) || !isTopLevelDomain(domain.split('.').at(-1) ?? '')
}
