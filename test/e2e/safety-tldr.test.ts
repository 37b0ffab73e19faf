/**
 * The reader-safety rules on real documentation nobody here wrote: the whole tldr corpus (both locales) laid
 * out as a KB with every rule on (tldr.sh official, one third-party domain vouched for, see
 * scripts/tldr-kb.ts) builds, then checks, with no entry refused. Each finding that remains is listed below
 * with why it is right. Runs the real CLI (lib/ compiled by `npm test`).
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutTldrKb, tldrRoot } from '../../scripts/tldr-kb.js'
import { runKb } from '../helpers/run-kb.js'

interface JsonDiagnostic {
  file: string
  line: number
  column: number
  endColumn: number
  ruleId: string
  severity: string
}

// Real `http:` links in the corpus: the pages really travel unencrypted, so each is a warning (not an
// error: a link to someone else's site over http is a risk to point out, not a trap). They do not stop a build.
const plainHttpLinks = [
  'en/common/apm.md http://atom.io/packages',
  'en/common/apm.md http://atom.io/themes',
  'en/common/aspell.md http://aspell.net/man-html/index.html',
  'en/common/expose.md http://expose.dev/docs/introduction',
  'en/common/flite.md http://www.festvox.org/flite/doc/',
  'en/common/gmssl.md http://gmssl.org/english.html',
  'en/common/highlight.md http://andre-simon.de/doku/highlight/en/highlight.php',
  'en/common/mmdc.md http://mermaid.js.org/',
  'en/common/mutt.md http://mutt.org/doc/mutt.1.txt',
  'en/common/nikto.md http://cirt.net/nikto/',
  'en/common/socat.md http://www.dest-unreach.org/socat/',
  'en/linux/ascii.md http://www.catb.org/~esr/ascii/ascii.html',
  // In a command example, not in a placeholder: the reader runs it against this very mirror.
  'en/linux/debootstrap.md http://deb.debian.org/debian',
  'en/linux/gphoto2.md http://www.gphoto.org/doc/manual/ref-gphoto2-cli.html',
  'en/linux/pstoedit.md http://www.calvina.de/pstoedit/pstoedit.htm',
  'en/linux/rpm2cpio.md http://ftp.rpm.org/max-rpm/s1-rpm-miscellania-rpm2cpio.html',
  'en/linux/scanimage.md http://sane-project.org/man/scanimage.1.html',
  'en/linux/shnsplit.md http://shnutils.freeshell.org/shntool/',
  'en/linux/snapper.md http://snapper.io/manpages/snapper.html',
  'en/linux/sport.md http://slackermedia.info/handbook/doku.php?id=slackbuilds',
  'en/linux/toilet.md http://caca.zoy.org/wiki/toilet',
  'zh-CN/common/apm.md http://atom.io/packages',
  'zh-CN/common/apm.md http://atom.io/themes',
  'zh-CN/common/aspell.md http://aspell.net/man-html/index.html',
  'zh-CN/linux/ascii.md http://www.catb.org/~esr/ascii/ascii.html',
  'zh-CN/linux/debootstrap.md http://deb.debian.org/debian'
]

let scratch: string | undefined
let kbRoot = ''
let diagnostics: JsonDiagnostic[] = []
let checked: JsonDiagnostic[] = []
let exitCode: number | null = null
let checkExitCode: number | null = null
let stderr = ''

beforeAll(async () => {
  if (!existsSync(tldrRoot)) throw new Error(`${tldrRoot} is missing: the tests need ../shared/corpus beside the repository (see DEVELOPERS.md)`)
  scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-safety-tldr-'))
  kbRoot = (await layOutTldrKb(path.join(scratch, 'kb'))).root
  const run = await runKb(['build', '--format', 'json'], { cwd: kbRoot, timeoutMs: 600_000 })
  exitCode = run.code
  stderr = run.stderr
  diagnostics = (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics
  // kb check as an editor runs it after the build (from the cache the build filled).
  const check = await runKb(['check', '--format', 'json'], { cwd: kbRoot, timeoutMs: 600_000 })
  checkExitCode = check.code
  checked = (JSON.parse(check.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics
}, 660_000)

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

describe('reader safety on the whole tldr corpus, every rule on', () => {
  it('builds: no entry refused, no finding in the build output', () => {
    expect(stderr).toMatch(/wrote \d+ files to dist/)
    expect(exitCode).toBe(0)
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([])
    expect(diagnostics.filter((diagnostic) => diagnostic.file.startsWith('dist/'))).toEqual([])
  })

  it('checks: exit 0, the same findings as the build', () => {
    expect(checkExitCode).toBe(0)
    expect(checked).toEqual(diagnostics)
  })

  it('leaves only the findings listed here, each for the reason given', async () => {
    const found = await Promise.all(
      diagnostics.map(async (diagnostic) => {
        const line = (await readFile(path.join(kbRoot, diagnostic.file), 'utf8')).split('\n')[diagnostic.line - 1] ?? ''
        return `${diagnostic.ruleId} ${diagnostic.severity} ${diagnostic.file.replace(/^content\//, '')} ${line.slice(diagnostic.column - 1, diagnostic.endColumn - 1)}`
      })
    )
    expect(found.sort()).toEqual(plainHttpLinks.map((link) => `insecure-url warning ${link}`).sort())
  })
})
