// `mtemu compare` at small sizes (100-page mapping, a few iterations).
// The expectations are computed here from the benchmark's documented
// behaviour, not by the code under test:
//   - max RSS: memset = its baseline (the same mode with 0 iterations, so
//     nothing mapped) + every page of the mapping; refpage = its baseline +
//     the pages written (refpage-v5) or written or read (fill-on-fault: the
//     self-check's reads fill pages too); a read-only touch under
//     refpage-v5 adds nothing (test/cli/fixtures/compare-read.s);
//   - cycles grow with the touch size for the refpage modes and stay flat
//     (within 2%) for the memset modes;
//   - fill-on-fault never maps the reference page;
//   - --json validates against schemas/compare.schema.json (and a broken
//     document does not), --csv has one row per run, --svg is well-formed
//     XML with one polyline per series and panel;
//   - two runs (threads vs in-process) give identical JSON.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSeedConfig, parseCompareOptions, planJobs, report, runCompare, type CompareResult } from '../../cli/compare.ts';
import { KERNEL_INDEPENDENT, type Mode, type RunRecord } from '../../cli/compare/job.ts';
import { toCsv, toJson } from '../../cli/compare/json.ts';
import { SchemaError, validate, type Schema } from '../../cli/compare/jsonschema.ts';
import { renderSvg, seriesOf } from '../../cli/compare/svg.ts';
import { SEED, fmtG, fmtSeconds, improvement } from '../../cli/compare/table.ts';
import type { Io } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/cli/fixtures');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas/compare.schema.json'), 'utf8')) as Schema;
const dir = mkdtempSync(join(tmpdir(), 'mtemu-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAGE = 4096;
const MMAP = 409600; // 100 pages
const PAGES = MMAP / PAGE;
const TOUCHES = [0, 4096, 204800, 409600];
const ITER = 4;

function capture(): Io & { out_: string; err_: string } {
  const io = { out_: '', err_: '', out: (t: string) => void (io.out_ += t), err: (t: string) => void (io.err_ += t) };
  return io;
}

const opts = (o: Record<string, string>) => parseCompareOptions(o);
const pagesUp = (bytes: number) => Math.ceil(bytes / PAGE);

let run: CompareResult;
let base: CompareResult;
let readRun: CompareResult;

beforeAll(async () => {
  run = await runCompare(opts({ mmap: String(MMAP), touch: TOUCHES.join(','), iterations: String(ITER) }), capture(), { inProcess: true });
  // 0 iterations: start-up, the one-time setup and the exit, nothing mapped
  base = await runCompare(opts({ mmap: String(MMAP), touch: '0', iterations: '0' }), capture(), { inProcess: true });
  readRun = await runCompare(
    opts({ bench: join(FIXTURES, 'compare-read.s'), modes: 'refpage', mmap: String(MMAP), touch: TOUCHES.join(','), iterations: String(ITER) }),
    capture(),
    { inProcess: true },
  );
}, 300_000);

function get(r: CompareResult, mode: Mode, kernel: string, touch: number): RunRecord {
  const rec = r.records.find((x) => x.mode === mode && x.touch === touch && (KERNEL_INDEPENDENT.has(mode) || x.kernel === kernel));
  if (!rec) throw new Error(`no run ${mode}/${kernel}/${touch}`);
  return rec;
}

/**
 * Pages the benchmark's self-check reads in the last iteration (its
 * documented sample offsets: 0, 1, 4095, 4096, the middle page and a byte
 * in it, the first page past touch_size and a byte in it, the last byte).
 */
function checkedPages(mmap: number, touch: number): Set<number> {
  const mid = Math.floor(mmap / 2);
  const skipped = Math.ceil(touch / PAGE) * PAGE;
  const offs = [0, 1, 4095, 4096, mid - (mid % PAGE), mid + 7, skipped, skipped + 100, mmap - 1];
  return new Set(offs.filter((o) => o < mmap).map((o) => Math.floor(o / PAGE)));
}

describe('the runs', () => {
  it('plans every mode x kernel x touch, the memset modes once', () => {
    const kinds = run.records.map((r) => `${r.mode}/${r.kernelIndependent ? 'any' : r.kernel}/${r.touch}`);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(run.records.length).toBe(2 * TOUCHES.length + 2 * 2 * TOUCHES.length);
    for (const r of run.records) {
      expect(r.kernelIndependent).toBe(r.mode === 'memset' || r.mode === 'memset-tag');
      expect(r.iterations).toBe(ITER);
      expect(r.mmap).toBe(MMAP);
      expect(r.seconds).toBeCloseTo(r.cycles / (r.freqMHz * 1e6), 12);
      expect(r.freqMHz).toBe(825.6);
    }
  });

  it("agrees with the benchmark's own getrusage ru_maxrss", () => {
    for (const [i, r] of run.records.entries()) {
      const m = /maxrss_kib=(\d+)/.exec(run.stdout[i]!);
      expect(m, run.stdout[i]).not.toBeNull();
      expect(Number(m![1])).toBe(r.maxRssKiB);
    }
  });

  it('memset max RSS = baseline + every page of the mapping', () => {
    for (const mode of ['memset', 'memset-tag'] as const) {
      const b = get(base, mode, 'refpage-v5', 0).maxRssKiB;
      for (const t of TOUCHES) expect(get(run, mode, 'refpage-v5', t).maxRssKiB, `${mode} ${t}`).toBe(b + PAGES * 4);
    }
  });

  it('refpage max RSS = baseline + the pages written (refpage-v5), + the pages read as well (fill-on-fault)', () => {
    for (const mode of ['refpage', 'refpage-tag'] as const) {
      for (const kernel of ['refpage-v5', 'fill-on-fault']) {
        const b = get(base, mode, kernel, 0).maxRssKiB;
        for (const t of TOUCHES) {
          const written = pagesUp(t);
          let pages = written;
          if (kernel === 'fill-on-fault') for (const p of checkedPages(MMAP, t)) if (p >= written) pages++;
          expect(get(run, mode, kernel, t).maxRssKiB, `${mode} ${kernel} ${t}`).toBe(b + pages * 4);
        }
      }
    }
  });

  it('a read-only touch of a refpage mapping adds no RSS under refpage-v5, a page per read under fill-on-fault', () => {
    const r0 = get(readRun, 'refpage', 'refpage-v5', 0).maxRssKiB;
    const f0 = get(readRun, 'refpage', 'fill-on-fault', 0).maxRssKiB;
    expect(r0).toBe(f0);
    for (const t of TOUCHES) {
      const v5 = get(readRun, 'refpage', 'refpage-v5', t);
      const fof = get(readRun, 'refpage', 'fill-on-fault', t);
      expect(v5.maxRssKiB).toBe(r0);
      expect(v5.faults['refpage-map']).toBe(pagesUp(t) * ITER);
      expect(v5.faults['refpage-fill']).toBe(0);
      expect(fof.maxRssKiB).toBe(f0 + pagesUp(t) * 4);
      expect(fof.faults['refpage-fill']).toBe(pagesUp(t) * ITER);
    }
  });

  it('fill-on-fault never maps the reference page', () => {
    const all = [...run.records, ...readRun.records].filter((r) => r.kernel === 'fill-on-fault' && !r.kernelIndependent);
    expect(all.length).toBe(3 * TOUCHES.length);
    for (const r of all) expect(r.faults['refpage-map'], `${r.mode} ${r.touch}`).toBe(0);
  });

  it('write faults fill one page per touched page per iteration', () => {
    for (const kernel of ['refpage-v5', 'fill-on-fault']) {
      for (const t of TOUCHES) {
        const r = get(run, 'refpage', kernel, t);
        // the last iteration's self-check reads add fills under fill-on-fault only
        const extra = kernel === 'fill-on-fault' ? [...checkedPages(MMAP, t)].filter((p) => p >= pagesUp(t)).length : 0;
        expect(r.faults['refpage-fill']).toBe(pagesUp(t) * ITER + extra);
        expect(r.faults['refpage-map']).toBe(kernel === 'refpage-v5' ? [...checkedPages(MMAP, t)].filter((p) => p >= pagesUp(t)).length : 0);
      }
    }
  });

  it('cycles grow with the touch size for refpage and stay flat (within 2%) for memset', () => {
    for (const mode of ['refpage', 'refpage-tag'] as const) {
      for (const kernel of ['refpage-v5', 'fill-on-fault']) {
        const c = TOUCHES.map((t) => get(run, mode, kernel, t).cycles);
        for (let i = 1; i < c.length; i++) expect(c[i]!, `${mode} ${kernel} ${TOUCHES[i]}`).toBeGreaterThan(c[i - 1]!);
      }
    }
    for (const mode of ['memset', 'memset-tag'] as const) {
      const c = TOUCHES.map((t) => get(run, mode, 'refpage-v5', t).cycles);
      expect((Math.max(...c) - Math.min(...c)) / Math.min(...c), mode).toBeLessThan(0.02);
    }
  });

  it('counts user and kernel cycles that add up, and the TLBIs of munmap', () => {
    for (const r of run.records) {
      expect(r.counters.userCycles! + r.counters.kernelCycles!).toBeCloseTo(r.counters.cycles!, 3);
      expect(Math.round(r.counters.cycles!)).toBe(r.cycles);
      expect(r.instructions).toBeGreaterThan(0);
    }
    // memset: 100 pages < MAX_TLBI_OPS (512), so munmap invalidates page by page
    expect(get(run, 'memset', 'refpage-v5', 0).tlbi.page).toBeGreaterThanOrEqual(PAGES * ITER);
  });
});

describe('steady-state extrapolation (the default above 2S iterations)', () => {
  it('agrees with simulating every iteration, within 0.05% on cycles (S = 4 here; 0.002% at the default S = 16) and exactly on faults and max RSS', async () => {
    const o = { mmap: '204800', touch: '4096,102400,204800', iterations: '40', modes: 'memset,refpage,refpage-tag', kernel: 'refpage-v5', sample: '4' };
    const x = await runCompare(opts(o), capture(), { inProcess: true });
    const exact = await runCompare(opts({ ...o, exact: true } as unknown as Record<string, string>), capture(), { inProcess: true });
    expect(x.records.length).toBe(exact.records.length);
    x.records.forEach((r, i) => {
      const e = exact.records[i]!;
      expect(r.simulated).toEqual([4, 8]);
      expect(e.simulated).toBeUndefined();
      expect(Math.abs(r.cycles / e.cycles - 1), `${r.mode} ${r.touch}`).toBeLessThan(5e-4);
      expect(r.maxRssKiB).toBe(e.maxRssKiB);
      expect(r.faults).toEqual(e.faults);
      expect(r.tlbi).toEqual(e.tlbi);
      // the benchmark's self-check runs once, in the last iteration: instructions agree to a few
      expect(Math.abs(r.instructions - e.instructions)).toBeLessThan(100);
    });
    expect(x.text).toMatch(/4 and 8 iterations simulated in full/);
  }, 300_000);
});

describe('the report', () => {
  it("prints the seed's tables for each kernel, right-aligned, with 'none' where refpages is not smaller", () => {
    const text = run.text;
    for (const k of ['refpage-v5', 'fill-on-fault']) {
      expect(text).toContain(`${k}: results for real time (s) at 825.6 MHz, and cycles:`);
      expect(text).toContain(`${k}: max RSS (KiB):`);
      expect(text).toContain(`${k} (MTE): max RSS (KiB):`);
    }
    // every table: lines of one width (right-aligned columns), header first
    const blocks = text.split('\n\n').filter((b) => b.startsWith('touch_size/mmap_size'));
    expect(blocks.length).toBe(8);
    for (const b of blocks) {
      const lines = b.trimEnd().split('\n');
      expect(lines.length).toBe(TOUCHES.length + 1);
      expect(new Set(lines.map((l) => l.length)).size).toBe(1);
      expect(lines[0]).toMatch(/^touch_size\/mmap_size +(memset|memset-tag) +(refpages|refpages-tag) +improvement/);
    }
    // the full-touch RSS row: refpage occupies the whole mapping too
    const full = get(run, 'refpage', 'refpage-v5', MMAP).maxRssKiB;
    const memsetRss = get(run, 'memset', 'refpage-v5', MMAP).maxRssKiB;
    expect(full).toBe(memsetRss);
    expect(text).toMatch(new RegExp(`\\n +${MMAP}/${MMAP} +${memsetRss} +${full} +none\\n`));
    // the 4096 row: the improvement is (memset - refpages) / memset, 6 significant digits
    const m = get(run, 'memset', 'refpage-v5', 4096);
    const r = get(run, 'refpage', 'refpage-v5', 4096);
    const pct = Number((((m.maxRssKiB - r.maxRssKiB) / m.maxRssKiB) * 100).toPrecision(6));
    expect(text).toMatch(new RegExp(`\\n +4096/${MMAP} +${m.maxRssKiB} +${r.maxRssKiB} +${String(pct).replace('.', '\\.')}%\\n`));
    expect(text).toContain("the seed's \"95% CI\" column is omitted on purpose");
    expect(text).not.toContain("the seed's measurements beside ours");
    expect(text).toContain('== breakdown per run ==');
  });

  it("sets the seed's numbers beside ours for the default configuration only", () => {
    const dflt = opts({});
    expect(isSeedConfig(dflt)).toBe(true);
    expect(isSeedConfig(opts({ iterations: '5' }))).toBe(false);
    expect(isSeedConfig(opts({ freq: '2803.2' }))).toBe(false);
    expect(isSeedConfig(opts({ kernel: 'fill-on-fault' }))).toBe(false);
    // synthetic runs 10% slower than the seed, with the seed's RSS
    const records = planJobs(dflt).map((j) => {
      const row = SEED.rows.find((x) => x.touch === j.touch)!;
      const key = j.mode === 'memset' || j.mode === 'memset-tag' ? 'memset' : 'refpage';
      const seconds = row.time[key] * 1.1;
      return {
        mode: j.mode, kernel: j.kernel, kernelIndependent: KERNEL_INDEPENDENT.has(j.mode), cpu: j.cpu, freqMHz: 825.6, timing: j.timing, set: {},
        mmap: j.mmap, touch: j.touch, iterations: j.iterations, cycles: Math.round(seconds * 825.6e6), seconds, instructions: 1,
        maxRssKiB: row.rss[key], syscalls: 0, tlbi: { page: 0, asid: 0 }, faults: {}, counters: { cycles: 0, userCycles: 0, kernelCycles: 0, instructions: 0 },
      } satisfies RunRecord;
    });
    const text = report(dflt, records);
    expect(text).toContain("== the seed's measurements beside ours ==");
    expect(text).toMatch(/\n +4096\/4096000 +3\.962194 +4\.358413 +\+10\.0% +0\.026726 +0\.0293986 +\+10\.0%\n/);
    expect(text).toMatch(/\n +4096000\/4096000 +6716 +6716 +\+0\.00% +6684 +6684 +\+0\.00%\n/);
    // the baseline table: memset RSS minus the 4000 KiB mapping
    expect(text).toMatch(/\n +2048000\/4096000 +2696 +2696 +1884 +1884\n/);
  });

  it('formats numbers as C printf %g does', () => {
    const xs = [3.962194, 0.026726, 1.48081, 98.80151234, 61.8271, 0.5, 100, 1234567.8, 0.0001, 6.932776e-5, 12.5, 99.99995];
    const printf = (fmt: string) => execFileSync('printf', [xs.map(() => fmt).join('\\n'), ...xs.map(String)], { encoding: 'utf8' }).split('\n');
    expect(xs.map((x) => fmtG(x, 6))).toEqual(printf('%g'));
    expect(xs.map((x) => fmtG(x, 7))).toEqual(printf('%.7g'));
    expect(fmtSeconds(6.932776e-5)).toBe('0.00006932776');
    expect(improvement(6716, 6684)).toBe('0.476474%');
    expect(improvement(100, 100)).toBe('none');
    expect(improvement(100, 120)).toBe('none');
  });
});

describe('--json, --csv, --svg', () => {
  it('--json validates against schemas/compare.schema.json', () => {
    const doc = JSON.parse(toJson(run.records)) as Record<string, unknown>[];
    expect(validate(SCHEMA, doc)).toEqual([]);
    expect(doc.length).toBe(run.records.length);
    // every run carries the same counter names
    const names = doc.map((d) => Object.keys(d.counters as object).join(','));
    expect(new Set(names).size).toBe(1);
  });

  it('a broken document fails the schema', () => {
    const doc = () => JSON.parse(toJson(run.records.slice(0, 2))) as Record<string, unknown>[];
    const broken: [string, (d: Record<string, unknown>[]) => void, RegExp][] = [
      ['missing field', (d) => delete d[0]!.cycles, /\/0: missing required property 'cycles'/],
      ['bad mode', (d) => (d[1]!.mode = 'calloc'), /\/1\/mode: "calloc" is not one of/],
      ['negative count', (d) => (d[0]!.maxRssKiB = -4), /\/0\/maxRssKiB: -4 < minimum 0/],
      ['fraction', (d) => (d[0]!.faults = { 'anon-alloc': 1.5 }), /\/0\/faults\/anon-alloc: expected integer/],
      ['extra property', (d) => (d[0]!.wallSeconds = 1.2), /\/0\/wallSeconds: property not allowed/],
      ['wrong type', (d) => (d[0]!.counters = 'none'), /\/0\/counters: expected object/],
      ['zero clock', (d) => (d[0]!.freqMHz = 0), /\/0\/freqMHz: 0 <= exclusiveMinimum 0/],
      ['missing tlbi field', (d) => delete (d[0]!.tlbi as Record<string, unknown>).asid, /\/0\/tlbi: missing required property 'asid'/],
    ];
    for (const [name, breakIt, msg] of broken) {
      const d = doc();
      breakIt(d);
      const errors = validate(SCHEMA, d);
      expect(errors.join('\n'), name).toMatch(msg);
    }
    expect(validate(SCHEMA, { not: 'an array' })).toEqual(['/: expected array, got object']);
    expect(() => validate({ type: 'object', patternProperties: {} }, {})).toThrow(SchemaError);
  });

  it('--csv has a header and one row per run', () => {
    const lines = toCsv(run.records).trimEnd().split('\n');
    expect(lines.length).toBe(run.records.length + 1);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['mode', 'kernel', 'kernelIndependent', 'cpu']);
    for (const [i, line] of lines.slice(1).entries()) {
      const cells = line.split(',');
      expect(cells.length).toBe(header.length);
      const r = run.records[i]!;
      expect([cells[0], cells[1], cells[header.indexOf('touch')], cells[header.indexOf('cycles')], cells[header.indexOf('maxRssKiB')]]).toEqual([r.mode, r.kernel, String(r.touch), String(r.cycles), String(r.maxRssKiB)]);
    }
  });

  it('--svg is well-formed XML with one polyline per series in each panel', () => {
    const svg = renderSvg(run.records, { cpu: 'sd845-big', freqMHz: 825.6, timing: 'detailed', mmap: MMAP, iterations: ITER });
    checkXml(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const series = seriesOf(run.records);
    expect(series.map((s) => s.key)).toEqual(['memset', 'refpage/refpage-v5', 'refpage/fill-on-fault', 'memset-tag', 'refpage-tag/refpage-v5', 'refpage-tag/fill-on-fault']);
    const polylines = [...svg.matchAll(/<polyline [^>]*data-series="([^"]+)" data-panel="([^"]+)" points="([^"]+)"/g)];
    expect(polylines.length).toBe(series.length * 2);
    for (const s of series) {
      for (const panel of ['time', 'rss']) {
        const mine = polylines.filter((p) => p[1] === s.key && p[2] === panel);
        expect(mine.length, `${s.key} ${panel}`).toBe(1);
        // touch 0 cannot sit on a log axis: the other three points
        expect(mine[0]![3]!.split(' ').length).toBe(TOUCHES.filter((t) => t > 0).length);
      }
    }
    expect(svg).toContain('sd845-big @ 825.6 MHz');
    expect(svg).toContain('log scale');
    // deterministic
    expect(renderSvg(run.records, { cpu: 'sd845-big', freqMHz: 825.6, timing: 'detailed', mmap: MMAP, iterations: ITER })).toBe(svg);
  });
});

describe('mtemu compare (the job, on worker threads)', () => {
  it('writes --json/--csv/--svg, and gives the same JSON as an in-process run', async () => {
    const args = ['--mmap', '40960', '--touch', '4096,40960', '--iterations', '2'];
    const files = { json: join(dir, 'c.json'), csv: join(dir, 'c.csv'), svg: join(dir, 'c.svg') };
    const io = capture();
    const code = await main(['compare', ...args, '--jobs', '2', '--json', files.json, '--csv', files.csv, '--svg', files.svg], io);
    expect(io.err_).toBe('');
    expect(code).toBe(0);
    expect(io.out_).toContain('refpage-v5: max RSS (KiB):');
    const json = readFileSync(files.json, 'utf8');
    expect(validate(SCHEMA, JSON.parse(json))).toEqual([]);
    const inProc = await runCompare(opts({ mmap: '40960', touch: '4096,40960', iterations: '2' }), capture(), { inProcess: true });
    expect(toJson(inProc.records)).toBe(json);
    expect(inProc.text).toBe(io.out_);
    expect(readFileSync(files.csv, 'utf8').trimEnd().split('\n').length).toBe(JSON.parse(json).length + 1);
    checkXml(readFileSync(files.svg, 'utf8'));
  }, 120_000);

  it('reports a failing self-check clearly (status 1, the run, the guest message, no stack)', async () => {
    const io = capture();
    const code = await main(['compare', '--bench', join(FIXTURES, 'compare-fail.s'), '--modes', 'refpage', '--kernel', 'refpage-v5', '--mmap', '8192', '--touch', '4096', '--iterations', '1'], io);
    expect(code).toBe(1);
    expect(io.err_).toBe(
      'mtemu: compare: a benchmark run failed: refpage-bench 8192 4096 1 refpage [refpage on refpage-v5, touch 4096/8192] exited with status 3 (its self-check failed); ' +
        'its output: refpage-bench: check failed: byte at offset 0: got 1 expected 170\n',
    );
    expect(io.out_).toBe('');
  }, 60_000);

  it('rejects bad options with status 2', async () => {
    const bad: [string[], RegExp][] = [
      [['--mmap', '4096', '--touch', '8192'], /--touch 8192: larger than --mmap 4096/],
      [['--timing', 'none'], /needs a timing model/],
      [['--modes', 'memset,calloc'], /--modes calloc: expected one of memset, refpage, memset-tag, refpage-tag/],
      [['--kernel', 'v4'], /--kernel v4: expected one of refpage-v5, fill-on-fault/],
      [['--jobs', '0'], /--jobs 0: expected an integer >= 1/],
      [['--set', 'core.nosuch=1'], /no such parameter/],
      [['--cpu', 'a53'], /--cpu a53: expected one of/],
      [['--iterations', 'many'], /--iterations many/],
      [['extra'], /unexpected argument 'extra'/],
    ];
    for (const [args, msg] of bad) {
      const io = capture();
      expect(await main(['compare', ...args], io), args.join(' ')).toBe(2);
      expect(io.err_).toMatch(msg);
      expect(io.out_).toBe('');
    }
  });
});

/**
 * A small XML well-formedness check (no dependency): one root element,
 * balanced and properly nested tags, quoted attributes without duplicates,
 * known entities only, no stray '<' or '&' in text.
 */
function checkXml(xml: string): void {
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const entities = (t: string) => {
    if (/[<]/.test(t)) throw new Error(`stray '<' in text: ${t.slice(0, 40)}`);
    for (const m of t.matchAll(/&([^;\s]*);?/g)) if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+)$/i.test(m[1]!) || !m[0].endsWith(';')) throw new Error(`bad entity ${m[0]}`);
  };
  const text = (t: string) => {
    entities(t);
    if (stack.length === 0 && t.trim() !== '') throw new Error(`text outside the root: ${t.slice(0, 40)}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      text(xml.slice(i));
      break;
    }
    text(xml.slice(i, lt));
    const gt = xml.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('?') || tag.startsWith('!--')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
      continue;
    }
    const m = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)$/.exec(tag);
    if (!m) throw new Error(`malformed tag <${tag.slice(0, 60)}>`);
    const names = [...m[2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) throw new Error(`duplicate attribute in <${m[1]}>`);
    for (const a of m[2]!.matchAll(/="([^"]*)"/g)) entities(a[1]!);
    if (stack.length === 0) roots++;
    if (!m[3]) stack.push(m[1]!);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}
