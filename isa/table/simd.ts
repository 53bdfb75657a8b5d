// The minimal Advanced SIMD and SIMD&FP subset mtemu needs (feature 'simd'):
// 128-bit Q-register loads and stores (memcpy/memset-style code), DUP
// (general), MOVI (8-bit), and ORR (vector, register) with its MOV alias.
// Sections in Arm ARM order: C4.1.88 Loads and Stores (V=1, Q only), then
// C4.1.96 Data Processing -- Scalar Floating-Point and Advanced SIMD.
//
// Not here: B/H/S/D SIMD&FP loads and stores, LD1..LD4/ST1..ST4, the other
// modified-immediate forms (MOVI with shifts, MVNI, ORR/BIC immediate, FMOV),
// and every other vector data-processing instruction.

import { W, X, parseImmExpr } from '../operands.ts';
import type { Fields, OperandKind, RowSpec, TimingClass } from '../types.ts';
import { checked, literal } from './ldst-operands.ts';
import { type Access, pairMem, singleRows, unscaledAlias } from './ldst.ts';

// ---------------------------------------------------------------- operand kinds

function regNum(name: string, prefix: string): number | undefined {
  const m = new RegExp(`^${prefix}([0-9]|[12][0-9]|3[01])$`).exec(name);
  return m ? Number(m[1]) : undefined;
}

/** A 128-bit SIMD&FP register `q0`-`q31` in `field`. */
export function Q(field: string): OperandKind {
  return {
    fields: [field],
    print: (f) => `q${f[field]}`,
    parse(c, f) {
      const at = c.save();
      const n = regNum(c.peekWord(), 'q');
      if (n === undefined) throw c.error('expected a 128-bit SIMD&FP register (q0-q31)', at);
      c.word();
      f[field] = n;
    },
  };
}

/** Vector arrangements of A64 (C1.2.5 "Vector registers"). */
export type Arrangement = '8b' | '16b' | '4h' | '8h' | '2s' | '4s' | '1d' | '2d';

/** A vector register `vN.<T>` with the arrangement fixed by the row. */
export function V(field: string, arr: Arrangement): OperandKind {
  return {
    fields: [field],
    print: (f) => `v${f[field]}.${arr}`,
    parse(c, f) {
      const at = c.save();
      const m = /^v([0-9]+)\.([0-9]+[bhsd])$/.exec(c.peekWord());
      const n = m ? regNum(`v${m[1]}`, 'v') : undefined;
      if (!m || n === undefined) throw c.error(`expected a vector register (v0-v31) with arrangement .${arr}`, at);
      if (m[2] !== arr) throw c.error(`invalid vector arrangement .${m[2]} for this instruction`, at);
      c.word();
      f[field] = n;
    },
  };
}

/** MOVI's 8-bit immediate a:b:c:d:e:f:g:h, split over two fields; printed in decimal as LLVM does. */
function imm8(hi: string, lo: string): OperandKind {
  return {
    fields: [hi, lo],
    print: (f) => `#${(f[hi]! << 5) | f[lo]!}`,
    parse(c, f, ctx) {
      const at = c.save();
      const v = parseImmExpr(c, ctx);
      if (v < 0n || v > 255n) throw c.error('immediate must be an integer in range [0, 255]', at);
      f[hi] = Number(v) >> 5;
      f[lo] = Number(v) & 31;
    },
  };
}

/**
 * Optional `lsl #0` after an 8-bit MOVI immediate: GNU as accepts it (the
 * Arm ARM syntax is `MOVI <Vd>.<T>, #<imm8>{, LSL #0}`); llvm-mc 14 does
 * not. Never printed.
 */
const lslZero: OperandKind = {
  fields: [],
  optional: true,
  absent() {},
  print: () => null,
  parse(c, _f, ctx) {
    const at = c.save();
    if (!c.eat('lsl')) throw c.error("expected 'lsl #0'", at);
    const amAt = c.save();
    if (parseImmExpr(c, ctx) !== 0n) throw c.error('shift amount must be #0 for an 8-bit movi', amAt);
  },
};

// ---------------------------------------------------------------- loads and stores (Q)
// The V=1 rows of C4.1.88 with size=00 opc=1x: the 128-bit forms of LDR/STR
// (unscaled, post, pre, register offset `lsl #4`, unsigned offset scaled by
// 16), LDR (literal, SIMD&FP) and LDP/STP/LDNP/STNP scaled by 16.

const qAccess = (id: 'STR' | 'LDR', opc: string, cls: TimingClass): Access => ({
  id, mn: id.toLowerCase(), un: id === 'STR' ? 'stur' : 'ldur', sfx: '_q', size: '00', opc, rt: Q, log2: 4, cls,
});
const Q_ACCESSES = [qAccess('STR', '10', 'simd_store'), qAccess('LDR', '11', 'simd_load')];

const qLiteral: RowSpec = {
  //                                                                                 opc  V
  id: 'LDR_lit_q', mnemonic: 'ldr', cls: 'literal', feature: 'simd', pattern: '10 011 1 00 imm19:19 rt:5',
  operands: [Q('rt'), literal('imm19', 16)],
};

const PAIR_MSG = 'Rt2 == Rt in a load pair (CONSTRAINED UNPREDICTABLE)';
const qPairs: RowSpec[] = (['nt', 'off', 'pre', 'post'] as const).flatMap((form) => {
  const mode = { nt: '00', post: '01', off: '10', pre: '11' }[form];
  const mem = pairMem(form, 'imm7', 7, 16);
  const nt = form === 'nt';
  return [
    { id: nt ? 'STNP_q' : `STP_${form}_q`, mnemonic: nt ? 'stnp' : 'stp', cls: 'simd_store_pair' as TimingClass, feature: 'simd' as const,
      //         opc    V    mode  L
      pattern: `10 101 1 0${mode} 0 imm7:7 rt2:5 rn:5 rt:5`,
      operands: [Q('rt'), Q('rt2'), mem] },
    { id: nt ? 'LDNP_q' : `LDP_${form}_q`, mnemonic: nt ? 'ldnp' : 'ldp', cls: 'simd_load_pair' as TimingClass, feature: 'simd' as const,
      pattern: `10 101 1 0${mode} 1 imm7:7 rt2:5 rn:5 rt:5`,
      operands: [Q('rt'), Q('rt2'), checked(mem, (f) => (f.rt === f.rt2 ? PAIR_MSG : undefined))],
      valid: (f: Fields) => f.rt !== f.rt2 },
  ];
});

const qLoadStore: RowSpec[] = [
  qLiteral,
  ...qPairs,
  ...Q_ACCESSES.flatMap((a) => singleRows(a, '1', 'simd')),
  ...Q_ACCESSES.map((a) => unscaledAlias(a, '1', 'simd')),
];

// ---------------------------------------------------------------- DUP (general)
// 0 Q 0 01110000 imm5 0 0001 1 Rn Rd  (C7.2.40 DUP (general)). The element
// size is the lowest set bit of imm5; the bits above it are ignored (x in the
// pattern, as LLVM decodes them) and assemble as 0. imm5 = x0000 and the
// 64-bit element with Q=0 are reserved.

const DUP_FORMS: { arr: Arrangement; q: number; imm5: string; rn: (f: string) => OperandKind }[] = [
  { arr: '8b', q: 0, imm5: 'xxxx1', rn: W },
  { arr: '16b', q: 1, imm5: 'xxxx1', rn: W },
  { arr: '4h', q: 0, imm5: 'xxx10', rn: W },
  { arr: '8h', q: 1, imm5: 'xxx10', rn: W },
  { arr: '2s', q: 0, imm5: 'xx100', rn: W },
  { arr: '4s', q: 1, imm5: 'xx100', rn: W },
  { arr: '2d', q: 1, imm5: 'x1000', rn: X },
];

const dup: RowSpec[] = DUP_FORMS.map(({ arr, q, imm5, rn }) => ({
  id: `DUP_gen_${arr}`, mnemonic: 'dup', cls: 'simd_alu', feature: 'simd',
  //         Q              imm5
  pattern: `0 ${q} 0 01110000 ${imm5} 0 0001 1 rn:5 rd:5`,
  operands: [V('rd', arr), rn('rn')],
}));

// ---------------------------------------------------------------- MOVI (8-bit)
// 0 Q op 0111100000 a:b:c cmode o2 1 d:e:f:g:h Rd with op=0 cmode=1110 o2=0
// (C7.2.204 MOVI, 8-bit form).

const movi: RowSpec[] = (['8b', '16b'] as const).map((arr, q) => ({
  id: `MOVI_${arr}`, mnemonic: 'movi', cls: 'simd_alu', feature: 'simd',
  //          Q op                   cmode o2
  pattern: `0 ${q} 0 0111100000 abc:3 1110 0 1 defgh:5 rd:5`,
  operands: [V('rd', arr), imm8('abc', 'defgh'), lslZero],
}));

// ---------------------------------------------------------------- ORR (vector, register) and MOV (vector)
// 0 Q 0 01110 101 Rm 000111 Rn Rd  (C7.2.211 ORR (vector, register)).
// MOV (vector), C7.2.200, is preferred when Rn == Rm.

const orr: RowSpec[] = (['8b', '16b'] as const).flatMap((arr, q) => [
  { id: `ORR_vec_${arr}`, mnemonic: 'orr', cls: 'simd_alu' as TimingClass, feature: 'simd' as const,
    //         Q          size  Rm           Rn
    pattern: `0 ${q} 0 01110 101 rm:5 000111 rn:5 rd:5`,
    operands: [V('rd', arr), V('rn', arr), V('rm', arr)] },
  { id: `MOV_vec_${arr}`, mnemonic: 'mov', cls: 'simd_alu' as TimingClass, feature: 'simd' as const,
    pattern: `0 ${q} 0 01110 101 rm:5 000111 rn:5 rd:5`,
    operands: [V('rd', arr), V('rn', arr)],
    alias: {
      of: `ORR_vec_${arr}`,
      when: (f: Fields) => f.rn === f.rm,
      toBase: (f: Fields) => {
        f.rm = f.rn!;
      },
    } },
]);

export const SIMD: readonly RowSpec[] = [...qLoadStore, ...dup, ...movi, ...orr];
