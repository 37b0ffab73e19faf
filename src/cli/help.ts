export const usage = `kb — check and build a help-center knowledge base

Usage:
  kb check [files…] [options]   Report every problem in the KB (or in the given files)
  kb build [options]            Check, then compile content/ into dist/
  kb links [options]            List every external domain linked, with counts, entries and verdict
  kb serve [--port n]           Preview the built site on http://127.0.0.1:4321/
  kb check --explain <ruleId>   Explain a rule with what to do about it
  kb --help | kb --version

Options (every command):
  --root <dir>          KB root holding kb.config.yaml and content/ (default: .)
  --format <name>       text (default), json or github
  --max-warnings <n>    Fail (exit 1) when there are more than n warnings

Options (build):
  --out <dir>           Output folder (default: <root>/dist)
  --drafts              Also build draft and review entries

Exit codes: 0 no errors, 1 content errors, 2 usage or config errors.
`
