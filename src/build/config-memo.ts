import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { VFile } from 'vfile'
import { configFileName, readConfigText } from '../config/config-file.js'
import { loadConfig, type LoadedConfig } from '../config/load-config.js'
import type { Language } from '../diagnostics/language.js'
import type { KbConfig } from '../types/config.js'
import { cacheFolderName } from './artifact-cache.js'
import { restoreMessages, toPortableMessages, type PortableMessage } from './entry-artifact.js'
import { kbFingerprint } from './kb-fingerprint.js'

interface RememberedConfig {
  key: string
  config: KbConfig
  lang: Language | undefined
  messages: PortableMessage[]
}

const magic = Buffer.from('KBC1')
export const configMemoName = 'config'

/**
 * loadConfig, remembered in the cache folder by kb and the file's bytes: a run whose config file is the one
 * the last run read needs neither the YAML parser nor the schema validators, whose first use (compiling them)
 * takes about 50 ms of a 0.3 s `kb check` on a small KB. Only a config without errors is remembered, with its
 * warnings. A record that does not read back whole, or is another file's, is ignored and written again.
 */
export async function loadConfigRemembered(root: string): Promise<LoadedConfig> {
  const memo = path.join(root, cacheFolderName, configMemoName)
  const text = await readConfigText(root)
  const recalled = text === undefined ? undefined : recall(memo, keyOf(text))
  if (text !== undefined && recalled) {
    const file = new VFile({ path: configFileName, cwd: root })
    file.value = text
    restoreMessages(file, recalled.messages)
    return { file, config: recalled.config, lang: recalled.lang }
  }
  const loaded = await loadConfig(root)
  if (loaded.config && typeof loaded.file.value === 'string') remember(memo, { key: keyOf(loaded.file.value), config: loaded.config, lang: loaded.lang, messages: toPortableMessages(loaded.file.messages) })
  return loaded
}

function keyOf(text: string): string {
  return createHash('sha256').update(kbFingerprint()).update('\0').update(text).digest('hex')
}

function recall(memo: string, key: string): RememberedConfig | undefined {
  try {
    const bytes = readFileSync(memo)
    const payload = bytes.subarray(magic.length + 32)
    if (!bytes.subarray(0, magic.length).equals(magic) || !createHash('sha256').update(payload).digest().equals(bytes.subarray(magic.length, magic.length + 32))) return undefined
    const remembered = deserialize(payload) as RememberedConfig
    return remembered.key === key ? remembered : undefined
  } catch {
    return undefined
  }
}

/** Written only into a cache folder that exists (the artifact cache makes it, with its .gitignore). */
function remember(memo: string, remembered: RememberedConfig): void {
  if (!statSync(path.dirname(memo), { throwIfNoEntry: false })?.isDirectory()) return
  const payload = serialize(remembered)
  const temporary = `${memo}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(temporary, Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload]))
    renameSync(temporary, memo)
  } catch {
    // Not written (a read-only cache folder): the next run reads the config again, nothing worse.
    try {
      rmSync(temporary, { force: true })
    } catch {
      // Nothing was made to remove.
    }
  }
}
