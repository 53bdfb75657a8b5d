// SIMD&FP semantics for the rows of isa/table/simd.ts: Q-register loads and
// stores (Arm ARM C7.2 LDR/STR (immediate, register, literal, SIMD&FP),
// LDUR/STUR, LDP/STP/LDNP/STNP (SIMD&FP)), DUP (general), MOVI (8-bit) and
// ORR (vector, register).
//
// V registers are m.s.V, four int32 words per register (V[4n] least
// significant). A write to a 64-bit arrangement (8B, 4H, 2S) zeroes bits
// 127:64 (Arm ARM "V[] - assignment": the whole register is written, the
// upper part with zeros, for every AdvSIMD instruction with Q = 0).
//
// Loads and stores share the addressing helpers and predecoders of mem.ts
// (with Rt predecoded as 4*t, an index into V). A Q register is 16 bytes
// accessed as two 8-byte halves through Machine.ldPair/stPair: one soft-TLB
// lookup in a page, the whole range checked first across pages. A Q pair is
// 32 bytes the same way.

import type { Machine } from '../machine.ts';
import { xr } from './helpers.ts';
import { literalAddr, offsetAddr, preLit, prePair, preReg, preSImm9, preUImm, regAddr, setXn } from './mem.ts';
import type { Handler, Predecoder, SemTable } from './types.ts';

// ---------------------------------------------------------------- accesses

/** V[t] = Mem[address, 16] */
function ldQ(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.ldPair(lo, hi, 2, m.s.V, t, t + 2, tc);
}
/** Mem[address, 16] = V[t] */
function stQ(m: Machine, t: number, lo: number, hi: number, tc: number): void {
  m.stPair(lo, hi, 2, m.s.V, t, t + 2, tc);
}
/** V[t] = Mem[address, 16]; V[t2] = Mem[address + 16, 16] */
function ldpQ(m: Machine, t: number, t2: number, lo: number, hi: number, tc: number): void {
  m.ldPair(lo, hi, 4, m.s.V, t, t2, tc);
}
/** Mem[address, 16] = V[t]; Mem[address + 16, 16] = V[t2] */
function stpQ(m: Machine, t: number, t2: number, lo: number, hi: number, tc: number): void {
  m.stPair(lo, hi, 4, m.s.V, t, t2, tc);
}

// C7.2 LDR (immediate, SIMD&FP), LDUR (SIMD&FP), LDR (register, SIMD&FP): 128-bit
const LDR_Q = {
  off(m, e, at) { offsetAddr(m, e, at); ldQ(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldQ(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldQ(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); ldQ(m, e[at + 1]!, m.rlo, m.rhi, 1); },
} satisfies Record<string, Handler>;
// C7.2 STR (immediate, SIMD&FP), STUR (SIMD&FP), STR (register, SIMD&FP): 128-bit
const STR_Q = {
  off(m, e, at) { offsetAddr(m, e, at); stQ(m, e[at + 1]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; stQ(m, e[at + 1]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; stQ(m, e[at + 1]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
  reg(m, e, at) { regAddr(m, e, at); stQ(m, e[at + 1]!, m.rlo, m.rhi, 1); },
} satisfies Record<string, Handler>;
// C7.2 LDP, LDNP (SIMD&FP): 128-bit
const LDP_Q = {
  off(m, e, at) { offsetAddr(m, e, at); ldpQ(m, e[at + 1]!, e[at + 5]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; ldpQ(m, e[at + 1]!, e[at + 5]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; ldpQ(m, e[at + 1]!, e[at + 5]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
} satisfies Record<string, Handler>;
// C7.2 STP, STNP (SIMD&FP): 128-bit
const STP_Q = {
  off(m, e, at) { offsetAddr(m, e, at); stpQ(m, e[at + 1]!, e[at + 5]!, m.rlo, m.rhi, e[at + 4]!); },
  pre(m, e, at) { offsetAddr(m, e, at); const lo = m.rlo, hi = m.rhi; stpQ(m, e[at + 1]!, e[at + 5]!, lo, hi, 1); setXn(m, e[at + 2]!, lo, hi); },
  post(m, e, at) { const X = m.X, n = e[at + 2]!; stpQ(m, e[at + 1]!, e[at + 5]!, X[n]! >>> 0, X[n + 1]!, 1); offsetAddr(m, e, at); setXn(m, n, m.rlo, m.rhi); },
} satisfies Record<string, Handler>;

const LD = true;
const ST = false;

// ---------------------------------------------------------------- data processing
// Predecoded: e[1] = 4*d (V index); DUP e[2] = 2*slot of Rn (31 = ZR);
// MOVI e[2] = the immediate byte replicated into a word; ORR e[2], e[3] = 4*n, 4*m.

const preDup: Predecoder = (f, e, at) => { e[at + 1] = 4 * f.rd!; e[at + 2] = 2 * xr(f.rn!); };
const preMovi: Predecoder = (f, e, at) => {
  const imm8 = (f.abc! << 5) | f.defgh!;
  e[at + 1] = 4 * f.rd!;
  e[at + 2] = Math.imul(imm8, 0x01010101);
};
const preOrr: Predecoder = (f, e, at) => { e[at + 1] = 4 * f.rd!; e[at + 2] = 4 * f.rn!; e[at + 3] = 4 * f.rm!; };

/** V[d] = word:word (64-bit arrangement, upper half zero) */
function set64(V: Int32Array, d: number, w0: number, w1: number): void {
  V[d] = w0; V[d + 1] = w1; V[d + 2] = 0; V[d + 3] = 0;
}
/** V[d] = w0:w1:w0:w1 (128-bit arrangement) */
function set128(V: Int32Array, d: number, w0: number, w1: number): void {
  V[d] = w0; V[d + 1] = w1; V[d + 2] = w0; V[d + 3] = w1;
}

export const SIMD: SemTable = {
  // ---- C7.2 LDR (literal, SIMD&FP): V[t] = Mem[PC + imm19 * 4, 16], never tag-checked
  LDR_lit_q: { pre: preLit(true), exec(m, e, at) { literalAddr(m, e, at); ldQ(m, e[at + 1]!, m.rlo, m.rhi, 0); } },

  // ---- pairs: address = X[n] + (imm7 << 4)
  STNP_q: { pre: prePair(4, ST, false, true), exec: STP_Q.off },
  LDNP_q: { pre: prePair(4, LD, false, true), exec: LDP_Q.off },
  STP_off_q: { pre: prePair(4, ST, false, true), exec: STP_Q.off },
  LDP_off_q: { pre: prePair(4, LD, false, true), exec: LDP_Q.off },
  STP_pre_q: { pre: prePair(4, ST, true, true), exec: STP_Q.pre },
  LDP_pre_q: { pre: prePair(4, LD, true, true), exec: LDP_Q.pre },
  STP_post_q: { pre: prePair(4, ST, true, true), exec: STP_Q.post },
  LDP_post_q: { pre: prePair(4, LD, true, true), exec: LDP_Q.post },

  // ---- single register: unsigned offset (imm12 << 4), unscaled, post, pre, register (LSL #4)
  STR_imm_q: { pre: preUImm(4, ST, true), exec: STR_Q.off },
  STUR_q: { pre: preSImm9(ST, false, true), exec: STR_Q.off },
  STR_imm_post_q: { pre: preSImm9(ST, true, true), exec: STR_Q.post },
  STR_imm_pre_q: { pre: preSImm9(ST, true, true), exec: STR_Q.pre },
  STR_reg_q: { pre: preReg(4, ST, true), exec: STR_Q.reg },
  LDR_imm_q: { pre: preUImm(4, LD, true), exec: LDR_Q.off },
  LDUR_q: { pre: preSImm9(LD, false, true), exec: LDR_Q.off },
  LDR_imm_post_q: { pre: preSImm9(LD, true, true), exec: LDR_Q.post },
  LDR_imm_pre_q: { pre: preSImm9(LD, true, true), exec: LDR_Q.pre },
  LDR_reg_q: { pre: preReg(4, LD, true), exec: LDR_Q.reg },

  // ---- C7.2 DUP (general): every element of Vd = Rn<esize-1:0>
  DUP_gen_8b: { pre: preDup, exec(m, e, at) { const w = Math.imul(m.X[e[at + 2]!]! & 0xff, 0x01010101); set64(m.s.V, e[at + 1]!, w, w); } },
  DUP_gen_16b: { pre: preDup, exec(m, e, at) { const w = Math.imul(m.X[e[at + 2]!]! & 0xff, 0x01010101); set128(m.s.V, e[at + 1]!, w, w); } },
  DUP_gen_4h: { pre: preDup, exec(m, e, at) { const h = m.X[e[at + 2]!]! & 0xffff, w = h | (h << 16); set64(m.s.V, e[at + 1]!, w, w); } },
  DUP_gen_8h: { pre: preDup, exec(m, e, at) { const h = m.X[e[at + 2]!]! & 0xffff, w = h | (h << 16); set128(m.s.V, e[at + 1]!, w, w); } },
  DUP_gen_2s: { pre: preDup, exec(m, e, at) { const w = m.X[e[at + 2]!]!; set64(m.s.V, e[at + 1]!, w, w); } },
  DUP_gen_4s: { pre: preDup, exec(m, e, at) { const w = m.X[e[at + 2]!]!; set128(m.s.V, e[at + 1]!, w, w); } },
  DUP_gen_2d: { pre: preDup, exec(m, e, at) { const n = e[at + 2]!; set128(m.s.V, e[at + 1]!, m.X[n]!, m.X[n + 1]!); } },

  // ---- C7.2 MOVI (8-bit): every byte of Vd = imm8
  MOVI_8b: { pre: preMovi, exec(m, e, at) { set64(m.s.V, e[at + 1]!, e[at + 2]!, e[at + 2]!); } },
  MOVI_16b: { pre: preMovi, exec(m, e, at) { set128(m.s.V, e[at + 1]!, e[at + 2]!, e[at + 2]!); } },

  // ---- C7.2 ORR (vector, register): Vd = Vn OR Vm (MOV (vector) when n == m)
  ORR_vec_8b: {
    pre: preOrr,
    exec(m, e, at) {
      const V = m.s.V, n = e[at + 2]!, r = e[at + 3]!;
      set64(V, e[at + 1]!, V[n]! | V[r]!, V[n + 1]! | V[r + 1]!);
    },
  },
  ORR_vec_16b: {
    pre: preOrr,
    exec(m, e, at) {
      const V = m.s.V, d = e[at + 1]!, n = e[at + 2]!, r = e[at + 3]!;
      V[d] = V[n]! | V[r]!; V[d + 1] = V[n + 1]! | V[r + 1]!; V[d + 2] = V[n + 2]! | V[r + 2]!; V[d + 3] = V[n + 3]! | V[r + 3]!;
    },
  },
};
