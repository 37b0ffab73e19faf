/**
 * `npm run compile` compiles the content schemas to code (ajv standalone) so a small `kb check` need not
 * compile them; these tests hold the generated validators to the schemas they came from. Needs lib/ (the
 * test script compiles it first).
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaHash, validatedSchemas, validatorFor, type ValidatedSchema } from '../../src/validate/schemas.js'
import { repoRoot } from '../helpers/run-kb.js'

const generated = path.join(repoRoot, 'lib/validate/validators.generated.cjs')

interface Generated {
  validators: Record<string, (data: unknown) => boolean> & Record<string, { errors?: unknown }>
  hashes: Record<string, string>
}

function loadGenerated(): Generated {
  if (!existsSync(generated)) throw new Error(`${generated} is missing: run \`npm run compile\` (npm test does) before this test`)
  return createRequire(import.meta.url)(generated) as Generated
}

const frontmatter = { id: 'reset-2fa', type: 'troubleshooting', title: '重置双重验证', summary: '无法使用身份验证器时如何重置双重验证。', category: 'security', status: 'published', updated: '2026-11-20' }
const samples: [ValidatedSchema, unknown][] = [
  ['config.schema.json', { brand: 'OKX', title: { en: 'Help' }, defaultLocale: 'en', locales: ['en'], categories: [{ id: 'account', name: { en: 'Account' } }], officialDomains: ['okx.com'], supportChannels: [{ id: 'mail', type: 'email', name: { en: 'Mail' }, address: 'support@okx.com' }] }],
  ['config.schema.json', { brand: '', title: 'Help', locales: 'en', officialDomains: [], supportChannels: [{ id: 'Bad Id', type: 'fax', name: {}, url: 'http://x', phone: '12' }], extra: true }],
  ['config.schema.json', { brand: 'OKX', title: { en: 'Help' }, defaultLocale: 'en', locales: ['en'], categories: [], officialDomains: ['okx.com'], trustedDomains: ['not a domain'], supportChannels: [], baseUrl: 'ftp://x' }],
  ['entry.schema.json', { frontmatter, sections: {} }],
  ['entry.schema.json', { frontmatter: { ...frontmatter, updated: '2026-13-45', status: 'live', tags: 'x', related: [1] }, sections: {} }],
  ['entry.schema.json', { frontmatter: { id: 'UPPER case', type: 'howto' }, sections: { steps: { items: [] } } }],
  ['entry.schema.json', { frontmatter: 42, sections: null }]
]

describe('validators compiled when kb is built', () => {
  it('are made from the schemas as they are now', () => {
    const { hashes } = loadGenerated()
    for (const name of Object.values(validatedSchemas)) expect(hashes[name], name).toBe(schemaHash(name))
  })

  it.each(samples)('give the errors compiling %s here gives, for %j', (name, data) => {
    const precompiled = loadGenerated().validators[name] as unknown as ((data: unknown) => boolean) & { errors?: unknown }
    // From the sources there is no generated file beside schemas.ts: validatorFor compiles the schema.
    const compiledHere = validatorFor(name)
    expect(precompiled(data)).toBe(compiledHere(data))
    expect(JSON.parse(JSON.stringify(precompiled.errors ?? null))).toEqual(JSON.parse(JSON.stringify(compiledHere.errors ?? null)))
  })
})
