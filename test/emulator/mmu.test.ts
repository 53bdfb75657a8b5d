// Tests of emulator/mmu.ts on page tables built by hand (pt-helper.ts).
// Expected ESR values are written out from the Arm ARM encodings:
//   ESR = EC << 26 | IL (bit 25) | WnR (bit 6, data writes) | FSC[5:0]
//   EC 0x24 data abort from EL0 -> 0x92000000, 0x25 from EL1 -> 0x96000000,
//   EC 0x20 instruction abort from EL0 -> 0x82000000, 0x21 from EL1 -> 0x86000000;
//   FSC address size 0b0000LL, translation 0b0001LL, access flag 0b0010LL,
//   permission 0b0011LL, sync tag check 0b010001, alignment 0b100001.

import { describe, expect, it } from 'vitest';
import { HostLimitError, PhysMem } from '../../emulator/memory.ts';
import { Fault, Mmu, type Access, type MmuOptions } from '../../emulator/mmu.ts';
import { PageTables, T_APTABLE0, T_APTABLE1, T_UXNTABLE, leafDesc, tableDesc } from './pt-helper.ts';

const MiB = 1 << 20;
// MAIR_EL1: Attr0 Normal WB (0xFF), Attr1 Normal-Tagged (0xF0), Attr2 Device-nGnRnE (0x00), Attr3 Normal NC (0x44)
const MAIR_LO = 0x4400f0ff;
// TCR_EL1: T0SZ = 16, EPD1 (bit 23); IPS = 0b010 (40 bits, bits 34:32), AS (bit 36), TBI0 (bit 37)
const TCR_LO = 16 | (1 << 23);
const TCR_HI = 0b010 | (1 << 4) | (1 << 5);

function setup(opts: MmuOptions = {}, asid = 1) {
  const mem = new PhysMem(64 * MiB);
  const pt = new PageTables(mem, 1 * MiB);
  const mmu = new Mmu(mem, opts);
  mmu.setMAIR(MAIR_LO, 0);
  mmu.setTCR(TCR_LO, TCR_HI);
  mmu.setTTBR0(pt.root, asid << 16);
  mmu.setSCTLR(1, 0);
  return { mem, pt, mmu };
}

/** Translate a 64-bit VA given as a number (< 2^53) or BigInt. */
function tr(mmu: Mmu, va: number | bigint, acc: Access = 'r', priv = false) {
  return mmu.translateVa(BigInt(va), acc, priv);
}

function faultOf(fn: () => unknown): Fault {
  try {
    fn();
  } catch (e) {
    if (e instanceof Fault) return e;
    throw e;
  }
  throw new Error('expected a Fault');
}

function trFault(mmu: Mmu, va: number | bigint, acc: Access = 'r', priv = false): Fault {
  return faultOf(() => tr(mmu, va, acc, priv));
}

describe('page walk', () => {
  it('translates a 4 KiB page through four levels and reports the descriptors read', () => {
    const { pt, mmu } = setup();
    const va = 0x4060_5000;
    pt.map(va, 0x20_0000, { attrIndx: 0 });
    const r = tr(mmu, va + 0x123);
    expect(r.pa).toBe(0x20_0123);
    expect(r.pagePa).toBe(0x20_0000);
    expect(r.level).toBe(3);
    expect(r.blockSize).toBe(4096);
    expect(r.tlbHit).toBe(false);
    expect(r.walkCount).toBe(4);
    // descriptor addresses from the VA's index fields: 47:39, 38:30, 29:21, 20:12
    const expected = pt.walkAddrs(va);
    expect(expected[0]).toBe(pt.root + 0 * 8);
    expect(expected[3]! % 4096).toBe(5 * 8);
    expect([...r.walkAddrs.subarray(0, 4)]).toEqual(expected);
    expect(mmu.counters).toMatchObject({ hits: 0, misses: 1, walks: 1, descReads: 4, faults: 0 });

    const r2 = tr(mmu, va + 0xffc, 'w');
    expect(r2.pa).toBe(0x20_0ffc);
    expect(r2.tlbHit).toBe(true);
    expect(r2.walkCount).toBe(0);
    expect(mmu.counters).toMatchObject({ hits: 1, misses: 1, walks: 1, descReads: 4 });
  });

  it('uses the 32-bit halves form directly, signed or unsigned', () => {
    const { pt, mmu } = setup();
    const va = 0x12_8000_0000 + 0x7000; // lo = 0x80007000 (negative as int32), hi = 0x12
    pt.map(va, 0x30_0000);
    expect(mmu.translate(0x80007010 | 0, 0x12, 'r').pa).toBe(0x30_0010);
    expect(mmu.translate(0x80007020, 0x12, 'r').pa).toBe(0x30_0020);
  });

  it('translates a 1 GiB block at level 1', () => {
    const { pt, mmu } = setup();
    pt.map(0x80_0000_0000, 0x4000_0000, { level: 1 });
    const r = tr(mmu, 0x80_0000_0000 + 0x1234_5678);
    expect(r.pa).toBe(0x5234_5678);
    expect(r.pagePa).toBe(0x5234_5000);
    expect(r.level).toBe(1);
    expect(r.blockSize).toBe(2 ** 30);
    expect(r.walkCount).toBe(2);
  });

  it('translates a 2 MiB block at level 2', () => {
    const { pt, mmu } = setup();
    pt.map(0x1_0020_0000, 0x60_0000, { level: 2 });
    const r = tr(mmu, 0x1_0020_0000 + 0x1abcd);
    expect(r.pa).toBe(0x61_abcd);
    expect(r.level).toBe(2);
    expect(r.blockSize).toBe(2 * MiB);
    expect(r.walkCount).toBe(3);
  });

  it('ignores descriptor bits below a block size', () => {
    const { pt, mmu } = setup();
    const dpa = pt.descAddr(0x1_0040_0000, 2);
    pt.write(dpa, leafDesc(0x80_0000, 2) | 0x1f_f000n); // OA bits 20:12 are RES0 in a 2 MiB block
    expect(tr(mmu, 0x1_0040_0000 + 0x3000).pa).toBe(0x80_3000);
  });

  it('supports a smaller VA space (T0SZ = 25: 39-bit VA, walk starts at level 1)', () => {
    const mem = new PhysMem(16 * MiB);
    const l1 = 0x10_0000;
    const l2 = 0x10_1000;
    const l3 = 0x10_2000;
    const put = (pa: number, d: bigint) => mem.write64(pa, Number(d & 0xffffffffn), Number(d >> 32n));
    const va = 0x40_1000_3000; // bit 38 set: L1 index 256, L2 index 128, L3 index 3
    put(l1 + 256 * 8, tableDesc(l2));
    put(l2 + 128 * 8, tableDesc(l3));
    put(l3 + 3 * 8, leafDesc(0x9000, 3));
    const mmu = new Mmu(mem);
    mmu.setTCR(25 | (1 << 23), TCR_HI);
    mmu.setTTBR0(l1, 0);
    mmu.setSCTLR(1, 0);
    const r = tr(mmu, va + 8);
    expect(r.pa).toBe(0x9008);
    expect([...r.walkAddrs.subarray(0, r.walkCount)]).toEqual([l1 + 256 * 8, l2 + 128 * 8, l3 + 3 * 8]);
    // VA bit 39 is outside a 39-bit VA space: translation fault, level 0, no walk
    const f = trFault(mmu, 0x80_0000_0000);
    expect([f.kind, f.level, f.walk.length]).toEqual(['translation', 0, 0]);
  });

  it('rejects unimplemented controls as host errors', () => {
    const { mmu } = setup();
    expect(() => mmu.setTCR(TCR_LO | (1 << 14), TCR_HI)).toThrow(HostLimitError); // TG0 = 64 KiB
    expect(() => mmu.setTCR(12 | (1 << 23), TCR_HI)).toThrow(HostLimitError); // T0SZ = 12
    expect(() => mmu.setTCR(TCR_LO | (1 << 22), TCR_HI)).toThrow(HostLimitError); // A1
    expect(() => new Mmu(new PhysMem(MiB), { tlbEntries: 100 })).toThrow(HostLimitError);
    expect(() => mmu.setRegs({ t0sz: 40 })).toThrow(HostLimitError);
    expect(mmu.regs.t0sz).toBe(16); // unchanged after a rejected write
  });
});

describe('translation faults', () => {
  function mapped() {
    const env = setup();
    env.pt.map(0x4060_5000, 0x20_0000); // creates L0[0], L1[1], L2[3]
    return env;
  }

  it('reports the level of the invalid descriptor (L0..L3) with its ESR', () => {
    const { pt, mmu } = mapped();
    const cases: [number, number, number][] = [
      // va, level, ESR for an EL0 read
      [0x8000_0000_0000, 0, 0x92000004], // L0[256] invalid
      [0x8000_0000, 1, 0x92000005], // L1[2] invalid
      [0x4000_0000, 2, 0x92000006], // L2[0] invalid
      [0x4060_6000, 3, 0x92000007], // L3[6] invalid
    ];
    for (const [va, level, esr] of cases) {
      const f = trFault(mmu, va);
      expect(f.kind).toBe('translation');
      expect(f.level).toBe(level);
      expect(f.esr()).toBe(esr);
      expect(f.far()).toBe(BigInt(va));
      expect(f.walk.length).toBe(level + 1);
      expect(f.walk[level]).toBe(pt.descAddr(va, level, false));
      expect(trFault(mmu, va, 'w').esr()).toBe((esr | 0x40) >>> 0);
      expect(trFault(mmu, va, 'x').esr()).toBe(((esr & 0x3f) | 0x82000000) >>> 0);
    }
  });

  it('treats a block at level 0 and the reserved level-3 encoding as invalid', () => {
    const { pt, mmu } = setup();
    pt.write(pt.root + 2 * 8, 0x1n | (1n << 10n)); // block-type descriptor at L0
    const f0 = trFault(mmu, 2 * 2 ** 39);
    expect([f0.kind, f0.level, f0.esr()]).toEqual(['translation', 0, 0x92000004]);
    const dpa = pt.descAddr(0x7000, 3);
    pt.write(dpa, leafDesc(0x5000, 3) & ~2n); // bits[1:0] = 0b01 at L3
    const f3 = trFault(mmu, 0x7000);
    expect([f3.kind, f3.level, f3.esr()]).toEqual(['translation', 3, 0x92000007]);
  });

  it('faults at level 0 without a walk for VAs outside the TTBR0 range', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000);
    const walks = mmu.counters.walks;
    // bit 55 set: the TTBR1 half, disabled (EPD1)
    const f1 = trFault(mmu, 0x0080_0000_0000_1000n);
    expect([f1.kind, f1.level, f1.walk.length, f1.esr()]).toEqual(['translation', 0, 0, 0x92000004]);
    expect(f1.far()).toBe(0x0080_0000_0000_1000n);
    // a kernel-style address
    const f2 = trFault(mmu, 0xffff_0000_0000_1000n, 'x');
    expect([f2.kind, f2.level, f2.esr()]).toEqual(['translation', 0, 0x82000004]);
    expect(f2.far()).toBe(0xffff_0000_0000_1000n);
    // bits 54:48 non-zero
    expect(trFault(mmu, 0x0001_0000_0000_1000n).level).toBe(0);
    expect(mmu.counters.walks).toBe(walks);
  });

  it('EPD0 stops walks through TTBR0', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000);
    mmu.setRegs({ epd0: true });
    const f = trFault(mmu, 0x1000);
    expect([f.kind, f.level]).toEqual(['translation', 0]);
  });
});

describe('address size faults', () => {
  it('reports an output address above the 40-bit PA size at the leaf level', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 2 ** 40 + 0x1000);
    const f = trFault(mmu, 0x1000);
    expect([f.kind, f.level, f.esr()]).toEqual(['addressSize', 3, 0x92000003]);
    pt.map(0x4000_0000, 2 ** 44, { level: 1 });
    const f1 = trFault(mmu, 0x4000_0000, 'w');
    expect([f1.kind, f1.level, f1.esr()]).toEqual(['addressSize', 1, 0x92000041]);
  });

  it('reports a next-level table address out of range at the table descriptor level', () => {
    const { pt, mmu } = setup();
    pt.write(pt.descAddr(0x8000_0000, 1), tableDesc(2 ** 41));
    const f = trFault(mmu, 0x8000_0000);
    expect([f.kind, f.level, f.esr()]).toEqual(['addressSize', 1, 0x92000001]);
  });

  it('reports a TTBR0 base out of range at level 0', () => {
    const { mmu } = setup();
    mmu.setTTBR0(0, 0x100 | (1 << 16)); // BADDR bit 40
    const f = trFault(mmu, 0x1000);
    expect([f.kind, f.level, f.esr()]).toEqual(['addressSize', 0, 0x92000000]);
  });

  it('follows TCR_EL1.IPS when it is smaller than the implemented PA size', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 2 ** 36 + 0x1000);
    expect(tr(mmu, 0x1000).pa).toBe(2 ** 36 + 0x1000);
    mmu.setTCR(TCR_LO, (TCR_HI & ~7) | 0b001); // IPS 36 bits
    mmu.tlbiAll();
    expect(trFault(mmu, 0x1000).kind).toBe('addressSize');
  });
});

describe('access flag', () => {
  it('faults when AF = 0 at the leaf level', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000, { af: false });
    pt.map(0x1_0020_0000, 0x20_0000, { level: 2, af: false });
    pt.map(0x80_0000_0000, 0x4000_0000, { level: 1, af: false });
    const cases: [number, number, number][] = [
      [0x1000, 3, 0x9200000b],
      [0x1_0020_0000, 2, 0x9200000a],
      [0x80_0000_0000, 1, 0x92000009],
    ];
    for (const [va, level, esr] of cases) {
      const f = trFault(mmu, va);
      expect([f.kind, f.level, f.esr()]).toEqual(['accessFlag', level, esr]);
      expect(trFault(mmu, va, 'w').esr()).toBe((esr | 0x40) >>> 0);
    }
  });

  it('takes priority over a permission fault', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000, { af: false, ap: 0b11 });
    expect(trFault(mmu, 0x1000, 'w').kind).toBe('accessFlag');
  });

  it('is not cached: setting AF needs no TLBI', () => {
    const { pt, mmu } = setup();
    const dpa = pt.map(0x1000, 0x5000, { af: false });
    trFault(mmu, 0x1000);
    pt.write(dpa, leafDesc(0x5000, 3));
    expect(tr(mmu, 0x1000).pa).toBe(0x5000);
  });
});

describe('permissions', () => {
  // Arm ARM D8 "Memory access control", stage 1 EL1&0, PAN off, WXN off:
  //   AP[2:1]  EL1   EL0
  //   00       RW    none
  //   01       RW    RW
  //   10       R     none
  //   11       R     R
  // EL0 execute: UXN = 0. EL1 execute: PXN = 0 and not EL0-writable (AP = 01).
  const EL1_RW = ['rw', 'rw', 'r', 'r'];
  const EL0_RW = ['', 'rw', '', 'r'];

  it('follows AP[2:1], UXN and PXN for EL0 and EL1 reads, writes and fetches', () => {
    const { pt, mmu } = setup();
    let page = 0;
    for (let ap = 0; ap < 4; ap++) {
      for (const uxn of [false, true]) {
        for (const pxn of [false, true]) {
          const va = 0x10_0000 + page++ * 0x1000;
          pt.map(va, 0x50_0000, { ap, uxn, pxn });
          const allowed = {
            el0: { r: EL0_RW[ap]!.includes('r'), w: EL0_RW[ap]!.includes('w'), x: !uxn },
            el1: { r: EL1_RW[ap]!.includes('r'), w: EL1_RW[ap]!.includes('w'), x: !pxn && ap !== 0b01 },
          };
          for (const priv of [false, true]) {
            const want = priv ? allowed.el1 : allowed.el0;
            for (const acc of ['r', 'w', 'x'] as const) {
              const what = `AP=${ap} UXN=${uxn} PXN=${pxn} ${priv ? 'EL1' : 'EL0'} ${acc}`;
              if (want[acc]) {
                expect(tr(mmu, va, acc, priv).pa, what).toBe(0x50_0000);
              } else {
                const f = trFault(mmu, va, acc, priv);
                expect([f.kind, f.level], what).toEqual(['permission', 3]);
                const base = acc === 'x' ? (priv ? 0x86000000 : 0x82000000) : priv ? 0x96000000 : 0x92000000;
                expect(f.esr(), what).toBe((base | (acc === 'w' ? 0x40 : 0) | 0x0f) >>> 0);
              }
            }
          }
          // the result's booleans give the permissions at the EL of the access; the masks give both ELs
          const r = tr(mmu, va, 'r', true);
          expect([r.read, r.write, r.exec]).toEqual([allowed.el1.r, allowed.el1.w, allowed.el1.x]);
          const mask = (p: { r: boolean; w: boolean; x: boolean }) => (p.r ? 1 : 0) | (p.w ? 2 : 0) | (p.x ? 4 : 0);
          expect([r.el0Perms, r.el1Perms]).toEqual([mask(allowed.el0), mask(allowed.el1)]);
          if (allowed.el0.r) {
            const u = tr(mmu, va, 'r');
            expect([u.read, u.write, u.exec]).toEqual([allowed.el0.r, allowed.el0.w, allowed.el0.x]);
          }
        }
      }
    }
  });

  it('reports the block level in a permission fault', () => {
    const { pt, mmu } = setup();
    pt.map(0x1_0020_0000, 0x20_0000, { level: 2, ap: 0b11 });
    const f = trFault(mmu, 0x1_0020_0000 + 0x5000, 'w');
    expect([f.kind, f.level, f.esr()]).toEqual(['permission', 2, 0x9200004e]);
  });

  it('applies hierarchical APTable and UXNTable, unless HPD0', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x1000); // L0[0] -> L1 table without hierarchical controls
    const va0 = 0x2_0000_0000; // a fresh 1 GiB region: new L2 and L3 tables
    pt.descAddr(va0, 3, true, T_APTABLE0);
    pt.map(va0, 0x5000, { ap: 0b01 });
    expect(trFault(mmu, va0).kind).toBe('permission'); // no EL0 access below
    expect(tr(mmu, va0, 'w', true).pa).toBe(0x5000); // EL1 unaffected

    const va1 = 0x3_0000_0000;
    pt.descAddr(va1, 3, true, T_APTABLE1);
    pt.map(va1, 0x6000, { ap: 0b01 });
    expect(tr(mmu, va1).pa).toBe(0x6000);
    expect(trFault(mmu, va1, 'w').kind).toBe('permission');
    expect(trFault(mmu, va1, 'w', true).kind).toBe('permission');

    const va2 = 0x4_0000_0000;
    pt.descAddr(va2, 3, true, T_UXNTABLE);
    pt.map(va2, 0x7000, { ap: 0b11 });
    expect(trFault(mmu, va2, 'x').kind).toBe('permission');

    mmu.setRegs({ hpd0: true });
    mmu.tlbiAll();
    expect(tr(mmu, va0).pa).toBe(0x5000);
    expect(tr(mmu, va1, 'w').pa).toBe(0x6000);
    expect(tr(mmu, va2, 'x').pa).toBe(0x7000);
  });

  it('caches a permission-faulting entry until the kernel invalidates it', () => {
    const { pt, mmu } = setup();
    const dpa = pt.map(0x1000, 0x5000, { ap: 0b11 });
    expect(trFault(mmu, 0x1000, 'w').kind).toBe('permission');
    pt.write(dpa, leafDesc(0x5000, 3, { ap: 0b01 })); // made writable, no TLBI
    expect(trFault(mmu, 0x1000, 'w').kind).toBe('permission');
    mmu.tlbiVaAsid(0x1000, 1);
    expect(tr(mmu, 0x1000, 'w').pa).toBe(0x5000);
  });
});

describe('TBI and memory attributes', () => {
  it('translates any logical tag the same way and reports it', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000, { attrIndx: 1 });
    const a = tr(mmu, 0x0a00_0000_0000_1010n);
    expect([a.pa, a.tag, a.tlbHit]).toEqual([0x5010, 0xa, false]);
    const b = tr(mmu, 0x0500_0000_0000_1020n);
    expect([b.pa, b.tag, b.tlbHit]).toEqual([0x5020, 0x5, true]);
    // bits 63:60 are ignored too; the logical tag is bits 59:56
    const c = tr(mmu, 0xf300_0000_0000_1000n);
    expect([c.pa, c.tag]).toEqual([0x5000, 0x3]);
    // FAR keeps the top byte of the faulting address
    expect(trFault(mmu, 0x0a00_0000_0000_2000n).far()).toBe(0x0a00_0000_0000_2000n);
  });

  it('without TBI0 a non-zero top byte is a translation fault', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000);
    mmu.setTCR(TCR_LO, TCR_HI & ~(1 << 5));
    const f = trFault(mmu, 0x0a00_0000_0000_1000n);
    expect([f.kind, f.level]).toEqual(['translation', 0]);
    expect(tr(mmu, 0x1000).tag).toBe(0);
  });

  it('marks MAIR attribute 0xF0 as Normal-Tagged and 0b0000xx00 as Device', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000, { attrIndx: 0 });
    pt.map(0x2000, 0x6000, { attrIndx: 1 });
    pt.map(0x3000, 0x7000, { attrIndx: 2 });
    pt.map(0x4000, 0x8000, { attrIndx: 3 });
    const t = (va: number) => {
      const r = tr(mmu, va);
      return [r.attr, r.tagged, r.device];
    };
    expect(t(0x1000)).toEqual([0xff, false, false]);
    expect(t(0x2000)).toEqual([0xf0, true, false]);
    expect(t(0x3000)).toEqual([0x00, false, true]);
    expect(t(0x4000)).toEqual([0x44, false, false]);
    // Attr4..7 live in MAIR_EL1[63:32]
    pt.map(0x5000, 0x9000, { attrIndx: 6 });
    mmu.setMAIR(MAIR_LO, 0x00f00000);
    expect(t(0x5000)).toEqual([0xf0, true, false]);
  });

  it('reports nG and the ASID', () => {
    const { pt, mmu } = setup({}, 0x1234);
    pt.map(0x1000, 0x5000, { nG: true });
    pt.map(0x2000, 0x6000);
    const a = tr(mmu, 0x1000);
    expect([a.nG, a.asid]).toEqual([true, 0x1234]);
    expect(tr(mmu, 0x2000).nG).toBe(false);
    expect(tr(mmu, 0x1000).nG).toBe(true); // from the TLB as well
  });
});

describe('MMU off', () => {
  it('maps VA to PA one to one as untagged Device memory', () => {
    const { mmu } = setup();
    mmu.setSCTLR(0, 0);
    const r = mmu.translate(0x12345, 0, 'w');
    expect([r.pa, r.pagePa, r.device, r.tagged, r.level, r.read, r.write, r.exec]).toEqual([
      0x12345, 0x12000, true, false, -1, true, true, true,
    ]);
    const x = mmu.translate(0x2000, 0, 'x');
    expect([x.device, x.attr]).toEqual([false, 0x44]);
    const tagged = mmu.translate(0x2000, 0x0300_0000, 'r');
    expect([tagged.pa, tagged.tag]).toEqual([0x2000, 3]);
    expect(mmu.counters.walks).toBe(0);
  });

  it('faults beyond physical memory with an address size fault', () => {
    const { mmu } = setup();
    mmu.setSCTLR(0, 0);
    const f = trFault(mmu, 64 * MiB);
    expect([f.kind, f.level, f.esr()]).toEqual(['addressSize', 0, 0x92000000]);
  });

  it('can treat memory as Normal-Tagged for bare MTE tests', () => {
    const mmu = new Mmu(new PhysMem(MiB), { offAttr: 0xf0 });
    const r = mmu.translate(0x100, 0x0700_0000, 'r');
    expect([r.tagged, r.device, r.tag]).toEqual([true, false, 7]);
  });
});

describe('ASIDs', () => {
  function twoProcesses() {
    const env = setup({}, 1);
    const ptB = new PageTables(env.mem, 4 * MiB);
    env.pt.map(0x40_0000, 0x100_0000, { nG: true });
    ptB.map(0x40_0000, 0x200_0000, { nG: true });
    env.pt.map(0x50_0000, 0x300_0000); // global, only in A's tables
    return { ...env, ptA: env.pt, ptB };
  }

  it('keeps non-global entries of one ASID invisible to another', () => {
    const { mmu, ptA, ptB } = twoProcesses();
    expect(tr(mmu, 0x40_0000).pa).toBe(0x100_0000);
    mmu.setTTBR0(ptB.root, 2 << 16); // context switch, no TLBI
    const b = tr(mmu, 0x40_0000);
    expect([b.pa, b.tlbHit, b.asid]).toEqual([0x200_0000, false, 2]);
    mmu.setTTBR0(ptA.root, 1 << 16);
    const a = tr(mmu, 0x40_0000);
    expect([a.pa, a.tlbHit]).toEqual([0x100_0000, true]);
  });

  it('lets global entries match any ASID', () => {
    const { mmu, ptB } = twoProcesses();
    expect(tr(mmu, 0x50_0000).pa).toBe(0x300_0000);
    mmu.setTTBR0(ptB.root, 2 << 16);
    const g = tr(mmu, 0x50_0000); // not in B's tables: served by the global TLB entry
    expect([g.pa, g.tlbHit, g.nG]).toEqual([0x300_0000, true, false]);
    mmu.tlbiAll();
    expect(trFault(mmu, 0x50_0000).kind).toBe('translation');
  });

  it('uses 8-bit ASIDs when TCR_EL1.AS = 0', () => {
    const { mmu, ptA } = twoProcesses();
    mmu.setRegs({ as16: false });
    expect(tr(mmu, 0x40_0000).tlbHit).toBe(false);
    mmu.setTTBR0(ptA.root, 0x0101 << 16); // same low byte as ASID 1
    expect(tr(mmu, 0x40_0000).tlbHit).toBe(true);
  });
});

describe('TLB maintenance', () => {
  type Ev = [string, number, number, number];
  function withListener() {
    const env = setup();
    const events: Ev[] = [];
    env.mmu.onInvalidate((kind, va, span, asid) => events.push([kind, va, span, asid]));
    return { ...env, events };
  }

  it('does not see a changed PTE until TLBI by VA and the right ASID', () => {
    const { pt, mmu, events } = withListener();
    const dpa = pt.map(0x40_0000, 0x100_0000, { nG: true });
    expect(tr(mmu, 0x40_0000).pa).toBe(0x100_0000);
    pt.write(dpa, leafDesc(0x180_0000, 3, { nG: true }));
    expect(tr(mmu, 0x40_0000).pa).toBe(0x100_0000); // stale, as on hardware
    mmu.tlbiVaAsid(0x40_0000, 2); // another ASID: no effect
    expect(tr(mmu, 0x40_0000).pa).toBe(0x100_0000);
    mmu.tlbiVaAsid(0x40_0abc, 1); // any address within the page
    expect(tr(mmu, 0x40_0000).pa).toBe(0x180_0000);
    expect(events).toEqual([
      ['va', 0x40_0000, 4096, 2],
      ['va', 0x40_0000, 4096, 1],
    ]);
  });

  it('TLBI by ASID drops non-global entries of that ASID only; TLBI by VA drops global ones', () => {
    const { pt, mmu, events } = withListener();
    const d1 = pt.map(0x40_0000, 0x100_0000, { nG: true });
    const d2 = pt.map(0x50_0000, 0x110_0000);
    tr(mmu, 0x40_0000);
    tr(mmu, 0x50_0000);
    pt.write(d1, leafDesc(0x120_0000, 3, { nG: true }));
    pt.write(d2, leafDesc(0x130_0000, 3));
    mmu.tlbiAsid(7);
    expect(tr(mmu, 0x40_0000).pa).toBe(0x100_0000);
    mmu.tlbiAsid(1);
    expect(tr(mmu, 0x40_0000).pa).toBe(0x120_0000);
    expect(tr(mmu, 0x50_0000).pa).toBe(0x110_0000); // global: survives ASIDE1
    mmu.tlbiVaAsid(0x50_0000, 9); // VAE1 removes global entries whatever the ASID
    expect(tr(mmu, 0x50_0000).pa).toBe(0x130_0000);
    expect(events.map((e) => e[0])).toEqual(['asid', 'asid', 'va']);
    expect(events[1]).toEqual(['asid', 0, 0, 1]);
  });

  it('TLBI VAAE1 and VMALLE1', () => {
    const { pt, mmu, events } = withListener();
    const d1 = pt.map(0x40_0000, 0x100_0000, { nG: true });
    const d2 = pt.map(0x50_0000, 0x110_0000, { nG: true });
    tr(mmu, 0x40_0000);
    tr(mmu, 0x50_0000);
    expect(mmu.tlbOccupancy()).toBe(2);
    pt.write(d1, leafDesc(0x120_0000, 3, { nG: true }));
    pt.write(d2, leafDesc(0x130_0000, 3, { nG: true }));
    mmu.tlbiVaAllAsid(0x40_0000);
    expect(tr(mmu, 0x40_0000).pa).toBe(0x120_0000);
    expect(tr(mmu, 0x50_0000).pa).toBe(0x110_0000);
    mmu.tlbiAll();
    expect(mmu.tlbOccupancy()).toBe(0);
    expect(tr(mmu, 0x50_0000).pa).toBe(0x130_0000);
    expect(events).toEqual([
      ['vaAllAsid', 0x40_0000, 4096, 0],
      ['all', 0, 0, 0],
    ]);
  });

  it('TLBI by VA inside a block drops every cached page of the block', () => {
    const { pt, mmu, events } = withListener();
    const blk = 0x1_0020_0000;
    const dpa = pt.map(blk, 0x20_0000, { level: 2 });
    tr(mmu, blk);
    tr(mmu, blk + 0x5000);
    expect(tr(mmu, blk + 0x5000).tlbHit).toBe(true);
    pt.write(dpa, leafDesc(0x40_0000, 2));
    mmu.tlbiVaAsid(blk + 0x1_0000, 1); // a page of the block that was never cached
    const r = tr(mmu, blk + 0x5000);
    expect([r.pa, r.tlbHit]).toEqual([0x40_5000, false]);
    expect(events).toEqual([['va', blk, 2 * MiB, 1]]);
  });

  it('does not cache translation faults', () => {
    const { pt, mmu } = setup();
    expect(trFault(mmu, 0x1000).kind).toBe('translation');
    pt.map(0x1000, 0x5000);
    expect(tr(mmu, 0x1000).pa).toBe(0x5000);
  });

  it('evicts the least recently used entry of a set', () => {
    const { pt, mmu } = setup({ tlbEntries: 4, tlbWays: 4 });
    const p = (i: number) => 0x10_0000 + i * 0x1000;
    for (let i = 0; i < 5; i++) pt.map(p(i), 0x20_0000 + i * 0x1000);
    for (let i = 0; i < 4; i++) expect(tr(mmu, p(i)).tlbHit).toBe(false);
    expect(tr(mmu, p(0)).tlbHit).toBe(true); // p1 is now the LRU
    expect(tr(mmu, p(4)).tlbHit).toBe(false); // evicts p1
    expect(tr(mmu, p(0)).tlbHit).toBe(true);
    expect(tr(mmu, p(2)).tlbHit).toBe(true);
    expect(tr(mmu, p(1)).tlbHit).toBe(false);
    expect(mmu.tlbOccupancy()).toBe(4);
    expect(mmu.counters).toMatchObject({ hits: 3, misses: 6, walks: 6, descReads: 24 });
  });

  it('maps pages to sets by the low VPN bits', () => {
    const { pt, mmu } = setup({ tlbEntries: 8, tlbWays: 2 }); // 4 sets
    // five pages in the same set (VPNs 4 apart): only two ways to hold them
    const p = (i: number) => 0x10_0000 + i * 0x4000;
    for (let i = 0; i < 3; i++) pt.map(p(i), 0x20_0000);
    pt.map(0x10_1000, 0x20_0000); // a different set
    tr(mmu, p(0));
    tr(mmu, p(1));
    tr(mmu, 0x10_1000);
    tr(mmu, p(2)); // evicts p0 from its set, not the other set's entry
    expect(tr(mmu, 0x10_1000).tlbHit).toBe(true);
    expect(tr(mmu, p(1)).tlbHit).toBe(true);
    expect(tr(mmu, p(0)).tlbHit).toBe(false);
  });
});

describe('faults as values', () => {
  it('gives ESR and FAR for tag check and alignment faults', () => {
    // logical tag 5, bits 63:60 = 0xF
    const t = Fault.tagCheck(0x1238, 0xf500_0000 | 0, false);
    expect(t.kind).toBe('tagCheck');
    expect(t.esr()).toBe(0x92000011);
    expect(t.far()).toBe(0x0500_0000_0000_1238n); // FAR[63:60] made 0, [59:56] kept
    expect(t.va).toBe(0xf500_0000_0000_1238n);
    expect(Fault.tagCheck(0x1238, 0x0500_0000, true).esr()).toBe(0x92000051);
    expect(Fault.tagCheck(0x1238, 0x0500_0000, true, true).esr()).toBe(0x96000051);
    const a = Fault.alignment(0x1001, 0x0200_0000, false);
    expect(a.esr()).toBe(0x92000021);
    expect(a.far()).toBe(0x0200_0000_0000_1001n);
    expect(Fault.alignment(0x1001, 0, true).esr()).toBe(0x92000061);
  });

  it('gives EC 0x25 / 0x21 for faults taken from EL1', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000); // so that 0x7000 misses at level 3
    const f = trFault(mmu, 0x7000, 'r', true);
    expect(f.priv).toBe(true);
    expect(f.esr()).toBe(0x96000007);
    expect(f.esr(false)).toBe(0x92000007);
    expect(trFault(mmu, 0x7000, 'x', true).esr()).toBe(0x86000007);
    expect(f.message).toMatch(/translation fault level 3 on EL1 read at 0x7000/);
  });

  it('counts faults', () => {
    const { pt, mmu } = setup();
    pt.map(0x1000, 0x5000);
    trFault(mmu, 0x7000);
    trFault(mmu, 0x0080_0000_0000_0000n);
    expect(mmu.counters.faults).toBe(2);
    expect(mmu.counters.walks).toBe(1);
    mmu.resetCounters();
    expect(mmu.counters).toEqual({ hits: 0, misses: 0, walks: 0, descReads: 0, faults: 0 });
  });
});

describe('describeWalk (debugger view)', () => {
  it('lists every descriptor and the outcome without touching the TLB or counters', () => {
    const { pt, mmu } = setup();
    pt.map(0x4060_5000, 0x20_0000, { ap: 0b11 });
    const before = { ...mmu.counters };
    const w = mmu.describeWalk(0x0300_0000_4060_5008n, 'r');
    expect(w.steps.map((s) => [s.level, s.type])).toEqual([
      [0, 'table'],
      [1, 'table'],
      [2, 'table'],
      [3, 'page'],
    ]);
    expect(w.steps.map((s) => s.descPa)).toEqual(pt.walkAddrs(0x4060_5000));
    expect(w.steps[3]!.desc).toBe(pt.read(pt.walkAddrs(0x4060_5000)[3]!));
    expect(w.result?.pa).toBe(0x20_0008);
    expect(w.result?.tag).toBe(3);
    expect(w.fault).toBeNull();
    const ww = mmu.describeWalk(0x4060_5000n, 'w');
    expect(ww.fault?.kind).toBe('permission');
    const miss = mmu.describeWalk(0x4060_6000n);
    expect(miss.steps.at(-1)?.type).toBe('invalid');
    expect([miss.fault?.kind, miss.fault?.level]).toEqual(['translation', 3]);
    expect(mmu.counters).toEqual(before);
    expect(mmu.tlbOccupancy()).toBe(0);
  });
});
