// `mtemu compare` (DESIGN.md "The three jobs" §3; `npm start` runs it with
// the defaults): the seed's experiment. The benchmark from the refpage v5
// commit message (programs/bench/refpage-bench.s: MMAP TOUCH ITERATIONS
// MODE) is assembled once, then every (mode x kernel variant x touch size)
// configuration runs as an independent job on worker threads, each on a
// fresh mini-kernel with the timing model. The memset modes map anonymous
// memory, which no kernel variant changes, so they run once and stand for
// every variant.
//
// stdout: the seed's two tables (real time, max RSS) per kernel variant in
// the seed's layout, with cycles beside seconds; the seed's own figures
// beside ours for the default configuration; the MTE pair; a per-run
// breakdown. --json/--csv/--svg write the same runs as data and a chart.
// A progress bar goes to stderr when it is a terminal. docs/compare.md is
// the user's guide.

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import cliProgress from 'cli-progress';
import { PROFILE_NAMES } from '../emulator/timing/index.ts';
import { parseTimingOptions } from './timing-options.ts';
import type { KernelVariant } from '../kernel/kernel.ts';
import { HostError, processIo, writeBytes, type Io } from './io.ts';
import { loadProgram } from './run.ts';
import { JobError, KERNELS, extrapolate, KERNEL_INDEPENDENT, MODES, jobLabel, type CompareJob, type JobOutcome, type Mode, type RunRecord } from './compare/job.ts';
import { toCsv, toJson, unifyCounters } from './compare/json.ts';
import { runInProcess, runPool, type PoolEvents } from './compare/pool.ts';
import { renderSvg } from './compare/svg.ts';
import { SEED, breakdown, lookup, rssTable, seedTables, timeTable } from './compare/table.ts';

export const compareOptions: NonNullable<ParseArgsConfig['options']> = {
  mmap: { type: 'string' },
  touch: { type: 'string' },
  iterations: { type: 'string' },
  exact: { type: 'boolean' },
  sample: { type: 'string' },
  cpu: { type: 'string' },
  freq: { type: 'string' },
  set: { type: 'string', multiple: true },
  timing: { type: 'string' },
  kernel: { type: 'string' },
  modes: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  json: { type: 'string' },
  csv: { type: 'string' },
  svg: { type: 'string' },
  bench: { type: 'string' },
  'max-insns': { type: 'string' },
  'host-stats': { type: 'boolean' },
};

export const DEFAULT_BENCH = fileURLToPath(new URL('../programs/bench/refpage-bench.s', import.meta.url));

export const compareUsage = `usage: mtemu compare [options]
  The seed's experiment: refpage-bench MMAP TOUCH ITERATIONS MODE for every
  mode x kernel variant x touch size, each run on its own emulated machine;
  prints the seed's tables (real time, max RSS, improvement) per kernel
  variant, the seed's measurements beside ours, the MTE tables and a
  per-run breakdown. See docs/compare.md.
  --mmap BYTES             mmap_size (default 4096000)
  --touch LIST             touch sizes in bytes, comma-separated
                           (default 4096,2048000,4096000)
  --iterations N           iterations per run (default 1000)
  --exact                  simulate every iteration (default: simulate S and 2S
                           iterations and extrapolate the steady state; see docs/compare.md)
  --sample S               S for the extrapolation (default 16)
  --modes LIST             memset,refpage,memset-tag,refpage-tag (default: all)
  --kernel LIST            refpage-v5,fill-on-fault (default: both)
  --cpu PROFILE            timing profile: ${PROFILE_NAMES.join(', ')} (default sd845-big)
  --freq MHz               override the profile's core clock
  --set NAME=VALUE         override any profile parameter (repeatable)
  --timing simple|detailed timing model (default detailed)
  -j, --jobs N             worker threads (default: available parallelism, ${availableParallelism()} here)
  --json FILE              every run's measurements and counters (schemas/compare.schema.json)
  --csv FILE               the same, one row per run
  --svg FILE               chart: time and max RSS vs touch size
  --bench PROG.s|PROG.elf  the benchmark (default programs/bench/refpage-bench.s)
  --max-insns N            instruction budget per run (default 10^11)
  --host-stats             per-run host time, instructions and MIPS on stderr`;

// ---------------------------------------------------------------- options

function count(name: string, text: string, min: number): number {
  const t = text.replace(/_/g, '');
  const n = /^\d+$/.test(t) || /^\d+(\.\d+)?e\d+$/i.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new HostError(`--${name} ${text}: expected an integer >= ${min}`, 2);
  return n;
}

function list<T extends string>(name: string, text: string | undefined, allowed: readonly T[], dflt: readonly T[]): T[] {
  if (text === undefined) return [...dflt];
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new HostError(`--${name}: expected a comma-separated list of ${allowed.join(', ')}`, 2);
  const out: T[] = [];
  for (const it of items) {
    if (!allowed.includes(it as T)) throw new HostError(`--${name} ${it}: expected one of ${allowed.join(', ')}`, 2);
    if (!out.includes(it as T)) out.push(it as T);
  }
  return out;
}

export interface CompareConfig {
  bench: string;
  mmap: number;
  touches: number[];
  iterations: number;
  modes: Mode[];
  kernels: KernelVariant[];
  cpu: string;
  freqMHz: number;
  /** --freq as given (undefined: the profile's clock). */
  freqOverride?: number;
  set: Record<string, string>;
  timing: 'simple' | 'detailed';
  jobs: number;
  maxInsns: number;
  json?: string;
  csv?: string;
  svg?: string;
  hostStats: boolean;
  /** Simulate every iteration (no steady-state extrapolation). */
  exact: boolean;
  /** S: the extrapolation simulates S and 2S iterations. */
  sample: number;
}

/** Options -> configuration (throws HostError with status 2 for bad values). */
export function parseCompareOptions(values: Record<string, unknown>): CompareConfig {
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const mmap = str('mmap') === undefined ? 4096000 : count('mmap', str('mmap')!, 1);
  const touches = str('touch') === undefined ? [4096, 2048000, 4096000] : str('touch')!.split(',').map((t) => count('touch', t.trim(), 0));
  if (touches.length === 0) throw new HostError('--touch: expected a comma-separated list of byte counts', 2);
  for (const t of touches) if (t > mmap) throw new HostError(`--touch ${t}: larger than --mmap ${mmap}`, 2);
  const uniqTouches = [...new Set(touches)];
  const iterations = str('iterations') === undefined ? 1000 : count('iterations', str('iterations')!, 0);
  const modes = list('modes', str('modes'), MODES, MODES);
  const kernels = list('kernel', str('kernel'), KERNELS, KERNELS);
  const timing = str('timing') ?? 'detailed';
  if (timing === 'none') throw new HostError('--timing none: compare measures cycles, so it needs a timing model (simple or detailed)', 2);
  if (timing !== 'simple' && timing !== 'detailed') throw new HostError(`--timing ${timing}: expected simple or detailed`, 2);
  const parsed = parseTimingOptions(values, timing);
  const { cpu, set, freqOverride } = parsed;
  const freqMHz = parsed.freqMHz!; // defined: compare always has a timing model
  const jobs = str('jobs') === undefined ? availableParallelism() : count('jobs', str('jobs')!, 1);
  const maxInsns = str('max-insns') === undefined ? 1e11 : count('max-insns', str('max-insns')!, 1);
  return {
    bench: str('bench') ?? DEFAULT_BENCH,
    mmap, touches: uniqTouches, iterations, modes, kernels, cpu, freqMHz,
    ...(freqOverride !== undefined ? { freqOverride } : {}),
    set, timing, jobs, maxInsns,
    ...(str('json') !== undefined ? { json: str('json')! } : {}),
    ...(str('csv') !== undefined ? { csv: str('csv')! } : {}),
    ...(str('svg') !== undefined ? { svg: str('svg')! } : {}),
    hostStats: values['host-stats'] === true,
    exact: values.exact === true,
    sample: str('sample') === undefined ? DEFAULT_SAMPLE : count('sample', str('sample')!, 1),
  };
}

// ---------------------------------------------------------------- jobs

/** S of the steady-state extrapolation: runs of 16 and 32 iterations stand for any larger count. */
export const DEFAULT_SAMPLE = 16;

/** Whether a configuration's runs are extrapolated (rather than simulated in full). */
export function extrapolated(c: Pick<CompareConfig, 'exact' | 'sample' | 'iterations'>): boolean {
  return !c.exact && c.iterations > 2 * c.sample;
}

/** Every run, in output order: by mode, then kernel (memset modes once, under the first variant), then touch. */
export function planJobs(c: CompareConfig): CompareJob[] {
  const jobs: CompareJob[] = [];
  for (const mode of c.modes) {
    const kernels = KERNEL_INDEPENDENT.has(mode) ? [c.kernels[0]!] : c.kernels;
    for (const kernel of kernels) {
      for (const touch of c.touches) {
        jobs.push({
          mode, kernel, mmap: c.mmap, touch, iterations: c.iterations,
          timing: c.timing, cpu: c.cpu, set: c.set, maxInsns: c.maxInsns,
          ...(c.freqOverride !== undefined ? { freqMHz: c.freqOverride } : {}),
        });
      }
    }
  }
  return jobs;
}

/**
 * Rough host work of a job, for scheduling (longest first) and the progress
 * bar: pages faulted per iteration, plus the memset loop (measured: an
 * iteration of memset over N pages costs about 2.2x one that faults N
 * refpage pages).
 */
export function jobWeight(j: CompareJob): number {
  const pages = Math.ceil(j.mmap / 4096);
  const touched = Math.ceil(j.touch / 4096);
  const perIter = KERNEL_INDEPENDENT.has(j.mode) ? 2.2 * pages : touched + 0.05;
  return j.iterations * perIter + 1;
}

export interface CompareRunOptions {
  /** Run the jobs on this thread instead of worker threads (tests). */
  inProcess?: boolean;
}

export interface CompareResult {
  records: RunRecord[];
  host: JobOutcome['host'][];
  /** Each run's stdout (not part of the report). */
  stdout: string[];
  text: string;
  wallSeconds: number;
}

/** A progress bar on stderr when it is a terminal; nothing otherwise. Advances with each run's iterations, weighted by jobWeight. */
function progressBar(io: Io, jobs: readonly CompareJob[]): PoolEvents & { stop(): void } {
  if (io !== processIo || !process.stderr.isTTY) return { stop() {} };
  const weights = jobs.map(jobWeight);
  const total = weights.reduce((a, b) => a + b, 0);
  const frac = jobs.map(() => 0);
  let finished = 0;
  const bar = new cliProgress.SingleBar(
    { format: 'compare [{bar}] {percentage}% | {runs} runs | {duration_formatted} elapsed, ETA {eta_formatted}', stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 40, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  const update = (): void => bar.update(weights.reduce((a, w, i) => a + w * frac[i]!, 0), { runs: `${finished}/${jobs.length}` });
  bar.start(total, 0, { runs: `0/${jobs.length}` });
  return {
    progress(id, n) {
      frac[id] = Math.min(1, n / Math.max(1, jobs[id]!.iterations));
      update();
    },
    done(id) {
      frac[id] = 1;
      finished++;
      update();
    },
    stop() {
      bar.stop();
    },
  };
}

/** Run the comparison and format the report. Throws HostError for a failed run. */
export async function runCompare(c: CompareConfig, io: Io, opts: CompareRunOptions = {}): Promise<CompareResult> {
  const elf = loadProgram(c.bench, undefined, io);
  const planned = planJobs(c);
  // steady-state extrapolation: each planned run becomes two simulated runs of S and 2S iterations
  const extra = extrapolated(c);
  const jobs = extra ? planned.flatMap((j) => [{ ...j, iterations: c.sample }, { ...j, iterations: 2 * c.sample }]) : planned;
  const order = jobs.map((_, i) => i).sort((a, b) => jobWeight(jobs[b]!) - jobWeight(jobs[a]!) || a - b);
  const bar = progressBar(io, jobs);
  const t0 = process.hrtime.bigint();
  let outcomes: JobOutcome[];
  try {
    outcomes = opts.inProcess || jobs.length === 0 ? runInProcess(elf, jobs, order, bar) : await runPool(elf, jobs, order, c.jobs, bar);
  } catch (e) {
    if (e instanceof JobError) throw new HostError(`compare: a benchmark run failed: ${e.message}`, 1);
    throw e;
  } finally {
    bar.stop();
  }
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let recs = outcomes.map((o) => o.record);
  if (extra) {
    try {
      recs = planned.map((j, i) => extrapolate(recs[2 * i]!, recs[2 * i + 1]!, j.iterations));
    } catch (e) {
      if (e instanceof JobError) throw new HostError(`compare: ${e.message}`, 1);
      throw e;
    }
    outcomes = planned.map((_, i) => ({ ...outcomes[2 * i + 1]!, host: sumHost(outcomes[2 * i]!.host, outcomes[2 * i + 1]!.host) }));
  }
  const records = unifyCounters(recs);
  return { records, host: outcomes.map((o) => o.host), stdout: outcomes.map((o) => o.stdout), text: report(c, records), wallSeconds };
}

function sumHost(a: JobOutcome['host'], b: JobOutcome['host']): JobOutcome['host'] {
  const wallSeconds = a.wallSeconds + b.wallSeconds;
  const insns = a.mips * a.wallSeconds + b.mips * b.wallSeconds;
  return { wallSeconds, mips: wallSeconds > 0 ? insns / wallSeconds : 0 };
}

// ---------------------------------------------------------------- the report

const KERNEL_TEXT: Record<KernelVariant, string> = {
  'refpage-v5': 'the seed patch: read faults map the reference page, write faults fill a new page',
  'fill-on-fault': "D. Hildenbrand's alternative: no reference page, every fault fills a new page",
};

/** Whether this run is the seed's configuration (so its figures can be set beside ours). */
export function isSeedConfig(c: CompareConfig): boolean {
  return c.cpu === SEED.cpu && c.freqMHz === SEED.freqMHz && c.mmap === SEED.mmap && c.iterations === SEED.iterations && c.timing === 'detailed' && c.kernels.includes('refpage-v5') && (c.modes.includes('memset') || c.modes.includes('refpage')) && SEED.rows.some((r) => c.touches.includes(r.touch));
}

/** The stdout text for these runs. */
export function report(c: CompareConfig, records: readonly RunRecord[]): string {
  const get = lookup(records);
  const clock = `${c.cpu} @ ${c.freqMHz} MHz`;
  const sets = Object.entries(c.set).map(([k, v]) => `${k}=${v}`).join(' ');
  const o: string[] = [];
  o.push(`mtemu compare: refpage-bench ${c.mmap} TOUCH ${c.iterations} MODE on ${clock}, ${c.timing} timing${sets ? `, --set ${sets}` : ''}; ${records.length} run${records.length === 1 ? '' : 's'}\n`);
  if (extrapolated(c)) {
    o.push(
      `(each run: ${c.sample} and ${2 * c.sample} iterations simulated in full, every count for ${c.iterations} iterations extrapolated from\n` +
        ` the steady-state cost per iteration between them: c(${c.iterations}) = c(${c.sample}) + ${c.iterations - c.sample} x (c(${2 * c.sample}) - c(${c.sample})) / ${c.sample}; --exact simulates all ${c.iterations})\n`,
    );
  }
  const indep = c.modes.filter((m) => KERNEL_INDEPENDENT.has(m));
  if (indep.length && c.kernels.length > 1) {
    o.push(`(${indep.join(' and ')} map${indep.length === 1 ? 's' : ''} anonymous memory, which the kernel variants handle alike: run once, under ${c.kernels[0]}, and shown in every variant's tables)\n`);
  }
  const pair = (a: Mode, b: Mode, kernel: KernelVariant, what: string): void => {
    if (!c.modes.includes(a) && !c.modes.includes(b)) return;
    const spec = { a, b, kernel, touches: c.touches, mmap: c.mmap };
    o.push(`\n${kernel}${what}: results for real time (s) at ${c.freqMHz} MHz, and cycles:\n\n`);
    o.push(timeTable(get, spec));
    o.push(`\n${kernel}${what}: max RSS (KiB):\n\n`);
    o.push(rssTable(get, spec));
  };
  for (const k of c.kernels) {
    o.push(`\n== kernel ${k}: ${KERNEL_TEXT[k]} ==\n`);
    pair('memset', 'refpage', k, '');
  }
  if (isSeedConfig(c)) {
    o.push(`\n== the seed's measurements beside ours ==\n`);
    o.push(`\nseed: DragonBoard 845c, powersave governor, median of 10 runs; mtemu: ${clock}, refpage-v5, mmap ${c.mmap}, ${c.iterations} iterations${sets ? `, --set ${sets}` : ''}; error = (mtemu - seed) / seed\n\n`);
    o.push(seedTables(get));
  }
  if (c.modes.includes('memset-tag') || c.modes.includes('refpage-tag')) {
    o.push(`\n== MTE: PROT_MTE mappings, memset-tag vs refpage-tag ==\n`);
    for (const k of c.kernels) pair('memset-tag', 'refpage-tag', k, ' (MTE)');
  }
  o.push(`\n== breakdown per run ==\n\n`);
  o.push(breakdown(records));
  o.push(
    `\nOur runs are deterministic (the same program, arguments and configuration give the same cycles, bit for bit), so each\n` +
      `cell is a single run and the seed's "95% CI" column is omitted on purpose. improvement = (memset - refpages) / memset;\n` +
      `"none" when refpages is not smaller. Seconds are cycles at the profile's ${c.freqMHz} MHz clock.\n`,
  );
  return o.join('');
}

/** Per-run host figures (--host-stats). */
export function hostStatsText(jobs: readonly CompareJob[], host: readonly JobOutcome['host'][], records: readonly RunRecord[], wallSeconds: number, threads: number): string {
  const rows = jobs.map((j, i) => [jobLabel(j), host[i]!.wallSeconds.toFixed(2), String(records[i]!.instructions), host[i]!.mips.toFixed(2)]);
  const w0 = Math.max(3, ...rows.map((r) => r[0]!.length));
  const lines = [`${'run'.padEnd(w0)}   ${'host s'.padStart(8)}   ${'instructions'.padStart(12)}   ${'MIPS'.padStart(7)}`];
  for (const r of rows) lines.push(`${r[0]!.padEnd(w0)}   ${r[1]!.padStart(8)}   ${r[2]!.padStart(12)}   ${r[3]!.padStart(7)}`);
  const cpuSum = host.reduce((a, h) => a + h.wallSeconds, 0);
  lines.push(`total: ${wallSeconds.toFixed(2)} s wall, ${cpuSum.toFixed(2)} s of runs on ${threads} thread${threads === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- the job

export async function compareJob(values: Record<string, unknown>, positionals: string[], io: Io): Promise<number> {
  if (positionals.length) throw new HostError(`compare: unexpected argument '${positionals[0]}'\n${compareUsage}`, 2);
  const c = parseCompareOptions(values);
  const r = await runCompare(c, io);
  io.out(r.text);
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  if (c.json !== undefined) writeBytes(c.json, enc(toJson(r.records)));
  if (c.csv !== undefined) writeBytes(c.csv, enc(toCsv(r.records)));
  if (c.svg !== undefined) {
    writeBytes(c.svg, enc(renderSvg(r.records, { cpu: c.cpu, freqMHz: c.freqMHz, timing: c.timing, mmap: c.mmap, iterations: c.iterations })));
  }
  if (c.hostStats) io.err(hostStatsText(planJobs(c), r.host, r.records, r.wallSeconds, Math.min(c.jobs, extrapolated(c) ? 2 * r.records.length : r.records.length)));
  return 0;
}
