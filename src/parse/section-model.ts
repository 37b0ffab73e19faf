import { readSchema } from '../load/schema-files.js'
import type { SourceSections } from '../types/entry-source.js'
import type { KbConfig } from '../types/config.js'

export type SectionKey = keyof SourceSections
export type SectionShape = 'prose' | 'checklist' | 'ordered' | 'subsections'

interface SectionAnnotation {
  'x-kb-shape': SectionShape
  'x-kb-headings': Record<string, string[]>
}

/**
 * The section model as declared in schemas/entry.schema.json: which sections exist, in which order,
 * how each one's Markdown is read and which headings name it in each locale.
 */
export interface SectionModel {
  readonly keys: readonly SectionKey[]
  readonly shape: Readonly<Record<SectionKey, SectionShape>>
  /** Per locale, normalized heading → section key. */
  headingsFor(locale: string): ReadonlyMap<string, SectionKey>
  /** Per locale, the headings as written in the dictionary, first one preferred. */
  knownHeadings(locale: string): readonly { heading: string; key: SectionKey }[]
  /** The locales the dictionary has headings for. */
  readonly locales: readonly string[]
}

export function normalizeHeading(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').replace(/[:：]\s*$/, '').trim().toLowerCase()
}

export function sectionModel(config: Pick<KbConfig, 'headings'>): SectionModel {
  const schema = readSchema('entry.schema.json') as { $defs: { sections: { properties: Record<SectionKey, SectionAnnotation> } } }
  const properties = schema.$defs.sections.properties
  const keys = Object.keys(properties) as SectionKey[]
  const shape = Object.fromEntries(keys.map((key) => [key, properties[key]['x-kb-shape']])) as Record<SectionKey, SectionShape>
  const known = new Map<string, { heading: string; key: SectionKey }[]>()
  const add = (locale: string, key: SectionKey, heading: string): void => {
    const list = known.get(locale) ?? []
    if (!list.some((item) => normalizeHeading(item.heading) === normalizeHeading(heading))) list.push({ heading, key })
    known.set(locale, list)
  }
  for (const key of keys) {
    for (const [locale, headings] of Object.entries(properties[key]['x-kb-headings'])) for (const heading of headings) add(locale, key, heading)
  }
  for (const [locale, byKey] of Object.entries(config.headings ?? {})) {
    for (const [key, headings] of Object.entries(byKey)) for (const heading of headings) add(locale, key as SectionKey, heading)
  }
  const maps = new Map<string, Map<string, SectionKey>>()
  for (const [locale, list] of known) maps.set(locale, new Map(list.map((item) => [normalizeHeading(item.heading), item.key])))
  return {
    keys,
    shape,
    locales: [...known.keys()],
    headingsFor: (locale) => maps.get(locale) ?? maps.get(locale.split('-')[0] ?? '') ?? new Map(),
    knownHeadings: (locale) => known.get(locale) ?? known.get(locale.split('-')[0] ?? '') ?? []
  }
}
