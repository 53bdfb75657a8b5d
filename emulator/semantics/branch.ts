// Branch semantics (Arm ARM C6.2, "Branches, Exception Generating and
// System instructions": the branch rows of isa/table/branch-sys.ts).
//
// PC-relative targets are PC + offset with the offset scaled and
// sign-extended once in `pre`; m.s.pc is a number (a VA below 2^56), and a
// taken branch sets m.nextPc. Register targets go through BranchAddr, which
// applies TBI: with TCR_EL1.TBI0 a TTBR0 target (bit 55 = 0) has its top
// byte cleared, so `br` to a tagged pointer lands on the untagged address.

import { EC, Trap, esr } from '../exceptions.ts';
import type { Machine } from '../machine.ts';
import { Fault, vaFromHalves } from '../mmu.ts';
import { conditionHolds, xr } from './helpers.ts';
import type { Fields } from '../../isa/types.ts';
import type { SemTable } from './types.ts';

const TWO32 = 4294967296;
/** X30, the link register, as a half index. */
const LR = 2 * 30;

/** SignExtend(field, bits) * scale as an int32 (branch offsets fit in 28 bits). */
const sext = (v: number, bits: number, scale: number): number => ((v << (32 - bits)) >> (32 - bits)) * scale;

/** X30 = PC + 4 (BL, BLR): the return address, as halves. */
function setLinkRegister(m: Machine): void {
  const ret = m.s.pc + 4;
  m.X[LR] = ret % TWO32 | 0;
  m.X[LR + 1] = Math.floor(ret / TWO32) | 0;
}

/**
 * AArch64.BranchAddr (Arm ARM J1.1, aarch64/functions/memory/BranchAddr) at
 * EL0: when TBI applies to the target's half of the address space (TBI0 for
 * bit 55 = 0, TBI1 for bit 55 = 1) bits 63:56 become copies of bit 55.
 * The branch is then taken, and the fetch at the target may fault:
 * - a misaligned target raises a PC alignment fault (Arm ARM D1.3.5). The
 *   run loop only checks alignment when the PC leaves its code page, so a
 *   register branch checks here;
 * - a target outside the 48-bit TTBR0 range (bits 63:48 not zero after
 *   TBI: a wild pointer, or a tag without TBI0) cannot be fetched. The PC,
 *   a JS number, cannot hold it exactly either, so the Instruction Abort
 *   the fetch would raise is raised here, with the exact VA in the fault
 *   (FAR): a translation fault at level 0, or an address size fault with
 *   the MMU off.
 */
export function branchAddr(m: Machine, lo: number, hi: number): number {
  const tcrHi = m.s.tcrHi;
  if ((hi & 0x00800000) === 0) {
    if ((tcrHi & (1 << (37 - 32))) !== 0) hi &= 0x00ffffff;
  } else if ((tcrHi & (1 << (38 - 32))) !== 0) {
    hi |= 0xff000000;
  }
  const target = (hi >>> 0) * TWO32 + (lo >>> 0);
  if ((lo & 3) !== 0) pcAlignmentFault(m, target);
  if ((hi & 0xffff0000) !== 0) fetchOutOfRange(m, target, lo, hi);
  return target;
}

/** Take the PC alignment fault at the branch target (AArch64.PCAlignmentFault). */
function pcAlignmentFault(m: Machine, target: number): never {
  m.s.pc = target;
  throw new Trap('pcAlign', esr(EC.PC_ALIGN, 0), target);
}

/** The Instruction Abort of fetching from a VA no translation regime covers (see branchAddr). */
function fetchOutOfRange(m: Machine, target: number, lo: number, hi: number): never {
  m.s.pc = target;
  const mmuOn = (m.s.sctlrLo & 1) !== 0;
  throw new Fault(mmuOn ? 'translation' : 'addressSize', 0, vaFromHalves(lo, hi), false, true);
}

/** pre for B/BL: e[1] = imm26 * 4. */
const preImm26 = (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = sext(f.imm26!, 26, 4);
};
/** pre for B.cond, CBZ/CBNZ: e[1] = imm19 * 4, e[2] = cond or 2*slot of Rt. */
const preCond = (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = sext(f.imm19!, 19, 4);
  e[at + 2] = f.cond!;
};
const preCmp = (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = sext(f.imm19!, 19, 4);
  e[at + 2] = 2 * xr(f.rt!);
};
/** pre for TBZ/TBNZ: e[1] = imm14 * 4, e[2] = half index holding bit b5:b40, e[3] = its mask. */
const preTest = (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = sext(f.imm14!, 14, 4);
  e[at + 2] = 2 * xr(f.rt!) + f.b5!;
  e[at + 3] = 1 << f.b40!;
};
/** pre for BR/BLR/RET: e[1] = 2*slot of Xn (31 is XZR here: `br xzr` branches to 0). */
const preReg = (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = 2 * xr(f.rn!);
};

export const BRANCH: SemTable = {
  // C6.2 B: PC = PC + imm26*4
  B: {
    pre: preImm26,
    exec(m, e, at) { m.nextPc = m.s.pc + e[at + 1]!; },
  },
  // C6.2 BL: X30 = PC + 4; PC = PC + imm26*4
  BL: {
    pre: preImm26,
    exec(m, e, at) {
      setLinkRegister(m);
      m.nextPc = m.s.pc + e[at + 1]!;
    },
  },
  // C6.2 B.cond: if ConditionHolds(cond) then PC = PC + imm19*4
  B_cond: {
    pre: preCond,
    exec(m, e, at) { if (conditionHolds(m, e[at + 2]!)) m.nextPc = m.s.pc + e[at + 1]!; },
  },
  // C6.2 CBZ (32-bit): if Wt == 0 then branch
  CBZ_w: {
    pre: preCmp,
    exec(m, e, at) { if (m.X[e[at + 2]!] === 0) m.nextPc = m.s.pc + e[at + 1]!; },
  },
  // C6.2 CBZ (64-bit): if Xt == 0 then branch
  CBZ_x: {
    pre: preCmp,
    exec(m, e, at) {
      const t = e[at + 2]!;
      if ((m.X[t]! | m.X[t + 1]!) === 0) m.nextPc = m.s.pc + e[at + 1]!;
    },
  },
  // C6.2 CBNZ (32-bit): if Wt != 0 then branch (bits 63:32 of Xt are ignored)
  CBNZ_w: {
    pre: preCmp,
    exec(m, e, at) { if (m.X[e[at + 2]!] !== 0) m.nextPc = m.s.pc + e[at + 1]!; },
  },
  // C6.2 CBNZ (64-bit)
  CBNZ_x: {
    pre: preCmp,
    exec(m, e, at) {
      const t = e[at + 2]!;
      if ((m.X[t]! | m.X[t + 1]!) !== 0) m.nextPc = m.s.pc + e[at + 1]!;
    },
  },
  // C6.2 TBZ: if Xt<b5:b40> == 0 then PC = PC + imm14*4
  TBZ: {
    pre: preTest,
    exec(m, e, at) { if ((m.X[e[at + 2]!]! & e[at + 3]!) === 0) m.nextPc = m.s.pc + e[at + 1]!; },
  },
  // C6.2 TBNZ: if Xt<b5:b40> == 1 then branch
  TBNZ: {
    pre: preTest,
    exec(m, e, at) { if ((m.X[e[at + 2]!]! & e[at + 3]!) !== 0) m.nextPc = m.s.pc + e[at + 1]!; },
  },
  // C6.2 BR: PC = BranchAddr(Xn)
  BR: {
    pre: preReg,
    exec(m, e, at) {
      const n = e[at + 1]!;
      m.nextPc = branchAddr(m, m.X[n]!, m.X[n + 1]!);
    },
  },
  // C6.2 BLR: target = Xn (read before X30 is written: `blr x30` works); X30 = PC + 4
  BLR: {
    pre: preReg,
    exec(m, e, at) {
      const n = e[at + 1]!;
      const lo = m.X[n]!, hi = m.X[n + 1]!;
      setLinkRegister(m);
      m.nextPc = branchAddr(m, lo, hi);
    },
  },
  // C6.2 RET: PC = BranchAddr(Xn), Xn defaulting to X30 (a hint that this is a return)
  RET: {
    pre: preReg,
    exec(m, e, at) {
      const n = e[at + 1]!;
      m.nextPc = branchAddr(m, m.X[n]!, m.X[n + 1]!);
    },
  },
};
