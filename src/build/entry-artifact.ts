import { VFile } from 'vfile'
import type { Point, Position } from 'unist'
import type { EntryFacts } from '../validate/cross-entry.js'
import { reasonZhOf, setReasonZh } from '../diagnostics/report.js'
import type { CompiledHead, HeldCompiled } from '../compile/api/entry.js'
import { heldBody } from './held-body.js'
import type { StoredBody } from './stored-body.js'
import type { OverLimit } from '../compile/feeds/emitters.js'
import { copyKeepingCold } from './cold-facts.js'

export interface PortableMessage {
  reason: string
  reasonZh?: string
  place: Point | Position | undefined
  ruleId: string | undefined
  fatal: boolean | null | undefined
  cause: unknown
}

/**
 * Everything kb learns from one entry file alone, as plain data: what a worker thread sends back and what
 * the cache keeps. It is a pure function of the file's path and bytes, the config, the schemas and kb itself.
 * The source text is not in it: whoever holds the artifact has the bytes it came from.
 */
export interface EntryArtifact extends Omit<EntryFacts, 'file' | 'anchors'> {
  path: string
  messages: PortableMessage[]
  anchors: string[]
  /** The compiled entry's head (a build, a valid entry); undefined for a check, or when the entry is not valid. */
  compiledHead?: CompiledHead
  /**
   * Its body, v8-serialized: decoded only by the outputs that carry the entry whole (see heldBody). Bytes as
   * a worker sends them; read from the cache's file when the cache holds it (see StoredBody).
   */
  compiledBody?: Uint8Array | StoredBody
  /** How many FAQ items the body holds (see HeldCompiled). */
  compiledFaqItems?: number
  /** A published entry's pairs that feed consumers would refuse as too long (a build only). */
  overLimits?: OverLimit[]
  /** Whether the file's bytes decoded to text (its VFile holds the text, for code frames). */
  hasText: boolean
  /** Whether compiling was asked for: a check's artifact lacks the compiled entry even for a valid entry. */
  compileAttempted: boolean
}

/**
 * An entry as the engine works with it after the per-entry rules: its facts, its file, its compiled form
 * and, for a published entry of a build, the pairs its feeds' consumers would refuse as too long.
 */
export type CheckedEntry = EntryFacts & { compiled: HeldCompiled | undefined; overLimits?: OverLimit[] }

/** The entry as plain data; `compiled`, when given, is the entry's compiled head and serialized body. */
export function toArtifact(entry: Omit<CheckedEntry, 'compiled'>, compileAttempted: boolean, compiled?: { head: CompiledHead; body: Uint8Array; faqItems: number }): EntryArtifact {
  const { file, anchors, ...facts } = entry
  return {
    ...facts,
    ...(compiled ? { compiledHead: compiled.head, compiledBody: compiled.body, compiledFaqItems: compiled.faqItems } : {}),
    path: file.path,
    hasText: file.value !== undefined,
    anchors: [...anchors],
    compileAttempted,
    messages: toPortableMessages(file.messages)
  }
}

export function toPortableMessages(messages: VFile['messages']): PortableMessage[] {
  return messages.map((message) => ({ reason: message.reason, ...(reasonZhOf(message) === undefined ? {} : { reasonZh: reasonZhOf(message) }), place: message.place ?? undefined, ruleId: message.ruleId ?? undefined, fatal: message.fatal, cause: message.cause }))
}

/** Messages back on a file. */
export function restoreMessages(file: VFile, messages: readonly PortableMessage[]): void {
  for (const message of messages) {
    const restored = file.message(message.reason, { place: message.place, ruleId: message.ruleId, source: 'kb' })
    restored.fatal = message.fatal
    if (message.cause !== undefined) restored.cause = message.cause
    if (message.reasonZh !== undefined) setReasonZh(restored, message.reasonZh)
  }
}

/** The entry back, its messages on a fresh file; the file's text is added by whoever reports on it (see withText). */
export function fromArtifact(artifact: EntryArtifact, cwd = process.cwd()): CheckedEntry {
  const { anchors, compiledHead, compiledBody, compiledFaqItems } = artifact
  const file = fileOf(artifact, cwd)
  // The body stays serialized: a check, or a build with nothing to do, never decodes it.
  const compiled = compiledHead && compiledBody ? { head: compiledHead, body: heldBody(compiledBody), faqItems: compiledFaqItems ?? 0 } : undefined
  // Copied field by field, not spread: V8 gives every spread copy after the first few a shape of its own, 9,000
  // shapes for the tldr KB's entries, and makes each read of their fields a lookup among many (the facts' keys
  // are kb's own, never a `__proto__` from content); and the cold facts stay serialized (see cold-facts.ts).
  return Object.assign(copyKeepingCold(artifact, artifactOnly), { file, anchors: new Set(anchors), compiled })
}

/** What an artifact holds that its entry does not, or holds otherwise. */
const artifactOnly = ['path', 'messages', 'anchors', 'compileAttempted', 'hasText', 'compiledHead', 'compiledBody', 'compiledFaqItems'] as const

/** The entry's file with its own messages on it, as the per-entry rules left them. */
export function fileOf(artifact: Pick<EntryArtifact, 'path' | 'messages'>, cwd = process.cwd()): VFile {
  // Given, or VFile asks the system for it once per file.
  const file = new VFile({ path: artifact.path, cwd })
  restoreMessages(file, artifact.messages)
  return file
}
