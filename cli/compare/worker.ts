// The body of a `mtemu compare` worker thread: receives jobs from the pool
// (pool.ts), runs each with runJob (job.ts) and posts back the outcome,
// progress (iterations done, at most every PROGRESS_MS) or an error.

import { parentPort, workerData } from 'node:worker_threads';
import { JobError, runJob } from './job.ts';
import type { FromWorker, ToWorker } from './pool.ts';

const PROGRESS_MS = 200;
const elf = (workerData as { elf: Uint8Array }).elf;
const port = parentPort!;

port.on('message', (msg: ToWorker) => {
  if (msg.type !== 'job') return;
  const { id, job } = msg;
  let last = 0;
  const post = (m: FromWorker): void => port.postMessage(m);
  try {
    const outcome = runJob(elf, job, (done) => {
      const now = Date.now();
      if (now - last >= PROGRESS_MS) {
        last = now;
        post({ type: 'progress', id, done });
      }
    });
    post({ type: 'done', id, outcome });
  } catch (e) {
    post({ type: 'error', id, message: (e as Error)?.message ?? String(e), jobError: e instanceof JobError, stack: (e as Error)?.stack ?? '' });
  }
});
