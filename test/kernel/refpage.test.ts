// refpage_create (kernel/refpage.ts) and refpage mappings, from the guest's
// side:
// 1. equivalence: programs/refpage/equiv.s observes the same bytes and
//    tags through a refpage mapping as through anonymous memory filled by
//    memset/STG/DC GZVA, for every content kind and access sequence, on
//    both kernel variants; the anonymous run is checked against
//    qemu-aarch64 (the behaviour oracle) and the reference content against
//    a model computed here.
// 2. every error of refpage_create and of mapping its fd (errors.s);
// 3. lifetime: the reference page is freed exactly when the last fd or
//    VMA reference goes; fork duplicates references; exit releases all.

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  VARIANTS, buildProgram, cleanupTmp, elfFile, gnuBuild, haveBinutils, haveQemu, outcome, pageDigest, prog, qemuRun,
  runAsm, runElf, runProgram, snapsOf, type RunResult,
} from './helpers.ts';

afterAll(cleanupTmp);

// ---------------------------------------------------------------- 1. equivalence

/** The reference page of each equiv.s case as the target mapping shows it: bytes and the 256 granule tags. */
function modelPage(c: string): { bytes: Uint8Array; tags: number[] } {
  const bytes = new Uint8Array(4096);
  const dv = new DataView(bytes.buffer);
  const tags = new Array<number>(256).fill(0);
  const fixed = [0x0123456789abcdefn, 0xfedcba9876543210n];
  const gen = (size: number) => {
    const words: bigint[] = [];
    for (let i = 0n; i < BigInt(size / 8); i++) words.push(BigInt.asUintN(64, i * 0x9e3779b97f4a7c15n + (i << 40n) + 0x567n));
    return words;
  };
  const repeat = (words: bigint[]) => {
    for (let o = 0; o < 4096; o += 8) dv.setBigUint64(o, words[(o / 8) % words.length]!, true);
  };
  const granuleTags = (size: number, f: (g: number) => number) => {
    for (let g = 0; g < 256; g++) tags[g] = f(g % (size / 16));
  };
  switch (c) {
    case 'p': bytes.fill(0xa5); break;
    case 'q': bytes.fill(0x5c); break;
    case 't': tags.fill(7); break;
    case 'u': case 'z': break;
    case 'e': case 'f': repeat([fixed[0]!]); break;
    case 'g': repeat(fixed); tags.fill(3); break;
    case 'h': repeat(fixed); break;
    case 'w': repeat(gen(64)); granuleTags(64, (g) => (7 * g + 7) & 15); break;
    case 'k': repeat(gen(4096)); granuleTags(4096, (g) => (7 * g + 7) & 15); break;
    case 'm': repeat(gen(4096)); break;
    default: throw new Error(`no model for case ${c}`);
  }
  return { bytes, tags };
}

/** The equiv.s cases: letter, what it covers. */
const CASES: [string, string][] = [
  ['p', 'PATTERN, 1 byte 0xa5'],
  ['q', 'PATTERN from a tagged source, PROT_MTE mapping (tags cleared)'],
  ['t', 'MTE_TAGGED: 16 zero bytes with tag 7 (DC GZVA)'],
  ['u', 'MTE_TAGGED content mapped without PROT_MTE (tags invisible)'],
  ['z', '16 zero bytes with tag 0 (USER_SET, not MTE_TAGGED)'],
  ['e', 'USER_SET, 8 bytes'],
  ['f', 'USER_SET, 8 bytes from a tagged source (size < 16: no tags)'],
  ['g', 'USER_SET, 16 bytes with tag 3'],
  ['h', 'USER_SET, 16 tagged bytes mapped without PROT_MTE'],
  ['w', 'USER_SET, 64 bytes with 4 tags'],
  ['k', 'USER_SET, 4096 bytes with 256 tags'],
  ['m', 'USER_SET, 4096 bytes, untagged source, PROT_MTE mapping'],
];

const ZERO_DIGEST = pageDigest(new Uint8Array(4096), new Array<number>(256).fill(0));

/** Lines of an equiv.s run whose page MADV_DONTNEED reset (p0-p2 after "dontneed"; "munmap p2" comes after it). */
const isReset = (line: string) => /^dontneed p[012] /.test(line) || /^munmap p2 /.test(line);

function equivRun(c: string, mode: 'r' | 'a', variant: (typeof VARIANTS)[number]): RunResult {
  const r = runProgram('equiv.s', { argv: [c, mode], variant });
  expect(outcome(r.exit), `${c} ${mode} ${variant}: ${r.stdout}`).toBe('exit 0');
  return r;
}

const lines = (s: string) => s.trimEnd().split('\n');

describe('equivalence: a refpage mapping reads like memset anonymous memory', () => {
  const qemuPath = haveQemu ? elfFile(buildProgram('equiv.s'), 'equiv') : '';

  for (const [c, what] of CASES) {
    it(`${c}: ${what}`, () => {
      const ref = VARIANTS.map((v) => equivRun(c, 'r', v));
      const anon = equivRun(c, 'a', 'refpage-v5');
      // both kernel variants observe the same
      expect(ref[1]!.stdout).toBe(ref[0]!.stdout);
      const r = lines(ref[0]!.stdout);
      const a = lines(anon.stdout);
      expect(r.length).toBe(29);
      expect(a.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(r.map((l) => l.split(' ').slice(0, 2).join(' ')));
      // the reference content, as a model computes it
      const m = modelPage(c);
      const refDigest = pageDigest(m.bytes, m.tags);
      expect(r[1]).toBe(`read p1 ${refDigest}`);
      // every observation agrees, except pages MADV_DONTNEED reset: reference content vs zero
      for (let i = 0; i < r.length; i++) {
        if (isReset(r[i]!)) {
          expect(r[i]!.split(' ')[2], r[i]).toBe(refDigest);
          expect(a[i]!.split(' ')[2], a[i]).toBe(ZERO_DIGEST);
        } else {
          expect(r[i], `line ${i}`).toBe(a[i]);
        }
      }
      // the child's writes stayed in the child (CoW), the parent's in the parent
      const get = (who: string, p: number) => r.find((l) => l.startsWith(`${who} p${p} `))!.split(' ')[2];
      expect(get('child', 1)).not.toBe(get('parent', 1));
      expect(get('child', 4)).not.toBe(get('parent', 4));
      expect(get('parent', 4)).toBe(refDigest);
      expect(get('child', 2)).not.toBe(get('parent', 2));
      expect(r).toContain('status 0000000000000000');
      expect(r.filter((l) => l === 'probe fffffffffffffff4')).toHaveLength(2);
      // refpage-v5 maps the reference page on reads; fill-on-fault never does
      expect(ref[0]!.faults['refpage-map']).toBeGreaterThan(0);
      expect(ref[0]!.faults['cow-refpage']).toBeGreaterThan(0);
      expect(ref[1]!.faults['refpage-map']).toBe(0);
      expect(ref[1]!.faults['cow-refpage']).toBe(0);
      expect(ref[1]!.faults['refpage-fill']).toBeGreaterThan(ref[0]!.faults['refpage-fill']);
      // the oracle: the anonymous run under qemu-aarch64 -cpu max prints the same
      if (haveQemu) {
        const q = qemuRun(qemuPath, [c, 'a']);
        expect(q.status).toBe(0);
        expect(q.stdout).toBe(anon.stdout);
      }
    });
  }

  it('zero digest: lib.inc and the model agree on an all-zero untagged page', () => {
    expect(ZERO_DIGEST).toBe('9fa9e040e0eedf25');
  });

  it.skipIf(!haveBinutils)('equiv.s builds with GNU as + ld and prints the same under our kernel', () => {
    const elf = new Uint8Array(readFileSync(gnuBuild('equiv.s')));
    const ours = runProgram('equiv.s', { argv: ['k', 'r'] });
    const gnu = runElf(elf, { argv: ['equiv', 'k', 'r'] });
    expect(outcome(gnu.exit)).toBe('exit 0');
    expect(gnu.stdout).toBe(ours.stdout);
  });
});
if (!haveQemu) console.warn('refpage.test: qemu-aarch64 not found, the anonymous runs are not checked against it (apt-get install qemu-user)');

// ---------------------------------------------------------------- 2. errors

describe('refpage_create errors (errors.s)', () => {
  const neg = (e: number) => (2n ** 64n - BigInt(e)).toString(16);
  const EXPECT: Record<string, string> = {
    flags: neg(22), size0: neg(22), size3: neg(22), size8192: neg(22), unaligned: neg(22),
    sizehigh: '0'.padStart(16, '0'),
    unmapped: neg(14), readonly: neg(14), rodata: neg(14),
    nr447: neg(38),
    shared: neg(22), sharedro: neg(22),
    notrefpage0: neg(19), notrefpage1: neg(13), badfd: neg(9),
    close: '0'.padStart(16, '0'), closeagain: neg(9), closebad: neg(9), mapclosed: neg(9),
  };

  for (const variant of VARIANTS) {
    it(`every call gives the documented result (${variant})`, () => {
      const r = runProgram('errors.s', { variant });
      expect(outcome(r.exit)).toBe('exit 0');
      const got = Object.fromEntries(lines(r.stdout).map((l) => l.split(' ') as [string, string]));
      expect(got).toEqual(EXPECT);
      // failed calls allocate nothing: the one refpage made (and the sizehigh one) were closed
      expect(r.k.liveRefpages).toBe(0);
      expect(r.k.pages.used).toBe(r.baseUsed);
    });
  }

  it('the strace line names the call and the errno', () => {
    const r = runProgram('errors.s');
    const rc = snapsOf(r, 'refpage_create');
    expect(rc[0]!.line).toMatch(/refpage_create\(.*\) = -1 EINVAL \(errno 22\)$/);
    expect(rc.filter((s) => s.ret === -14)).toHaveLength(3);
    expect(snapsOf(r, 'syscall_447')[0]!.ret).toBe(-38);
  });

  it.skipIf(!haveQemu || !haveBinutils)('under qemu-aarch64 (no refpage_create) every refpage_create is ENOSYS', () => {
    const q = qemuRun(gnuBuild('errors.s'));
    expect(lines(q.stdout).slice(0, 10)).toEqual(
      ['flags', 'size0', 'size3', 'size8192', 'unaligned', 'sizehigh', 'unmapped', 'readonly', 'rodata', 'nr447'].map((n) => `${n} ${neg(38)}`),
    );
  });
});

// ---------------------------------------------------------------- 3. lifetime

/** A data byte for the content (writable: refpage_create pins it for write). */
const PAT = 'pat: .byte 0xa5\n';
/** x19 = &pat; x20 = refpage_create(pat, 1, 0). */
const CREATE = `
	adrp x19, pat
	add x19, x19, :lo12:pat
	SC 448, x19, #1, #0
	mov x20, x0
	tbnz x0, #63, 99f
`;
/** x21 = length (x9 pages), x22 = mmap(0, len, RW, MAP_PRIVATE, x20, 0). */
const MAP = (pages: number) => `
	mov x21, #${pages * 4096}
	SC 222, xzr, x21, #3, #2, x20, #0
	mov x22, x0
	tbnz x0, #63, 99f
`;
const FAIL = `
99:	EXIT 99
`;

function lifetime(body: string, variant: (typeof VARIANTS)[number] = 'refpage-v5'): RunResult {
  const r = runAsm(prog(CREATE + body + FAIL, PAT), { variant });
  expect(outcome(r.exit), r.stdout).toBe('exit 0');
  // exit released everything: only the zero page and the sigtramp page stay
  expect(r.k.liveRefpages).toBe(0);
  expect(r.k.pages.used).toBe(r.baseUsed);
  return r;
}

describe('refpage lifetime', () => {
  for (const variant of VARIANTS) {
    it(`close before munmap: the mapping keeps the page; munmap frees it (${variant})`, () => {
      const r = lifetime(`${MAP(2)}
	ldrb w9, [x22]			// read p0
	SC 57, x20			// close(fd)
	add x23, x22, #4096
	ldrb w10, [x23]			// still readable after close
	CHECK w10, 0xa5, 1
	mov w11, #0x11
	strb w11, [x22, #5]		// write p0 after close
	ldrb w10, [x22, #6]
	CHECK w10, 0xa5, 2
	SC 172				// getpid: a marker before the munmap
	SC 215, x22, x21		// munmap: the last reference
	EXIT 0`, variant);
      const [close] = snapsOf(r, 'close');
      const [marker] = snapsOf(r, 'getpid');
      const [munmap] = snapsOf(r, 'munmap');
      expect(close!.liveRefpages).toBe(1);
      expect(Object.values(close!.refs)).toEqual([1]);
      expect(marker!.liveRefpages).toBe(1);
      expect(munmap!.liveRefpages).toBe(0);
      // the reference page and the written page p0 go with the munmap (fill-on-fault: p1 too)
      expect(marker!.pagesUsed - munmap!.pagesUsed).toBe(variant === 'refpage-v5' ? 2 : 3);
    });

    it(`munmap before close: close frees it (${variant})`, () => {
      const r = lifetime(`${MAP(2)}
	mov w11, #0x11
	strb w11, [x22]
	SC 215, x22, x21
	SC 57, x20
	EXIT 0`, variant);
      const [create] = snapsOf(r, 'refpage_create');
      const [mmap] = snapsOf(r, 'mmap');
      const [munmap] = snapsOf(r, 'munmap');
      const [close] = snapsOf(r, 'close');
      expect(Object.values(create!.refs)).toEqual([1]);
      expect(Object.values(mmap!.refs)).toEqual([2]);
      expect(munmap!.liveRefpages).toBe(1);
      expect(close!.liveRefpages).toBe(0);
      expect(munmap!.pagesUsed - close!.pagesUsed).toBe(1);
    });
  }

  it('exit with the fd open and the range mapped releases both references', () => {
    const r = lifetime(`${MAP(4)}
	mov w11, #0x11
	add x23, x22, #4096
	strb w11, [x23]
	ldrb w10, [x22]
	EXIT 0`);
    expect(snapsOf(r, 'exit')[0]!.liveRefpages).toBe(0);
  });

  it('exit with an fd never mapped releases it', () => {
    lifetime('\tEXIT 0');
  });

  it('what stays allocated after the run: the zero page and the sigtramp page, nothing else', () => {
    const r = lifetime(`${MAP(4)}
	mov w11, #0x11
	strb w11, [x22]
	EXIT 0`);
    const held: number[] = [];
    for (let pfn = 0; pfn < r.k.pages.nframes; pfn++) if (r.k.pages.refcount[pfn]! > 0) held.push(pfn);
    expect(held).toEqual([r.k.zeroPfn, r.k.sigtrampPfn].sort((a, b) => a - b));
    // the first process stays a zombie (nobody reaps init), its address space already freed
    expect(r.proc.state).toBe('zombie');
    expect(r.proc.mm.rss).toBe(0);
  });

  it('VMA splits (mprotect, partial munmap) each hold a reference; the page goes with the last piece', () => {
    const r = lifetime(`${MAP(4)}
	add x23, x22, #4096
	ldrb w9, [x23]
	mov x24, #4096
	SC 226, x23, x24, #1		// mprotect(p1, PROT_READ): three VMAs
	SC 215, x22, x24		// munmap p0: two VMAs
	SC 57, x20			// close: the VMAs keep it
	ldrb w10, [x23]
	CHECK w10, 0xa5, 1
	SC 215, x23, x24		// munmap p1: one VMA left
	add x25, x22, #8192
	ldrb w10, [x25, #4095]
	CHECK w10, 0xa5, 2
	SC 215, x22, x21		// munmap everything: the last piece
	EXIT 0`);
    const refs = r.snaps.filter((s) => s.name !== 'exit').map((s) => `${s.name} ${Object.values(s.refs).join(',') || '-'}`);
    expect(refs).toEqual(['refpage_create 1', 'mmap 2', 'mprotect 4', 'munmap 3', 'close 2', 'munmap 1', 'munmap -']);
  });

  it('two mappings of one fd: each holds a reference', () => {
    const r = lifetime(`${MAP(1)}
	mov x23, x22
	SC 222, xzr, x21, #1, #2, x20, #0
	mov x24, x0
	SC 57, x20
	SC 215, x23, x21
	ldrb w10, [x24]
	CHECK w10, 0xa5, 1
	SC 215, x24, x21
	EXIT 0`);
    expect(r.snaps.map((s) => s.liveRefpages)).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  for (const variant of VARIANTS) {
    it(`fork duplicates the fd and VMA references; each process drops its own (${variant})`, () => {
      const r = lifetime(`${MAP(4)}
	add x24, x22, #4096
	add x25, x22, #8192
	ldrb w9, [x22]			// p0 read-mapped
	mov w11, #0x11
	strb w11, [x24]			// p1 written
	SC 220, #17			// fork
	tbnz x0, #63, 99f
	cbnz x0, 2f
	SC 57, x20			// child: close its fd
	ldrb w10, [x24]
	CHECK w10, 0x11, 3
	mov w11, #0x22
	strb w11, [x25]			// child writes p2
	ldrb w10, [x25, #1]
	CHECK w10, 0xa5, 4
	EXIT 0				// child exits with its mapping
2:	mov x23, x0
	SC 260, x23, xzr, #0, #0	// wait4
	ldrb w10, [x25]			// the child's write is not ours
	CHECK w10, 0xa5, 5
	SC 57, x20
	SC 215, x22, x21
	EXIT 0`, variant);
      const [fork] = snapsOf(r, 'clone');
      const [childClose, parentClose] = snapsOf(r, 'close');
      // wait4 blocks once (its strace line then shows the retry to come), then returns the child
      const wait = snapsOf(r, 'wait4').at(-1);
      const [munmap] = snapsOf(r, 'munmap');
      expect(Object.values(fork!.refs)).toEqual([4]);
      expect(childClose!.pid).not.toBe(parentClose!.pid);
      expect(Object.values(childClose!.refs)).toEqual([3]);
      expect(Object.values(wait!.refs)).toEqual([2]);
      expect(Object.values(parentClose!.refs)).toEqual([1]);
      expect(munmap!.liveRefpages).toBe(0);
    });
  }

  it('a refpage created after a fork is the creator\'s alone; reaped children leave no pages behind', () => {
    const r = lifetime(`
	SC 220, #17
	cbnz x0, 2f
	${CREATE.replace('99f', '98f')}
	${MAP(2).replace('99f', '98f')}
	strb w9, [x22]
	EXIT 0
98:	EXIT 98
2:	mov x23, x0
	SC 260, x23, xzr, #0, #0
	EXIT 0`);
    // the parent's refpage is closed at its exit; the child's at the child's exit (before wait4 returned)
    const wait = snapsOf(r, 'wait4').at(-1);
    expect(wait!.liveRefpages).toBe(1);
  });
});
