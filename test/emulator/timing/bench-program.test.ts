// programs/bench/refpage-bench.s: the seed's microbenchmark (refpage v5
// commit message) and its two MTE modes, at small sizes.
//   - every mode runs to exit 0 on mtemu, on both kernel variants, and
//     prints its configuration and max RSS;
//   - max RSS (getrusage ru_maxrss): memset = mapping + baseline,
//     refpage = touched pages + baseline (the seed's RSS columns), plus the
//     granule page in refpage-tag, plus — on fill-on-fault, where reads
//     allocate — the untouched pages the self-check reads;
//   - the self-check catches a wrong byte (exit 3) and a wrong tag (tag
//     check fault);
//   - the memset modes run under qemu-aarch64 -cpu max (GNU as + ld), and
//     the refpage modes fail there cleanly (no refpage_create: ENOSYS).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleOrThrow, writeElf } from '../../../isa/asm/index.ts';
import { BufferConsole } from '../../../kernel/file.ts';
import { Kernel, type KernelVariant } from '../../../kernel/kernel.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SRC = join(ROOT, 'programs', 'bench', 'refpage-bench.s');
const MODES = ['memset', 'refpage', 'memset-tag', 'refpage-tag'] as const;
type Mode = (typeof MODES)[number];
const VARIANTS: KernelVariant[] = ['refpage-v5', 'fill-on-fault'];
const PAGE = 4096;

const elf = writeElf(assembleOrThrow(readFileSync(SRC, 'utf8'), { file: SRC }));

interface Run {
  exit: string;
  stdout: string;
  stderr: string;
  maxrss: number;
}

function run(args: string[], variant: KernelVariant = 'refpage-v5', onSyscall?: (k: Kernel, line: string) => void): Run {
  const con = new BufferConsole();
  let k!: Kernel;
  k = new Kernel({ console: con, variant, maxInsns: 50_000_000, ...(onSyscall ? { strace: (l: string) => onSyscall(k, l) } : {}) });
  k.spawn(elf, ['refpage-bench', ...args]);
  const e = k.run();
  const exit = e.exitCode !== undefined ? `exit ${e.exitCode}` : e.signal !== undefined ? `signal ${e.signal}` : JSON.stringify(e);
  const m = /maxrss_kib=(\d+)/.exec(con.stdout);
  return { exit, stdout: con.stdout, stderr: con.stderr, maxrss: m ? Number(m[1]) : NaN };
}

// 64 pages mapped; the touch loop writes pages 0..24 (touch_size is not a page multiple)
const MMAP = 64 * PAGE;
const TOUCH = 24 * PAGE + 100;
const TOUCHED = Math.ceil(TOUCH / PAGE);
const ITER = 3;

/** Untouched pages the last iteration's self-check reads (the program's sample offsets). */
function sampledUntouchedPages(mmap: number, touch: number): number {
  const firstSkipped = Math.ceil(touch / PAGE) * PAGE;
  const offs = [0, 1, 4095, PAGE, Math.floor(mmap / 2 / PAGE) * PAGE, Math.floor(mmap / 2) + 7, firstSkipped, firstSkipped + 100, mmap - 1];
  const pages = new Set(offs.filter((o) => o < mmap && o >= firstSkipped).map((o) => Math.floor(o / PAGE)));
  return pages.size;
}

describe('refpage-bench on mtemu', () => {
  for (const variant of VARIANTS) {
    describe(variant, () => {
      const runs = Object.fromEntries(MODES.map((m) => [m, run([String(MMAP), String(TOUCH), String(ITER), m], variant)])) as Record<Mode, Run>;

      for (const m of MODES) {
        it(`${m}: exits 0 and reports its configuration`, () => {
          const r = runs[m];
          expect(r.stderr).toBe('');
          expect(r.exit).toBe('exit 0');
          expect(r.stdout).toMatch(new RegExp(`^refpage-bench mode=${m} mmap_size=${MMAP} touch_size=${TOUCH} iterations=${ITER} maxrss_kib=\\d+\\n$`));
        });
      }

      it('max RSS: memset = mapping + baseline, refpage = touched pages + baseline', () => {
        const baseline = runs.memset.maxrss - MMAP / 1024;
        expect(baseline).toBeGreaterThan(0);
        expect(baseline).toBeLessThanOrEqual(32); // a static program: a few pages of text, data and stack
        expect(runs['memset-tag'].maxrss).toBe(runs.memset.maxrss);
        // fill-on-fault allocates on read faults: the self-check's reads of untouched pages count
        const extra = variant === 'fill-on-fault' ? sampledUntouchedPages(MMAP, TOUCH) : 0;
        expect(runs.refpage.maxrss).toBe(baseline + ((TOUCHED + extra) * PAGE) / 1024);
        // refpage-tag maps one more page: the tagged granule given to refpage_create
        expect(runs['refpage-tag'].maxrss).toBe(baseline + ((TOUCHED + extra + 1) * PAGE) / 1024);
      });
    });
  }

  it('defaults: 1000 iterations, memset', () => {
    const r = run([String(PAGE), String(PAGE)]);
    expect(r.exit).toBe('exit 0');
    expect(r.stdout).toContain('mode=memset mmap_size=4096 touch_size=4096 iterations=1000 ');
  });

  it('touch_size 0 and the seed-like sparse touch pass too', () => {
    for (const m of MODES) {
      expect(run([String(MMAP), '0', '2', m]).exit).toBe('exit 0');
      expect(run([String(MMAP), String(PAGE), '2', m]).exit).toBe('exit 0');
    }
  });

  it('usage errors exit 1 with a message', () => {
    for (const args of [[], ['4096'], ['4096', 'x'], ['4096', '8192'], ['4096', '4096', '1', 'bogus'], ['0', '0']]) {
      const r = run(args);
      expect(r.exit, args.join(' ')).toBe('exit 1');
      expect(r.stderr).toMatch(/^usage: refpage-bench/);
    }
  });

  it('the self-check catches a wrong byte (exit 3)', () => {
    // corrupt the reference page right after refpage_create: the untouched
    // page in the middle of the mapping reads it
    const off = (Math.floor(MMAP / 2) + 7) % PAGE;
    const r = run([String(MMAP), String(TOUCH), '1', 'refpage'], 'refpage-v5', (k, line) => {
      if (!/refpage_create\(/.test(line)) return;
      for (const [, f] of k['refpages']) k.machine.mem.write8(f.refpage!.pfn * PAGE + off, 0x55);
    });
    expect(r.exit).toBe('exit 3');
    expect(r.stderr).toBe(`refpage-bench: check failed: byte at offset ${Math.floor(MMAP / 2) + 7}: got 85 expected 170\n`);
  });

  it('the self-check catches a wrong tag (synchronous tag check fault)', () => {
    const r = run([String(MMAP), String(TOUCH), '1', 'refpage-tag'], 'refpage-v5', (k, line) => {
      if (!/refpage_create\(/.test(line)) return;
      for (const [, f] of k['refpages']) k.machine.mem.setTag(f.refpage!.pfn * PAGE, 3); // granule 0: the sampled middle page reads it
    });
    expect(r.exit).toBe('signal 11');
  });
});

// ---------------------------------------------------------------- the qemu oracle

const has = (cmd: string) => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const QEMU = 'qemu-aarch64';
const haveTools = has(QEMU) && has('aarch64-linux-gnu-as') && has('aarch64-linux-gnu-ld');
if (!haveTools) console.warn('bench-program.test: qemu part skipped: needs qemu-aarch64, aarch64-linux-gnu-as and aarch64-linux-gnu-ld');

let dir: string | null = null;
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!haveTools)('refpage-bench under qemu-aarch64 -cpu max (GNU as + ld)', () => {
  const exe = (() => {
    if (!haveTools) return '';
    dir = mkdtempSync(join(tmpdir(), 'mtemu-bench-'));
    const obj = join(dir, 'refpage-bench.o');
    const out = join(dir, 'refpage-bench');
    const as = spawnSync('aarch64-linux-gnu-as', ['-march=armv8.5-a+memtag', SRC, '-o', obj], { encoding: 'utf8' });
    if (as.status !== 0) throw new Error(as.stderr);
    const ld = spawnSync('aarch64-linux-gnu-ld', ['-static', obj, '-o', out], { encoding: 'utf8' });
    if (ld.status !== 0) throw new Error(ld.stderr);
    return out;
  })();
  const qemu = (args: string[]) => spawnSync(QEMU, ['-cpu', 'max', exe, ...args], { encoding: 'utf8' });

  for (const m of ['memset', 'memset-tag'] as const) {
    it(`${m} passes its self-check`, () => {
      const r = qemu([String(MMAP), String(TOUCH), String(ITER), m]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^refpage-bench mode=${m} mmap_size=${MMAP} touch_size=${TOUCH} iterations=${ITER} maxrss_kib=\\d+\\n$`));
    });
  }

  for (const m of ['refpage', 'refpage-tag'] as const) {
    it(`${m} fails cleanly: qemu has no refpage_create`, () => {
      const r = qemu([String(MMAP), String(TOUCH), String(ITER), m]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('refpage-bench: refpage_create failed (no reference pages in this kernel?): errno 38\n');
    });
  }

  it('same output as mtemu for the memset modes (apart from max RSS)', () => {
    for (const m of ['memset', 'memset-tag'] as const) {
      const q = qemu([String(MMAP), String(TOUCH), '2', m]);
      const e = run([String(MMAP), String(TOUCH), '2', m]);
      expect(q.stdout.replace(/maxrss_kib=\d+/, '')).toBe(e.stdout.replace(/maxrss_kib=\d+/, ''));
    }
  });
});
