import { parentPort, workerData } from 'node:worker_threads'
import { changedRecords } from './output-intact.js'

/** The output check's thread (see output-check.ts): one look at every recorded file, one answer. */
const { target, paths, numbers } = workerData as { target: string; paths: string; numbers: Float64Array }
parentPort?.postMessage(changedRecords(target, { paths, numbers }))
