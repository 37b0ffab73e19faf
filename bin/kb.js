#!/usr/bin/env node
import { main } from '../lib/bundle/main.js'
import { exitWhenFinished } from '../lib/bundle/exit-watchdog.js'

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env
})
exitWhenFinished(code, process.stderr, process.env)
