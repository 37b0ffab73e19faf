import { spawnSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutFixture, repoRoot, runKb } from '../helpers/run-kb.js'
import { commandHelp } from '../../src/cli/help.js'

describe('kb check: flags, formats and exit codes', () => {
  let root: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ root, cleanup } = await layOutFixture('sections'))
  })
  afterAll(() => cleanup())

  it('prints a text report with a code frame under each message, without colour when not a TTY', async () => {
    const run = await runKb(['check', '--root', root])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('content/zh-CN/account/shapes.md\n')
    expect(run.stdout).toContain('  32:1     error   Unexpected bulleted list in `## 解决步骤`, expected numbered steps (`1. …`)  section-shape\n')
    expect(run.stdout).toContain('    > 32 | - 不是编号\n')
    // The caret sits under the offending text: CJK characters are two columns wide.
    expect(run.stdout).toContain('    > 11 | ## 症壮\n         | ^^^^^^^\n')
    expect(run.stdout).not.toContain('\u001B[')
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('10 errors, 2 warnings in 6 files')
  })

  it('colours the text report when forced', async () => {
    const run = await runKb(['check', '--root', root], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })
    expect(run.stdout).toContain('\u001B[31merror\u001B[0m')
  })

  it('prints GitHub Actions annotations with escaped properties', async () => {
    const run = await runKb(['check', '--root', root, '--format', 'github'])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      '::error file=content/zh-CN/account/shapes.md,line=32,col=1,endLine=32,endColumn=7,title=kb section-shape::Unexpected bulleted list in `## 解决步骤`, expected numbered steps (`1. …`)\n'
    )
    expect(run.stdout).toContain('::warning file=content/zh-CN/account/unknown-heading.md,line=11,col=1,')
  })

  it('names files relative to the repository in annotations when the KB is in a sub-folder of it', async () => {
    const repository = await mkdtemp(path.join(os.tmpdir(), 'kb-repository-'))
    try {
      await mkdir(path.join(repository, '.git'))
      await cp(root, path.join(repository, 'help'), { recursive: true })
      const nested = await runKb(['check', '--root', path.join(repository, 'help'), '--format', 'github'], { env: { GITHUB_WORKSPACE: '' } })
      expect(nested.stdout).toContain('::error file=help/content/zh-CN/account/shapes.md,line=32,col=1,')
      // In Actions the workspace is the repository, found without looking for .git.
      await rm(path.join(repository, '.git'), { recursive: true })
      const inActions = await runKb(['check', '--root', path.join(repository, 'help'), '--format', 'github'], { env: { GITHUB_WORKSPACE: repository } })
      expect(inActions.stdout).toContain('::error file=help/content/zh-CN/account/shapes.md,line=32,col=1,')
      // The text and JSON reports stay relative to the KB root.
      const json = JSON.parse((await runKb(['check', '--root', path.join(repository, 'help'), '--format', 'json'], { env: { GITHUB_WORKSPACE: repository } })).stdout) as { diagnostics: { file: string }[] }
      expect(json.diagnostics[0]?.file.startsWith('content/')).toBe(true)
    } finally {
      await rm(repository, { recursive: true, force: true })
    }
  })

  it('checks only the files named, relative to the working directory', async () => {
    const run = await runKb(['check', 'content/zh-CN/account/shapes.md', '--format', 'json'], { cwd: root })
    const report = JSON.parse(run.stdout) as { diagnostics: { file: string }[]; summary: { files: number } }
    expect(new Set(report.diagnostics.map((diagnostic) => diagnostic.file))).toEqual(new Set(['content/zh-CN/account/shapes.md']))
    expect(report.summary.files).toBe(1)
  })

  it('exits 2 for a named file that is not an entry', async () => {
    const run = await runKb(['check', 'content/zh-CN/account/nope.md'], { cwd: root })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unexpected file `content/zh-CN/account/nope.md`')
  })

  it('exits 2 for an unknown flag, an unknown command and a bad --format', async () => {
    for (const args of [['check', '--colour'], ['chekc'], ['check', '--format', 'xml'], ['check', '--max-warnings', 'lots']]) {
      const run = await runKb(args, { cwd: root })
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toMatch(/^kb: .+\nRun `kb --help` for usage\.\n$/)
    }
  })

  it('explains a rule, and suggests the closest rule for a typo', async () => {
    const run = await runKb(['check', '--explain', 'section-unknown'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('section-unknown (warning)')
    expect(run.stdout).toContain('What to do:')
    const typo = await runKb(['check', '--explain', 'section-unknwn'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('did you mean `section-unknown`?')
  })

  it('prints the version and the usage', async () => {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
    expect((await runKb(['--version'])).stdout).toBe(pkg.version + '\n')
    const help = await runKb(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('kb check [files…]')
    expect(help.stdout).toContain('Run `kb <command> --help`')
  })

  it('gives each command its own help: its flags, each one the command accepts, and examples', async () => {
    expect(Object.keys(commandHelp)).toEqual(['check', 'new', 'translate', 'import', 'build', 'status', 'links', 'dev', 'serve'])
    // The commands side by side, and each command's flags side by side: about 70 short runs.
    await Promise.all(
      Object.keys(commandHelp).map(async (command) => {
        const [help, viaHelp] = await Promise.all([runKb([command, '--help']), runKb(['help', command])])
        expect(help.code, command).toBe(0)
        expect(help.stdout, command).toMatch(new RegExp(`^kb ${command} .*\\n\\n.+\\.\\n\\nOptions:\\n(  --.+\\n)+\\nExamples:\\n(  kb|  \\S+=)`))
        expect(viaHelp.stdout, command).toBe(help.stdout)
        // Every flag the help lists parses (a flag the command did not know would be a usage error, exit 2).
        const flags = [...help.stdout.matchAll(/^ {2}(--[a-z-]+)( <[a-zA-Z]+>)?/gm)].map((match) => [match[1] ?? '', match[2] ? 'x' : undefined])
        expect(flags.length, command).toBeGreaterThan(0)
        const runs = await Promise.all(flags.map(([flag, value]) => runKb([command, ...(value ? [flag ?? '', value] : [flag ?? '']), '--help'])))
        runs.forEach((run, index) => expect(run.code, `${command} ${flags[index]?.[0]}: ${run.stderr}`).toBe(0))
      })
    )
    expect((await runKb(['build', '--no-such-flag', '--help'])).code).toBe(2)
  })
})

describe('--max-warnings', () => {
  it('fails on more warnings than allowed and passes otherwise', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'kb-warnings-'))
    try {
      const { root: fixture, cleanup } = await layOutFixture('valid')
      // A heading the dictionary does not know is a warning, not an error.
      const file = path.join(fixture, 'content/zh-CN/security/two-factor.md')
      await writeFile(file, (await readFile(file, 'utf8')) + '\n## 附录\n\n补充说明。\n')
      const zero = await runKb(['check', '--root', fixture, '--max-warnings', '0'])
      expect(zero.code).toBe(1)
      expect(zero.stderr).toContain('1 warnings, more than --max-warnings 0')
      const one = await runKb(['check', '--root', fixture, '--max-warnings', '1'])
      expect(one.code).toBe(0)
      const unlimited = await runKb(['check', '--root', fixture])
      expect(unlimited.code).toBe(0)
      await cleanup()
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})

describe('kb links', () => {
  it('lists every external domain with its count, entries and verdict', async () => {
    const { root, cleanup } = await layOutFixture('seed-article')
    try {
      const file = `${root}/content/zh-CN/account/close-account.md`
      const text = await readFile(file, 'utf8')
      await writeFile(
        file,
        text.replace('updated: 2026-11-20', 'updated: 2026-11-20\nallow:\n  - url: https://bit.ly/3abcd\n    reason: 监管公告只以这个短链接发布') + '3. 见 [公告](https://bit.ly/3abcd) 和 [帮助中心](https://www.okx.com/help)。\n'
      )
      const run = await runKb(['links', '--root', root, '--format', 'json'])
      expect(run.code).toBe(0)
      const { domains } = JSON.parse(run.stdout) as { domains: { domain: string; verdict: string; rules: string[]; reasons: string[]; count: number; entries: string[] }[] }
      const entry = 'content/zh-CN/account/close-account.md'
      expect(domains).toContainEqual({ domain: 'www.firgrouxywebb.com', verdict: 'flagged', rules: ['false-official-claim', 'referral'], reasons: [], count: 3, entries: [entry] })
      expect(domains).toContainEqual({ domain: 'static.dejiz.com', verdict: 'flagged', rules: ['download', 'false-official-claim'], reasons: [], count: 1, entries: [entry] })
      expect(domains).toContainEqual({ domain: 'bit.ly', verdict: 'allowed', rules: [], reasons: ['监管公告只以这个短链接发布'], count: 1, entries: [entry] })
      expect(domains).toContainEqual({ domain: 'www.okx.com', verdict: 'official', rules: [], reasons: [], count: 1, entries: [entry] })
      expect(domains.map((use) => use.verdict)).toEqual([...domains.map((use) => use.verdict)].sort((a, b) => ['flagged', 'allowed', 'external', 'official'].indexOf(a) - ['flagged', 'allowed', 'external', 'official'].indexOf(b)))
      const text2 = await runKb(['links', '--root', root])
      expect(text2.stdout).toContain('bit.ly  allowed — 监管公告只以这个短链接发布  ×1\n')
    } finally {
      await cleanup()
    }
  })

  it('explains a safety rule with a bad and a good example', async () => {
    const run = await runKb(['check', '--explain', 'lookalike-domain'])
    expect(run.stdout).toMatch(/Bad: {2}.+\n {2}Good: https:\/\/www\.okx\.com\/help\n$/)
  })
})

describe('progress on a terminal', () => {
  /** Runs the CLI on a pseudo-terminal (util-linux `script`), as an editor's shell would, and returns what it showed. */
  function onTerminal(args: string[], env: NodeJS.ProcessEnv): string {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' })
    if (script.error) throw new Error('These tests need `script` (util-linux) for a pseudo-terminal: apt-get install -y bsdutils')
    const command = [process.execPath, path.join(repoRoot, 'bin/kb.js'), ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ')
    const run = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', env, timeout: 60_000 })
    return run.stdout
  }
  const withoutCi = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'CI' && name !== 'KB_PROGRESS'))

  it('shows how far check and build are on a TTY, erases it before the report, and stays silent in CI and in pipes', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    try {
      const shown = onTerminal(['build', '--root', root], { ...withoutCi(), TERM: 'xterm' })
      expect(shown).toContain('\r\x1b[2Kkb: checking entries 0/4')
      expect(shown).toContain('kb: checking entries 4/4')
      expect(shown).toMatch(/kb: writing output, \d+ files/)
      // The line is erased before the report, which starts at the left margin.
      expect(shown).toMatch(/\r\x1b\[2K0 errors, 0 warnings in 4 files/)
      expect(onTerminal(['check', '--root', root], { ...withoutCi(), TERM: 'xterm' })).toContain('kb: checking entries 4/4')
      expect(onTerminal(['build', '--root', root], { ...withoutCi(), TERM: 'xterm', CI: 'true' })).not.toContain('checking entries')
      expect(onTerminal(['build', '--root', root], { ...withoutCi(), TERM: 'xterm', KB_PROGRESS: 'off' })).not.toContain('checking entries')
      const piped = await runKb(['build', '--root', root], { env: { CI: '' } })
      expect(piped.stderr).not.toContain('checking entries')
      // kb import counts the files it has read, the same way.
      const imported = onTerminal(['import', path.join(root, 'content/zh-CN'), '--locale', 'zh-CN', '--root', root], { ...withoutCi(), TERM: 'xterm' })
      expect(imported).toContain('kb: importing files 1/')
      expect(imported).toMatch(/\r\x1b\[2K[^\r]*→ content\/zh-CN\//)
      expect(onTerminal(['import', path.join(root, 'content/zh-CN'), '--locale', 'zh-CN', '--root', root], { ...withoutCi(), TERM: 'xterm', CI: 'true' })).not.toContain('importing files')
    } finally {
      await cleanup()
    }
  })
})

describe('kb never hangs after it has finished', () => {
  it('ends the process 2 s after the command when something it started still runs, with the exit code and a line saying so', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    try {
      const run = await runKb(['check', '--root', root], { env: { NODE_ENV: 'test', KB_FAULT_INJECT: 'LINGER@exit' }, timeoutMs: 30_000 })
      expect(run.signal, 'the process should have ended by itself').toBe(null)
      expect(run.code).toBe(0)
      expect(run.stderr).toContain('kb: internal error, please report it: the command finished but something it started was still running 2 s later; stopped it\n')
      // Without anything left running, nothing is said.
      const clean = await runKb(['check', '--root', root])
      expect(clean.code).toBe(0)
      expect(clean.stderr).not.toContain('still running')
    } finally {
      await cleanup()
    }
  }, 60_000)
})
