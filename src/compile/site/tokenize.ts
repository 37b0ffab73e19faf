/**
 * Splits text into search terms, the same way at build time and in the browser (the function's source is
 * shipped in assets/search.js, so it must stay self-contained). Chinese runs become overlapping character
 * pairs: unlike a dictionary segmenter, whose ICU data differs between Node.js and browsers, pairs give
 * the same terms everywhere, and `注销失败` still finds text containing `注销` and `失败`.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = []
  const runs = text.normalize('NFKC').toLowerCase().match(/\p{Script=Han}+|[\p{L}\p{N}_]+/gu) ?? []
  for (const run of runs) {
    if (/\p{Script=Han}/u.test(run)) {
      if (run.length === 1) tokens.push(run)
      for (let index = 0; index + 1 < run.length; index++) tokens.push(run.slice(index, index + 2))
    } else {
      tokens.push(run)
    }
  }
  return tokens
}
