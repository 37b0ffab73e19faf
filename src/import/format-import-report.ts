import type { Language } from '../diagnostics/language.js'
import type { ImportedArticle } from './import-files.js'

const words = {
  en: {
    notImported: 'not imported',
    nothing: 'nothing to write',
    readAs: 'read as',
    idTaken: (id: string) => `\`${id}\` is taken: the entry got the next free one`,
    sections: 'sections',
    notes: 'notes   ',
    sourceLine: (line: number) => `source line ${line}: `,
    safety: 'safety    at their places in the draft:',
    stripped: ' (stripped)',
    check: 'check   ',
    passes: (warnings: number) => `passes kb check as a draft${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`,
    errors: (errors: number, rules: string) => `${errors} error${errors === 1 ? '' : 's'} in kb check: ${rules}`,
    summary: (articles: number, written: number, passing: number, findings: number, failed: number) =>
      `kb import: ${articles} article${articles === 1 ? '' : 's'}, ${written} written as drafts (${passing} pass kb check), ${findings} safety finding${findings === 1 ? '' : 's'}${failed > 0 ? `, ${failed} not imported` : ''}`
  },
  'zh-CN': {
    notImported: '没有导入',
    nothing: '没有可写的内容',
    readAs: '按',
    idTaken: (id: string) => `\`${id}\` 已被占用：用了下一个可用的 id`,
    sections: '部分',
    notes: '说明    ',
    sourceLine: (line: number) => `原文第 ${line} 行：`,
    safety: '安全      草稿中的位置：',
    stripped: '（已删除）',
    check: '检查    ',
    passes: (warnings: number) => `作为草稿通过 kb check${warnings > 0 ? `（${warnings} 个警告）` : ''}`,
    errors: (errors: number, rules: string) => `kb check 有 ${errors} 个错误：${rules}`,
    summary: (articles: number, written: number, passing: number, findings: number, failed: number) =>
      `kb import：${articles} 篇文章，${written} 篇写成草稿（${passing} 篇通过 kb check），${findings} 个安全问题${failed > 0 ? `，${failed} 篇没有导入` : ''}`
  }
}

/** The import report for a person, in the editor's language: per article, where it went, how it was mapped, what to look at. */
export function formatImportText(results: readonly ImportedArticle[], language: Language = 'en'): string {
  const say = words[language]
  const zh = language === 'zh-CN'
  const lines: string[] = []
  for (const result of results) {
    if (result.failure !== undefined || !result.target) {
      lines.push(`${result.source}: ${say.notImported}: ${(zh ? result.failureZh : undefined) ?? result.failure ?? say.nothing}`, '')
      continue
    }
    lines.push(`${result.source} → ${result.target}  (${result.type}, ${zh ? `${say.readAs} ${result.shape} 读取` : `${say.readAs} ${result.shape}`})`)
    if (result.idTaken) lines.push(`  id        ${say.idTaken(result.idTaken)}`)
    if (result.mapped.length > 0) lines.push(`  ${say.sections}${zh ? '      ' : '  '}${result.mapped.map((item) => `${item.heading} → ${item.section}`).join(' · ')}`)
    for (const [index, note] of result.notes.entries()) {
      const what = zh ? note.whatZh : `${note.kind}: ${note.what}`
      lines.push(`  ${index === 0 ? say.notes : '        '}  ${note.line === undefined ? '' : say.sourceLine(note.line)}${what}${note.text === undefined ? '' : `${zh ? '：' : ': '}${oneLine(note.text)}`}`)
    }
    if (result.safety.length > 0) lines.push(`  ${say.safety}`)
    for (const finding of result.safety) lines.push(`            ${finding.line}:${finding.column} ${finding.ruleId}${finding.stripped ? say.stripped : ''}${zh ? '：' : ': '}${(zh ? finding.messageZh : undefined) ?? finding.message}`)
    const { errors, warnings } = result.check
    const verdict = errors === 0 ? say.passes(warnings) : say.errors(errors, countByRule(result.check.problems.filter((problem) => problem.severity === 'error')))
    lines.push(`  ${say.check}  ${verdict}`, '')
  }
  const written = results.filter((result) => result.target)
  const passing = written.filter((result) => result.check.errors === 0)
  const findings = results.reduce((sum, result) => sum + result.safety.length, 0)
  lines.push(say.summary(results.length, written.length, passing.length, findings, results.length - written.length))
  return lines.join('\n') + '\n'
}

function countByRule(problems: readonly { ruleId: string }[]): string {
  const counts = new Map<string, number>()
  for (const problem of problems) counts.set(problem.ruleId, (counts.get(problem.ruleId) ?? 0) + 1)
  return [...counts].map(([rule, count]) => (count > 1 ? `${rule} ×${count}` : rule)).join(', ')
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat
}
