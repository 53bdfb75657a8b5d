// One `mtemu compare` run: a fresh Kernel with the timing model, the
// benchmark spawned as `refpage-bench MMAP TOUCH ITERATIONS MODE`, run to
// exit, and the measurements read back. Used by the worker threads
// (worker.ts) and, in-process, by tests. Everything here is deterministic:
// the same job gives the same record, bit for bit (DESIGN.md
// "Determinism"); host-side timings travel separately (JobOutcome.host).

import { Kernel, siCodeName, type KernelVariant } from '../../kernel/kernel.ts';
import { BufferConsole } from '../../kernel/file.ts';
import { CountingSink, type KEvent, type KMemOp } from '../../kernel/kmem.ts';
import type { TimingKind } from '../../emulator/timing/index.ts';
import { signalName } from '../strace.ts';

/** The benchmark's modes (programs/bench/refpage-bench.s). */
export const MODES = ['memset', 'refpage', 'memset-tag', 'refpage-tag'] as const;
export type Mode = (typeof MODES)[number];
export const KERNELS = ['refpage-v5', 'fill-on-fault'] as const satisfies readonly KernelVariant[];

/**
 * Modes whose mappings are anonymous (no refpage fd): every kernel variant
 * runs them the same way, so compare runs them once.
 */
export const KERNEL_INDEPENDENT: ReadonlySet<Mode> = new Set<Mode>(['memset', 'memset-tag']);

/** munmap: the benchmark calls it once per iteration (progress reports count it). */
const SYS_MUNMAP = 215;

export interface CompareJob {
  mode: Mode;
  kernel: KernelVariant;
  mmap: number;
  touch: number;
  iterations: number;
  timing: TimingKind;
  cpu: string;
  /** Undefined: the profile's clock. */
  freqMHz?: number;
  set: Record<string, string>;
  /** Instruction budget for the whole run. */
  maxInsns: number;
}

/** The measurements of one run (the --json array element). */
export interface RunRecord {
  mode: Mode;
  /** The kernel variant it ran under. */
  kernel: KernelVariant;
  /** True for memset modes: the result stands for every kernel variant. */
  kernelIndependent: boolean;
  cpu: string;
  freqMHz: number;
  timing: TimingKind;
  /** --set overrides in effect. */
  set: Record<string, string>;
  mmap: number;
  touch: number;
  iterations: number;
  /**
   * Absent when all `iterations` were simulated. Otherwise [S, 2S]: the two
   * simulated runs every count of this record is extrapolated from
   * (extrapolate() below).
   */
  simulated?: [number, number];
  cycles: number;
  /** cycles / (freqMHz * 10^6). */
  seconds: number;
  /** User instructions retired. */
  instructions: number;
  /** The process's RSS high-water mark: max(hiwaterRss, rss) pages * 4. */
  maxRssKiB: number;
  syscalls: number;
  /** TLB invalidations the kernel issued: per page (TLBI VAE1IS), per address space (TLBI ASIDE1IS). */
  tlbi: { page: number; asid: number };
  /** Page faults by kind (k.faultCounts), signal kinds included. */
  faults: Record<string, number>;
  /** Every timing-model counter (k.tm.counters()). */
  counters: Record<string, number>;
}

/** Host-side facts about a run (not deterministic: never in --json). */
export interface HostStats {
  wallSeconds: number;
  /** Emulated user instructions per host second, in millions. */
  mips: number;
}

export interface JobOutcome {
  record: RunRecord;
  host: HostStats;
  /** What the benchmark wrote to stdout (refpage-bench prints one summary line). */
  stdout: string;
}

/** The benchmark did not exit 0: its self-check failed, it was killed, or a limit was hit. */
export class JobError extends Error {}

export function jobLabel(j: Pick<CompareJob, 'mode' | 'kernel' | 'touch' | 'mmap'>): string {
  return `${j.mode}${KERNEL_INDEPENDENT.has(j.mode) ? '' : ` on ${j.kernel}`}, touch ${j.touch}/${j.mmap}`;
}

/**
 * Run one job. `progress(done)` is called with the number of iterations
 * finished (munmap calls) as they happen. Throws JobError when the
 * benchmark fails.
 */
export function runJob(elf: Uint8Array, job: CompareJob, progress?: (iterationsDone: number) => void): JobOutcome {
  const console = new BufferConsole();
  let munmaps = 0;
  const k = new Kernel({
    console,
    variant: job.kernel,
    maxInsns: job.maxInsns,
    timing: { timing: job.timing, cpu: job.cpu, set: job.set, ...(job.freqMHz !== undefined ? { freqMHz: job.freqMHz } : {}) },
    ...(progress
      ? {
          onSyscall: (_pid: number, nr: number) => {
            if (nr === SYS_MUNMAP) progress(++munmaps);
          },
        }
      : {}),
  });
  // count kernel events (TLBIs) whatever the timing model: tee the cost sink
  const events = new CountingSink();
  const inner = k.km.sink;
  k.km.sink = {
    mem(op: KMemOp, pa: number, bytes: number, src?: number) {
      inner.mem(op, pa, bytes, src);
    },
    event(e: KEvent, n = 1) {
      events.event(e, n);
      inner.event(e, n);
    },
  };
  const argv = ['refpage-bench', String(job.mmap), String(job.touch), String(job.iterations), job.mode];
  const p = k.spawn(elf, argv);
  const t0 = process.hrtime.bigint();
  const exit = k.run();
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  if (exit.exitCode !== 0) {
    let why: string;
    if (exit.exitCode !== undefined) why = `exited with status ${exit.exitCode} (its self-check failed)`;
    else if (exit.signal !== undefined) {
      why = `was killed by signal ${exit.signal} (${signalName(exit.signal)})`;
      if (exit.sigCode !== undefined) why += `, si_code ${exit.sigCode} (${siCodeName(exit.signal, exit.sigCode)})`;
      if (exit.sigAddr !== undefined) why += `, fault address 0x${BigInt.asUintN(64, exit.sigAddr).toString(16)}`;
      if (exit.pc !== undefined) why += `, at pc 0x${exit.pc.toString(16)}`;
    } else if (exit.hostError !== undefined) why = `hit a host limit: ${exit.hostError}`;
    else why = `did not finish within ${job.maxInsns} instructions`;
    const text = (console.stdout + console.stderr).trim();
    throw new JobError(`${argv.join(' ')} [${jobLabel(job)}] ${why}${text ? `; its output: ${text.length > 500 ? text.slice(0, 500) + '...' : text}` : ''}`);
  }

  const tm = k.tm!;
  const cycles = Math.round(tm.cycles());
  const freqMHz = tm.profile.core.freqMHz;
  const counters: Record<string, number> = {};
  for (const [name, v] of Object.entries(tm.counters())) counters[name] = v;
  const instructions = k.machine.instret;
  const record: RunRecord = {
    mode: job.mode,
    kernel: job.kernel,
    kernelIndependent: KERNEL_INDEPENDENT.has(job.mode),
    cpu: job.cpu,
    freqMHz,
    timing: job.timing,
    set: { ...job.set },
    mmap: job.mmap,
    touch: job.touch,
    iterations: job.iterations,
    cycles,
    seconds: cycles / (freqMHz * 1e6),
    instructions,
    maxRssKiB: Math.max(p.mm.hiwaterRss, p.mm.rss) * 4,
    syscalls: Object.values(k.syscallCounts).reduce((a, n) => a + n, 0),
    tlbi: { page: events.events.tlbiPage ?? 0, asid: events.events.tlbiAsid ?? 0 },
    faults: { ...k.faultCounts },
    counters,
  };
  return { record, host: { wallSeconds, mips: wallSeconds > 0 ? instructions / wallSeconds / 1e6 : 0 }, stdout: console.stdout };
}

/**
 * Steady-state extrapolation: the benchmark repeats the same iteration, so
 * after the first one every count grows by the same amount per iteration
 * (the same pages are reused, LIFO, and the caches reach a steady state).
 * From two simulated runs of S and 2S iterations, a count for N iterations is
 *   c(N) = c(S) + (N - S) * (c(2S) - c(S)) / S
 * rounded to an integer. Max RSS is the same for any iteration count >= 1
 * (it is reached in the first iteration); the 2S run's value is taken, and a
 * difference between the two runs is an error (the assumption would not hold).
 */
export function extrapolate(a: RunRecord, b: RunRecord, iterations: number): RunRecord {
  const s = a.iterations;
  if (b.iterations !== 2 * s) throw new Error(`extrapolate: runs of ${a.iterations} and ${b.iterations} iterations`);
  if (a.maxRssKiB !== b.maxRssKiB) throw new JobError(`${jobLabel(a)}: max RSS differs between ${s} and ${2 * s} iterations (${a.maxRssKiB} vs ${b.maxRssKiB} KiB): steady-state extrapolation does not apply; use --exact`);
  const x = (ca: number, cb: number): number => Math.max(0, Math.round(ca + ((iterations - s) * (cb - ca)) / s));
  const xs = (ra: Record<string, number>, rb: Record<string, number>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const k of Object.keys(rb)) out[k] = x(ra[k] ?? 0, rb[k]!);
    return out;
  };
  const cycles = x(a.cycles, b.cycles);
  return {
    ...b,
    iterations,
    simulated: [s, 2 * s],
    cycles,
    seconds: cycles / (b.freqMHz * 1e6),
    instructions: x(a.instructions, b.instructions),
    syscalls: x(a.syscalls, b.syscalls),
    tlbi: { page: x(a.tlbi.page, b.tlbi.page), asid: x(a.tlbi.asid, b.tlbi.asid) },
    faults: xs(a.faults, b.faults),
    counters: xs(a.counters, b.counters),
  };
}
