import { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import type { DiscoveryProblem } from '../load/discover.js'

/** A path discovery found and could not read as an entry, as a file with one message at 1:1. */
export function discoveryProblem(path: string, problem: DiscoveryProblem): VFile {
  const file = new VFile({ path })
  const start = { line: 1, column: 1 }
  switch (problem.kind) {
    case 'outside-root':
      report(file, 'file-symlink', `Unexpected symbolic link \`${path}\` to a place outside the KB root, expected a file inside it`, start, undefined, `符号链接 \`${path}\` 指向知识库根目录以外的位置，应指向根目录内的文件`)
      break
    case 'unreadable-folder':
      report(file, 'directory-unreadable', `Unexpected folder \`${path}\` that cannot be read (${problem.reason}), expected a folder kb can list`, start, undefined, `文件夹 \`${path}\` 无法读取（${problem.reasonZh}），kb 需要能列出它的内容`)
      break
    case 'unfollowable-link':
      report(file, 'file-unreadable', `Unexpected symbolic link \`${path}\` that cannot be followed (${problem.reason}), expected a link kb can read through`, start, undefined, `符号链接 \`${path}\` 无法跟随（${problem.reasonZh}），kb 需要能通过它读到文件`)
      break
    case 'broken-link':
      report(file, 'file-symlink-broken', `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, which does not exist, expected a link to an existing file or folder`, start, undefined, `符号链接 \`${path}\` 指向的 \`${problem.target}\` 不存在，应指向一个存在的文件或文件夹`)
      break
    case 'link-loop':
      report(
        file,
        'file-symlink-loop',
        `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, which loops without reaching a file or folder, expected a link that ends at a file or folder`,
        start,
        undefined,
        `符号链接 \`${path}\` 指向 \`${problem.target}\`，绕成了一个圈，永远到不了文件或文件夹；链接最终应指向一个文件或文件夹`
      )
      break
    case 'link-to-ancestor':
      report(
        file,
        'file-symlink-loop',
        `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, a folder that contains the link, expected a link that does not lead back into itself`,
        start,
        undefined,
        `符号链接 \`${path}\` 指向 \`${problem.target}\`，而这个文件夹里就有这个链接本身；链接不能指回它自己所在的地方`
      )
      break
    case 'repeated-folder':
      report(
        file,
        'file-symlink-duplicate',
        problem.viaLink
          ? `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, a folder that is read already, expected each folder reached once: its entries are checked at \`${problem.readAt}\``
          : `Unexpected folder \`${path}\`, which is \`${problem.target}\` again through a symbolic link, expected each folder reached once: its entries are checked at \`${problem.readAt}\``,
        start,
        undefined,
        problem.viaLink
          ? `符号链接 \`${path}\` 指向 \`${problem.target}\`，这个文件夹已经读过了；每个文件夹只读一次：其中的文章在 \`${problem.readAt}\` 检查`
          : `文件夹 \`${path}\` 通过符号链接又回到了 \`${problem.target}\`；每个文件夹只读一次：其中的文章在 \`${problem.readAt}\` 检查`
      )
      break
    case 'not-a-file':
      report(file, 'file-not-regular', `Unexpected ${problem.what} at \`${path}\`, expected a regular Markdown file`, start, undefined, `\`${path}\` 是一个${problem.whatZh}，不是普通的 Markdown 文件`)
      break
  }
  return file
}
