import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/run-kb.js'

/**
 * Every problem kb reports is said in Chinese too, for editors who read the report in zh-CN. The type of
 * report() asks for the sentence; this reads every call in src/ to make sure what is passed is one: not
 * `undefined`, not an empty or English text. Sentences built elsewhere (YAML mistakes, safety findings,
 * Markdown limits) are checked where they are built: each object that has a `message` or `reason` has its
 * Chinese beside it.
 */
const sourceRoot = path.join(repoRoot, 'src')
const sources = readdirSync(sourceRoot, { recursive: true })
  .map(String)
  .filter((name) => name.endsWith('.ts'))
  .sort()
  .map((name) => ({ name: `src/${name.split(path.sep).join('/')}`, file: ts.createSourceFile(name, readFileSync(path.join(sourceRoot, name), 'utf8'), ts.ScriptTarget.Latest, true) }))

const han = /\p{Script=Han}/u

function callsOf(file: ts.SourceFile, name: string): ts.CallExpression[] {
  const calls: ts.CallExpression[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) calls.push(node)
    ts.forEachChild(node, visit)
  }
  visit(file)
  return calls
}

/** The literal text of an argument: a string, or a template's fixed parts; undefined for any other expression. */
function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('')
  if (ts.isTaggedTemplateExpression(node)) return literalText(node.template)
  return undefined
}

function where(file: ts.SourceFile, node: ts.Node): string {
  return `${file.fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
}

describe('every problem in Chinese', () => {
  const calls = sources.flatMap(({ file }) => callsOf(file, 'report').map((call) => ({ file, call })))

  it('finds the report() calls of src/', () => {
    // All of them, not a few: a change in how they are written must not make this test read nothing.
    expect(calls.length).toBeGreaterThan(70)
  })

  it('gives each report() call a Chinese sentence', () => {
    const missing: string[] = []
    for (const { file, call } of calls) {
      const sentence = call.arguments[5]
      if (!sentence || sentence.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(sentence) && sentence.text === 'undefined')) {
        missing.push(where(file, call))
        continue
      }
      const text = literalText(sentence)
      // A literal must be Chinese itself; anything else is a value built in Chinese elsewhere (checked below).
      if (text !== undefined && !han.test(text)) missing.push(`${where(file, call)}: ${text.slice(0, 60)}`)
    }
    expect(missing).toEqual([])
  })

  it('says in Chinese every message built away from its report() call', () => {
    const missing: string[] = []
    for (const { file } of sources) {
      const visit = (node: ts.Node): void => {
        if (ts.isObjectLiteralExpression(node)) {
          const named = new Map(node.properties.flatMap((property) => (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) ? [[property.name.text, property.initializer] as const] : [])))
          for (const [english, chinese] of [
            ['message', 'messageZh'],
            ['reason', 'reasonZh']
          ] as const) {
            const sentence = named.get(english)
            const text = sentence && literalText(sentence)
            // Only sentences kb writes (`Unexpected …`), not a message carried from elsewhere (an error's).
            if (text === undefined || !/^(Unexpected|Missing|Invalid)\b/.test(text)) continue
            const inChinese = named.get(chinese)
            const chineseText = inChinese && literalText(inChinese)
            if (!inChinese || (chineseText !== undefined && !han.test(chineseText))) missing.push(`${where(file, node)}: ${text.slice(0, 60)}`)
          }
        }
        ts.forEachChild(node, visit)
      }
      visit(file)
    }
    expect(missing).toEqual([])
  })

  it('makes messages through report() only, where the Chinese sentence is asked for', () => {
    const elsewhere = sources.flatMap(({ name, file }) =>
      // entry-artifact.ts restores cached messages with the Chinese they were made with.
      name === 'src/diagnostics/report.ts' || name === 'src/build/entry-artifact.ts' ? [] : callsOfMethod(file, 'message').map((call) => where(file, call))
    )
    expect(elsewhere).toEqual([])
  })
})

function callsOfMethod(file: ts.SourceFile, method: string): ts.CallExpression[] {
  const calls: ts.CallExpression[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === method) calls.push(node)
    ts.forEachChild(node, visit)
  }
  visit(file)
  return calls
}
