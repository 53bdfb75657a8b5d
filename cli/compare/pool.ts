// Running compare's jobs: a pool of worker threads (worker.ts), each taking
// the next job from a queue as it finishes the last, or the same loop on
// the calling thread (tests, and a single job). Results come back in the
// jobs' order whatever order they finish in, so the output does not depend
// on the number of threads.

import { Worker } from 'node:worker_threads';
import { JobError, runJob, type CompareJob, type JobOutcome } from './job.ts';

export type ToWorker = { type: 'job'; id: number; job: CompareJob };
export type FromWorker =
  | { type: 'progress'; id: number; done: number }
  | { type: 'done'; id: number; outcome: JobOutcome }
  | { type: 'error'; id: number; message: string; jobError: boolean; stack: string };

export interface PoolEvents {
  /** Job `id` (its index in the jobs array) has finished `iterationsDone` iterations. */
  progress?(id: number, iterationsDone: number): void;
  /** Job `id` finished. */
  done?(id: number, outcome: JobOutcome): void;
}

/**
 * Run jobs[order[0]], jobs[order[1]], ... on `threads` worker threads (the
 * order decides which start first: longest first balances the load).
 * Resolves with the outcomes indexed like `jobs`. Rejects with JobError when
 * a benchmark run fails, or Error for a crash inside a worker; the other
 * workers are then stopped.
 */
export function runPool(elf: Uint8Array, jobs: readonly CompareJob[], order: readonly number[], threads: number, ev: PoolEvents = {}): Promise<JobOutcome[]> {
  const results: JobOutcome[] = new Array(jobs.length);
  const queue = [...order];
  let remaining = jobs.length;
  const workers: Worker[] = [];
  /** Workers we stopped on purpose (their exit status is not a crash). */
  const retired = new Set<Worker>();
  return new Promise<JobOutcome[]>((resolve, reject) => {
    if (remaining === 0) return resolve(results);
    let failed = false;
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const next = (w: Worker): void => {
      const id = queue.shift();
      if (id === undefined) {
        retired.add(w);
        void w.terminate();
        return;
      }
      w.postMessage({ type: 'job', id, job: jobs[id]! } satisfies ToWorker);
    };
    const n = Math.max(1, Math.min(threads, jobs.length));
    for (let i = 0; i < n; i++) {
      const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { elf }, execArgv: [] });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (failed) return;
        if (m.type === 'progress') ev.progress?.(m.id, m.done);
        else if (m.type === 'done') {
          results[m.id] = m.outcome;
          ev.done?.(m.id, m.outcome);
          if (--remaining === 0) {
            for (const x of workers) void x.terminate();
            resolve(results);
          } else next(w);
        } else {
          const e = m.jobError ? new JobError(m.message) : new Error(m.message);
          if (!m.jobError) e.stack = m.stack;
          fail(e);
        }
      });
      w.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => {
        if (!failed && remaining > 0 && !retired.has(w)) fail(new Error(`a compare worker thread exited with status ${code}`));
      });
      next(w);
    }
  });
}

/** The same on the calling thread, one job after another (no workers). */
export function runInProcess(elf: Uint8Array, jobs: readonly CompareJob[], order: readonly number[], ev: PoolEvents = {}): JobOutcome[] {
  const results: JobOutcome[] = new Array(jobs.length);
  for (const id of order) {
    const outcome = runJob(elf, jobs[id]!, ev.progress ? (d) => ev.progress!(id, d) : undefined);
    results[id] = outcome;
    ev.done?.(id, outcome);
  }
  return results;
}
