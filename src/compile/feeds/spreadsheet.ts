/**
 * A cell that a spreadsheet would evaluate as a formula when someone opens the file to review it (`=`, `+`,
 * `-`, `@`, tab or carriage return first) starts with `'` instead, as OWASP recommends against CSV injection:
 * the text stays readable, and nothing runs.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}
