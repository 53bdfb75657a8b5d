// MTE instruction semantics (emulator/semantics/mte.ts). The tag
// arithmetic is checked against a reference model written here from
// MTE.md §2.4-2.5 (ChooseNonExcludedTag, the RGSR_EL1 LFSR), never by
// calling the code under test, plus a hand-computed IRG sequence. The
// memory forms run on a machine with the MMU on and Normal-Tagged pages.
// Then the programs in programs/isa/mte, bare and under qemu-aarch64.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeIsaPrograms } from '../helpers/isa-programs.ts';
import { step } from '../helpers/step.ts';
import type { Machine } from '../../emulator/machine.ts';
import { RRND_SEED } from '../../emulator/semantics/mte.ts';
import { MIXED, TAGGED, TAGGED_RO, UNMAPPED, UNTAGGED, mteMachine, run1, tagged } from './mte-machine.ts';

const M64 = (1n << 64n) - 1n;
const RUNS = 100_000;
const SP = 31;

// ---------------------------------------------------------------- reference model (MTE.md §2.4)

/** ChooseNonExcludedTag: all excluded -> 0; offset 0 -> first non-excluded from start; else step offset times. */
function refChoose(start: number, offset: number, exclude: number): number {
  exclude &= 0xffff;
  if (exclude === 0xffff) return 0;
  let tag = start & 0xf;
  const excluded = (t: number) => ((exclude >> t) & 1) === 1;
  if (offset === 0) {
    while (excluded(tag)) tag = (tag + 1) % 16;
    return tag;
  }
  for (let i = 0; i < offset; i++) {
    tag = (tag + 1) % 16;
    while (excluded(tag)) tag = (tag + 1) % 16;
  }
  return tag;
}

/** IRG's effect on (RGSR_EL1, result tag): four LFSR steps (top = s5^s3^s2^s0, shifted in at bit 15). */
function refIrg(rgsr: number, gcr: number, xm: bigint): { tag: number; rgsr: number } {
  let seed = (rgsr >>> 8) & 0xffff;
  if (seed === 0 && (gcr & 0x10000) !== 0) seed = RRND_SEED; // IMPDEF (MTE.md §2.4): LFSR with a fixed seed
  let offset = 0;
  for (let i = 0; i < 4; i++) {
    const bit = (k: number) => (seed >> k) & 1;
    const top = bit(5) ^ bit(3) ^ bit(2) ^ bit(0);
    seed = (top << 15) | (seed >> 1);
    offset |= top << i;
  }
  const exclude = (Number(xm & 0xffffn) | gcr) & 0xffff;
  const tag = refChoose(rgsr & 0xf, offset, exclude);
  return { tag, rgsr: ((rgsr & ~0x00ffff0f) | (seed << 8) | tag) >>> 0 };
}

const withTag = (v: bigint, tag: number): bigint => (v & ~(0xfn << 56n)) | (BigInt(tag) << 56n);
const tagOf = (v: bigint): number => Number((v >> 56n) & 0xfn);
const sext56 = (v: bigint): bigint => BigInt.asUintN(64, BigInt.asIntN(56, v));

// ---------------------------------------------------------------- one-instruction driver


// Encodings (Arm ARM C6.2; isa/table/dp-reg.ts and mte.ts): Xd bits 4:0, Xn 9:5, Xm 20:16.
const IRG = (d: number, n: number, mm: number) => (0x9ac01000 | (mm << 16) | (n << 5) | d) >>> 0;
const GMI = (d: number, n: number, mm: number) => (0x9ac01400 | (mm << 16) | (n << 5) | d) >>> 0;
const SUBP = (d: number, n: number, mm: number) => (0x9ac00000 | (mm << 16) | (n << 5) | d) >>> 0;
const SUBPS = (d: number, n: number, mm: number) => (0xbac00000 | (mm << 16) | (n << 5) | d) >>> 0;
const ADDG = (d: number, n: number, uimm6: number, uimm4: number, sub: boolean) =>
  ((sub ? 0xd1800000 : 0x91800000) | (uimm6 << 16) | (uimm4 << 10) | (n << 5) | d) >>> 0;

const u64 = fc.bigInt(0n, M64);
const reg = fc.integer({ min: 0, max: 31 });
/** Exclusion masks biased to the edges: none, all, all but one, random. */
const excl = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }),
  fc.constantFrom(0, 0xffff, 0xfffe, 0x7fff),
  fc.integer({ min: 0, max: 15 }).map((k) => 0xffff & ~(1 << k)),
);

/** Read a register operand the way the instruction does: 31 is SP for Xn|SP, XZR otherwise. */
const rd = (m: Machine, r: number, sp: boolean): bigint => (r === 31 && !sp ? 0n : m.s.xBig(r));

describe('ChooseNonExcludedTag edge cases (through ADDG, GCR_EL1.Exclude)', () => {
  const cases: [start: number, offset: number, exclude: number, want: number][] = [
    [0, 0, 0x0000, 0], // nothing excluded, offset 0: the start tag
    [0, 0, 0x0001, 1], // offset 0 with the start tag excluded: advance
    [15, 0, 0x8000, 0], // ... wrapping 15 -> 0
    [15, 1, 0x0000, 0], // plain wrap
    [3, 15, 0x0000, 2], // offset 15 = -1 mod 16
    [0, 1, 0x0006, 3], // skip 1 and 2
    [0, 2, 0x0006, 4],
    [14, 1, 0x8001, 1], // skip 15 and 0
    [5, 3, 0xffdf, 5], // only 5 allowed: any offset lands on 5
    [5, 0, 0xffdf, 5],
    [9, 7, 0xfdff, 9],
    [2, 4, 0xffff, 0], // all excluded: 0
    [7, 0, 0xffff, 0],
    [4, 0, 0x0010, 5], // start excluded, offset 0
    [4, 1, 0x0010, 5], // start excluded, offset 1: next non-excluded
  ];
  it.each(cases)('start %i, offset %i, exclude %s -> %i', (start, offset, exclude, want) => {
    expect(refChoose(start, offset, exclude)).toBe(want);
    const m = mteMachine();
    m.s.gcr = exclude;
    m.s.setXBig(1, tagged(TAGGED, start));
    step(m, ADDG(2, 1, 0, offset, false));
    expect(tagOf(m.s.xBig(2))).toBe(want);
  });
});

describe('IRG', () => {
  it('hand-computed sequence from SEED = 1, TAG = 0, nothing excluded: tags 1, 1, 9', () => {
    // SEED 0x0001: top bits 1,0,0,0 -> offset 1, SEED 0x1000; tag 0+1 = 1.
    // SEED 0x1000: top bits 0,0,0,0 -> offset 0, SEED 0x0100; tag stays 1.
    // SEED 0x0100: top bits 0,0,0,1 (bit 5 of 0x0020) -> offset 8, SEED 0x8010; tag 1+8 = 9.
    const m = mteMachine();
    m.s.rgsr = 0x0100;
    m.s.gcr = 0;
    m.s.setXBig(1, 0x0000123456789ab0n);
    const want: [number, number][] = [[1, 0x100001], [1, 0x010001], [9, 0x801009]];
    for (const [tag, rgsr] of want) {
      step(m, IRG(2, 1, 31));
      expect(m.s.xBig(2)).toBe(withTag(0x0000123456789ab0n, tag));
      expect(m.s.rgsr).toBe(rgsr);
    }
  });

  it('sequences match the LFSR reference (random RGSR, GCR incl. RRND, Xm; Xd/Xn may be SP)', () => {
    const m = mteMachine();
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffff }), excl, fc.boolean(), fc.array(fc.tuple(reg, reg, reg, u64, excl), { minLength: 1, maxLength: 4 }),
      (rgsr0, gcrExcl, rrnd, ops) => {
        m.s.rgsr = rgsr0;
        m.s.gcr = gcrExcl | (rrnd ? 0x10000 : 0);
        let rgsr = rgsr0;
        for (const [d, n, mm, xn, xmMask] of ops) {
          m.s.setXBig(n, xn);
          if (mm !== 31 && mm !== n) m.s.setXBig(mm, BigInt(xmMask) | (xn & ~0xffffn));
          const src = m.s.xBig(n); // Xn|SP
          const xm = rd(m, mm, false);
          step(m, IRG(d, n, mm));
          const r = refIrg(rgsr, m.s.gcr, xm);
          rgsr = r.rgsr;
          expect(m.s.xBig(d)).toBe(withTag(src, r.tag));
          expect(m.s.rgsr >>> 0).toBe(r.rgsr);
        }
      }), { numRuns: RUNS });
  });

  it('all tags excluded gives tag 0 (and still advances the LFSR)', () => {
    const m = mteMachine();
    m.s.rgsr = 0x0100 | 7;
    m.s.setXBig(1, tagged(TAGGED, 0xc));
    m.s.setXBig(3, 0xffffn);
    step(m, IRG(2, 1, 3));
    expect(m.s.xBig(2)).toBe(BigInt(TAGGED));
    expect(m.s.rgsr).toBe(0x1000 << 8);
    m.s.gcr = 0xffff;
    m.s.rgsr = 0x0100 | 7;
    step(m, IRG(2, 1, 31));
    expect(m.s.xBig(2)).toBe(BigInt(TAGGED));
  });

  it('RRND = 1 with SEED = 0 still gives a varying deterministic sequence', () => {
    const tags = (): number[] => {
      const m = mteMachine();
      m.s.gcr = 0x10000;
      m.s.rgsr = 0;
      const out: number[] = [];
      for (let i = 0; i < 16; i++) {
        step(m, IRG(2, 1, 31));
        out.push(tagOf(m.s.xBig(2)));
      }
      return out;
    };
    const a = tags();
    expect(tags()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(3);
  });

  it('with SCTLR_EL1.ATA0 = 0, IRG/ADDG/SUBG insert tag 0 and leave RGSR_EL1 alone', () => {
    const m = mteMachine({ ata0: false });
    m.s.rgsr = 0x123405;
    m.s.setXBig(1, tagged(TAGGED, 9));
    step(m, IRG(2, 1, 31));
    expect(m.s.xBig(2)).toBe(BigInt(TAGGED));
    expect(m.s.rgsr).toBe(0x123405);
    step(m, ADDG(2, 1, 1, 3, false));
    expect(m.s.xBig(2)).toBe(BigInt(TAGGED + 16));
    step(m, ADDG(2, 1, 1, 3, true));
    expect(m.s.xBig(2)).toBe(BigInt(TAGGED - 16));
  });
});

describe('GMI, ADDG/SUBG, SUBP/SUBPS (property, vs BigInt reference)', () => {
  const m = mteMachine();

  it('GMI Xd = Xm | (1 << tag(Xn|SP))', () => {
    fc.assert(fc.property(reg, reg, reg, u64, u64, (d, n, mm, a, b) => {
      m.s.setXBig(n, a);
      if (mm !== n) m.s.setXBig(mm, b);
      const xn = m.s.xBig(n), xm = rd(m, mm, false);
      const spBefore = m.s.xBig(SP);
      step(m, GMI(d, n, mm));
      const want = xm | (1n << BigInt(tagOf(xn)));
      if (d !== 31) expect(m.s.xBig(d)).toBe(want);
      else expect(m.s.xBig(SP)).toBe(spBefore); // Xd = 31 is XZR
    }), { numRuns: RUNS });
  });

  it('ADDG/SUBG: Xd|SP = (Xn|SP +- uimm6*16) with tag ChooseNonExcludedTag(tag(Xn), uimm4, GCR.Exclude)', () => {
    fc.assert(fc.property(reg, reg, fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 15 }), u64, excl, fc.boolean(), (d, n, uimm6, uimm4, a, gcr, sub) => {
      m.s.gcr = gcr;
      m.s.setXBig(n, a);
      const xn = m.s.xBig(n);
      step(m, ADDG(d, n, uimm6, uimm4, sub));
      const off = BigInt(uimm6 * 16);
      const sum = BigInt.asUintN(64, sub ? xn - off : xn + off);
      expect(m.s.xBig(d)).toBe(withTag(sum, refChoose(tagOf(xn), uimm4, gcr)));
    }), { numRuns: RUNS });
  });

  it('SUBP/SUBPS: SignExtend(Xn<55:0>) - SignExtend(Xm<55:0>), SUBPS sets NZCV', () => {
    fc.assert(fc.property(reg, reg, reg, u64, u64, fc.boolean(), (d, n, mm, a, b, s) => {
      m.s.setXBig(n, a);
      if (mm !== n) m.s.setXBig(mm, b);
      const x = sext56(m.s.xBig(n)), y = sext56(m.s.xBig(mm)); // both Xn|SP and Xm|SP
      m.s.nzcv = 0b0101;
      step(m, (s ? SUBPS : SUBP)(d, n, mm));
      const r = BigInt.asUintN(64, x - y);
      if (d !== 31) expect(m.s.xBig(d)).toBe(r);
      if (s) {
        const n_ = Number(r >> 63n);
        const z = r === 0n ? 1 : 0;
        const c = x + (~y & M64) + 1n >= 1n << 64n ? 1 : 0;
        const sd = BigInt.asIntN(64, x) - BigInt.asIntN(64, y);
        const v = sd !== BigInt.asIntN(64, sd) ? 1 : 0;
        expect(m.s.nzcv).toBe((n_ << 3) | (z << 2) | (c << 1) | v);
      } else {
        expect(m.s.nzcv).toBe(0b0101);
      }
    }), { numRuns: RUNS });
  });
});

// ---------------------------------------------------------------- tag loads and stores

const ESR_ALIGN_W = 0x92000061; // Data Abort from EL0, WnR, DFSC 0x21
const ESR_PERM_W_L3 = 0x9200004f; // permission fault level 3, WnR
const ESR_TRANS_W_L3 = 0x92000047;
const ESR_TRANS_R_L3 = 0x92000007;

describe('LDG / STG family', () => {
  it('STG then LDG round-trips the tag; LDG replaces only Xt<59:56> and aligns down', () => {
    const m = mteMachine();
    m.s.setXBig(1, tagged(TAGGED + 0x40, 0xb));
    expect(run1(m, 'stg x1, [x1]').kind).toBe('limit');
    expect(m.mem.getTag(TAGGED + 0x40)).toBe(0xb);
    expect(m.mem.getTag(TAGGED + 0x50)).toBe(0);
    m.s.setXBig(2, 0xf000_1234_5678_9abcn);
    m.s.setXBig(3, BigInt(TAGGED + 0x4f)); // unaligned: aligned down, no fault
    expect(run1(m, 'ldg x2, [x3]').kind).toBe('limit');
    expect(m.s.xBig(2)).toBe(0xfb00_1234_5678_9abcn);
    m.s.setXBig(3, BigInt(TAGGED + 0x60));
    run1(m, 'ldg x2, [x3, #-32]');
    expect(tagOf(m.s.xBig(2))).toBe(0xb);
  });

  it('offset, pre-index and post-index forms write back Xn|SP', () => {
    const m = mteMachine();
    m.s.setXBig(SP, tagged(TAGGED + 0x100, 3));
    run1(m, 'stg sp, [sp, #32]!'); // Xt = 31 is SP: the tag comes from SP
    expect(m.mem.getTag(TAGGED + 0x120)).toBe(3);
    expect(m.s.xBig(SP)).toBe(tagged(TAGGED + 0x120, 3));
    m.s.setXBig(4, tagged(0, 6));
    run1(m, 'stg x4, [sp], #-64');
    expect(m.mem.getTag(TAGGED + 0x120)).toBe(6);
    expect(m.s.xBig(SP)).toBe(tagged(TAGGED + 0xe0, 3));
    m.s.setXBig(5, BigInt(TAGGED + 0x200));
    run1(m, 'stzg x4, [x5, #-16]');
    expect(m.mem.getTag(TAGGED + 0x1f0)).toBe(6);
    expect(m.s.xBig(5)).toBe(BigInt(TAGGED + 0x200));
    run1(m, 'st2g x4, [x5, #4080]!');
    expect(m.s.xBig(5)).toBe(BigInt(TAGGED + 0x200 + 4080));
    run1(m, 'stz2g x4, [x5], #-4096');
    expect(m.s.xBig(5)).toBe(BigInt(TAGGED + 0x200 + 4080 - 4096));
  });

  it('a misaligned STG-family address is an Alignment fault (DFSC 0x21, WnR) and changes nothing', () => {
    for (const t of ['stg x1, [x2]', 'stzg x1, [x2, #16]!', 'st2g x1, [x2], #16', 'stz2g x1, [x2]', 'stgp x1, x1, [x2]']) {
      const m = mteMachine();
      m.s.setXBig(1, tagged(0, 5));
      m.s.setXBig(2, tagged(TAGGED + 0x38, 2));
      m.mem.write8(TAGGED + 0x38, 0xaa);
      const stop = run1(m, t);
      expect(stop).toMatchObject({ kind: 'exception', esr: ESR_ALIGN_W });
      if (stop.kind === 'exception') expect(stop.far).toBe(t.includes('#16]!') ? tagged(TAGGED + 0x48, 2) : tagged(TAGGED + 0x38, 2));
      expect(m.s.xBig(2)).toBe(tagged(TAGGED + 0x38, 2));
      expect(m.mem.read8(TAGGED + 0x38)).toBe(0xaa);
      expect(m.mem.getTags(TAGGED, 8)).toEqual(new Uint8Array(8));
    }
  });

  it('STZG/STZ2G zero the data without a tag check; STG data is untouched', () => {
    const m = mteMachine({ tcf: 1 });
    m.mem.fillPage(TAGGED, 0xaa);
    m.mem.setTags(TAGGED, 4096, 0x7);
    m.s.setXBig(1, tagged(TAGGED + 0x20, 0x2)); // mismatching logical tag: no fault
    expect(run1(m, 'stzg x1, [x1]').kind).toBe('limit');
    expect(m.mem.readBytes(TAGGED + 0x10, 0x30)).toEqual(new Uint8Array([...Array(16).fill(0xaa), ...Array(16).fill(0), ...Array(16).fill(0xaa)]));
    expect([...m.mem.getTags(TAGGED + 0x10, 3)]).toEqual([7, 2, 7]);
    m.s.setXBig(1, tagged(TAGGED + 0x80, 0x4));
    run1(m, 'stz2g x1, [x1]');
    expect(m.mem.readBytes(TAGGED + 0x70, 0x40)).toEqual(new Uint8Array([...Array(16).fill(0xaa), ...Array(32).fill(0), ...Array(16).fill(0xaa)]));
    expect([...m.mem.getTags(TAGGED + 0x70, 4)]).toEqual([7, 4, 4, 7]);
    m.s.setXBig(1, tagged(TAGGED + 0x100, 0x9));
    run1(m, 'st2g x1, [x1]');
    expect(m.mem.read8(TAGGED + 0x100)).toBe(0xaa);
    expect([...m.mem.getTags(TAGGED + 0x100, 2)]).toEqual([9, 9]);
  });

  it('ST2G across two tagged pages sets both granules', () => {
    const m = mteMachine();
    m.s.setXBig(1, tagged(TAGGED + 0xff0, 0xd));
    expect(run1(m, 'st2g x1, [x1]').kind).toBe('limit');
    expect(m.mem.getTag(TAGGED + 0xff0)).toBe(0xd);
    expect(m.mem.getTag(TAGGED + 0x1000)).toBe(0xd);
  });

  it('ST2G whose second granule is unmapped faults there and leaves the first alone', () => {
    const m = mteMachine();
    // TAGGED + 4 pages is unmapped
    const last = TAGGED + 4 * 4096 - 16;
    m.s.setXBig(1, tagged(last, 0xd));
    m.mem.write8(last, 0xaa);
    const stop = run1(m, 'stz2g x1, [x1]');
    expect(stop).toMatchObject({ kind: 'exception', esr: ESR_TRANS_W_L3, far: tagged(last + 16, 0xd) });
    expect(m.mem.getTag(last)).toBe(0);
    expect(m.mem.read8(last)).toBe(0xaa);
  });

  it('ST2G from an untagged page into a tagged page sets only the tagged granule', () => {
    const m = mteMachine();
    m.s.setXBig(1, tagged(MIXED + 0xff0, 0x3));
    expect(run1(m, 'st2g x1, [x1]').kind).toBe('limit');
    expect(m.mem.getTag(MIXED + 0xff0)).toBe(0);
    expect(m.mem.getTag(MIXED + 0x1000)).toBe(3);
  });

  it('untagged pages: LDG reads 0, STG is ignored but permission-checked', () => {
    const m = mteMachine();
    m.mem.setTag(UNTAGGED, 0x5); // storage exists, but the page is not Normal-Tagged
    m.s.setXBig(1, tagged(UNTAGGED, 0xa));
    expect(run1(m, 'stg x1, [x1]').kind).toBe('limit');
    expect(m.mem.getTag(UNTAGGED)).toBe(5);
    m.s.setXBig(2, tagged(0x1000, 0xf));
    run1(m, 'ldg x2, [x1]');
    expect(m.s.xBig(2)).toBe(0x1000n);
    // a read-only tagged page: LDG is fine, STG takes a permission fault
    m.mem.setTag(TAGGED_RO, 0xc);
    m.s.setXBig(1, tagged(TAGGED_RO, 0x1));
    run1(m, 'ldg x2, [x1]');
    expect(tagOf(m.s.xBig(2))).toBe(0xc);
    expect(run1(m, 'stg x1, [x1]')).toMatchObject({ kind: 'exception', esr: ESR_PERM_W_L3, far: tagged(TAGGED_RO, 0x1) });
    expect(m.mem.getTag(TAGGED_RO)).toBe(0xc);
    expect(run1(m, 'stgp x1, x1, [x1]')).toMatchObject({ kind: 'exception', esr: ESR_PERM_W_L3 });
    // unmapped: LDG faults as a read
    m.s.setXBig(1, BigInt(UNMAPPED));
    expect(run1(m, 'ldg x2, [x1]')).toMatchObject({ kind: 'exception', esr: ESR_TRANS_R_L3 });
  });

  it('with SCTLR_EL1.ATA0 = 0, LDG returns 0 and STG/STGP/DC GVA tag writes are ignored (data still written)', () => {
    const m = mteMachine({ ata0: false });
    m.mem.setTag(TAGGED, 0x4);
    m.s.setXBig(1, tagged(TAGGED, 0xe));
    m.s.setXBig(2, tagged(0x2000, 0x9));
    run1(m, 'ldg x2, [x1]');
    expect(m.s.xBig(2)).toBe(0x2000n);
    run1(m, 'stg x1, [x1]');
    run1(m, 'dc gva, x1');
    expect(m.mem.getTag(TAGGED)).toBe(4);
    m.mem.write8(TAGGED + 0x10, 0xaa);
    run1(m, 'stzg x1, [x1, #16]');
    expect(m.mem.read8(TAGGED + 0x10)).toBe(0);
    expect(m.mem.getTag(TAGGED + 0x10)).toBe(0);
    m.s.setXBig(3, 0x1122334455667788n);
    run1(m, 'stgp x3, x3, [x1, #32]');
    expect(m.mem.read64lo(TAGGED + 0x20)).toBe(0x55667788);
    expect(m.mem.getTag(TAGGED + 0x20)).toBe(0);
  });
});

describe('STGP', () => {
  it('stores Xt1:Xt2 unchecked and sets the tag from the address; all three forms', () => {
    const m = mteMachine({ tcf: 1 });
    m.mem.setTags(TAGGED, 4096, 0x2); // the old tag mismatches the address tag: no fault
    m.s.setXBig(1, 0x0123456789abcdefn);
    m.s.setXBig(2, 0xfedcba9876543210n);
    m.s.setXBig(3, tagged(TAGGED + 0x100, 0x8));
    expect(run1(m, 'stgp x1, x2, [x3, #32]').kind).toBe('limit');
    expect(m.mem.readBytes(TAGGED + 0x120, 16)).toEqual(new Uint8Array([0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe]));
    expect(m.mem.getTag(TAGGED + 0x120)).toBe(8);
    expect(m.mem.getTag(TAGGED + 0x130)).toBe(2);
    expect(m.s.xBig(3)).toBe(tagged(TAGGED + 0x100, 0x8));
    run1(m, 'stgp x1, xzr, [x3, #-16]!');
    expect(m.s.xBig(3)).toBe(tagged(TAGGED + 0xf0, 0x8));
    expect(m.mem.read64hi(TAGGED + 0xf8)).toBe(0);
    expect(m.mem.getTag(TAGGED + 0xf0)).toBe(8);
    run1(m, 'stgp xzr, x2, [x3], #1008');
    expect(m.s.xBig(3)).toBe(tagged(TAGGED + 0xf0 + 1008, 0x8));
    expect(m.mem.read64lo(TAGGED + 0xf0)).toBe(0);
  });
});

describe('DC GVA / DC GZVA', () => {
  it('set the tags of the DCZID block holding Xt to Xt<59:56>; GZVA also zeroes', () => {
    const m = mteMachine();
    m.mem.fillPage(TAGGED, 0xaa);
    m.s.setXBig(1, tagged(TAGGED + 0x47, 0x6)); // block 0x40..0x7f
    expect(run1(m, 'dc gva, x1').kind).toBe('limit');
    expect([...m.mem.getTags(TAGGED + 0x30, 6)]).toEqual([0, 6, 6, 6, 6, 0]);
    expect(m.mem.read8(TAGGED + 0x40)).toBe(0xaa);
    m.s.setXBig(1, tagged(TAGGED + 0x80, 0x9));
    run1(m, 'dc gzva, x1');
    expect([...m.mem.getTags(TAGGED + 0x70, 6)]).toEqual([6, 9, 9, 9, 9, 0]);
    expect(m.mem.readBytes(TAGGED + 0x7f, 0x42)).toEqual(new Uint8Array([0xaa, ...Array(64).fill(0), 0xaa]));
  });

  it('are not tag-checked, need write permission (FAR = Xt), and only zero on untagged pages', () => {
    const m = mteMachine({ tcf: 1 });
    m.mem.setTags(TAGGED, 4096, 0x3);
    m.s.setXBig(1, tagged(TAGGED + 0x100, 0x5));
    expect(run1(m, 'dc gzva, x1').kind).toBe('limit');
    m.s.setXBig(1, tagged(TAGGED_RO + 0x13, 0x5));
    expect(run1(m, 'dc gva, x1')).toMatchObject({ kind: 'exception', esr: ESR_PERM_W_L3, far: tagged(TAGGED_RO + 0x13, 0x5) });
    m.mem.write8(UNTAGGED + 0x40, 0xaa);
    m.s.setXBig(1, tagged(UNTAGGED + 0x40, 0x5));
    run1(m, 'dc gva, x1');
    expect(m.mem.getTag(UNTAGGED + 0x40)).toBe(0);
    run1(m, 'dc gzva, x1');
    expect(m.mem.read8(UNTAGGED + 0x40)).toBe(0);
    expect(m.mem.getTag(UNTAGGED + 0x40)).toBe(0);
  });
});

describe('EL0 restrictions', () => {
  it('LDGM, STGM, STZGM are UNDEFINED at EL0', () => {
    const m = mteMachine();
    m.s.setXBig(1, BigInt(TAGGED));
    for (const t of ['ldgm x0, [x1]', 'stgm x0, [x1]', 'stzgm x0, [x1]']) {
      expect(run1(m, t)).toMatchObject({ kind: 'exception', esr: 0x02000000 });
    }
  });
});

// ---------------------------------------------------------------- programs

describeIsaPrograms('mte');
