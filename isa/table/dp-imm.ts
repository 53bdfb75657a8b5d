// C4.1.86 Data Processing -- Immediate.
// Rows, in the Arm ARM's order of the op0 decode table: PC-rel addressing,
// add/subtract (immediate), logical (immediate), move wide (immediate),
// bitfield, extract. Add/subtract (immediate, with tags) -- ADDG/SUBG --
// lives in mte.ts. Not in our subset, left UNALLOCATED: min/max (immediate)
// (FEAT_CSSC) and the rest of the op0 = x11 space.
//
// Alias preference conditions are the Arm ARM's ("alias is preferred when",
// C6.2), as LLVM 14 implements them; LLVM's printing is the spec for the
// text. Rows with `when: false` are assembler-only spellings that llvm-mc 14
// accepts but never prints.

import { R, RSP, W, X, imm, pcrel } from '../operands.ts';
import type { Fields, RowSpec } from '../types.ts';
import {
  addSubImm, bitmaskImm, bitmaskImmValid, hwShift, lsbWidth, lslShift,
  movBitmaskImm, movWideImm, movnIsMov, movzIsMov, orrIsMov, sameReg, wOrX,
  type DataSize,
} from './dp-imm-operands.ts';

const SF = [0, 1] as const;
const sfx = (sf: 0 | 1) => (sf ? 'x' : 'w');
const bits = (sf: 0 | 1): DataSize => (sf ? 64 : 32);

// ---- PC-rel addressing: op immlo:2 10000 immhi:19 Rd
// C6.2.10 ADR: Xd = PC + SignExtend(immhi:immlo). C6.2.11 ADRP: Xd =
// (PC AND NOT 0xfff) + SignExtend(immhi:immlo) * 4096. LLVM prints the byte
// offset (`adr x0, #3`, `adrp x0, #4096`).
const pcRel: RowSpec[] = [
  {
    id: 'ADR_pcrel', mnemonic: 'adr', cls: 'alu',
    pattern: '0 immlo:2 10000 immhi:19 rd:5',
    operands: [X('rd'), pcrel([{ name: 'immlo', width: 2 }, { name: 'immhi', width: 19 }], 1)],
  },
  {
    id: 'ADRP_pcrel', mnemonic: 'adrp', cls: 'alu',
    pattern: '1 immlo:2 10000 immhi:19 rd:5',
    operands: [X('rd'), pcrel([{ name: 'immlo', width: 2 }, { name: 'immhi', width: 19 }], 4096, { page: true })],
  },
];

// ---- Add/subtract (immediate): sf op S 100010 sh imm12 Rn Rd
// C6.2.4 ADD, C6.2.8 ADDS, C6.2 SUB and SUBS (immediate). Rn is Xn|SP; Rd
// is Xd|SP for ADD/SUB and Xd|XZR for ADDS/SUBS.
// Aliases: MOV (to/from SP) of ADD when sh = 0, imm12 = 0 and Rd or Rn is
// SP; CMN (immediate) of ADDS and CMP (immediate) of SUBS whenever Rd = ZR.
// Assembler-only: a negative immediate switches ADD <-> SUB, ADDS <-> SUBS
// and CMP <-> CMN, as llvm-mc and GNU as do.
const ADD_SUB = [
  { id: 'ADD', op: 0, s: 0, opposite: 'SUB' },
  { id: 'ADDS', op: 0, s: 1, opposite: 'SUBS' },
  { id: 'SUB', op: 1, s: 0, opposite: 'ADD' },
  { id: 'SUBS', op: 1, s: 1, opposite: 'ADDS' },
] as const;
const spMove = (f: Fields) => f.rd === 31 || f.rn === 31;
const addSubImmRows: RowSpec[] = SF.flatMap((sf) => ADD_SUB.flatMap((d): RowSpec[] => {
  const id = `${d.id}_imm_${sfx(sf)}`;
  const pattern = `${sf} ${d.op} ${d.s} 100010 sh:1 imm12:12 rn:5 rd:5`;
  const rd = d.s ? R(sf, 'rd') : RSP(sf, 'rd');
  const rows: RowSpec[] = [{
    id, mnemonic: d.id.toLowerCase(), cls: 'alu', pattern,
    operands: [rd, RSP(sf, 'rn'), addSubImm()],
  }];
  if (d.id === 'ADD') rows.push({
    id: `MOV_sp_${sfx(sf)}`, mnemonic: 'mov', cls: 'alu',
    pattern: `${sf} 0 0 100010 0 000000000000 rn:5 rd:5`,
    operands: [RSP(sf, 'rd'), RSP(sf, 'rn')],
    // assembling, `mov x0, x1` (no SP) is ORR (shifted register), not this
    alias: { of: id, when: spMove, toBase: (f) => (spMove(f) ? undefined : 'this mov form needs sp or wsp as one operand') },
  });
  if (d.s) rows.push({
    id: `${d.op ? 'CMP' : 'CMN'}_imm_${sfx(sf)}`, mnemonic: d.op ? 'cmp' : 'cmn', cls: 'alu',
    pattern: `${sf} ${d.op} 1 100010 sh:1 imm12:12 rn:5 11111`,
    operands: [RSP(sf, 'rn'), addSubImm()],
    alias: { of: id },
  });
  // the opposite mnemonic with a negated immediate, encoding this row
  const opp = d.opposite.toLowerCase();
  rows.push({
    id: `${d.opposite}_negimm_${sfx(sf)}`, mnemonic: opp, cls: 'alu', pattern,
    operands: [rd, RSP(sf, 'rn'), addSubImm({ negate: true })],
    alias: { of: id, when: false },
  });
  if (d.s) rows.push({
    id: `${d.op ? 'CMN' : 'CMP'}_negimm_${sfx(sf)}`, mnemonic: d.op ? 'cmn' : 'cmp', cls: 'alu',
    pattern: `${sf} ${d.op} 1 100010 sh:1 imm12:12 rn:5 11111`,
    operands: [RSP(sf, 'rn'), addSubImm({ negate: true })],
    alias: { of: id, when: false },
  });
  return rows;
}));

// ---- Logical (immediate): sf opc:2 100100 N immr imms Rn Rd
// C6.2.12 AND, C6.2.205 ORR, C6.2.89 EOR, C6.2.14 ANDS (immediate); the
// value is DecodeBitMasks(N, imms, immr, TRUE). Rd is Xd|SP except for ANDS.
// UNALLOCATED: sf = 0 with N = 1 (the W pattern fixes N = 0) and the
// reserved imms patterns (element size < 2, or an all-ones element).
// Deliberate deviation: DecodeBitMasks ignores the bits of immr above the
// element size, so e.g. `and w0, w1, #1` has two encodings (immr = 0 or
// 32). We decode only the canonical one (those bits zero), which is what
// every assembler emits, so that assemble(disassemble(w)) = w holds for the
// whole table; the other words are UNDEFINED here though hardware runs them.
// Aliases: MOV (bitmask immediate) of ORR with Rn = ZR when MOVZ
// and MOVN cannot make the value (LLVM's MOVZ > MOVN > ORR chain); TST
// (immediate) of ANDS whenever Rd = ZR. Assembler-only: BIC, ORN,
// EON, BICS with an immediate encode AND, ORR, EOR, ANDS of its inverse.
const LOGICAL = [
  { id: 'AND', opc: '00', inverse: 'BIC' },
  { id: 'ORR', opc: '01', inverse: 'ORN' },
  { id: 'EOR', opc: '10', inverse: 'EON' },
  { id: 'ANDS', opc: '11', inverse: 'BICS' },
] as const;
const logicalValid = (M: DataSize) => (f: Fields) => bitmaskImmValid(f.n ?? 0, f.imms!, f.immr!, M);
const logicalImm: RowSpec[] = SF.flatMap((sf) => LOGICAL.flatMap((d): RowSpec[] => {
  const M = bits(sf);
  const id = `${d.id}_imm_${sfx(sf)}`;
  const n = sf ? 'n:1' : '0';
  const rd = d.id === 'ANDS' ? R(sf, 'rd') : RSP(sf, 'rd');
  const rows: RowSpec[] = [{
    id, mnemonic: d.id.toLowerCase(), cls: 'alu',
    pattern: `${sf} ${d.opc} 100100 ${n} immr:6 imms:6 rn:5 rd:5`,
    operands: [rd, R(sf, 'rn'), bitmaskImm(M)],
    valid: logicalValid(M),
  }, {
    id: `${d.inverse}_imm_${sfx(sf)}`, mnemonic: d.inverse.toLowerCase(), cls: 'alu',
    pattern: `${sf} ${d.opc} 100100 ${n} immr:6 imms:6 rn:5 rd:5`,
    operands: [rd, R(sf, 'rn'), bitmaskImm(M, { invert: true })],
    alias: { of: id, when: false },
  }];
  if (d.id === 'ORR') rows.push({
    id: `MOV_bitmask_${sfx(sf)}`, mnemonic: 'mov', cls: 'alu',
    pattern: `${sf} 01 100100 ${n} immr:6 imms:6 11111 rd:5`,
    operands: [RSP(sf, 'rd'), movBitmaskImm(M)],
    alias: { of: id, when: (f) => orrIsMov(f, M) },
  });
  if (d.id === 'ANDS') rows.push({
    id: `TST_imm_${sfx(sf)}`, mnemonic: 'tst', cls: 'alu',
    pattern: `${sf} 11 100100 ${n} immr:6 imms:6 rn:5 11111`,
    operands: [R(sf, 'rn'), bitmaskImm(M)],
    alias: { of: id },
  });
  return rows;
}));

// ---- Move wide (immediate): sf opc:2 100101 hw:2 imm16 Rd
// C6.2 MOVN, MOVZ, MOVK. UNALLOCATED: opc = 01, and
// sf = 0 with hw<1> = 1 (the W patterns fix it). LLVM prints imm16 in decimal.
// Aliases: MOV (wide immediate) of MOVZ unless imm16 = 0 with
// hw != 0; MOV (inverted wide immediate) of MOVN unless imm16 = 0
// with hw != 0 or MOVZ could make the value (W forms: imm16 = 0xffff).
// `mov Rd, #imm` tries MOVZ, then MOVN, then ORR (bitmask), as llvm-mc does;
// each MOV row accepts exactly the values it is the preferred spelling of.
const MOVE_WIDE = [
  { id: 'MOVN', opc: '00' },
  { id: 'MOVZ', opc: '10' },
  { id: 'MOVK', opc: '11' },
] as const;
const moveWide: RowSpec[] = SF.flatMap((sf) => MOVE_WIDE.map((d): RowSpec => {
  const hw = sf ? 'hw:2' : '0 hw:1';
  return {
    id: `${d.id}_${sfx(sf)}`, mnemonic: d.id.toLowerCase(), cls: 'mov',
    pattern: `${sf} ${d.opc} 100101 ${hw} imm16:16 rd:5`,
    operands: [R(sf, 'rd'), imm('imm16', 16), hwShift(bits(sf))],
  };
}));
// MOVZ before MOVN: the order `mov Rd, #imm` tries them in
const movWideAliases: RowSpec[] = SF.flatMap((sf) => (['MOVZ', 'MOVN'] as const).map((of): RowSpec => {
  const M = bits(sf);
  const z = of === 'MOVZ';
  return {
    id: `MOV_${z ? 'wide' : 'inverted'}_${sfx(sf)}`, mnemonic: 'mov', cls: 'mov',
    pattern: `${sf} ${z ? '10' : '00'} 100101 ${sf ? 'hw:2' : '0 hw:1'} imm16:16 rd:5`,
    operands: [R(sf, 'rd'), movWideImm(M, z ? 'z' : 'n')],
    alias: { of: `${of}_${sfx(sf)}`, when: z ? movzIsMov : (f) => movnIsMov(f, M) },
  };
}));

// ---- Bitfield: sf opc:2 100110 N immr imms Rn Rd
// C6.2 SBFM, BFM, UBFM. UNALLOCATED: opc = 11, N != sf, and for sf = 0
// immr<5> or imms<5> set (the W patterns fix N, immr<5> and imms<5> to 0).
// LLVM prints every SBFM and UBFM as an alias, trying in this order:
//   SXTB/SXTH (and SXTW for X): SBFM with immr = 0, imms = 7/15/31;
//   UXTB/UXTH: 32-bit UBFM with immr = 0, imms = 7/15;
//   LSL: UBFM with imms != M-1 and imms + 1 = immr;
//   LSR/ASR: UBFM/SBFM with imms = M-1;
//   UBFIZ/SBFIZ: immr > imms;  else UBFX/SBFX
// (the Arm ARM's BFXPreferred() gives the same choice).
// BFM prints as BFI when imms < immr, else BFXIL. BFC (BFM with Rn = ZR)
// is printed only with +v8.2a by llvm-mc 14, so with our oracle's
// -mattr=+mte it is assembler-only (`bfc x0, #1, #2` prints as
// `bfi x0, xzr, #1, #2`).
// Below, the table order among aliases of equal specificity is the order
// LLVM tests them; more specific patterns are tried first anyway.

/** Pattern fragments for immr/imms: X forms have 6-bit fields, W forms 0 + 5 bits. */
function bf(sf: 0 | 1, opc: string, o: { immr?: number; imms?: number; rn?: string } = {}): string {
  const field = (name: string, v?: number) => {
    if (v !== undefined) return v.toString(2).padStart(6, '0');
    return sf ? `${name}:6` : `0 ${name}:5`;
  };
  return `${sf} ${opc} 100110 ${sf} ${field('immr', o.immr)} ${field('imms', o.imms)} ${o.rn ?? 'rn:5'} rd:5`;
}

const bitfield: RowSpec[] = SF.flatMap((sf): RowSpec[] => {
  const M = bits(sf);
  const x = sfx(sf);
  const top = M - 1;
  const rows: RowSpec[] = [];
  const ext = (of: string, mnemonic: string, imms: number, rd = R(sf, 'rd'), rn = W('rn'), when?: false): RowSpec => ({
    id: `${mnemonic.toUpperCase()}_${when === false ? 'xdst_' : ''}${x}`, mnemonic, cls: 'bitfield',
    pattern: bf(sf, of === 'SBFM' ? '00' : '10', { immr: 0, imms }),
    operands: [rd, rn],
    alias: { of: `${of}_${x}`, when },
  });

  // SBFM
  rows.push({
    id: `SBFM_${x}`, mnemonic: 'sbfm', cls: 'bitfield', pattern: bf(sf, '00'),
    operands: [R(sf, 'rd'), R(sf, 'rn'), imm('immr', sf ? 6 : 5), imm('imms', sf ? 6 : 5)],
  });
  const sxtSrc = sf ? wOrX('rn') : W('rn');
  rows.push(ext('SBFM', 'sxtb', 7, R(sf, 'rd'), sxtSrc), ext('SBFM', 'sxth', 15, R(sf, 'rd'), sxtSrc));
  if (sf) rows.push(ext('SBFM', 'sxtw', 31, X('rd'), wOrX('rn')));
  rows.push(
    {
      id: `ASR_imm_${x}`, mnemonic: 'asr', cls: 'bitfield', pattern: bf(sf, '00', { imms: top }),
      operands: [R(sf, 'rd'), R(sf, 'rn'), imm('immr', sf ? 6 : 5, { what: 'shift amount' })],
      alias: { of: `SBFM_${x}` },
    },
    {
      id: `SBFIZ_${x}`, mnemonic: 'sbfiz', cls: 'bitfield', pattern: bf(sf, '00'),
      operands: [R(sf, 'rd'), R(sf, 'rn'), lsbWidth(M, 'insert')],
      alias: { of: `SBFM_${x}`, when: (f) => f.immr! > f.imms! },
    },
    {
      id: `SBFX_${x}`, mnemonic: 'sbfx', cls: 'bitfield', pattern: bf(sf, '00'),
      operands: [R(sf, 'rd'), R(sf, 'rn'), lsbWidth(M, 'extract')],
      alias: { of: `SBFM_${x}` },
    },
  );

  // BFM
  rows.push(
    {
      id: `BFM_${x}`, mnemonic: 'bfm', cls: 'bitfield', pattern: bf(sf, '01'),
      operands: [R(sf, 'rd'), R(sf, 'rn'), imm('immr', sf ? 6 : 5), imm('imms', sf ? 6 : 5)],
    },
    {
      id: `BFC_${x}`, mnemonic: 'bfc', cls: 'bitfield', pattern: bf(sf, '01', { rn: '11111' }),
      operands: [R(sf, 'rd'), lsbWidth(M, 'insert')],
      alias: { of: `BFM_${x}`, when: false },
    },
    {
      id: `BFI_${x}`, mnemonic: 'bfi', cls: 'bitfield', pattern: bf(sf, '01'),
      operands: [R(sf, 'rd'), R(sf, 'rn'), lsbWidth(M, 'insert')],
      alias: { of: `BFM_${x}`, when: (f) => f.imms! < f.immr! },
    },
    {
      id: `BFXIL_${x}`, mnemonic: 'bfxil', cls: 'bitfield', pattern: bf(sf, '01'),
      operands: [R(sf, 'rd'), R(sf, 'rn'), lsbWidth(M, 'extract')],
      alias: { of: `BFM_${x}` },
    },
  );

  // UBFM
  rows.push({
    id: `UBFM_${x}`, mnemonic: 'ubfm', cls: 'bitfield', pattern: bf(sf, '10'),
    operands: [R(sf, 'rd'), R(sf, 'rn'), imm('immr', sf ? 6 : 5), imm('imms', sf ? 6 : 5)],
  });
  if (!sf) {
    rows.push(ext('UBFM', 'uxtb', 7), ext('UBFM', 'uxth', 15));
    // `uxtb x0, w1` is accepted by llvm-mc and GNU as and means `uxtb w0, w1`
    rows.push(ext('UBFM', 'uxtb', 7, X('rd'), W('rn'), false), ext('UBFM', 'uxth', 15, X('rd'), W('rn'), false));
  } else {
    // `uxtw x0, w1` is accepted by llvm-mc (not GNU as) as `ubfx x0, x1, #0, #32`
    rows.push({
      id: 'UXTW_x', mnemonic: 'uxtw', cls: 'bitfield', pattern: bf(1, '10', { immr: 0, imms: 31 }),
      operands: [X('rd'), wOrX('rn')],
      alias: { of: 'UBFM_x', when: false },
    });
  }
  rows.push(
    {
      id: `LSR_imm_${x}`, mnemonic: 'lsr', cls: 'bitfield', pattern: bf(sf, '10', { imms: top }),
      operands: [R(sf, 'rd'), R(sf, 'rn'), imm('immr', sf ? 6 : 5, { what: 'shift amount' })],
      alias: { of: `UBFM_${x}` },
    },
    {
      id: `LSL_imm_${x}`, mnemonic: 'lsl', cls: 'bitfield', pattern: bf(sf, '10'),
      operands: [R(sf, 'rd'), R(sf, 'rn'), lslShift(M)],
      alias: { of: `UBFM_${x}`, when: (f) => f.imms !== top && f.imms! + 1 === f.immr },
    },
    {
      id: `UBFIZ_${x}`, mnemonic: 'ubfiz', cls: 'bitfield', pattern: bf(sf, '10'),
      operands: [R(sf, 'rd'), R(sf, 'rn'), lsbWidth(M, 'insert')],
      alias: { of: `UBFM_${x}`, when: (f) => f.immr! > f.imms! },
    },
    {
      id: `UBFX_${x}`, mnemonic: 'ubfx', cls: 'bitfield', pattern: bf(sf, '10'),
      operands: [R(sf, 'rd'), R(sf, 'rn'), lsbWidth(M, 'extract')],
      alias: { of: `UBFM_${x}` },
    },
  );
  return rows;
});

// ---- Extract: sf op21:2 100111 N o0 Rm imms Rn Rd
// C6.2 EXTR. UNALLOCATED: op21 != 00, o0 = 1, N != sf, and sf = 0 with
// imms<5> = 1 (the patterns fix them). Alias: ROR (immediate)
// when Rn = Rm.
const extract: RowSpec[] = SF.flatMap((sf): RowSpec[] => {
  const M = bits(sf);
  const x = sfx(sf);
  const imms = sf ? 'imms:6' : '0 imms:5';
  const pattern = `${sf} 00 100111 ${sf} 0 rm:5 ${imms} rn:5 rd:5`;
  return [
    {
      id: `EXTR_${x}`, mnemonic: 'extr', cls: 'alu_shift', pattern,
      operands: [R(sf, 'rd'), R(sf, 'rn'), R(sf, 'rm'), imm('imms', sf ? 6 : 5, { what: 'lsb' })],
    },
    {
      id: `ROR_imm_${x}`, mnemonic: 'ror', cls: 'alu_shift', pattern,
      operands: [R(sf, 'rd'), sameReg(M, 'rn', 'rm'), imm('imms', sf ? 6 : 5, { what: 'shift amount' })],
      alias: { of: `EXTR_${x}`, when: (f) => f.rn === f.rm },
    },
  ];
});

export const DP_IMM: readonly RowSpec[] = [...pcRel, ...addSubImmRows, ...logicalImm, ...moveWide, ...movWideAliases, ...bitfield, ...extract];
