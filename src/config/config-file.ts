import { readFile } from 'node:fs/promises'
import path from 'node:path'

export const configFileName = 'kb.config.yaml'

/** The config file's text as read, or undefined when it cannot be read (loadConfig then says why). */
export async function readConfigText(root: string): Promise<string | undefined> {
  return readFile(path.join(root, configFileName), 'utf8').catch(() => undefined)
}
