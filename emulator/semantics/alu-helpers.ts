// Helpers for the integer data-processing semantics (alu.ts) on 64-bit
// values held as 32-bit halves (lo, hi), named after the Arm ASL where an
// ASL function exists. Results of 64-bit helpers come back in m.rlo/m.rhi,
// like those in helpers.ts. No allocation, no BigInt: they run on the hot
// path. Predecode-time helpers (BigInt allowed) are at the end.

import { decodeBitMasks, type DataSize } from '../../isa/table/dp-imm-operands.ts';
import type { Machine } from '../machine.ts';

const TWO32 = 4294967296;
const TWO16 = 65536;

// ---------------------------------------------------------------- add / negate

/** The result of AddWithCarry(x, y, '0') without the flags (ADD, MADD). */
export function add64(m: Machine, alo: number, ahi: number, blo: number, bhi: number): void {
  const lo = (alo >>> 0) + (blo >>> 0);
  m.rlo = lo | 0;
  m.rhi = (ahi + bhi + (lo >= TWO32 ? 1 : 0)) | 0;
}

/** The result of AddWithCarry(x, NOT(y), '1') = x - y without the flags (SUB, MSUB). */
export function sub64(m: Machine, alo: number, ahi: number, blo: number, bhi: number): void {
  const lo = (alo >>> 0) - (blo >>> 0);
  m.rlo = lo | 0;
  m.rhi = (ahi - bhi - (lo < 0 ? 1 : 0)) | 0;
}

// ---------------------------------------------------------------- rotates and extract

/** ROR(x, sh) for a 32-bit x, sh in 0..31. */
export function ror32(x: number, sh: number): number {
  return sh === 0 ? x : (x >>> sh) | (x << (32 - sh));
}

/**
 * EXTR's (Xn:Xm)<lsb+63:lsb> for lsb in 0..63: the low 64 bits of the
 * 128-bit concatenation shifted right by lsb.
 */
export function extract64(m: Machine, nlo: number, nhi: number, mlo: number, mhi: number, lsb: number): void {
  if (lsb >= 32) { mlo = mhi; mhi = nlo; nlo = nhi; lsb -= 32; }
  if (lsb === 0) { m.rlo = mlo; m.rhi = mhi; return; }
  m.rlo = (mlo >>> lsb) | (mhi << (32 - lsb));
  m.rhi = (mhi >>> lsb) | (nlo << (32 - lsb));
}

// ---------------------------------------------------------------- one source

/** CountLeadingZeroBits of a 64-bit value. */
export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/**
 * CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>).
 * x EOR ASR(x, 1) holds that (N-1)-bit value under a zero top bit, so its
 * N-bit leading-zero count is one more.
 */
export function cls64(lo: number, hi: number): number {
  return clz64(lo ^ ((lo >>> 1) | (hi << 31)), hi ^ (hi >> 1)) - 1;
}

export function cls32(x: number): number {
  return Math.clz32(x ^ (x >> 1)) - 1;
}

/** RBIT of a 32-bit value (bit i -> bit 31-i), by swapping ever larger groups. */
export function rbit32(x: number): number {
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  return (x >>> 16) | (x << 16);
}

/** Reverse the four bytes of a 32-bit value (REV on one word). */
export function rev32(x: number): number {
  return (x >>> 24) | ((x >>> 8) & 0xff00) | ((x & 0xff00) << 8) | (x << 24);
}

/** Swap the bytes of each 16-bit halfword (REV16 on one word). */
export function rev16(x: number): number {
  return ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
}

// ---------------------------------------------------------------- multiply

/** Unsigned 32 x 32 -> 64 product into m.rlo/m.rhi (exact: 16-bit split keeps partials below 2^49). */
export function umul32(m: Machine, a: number, b: number): void {
  const ua = a >>> 0;
  const pl = ua * (b & 0xffff);
  const mid = ua * (b >>> 16) + Math.floor(pl / TWO16);
  m.rlo = (mid << 16) | (pl & 0xffff);
  m.rhi = Math.floor(mid / TWO16) | 0;
}

/** Signed 32 x 32 -> 64 product: the unsigned one minus 2^32 * b for a < 0 (and vice versa). */
export function smul32(m: Machine, a: number, b: number): void {
  umul32(m, a, b);
  m.rhi = (m.rhi - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** Bits 127:64 of the unsigned 128-bit product (UMULH), from four 32 x 32 partials. */
export function umulh64(m: Machine, alo: number, ahi: number, blo: number, bhi: number): void {
  umul32(m, alo, blo);
  const h00 = m.rhi >>> 0;
  umul32(m, alo, bhi);
  const l01 = m.rlo >>> 0, h01 = m.rhi >>> 0;
  umul32(m, ahi, blo);
  const l10 = m.rlo >>> 0, h10 = m.rhi >>> 0;
  umul32(m, ahi, bhi);
  const l11 = m.rlo >>> 0, h11 = m.rhi >>> 0;
  const w2 = h01 + h10 + l11 + Math.floor((h00 + l01 + l10) / TWO32);
  m.rlo = w2 | 0;
  m.rhi = (h11 + Math.floor(w2 / TWO32)) | 0;
}

/**
 * Bits 127:64 of the signed product (SMULH): as unsigned, the product of
 * SInt(a) = UInt(a) - 2^64 * a<63> differs by 2^64 * (b if a < 0, + a if b < 0).
 */
export function smulh64(m: Machine, alo: number, ahi: number, blo: number, bhi: number): void {
  umulh64(m, alo, ahi, blo, bhi);
  if (ahi < 0) sub64(m, m.rlo, m.rhi, blo, bhi);
  if (bhi < 0) sub64(m, m.rlo, m.rhi, alo, ahi);
}

// ---------------------------------------------------------------- divide

/**
 * UDIV: RoundTowardsZero(UInt(a) / UInt(b)), 0 when b = 0 (Arm ARM: the
 * A64 divides never trap). Exact for all 64-bit operands:
 *  - both below 2^53: doubles; `a % b` is exact, so (a - a % b) / b is the
 *    exact quotient;
 *  - b below 2^32: long division by 16-bit limbs, each step below 2^48;
 *  - otherwise the quotient fits 32 bits: bit-serial restoring division.
 */
export function udiv64(m: Machine, alo: number, ahi: number, blo: number, bhi: number): void {
  const a1 = ahi >>> 0, b1 = bhi >>> 0, b0 = blo >>> 0;
  if (b1 === 0 && b0 === 0) { m.rlo = 0; m.rhi = 0; return; }
  if (a1 < 0x200000 && b1 < 0x200000) {
    const a = a1 * TWO32 + (alo >>> 0), b = b1 * TWO32 + b0;
    const q = (a - (a % b)) / b;
    m.rlo = q | 0;
    m.rhi = (q / TWO32) | 0;
  } else if (b1 === 0) udivLimbs(m, alo, a1, b0);
  else udivBits(m, alo, a1, b0, b1);
}

/** Long division of (a1:alo) by b < 2^32 in 32- then 16-bit digits. */
function udivLimbs(m: Machine, alo: number, a1: number, b: number): void {
  const q2 = Math.floor(a1 / b);
  let x = (a1 - q2 * b) * TWO16 + (alo >>> 16);
  const q1 = Math.floor(x / b);
  x = (x - q1 * b) * TWO16 + (alo & 0xffff);
  m.rlo = (q1 * TWO16 + Math.floor(x / b)) | 0;
  m.rhi = q2 | 0;
}

/**
 * Restoring division for b >= 2^32: the quotient has at most 32 bits, and
 * the partial remainder starts as a >> 32 (< b). `top` is the bit shifted
 * out of the 64-bit remainder: when set the remainder exceeds b.
 */
function udivBits(m: Machine, alo: number, a1: number, b0: number, b1: number): void {
  let rhi = 0, rlo = a1, q = 0;
  for (let i = 31; i >= 0; i--) {
    const top = rhi >>> 31;
    rhi = ((rhi << 1) | (rlo >>> 31)) >>> 0;
    rlo = ((rlo << 1) | ((alo >>> i) & 1)) >>> 0;
    if (top !== 0 || rhi > b1 || (rhi === b1 && rlo >= b0)) {
      const lo = rlo - b0;
      rhi = (rhi - b1 - (lo < 0 ? 1 : 0)) >>> 0;
      rlo = lo >>> 0;
      q |= 1 << i;
    }
  }
  m.rlo = q;
  m.rhi = 0;
}

/**
 * SDIV: RoundTowardsZero(SInt(a) / SInt(b)), 0 when b = 0; INT64_MIN / -1
 * wraps to INT64_MIN (|INT64_MIN| = 2^63 divides as unsigned, and negating
 * 2^63 modulo 2^64 gives it back).
 */
export function sdiv64(m: Machine, alo: number, ahi: number, blo: number, bhi: number): void {
  if ((ahi + 0x200000) >>> 0 < 0x400000 && (bhi + 0x200000) >>> 0 < 0x400000) {
    const a = ahi * TWO32 + (alo >>> 0), b = bhi * TWO32 + (blo >>> 0);
    if (b === 0) { m.rlo = 0; m.rhi = 0; return; }
    const q = (a - (a % b)) / b;
    m.rlo = q | 0;
    m.rhi = Math.floor(q / TWO32) | 0;
    return;
  }
  const neg = (ahi ^ bhi) < 0;
  if (ahi < 0) { ahi = ~ahi + (alo === 0 ? 1 : 0); alo = -alo | 0; }
  if (bhi < 0) { bhi = ~bhi + (blo === 0 ? 1 : 0); blo = -blo | 0; }
  udiv64(m, alo, ahi, blo, bhi);
  if (neg) { m.rhi = (~m.rhi + (m.rlo === 0 ? 1 : 0)) | 0; m.rlo = -m.rlo | 0; }
}

// ---------------------------------------------------------------- predecode only

/**
 * DecodeBitMasks(immN, imms, immr, immediate, M) as halves:
 * [wmask lo, wmask hi, tmask lo, tmask hi] (hi = 0 for M = 32). Runs at
 * predecode; the decoder has already rejected the reserved encodings.
 */
export function bitMaskHalves(immN: number, imms: number, immr: number, immediate: boolean, M: DataSize): [number, number, number, number] {
  const r = decodeBitMasks(immN, imms, immr, immediate, M);
  if (!r) throw new Error(`DecodeBitMasks: reserved encoding N=${immN} imms=${imms} immr=${immr}`);
  const lo = (v: bigint) => Number(v & 0xffffffffn) | 0;
  const hi = (v: bigint) => Number((v >> 32n) & 0xffffffffn) | 0;
  return [lo(r.wmask), hi(r.wmask), lo(r.tmask), hi(r.tmask)];
}

/** SignExtend(x, bits) for a field of `bits` < 32 bits. */
export function signExtend(x: number, bits: number): number {
  return (x << (32 - bits)) >> (32 - bits);
}

/** X[d] <- v for an integer v with |v| < 2^53 (ADR/ADRP results), wrapping to 64 bits. */
export function setXNum(X: Int32Array, d: number, v: number): void {
  X[d] = v % TWO32;
  X[d + 1] = Math.floor(v / TWO32);
}
