// Determinism of the timing model (issue "timing model" acceptance: cycle
// counts are bit-identical with any number of parallel jobs). The same
// program with the same options must give exactly the same cycles and the
// same value of every counter (stalls, caches, TLBs, DRAM, kernel events)
// on every run: twice in a row in this thread, and when the runs happen
// concurrently in 2 and 4 worker threads (scripts/calibrate.ts's pool, the
// one the calibration uses). Nothing in the model may depend on wall-clock
// time, scheduling, Math.random, or state shared between Kernels.

import { describe, expect, it } from 'vitest';
import { runJob, runJobs, type Job, type JobResult } from '../../../scripts/calibrate.ts';

let nextId = 0;
function job(mode: Job['mode'], cpu: string, touch: number, variant: Job['variant'] = 'refpage-v5', set: Record<string, string> = {}): Job {
  return { id: nextId++, cpu, freqMHz: cpu === 'sd845-big' ? 825.6 : 300, mode, mmap: 64 * 4096, touch, iterations: 4, variant, set };
}

// every mode, both profiles, both kernel variants, a --set override
const JOBS: Job[] = [
  job('memset', 'sd845-big', 32 * 4096),
  job('refpage', 'sd845-big', 48 * 4096),
  job('memset-tag', 'sd845-big', 16 * 4096),
  job('refpage-tag', 'sd845-big', 64 * 4096, 'fill-on-fault'),
  job('refpage', 'sd845-little', 40 * 4096, 'refpage-v5', { 'mem.dramNs': '150' }),
  job('memset', 'sd845-little', 4096),
];

/** What must be identical: everything but the host's wall time. */
function fingerprint(r: JobResult): unknown {
  return { exit: r.exit, stdout: r.stdout, stderr: r.stderr, cycles: r.cycles, counters: r.counters };
}

describe('timing determinism', () => {
  const reference = JOBS.map(runJob);

  it('every run ends well and counts something', () => {
    for (const r of reference) {
      expect(r.exit).toBe('exit 0');
      expect(r.cycles).toBeGreaterThan(0);
      expect(r.counters.instructions).toBeGreaterThan(0);
      expect(r.counters['kernel.faultPath']).toBeGreaterThan(0);
    }
  });

  it('the same job twice in one thread gives identical cycles and counters', () => {
    const again = JOBS.map(runJob);
    for (let i = 0; i < JOBS.length; i++) expect(fingerprint(again[i]!)).toEqual(fingerprint(reference[i]!));
  });

  for (const workers of [2, 4]) {
    it(`${workers} concurrent worker threads give the same cycles and counters`, async () => {
      // each job twice, so that several copies of one configuration run at the same time
      const jobs = [...JOBS, ...JOBS].map((j, i) => ({ ...j, id: 1000 * workers + i }));
      const results = await runJobs(jobs, workers);
      for (let i = 0; i < jobs.length; i++) expect(fingerprint(results[i]!)).toEqual(fingerprint(reference[i % JOBS.length]!));
    }, 60_000);
  }
});
