import { readdirSync } from 'node:fs'
import path from 'node:path'
import { pinyin } from 'pinyin-pro'

/** The id pattern and limits of the entry schema (`$defs/id`); a derived id always satisfies them. */
const idPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/
const maxLength = 64
const reserved = new Set(['index', 'search', '404', 'search-index'])

export function isValidId(id: string): boolean {
  return idPattern.test(id) && id.length <= maxLength && !reserved.has(id)
}

/**
 * A readable id from a title: Latin words as they are, Chinese characters in pinyin without tones
 * (`充值 USDT 未到账` → `chong-zhi-usdt-wei-dao-zhang`), everything else dropped, cut at a word boundary.
 * The editor confirms it or types an English one instead: pinyin cannot know every reading.
 */
export function idFromTitle(title: string): string {
  const words = pinyin(title.normalize('NFKC'), { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .join(' ')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  let id = ''
  for (const word of words) {
    const next = id === '' ? word : `${id}-${word}`
    if (next.length > maxLength) break
    id = next
  }
  return id === '' || reserved.has(id) ? `entry${id === '' ? '' : `-${id}`}` : id
}

/** `base`, or `base-2`, `base-3`… : the first one `taken` does not hold, within the schema's length. */
export function freeId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base
  for (let number = 2; ; number++) {
    const suffix = `-${number}`
    const candidate = base.slice(0, maxLength - suffix.length).replace(/-+$/, '') + suffix
    if (!taken(candidate)) return candidate
  }
}

/** Ids in use in any locale under `<root>/content`: a new or imported entry must not pose as another entry's translation. */
export function idsInUse(root: string): Set<string> {
  try {
    return new Set(
      readdirSync(path.join(root, 'content'), { recursive: true })
        .map(String)
        .filter((name) => name.endsWith('.md'))
        .map((name) => path.basename(name, '.md'))
    )
  } catch {
    return new Set()
  }
}
