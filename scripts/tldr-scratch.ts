import { cp, mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describeTldrKb, layOutTldrKb, limitOption, tldrExists, tldrMissingMessage, tldrRoot, type TldrKb } from './tldr-kb.js'

/**
 * What the scripts that work on the tldr KB share: reads `--limit N` and `--keep`, lays the KB out in a
 * scratch folder (`<scratch>/kb`), runs `work` on it (with the `--limit` it was laid out with) and removes the folder after, unless `--keep`. Returns
 * the exit code: `work`'s, 2 for a bad argument, 1 when the corpus is missing or `work` throws.
 */
export async function onTldrKb(args: readonly string[], script: { name: string; usage: string }, work: (kb: TldrKb, scratch: string, options: { limit?: number }) => Promise<number>): Promise<number> {
  const options = limitOption(args)
  if (!options) {
    console.error(`usage: ${script.usage} -- [--limit N] [--keep]`)
    return 2
  }
  if (!(await tldrExists())) {
    console.error(`${script.name}: ${tldrMissingMessage(tldrRoot)}`)
    return 1
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), `kb-${script.name}-`))
  try {
    const laidOut = await layOutTldrKb(path.join(scratch, 'kb'), options)
    console.error(`${script.name}: ${describeTldrKb(laidOut)}`)
    return await work(laidOut, scratch, options)
  } catch (error) {
    console.error(`${script.name}: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  } finally {
    if (args.includes('--keep')) console.error(`${script.name}: kept ${scratch}`)
    else await rm(scratch, { recursive: true, force: true })
  }
}

/**
 * A copy of a KB's sources (content/ and kb.config.yaml) at `<scratch>/kb`, for a bench that edits them, with
 * its entries' paths under content/, sorted. The caller removes `scratch`.
 */
export async function copyKb(source: string, prefix: string): Promise<{ scratch: string; root: string; entries: string[] }> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), prefix))
  const root = path.join(scratch, 'kb')
  await cp(path.join(source, 'content'), path.join(root, 'content'), { recursive: true })
  await cp(path.join(source, 'kb.config.yaml'), path.join(root, 'kb.config.yaml'))
  const entries = (await readdir(path.join(root, 'content'), { recursive: true })).filter((name) => name.endsWith('.md')).sort()
  return { scratch, root, entries }
}
