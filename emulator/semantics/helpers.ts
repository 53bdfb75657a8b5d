// The accessor vocabulary of the semantics (STYLE §5) and the Arm ASL
// helpers they call, on 64-bit values held as 32-bit halves.
//
// Register operands are predecoded to slots (cpu-state.ts): `xs` for an
// `Xn|SP` operand, `xr` for a source where 31 is XZR, `xw` for a
// destination where 31 is XZR (writes go to the sink). Handlers then index
// m.X[2*slot] (low half) and m.X[2*slot+1] (high half) without testing 31.
//
// 64-bit results of helpers are returned in m.rlo / m.rhi (no allocation).

import { SINK, SP, ZR } from '../cpu-state.ts';
import type { Machine } from '../machine.ts';

/** Slot of an `<Xn|SP>` operand. */
export const xs = (n: number): number => n;
/** Slot of a source operand where 31 is the zero register. */
export const xr = (n: number): number => (n === 31 ? ZR : n);
/** Slot of a destination operand where 31 is the zero register. */
export const xw = (n: number): number => (n === 31 ? SINK : n);
export { SP };

const TWO32 = 4294967296;

/**
 * AddWithCarry (Arm ARM J1.1.3, shared/functions/integer/AddWithCarry) for
 * 64-bit operands: result in m.rlo/m.rhi; returns NZCV as a 4-bit value.
 */
export function addWithCarry64(m: Machine, alo: number, ahi: number, blo: number, bhi: number, cin: number): number {
  const lo = (alo >>> 0) + (blo >>> 0) + cin;
  const c0 = lo >= TWO32 ? 1 : 0;
  const hi = (ahi >>> 0) + (bhi >>> 0) + c0;
  const rlo = lo | 0;
  const rhi = hi | 0;
  m.rlo = rlo;
  m.rhi = rhi;
  const n = rhi < 0 ? 1 : 0;
  const z = rlo === 0 && rhi === 0 ? 1 : 0;
  const c = hi >= TWO32 ? 1 : 0;
  // signed overflow: operands of equal sign, result of the other
  const v = ((ahi ^ rhi) & (bhi ^ rhi)) < 0 ? 1 : 0;
  return (n << 3) | (z << 2) | (c << 1) | v;
}

/** AddWithCarry for 32-bit operands: result (int32) in m.rlo, m.rhi = 0; returns NZCV. */
export function addWithCarry32(m: Machine, a: number, b: number, cin: number): number {
  const u = (a >>> 0) + (b >>> 0) + cin;
  const r = u | 0;
  m.rlo = r;
  m.rhi = 0;
  const n = r < 0 ? 1 : 0;
  const z = r === 0 ? 1 : 0;
  const c = u >= TWO32 ? 1 : 0;
  const v = ((a ^ r) & (b ^ r)) < 0 ? 1 : 0;
  return (n << 3) | (z << 2) | (c << 1) | v;
}

/** PSTATE.NZCV <- nzcv. */
export function setNZCV(m: Machine, nzcv: number): void {
  const s = m.s;
  s.n = (nzcv >> 3) & 1;
  s.z = (nzcv >> 2) & 1;
  s.c = (nzcv >> 1) & 1;
  s.v = nzcv & 1;
}

/** N and Z from a 64-bit result, C = V = 0 (logical ops with S). */
export function setNZ64(m: Machine, lo: number, hi: number): void {
  const s = m.s;
  s.n = hi < 0 ? 1 : 0;
  s.z = lo === 0 && hi === 0 ? 1 : 0;
  s.c = 0;
  s.v = 0;
}

export function setNZ32(m: Machine, r: number): void {
  const s = m.s;
  s.n = r < 0 ? 1 : 0;
  s.z = r === 0 ? 1 : 0;
  s.c = 0;
  s.v = 0;
}

/** ConditionHolds (Arm ARM J1.2.3, shared/functions/system/ConditionHolds). */
export function conditionHolds(m: Machine, cond: number): boolean {
  const s = m.s;
  let r: boolean;
  switch (cond >> 1) {
    case 0: r = s.z === 1; break; // EQ/NE
    case 1: r = s.c === 1; break; // CS/CC
    case 2: r = s.n === 1; break; // MI/PL
    case 3: r = s.v === 1; break; // VS/VC
    case 4: r = s.c === 1 && s.z === 0; break; // HI/LS
    case 5: r = s.n === s.v; break; // GE/LT
    case 6: r = s.n === s.v && s.z === 0; break; // GT/LE
    default: r = true; // AL/NV
  }
  return (cond & 1) === 1 && cond !== 15 ? !r : r;
}

// ---------------------------------------------------------------- shifts on halves

/** LSL of a 64-bit value by 0..63 into m.rlo/m.rhi. */
export function lsl64(m: Machine, lo: number, hi: number, sh: number): void {
  sh &= 63;
  if (sh === 0) { m.rlo = lo; m.rhi = hi; }
  else if (sh < 32) { m.rhi = (hi << sh) | (lo >>> (32 - sh)); m.rlo = lo << sh; }
  else { m.rhi = lo << (sh - 32); m.rlo = 0; }
}

/** LSR of a 64-bit value by 0..63. */
export function lsr64(m: Machine, lo: number, hi: number, sh: number): void {
  sh &= 63;
  if (sh === 0) { m.rlo = lo; m.rhi = hi; }
  else if (sh < 32) { m.rlo = (lo >>> sh) | (hi << (32 - sh)); m.rhi = hi >>> sh | 0; }
  else { m.rlo = (hi >>> (sh - 32)) | 0; m.rhi = 0; }
}

/** ASR of a 64-bit value by 0..63. */
export function asr64(m: Machine, lo: number, hi: number, sh: number): void {
  sh &= 63;
  if (sh === 0) { m.rlo = lo; m.rhi = hi; }
  else if (sh < 32) { m.rlo = (lo >>> sh) | (hi << (32 - sh)); m.rhi = hi >> sh; }
  else { m.rlo = hi >> (sh - 32); m.rhi = hi >> 31; }
}

/** ROR of a 64-bit value by 0..63. */
export function ror64(m: Machine, lo: number, hi: number, sh: number): void {
  sh &= 63;
  if (sh === 0) { m.rlo = lo; m.rhi = hi; return; }
  if (sh >= 32) { const t = lo; lo = hi; hi = t; sh -= 32; }
  if (sh === 0) { m.rlo = lo; m.rhi = hi; return; }
  m.rlo = (lo >>> sh) | (hi << (32 - sh));
  m.rhi = (hi >>> sh) | (lo << (32 - sh));
}

/** ShiftReg for 64-bit: type 0 LSL, 1 LSR, 2 ASR, 3 ROR. */
export function shiftReg64(m: Machine, lo: number, hi: number, type: number, amount: number): void {
  switch (type) {
    case 0: lsl64(m, lo, hi, amount); break;
    case 1: lsr64(m, lo, hi, amount); break;
    case 2: asr64(m, lo, hi, amount); break;
    default: ror64(m, lo, hi, amount);
  }
}

/** ShiftReg for 32-bit values (amount 0..31); returns int32. */
export function shiftReg32(v: number, type: number, amount: number): number {
  amount &= 31;
  switch (type) {
    case 0: return v << amount;
    case 1: return (v >>> amount) | 0;
    case 2: return v >> amount;
    default: return amount === 0 ? v : (v >>> amount) | (v << (32 - amount));
  }
}

/**
 * ExtendReg (Arm ARM J1.1.3, aarch64/instrs/extendreg/ExtendReg) for 64-bit
 * results: option 0..7 = UXTB UXTH UXTW UXTX SXTB SXTH SXTW SXTX, then LSL #shift (0..4).
 */
export function extendReg64(m: Machine, lo: number, hi: number, option: number, shift: number): void {
  switch (option) {
    case 0: lo &= 0xff; hi = 0; break;
    case 1: lo &= 0xffff; hi = 0; break;
    case 2: hi = 0; break;
    case 3: break;
    case 4: lo = (lo << 24) >> 24; hi = lo >> 31; break;
    case 5: lo = (lo << 16) >> 16; hi = lo >> 31; break;
    case 6: hi = lo >> 31; break;
    default: break;
  }
  lsl64(m, lo, hi, shift);
}

/** 64x64 -> low 64 multiply of halves (MUL/MADD), into m.rlo/m.rhi. Exact via 16-bit limbs. */
export function mul64(m: Machine, alo: number, ahi: number, blo: number, bhi: number): void {
  const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
  // low 32 x low 32 -> 64
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lo = ((mid & 0xffff) << 16) | (p00 & 0xffff);
  const carry = Math.floor(mid / 65536) + Math.floor(p01 / 65536) + Math.floor(p10 / 65536) + p11;
  const hi = (carry + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
  m.rlo = lo | 0;
  m.rhi = hi;
}

/** Unsigned 64-bit value of halves as a JS number when below 2^53 (addresses): */
export function toNum(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}
