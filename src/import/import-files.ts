import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { VFile } from 'vfile'
import { entryContext, checkEntryHere } from '../build/process-entry.js'
import { sectionModel, type SectionKey } from '../parse/section-model.js'
import { freeId, idsInUse } from '../new/entry-id.js'
import { frontmatterLimits } from '../new/skeleton.js'
import { safetyRuleIds } from '../validate/safety/judge-url.js'
import { compareStrings, reasonZhOf } from '../diagnostics/report.js'
import type { KbConfig } from '../types/config.js'
import { BinaryFileError, readArticles } from './read-article.js'
import { entryText, planEntry } from './plan-entry.js'
import { stripUnsafe, strippedRules, type StrippedSpan } from './strip-unsafe.js'
import type { ImportNote, ImportShape } from './foreign-article.js'
import { copyImages, planImages } from './import-images.js'
import { checkMediaFiles } from '../validate/media-files.js'

export interface ImportOptions {
  root: string
  /** Source paths in the report are relative to it. */
  cwd: string
  config: KbConfig
  /** Files and folders to import, absolute. */
  inputs: string[]
  locale: string
  category: string
  from: ImportShape | 'auto'
  stripUnsafe: boolean
  today: string
  /** Told after each file, for a progress line on a terminal. */
  onProgress?: (done: number, total: number) => void
}

const safetyRules = new Set<string>(safetyRuleIds)

/** What became of one article: where it went, what was mapped and set aside, its safety findings and its check. */
export interface ImportedArticle {
  source: string
  /** `content/<locale>/<category>/<id>.md`, or undefined when it could not be written. */
  target: string | undefined
  shape: string
  type: string
  title: string
  /** Set when the id the title gives was taken: the entry got the next free one. */
  idTaken?: string
  mapped: { heading: string; section: SectionKey; line: number | undefined }[]
  notes: ImportNote[]
  safety: { ruleId: string; message: string; messageZh?: string; line: number; column: number; stripped: boolean }[]
  stripped: StrippedSpan[]
  check: { errors: number; warnings: number; problems: { ruleId: string; severity: 'error' | 'warning'; message: string; messageZh?: string; line: number; column: number }[] }
  failure?: string
  failureZh?: string
}

/** Every article of the inputs as a draft entry under content/, never over an existing file; one record each. */
export function importFiles(options: ImportOptions): ImportedArticle[] {
  const files = options.inputs.flatMap((input) => sourceFiles(input))
  const model = sectionModel(options.config)
  const limits = frontmatterLimits()
  const context = entryContext(options.config)
  const taken = idsInUse(options.root)
  const results: ImportedArticle[] = []
  for (const [index, file] of files.entries()) {
    const origin = path.relative(options.cwd, file) || file
    let articles
    try {
      articles = readArticles(origin, readFileSync(file), options.from)
    } catch (error) {
      results.push(failed(origin, error))
      options.onProgress?.(index + 1, files.length)
      continue
    }
    for (const article of articles) {
      try {
        results.push(importArticle(article, options, { model, limits }, context, taken, file))
      } catch (error) {
        results.push(failed(article.origin, error))
      }
    }
    options.onProgress?.(index + 1, files.length)
  }
  return results
}

function importArticle(article: ReturnType<typeof readArticles>[number], options: ImportOptions, shared: { model: ReturnType<typeof sectionModel>; limits: ReturnType<typeof frontmatterLimits> }, context: ReturnType<typeof entryContext>, taken: Set<string>, sourceFile: string): ImportedArticle {
  const plan = planEntry(article, { locale: options.locale, category: options.category, today: options.today, ...shared })
  const folder = path.join(options.root, 'content', options.locale, options.category)
  mkdirSync(folder, { recursive: true })
  for (let attempt = 0; ; attempt++) {
    const id = freeId(plan.id, (candidate) => taken.has(candidate))
    const relative = `content/${options.locale}/${options.category}/${id}.md`
    // Images beside the article move into the draft's `<id>.assets/`; the others are reported.
    const images = planImages(entryText(plan, id), sourceFile, id)
    let text = images.text
    let checked = checkEntryHere(relative, Buffer.from(text), context, false)
    const safety = checked.file.messages.filter((message) => safetyRules.has(message.ruleId ?? ''))
    let stripped: StrippedSpan[] = []
    if (options.stripUnsafe && safety.some((message) => strippedRules.has(message.ruleId ?? ''))) {
      const result = stripUnsafe(text, checked.file, options.locale)
      text = result.text
      stripped = result.stripped
      checked = checkEntryHere(relative, Buffer.from(text), context, false)
    }
    try {
      // `wx`: an entry that is there already, or appears meanwhile, is never overwritten.
      writeFileSync(path.join(options.root, relative), text, { flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 1000) {
        taken.add(id)
        continue
      }
      throw error
    }
    taken.add(id)
    copyImages(path.join(options.root, relative), id, images.copies)
    // With its images in place, the draft's images are checked as kb check checks them (files, formats, sizes).
    checkMediaFiles(options.root, [checked], options.config)
    // An entry outside the default locale is a translation: kb check wants its source (translation-orphan).
    const notes = options.locale === options.config.defaultLocale ? [...plan.notes, ...images.notes] : [...plan.notes, ...images.notes, { kind: 'unmapped' as const, what: `an ${options.locale} entry is a translation: kb check reports it (translation-orphan) until content/${options.config.defaultLocale}/${options.category}/${id}.md exists`, whatZh: `${options.locale} 文章是译文：在 content/${options.config.defaultLocale}/${options.category}/${id}.md 写好之前，kb check 会报告它（translation-orphan）` }]
    return {
      source: article.origin,
      target: relative,
      shape: article.shape,
      type: plan.type,
      title: plan.title,
      ...(id === plan.id ? {} : { idTaken: plan.id }),
      mapped: plan.mapped,
      notes,
      safety: safety.map((message) => ({ ...placeOf(message), ruleId: message.ruleId ?? '', message: message.reason, ...inChinese(message), stripped: stripped.some((span) => span.line === (message.line ?? 1) && span.column === (message.column ?? 1)) })),
      stripped,
      check: checkSummary(checked.file)
    }
  }
}

function checkSummary(file: VFile): ImportedArticle['check'] {
  const problems = file.messages.map((message) => ({ ruleId: message.ruleId ?? 'unknown', severity: message.fatal ? ('error' as const) : ('warning' as const), message: message.reason, ...inChinese(message), ...placeOf(message) }))
  return { errors: problems.filter((problem) => problem.severity === 'error').length, warnings: problems.filter((problem) => problem.severity === 'warning').length, problems }
}

function inChinese(message: VFile['messages'][number]): { messageZh?: string } {
  const zh = reasonZhOf(message)
  return zh === undefined ? {} : { messageZh: zh }
}

function placeOf(message: VFile['messages'][number]): { line: number; column: number } {
  return { line: message.line ?? 1, column: message.column ?? 1 }
}

function failed(source: string, error: unknown): ImportedArticle {
  // A stack overflow is the source's nesting (thousands of `>` or `[`), not kb's: say so.
  const failure = error instanceof RangeError ? 'nested too deeply to read (thousands of levels of quotes, lists or brackets)' : error instanceof Error ? error.message : String(error)
  const failureZh = error instanceof RangeError ? '嵌套太深，无法读取（成千上万层引用、列表或括号）' : error instanceof BinaryFileError ? '二进制文件，不是文本：没有可导入的内容' : undefined
  return { source, target: undefined, shape: 'unknown', type: '', title: '', mapped: [], notes: [], safety: [], stripped: [], check: { errors: 0, warnings: 0, problems: [] }, failure, ...(failureZh ? { failureZh } : {}) }
}

/** The files a path names: itself, or every Markdown, text and JSON file under it, in a stable order. */
function sourceFiles(input: string): string[] {
  const stats = statSync(input)
  if (!stats.isDirectory()) return [input]
  return readdirSync(input, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(md|markdown|mdx|txt|json)$/i.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort(compareStrings)
}
