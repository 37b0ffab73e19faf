/** One output file as the compiler makes it: its path under dist/ and its text. */
export type OutputFile = readonly [path: string, text: string]
