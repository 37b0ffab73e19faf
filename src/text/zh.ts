const han = /\p{Script=Han}/u
const latin = /[A-Za-z0-9`]/

/**
 * A Chinese sentence with values put in, spaced as Chinese text is: a space where Chinese meets code or
 * Latin letters (`` `tags` 的第 2 项 ``, `WeChat 账号`), none where Chinese meets Chinese (`第 2 项的`).
 * Whether a value starts or ends with code is known only once it is put in, so the space is decided here,
 * at the joins only: what the editor wrote inside a value is never changed.
 */
export function zh(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let sentence = strings[0] ?? ''
  values.forEach((value, index) => {
    sentence = joinZh(joinZh(sentence, String(value)), strings[index + 1] ?? '')
  })
  return sentence
}

function joinZh(before: string, after: string): string {
  const last = before.at(-1) ?? ''
  const first = after[0] ?? ''
  return (han.test(last) && latin.test(first)) || (latin.test(last) && han.test(first)) ? `${before} ${after}` : before + after
}
