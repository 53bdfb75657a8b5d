// Memory Tagging Extension instruction semantics (FEAT_MTE; Arm ARM C6.2 for
// each instruction, D10 "The Memory Tagging Extension"), as described in
// /work/shared/MTE.md §2.4-2.5: IRG, GMI, ADDG/SUBG, SUBP/SUBPS, LDG, the
// STG family, STGP and DC GVA/GZVA. LDGM/STGM/STZGM are EL1-only (MTE2) and
// have no semantics here, so they execute as UNDEFINED at EL0.
//
// Helpers carry the names of the ASL functions they model. Allocation tags
// are only read or written when allocation tag access is enabled
// (SCTLR_EL1.ATA0 for EL0) and the page is Normal-Tagged; otherwise tag
// reads give 0 and tag writes are ignored, while addresses, alignment and
// permissions are still checked. None of these instructions tag-checks its
// own data access.

import type { Fields } from '../../isa/types.ts';
import { SCTLR } from '../cpu-state.ts';
import type { Machine } from '../machine.ts';
import { Fault } from '../mmu.ts';
import { addWithCarry64, setNZCV, xr, xs, xw } from './helpers.ts';
import { dcZeroAllowed, dczBlockBytes, sysIss, systemAccessTrap } from './system.ts';
import type { Sem, SemTable } from './types.ts';

const TWO32 = 4294967296;
const GRANULE = 16;
/** GCR_EL1.RRND (bit 16): random tags are IMPLEMENTATION DEFINED rather than the LFSR. */
const GCR_RRND = 1 << 16;
/**
 * The LFSR seed used when GCR_EL1.RRND = 1 and RGSR_EL1.SEED = 0. With RRND
 * = 1 software need not seed the LFSR; this machine still runs it (QEMU's
 * IMPDEF choice) and, for determinism, from this fixed non-zero seed where
 * QEMU takes one from the host RNG. With RRND = 0 a zero seed is
 * architecturally a stuck LFSR, and stays so.
 */
export const RRND_SEED = 0xace1;

// ---------------------------------------------------------------- ASL helpers

/**
 * AArch64.AllocationTagAccessIsEnabled for an EL0 access: SCTLR_EL1.ATA0
 * (SCR_EL3.ATA and HCR_EL2.ATA are modelled as 1).
 */
export function allocationTagAccessIsEnabled(m: Machine): boolean {
  return (m.s.sctlrHi & SCTLR.ATA0_HI) !== 0;
}

/** AArch64.AllocationTagFromAddress: bits 59:56 of the address (taken from its high half). */
export function allocationTagFromAddress(hi: number): number {
  return (hi >>> 24) & 0xf;
}

/** AArch64.AddressWithAllocationTag: the high half with bits 59:56 replaced by tag. */
export function addressWithAllocationTag(hi: number, tag: number): number {
  return (hi & ~0x0f000000) | (tag << 24);
}

/**
 * AArch64.ChooseNonExcludedTag: with every tag excluded, 0. With offset 0,
 * the first non-excluded tag at or after `tag`; otherwise step `offset`
 * times to the next non-excluded tag (all mod 16).
 */
export function chooseNonExcludedTag(tag: number, offset: number, exclude: number): number {
  if ((exclude & 0xffff) === 0xffff) return 0;
  if (offset === 0) {
    while ((exclude >> tag) & 1) tag = (tag + 1) & 0xf;
  }
  while (offset !== 0) {
    offset--;
    tag = (tag + 1) & 0xf;
    while ((exclude >> tag) & 1) tag = (tag + 1) & 0xf;
  }
  return tag;
}

/**
 * AArch64.RandomTag: four NextRandomTagBit steps of the 16-bit Fibonacci
 * LFSR in RGSR_EL1.SEED (bits 23:8), each shifting in s5^s3^s2^s0 at the
 * top and yielding it as the next bit (bit 0 first) of the result. The
 * advanced seed is written back to RGSR_EL1.
 */
export function randomTag(m: Machine): number {
  const s = m.s;
  let seed = (s.rgsr >>> 8) & 0xffff;
  if (seed === 0 && (s.gcr & GCR_RRND) !== 0) seed = RRND_SEED;
  let tag = 0;
  for (let i = 0; i < 4; i++) {
    const top = ((seed >> 5) ^ (seed >> 3) ^ (seed >> 2) ^ seed) & 1;
    seed = (top << 15) | (seed >>> 1);
    tag |= top << i;
  }
  s.rgsr = (s.rgsr & ~0x00ffff00) | (seed << 8);
  return tag;
}

/**
 * 64-bit (lo, hi) + a signed int32 offset into m.rlo/m.rhi (address
 * arithmetic, no flags). m.rlo is left unsigned, as the machine's access
 * API wants it.
 */
function addOffset(m: Machine, lo: number, hi: number, off: number): void {
  const sum = (lo >>> 0) + off;
  m.rlo = sum >>> 0;
  m.rhi = (hi + Math.floor(sum / TWO32)) | 0;
}

/** Bits 55:0 of the high half, sign-extended from bit 55 (SUBP/SUBPS operands). */
const sext56 = (hi: number): number => (hi << 8) >> 8;

/**
 * AArch64.MemTag[] (read) at EL0: translate for read (faults as a read), then
 * the granule's allocation tag, or 0 when tag access is disabled or the page
 * is not Normal-Tagged.
 */
function memTagRead(m: Machine, lo: number, hi: number): number {
  const pa = m.translateData(lo, hi, 'r');
  return allocationTagAccessIsEnabled(m) && m.pageTagged(lo, hi) ? m.tagLoad(pa) : 0;
}

/**
 * The STG family's memory effect for `granules` (1 or 2) granules at the
 * 16-byte-aligned address (lo, hi): every granule is translated for write
 * first (ST2G may straddle two pages, and a fault on the second must leave
 * the first untouched), then the data is zeroed (STZG, unchecked) and the
 * tags set (AArch64.MemTag[] write: ignored without tag access or on an
 * untagged page).
 */
function storeAllocationTags(m: Machine, lo: number, hi: number, tag: number, granules: number, zero: boolean): void {
  if ((lo & (GRANULE - 1)) !== 0) throw Fault.alignment(lo, hi, true);
  const pa0 = m.translateData(lo, hi, 'w');
  const tagged0 = m.pageTagged(lo, hi);
  let pa1 = pa0 + GRANULE, tagged1 = tagged0;
  if (granules === 2 && (lo & 0xfff) === 0xff0) {
    addOffset(m, lo, hi, GRANULE);
    const lo1 = m.rlo, hi1 = m.rhi;
    pa1 = m.translateData(lo1, hi1, 'w');
    tagged1 = m.pageTagged(lo1, hi1);
  }
  const ata = allocationTagAccessIsEnabled(m);
  if (zero) m.zeroBlock(pa0, GRANULE);
  if (ata && tagged0) m.tagStore(pa0, tag);
  if (granules === 2) {
    if (zero) m.zeroBlock(pa1, GRANULE);
    if (ata && tagged1) m.tagStore(pa1, tag);
  }
  if (zero && m.hooks.afterStore) m.hooks.afterStore(m, (hi & 0xffffff) * TWO32 + (lo >>> 0), granules * GRANULE);
}

/**
 * AArch64.MemZero for DC GVA (CacheType_Tag) and DC GZVA (CacheType_Data_Tag):
 * the DCZID block holding Xt gets tag Xt<59:56>, and GZVA zeroes its data.
 * Translated for write at Xt itself (FAR = Xt); never tag-checked.
 */
function memZeroTags(m: Machine, lo: number, hi: number, zero: boolean): void {
  const bytes = dczBlockBytes(m);
  const pa = m.translateData(lo, hi, 'w') - (lo & (bytes - 1));
  const tag = allocationTagAccessIsEnabled(m) && m.pageTagged(lo, hi) ? allocationTagFromAddress(hi) : -1;
  if (tag >= 0) m.gzvaBlock(pa, bytes, tag, zero);
  else if (zero) m.zeroBlock(pa, bytes);
  if (zero && m.hooks.afterStore) m.hooks.afterStore(m, (hi & 0xffffff) * TWO32 + (lo - (lo & (bytes - 1))), bytes);
}

// ---------------------------------------------------------------- handlers

type Mode = 'off' | 'pre' | 'post';

/** pre for the STG family: e[1] = 2*slot of Xt|SP (the tag source), e[2] = 2*slot of Xn|SP, e[3] = simm9*16. */
const preTagStore = (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = 2 * xs(f.xt!);
  e[at + 2] = 2 * xs(f.xn!);
  e[at + 3] = ((f.simm9! << 23) >> 23) * GRANULE;
};

/**
 * C6.2 STG, STZG, ST2G, STZ2G (signed offset, pre-index, post-index):
 * address = Xn|SP (+ offset unless post-index), must be 16-byte aligned;
 * tag = Xt|SP<59:56>; writeback Xn|SP = address (+ offset when post-index).
 */
function tagStore(granules: number, zero: boolean, mode: Mode): Sem {
  return {
    pre: preTagStore,
    exec(m, e, at) {
      const X = m.X, t = e[at + 1]!, n = e[at + 2]!, off = e[at + 3]!;
      addOffset(m, X[n]!, X[n + 1]!, mode === 'post' ? 0 : off);
      const lo = m.rlo, hi = m.rhi;
      storeAllocationTags(m, lo, hi, allocationTagFromAddress(X[t + 1]!), granules, zero);
      if (mode === 'off') return;
      addOffset(m, lo, hi, mode === 'post' ? off : 0);
      X[n] = m.rlo;
      X[n + 1] = m.rhi;
    },
  };
}

/** pre for STGP: e[1], e[2] = 2*slot of Xt1, Xt2; e[3] = 2*slot of Xn|SP; e[4] = simm7*16. */
const preStgp = (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = 2 * xr(f.xt!);
  e[at + 2] = 2 * xr(f.xt2!);
  e[at + 3] = 2 * xs(f.xn!);
  e[at + 4] = ((f.simm7! << 25) >> 25) * GRANULE;
};

/**
 * C6.2 STGP: address = Xn|SP (+ offset unless post-index), 16-byte aligned;
 * store Xt1, Xt2 as 16 bytes of data (not tag-checked), then set the
 * granule's tag from the address's own tag; writeback as for STG.
 */
function storeTagPair(mode: Mode): Sem {
  return {
    pre: preStgp,
    exec(m, e, at) {
      const X = m.X, t1 = e[at + 1]!, t2 = e[at + 2]!, n = e[at + 3]!, off = e[at + 4]!;
      addOffset(m, X[n]!, X[n + 1]!, mode === 'post' ? 0 : off);
      const lo = m.rlo, hi = m.rhi;
      if ((lo & (GRANULE - 1)) !== 0) throw Fault.alignment(lo, hi, true);
      m.st64(lo, hi, X[t1]!, X[t1 + 1]!, 0);
      m.st64(lo + 8, hi, X[t2]!, X[t2 + 1]!, 0); // 16-aligned: no carry out of lo
      const pa = m.translateData(lo, hi, 'w');
      if (allocationTagAccessIsEnabled(m) && m.pageTagged(lo, hi)) m.tagStore(pa, allocationTagFromAddress(hi));
      if (mode === 'off') return;
      addOffset(m, lo, hi, mode === 'post' ? off : 0);
      X[n] = m.rlo;
      X[n + 1] = m.rhi;
    },
  };
}

/** pre for ADDG/SUBG: e[1] = 2*slot Xd|SP, e[2] = 2*slot Xn|SP, e[3] = +-uimm6*16, e[4] = uimm4. */
const preTagImm = (sign: number) => (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = 2 * xs(f.xd!);
  e[at + 2] = 2 * xs(f.xn!);
  e[at + 3] = sign * f.uimm6! * GRANULE;
  e[at + 4] = f.uimm4!;
};

/**
 * C6.2 ADDG/SUBG: Xd|SP = AddressWithAllocationTag(Xn|SP +- uimm6*16,
 * ChooseNonExcludedTag(tag of Xn, uimm4, GCR_EL1.Exclude)), tag 0 without
 * tag access. The arithmetic may carry into bits 59:56; they are replaced.
 */
const addSubTag: Sem['exec'] = (m, e, at) => {
  const X = m.X, d = e[at + 1]!, n = e[at + 2]!;
  const hi = X[n + 1]!;
  const rtag = allocationTagAccessIsEnabled(m) ? chooseNonExcludedTag(allocationTagFromAddress(hi), e[at + 4]!, m.s.gcr) : 0;
  addOffset(m, X[n]!, hi, e[at + 3]!);
  X[d] = m.rlo;
  X[d + 1] = addressWithAllocationTag(m.rhi, rtag);
};

/** pre for three-register forms: e[1] = 2*slot Xd, e[2] = Xn, e[3] = Xm (slot kinds per row). */
const pre3 = (d: (r: number) => number, n: (r: number) => number, mm: (r: number) => number) =>
  (f: Fields, e: Int32Array, at: number): void => {
    e[at + 1] = 2 * d(f.rd!);
    e[at + 2] = 2 * n(f.rn!);
    e[at + 3] = 2 * mm(f.rm!);
  };

const TAG_STORES: Record<string, Sem> = {};
for (const [name, granules, zero] of [['STG', 1, false], ['STZG', 1, true], ['ST2G', 2, false], ['STZ2G', 2, true]] as const) {
  for (const mode of ['off', 'pre', 'post'] as const) TAG_STORES[`${name}_${mode}`] = tagStore(granules, zero, mode);
}

export const MTE_SEM: SemTable = {
  // C6.2 IRG: Xd|SP = Xn|SP with a random tag not in Xm<15:0> | GCR_EL1.Exclude
  // (AArch64.RandomTag + ChooseNonExcludedTag, RGSR_EL1.TAG := the tag); tag 0 without tag access.
  IRG: {
    pre: pre3(xs, xs, xr),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1]!, n = e[at + 2]!, mm = e[at + 3]!;
      let rtag = 0;
      if (allocationTagAccessIsEnabled(m)) {
        const s = m.s;
        rtag = chooseNonExcludedTag(s.rgsr & 0xf, randomTag(m), (X[mm]! | s.gcr) & 0xffff);
        s.rgsr = (s.rgsr & ~0xf) | rtag;
      }
      X[d] = X[n]!;
      X[d + 1] = addressWithAllocationTag(X[n + 1]!, rtag);
    },
  },
  // C6.2 GMI: Xd = Xm OR (1 << AllocationTagFromAddress(Xn|SP))
  GMI: {
    pre: pre3(xw, xs, xr),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1]!, n = e[at + 2]!, mm = e[at + 3]!;
      X[d] = X[mm]! | (1 << allocationTagFromAddress(X[n + 1]!));
      X[d + 1] = X[mm + 1]!;
    },
  },
  // C6.2 SUBP: Xd = SignExtend(Xn|SP<55:0>) - SignExtend(Xm|SP<55:0>)
  SUBP: {
    pre: pre3(xw, xs, xs),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1]!, n = e[at + 2]!, mm = e[at + 3]!;
      addWithCarry64(m, X[n]!, sext56(X[n + 1]!), ~X[mm]!, ~sext56(X[mm + 1]!), 1);
      X[d] = m.rlo;
      X[d + 1] = m.rhi;
    },
  },
  // C6.2 SUBPS (CMPP when Xd is XZR): as SUBP, setting NZCV from AddWithCarry(op1, NOT(op2), 1)
  SUBPS: {
    pre: pre3(xw, xs, xs),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1]!, n = e[at + 2]!, mm = e[at + 3]!;
      setNZCV(m, addWithCarry64(m, X[n]!, sext56(X[n + 1]!), ~X[mm]!, ~sext56(X[mm + 1]!), 1));
      X[d] = m.rlo;
      X[d + 1] = m.rhi;
    },
  },
  // C6.2 ADDG, SUBG
  ADDG: { pre: preTagImm(1), exec: addSubTag },
  SUBG: { pre: preTagImm(-1), exec: addSubTag },
  // C6.2 LDG: Xt<59:56> = MemTag[Align(Xn|SP + simm9*16, 16)]; the rest of Xt is kept
  LDG: {
    pre: (f, e, at) => {
      e[at + 1] = 2 * xw(f.xt!);
      e[at + 2] = 2 * xs(f.xn!);
      e[at + 3] = ((f.simm9! << 23) >> 23) * GRANULE;
    },
    exec(m, e, at) {
      const X = m.X, t = e[at + 1]!, n = e[at + 2]!;
      addOffset(m, X[n]!, X[n + 1]!, e[at + 3]!);
      const tag = memTagRead(m, (m.rlo & ~(GRANULE - 1)) >>> 0, m.rhi);
      X[t + 1] = addressWithAllocationTag(X[t + 1]!, tag);
    },
  },
  ...TAG_STORES,
  STGP_off: storeTagPair('off'),
  STGP_pre: storeTagPair('pre'),
  STGP_post: storeTagPair('post'),
  // C6.2 DC GVA: tags of the DCZID block holding Xt := Xt<59:56> (EL0 needs SCTLR_EL1.DZE)
  DC_GVA: {
    pre: (f, e, at) => { e[at + 1] = 2 * xr(f.rt!); e[at + 2] = sysIss(1, 3, 7, 4, 3, f.rt!, false); },
    exec(m, e, at) {
      if (!dcZeroAllowed(m)) systemAccessTrap(m, e[at + 2]!);
      const t = e[at + 1]!;
      memZeroTags(m, m.X[t]! >>> 0, m.X[t + 1]!, false);
    },
  },
  // C6.2 DC GZVA: as DC GVA, and zero the block's data
  DC_GZVA: {
    pre: (f, e, at) => { e[at + 1] = 2 * xr(f.rt!); e[at + 2] = sysIss(1, 3, 7, 4, 4, f.rt!, false); },
    exec(m, e, at) {
      if (!dcZeroAllowed(m)) systemAccessTrap(m, e[at + 2]!);
      const t = e[at + 1]!;
      memZeroTags(m, m.X[t]! >>> 0, m.X[t + 1]!, true);
    },
  },
};
