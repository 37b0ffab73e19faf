/** Today's date as YYYY-MM-DD: from SOURCE_DATE_EPOCH when set (reproducible runs, tests), else this machine's local date. */
export function today(env: NodeJS.ProcessEnv): string {
  const epoch = env['SOURCE_DATE_EPOCH']
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10)
  const date = new Date()
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}
