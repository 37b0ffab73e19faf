import { deserialize, serialize } from 'node:v8'
import type { EntryFacts } from '../validate/cross-entry.js'

/**
 * The facts of an entry that a build reads only now and then: its external links with the safety rules'
 * verdicts (`kb links` lists them) and where each frontmatter field stands (a cross-entry problem is reported
 * there). The cache keeps them serialized apart, and an entry read back decodes them when one is read: every
 * build reads every entry's facts, and on the tldr KB these two were nearly a third of their bytes (29%).
 */
export type ColdFacts = Pick<EntryFacts, 'externalLinks' | 'frontmatterPlaces'>

/**
 * The cold facts serialized, as a string of one byte per character: it lives on V8's heap as compactly as bytes,
 * without the outside memory and bookkeeping of a buffer each, and is copied (not a view of the pack's bytes
 * it was read from, as v8 gives a typed array) when the facts around it are read back.
 */
export function packColdFacts(facts: ColdFacts): string {
  return serialize({ externalLinks: facts.externalLinks, frontmatterPlaces: facts.frontmatterPlaces } satisfies ColdFacts).toString('latin1')
}

/** Hidden from JSON, spreading and Object.keys: a non-enumerable property under a symbol. */
const coldKey = Symbol('cold facts')

/** Boxed, so that the facts can be decoded in an object frozen since (kb dev freezes the artifacts it keeps). */
type Holder = { [coldKey]: { facts: string | ColdFacts } }

function coldOf(holder: unknown): ColdFacts {
  const box = (holder as Holder)[coldKey]
  if (typeof box.facts !== 'string') return box.facts
  box.facts = deserialize(Buffer.from(box.facts, 'latin1')) as ColdFacts
  return box.facts
}

/**
 * The accessors, made once for every entry: V8 gives objects whose accessors are the same functions one shape
 * (see bodyFields in compile/api/entry.ts for what closures of their own did to 9,000 records).
 */
const coldFields: PropertyDescriptorMap = Object.fromEntries(
  (['externalLinks', 'frontmatterPlaces'] as const satisfies readonly (keyof ColdFacts)[]).map((field) => [
    field,
    {
      enumerable: true,
      configurable: true,
      get(this: unknown) {
        return coldOf(this)[field]
      },
      set(this: unknown, value: never) {
        coldOf(this)[field] = value
      }
    }
  ])
)

/** `target` with the cold facts as fields read from `cold`, serialized (see packColdFacts) until first read. */
export function withColdFacts<T extends object>(target: T, cold: string | ColdFacts): T & ColdFacts {
  return holding(target, { facts: cold }) as T & ColdFacts
}

function holding(target: object, box: Holder[typeof coldKey]): object {
  Object.defineProperty(target, coldKey, { value: box })
  return Object.defineProperties(target, coldFields)
}

/** The cold facts of an object made by withColdFacts, as they stand (still serialized or not); undefined for any other. */
export function coldFactsOf(source: object): string | ColdFacts | undefined {
  return (source as Partial<Holder>)[coldKey]?.facts
}

/**
 * A copy of `source`'s own fields but those in `skip`, made as Object.assign makes one (one V8 shape for every
 * copy, unlike spreading), except that cold facts still serialized stay so, shared with `source`:
 * Object.assign and spreading read every field, and would decode them.
 */
export function copyKeepingCold<S extends object, K extends keyof S & string>(source: S, skip: readonly K[]): Omit<S, K> {
  const box = (source as Partial<Holder>)[coldKey]
  const fields = source as Record<string, unknown>
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(source)) if (!(skip as readonly string[]).includes(key) && !(box && Object.hasOwn(coldFields, key))) copy[key] = fields[key]
  return (box ? holding(copy, box) : copy) as Omit<S, K>
}
