// compare's text output: the seed's two tables ("real time (s)", "max RSS
// (KiB)") in the seed's layout — right-aligned columns headed
// `touch_size/mmap_size   memset   refpages   improvement` — one pair per
// kernel variant, the seed's own numbers beside ours, the MTE pair, and a
// per-run breakdown of where the cycles and faults went.
//
// Number formats follow the seed's table, which was printed with C's %g:
// seconds with 7 significant digits (3.962194, 0.026726, 1.48081),
// improvements with 6 (98.8015%). Its 95% CI column is left out on purpose:
// our runs are deterministic, so there is no spread to report.

import { KERNEL_INDEPENDENT, type Mode, type RunRecord } from './job.ts';

/** C printf's %.<prec>g: `prec` significant digits, trailing zeros dropped, exponent form outside [1e-4, 10^prec). */
export function fmtG(x: number, prec = 6): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const p = Math.max(1, prec);
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  if (exp < -4 || exp >= p) {
    const [m, e] = x.toExponential(p - 1).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, p - 1 - exp));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Right-aligned columns, three spaces apart (the seed's layout), one line per row, no trailing spaces. */
export function alignTable(header: readonly string[], rows: readonly (readonly string[])[], sep = '   '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join(sep).trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** The seed's improvement cell: how much smaller b is than a, or `none` when it is not smaller. */
export function improvement(a: number, b: number): string {
  if (!(a > 0) || b >= a) return 'none';
  return `${fmtG(((a - b) / a) * 100, 6)}%`;
}

/** Signed relative error of ours against the seed's figure, in percent. */
export function relError(ours: number, seed: number): string {
  const e = ((ours - seed) / seed) * 100;
  const t = Math.abs(e) >= 100 ? e.toFixed(0) : Math.abs(e) >= 10 ? e.toFixed(1) : e.toFixed(2);
  return `${e >= 0 ? '+' : ''}${t}%`;
}

/**
 * Seconds as the seed printed them (%.7g: 3.962194, 0.026726, 1.48081),
 * but never in exponent form: small test runs print 0.00006932776.
 */
export function fmtSeconds(s: number): string {
  if (!(s > 0) || s >= 1e-4) return fmtG(s, 7);
  const exp = Math.floor(Math.log10(s));
  return s.toFixed(Math.min(100, 6 - exp)).replace(/\.?0+$/, '');
}
const int = (n: number): string => String(Math.round(n));

/** The row label, as in the seed: `4096/4096000`. */
export const rowKey = (touch: number, mmap: number): string => `${touch}/${mmap}`;

export interface Lookup {
  /** The run of `mode` with `touch` as seen by kernel variant `kernel` (memset modes: whichever variant ran them). */
  (mode: Mode, kernel: string, touch: number): RunRecord | undefined;
}

/** Index records by mode/kernel/touch; kernel-independent modes answer for every variant. */
export function lookup(records: readonly RunRecord[]): Lookup {
  const m = new Map<string, RunRecord>();
  for (const r of records) m.set(`${r.mode}|${KERNEL_INDEPENDENT.has(r.mode) ? '*' : r.kernel}|${r.touch}`, r);
  return (mode, kernel, touch) => m.get(`${mode}|${KERNEL_INDEPENDENT.has(mode) ? '*' : kernel}|${touch}`);
}

/** Column names as the seed wrote them. */
const COLUMN: Record<Mode, string> = { memset: 'memset', refpage: 'refpages', 'memset-tag': 'memset-tag', 'refpage-tag': 'refpages-tag' };

export interface PairSpec {
  /** The baseline mode (first column) and the refpage mode (second). */
  a: Mode;
  b: Mode;
  kernel: string;
  touches: readonly number[];
  mmap: number;
}

/**
 * The seed's time table for modes a vs b under one kernel: seconds (at the
 * profile clock) with the improvement, then our cycles in two extra columns
 * on the right. Returns '' when neither mode ran.
 */
export function timeTable(get: Lookup, s: PairSpec): string {
  const rows: string[][] = [];
  for (const t of s.touches) {
    const ra = get(s.a, s.kernel, t);
    const rb = get(s.b, s.kernel, t);
    if (!ra && !rb) continue;
    rows.push([
      rowKey(t, s.mmap),
      ra ? fmtSeconds(ra.seconds) : '-',
      rb ? fmtSeconds(rb.seconds) : '-',
      ra && rb ? improvement(ra.cycles, rb.cycles) : '-',
      ra ? int(ra.cycles) : '-',
      rb ? int(rb.cycles) : '-',
    ]);
  }
  if (rows.length === 0) return '';
  return alignTable(['touch_size/mmap_size', COLUMN[s.a], COLUMN[s.b], 'improvement', `${COLUMN[s.a]} cycles`, `${COLUMN[s.b]} cycles`], rows);
}

/** The seed's max RSS table for modes a vs b under one kernel. */
export function rssTable(get: Lookup, s: PairSpec): string {
  const rows: string[][] = [];
  for (const t of s.touches) {
    const ra = get(s.a, s.kernel, t);
    const rb = get(s.b, s.kernel, t);
    if (!ra && !rb) continue;
    rows.push([rowKey(t, s.mmap), ra ? int(ra.maxRssKiB) : '-', rb ? int(rb.maxRssKiB) : '-', ra && rb ? improvement(ra.maxRssKiB, rb.maxRssKiB) : '-']);
  }
  if (rows.length === 0) return '';
  return alignTable(['touch_size/mmap_size', COLUMN[s.a], COLUMN[s.b], 'improvement'], rows);
}

// ------------------------------------------------------------------ the seed

/**
 * The seed's measurements (refpage v5 commit message: DragonBoard 845c,
 * powersave governor, median of 10 runs, mmap_size 4096000, 1000
 * iterations), by touch size.
 */
export const SEED = {
  mmap: 4096000,
  iterations: 1000,
  cpu: 'sd845-big',
  freqMHz: 825.6,
  rows: [
    { touch: 4096, time: { memset: 3.962194, refpage: 0.026726 }, rss: { memset: 6656, refpage: 3448 } },
    { touch: 2048000, time: { memset: 3.925309, refpage: 1.48081 }, rss: { memset: 6696, refpage: 4580 } },
    { touch: 4096000, time: { memset: 3.986275, refpage: 3.385003 }, rss: { memset: 6716, refpage: 6684 } },
  ],
} as const;

/**
 * The seed's figures beside ours (refpage-v5 kernel), with the relative
 * error per cell, for the rows we ran. Three tables: time, max RSS, and max
 * RSS above the memset baseline (max RSS minus the mapping, taken from the
 * memset row), which separates what the mapping costs from what the
 * program itself occupies.
 */
export function seedTables(get: Lookup): string {
  const timeRows: string[][] = [];
  const rssRows: string[][] = [];
  const growthRows: string[][] = [];
  const mapKiB = SEED.mmap / 1024;
  for (const row of SEED.rows) {
    const m = get('memset', 'refpage-v5', row.touch);
    const r = get('refpage', 'refpage-v5', row.touch);
    if (!m && !r) continue;
    const key = rowKey(row.touch, SEED.mmap);
    timeRows.push([
      key,
      fmtSeconds(row.time.memset), m ? fmtSeconds(m.seconds) : '-', m ? relError(m.seconds, row.time.memset) : '-',
      fmtSeconds(row.time.refpage), r ? fmtSeconds(r.seconds) : '-', r ? relError(r.seconds, row.time.refpage) : '-',
    ]);
    rssRows.push([
      key,
      int(row.rss.memset), m ? int(m.maxRssKiB) : '-', m ? relError(m.maxRssKiB, row.rss.memset) : '-',
      int(row.rss.refpage), r ? int(r.maxRssKiB) : '-', r ? relError(r.maxRssKiB, row.rss.refpage) : '-',
    ]);
    if (m && r) {
      const seedBase = row.rss.memset - mapKiB;
      const ourBase = m.maxRssKiB - mapKiB;
      growthRows.push([key, int(seedBase), int(ourBase), int(row.rss.refpage - seedBase), int(r.maxRssKiB - ourBase)]);
    }
  }
  if (timeRows.length === 0) return '';
  const head = ['touch_size/mmap_size', 'seed memset', 'mtemu memset', 'error', 'seed refpages', 'mtemu refpages', 'error'];
  let out = `real time (s):\n\n${alignTable(head, timeRows)}\nmax RSS (KiB):\n\n${alignTable(head, rssRows)}`;
  if (growthRows.length) {
    out +=
      `\nmax RSS above the baseline (KiB), baseline = memset max RSS - ${mapKiB} KiB mapping:\n\n` +
      alignTable(['touch_size/mmap_size', 'seed baseline', 'mtemu baseline', 'seed refpages', 'mtemu refpages'], growthRows);
  }
  return out;
}

// ------------------------------------------------------------------ breakdown

const FAULT_ORDER = ['zero-map', 'refpage-map', 'anon-alloc', 'refpage-fill', 'cow-zero', 'cow-refpage', 'cow-copy', 'cow-reuse', 'shared-alloc', 'spurious', 'segv', 'tag-sync', 'tag-async', 'bus'];

/** The run's label in the breakdown: mode, kernel (or `any`), touch. */
function runCells(r: RunRecord): string[] {
  return [r.mode, r.kernelIndependent ? 'any' : r.kernel, String(r.touch)];
}

const counter = (r: RunRecord, name: string): string => (name in r.counters ? int(r.counters[name]!) : '-');

/**
 * Where each run's time went: user vs kernel cycles, instructions,
 * syscalls, page faults by kind (only kinds that occurred in some run),
 * then the memory hierarchy: cache misses per level, DRAM line transfers,
 * TLB misses and walks, and the TLB invalidations the kernel issued.
 */
export function breakdown(records: readonly RunRecord[]): string {
  const kinds = FAULT_ORDER.filter((k) => records.some((r) => (r.faults[k] ?? 0) !== 0));
  for (const r of records) for (const k of Object.keys(r.faults)) if (!FAULT_ORDER.includes(k) && r.faults[k] && !kinds.includes(k)) kinds.push(k);
  const pct = (a: number, b: number): string => (b > 0 ? `${((a / b) * 100).toFixed(1)}%` : '-');
  const t1 = alignTable(
    ['mode', 'kernel', 'touch', 'cycles', 'user', 'kernel', 'kernel %', 'instructions', 'syscalls', ...kinds.map((k) => `faults:${k}`)],
    records.map((r) => {
      const user = r.counters.userCycles ?? 0;
      const kern = r.counters.kernelCycles ?? 0;
      return [...runCells(r), int(r.cycles), int(user), int(kern), pct(kern, r.cycles), int(r.instructions), int(r.syscalls), ...kinds.map((k) => int(r.faults[k] ?? 0))];
    }),
  );
  const t2 = alignTable(
    ['mode', 'kernel', 'touch', 'L1D miss', 'L2 miss', 'L3 miss', 'DRAM rd', 'DRAM wr', 'DTLB miss', 'L2TLB miss', 'walks', 'TLBI page', 'TLBI asid'],
    records.map((r) => [
      ...runCells(r),
      counter(r, 'mem.l1d.misses'), counter(r, 'mem.l2.misses'), counter(r, 'mem.l3.misses'),
      counter(r, 'mem.dram.reads'), counter(r, 'mem.dram.writes'),
      counter(r, 'dtlbMisses'), counter(r, 'l2tlbMisses'), counter(r, 'tlbWalks'),
      int(r.tlbi.page), int(r.tlbi.asid),
    ]),
  );
  return `${t1}\n${t2}`;
}
