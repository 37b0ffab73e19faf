import { VFile } from 'vfile'
import type { Point, Position } from 'unist'
import type { ParsedEntry } from '../parse/entry.js'

interface PortableMessage {
  reason: string
  place: Point | Position | undefined
  ruleId: string | undefined
  fatal: boolean | null | undefined
  cause: unknown
}

/** A parsed entry as plain data, so it can be posted from a worker thread (structured clone). */
export type PortableEntry = Omit<ParsedEntry, 'file' | 'yaml'> & {
  file: { path: string; value: string | undefined; messages: PortableMessage[] }
}

/** Without `keepTrees` (a check, not a build), the Markdown trees stay behind: the rules no longer need them. */
export function toPortable(entry: ParsedEntry, keepTrees: boolean): PortableEntry {
  const { file, yaml: _yaml, ...rest } = entry
  void _yaml
  return {
    ...rest,
    tree: keepTrees ? entry.tree : undefined,
    body: entry.body && !keepTrees ? { ...entry.body, sections: {} } : entry.body,
    file: {
      path: file.path,
      value: file.value === undefined ? undefined : String(file.value),
      messages: file.messages.map((message) => ({ reason: message.reason, place: message.place ?? undefined, ruleId: message.ruleId ?? undefined, fatal: message.fatal, cause: message.cause }))
    }
  }
}

export function fromPortable(portable: PortableEntry): ParsedEntry {
  const file = new VFile({ path: portable.file.path })
  if (portable.file.value !== undefined) file.value = portable.file.value
  for (const message of portable.file.messages) {
    const restored = file.message(message.reason, { place: message.place, ruleId: message.ruleId, source: 'kb' })
    restored.fatal = message.fatal
    if (message.cause !== undefined) restored.cause = message.cause
  }
  return { ...portable, file, yaml: undefined }
}
