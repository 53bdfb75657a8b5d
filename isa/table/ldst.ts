// C4.1.88 Loads and Stores (general registers; the Q-register forms are in
// simd.ts). Sections in Arm ARM order:
//   load/store exclusive and ordered (LDXR/STXR..., LDAR/STLR)
//   load register (literal)
//   load/store pair (no-allocate, post-index, offset, pre-index)
//   load/store register (unscaled, post-index, pre-index, register offset,
//     unsigned offset; the rows list unsigned offset first, see singleRows)
// then the assembler-only spellings (`ldr x0, [x1, #-8]` -> LDUR).
//
// Not here (yet): LDTR/STTR (unprivileged), LSE atomics and CAS (llvm-mc
// without +lse calls them invalid), LDLAR/STLLR (+lor), LDAPR (+rcpc),
// SIMD&FP B/H/S/D registers.
//
// CONSTRAINED UNPREDICTABLE register overlaps (writeback base = transfer
// register, load pair Rt == Rt2, store-exclusive status = data or base) are
// UNDEFINED here (one of the behaviours the Arm ARM permits): their `valid`
// rejects them, matching llvm-mc's assembler, which refuses to assemble them
// (its disassembler prints them, some with a "potentially undefined"
// warning, some silently).

import { R, W, X, memBase, memImm, memPost } from '../operands.ts';
import type { Fields, OperandKind, RowSpec, TimingClass } from '../types.ts';
import { checked, literal, preIdx, prfop, regOff } from './ldst-operands.ts';

/** Writeback base equals a transfer register (and is not SP). */
const wbClash = (f: Fields) => f.rn !== 31 && (f.rn === f.rt || (f.rt2 !== undefined && f.rn === f.rt2));
const WB_MSG = 'writeback base register is also a transfer register (CONSTRAINED UNPREDICTABLE)';

/** Wrap the writeback memory operand with the overlap check. */
const wb = (op: OperandKind) => checked(op, (f) => (wbClash(f) ? WB_MSG : undefined));

// ---------------------------------------------------------------- exclusive and ordered
// size 001000 o2 L o1 Rs o0 Rt2 Rn Rt  (C6.2 LDXR, STXR, LDAXR, STLXR, LDAR,
// STLR, LDXP, STXP, LDAXP, STLXP and the B/H forms). Rs and Rt2 are "(1)"
// fields where unused: llvm-mc decodes other values (mostly with a
// "potentially undefined" warning) and prints them as if 11111, so they
// could not round-trip; we fix them at 11111 and such words are UNDEFINED
// (a permitted CONSTRAINED UNPREDICTABLE behaviour).

const EX_SIZES = [
  { sz: '00', sfx: 'B', rt: W, id: (m: string) => `${m}B` },
  { sz: '01', sfx: 'H', rt: W, id: (m: string) => `${m}H` },
  { sz: '10', sfx: '', rt: W, id: (m: string) => `${m}_w` },
  { sz: '11', sfx: '', rt: X, id: (m: string) => `${m}_x` },
] as const;

const STX_MSG = 'status register is also the data or base register (CONSTRAINED UNPREDICTABLE)';
/** Store-exclusive status Rs must differ from Rt (and Rt2) and from Rn unless Rn is SP. */
const stxClash = (f: Fields) => f.rs === f.rt || f.rs === f.rt2 || (f.rs === f.rn && f.rn !== 31);

const exclusive: RowSpec[] = EX_SIZES.flatMap(({ sz, sfx, rt, id }) => {
  const m = (base: string) => (base + sfx).toLowerCase();
  return [
    //                      size       o2 L o1 Rs      o0 Rt2
    { id: id('STXR'), mnemonic: m('stxr'), cls: 'store_ex' as TimingClass,
      pattern: `${sz} 001000 0  0 0  rs:5    0  11111 rn:5 rt:5`,
      operands: [W('rs'), rt('rt'), checked(memBase('rn'), (f) => (stxClash(f) ? STX_MSG : undefined))], valid: (f: Fields) => !stxClash(f) },
    { id: id('STLXR'), mnemonic: m('stlxr'), cls: 'store_ex' as TimingClass,
      pattern: `${sz} 001000 0  0 0  rs:5    1  11111 rn:5 rt:5`,
      operands: [W('rs'), rt('rt'), checked(memBase('rn'), (f) => (stxClash(f) ? STX_MSG : undefined))], valid: (f: Fields) => !stxClash(f) },
    { id: id('LDXR'), mnemonic: m('ldxr'), cls: 'load_ex' as TimingClass,
      pattern: `${sz} 001000 0  1 0  11111   0  11111 rn:5 rt:5`,
      operands: [rt('rt'), memBase('rn')] },
    { id: id('LDAXR'), mnemonic: m('ldaxr'), cls: 'load_ex' as TimingClass,
      pattern: `${sz} 001000 0  1 0  11111   1  11111 rn:5 rt:5`,
      operands: [rt('rt'), memBase('rn')] },
    { id: id('STLR'), mnemonic: m('stlr'), cls: 'store_rel' as TimingClass,
      pattern: `${sz} 001000 1  0 0  11111   1  11111 rn:5 rt:5`,
      operands: [rt('rt'), memBase('rn')] },
    { id: id('LDAR'), mnemonic: m('ldar'), cls: 'load_acq' as TimingClass,
      pattern: `${sz} 001000 1  1 0  11111   1  11111 rn:5 rt:5`,
      operands: [rt('rt'), memBase('rn')] },
  ];
});

// Exclusive pairs: sz = 1x only (size 0x with o1=1 is CASP, FEAT_LSE).
const PAIR_MSG = 'Rt2 == Rt in a load pair (CONSTRAINED UNPREDICTABLE)';
const exclusivePair: RowSpec[] = ([0, 1] as const).flatMap((sf) => {
  const s = sf ? 'x' : 'w';
  const stx = (f: Fields) => (stxClash(f) ? STX_MSG : undefined);
  const ldp = (f: Fields) => (f.rt === f.rt2 ? PAIR_MSG : undefined);
  return [
    //                                                   sz    o2 L o1 Rs    o0 Rt2
    { id: `STXP_${s}`, mnemonic: 'stxp', cls: 'store_ex' as TimingClass,
      pattern: `1${sf} 001000 0  0 1  rs:5  0  rt2:5 rn:5 rt:5`,
      operands: [W('rs'), R(sf, 'rt'), R(sf, 'rt2'), checked(memBase('rn'), stx)], valid: (f: Fields) => !stxClash(f) },
    { id: `STLXP_${s}`, mnemonic: 'stlxp', cls: 'store_ex' as TimingClass,
      pattern: `1${sf} 001000 0  0 1  rs:5  1  rt2:5 rn:5 rt:5`,
      operands: [W('rs'), R(sf, 'rt'), R(sf, 'rt2'), checked(memBase('rn'), stx)], valid: (f: Fields) => !stxClash(f) },
    { id: `LDXP_${s}`, mnemonic: 'ldxp', cls: 'load_ex' as TimingClass,
      pattern: `1${sf} 001000 0  1 1  11111 0  rt2:5 rn:5 rt:5`,
      operands: [R(sf, 'rt'), R(sf, 'rt2'), checked(memBase('rn'), ldp)], valid: (f: Fields) => f.rt !== f.rt2 },
    { id: `LDAXP_${s}`, mnemonic: 'ldaxp', cls: 'load_ex' as TimingClass,
      pattern: `1${sf} 001000 0  1 1  11111 1  rt2:5 rn:5 rt:5`,
      operands: [R(sf, 'rt'), R(sf, 'rt2'), checked(memBase('rn'), ldp)], valid: (f: Fields) => f.rt !== f.rt2 },
  ];
});

// ---------------------------------------------------------------- load register (literal)
// opc 011 V 00 imm19 Rt  (C6.2 LDR (literal), LDRSW (literal), PRFM (literal)).
// Offset = imm19 * 4 from the instruction; `ldr xN, =expr` uses the literal pool.

const literalRows: RowSpec[] = [
  //                                                                 opc    V
  { id: 'LDR_lit_w', mnemonic: 'ldr', cls: 'literal', pattern: '00 011 0 00 imm19:19 rt:5', operands: [W('rt'), literal('imm19', 4)] },
  { id: 'LDR_lit_x', mnemonic: 'ldr', cls: 'literal', pattern: '01 011 0 00 imm19:19 rt:5', operands: [X('rt'), literal('imm19', 8)] },
  { id: 'LDRSW_lit', mnemonic: 'ldrsw', cls: 'literal', pattern: '10 011 0 00 imm19:19 rt:5', operands: [X('rt'), literal('imm19', 4)] },
  { id: 'PRFM_lit', mnemonic: 'prfm', cls: 'prefetch', pattern: '11 011 0 00 imm19:19 rt:5', operands: [prfop('rt'), literal('imm19')] },
];

// ---------------------------------------------------------------- load/store pair
// opc 101 V mode L imm7 Rt2 Rn Rt  (C6.2 LDP, STP, LDPSW, LDNP, STNP), offset
// = imm7 * access size. mode: 00 no-allocate (offset), 01 post, 10 offset,
// 11 pre. opc=01 L=0 is STGP (mte.ts); LDPSW has no no-allocate form.

const PAIR_MODES = [
  { mode: '00', form: 'nt' },
  { mode: '10', form: 'off' },
  { mode: '11', form: 'pre' },
  { mode: '01', form: 'post' },
] as const;

/** The memory operand of a pair (or single) access in `form`, with a signed `width`-bit field scaled by `scale`. */
export function pairMem(form: 'nt' | 'off' | 'pre' | 'post', field: string, width: number, scale: number): OperandKind {
  if (form === 'pre') return preIdx('rn', field, width, scale);
  if (form === 'post') return memPost('rn', field, width, { signed: true, scale });
  return memImm('rn', field, width, { signed: true, scale });
}

const pairRows: RowSpec[] = [
  { opc: '00', sf: 0 as const, log2: 2, st: 'STP', ld: 'LDP', sfx: '_w' },
  { opc: '10', sf: 1 as const, log2: 3, st: 'STP', ld: 'LDP', sfx: '_x' },
  { opc: '01', sf: 1 as const, log2: 2, st: '', ld: 'LDPSW', sfx: '' },
].flatMap(({ opc, sf, log2, st, ld, sfx }) =>
  PAIR_MODES.flatMap(({ mode, form }) => {
    const rows: RowSpec[] = [];
    const nt = form === 'nt';
    const wback = form === 'pre' || form === 'post';
    const mem = pairMem(form, 'imm7', 7, 1 << log2);
    const name = (m: string) => (nt ? `${m.replace('P', 'NP')}${sfx}` : `${m}_${form}${sfx}`);
    if (st) {
      rows.push({
        id: name(st), mnemonic: nt ? 'stnp' : 'stp', cls: 'store_pair',
        //         opc     V mode    L
        pattern: `${opc} 101 0 0${mode} 0 imm7:7 rt2:5 rn:5 rt:5`,
        operands: [R(sf, 'rt'), R(sf, 'rt2'), wback ? wb(mem) : mem],
        valid: wback ? (f) => !wbClash(f) : undefined,
      });
    }
    if (nt && ld === 'LDPSW') return rows;
    const ldValid = (f: Fields) => f.rt !== f.rt2 && !(wback && wbClash(f));
    rows.push({
      id: name(ld), mnemonic: nt ? 'ldnp' : ld.toLowerCase(), cls: 'load_pair',
      pattern: `${opc} 101 0 0${mode} 1 imm7:7 rt2:5 rn:5 rt:5`,
      operands: [R(sf, 'rt'), R(sf, 'rt2'), checked(mem, (f) => (f.rt === f.rt2 ? PAIR_MSG : wback && wbClash(f) ? WB_MSG : undefined))],
      valid: ldValid,
    });
    return rows;
  }),
);

// ---------------------------------------------------------------- load/store register
// size 111 V 00 opc 0 imm9 00 Rn Rt    unscaled immediate (LDUR...)
// size 111 V 00 opc 0 imm9 01 Rn Rt    immediate post-index
// size 111 V 00 opc 0 imm9 11 Rn Rt    immediate pre-index
// size 111 V 00 opc 1 Rm option S 10 Rn Rt  register offset
// size 111 V 01 opc imm12 Rn Rt        unsigned immediate, scaled by the size
// (C6.2 LDR/STR (immediate, register), LDRB/STRB, LDRH/STRH, LDRSB, LDRSH,
// LDRSW, LDUR..., PRFM, PRFUM). size=1x opc=11 is unallocated; size=11 opc=10
// is PRFM (no writeback forms).

export interface Access {
  /** Id stem and mnemonics: unsigned-offset/indexed form, unscaled form. */
  id: string; mn: string; un: string;
  /** '_w'/'_x' when the mnemonic has both widths, '_q' for the 128-bit SIMD&FP form. */
  sfx: '' | '_w' | '_x' | '_q';
  size: string; opc: string;
  rt: (field: string) => OperandKind;
  log2: number;
  cls: TimingClass;
}

const acc = (id: string, sfx: Access['sfx'], size: string, opc: string, rt: 'w' | 'x', log2: number): Access => {
  const mn = id.toLowerCase();
  const un = mn.replace(/^(ld|st)r/, '$1ur');
  return { id, mn, un, sfx, size, opc, rt: rt === 'x' ? X : W, log2, cls: mn.startsWith('st') ? 'store' : 'load' };
};

const ACCESSES: Access[] = [
  //  id        sfx    size  opc   Rt   log2(size)
  acc('STRB',  '',    '00', '00', 'w', 0),
  acc('LDRB',  '',    '00', '01', 'w', 0),
  acc('LDRSB', '_x',  '00', '10', 'x', 0),
  acc('LDRSB', '_w',  '00', '11', 'w', 0),
  acc('STRH',  '',    '01', '00', 'w', 1),
  acc('LDRH',  '',    '01', '01', 'w', 1),
  acc('LDRSH', '_x',  '01', '10', 'x', 1),
  acc('LDRSH', '_w',  '01', '11', 'w', 1),
  acc('STR',   '_w',  '10', '00', 'w', 2),
  acc('LDR',   '_w',  '10', '01', 'w', 2),
  acc('LDRSW', '',    '10', '10', 'x', 2),
  acc('STR',   '_x',  '11', '00', 'x', 3),
  acc('LDR',   '_x',  '11', '01', 'x', 3),
];

/**
 * The five addressing forms of one access. The unsigned-offset form comes
 * first, out of Arm ARM order: the encoder tries rows in table order and,
 * between equally far errors, reports the first, so `ldr x0, [x1, #32768]`
 * is told the range of the form it most likely meant.
 */
export function singleRows(a: Access, v: '0' | '1', feature?: RowSpec['feature']): RowSpec[] {
  const { id, mn, un, sfx, size, opc, rt, log2, cls } = a;
  const idx = (f: Fields) => f.rn === 31 || f.rn !== f.rt;
  // writeback overlap only matters when Rt is a general register
  const gprWb = v === '0';
  return [
    { id: `${id}_imm${sfx}`, mnemonic: mn, cls, feature,
      pattern: `${size} 111 ${v} 01 ${opc} imm12:12 rn:5 rt:5`,
      operands: [rt('rt'), memImm('rn', 'imm12', 12, { scale: 1 << log2, lo12: true })] },
    { id: `${un.toUpperCase()}${sfx}`, mnemonic: un, cls, feature,
      pattern: `${size} 111 ${v} 00 ${opc} 0 imm9:9 00 rn:5 rt:5`,
      operands: [rt('rt'), memImm('rn', 'imm9', 9, { signed: true })] },
    { id: `${id}_imm_post${sfx}`, mnemonic: mn, cls, feature,
      pattern: `${size} 111 ${v} 00 ${opc} 0 imm9:9 01 rn:5 rt:5`,
      operands: [rt('rt'), gprWb ? wb(memPost('rn', 'imm9', 9)) : memPost('rn', 'imm9', 9)], valid: gprWb ? idx : undefined },
    { id: `${id}_imm_pre${sfx}`, mnemonic: mn, cls, feature,
      pattern: `${size} 111 ${v} 00 ${opc} 0 imm9:9 11 rn:5 rt:5`,
      operands: [rt('rt'), gprWb ? wb(preIdx('rn', 'imm9', 9)) : preIdx('rn', 'imm9', 9)], valid: gprWb ? idx : undefined },
    { id: `${id}_reg${sfx}`, mnemonic: mn, cls, feature,
      pattern: `${size} 111 ${v} 00 ${opc} 1 rm:5 option:3 s:1 10 rn:5 rt:5`,
      // option<1> == 0 is unallocated
      operands: [rt('rt'), regOff('rn', 'rm', 'option', 's', log2)], valid: (f) => (f.option! & 2) !== 0 },
  ];
}

/**
 * Assembler-only spelling: `ldr x0, [x1, #-8]` or `[x1, #1]` (an offset the
 * scaled unsigned form cannot hold) assembles as LDUR, as GNU as and llvm-mc
 * do. The encoder tries the unsigned-offset row first, so this only catches
 * what it refused. Never preferred for disassembly (LLVM prints ldur).
 */
export function unscaledAlias(a: Access, v: '0' | '1', feature?: RowSpec['feature']): RowSpec {
  const { id, mn, un, sfx, size, opc, rt, cls } = a;
  return {
    id: `${id}_as_${un.toUpperCase()}${sfx}`, mnemonic: mn, cls, feature,
    pattern: `${size} 111 ${v} 00 ${opc} 0 imm9:9 00 rn:5 rt:5`,
    operands: [rt('rt'), memImm('rn', 'imm9', 9, { signed: true })],
    alias: { of: `${un.toUpperCase()}${sfx}`, when: false },
  };
}

const prfmRows: RowSpec[] = [
  { id: 'PRFUM', mnemonic: 'prfum', cls: 'prefetch',
    pattern: '11 111 0 00 10 0 imm9:9 00 rn:5 rt:5',
    operands: [prfop('rt'), memImm('rn', 'imm9', 9, { signed: true })] },
  { id: 'PRFM_reg', mnemonic: 'prfm', cls: 'prefetch',
    pattern: '11 111 0 00 10 1 rm:5 option:3 s:1 10 rn:5 rt:5',
    operands: [prfop('rt'), regOff('rn', 'rm', 'option', 's', 3)], valid: (f) => (f.option! & 2) !== 0 },
  { id: 'PRFM_imm', mnemonic: 'prfm', cls: 'prefetch',
    pattern: '11 111 0 01 10 imm12:12 rn:5 rt:5',
    operands: [prfop('rt'), memImm('rn', 'imm12', 12, { scale: 8, lo12: true })] },
  // GNU as spelling `prfm op, [x0, #-8]` -> PRFUM (llvm-mc 14 refuses it).
  { id: 'PRFM_as_PRFUM', mnemonic: 'prfm', cls: 'prefetch',
    pattern: '11 111 0 00 10 0 imm9:9 00 rn:5 rt:5',
    operands: [prfop('rt'), memImm('rn', 'imm9', 9, { signed: true })],
    alias: { of: 'PRFUM', when: false } },
];

const singles: RowSpec[] = [
  ...ACCESSES.flatMap((a) => singleRows(a, '0')),
  ...prfmRows,
  ...ACCESSES.map((a) => unscaledAlias(a, '0')),
];


export const LDST: readonly RowSpec[] = [...exclusive, ...exclusivePair, ...literalRows, ...pairRows, ...singles];
