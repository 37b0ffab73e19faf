import { createHash } from 'node:crypto'
import path from 'node:path'
import { VFile } from 'vfile'
import { configFileName, readConfigText } from '../config/config-file.js'
import { loadConfig, type LoadedConfig } from '../config/load-config.js'
import type { Language } from '../diagnostics/language.js'
import type { KbConfig } from '../types/config.js'
import { cacheFolderName } from './artifact-cache.js'
import { restoreMessages, toPortableMessages, type PortableMessage } from './entry-artifact.js'
import { kbFingerprint } from './kb-fingerprint.js'
import { readCheckedRecord, writeCheckedRecord } from './checked-record.js'

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
  if (loaded.config && typeof loaded.file.value === 'string') writeCheckedRecord(memo, magic, { key: keyOf(loaded.file.value), config: loaded.config, lang: loaded.lang, messages: toPortableMessages(loaded.file.messages) } satisfies RememberedConfig)
  return loaded
}

function keyOf(text: string): string {
  return createHash('sha256').update(kbFingerprint()).update('\0').update(text).digest('hex')
}

function recall(memo: string, key: string): RememberedConfig | undefined {
  const remembered = readCheckedRecord(memo, magic) as RememberedConfig | undefined
  return remembered?.key === key ? remembered : undefined
}
