// Integer data processing semantics (Arm ARM C6.2), keyed by table row id:
// every base row of isa/table/dp-imm.ts and dp-reg.ts except the MTE ones
// (IRG, GMI, SUBP, SUBPS live with the MTE semantics). Each handler reads
// like the Arm pseudocode of its instruction.
//
// Operands are predecoded to indices into m.X (2 * slot; see helpers.ts for
// the slots): `sp` for an Xn|SP operand, `rz` for a source where 31 is XZR,
// `wz` for a destination where 31 is XZR. X forms compute on the halves
// (X[i] low, X[i + 1] high); W forms write the low half and zero the high
// half (a W write zero-extends into X). Immediates, bitmasks and shifted
// move-wide values are computed once, in `pre`.

import {
  add64, bitMaskHalves, clz64, cls32, cls64, extract64, rbit32, rev16, rev32, ror32,
  sdiv64, setXNum, signExtend, smul32, smulh64, sub64, udiv64, umul32, umulh64,
} from './alu-helpers.ts';
import {
  addWithCarry32, addWithCarry64, asr64, conditionHolds, extendReg64, lsl64, lsr64, mul64,
  ror64, setNZ32, setNZ64, setNZCV, shiftReg32, shiftReg64, xr, xs, xw,
} from './helpers.ts';
import type { Handler, Predecoder, SemTable } from './types.ts';

/** Index into m.X of an `<Xn|SP>` operand. */
const sp = (n: number): number => 2 * xs(n);
/** Index of a source operand where 31 is XZR (reads 0). */
const rz = (n: number): number => 2 * xr(n);
/** Index of a destination operand where 31 is XZR (writes are discarded). */
const wz = (n: number): number => 2 * xw(n);

// ---------------------------------------------------------------- predecoders

/** PC-relative: Rd, SignExtend(immhi:immlo, 21). */
const prePcRel: Predecoder = (f, e, at) => {
  e[at + 1] = wz(f.rd!);
  e[at + 2] = signExtend((f.immhi! << 2) | f.immlo!, 21);
};
/** Add/subtract immediate: imm = ZeroExtend(imm12 << (12 * sh)); `not` stores NOT(imm) (its high half is all ones). */
const addSubImm = (rd: (n: number) => number, not: boolean): Predecoder => (f, e, at) => {
  const imm = f.imm12! << (12 * f.sh!);
  e[at + 1] = rd(f.rd!);
  e[at + 2] = sp(f.rn!);
  e[at + 3] = not ? ~imm : imm;
};
/** Logical immediate: imm = DecodeBitMasks(N, imms, immr, TRUE, datasize).wmask as halves. */
const logicalImm = (rd: (n: number) => number, M: 32 | 64): Predecoder => (f, e, at) => {
  const [lo, hi] = bitMaskHalves(f.n ?? 0, f.imms!, f.immr!, true, M);
  e[at + 1] = rd(f.rd!);
  e[at + 2] = rz(f.rn!);
  e[at + 3] = lo;
  e[at + 4] = hi;
};
/** Move wide: imm16 << (16 * hw) as halves, optionally inverted (MOVN), and the keep-mask for MOVK. */
const moveWide = (invert: boolean, M: 32 | 64): Predecoder => (f, e, at) => {
  const pos = 16 * f.hw!;
  let lo = pos < 32 ? f.imm16! << pos : 0;
  let hi = pos >= 32 ? f.imm16! << (pos - 32) : 0;
  if (invert) { lo = ~lo; hi = M === 64 ? ~hi : 0; }
  e[at + 1] = wz(f.rd!);
  e[at + 2] = lo;
  e[at + 3] = hi;
  e[at + 4] = pos < 32 ? ~(0xffff << pos) : -1;
  e[at + 5] = pos >= 32 ? ~(0xffff << (pos - 32)) : -1;
};
/**
 * UBFM/BFM: R and the mask wmask AND tmask of DecodeBitMasks(N, imms, immr,
 * FALSE, datasize). With dst = Zeros (UBFM) or X[d] (BFM) the ASL's
 * bot/top combination reduces to (dst AND NOT mask) OR (ROR(src, R) AND mask).
 */
const bitfield = (M: 32 | 64): Predecoder => (f, e, at) => {
  const [wlo, whi, tlo, thi] = bitMaskHalves(M === 64 ? 1 : 0, f.imms!, f.immr!, false, M);
  e[at + 1] = wz(f.rd!);
  e[at + 2] = rz(f.rn!);
  e[at + 3] = f.immr!;
  e[at + 4] = wlo & tlo;
  e[at + 5] = whi & thi;
};
/** SBFM, X form: d | n << 8, R | S << 8, wmask AND tmask, NOT(tmask) (halves). */
const sbfm64: Predecoder = (f, e, at) => {
  const [wlo, whi, tlo, thi] = bitMaskHalves(1, f.imms!, f.immr!, false, 64);
  e[at + 1] = wz(f.rd!) | (rz(f.rn!) << 8);
  e[at + 2] = f.immr! | (f.imms! << 8);
  e[at + 3] = wlo & tlo;
  e[at + 4] = whi & thi;
  e[at + 5] = ~tlo;
  e[at + 6] = ~thi;
};
/** SBFM, W form: d, n, R, wmask AND tmask, NOT(tmask), S. */
const sbfm32: Predecoder = (f, e, at) => {
  const [wlo, , tlo] = bitMaskHalves(0, f.imms!, f.immr!, false, 32);
  e[at + 1] = wz(f.rd!);
  e[at + 2] = rz(f.rn!);
  e[at + 3] = f.immr!;
  e[at + 4] = wlo & tlo;
  e[at + 5] = ~tlo;
  e[at + 6] = f.imms!;
};
/** MOVZ, MOVN: X[d] = the predecoded value (MOVN's is already inverted). */
const moveWideImm: Handler = (m, e, at) => {
  const X = m.X, d = e[at + 1];
  X[d] = e[at + 2]; X[d + 1] = e[at + 3];
};
/** Rd, Rn, Rm (XZR for 31). */
const preDNM: Predecoder = (f, e, at) => {
  e[at + 1] = wz(f.rd!);
  e[at + 2] = rz(f.rn!);
  e[at + 3] = rz(f.rm!);
};
/** Rd, Rn, Rm, shift type, amount (shifted register forms). */
const preShifted: Predecoder = (f, e, at) => {
  preDNM(f, e, at);
  e[at + 4] = f.shift!;
  e[at + 5] = f.imm6!;
};
/** Rd (SP for ADD/SUB, XZR for ADDS/SUBS), Rn|SP, Rm, option, shift (extended register forms). */
const extended = (rd: (n: number) => number): Predecoder => (f, e, at) => {
  e[at + 1] = rd(f.rd!);
  e[at + 2] = sp(f.rn!);
  e[at + 3] = rz(f.rm!);
  e[at + 4] = f.option!;
  e[at + 5] = f.imm3!;
};
/** EXTR: Rd, Rn, Rm, lsb. */
const preExtr: Predecoder = (f, e, at) => {
  preDNM(f, e, at);
  e[at + 4] = f.imms!;
};
/** Conditional compare: Rn, Rm (register) or imm5 / NOT(imm5) (immediate), cond, nzcv. */
const condCmp = (imm: 'reg' | 'imm' | 'notImm'): Predecoder => (f, e, at) => {
  e[at + 1] = rz(f.rn!);
  e[at + 2] = imm === 'reg' ? rz(f.rm!) : imm === 'imm' ? f.imm5! : ~f.imm5!;
  e[at + 3] = f.cond!;
  e[at + 4] = f.nzcv!;
};
/** Conditional select: Rd, Rn, Rm, cond. */
const preCsel: Predecoder = (f, e, at) => {
  preDNM(f, e, at);
  e[at + 4] = f.cond!;
};
/** Three-source: Rd, Rn, Rm, Ra. */
const preDNMA: Predecoder = (f, e, at) => {
  preDNM(f, e, at);
  e[at + 4] = rz(f.ra!);
};
/** One-source: Rd, Rn. */
const preDN: Predecoder = (f, e, at) => {
  e[at + 1] = wz(f.rd!);
  e[at + 2] = rz(f.rn!);
};

export const ALU: SemTable = {
  // ================================================================ PC-relative addressing

  // C6.2.10 ADR: X[d] = PC[] + imm
  ADR_pcrel: {
    pre: prePcRel,
    exec(m, e, at) {
      setXNum(m.X, e[at + 1], m.s.pc + e[at + 2]);
    },
  },
  // C6.2.11 ADRP: X[d] = (PC[]<63:12>:Zeros(12)) + imm * 4096
  ADRP_pcrel: {
    pre: prePcRel,
    exec(m, e, at) {
      const pc = m.s.pc;
      setXNum(m.X, e[at + 1], pc - (pc % 4096) + e[at + 2] * 4096);
    },
  },

  // ================================================================ add/subtract (immediate)

  // C6.2.4 ADD (immediate): X[d]|SP = X[n]|SP + imm
  ADD_imm_x: {
    pre: addSubImm(sp, false),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      add64(m, X[n], X[n + 1], e[at + 3], 0);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADD_imm_w: {
    pre: addSubImm(sp, false),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] + e[at + 3]; X[d + 1] = 0;
    },
  },
  // C6.2.8 ADDS (immediate): (X[d], NZCV) = AddWithCarry(X[n]|SP, imm, '0')
  ADDS_imm_x: {
    pre: addSubImm(wz, false),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      setNZCV(m, addWithCarry64(m, X[n], X[n + 1], e[at + 3], 0, 0));
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADDS_imm_w: {
    pre: addSubImm(wz, false),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      setNZCV(m, addWithCarry32(m, X[e[at + 2]], e[at + 3], 0));
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },
  // C6.2 SUB (immediate): X[d]|SP = AddWithCarry(X[n]|SP, NOT(imm), '1') = X[n]|SP - imm
  SUB_imm_x: {
    pre: addSubImm(sp, false),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      sub64(m, X[n], X[n + 1], e[at + 3], 0);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SUB_imm_w: {
    pre: addSubImm(sp, false),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] - e[at + 3]; X[d + 1] = 0;
    },
  },
  // C6.2 SUBS (immediate): (X[d], NZCV) = AddWithCarry(X[n]|SP, NOT(imm), '1')
  SUBS_imm_x: {
    pre: addSubImm(wz, true),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      setNZCV(m, addWithCarry64(m, X[n], X[n + 1], e[at + 3], -1, 1));
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SUBS_imm_w: {
    pre: addSubImm(wz, true),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      setNZCV(m, addWithCarry32(m, X[e[at + 2]], e[at + 3], 1));
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // ================================================================ logical (immediate)

  // C6.2.12 AND (immediate): X[d]|SP = X[n] AND imm
  AND_imm_x: {
    pre: logicalImm(sp, 64),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      X[d] = X[n] & e[at + 3]; X[d + 1] = X[n + 1] & e[at + 4];
    },
  },
  AND_imm_w: {
    pre: logicalImm(sp, 32),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] & e[at + 3]; X[d + 1] = 0;
    },
  },
  // C6.2.205 ORR (immediate): X[d]|SP = X[n] OR imm
  ORR_imm_x: {
    pre: logicalImm(sp, 64),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      X[d] = X[n] | e[at + 3]; X[d + 1] = X[n + 1] | e[at + 4];
    },
  },
  ORR_imm_w: {
    pre: logicalImm(sp, 32),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] | e[at + 3]; X[d + 1] = 0;
    },
  },
  // C6.2.89 EOR (immediate): X[d]|SP = X[n] EOR imm
  EOR_imm_x: {
    pre: logicalImm(sp, 64),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      X[d] = X[n] ^ e[at + 3]; X[d + 1] = X[n + 1] ^ e[at + 4];
    },
  },
  EOR_imm_w: {
    pre: logicalImm(sp, 32),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] ^ e[at + 3]; X[d + 1] = 0;
    },
  },
  // C6.2.14 ANDS (immediate): X[d] = X[n] AND imm; PSTATE.NZCV = result<63>:IsZero(result):'00'
  ANDS_imm_x: {
    pre: logicalImm(wz, 64),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      const lo = X[n] & e[at + 3], hi = X[n + 1] & e[at + 4];
      X[d] = lo; X[d + 1] = hi;
      setNZ64(m, lo, hi);
    },
  },
  ANDS_imm_w: {
    pre: logicalImm(wz, 32),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      const r = X[e[at + 2]] & e[at + 3];
      X[d] = r; X[d + 1] = 0;
      setNZ32(m, r);
    },
  },

  // ================================================================ move wide (immediate)

  // C6.2 MOVN: X[d] = NOT(imm16 << pos)
  MOVN_x: { pre: moveWide(true, 64), exec: moveWideImm },
  MOVN_w: { pre: moveWide(true, 32), exec: moveWideImm },
  // C6.2 MOVZ: X[d] = imm16 << pos
  MOVZ_x: { pre: moveWide(false, 64), exec: moveWideImm },
  MOVZ_w: { pre: moveWide(false, 32), exec: moveWideImm },
  // C6.2 MOVK: X[d]<pos+15:pos> = imm16, other bits kept
  MOVK_x: {
    pre: moveWide(false, 64),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = (X[d] & e[at + 4]) | e[at + 2];
      X[d + 1] = (X[d + 1] & e[at + 5]) | e[at + 3];
    },
  },
  MOVK_w: {
    pre: moveWide(false, 32),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = (X[d] & e[at + 4]) | e[at + 2]; X[d + 1] = 0;
    },
  },

  // ================================================================ bitfield
  // ASL (C6.2 SBFM, BFM, UBFM), with (wmask, tmask) = DecodeBitMasks(N, imms, immr, FALSE):
  //   bot = (dst AND NOT(wmask)) OR (ROR(src, R) AND wmask)
  //   top = if extend then Replicate(src<S>) else dst
  //   X[d] = (top AND NOT(tmask)) OR (bot AND tmask)

  // C6.2 UBFM (dst = Zeros, no extend): X[d] = ROR(X[n], R) AND wmask AND tmask
  UBFM_x: {
    pre: bitfield(64),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      ror64(m, X[n], X[n + 1], e[at + 3]);
      X[d] = m.rlo & e[at + 4]; X[d + 1] = m.rhi & e[at + 5];
    },
  },
  UBFM_w: {
    pre: bitfield(32),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = ror32(X[e[at + 2]], e[at + 3]) & e[at + 4]; X[d + 1] = 0;
    },
  },
  // C6.2 BFM (dst = X[d], no extend): X[d] = (X[d] AND NOT mask) OR (ROR(X[n], R) AND mask)
  BFM_x: {
    pre: bitfield(64),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], lo = e[at + 4], hi = e[at + 5];
      ror64(m, X[n], X[n + 1], e[at + 3]);
      X[d] = (X[d] & ~lo) | (m.rlo & lo); X[d + 1] = (X[d + 1] & ~hi) | (m.rhi & hi);
    },
  },
  BFM_w: {
    pre: bitfield(32),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], mask = e[at + 4];
      X[d] = (X[d] & ~mask) | (ror32(X[e[at + 2]], e[at + 3]) & mask); X[d + 1] = 0;
    },
  },
  // C6.2 SBFM (dst = Zeros, extend): X[d] = (ROR(X[n], R) AND mask) OR (src<S> ? NOT(tmask) : 0)
  SBFM_x: {
    pre: sbfm64,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1] & 0xff, n = e[at + 1] >> 8, S = e[at + 2] >> 8;
      const sign = S < 32 ? (X[n] >>> S) & 1 : (X[n + 1] >>> (S - 32)) & 1;
      ror64(m, X[n], X[n + 1], e[at + 2] & 0xff);
      X[d] = (m.rlo & e[at + 3]) | (sign ? e[at + 5] : 0);
      X[d + 1] = (m.rhi & e[at + 4]) | (sign ? e[at + 6] : 0);
    },
  },
  SBFM_w: {
    pre: sbfm32,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], src = X[e[at + 2]];
      X[d] = (ror32(src, e[at + 3]) & e[at + 4]) | ((src >>> e[at + 6]) & 1 ? e[at + 5] : 0); X[d + 1] = 0;
    },
  },

  // ================================================================ extract

  // C6.2 EXTR: X[d] = (X[n]:X[m])<lsb+datasize-1:lsb>
  EXTR_x: {
    pre: preExtr,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      extract64(m, X[n], X[n + 1], X[r], X[r + 1], e[at + 4]);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  EXTR_w: {
    pre: preExtr,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], lsb = e[at + 4], lo = X[e[at + 3]];
      X[d] = lsb === 0 ? lo : (lo >>> lsb) | (X[e[at + 2]] << (32 - lsb)); X[d + 1] = 0;
    },
  },

  // ================================================================ data-processing (2 source)

  // C6.2 UDIV: X[d] = RoundTowardsZero(UInt(X[n]) / UInt(X[m])), 0 if X[m] = 0
  UDIV_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      udiv64(m, X[n], X[n + 1], X[r], X[r + 1]);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  UDIV_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], b = X[e[at + 3]] >>> 0;
      X[d] = b === 0 ? 0 : Math.floor((X[e[at + 2]] >>> 0) / b); X[d + 1] = 0;
    },
  },
  // C6.2 SDIV: X[d] = RoundTowardsZero(SInt(X[n]) / SInt(X[m])), 0 if X[m] = 0
  SDIV_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      sdiv64(m, X[n], X[n + 1], X[r], X[r + 1]);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SDIV_w: {
    pre: preDNM,
    exec(m, e, at) {
      // INT32_MIN / -1 = 2^31 wraps to INT32_MIN in the Int32Array store
      const X = m.X, d = e[at + 1], b = X[e[at + 3]];
      X[d] = b === 0 ? 0 : Math.trunc(X[e[at + 2]] / b); X[d + 1] = 0;
    },
  },
  // C6.2 LSLV: X[d] = ShiftReg(X[n], LSL, UInt(X[m]) MOD datasize)
  LSLV_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      lsl64(m, X[n], X[n + 1], X[e[at + 3]] & 63);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  LSLV_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] << (X[e[at + 3]] & 31); X[d + 1] = 0;
    },
  },
  // C6.2 LSRV: X[d] = ShiftReg(X[n], LSR, UInt(X[m]) MOD datasize)
  LSRV_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      lsr64(m, X[n], X[n + 1], X[e[at + 3]] & 63);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  LSRV_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] >>> (X[e[at + 3]] & 31); X[d + 1] = 0;
    },
  },
  // C6.2 ASRV: X[d] = ShiftReg(X[n], ASR, UInt(X[m]) MOD datasize)
  ASRV_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      asr64(m, X[n], X[n + 1], X[e[at + 3]] & 63);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ASRV_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] >> (X[e[at + 3]] & 31); X[d + 1] = 0;
    },
  },
  // C6.2 RORV: X[d] = ShiftReg(X[n], ROR, UInt(X[m]) MOD datasize)
  RORV_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      ror64(m, X[n], X[n + 1], X[e[at + 3]] & 63);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  RORV_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = ror32(X[e[at + 2]], X[e[at + 3]] & 31); X[d + 1] = 0;
    },
  },

  // ================================================================ data-processing (1 source)

  // C6.2 RBIT: X[d]<i> = X[n]<datasize-1-i>
  RBIT_x: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], lo = X[n];
      X[d] = rbit32(X[n + 1]); X[d + 1] = rbit32(lo);
    },
  },
  RBIT_w: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = rbit32(X[e[at + 2]]); X[d + 1] = 0;
    },
  },
  // C6.2 REV16: reverse the bytes of each halfword
  REV16_x: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      X[d] = rev16(X[n]); X[d + 1] = rev16(X[n + 1]);
    },
  },
  REV16_w: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = rev16(X[e[at + 2]]); X[d + 1] = 0;
    },
  },
  // C6.2 REV32: reverse the bytes of each word
  REV32_x: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      X[d] = rev32(X[n]); X[d + 1] = rev32(X[n + 1]);
    },
  },
  // C6.2 REV (REV64 is its assembler-only spelling): reverse the bytes of the register
  REV_x: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], lo = X[n];
      X[d] = rev32(X[n + 1]); X[d + 1] = rev32(lo);
    },
  },
  REV_w: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = rev32(X[e[at + 2]]); X[d + 1] = 0;
    },
  },
  // C6.2 CLZ: X[d] = CountLeadingZeroBits(X[n])
  CLZ_x: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      X[d] = clz64(X[n], X[n + 1]); X[d + 1] = 0;
    },
  },
  CLZ_w: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = Math.clz32(X[e[at + 2]]); X[d + 1] = 0;
    },
  },
  // C6.2 CLS: X[d] = CountLeadingSignBits(X[n])
  CLS_x: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2];
      X[d] = cls64(X[n], X[n + 1]); X[d + 1] = 0;
    },
  },
  CLS_w: {
    pre: preDN,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = cls32(X[e[at + 2]]); X[d + 1] = 0;
    },
  },

  // ================================================================ logical (shifted register)
  // operand2 = ShiftReg(X[m], shift, amount), inverted for BIC/ORN/EON/BICS

  // C6.2 AND (shifted register): X[d] = X[n] AND operand2
  AND_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      X[d] = X[n] & m.rlo; X[d + 1] = X[n + 1] & m.rhi;
    },
  },
  AND_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] & shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]); X[d + 1] = 0;
    },
  },

  // C6.2 BIC (shifted register): X[d] = X[n] AND NOT operand2
  BIC_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      X[d] = X[n] & ~m.rlo; X[d + 1] = X[n + 1] & ~m.rhi;
    },
  },
  BIC_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] & ~shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]); X[d + 1] = 0;
    },
  },

  // C6.2 ORR (shifted register): X[d] = X[n] OR operand2
  ORR_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      X[d] = X[n] | m.rlo; X[d + 1] = X[n + 1] | m.rhi;
    },
  },
  ORR_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] | shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]); X[d + 1] = 0;
    },
  },

  // C6.2 ORN (shifted register): X[d] = X[n] OR NOT operand2
  ORN_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      X[d] = X[n] | ~m.rlo; X[d + 1] = X[n + 1] | ~m.rhi;
    },
  },
  ORN_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] | ~shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]); X[d + 1] = 0;
    },
  },

  // C6.2 EOR (shifted register): X[d] = X[n] EOR operand2
  EOR_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      X[d] = X[n] ^ m.rlo; X[d + 1] = X[n + 1] ^ m.rhi;
    },
  },
  EOR_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] ^ shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]); X[d + 1] = 0;
    },
  },

  // C6.2 EON (shifted register): X[d] = X[n] EOR NOT operand2
  EON_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      X[d] = X[n] ^ ~m.rlo; X[d + 1] = X[n + 1] ^ ~m.rhi;
    },
  },
  EON_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] ^ ~shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]); X[d + 1] = 0;
    },
  },

  // C6.2 ANDS (shifted register): X[d] = X[n] AND operand2; PSTATE.NZCV = result<N-1>:IsZero(result):'00'
  ANDS_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      const lo = X[n] & m.rlo, hi = X[n + 1] & m.rhi;
      X[d] = lo; X[d + 1] = hi;
      setNZ64(m, lo, hi);
    },
  },
  ANDS_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      const r = X[e[at + 2]] & shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]);
      X[d] = r; X[d + 1] = 0;
      setNZ32(m, r);
    },
  },

  // C6.2 BICS (shifted register): X[d] = X[n] AND NOT operand2; PSTATE.NZCV = result<N-1>:IsZero(result):'00'
  BICS_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      const lo = X[n] & ~m.rlo, hi = X[n + 1] & ~m.rhi;
      X[d] = lo; X[d + 1] = hi;
      setNZ64(m, lo, hi);
    },
  },
  BICS_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      const r = X[e[at + 2]] & ~shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]);
      X[d] = r; X[d + 1] = 0;
      setNZ32(m, r);
    },
  },

  // ================================================================ add/subtract (shifted register)
  // operand2 = ShiftReg(X[m], shift, amount) (LSL, LSR, ASR)

  // C6.2 ADD (shifted register): X[d] = X[n] + operand2
  ADD_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      add64(m, X[n], X[n + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADD_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] + shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]); X[d + 1] = 0;
    },
  },

  // C6.2 ADDS (shifted register): (X[d], NZCV) = AddWithCarry(X[n], operand2, '0')
  ADDS_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      setNZCV(m, addWithCarry64(m, X[n], X[n + 1], m.rlo, m.rhi, 0));
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADDS_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      setNZCV(m, addWithCarry32(m, X[e[at + 2]], shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]), 0));
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // C6.2 SUB (shifted register): X[d] = X[n] - operand2
  SUB_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      sub64(m, X[n], X[n + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SUB_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 2]] - shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]); X[d + 1] = 0;
    },
  },

  // C6.2 SUBS (shifted register): (X[d], NZCV) = AddWithCarry(X[n], NOT(operand2), '1')
  SUBS_shift_x: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      shiftReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      setNZCV(m, addWithCarry64(m, X[n], X[n + 1], ~m.rlo, ~m.rhi, 1));
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SUBS_shift_w: {
    pre: preShifted,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      setNZCV(m, addWithCarry32(m, X[e[at + 2]], ~shiftReg32(X[e[at + 3]], e[at + 4], e[at + 5]), 1));
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // ================================================================ add/subtract (extended register)
  // operand2 = ExtendReg(m, option, shift); Rn is Xn|SP, and Rd is Xd|SP for ADD and SUB

  // C6.2 ADD (extended register): X[d] = X[n] + operand2
  ADD_ext_x: {
    pre: extended(sp),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      extendReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      add64(m, X[n], X[n + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADD_ext_w: {
    pre: extended(sp),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], r = e[at + 3];
      extendReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      X[d] = X[e[at + 2]] + m.rlo; X[d + 1] = 0;
    },
  },

  // C6.2 ADDS (extended register): (X[d], NZCV) = AddWithCarry(X[n], operand2, '0')
  ADDS_ext_x: {
    pre: extended(wz),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      extendReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      setNZCV(m, addWithCarry64(m, X[n], X[n + 1], m.rlo, m.rhi, 0));
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADDS_ext_w: {
    pre: extended(wz),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], r = e[at + 3];
      extendReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      setNZCV(m, addWithCarry32(m, X[e[at + 2]], m.rlo, 0));
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // C6.2 SUB (extended register): X[d] = X[n] - operand2
  SUB_ext_x: {
    pre: extended(sp),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      extendReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      sub64(m, X[n], X[n + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SUB_ext_w: {
    pre: extended(sp),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], r = e[at + 3];
      extendReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      X[d] = X[e[at + 2]] - m.rlo; X[d + 1] = 0;
    },
  },

  // C6.2 SUBS (extended register): (X[d], NZCV) = AddWithCarry(X[n], NOT(operand2), '1')
  SUBS_ext_x: {
    pre: extended(wz),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      extendReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      setNZCV(m, addWithCarry64(m, X[n], X[n + 1], ~m.rlo, ~m.rhi, 1));
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SUBS_ext_w: {
    pre: extended(wz),
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], r = e[at + 3];
      extendReg64(m, X[r], X[r + 1], e[at + 4], e[at + 5]);
      setNZCV(m, addWithCarry32(m, X[e[at + 2]], ~m.rlo, 1));
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // ================================================================ add/subtract (with carry)

  // C6.2 ADC: X[d] = AddWithCarry(X[n], X[m], PSTATE.C)
  ADC_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      addWithCarry64(m, X[n], X[n + 1], X[r], X[r + 1], m.s.c);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADC_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      addWithCarry32(m, X[e[at + 2]], X[e[at + 3]], m.s.c);
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // C6.2 ADCS: (X[d], NZCV) = AddWithCarry(X[n], X[m], PSTATE.C)
  ADCS_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      setNZCV(m, addWithCarry64(m, X[n], X[n + 1], X[r], X[r + 1], m.s.c));
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADCS_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      setNZCV(m, addWithCarry32(m, X[e[at + 2]], X[e[at + 3]], m.s.c));
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // C6.2 SBC: X[d] = AddWithCarry(X[n], NOT(X[m]), PSTATE.C)
  SBC_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      addWithCarry64(m, X[n], X[n + 1], ~X[r], ~X[r + 1], m.s.c);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SBC_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      addWithCarry32(m, X[e[at + 2]], ~X[e[at + 3]], m.s.c);
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // C6.2 SBCS: (X[d], NZCV) = AddWithCarry(X[n], NOT(X[m]), PSTATE.C)
  SBCS_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      setNZCV(m, addWithCarry64(m, X[n], X[n + 1], ~X[r], ~X[r + 1], m.s.c));
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  SBCS_w: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      setNZCV(m, addWithCarry32(m, X[e[at + 2]], ~X[e[at + 3]], m.s.c));
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },

  // ================================================================ conditional compare
  // if ConditionHolds(cond) then NZCV = flags of the compare else NZCV = #nzcv

  // C6.2 CCMN (register): flags of AddWithCarry(X[n], X[m], '0')
  CCMN_reg_x: {
    pre: condCmp('reg'),
    exec(m, e, at) {
      const X = m.X, n = e[at + 1], r = e[at + 2];
      setNZCV(m, conditionHolds(m, e[at + 3]) ? addWithCarry64(m, X[n], X[n + 1], X[r], X[r + 1], 0) : e[at + 4]);
    },
  },
  CCMN_reg_w: {
    pre: condCmp('reg'),
    exec(m, e, at) {
      const X = m.X;
      setNZCV(m, conditionHolds(m, e[at + 3]) ? addWithCarry32(m, X[e[at + 1]], X[e[at + 2]], 0) : e[at + 4]);
    },
  },

  // C6.2 CCMN (immediate): flags of AddWithCarry(X[n], imm5, '0')
  CCMN_imm_x: {
    pre: condCmp('imm'),
    exec(m, e, at) {
      const X = m.X, n = e[at + 1];
      setNZCV(m, conditionHolds(m, e[at + 3]) ? addWithCarry64(m, X[n], X[n + 1], e[at + 2], 0, 0) : e[at + 4]);
    },
  },
  CCMN_imm_w: {
    pre: condCmp('imm'),
    exec(m, e, at) {
      const X = m.X;
      setNZCV(m, conditionHolds(m, e[at + 3]) ? addWithCarry32(m, X[e[at + 1]], e[at + 2], 0) : e[at + 4]);
    },
  },

  // C6.2 CCMP (register): flags of AddWithCarry(X[n], NOT(X[m]), '1')
  CCMP_reg_x: {
    pre: condCmp('reg'),
    exec(m, e, at) {
      const X = m.X, n = e[at + 1], r = e[at + 2];
      setNZCV(m, conditionHolds(m, e[at + 3]) ? addWithCarry64(m, X[n], X[n + 1], ~X[r], ~X[r + 1], 1) : e[at + 4]);
    },
  },
  CCMP_reg_w: {
    pre: condCmp('reg'),
    exec(m, e, at) {
      const X = m.X;
      setNZCV(m, conditionHolds(m, e[at + 3]) ? addWithCarry32(m, X[e[at + 1]], ~X[e[at + 2]], 1) : e[at + 4]);
    },
  },

  // C6.2 CCMP (immediate): flags of AddWithCarry(X[n], NOT(imm5), '1')
  CCMP_imm_x: {
    pre: condCmp('notImm'),
    exec(m, e, at) {
      const X = m.X, n = e[at + 1];
      setNZCV(m, conditionHolds(m, e[at + 3]) ? addWithCarry64(m, X[n], X[n + 1], e[at + 2], -1, 1) : e[at + 4]);
    },
  },
  CCMP_imm_w: {
    pre: condCmp('notImm'),
    exec(m, e, at) {
      const X = m.X;
      setNZCV(m, conditionHolds(m, e[at + 3]) ? addWithCarry32(m, X[e[at + 1]], e[at + 2], 1) : e[at + 4]);
    },
  },

  // ================================================================ conditional select
  // X[d] = if ConditionHolds(cond) then X[n] else f(X[m])

  // C6.2 CSEL: f(x) = x
  CSEL_x: {
    pre: preCsel,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], s = conditionHolds(m, e[at + 4]) ? e[at + 2] : e[at + 3];
      X[d] = X[s]; X[d + 1] = X[s + 1];
    },
  },
  CSEL_w: {
    pre: preCsel,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = conditionHolds(m, e[at + 4]) ? X[e[at + 2]] : X[e[at + 3]]; X[d + 1] = 0;
    },
  },
  // C6.2 CSINC: f(x) = x + 1
  CSINC_x: {
    pre: preCsel,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      if (conditionHolds(m, e[at + 4])) { X[d] = X[n]; X[d + 1] = X[n + 1]; return; }
      const lo = (X[r] + 1) | 0;
      X[d] = lo; X[d + 1] = X[r + 1] + (lo === 0 ? 1 : 0);
    },
  },
  CSINC_w: {
    pre: preCsel,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = conditionHolds(m, e[at + 4]) ? X[e[at + 2]] : X[e[at + 3]] + 1; X[d + 1] = 0;
    },
  },
  // C6.2 CSINV: f(x) = NOT(x)
  CSINV_x: {
    pre: preCsel,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      if (conditionHolds(m, e[at + 4])) { X[d] = X[n]; X[d + 1] = X[n + 1]; return; }
      X[d] = ~X[r]; X[d + 1] = ~X[r + 1];
    },
  },
  CSINV_w: {
    pre: preCsel,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = conditionHolds(m, e[at + 4]) ? X[e[at + 2]] : ~X[e[at + 3]]; X[d + 1] = 0;
    },
  },
  // C6.2 CSNEG: f(x) = NOT(x) + 1
  CSNEG_x: {
    pre: preCsel,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      if (conditionHolds(m, e[at + 4])) { X[d] = X[n]; X[d + 1] = X[n + 1]; return; }
      const lo = -X[r] | 0;
      X[d] = lo; X[d + 1] = ~X[r + 1] + (lo === 0 ? 1 : 0);
    },
  },
  CSNEG_w: {
    pre: preCsel,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = conditionHolds(m, e[at + 4]) ? X[e[at + 2]] : -X[e[at + 3]]; X[d + 1] = 0;
    },
  },

  // ================================================================ data-processing (3 source)

  // C6.2 MADD: X[d] = X[a] + X[n] * X[m] (low datasize bits)
  MADD_x: {
    pre: preDNMA,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3], a = e[at + 4];
      mul64(m, X[n], X[n + 1], X[r], X[r + 1]);
      add64(m, X[a], X[a + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  MADD_w: {
    pre: preDNMA,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 4]] + Math.imul(X[e[at + 2]], X[e[at + 3]]); X[d + 1] = 0;
    },
  },
  // C6.2 MSUB: X[d] = X[a] - X[n] * X[m]
  MSUB_x: {
    pre: preDNMA,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3], a = e[at + 4];
      mul64(m, X[n], X[n + 1], X[r], X[r + 1]);
      sub64(m, X[a], X[a + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  MSUB_w: {
    pre: preDNMA,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1];
      X[d] = X[e[at + 4]] - Math.imul(X[e[at + 2]], X[e[at + 3]]); X[d + 1] = 0;
    },
  },
  // C6.2 SMADDL: X[d] = X[a] + SInt(W[n]) * SInt(W[m])
  SMADDL_x: {
    pre: preDNMA,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], a = e[at + 4];
      smul32(m, X[e[at + 2]], X[e[at + 3]]);
      add64(m, X[a], X[a + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  // C6.2 SMSUBL: X[d] = X[a] - SInt(W[n]) * SInt(W[m])
  SMSUBL_x: {
    pre: preDNMA,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], a = e[at + 4];
      smul32(m, X[e[at + 2]], X[e[at + 3]]);
      sub64(m, X[a], X[a + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  // C6.2 UMADDL: X[d] = X[a] + UInt(W[n]) * UInt(W[m])
  UMADDL_x: {
    pre: preDNMA,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], a = e[at + 4];
      umul32(m, X[e[at + 2]], X[e[at + 3]]);
      add64(m, X[a], X[a + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  // C6.2 UMSUBL: X[d] = X[a] - UInt(W[n]) * UInt(W[m])
  UMSUBL_x: {
    pre: preDNMA,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], a = e[at + 4];
      umul32(m, X[e[at + 2]], X[e[at + 3]]);
      sub64(m, X[a], X[a + 1], m.rlo, m.rhi);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  // C6.2 SMULH: X[d] = (SInt(X[n]) * SInt(X[m]))<127:64>
  SMULH_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      smulh64(m, X[n], X[n + 1], X[r], X[r + 1]);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  // C6.2 UMULH: X[d] = (UInt(X[n]) * UInt(X[m]))<127:64>
  UMULH_x: {
    pre: preDNM,
    exec(m, e, at) {
      const X = m.X, d = e[at + 1], n = e[at + 2], r = e[at + 3];
      umulh64(m, X[n], X[n + 1], X[r], X[r + 1]);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
};
