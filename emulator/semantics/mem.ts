// Load/store semantics for the general registers (Arm ARM C4.1.88 "Loads
// and Stores", instruction pages in C6.2), keyed by the row ids of
// isa/table/ldst.ts. The Q-register forms are in simd.ts.
//
// Every handler follows the ASL shape of its page:
//   address = X[n] (+ offset, unless post-index)  -- 64-bit, on halves
//   data access through the machine (which translates, tag-checks and
//   raises faults; a faulting access changes no register and no memory)
//   writeback: X[n] = address (pre-index) or X[n] + offset (post-index)
//
// Predecoded operands (e[at+k]), shared by all forms so the address helpers
// work for every row:
//   1  Rt as an index into X (2*slot; loads write 31 to the sink, stores
//      read 31 as XZR) or into V (4*t) for Q registers
//   2  Rn|SP as 2*slot
//   3  byte offset (imm12 << size, imm9, imm7 << size, imm19 * 4), or Rm as
//      2*slot for the register-offset forms
//   4  tc: the access is tag-checked (MTE.md §2.2, AArch64.AccessIsTagChecked):
//      immediate forms `writeback || Rn != SP`, register offset 1, literal 0,
//      exclusive and acquire/release `Rn != SP`
//   5  Rt2 (pairs), or the extend option (register offset)
//   6  Rs (store exclusive status), or the shift amount (register offset)
//
// Addresses are passed to the machine with `lo` unsigned and `hi` as int32.
// The top byte travels with the address (TBI: the machine ignores it for
// translation and takes the logical tag from it); writeback keeps all 64 bits.

import { vaNum, type Machine } from '../machine.ts';
import { Fault } from '../mmu.ts';
import { xr, xs, xw } from './helpers.ts';
import type { Handler, Predecoder, SemTable } from './types.ts';

// ---------------------------------------------------------------- address arithmetic

const TWO32 = 4294967296;

/**
 * High half of base + offset, given a = (base.lo >>> 0) + offset with an int32
 * offset: the carry (a >= 2^32) or borrow (a < 0) out of the low half.
 */
export function hiOf(bhi: number, a: number): number {
  return (a >= TWO32 ? bhi + 1 : a < 0 ? bhi - 1 : bhi) | 0;
}

/** address = X[n] + offset (the immediate forms): into m.rlo (unsigned) / m.rhi. */
export function offsetAddr(m: Machine, e: Int32Array, at: number): void {
  const X = m.X, n = e[at + 2]!;
  const a = (X[n]! >>> 0) + e[at + 3]!;
  m.rlo = a >>> 0;
  m.rhi = hiOf(X[n + 1]!, a);
}

/**
 * address = X[n] + ExtendReg(m, extend_type, shift) (the register-offset
 * forms): option 010 UXTW, 011 LSL/UXTX, 110 SXTW, 111 SXTX; shift 0 or
 * log2(size). Into m.rlo (unsigned) / m.rhi.
 */
export function regAddr(m: Machine, e: Int32Array, at: number): void {
  const X = m.X, n = e[at + 2]!, r = e[at + 3]!, option = e[at + 5]!, sh = e[at + 6]!;
  let olo = X[r]!;
  let ohi = option === 2 ? 0 : option === 6 ? olo >> 31 : X[r + 1]!;
  if (sh !== 0) {
    ohi = (ohi << sh) | (olo >>> (32 - sh));
    olo <<= sh;
  }
  const a = (X[n]! >>> 0) + (olo >>> 0);
  m.rlo = a >>> 0;
  m.rhi = (X[n + 1]! + ohi + (a >= TWO32 ? 1 : 0)) | 0;
}

/** address = PC + offset (the literal forms): into m.rlo / m.rhi. */
export function literalAddr(m: Machine, e: Int32Array, at: number): void {
  const a = m.s.pc + e[at + 3]!;
  m.rlo = a >>> 0;
  m.rhi = Math.floor(a / TWO32) | 0;
}

/** Writeback: X[n] = (lo, hi). */
export function setXn(m: Machine, n: number, lo: number, hi: number): void {
  m.X[n] = lo | 0;
  m.X[n + 1] = hi;
}

// ---------------------------------------------------------------- predecoders
// Factories: they run once per instruction, never on the hot path.

const LD = true;
const ST = false;

/** Rt as an X index: a load writes XZR to the sink, a store reads XZR as zero. */
const rtSlot = (rt: number, ld: boolean): number => 2 * (ld ? xw(rt) : xr(rt));
const sext = (v: number, bits: number): number => (v << (32 - bits)) >> (32 - bits);

/** Unsigned offset: imm12 << log2(size). `vreg` = Rt is a SIMD&FP register. */
export function preUImm(log2: number, ld: boolean, vreg = false): Predecoder {
  return (f, e, at) => {
    e[at + 1] = vreg ? 4 * f.rt! : rtSlot(f.rt!, ld);
    e[at + 2] = 2 * xs(f.rn!);
    e[at + 3] = f.imm12! << log2;
    e[at + 4] = f.rn !== 31 ? 1 : 0;
  };
}

/** Unscaled, pre- or post-index: SignExtend(imm9). */
export function preSImm9(ld: boolean, wback: boolean, vreg = false): Predecoder {
  return (f, e, at) => {
    e[at + 1] = vreg ? 4 * f.rt! : rtSlot(f.rt!, ld);
    e[at + 2] = 2 * xs(f.rn!);
    e[at + 3] = sext(f.imm9!, 9);
    e[at + 4] = wback || f.rn !== 31 ? 1 : 0;
  };
}

/** Register offset: Rm, option, S ? log2(size) : 0; always tag-checked. */
export function preReg(log2: number, ld: boolean, vreg = false): Predecoder {
  return (f, e, at) => {
    e[at + 1] = vreg ? 4 * f.rt! : rtSlot(f.rt!, ld);
    e[at + 2] = 2 * xs(f.rn!);
    e[at + 3] = 2 * xr(f.rm!);
    e[at + 4] = 1;
    e[at + 5] = f.option!;
    e[at + 6] = f.s ? log2 : 0;
  };
}

/** Pair: SignExtend(imm7) << log2(size); Rt2 in e[5]. */
export function prePair(log2: number, ld: boolean, wback: boolean, vreg = false): Predecoder {
  return (f, e, at) => {
    e[at + 1] = vreg ? 4 * f.rt! : rtSlot(f.rt!, ld);
    e[at + 2] = 2 * xs(f.rn!);
    e[at + 3] = sext(f.imm7!, 7) << log2;
    e[at + 4] = wback || f.rn !== 31 ? 1 : 0;
    e[at + 5] = vreg ? 4 * f.rt2! : rtSlot(f.rt2!, ld);
  };
}

/** Literal: SignExtend(imm19:'00'); never tag-checked. */
export function preLit(vreg = false): Predecoder {
  return (f, e, at) => {
    e[at + 1] = vreg ? 4 * f.rt! : rtSlot(f.rt!, LD);
    e[at + 3] = sext(f.imm19!, 19) * 4;
    e[at + 4] = 0;
  };
}

/** Exclusive and ordered: base only; Rt2 (pairs) in e[5], status Rs in e[6]. */
function preEx(ld: boolean): Predecoder {
  return (f, e, at) => {
    e[at + 1] = rtSlot(f.rt!, ld);
    e[at + 2] = 2 * xs(f.rn!);
    e[at + 4] = f.rn !== 31 ? 1 : 0;
    e[at + 5] = f.rt2 === undefined ? 0 : rtSlot(f.rt2, ld);
    e[at + 6] = f.rs === undefined ? 0 : 2 * xw(f.rs);
  };
}

// ---------------------------------------------------------------- the accesses
// Mem[address, size] to or from register slot t for each access kind. The
// handlers call these directly (one target per call site, so the JIT
// inlines them). W results zero the high half.

/** X[t] = Mem[address, 8] */
function ldX(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.ld64(lo, hi, tc);
  m.X[t] = m.rlo;
  m.X[t + 1] = m.rhi;
}
/** W[t] = Mem[address, 4] */
function ldW(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.X[t] = m.ld32(lo, hi, tc);
  m.X[t + 1] = 0;
}
/** X[t] = SignExtend(Mem[address, 4], 64) */
function ldSW(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  const v = m.ld32(lo, hi, tc);
  m.X[t] = v;
  m.X[t + 1] = v >> 31;
}
/** W[t] = ZeroExtend(Mem[address, 2], 32) */
function ldH(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.X[t] = m.ld16(lo, hi, tc);
  m.X[t + 1] = 0;
}
/** X[t] = SignExtend(Mem[address, 2], 64) */
function ldSHx(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  const v = (m.ld16(lo, hi, tc) << 16) >> 16;
  m.X[t] = v;
  m.X[t + 1] = v >> 31;
}
/** W[t] = SignExtend(Mem[address, 2], 32) */
function ldSHw(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.X[t] = (m.ld16(lo, hi, tc) << 16) >> 16;
  m.X[t + 1] = 0;
}
/** W[t] = ZeroExtend(Mem[address, 1], 32) */
function ldB(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.X[t] = m.ld8(lo, hi, tc);
  m.X[t + 1] = 0;
}
/** X[t] = SignExtend(Mem[address, 1], 64) */
function ldSBx(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  const v = (m.ld8(lo, hi, tc) << 24) >> 24;
  m.X[t] = v;
  m.X[t + 1] = v >> 31;
}
/** W[t] = SignExtend(Mem[address, 1], 32) */
function ldSBw(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.X[t] = (m.ld8(lo, hi, tc) << 24) >> 24;
  m.X[t + 1] = 0;
}
/** Mem[address, 8] = X[t] */
function stX(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.st64(lo, hi, m.X[t]!, m.X[t + 1]!, tc);
}
/** Mem[address, 4] = W[t] */
function stW(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.st32(lo, hi, m.X[t]!, tc);
}
/** Mem[address, 2] = W[t]<15:0> */
function stH(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.st16(lo, hi, m.X[t]! & 0xffff, tc);
}
/** Mem[address, 1] = W[t]<7:0> */
function stB(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.st8(lo, hi, m.X[t]! & 0xff, tc);
}

/** LDP (32-bit): W[t] = Mem[address, 4]; W[t2] = Mem[address + 4, 4] */
function ldpW(m: Machine, t: number, t2: number, lo: number, hi: number, tc: number): void {
  const X = m.X;
  m.ldPair(lo, hi, 1, X, t, t2, tc);
  X[t + 1] = 0;
  X[t2 + 1] = 0;
}
/** LDPSW: X[t], X[t2] = SignExtend(Mem[address, 4]), SignExtend(Mem[address + 4, 4]) */
function ldpSW(m: Machine, t: number, t2: number, lo: number, hi: number, tc: number): void {
  const X = m.X;
  m.ldPair(lo, hi, 1, X, t, t2, tc);
  X[t + 1] = X[t]! >> 31;
  X[t2 + 1] = X[t2]! >> 31;
}
/** LDP (64-bit): X[t] = Mem[address, 8]; X[t2] = Mem[address + 8, 8] */
function ldpX(m: Machine, t: number, t2: number, lo: number, hi: number, tc: number): void {
  m.ldPair(lo, hi, 2, m.X, t, t2, tc);
}
/** STP (32-bit): Mem[address, 4] = W[t]; Mem[address + 4, 4] = W[t2] */
function stpW(m: Machine, t: number, t2: number, lo: number, hi: number, tc: number): void {
  m.stPair(lo, hi, 1, m.X, t, t2, tc);
}
/** STP (64-bit): Mem[address, 8] = X[t]; Mem[address + 8, 8] = X[t2] */
function stpX(m: Machine, t: number, t2: number, lo: number, hi: number, tc: number): void {
  m.stPair(lo, hi, 2, m.X, t, t2, tc);
}

// ---------------------------------------------------------------- exclusive monitor (B2.9)

/** CheckAlignment for exclusive and ordered accesses: unaligned is an Alignment fault. */
export function checkAligned(lo: number, hi: number, size: number, write: boolean): void {
  if ((lo & (size - 1)) !== 0) throw Fault.alignment(lo, hi, write);
}

/** AArch64.SetExclusiveMonitors: mark [address, address + size) for this PE. */
function setExclusiveMonitors(m: Machine, lo: number, hi: number, size: number): void {
  m.exclAddr = vaNum(lo, hi);
  m.exclSize = size;
}

/**
 * AArch64.ExclusiveMonitorsPass: alignment first (an Alignment fault even when
 * the monitor would fail), then the local monitor must hold exactly this
 * address and size. Either way the monitor is cleared (ClearExclusiveLocal).
 */
function exclusiveMonitorsPass(m: Machine, lo: number, hi: number, size: number): boolean {
  checkAligned(lo, hi, size, true);
  const pass = m.exclAddr === vaNum(lo, hi) && m.exclSize === size;
  m.exclAddr = -1;
  return pass;
}

/** Load exclusive of `size` (1, 2, 4, 8) bytes with `ld`, then set the monitor. */
function ldxr(m: Machine, e: Int32Array, at: number, size: number): void {
  const X = m.X, n = e[at + 2]!, lo = X[n]! >>> 0, hi = X[n + 1]!;
  checkAligned(lo, hi, size, false);
  switch (size) {
    case 1: ldB(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    case 2: ldH(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    case 4: ldW(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    default: ldX(m, e[at + 1]!, lo, hi, e[at + 4]!);
  }
  setExclusiveMonitors(m, lo, hi, size);
}

/** Store exclusive of `size` bytes: store and W[s] = 0 if the monitor passes, else W[s] = 1. */
function stxr(m: Machine, e: Int32Array, at: number, size: number): void {
  const X = m.X, n = e[at + 2]!, lo = X[n]! >>> 0, hi = X[n + 1]!, s = e[at + 6]!;
  let status = 1;
  if (exclusiveMonitorsPass(m, lo, hi, size)) {
    switch (size) {
      case 1: stB(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
      case 2: stH(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
      case 4: stW(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
      default: stX(m, e[at + 1]!, lo, hi, e[at + 4]!);
    }
    status = 0;
  }
  X[s] = status;
  X[s + 1] = 0;
}

/** Load exclusive pair: W pairs are 8 bytes (8-aligned), X pairs 16 (16-aligned). */
function ldxp(m: Machine, e: Int32Array, at: number, k: number): void {
  const X = m.X, n = e[at + 2]!, lo = X[n]! >>> 0, hi = X[n + 1]!, t = e[at + 1]!, t2 = e[at + 5]!;
  checkAligned(lo, hi, 8 * k, false);
  if (k === 1) ldpW(m, t, t2, lo, hi, e[at + 4]!);
  else ldpX(m, t, t2, lo, hi, e[at + 4]!);
  setExclusiveMonitors(m, lo, hi, 8 * k);
}

/** Store exclusive pair (Rt at the lower address). */
function stxp(m: Machine, e: Int32Array, at: number, k: number): void {
  const X = m.X, n = e[at + 2]!, lo = X[n]! >>> 0, hi = X[n + 1]!, s = e[at + 6]!;
  let status = 1;
  if (exclusiveMonitorsPass(m, lo, hi, 8 * k)) {
    m.stPair(lo, hi, k, X, e[at + 1]!, e[at + 5]!, e[at + 4]!);
    status = 0;
  }
  X[s] = status;
  X[s + 1] = 0;
}

/** Load-acquire (LDAR): an ordered access, so it must be aligned; a single PE needs no barrier. */
function ldar(m: Machine, e: Int32Array, at: number, size: number): void {
  const X = m.X, n = e[at + 2]!, lo = X[n]! >>> 0, hi = X[n + 1]!;
  checkAligned(lo, hi, size, false);
  switch (size) {
    case 1: ldB(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    case 2: ldH(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    case 4: ldW(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    default: ldX(m, e[at + 1]!, lo, hi, e[at + 4]!);
  }
}

/** Store-release (STLR): aligned, like LDAR. */
function stlr(m: Machine, e: Int32Array, at: number, size: number): void {
  const X = m.X, n = e[at + 2]!, lo = X[n]! >>> 0, hi = X[n + 1]!;
  checkAligned(lo, hi, size, true);
  switch (size) {
    case 1: stB(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    case 2: stH(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    case 4: stW(m, e[at + 1]!, lo, hi, e[at + 4]!); break;
    default: stX(m, e[at + 1]!, lo, hi, e[at + 4]!);
  }
}

// ---------------------------------------------------------------- handlers per access kind
// For each kind: off (unsigned offset and unscaled: address = X[n] + imm, no
// writeback), pre (writeback address), post (access X[n], then X[n] += imm),
// reg (address = X[n] + extended Rm). Written out per kind so every call
// site has one target.

type Forms = { off: Handler; pre: Handler; post: Handler; reg: Handler };

// C6.2 LDR (immediate), LDUR, LDR (register): 64-bit
const LDR_X: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldX(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldX(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldX(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldX(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 LDR (immediate), LDUR, LDR (register): 32-bit
const LDR_W: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldW(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldW(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldW(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldW(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 LDRSW (immediate), LDURSW, LDRSW (register)
const LDRSW: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldSW(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldSW(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldSW(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldSW(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 LDRH (immediate), LDURH, LDRH (register)
const LDRH: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldH(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldH(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldH(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldH(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 LDRSH (immediate), LDURSH, LDRSH (register): 64-bit
const LDRSH_X: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldSHx(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldSHx(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldSHx(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldSHx(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 LDRSH (immediate), LDURSH, LDRSH (register): 32-bit
const LDRSH_W: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldSHw(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldSHw(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldSHw(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldSHw(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 LDRB (immediate), LDURB, LDRB (register)
const LDRB: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldB(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldB(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldB(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldB(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 LDRSB (immediate), LDURSB, LDRSB (register): 64-bit
const LDRSB_X: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldSBx(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldSBx(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldSBx(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldSBx(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 LDRSB (immediate), LDURSB, LDRSB (register): 32-bit
const LDRSB_W: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); ldSBw(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldSBw(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldSBw(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldSBw(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 STR (immediate), STUR, STR (register): 64-bit
const STR_X: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); stX(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; stX(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; stX(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); stX(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 STR (immediate), STUR, STR (register): 32-bit
const STR_W: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); stW(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; stW(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; stW(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); stW(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 STRH (immediate), STURH, STRH (register)
const STRH: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); stH(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; stH(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; stH(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); stH(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};
// C6.2 STRB (immediate), STURB, STRB (register)
const STRB: Forms = {
  off(m, e, at) { offsetAddr(m, e, at); stB(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; stB(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; stB(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); stB(m, e[at + 1]!, m.rlo, m.rhi, 1); },
};

/** The five rows of one single-register access (C4.1.88 order: unsigned offset, unscaled, post, pre, register). */
function singles(id: string, un: string, sfx: string, log2: number, ld: boolean, h: Forms): Record<string, { pre: Predecoder; exec: Handler }> {
  return {
    [`${id}_imm${sfx}`]: { pre: preUImm(log2, ld), exec: h.off },
    [`${un}${sfx}`]: { pre: preSImm9(ld, false), exec: h.off },
    [`${id}_imm_post${sfx}`]: { pre: preSImm9(ld, true), exec: h.post },
    [`${id}_imm_pre${sfx}`]: { pre: preSImm9(ld, true), exec: h.pre },
    [`${id}_reg${sfx}`]: { pre: preReg(log2, ld), exec: h.reg },
  };
}

// ---------------------------------------------------------------- pairs
// C6.2 LDP, STP, LDPSW, LDNP, STNP: address = X[n] + (imm7 << size); the
// no-allocate forms are the offset form with a cache hint (no effect here).

type PairForms = { off: Handler; pre: Handler; post: Handler };

const LDP_W: PairForms = {
  off(m, e, at) { offsetAddr(m, e, at); ldpW(m, e[at + 1]!, e[at + 5]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldpW(m, e[at + 1]!, e[at + 5]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldpW(m, e[at + 1]!, e[at + 5]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
};
const LDP_X: PairForms = {
  off(m, e, at) { offsetAddr(m, e, at); ldpX(m, e[at + 1]!, e[at + 5]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldpX(m, e[at + 1]!, e[at + 5]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldpX(m, e[at + 1]!, e[at + 5]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
};
const LDPSW: PairForms = {
  off(m, e, at) { offsetAddr(m, e, at); ldpSW(m, e[at + 1]!, e[at + 5]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldpSW(m, e[at + 1]!, e[at + 5]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldpSW(m, e[at + 1]!, e[at + 5]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
};
const STP_W: PairForms = {
  off(m, e, at) { offsetAddr(m, e, at); stpW(m, e[at + 1]!, e[at + 5]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; stpW(m, e[at + 1]!, e[at + 5]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; stpW(m, e[at + 1]!, e[at + 5]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
};
const STP_X: PairForms = {
  off(m, e, at) { offsetAddr(m, e, at); stpX(m, e[at + 1]!, e[at + 5]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; stpX(m, e[at + 1]!, e[at + 5]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; stpX(m, e[at + 1]!, e[at + 5]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
};

/** The rows of one pair access: no-allocate (when it exists), offset, pre, post. */
function pairs(ld: string, nt: string | null, sfx: string, log2: number, isLd: boolean, h: PairForms): Record<string, { pre: Predecoder; exec: Handler }> {
  const rows: Record<string, { pre: Predecoder; exec: Handler }> = {
    [`${ld}_off${sfx}`]: { pre: prePair(log2, isLd, false), exec: h.off },
    [`${ld}_pre${sfx}`]: { pre: prePair(log2, isLd, true), exec: h.pre },
    [`${ld}_post${sfx}`]: { pre: prePair(log2, isLd, true), exec: h.post },
  };
  if (nt) rows[`${nt}${sfx}`] = { pre: prePair(log2, isLd, false), exec: h.off };
  return rows;
}

// ---------------------------------------------------------------- prefetch
// C6.2 PRFM (immediate, literal, register), PRFUM: a hint with no
// architectural effect; it never faults, so not even the address is formed.

const noPre: Predecoder = () => {};
const prfm: Handler = () => {};

export const MEM: SemTable = {
  // ---- C6.2 LDXR/STXR/LDAXR/STLXR, LDAR/STLR (B, H, W, X) and the exclusive pairs
  STXRB: { pre: preEx(ST), exec(m, e, at) { stxr(m, e, at, 1); } },
  STLXRB: { pre: preEx(ST), exec(m, e, at) { stxr(m, e, at, 1); } },
  LDXRB: { pre: preEx(LD), exec(m, e, at) { ldxr(m, e, at, 1); } },
  LDAXRB: { pre: preEx(LD), exec(m, e, at) { ldxr(m, e, at, 1); } },
  STLRB: { pre: preEx(ST), exec(m, e, at) { stlr(m, e, at, 1); } },
  LDARB: { pre: preEx(LD), exec(m, e, at) { ldar(m, e, at, 1); } },
  STXRH: { pre: preEx(ST), exec(m, e, at) { stxr(m, e, at, 2); } },
  STLXRH: { pre: preEx(ST), exec(m, e, at) { stxr(m, e, at, 2); } },
  LDXRH: { pre: preEx(LD), exec(m, e, at) { ldxr(m, e, at, 2); } },
  LDAXRH: { pre: preEx(LD), exec(m, e, at) { ldxr(m, e, at, 2); } },
  STLRH: { pre: preEx(ST), exec(m, e, at) { stlr(m, e, at, 2); } },
  LDARH: { pre: preEx(LD), exec(m, e, at) { ldar(m, e, at, 2); } },
  STXR_w: { pre: preEx(ST), exec(m, e, at) { stxr(m, e, at, 4); } },
  STLXR_w: { pre: preEx(ST), exec(m, e, at) { stxr(m, e, at, 4); } },
  LDXR_w: { pre: preEx(LD), exec(m, e, at) { ldxr(m, e, at, 4); } },
  LDAXR_w: { pre: preEx(LD), exec(m, e, at) { ldxr(m, e, at, 4); } },
  STLR_w: { pre: preEx(ST), exec(m, e, at) { stlr(m, e, at, 4); } },
  LDAR_w: { pre: preEx(LD), exec(m, e, at) { ldar(m, e, at, 4); } },
  STXR_x: { pre: preEx(ST), exec(m, e, at) { stxr(m, e, at, 8); } },
  STLXR_x: { pre: preEx(ST), exec(m, e, at) { stxr(m, e, at, 8); } },
  LDXR_x: { pre: preEx(LD), exec(m, e, at) { ldxr(m, e, at, 8); } },
  LDAXR_x: { pre: preEx(LD), exec(m, e, at) { ldxr(m, e, at, 8); } },
  STLR_x: { pre: preEx(ST), exec(m, e, at) { stlr(m, e, at, 8); } },
  LDAR_x: { pre: preEx(LD), exec(m, e, at) { ldar(m, e, at, 8); } },
  STXP_w: { pre: preEx(ST), exec(m, e, at) { stxp(m, e, at, 1); } },
  STLXP_w: { pre: preEx(ST), exec(m, e, at) { stxp(m, e, at, 1); } },
  LDXP_w: { pre: preEx(LD), exec(m, e, at) { ldxp(m, e, at, 1); } },
  LDAXP_w: { pre: preEx(LD), exec(m, e, at) { ldxp(m, e, at, 1); } },
  STXP_x: { pre: preEx(ST), exec(m, e, at) { stxp(m, e, at, 2); } },
  STLXP_x: { pre: preEx(ST), exec(m, e, at) { stxp(m, e, at, 2); } },
  LDXP_x: { pre: preEx(LD), exec(m, e, at) { ldxp(m, e, at, 2); } },
  LDAXP_x: { pre: preEx(LD), exec(m, e, at) { ldxp(m, e, at, 2); } },

  // ---- C6.2 LDR (literal), LDRSW (literal), PRFM (literal): address = PC + imm19 * 4
  LDR_lit_w: { pre: preLit(), exec(m, e, at) { literalAddr(m, e, at); ldW(m, e[at + 1]!, m.rlo, m.rhi, 0); } },
  LDR_lit_x: { pre: preLit(), exec(m, e, at) { literalAddr(m, e, at); ldX(m, e[at + 1]!, m.rlo, m.rhi, 0); } },
  LDRSW_lit: { pre: preLit(), exec(m, e, at) { literalAddr(m, e, at); ldSW(m, e[at + 1]!, m.rlo, m.rhi, 0); } },
  PRFM_lit: { pre: noPre, exec: prfm },

  // ---- pairs
  ...pairs('STP', 'STNP', '_w', 2, ST, STP_W),
  ...pairs('LDP', 'LDNP', '_w', 2, LD, LDP_W),
  ...pairs('STP', 'STNP', '_x', 3, ST, STP_X),
  ...pairs('LDP', 'LDNP', '_x', 3, LD, LDP_X),
  ...pairs('LDPSW', null, '', 2, LD, LDPSW),

  // ---- single register: unsigned offset, unscaled, post, pre, register offset
  ...singles('STRB', 'STURB', '', 0, ST, STRB),
  ...singles('LDRB', 'LDURB', '', 0, LD, LDRB),
  ...singles('LDRSB', 'LDURSB', '_x', 0, LD, LDRSB_X),
  ...singles('LDRSB', 'LDURSB', '_w', 0, LD, LDRSB_W),
  ...singles('STRH', 'STURH', '', 1, ST, STRH),
  ...singles('LDRH', 'LDURH', '', 1, LD, LDRH),
  ...singles('LDRSH', 'LDURSH', '_x', 1, LD, LDRSH_X),
  ...singles('LDRSH', 'LDURSH', '_w', 1, LD, LDRSH_W),
  ...singles('STR', 'STUR', '_w', 2, ST, STR_W),
  ...singles('LDR', 'LDUR', '_w', 2, LD, LDR_W),
  ...singles('LDRSW', 'LDURSW', '', 2, LD, LDRSW),
  ...singles('STR', 'STUR', '_x', 3, ST, STR_X),
  ...singles('LDR', 'LDUR', '_x', 3, LD, LDR_X),

  PRFUM: { pre: noPre, exec: prfm },
  PRFM_reg: { pre: noPre, exec: prfm },
  PRFM_imm: { pre: noPre, exec: prfm },
};
