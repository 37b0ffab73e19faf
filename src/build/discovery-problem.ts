import { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import type { DiscoveryProblem } from '../load/discover.js'

/** A path discovery found and could not read as an entry, as a file with one message at 1:1. */
export function discoveryProblem(path: string, problem: DiscoveryProblem): VFile {
  const file = new VFile({ path })
  const start = { line: 1, column: 1 }
  switch (problem.kind) {
    case 'outside-root':
      report(file, 'file-symlink', `Unexpected symbolic link \`${path}\` to a place outside the KB root, expected a file inside it`, start)
      break
    case 'unreadable-folder':
      report(file, 'directory-unreadable', `Unexpected folder \`${path}\` that cannot be read (${problem.reason}), expected a folder kb can list`, start)
      break
    case 'unfollowable-link':
      report(file, 'file-unreadable', `Unexpected symbolic link \`${path}\` that cannot be followed (${problem.reason}), expected a link kb can read through`, start)
      break
    case 'broken-link':
      report(file, 'file-symlink-broken', `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, which does not exist, expected a link to an existing file or folder`, start)
      break
    case 'link-loop':
      report(file, 'file-symlink-loop', `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, which loops without reaching a file or folder, expected a link that ends at a file or folder`, start)
      break
    case 'link-to-ancestor':
      report(file, 'file-symlink-loop', `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, a folder that contains the link, expected a link that does not lead back into itself`, start)
      break
    case 'repeated-folder':
      report(
        file,
        'file-symlink-duplicate',
        problem.viaLink
          ? `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, a folder that is read already, expected each folder reached once: its entries are checked at \`${problem.readAt}\``
          : `Unexpected folder \`${path}\`, which is \`${problem.target}\` again through a symbolic link, expected each folder reached once: its entries are checked at \`${problem.readAt}\``,
        start
      )
      break
    case 'not-a-file':
      report(file, 'file-not-regular', `Unexpected ${problem.what} at \`${path}\`, expected a regular Markdown file`, start)
      break
  }
  return file
}

