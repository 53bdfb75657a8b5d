// RSS accounting (kernel/vm.ts installPte/zapRange, kernel/fault.ts): what
// the guest sees through getrusage (ru_maxrss in KiB, ru_minflt) and what
// the kernel's mm counters say, for programs/refpage/rss.s:
//   refpage mapping   reads cost nothing (special PTEs to the reference
//                     page), each written page costs one — refpage-v5;
//                     fill-on-fault fills on reads too, so reads cost one
//   anonymous+memset  every page of the mapping costs one, touched or not
//   anonymous         reads map the zero page (free), writes and
//                     read-then-write (CoW of the zero page) cost one
// mm/memory.c do_anonymous_page, do_wp_page; the seed's benchmark table.

import { describe, expect, it } from 'vitest';
import { VARIANTS, outcome, prog, runAsm, runProgram, snapsOf, type RunResult } from './helpers.ts';

interface Point { maxrss: number; minflt: number; anon: number }

/** The three report points of rss.s: "before", "mapped", "touched", each with the kernel's anon counter then. */
function points(r: RunResult): Point[] {
  const out = r.stdout.trimEnd().split('\n').map((l) => l.split(' '));
  const rus = snapsOf(r, 'getrusage');
  expect(rus).toHaveLength(3);
  return [0, 1, 2].map((i) => ({
    maxrss: parseInt(out[2 * i]![1]!, 16),
    minflt: parseInt(out[2 * i + 1]![1]!, 16),
    anon: rus[i]!.anon,
  }));
}

function rss(mode: 'r' | 'a' | 'z', n: number, k: number, op: 'r' | 'w' | 'x', variant: (typeof VARIANTS)[number]) {
  const r = runProgram('rss.s', { argv: [mode, String(n), String(k), op], variant });
  expect(outcome(r.exit), r.stdout).toBe('exit 0');
  const [before, mapped, touched] = points(r);
  return {
    r,
    /** Pages that setting up the mapping made resident. */
    setup: (mapped!.maxrss - before!.maxrss) / 4,
    setupAnon: mapped!.anon - before!.anon,
    /** Pages that the touches made resident (by ru_maxrss and by the mm counter). */
    touch: (touched!.maxrss - mapped!.maxrss) / 4,
    touchAnon: touched!.anon - mapped!.anon,
    faults: touched!.minflt - mapped!.minflt,
  };
}

const N = 16;

describe('RSS of a refpage mapping vs anonymous memory (rss.s)', () => {
  for (const variant of VARIANTS) {
    const fof = variant === 'fill-on-fault';
    for (const k of [0, 1, 5, N]) {
      it(`${variant}: touching ${k} of ${N} pages`, () => {
        // refpage: reads free under refpage-v5, writes one page each
        const rr = rss('r', N, k, 'r', variant);
        expect([rr.setup, rr.setupAnon]).toEqual([0, 0]);
        expect([rr.touch, rr.touchAnon, rr.faults]).toEqual(fof ? [k, k, k] : [0, 0, k]);
        expect(rr.r.faults['refpage-map']).toBe(fof ? 0 : k);
        expect(rr.r.faults['refpage-fill']).toBe(fof ? k : 0);
        const rw = rss('r', N, k, 'w', variant);
        expect([rw.touch, rw.touchAnon, rw.faults]).toEqual([k, k, k]);
        expect(rw.r.faults['refpage-fill']).toBe(k);
        const rx = rss('r', N, k, 'x', variant);
        expect([rx.touch, rx.touchAnon]).toEqual([k, k]);
        // read-then-write: the write copies the reference page (do_wp_page -> wp_page_copy)
        expect(rx.faults).toBe(fof ? k : 2 * k);
        expect(rx.r.faults['cow-refpage']).toBe(fof ? 0 : k);
        // anonymous + memset: all N pages, at set-up; touching adds nothing
        const a = rss('a', N, k, 'w', variant);
        expect([a.setup, a.setupAnon]).toEqual([N, N]);
        expect([a.touch, a.touchAnon, a.faults]).toEqual([0, 0, 0]);
      });
    }

    it(`${variant}: the zero page: reads are free, writes and read-then-write (CoW of the zero page) cost one page each`, () => {
      const zr = rss('z', N, 5, 'r', variant);
      expect([zr.touch, zr.touchAnon, zr.faults]).toEqual([0, 0, 5]);
      expect(zr.r.faults['zero-map']).toBe(5);
      const zw = rss('z', N, 5, 'w', variant);
      expect([zw.touch, zw.touchAnon, zw.faults]).toEqual([5, 5, 5]);
      expect(zw.r.faults['anon-alloc']).toBeGreaterThanOrEqual(5);
      const zx = rss('z', N, 5, 'x', variant);
      expect([zx.touch, zx.touchAnon, zx.faults]).toEqual([5, 5, 10]);
      expect(zx.r.faults['cow-zero']).toBe(5);
    });
  }

  it('the baseline is the program image (file pages) plus the first stack page', () => {
    const { r } = rss('r', N, 0, 'r', 'refpage-v5');
    const [before] = points(r);
    const first = r.snaps[0]!;
    expect(first.rss - first.anon).toBe(2); // .text and .data/.bss pages: MM_FILEPAGES
    expect(first.anon).toBe(1); // the stack page exec wrote argv into
    expect(before!.maxrss).toBe(4 * first.rss);
  });
});

describe('ru_maxrss is a high-water mark', () => {
  const body = `
	adrp x19, pat
	add x19, x19, :lo12:pat
	SC 448, x19, #1, #0
	mov x20, x0
	mov x21, #(8 * 4096)
	SC 222, xzr, x21, #3, #2, x20, #0
	mov x22, x0
	mov x23, #0
	mov w24, #1
1:	strb w24, [x22, x23]		// write all 8 pages
	add x23, x23, #4096
	cmp x23, x21
	b.lo 1b
	adrp x25, ru
	add x25, x25, :lo12:ru
	SC 165, #0, x25			// getrusage: 8 pages more
	SC 215, x22, x21		// munmap: RSS drops, the high-water mark stays
	SC 165, #0, x25
	ldr x26, [x25, #32]
	SC 220, #17			// fork: the child starts with the parent's RSS
	cbnz x0, 2f
	SC 172
	EXIT 0
2:	mov x27, x0
	SC 260, x27, xzr, #0, #0
	SC 165, #-1, x25		// RUSAGE_CHILDREN
	ldr x0, [x25, #32]
	SC 93, x0			// exit(children's maxrss / 4 KiB... in the low byte)
`;
  it('munmap keeps ru_maxrss; the mm counter drops; RUSAGE_CHILDREN reports the reaped child', () => {
    const r = runAsm(prog(body, 'pat: .byte 0xa5\n\t.balign 16\nru: .skip 144\n'));
    const rus = snapsOf(r, 'getrusage');
    const [beforeMunmap, afterMunmap] = rus;
    expect(afterMunmap!.anon).toBe(beforeMunmap!.anon - 8);
    expect(afterMunmap!.hiwater).toBe(beforeMunmap!.rss);
    // the child's first syscall (getpid): same RSS as the parent after munmap
    const child = snapsOf(r, 'getpid')[0]!;
    expect(child.pid).not.toBe(beforeMunmap!.pid);
    expect(child.rss).toBe(afterMunmap!.rss);
    // RUSAGE_CHILDREN: the child's max RSS in KiB (exit status keeps its low 8 bits)
    expect(r.exit.exitCode).toBe((4 * child.rss) & 0xff);
  });

  it('fork: pages written before the fork count in both processes; read-mapped reference pages in neither', () => {
    const r = runAsm(prog(`
	adrp x19, pat
	add x19, x19, :lo12:pat
	SC 448, x19, #1, #0
	mov x20, x0
	mov x21, #(4 * 4096)
	SC 222, xzr, x21, #3, #2, x20, #0
	mov x22, x0
	mov w24, #1
	strb w24, [x22]			// p0 written
	add x23, x22, #4096
	ldrb w24, [x23]			// p1 read: reference page
	SC 172				// marker (parent)
	SC 220, #17
	cbnz x0, 2f
	SC 172				// child, before touching anything
	ldrb w24, [x22]			// shared CoW page: no new RSS
	ldrb w24, [x23]
	SC 172
	mov w24, #2
	strb w24, [x22]			// CoW copy: +1 in the child, the parent's stays
	SC 172
	EXIT 0
2:	mov x27, x0
	SC 260, x27, xzr, #0, #0
	SC 172
	EXIT 0`, 'pat: .byte 0xa5\n'));
    expect(outcome(r.exit)).toBe('exit 0');
    const g = snapsOf(r, 'getpid');
    const parent = g[0]!;
    const [c0, c1, c2] = g.slice(1, 4);
    expect(c0!.pid).not.toBe(parent.pid);
    expect(c0!.anon).toBe(parent.anon);
    expect(c1!.anon).toBe(c0!.anon);
    expect(c2!.anon).toBe(c0!.anon);
    expect(r.faults['cow-copy'] + r.faults['cow-reuse']).toBeGreaterThanOrEqual(1);
    expect(g[4]!.anon).toBe(parent.anon);
  });
});
