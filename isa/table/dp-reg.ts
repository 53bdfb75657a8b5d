// C4.1.87 Data Processing -- Register (encodings); instruction pages in C6.2
// (cited by name below: item numbers differ between Arm ARM issues).
// Rows, in the Arm ARM's order of the op0/op1/op2/op3 decode table:
//   data-processing (2 source), data-processing (1 source), logical (shifted
//   register), add/subtract (shifted register), add/subtract (extended
//   register), add/subtract (with carry), conditional compare (register and
//   immediate), conditional select, data-processing (3 source).
// Not in our subset, left UNALLOCATED here: CRC32/CRC32C, PACGA and the PAC/
// AUT/XPAC group of 1-source (FEAT_PAuth), RMIF/SETF8/SETF16 (FEAT_FlagM).
//
// Alias preference conditions are the Arm ARM's ("alias is preferred when"),
// as LLVM 14 implements them; LLVM's printing is the spec for the text.

import { R, RSP, X, XSP, cond, imm, optX } from '../operands.ts';
import type { Fields, RowSpec, TimingClass } from '../types.ts';
import { extReg, invCond, shiftOp, uimmAt } from './dp-reg-operands.ts';

const SF = [0, 1] as const;
const sfx = (sf: 0 | 1) => (sf ? 'x' : 'w');
/** Condition codes 111x (AL, NV): aliases that invert the condition do not apply. */
const alOrNv = (c: number) => c >= 14;
const noAlNv = (f: Fields): string | void => (alOrNv(f.cond!) ? 'condition codes al and nv are invalid for this instruction' : undefined);

// ---- Data-processing (2 source): sf 0 S 11010110 Rm opcode:6 Rn Rd
// C6.2 UDIV, SDIV, LSLV, LSRV, ASRV, RORV. LSL/LSR/ASR/ROR (register) are
// always-preferred aliases of the shift-by-register forms; LLVM prints only
// the alias.
const TWO_SRC: { id: string; alias?: string; opcode: string; cls: TimingClass }[] = [
  { id: 'UDIV', opcode: '000010', cls: 'div' },
  { id: 'SDIV', opcode: '000011', cls: 'div' },
  { id: 'LSLV', alias: 'LSL', opcode: '001000', cls: 'alu' },
  { id: 'LSRV', alias: 'LSR', opcode: '001001', cls: 'alu' },
  { id: 'ASRV', alias: 'ASR', opcode: '001010', cls: 'alu' },
  { id: 'RORV', alias: 'ROR', opcode: '001011', cls: 'alu' },
];
const twoSource: RowSpec[] = SF.flatMap((sf) => TWO_SRC.flatMap((d) => {
  const base: RowSpec = {
    id: `${d.id}_${sfx(sf)}`, mnemonic: d.id.toLowerCase(), cls: d.cls,
    pattern: `${sf} 0 0 11010110 rm:5 ${d.opcode} rn:5 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rn'), R(sf, 'rm')],
  };
  if (!d.alias) return [base];
  return [base, { ...base, id: `${d.alias}_reg_${sfx(sf)}`, mnemonic: d.alias.toLowerCase(), alias: { of: base.id } }];
}));

// MTE register forms (FEAT_MTE), X only (sf=1; sf=0 is UNALLOCATED).
// C6.2 IRG (Xm = XZR is printed by omitting it), GMI, SUBP, SUBPS. CMPP is
// SUBPS with Xd = XZR and "always preferred" in the Arm ARM, but llvm-mc 14
// prints `subps xzr, ...` (objdump prints cmpp), so CMPP is an
// assembler-only spelling here.
const mteTwoSource: RowSpec[] = [
  {
    id: 'SUBP', mnemonic: 'subp', cls: 'tag_alu', feature: 'mte',
    pattern: '1 0 0 11010110 rm:5 000000 rn:5 rd:5',
    operands: [X('rd'), XSP('rn'), XSP('rm')],
  },
  {
    id: 'IRG', mnemonic: 'irg', cls: 'tag_alu', feature: 'mte',
    pattern: '1 0 0 11010110 rm:5 000100 rn:5 rd:5',
    operands: [XSP('rd'), XSP('rn'), optX('rm', 31)],
  },
  {
    id: 'GMI', mnemonic: 'gmi', cls: 'tag_alu', feature: 'mte',
    pattern: '1 0 0 11010110 rm:5 000101 rn:5 rd:5',
    operands: [X('rd'), XSP('rn'), X('rm')],
  },
  {
    id: 'SUBPS', mnemonic: 'subps', cls: 'tag_alu', feature: 'mte',
    pattern: '1 0 1 11010110 rm:5 000000 rn:5 rd:5',
    operands: [X('rd'), XSP('rn'), XSP('rm')],
  },
  {
    id: 'CMPP', mnemonic: 'cmpp', cls: 'tag_alu', feature: 'mte',
    pattern: '1 0 1 11010110 rm:5 000000 rn:5 11111',
    operands: [XSP('rn'), XSP('rm')],
    alias: { of: 'SUBPS', when: false },
  },
];

// ---- Data-processing (1 source): sf 1 S 11010110 opcode2:5 opcode:6 Rn Rd, S = 0, opcode2 = 00000
// C6.2 RBIT, REV16, REV, REV32, CLZ, CLS. REV with sf=0 uses opcode 000010
// (the X form's REV32 slot); sf=0 opcode 000011 is UNALLOCATED. REV64 is an assembler-only spelling of
// REV (64-bit): LLVM prints `rev`.
const ONE_SRC: { id: string; opcode: string; sf: readonly (0 | 1)[] }[] = [
  { id: 'RBIT', opcode: '000000', sf: [0, 1] },
  { id: 'REV16', opcode: '000001', sf: [0, 1] },
  { id: 'REV', opcode: '000010', sf: [0] },
  { id: 'REV32', opcode: '000010', sf: [1] },
  { id: 'REV', opcode: '000011', sf: [1] },
  { id: 'CLZ', opcode: '000100', sf: [0, 1] },
  { id: 'CLS', opcode: '000101', sf: [0, 1] },
];
const oneSource: RowSpec[] = SF.flatMap((sf) => ONE_SRC.filter((d) => d.sf.includes(sf)).map((d): RowSpec => ({
  id: `${d.id}_${sfx(sf)}`, mnemonic: d.id.toLowerCase(), cls: 'alu',
  pattern: `${sf} 1 0 11010110 00000 ${d.opcode} rn:5 rd:5`,
  operands: [R(sf, 'rd'), R(sf, 'rn')],
})));
oneSource.push({
  id: 'REV64_x', mnemonic: 'rev64', cls: 'alu',
  pattern: '1 1 0 11010110 00000 000011 rn:5 rd:5',
  operands: [X('rd'), X('rn')],
  alias: { of: 'REV_x', when: false },
});

// ---- Logical (shifted register): sf opc:2 01010 shift:2 N Rm imm6 Rn Rd
// C6.2 AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS (shifted register; ROR
// allowed). W forms with imm6 >= 32 are UNALLOCATED.
// Aliases: MOV (register) = ORR with Rn = ZR and no shift (LSL #0);
// MVN = ORN with Rn = ZR (any shift); TST = ANDS with Rd = ZR.
const LOGICAL: { id: string; opc: string; n: 0 | 1 }[] = [
  { id: 'AND', opc: '00', n: 0 }, { id: 'BIC', opc: '00', n: 1 },
  { id: 'ORR', opc: '01', n: 0 }, { id: 'ORN', opc: '01', n: 1 },
  { id: 'EOR', opc: '10', n: 0 }, { id: 'EON', opc: '10', n: 1 },
  { id: 'ANDS', opc: '11', n: 0 }, { id: 'BICS', opc: '11', n: 1 },
];
const imm6Ok = (f: Fields) => f.imm6! < 32;
const logical: RowSpec[] = SF.flatMap((sf) => LOGICAL.flatMap((d) => {
  const id = `${d.id}_shift_${sfx(sf)}`;
  const rows: RowSpec[] = [{
    id, mnemonic: d.id.toLowerCase(), cls: 'alu_shift',
    pattern: `${sf} ${d.opc} 01010 shift:2 ${d.n} rm:5 imm6:6 rn:5 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rn'), R(sf, 'rm'), shiftOp('shift', 'imm6', sf, { ror: true })],
    valid: sf ? undefined : imm6Ok,
  }];
  if (d.id === 'ORR') rows.push({
    id: `MOV_reg_${sfx(sf)}`, mnemonic: 'mov', cls: 'mov',
    pattern: `${sf} 01 01010 00 0 rm:5 000000 11111 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rm')],
    alias: { of: id },
  });
  if (d.id === 'ORN') rows.push({
    id: `MVN_${sfx(sf)}`, mnemonic: 'mvn', cls: 'alu_shift',
    pattern: `${sf} 01 01010 shift:2 1 rm:5 imm6:6 11111 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rm'), shiftOp('shift', 'imm6', sf, { ror: true })],
    alias: { of: id },
  });
  if (d.id === 'ANDS') rows.push({
    id: `TST_shift_${sfx(sf)}`, mnemonic: 'tst', cls: 'alu_shift',
    pattern: `${sf} 11 01010 shift:2 0 rm:5 imm6:6 rn:5 11111`,
    operands: [R(sf, 'rn'), R(sf, 'rm'), shiftOp('shift', 'imm6', sf, { ror: true })],
    alias: { of: id },
  });
  return rows;
}));

// ---- Add/subtract (shifted register): sf op S 01011 shift:2 0 Rm imm6 Rn Rd
// C6.2 ADD, ADDS, SUB, SUBS (shifted register).
// shift = 11 (ROR) is UNALLOCATED, and so is imm6 >= 32 in the W forms.
// Aliases: NEG = SUB with Rn = ZR; CMP = SUBS with Rd = ZR; NEGS = SUBS with
// Rn = ZR; CMN = ADDS with Rd = ZR. With both Rd and Rn = ZR, SUBS prints as
// CMP (LLVM tries CMP first; equal specificity keeps table order).
const ADDSUB: { id: string; op: 0 | 1; s: 0 | 1 }[] = [
  { id: 'ADD', op: 0, s: 0 }, { id: 'ADDS', op: 0, s: 1 },
  { id: 'SUB', op: 1, s: 0 }, { id: 'SUBS', op: 1, s: 1 },
];
const shiftOk = [(f: Fields) => f.shift !== 3 && f.imm6! < 32, (f: Fields) => f.shift !== 3] as const;
const addSubShifted: RowSpec[] = SF.flatMap((sf) => ADDSUB.flatMap((d) => {
  const id = `${d.id}_shift_${sfx(sf)}`;
  const sh = () => shiftOp('shift', 'imm6', sf, { ror: false });
  const rows: RowSpec[] = [{
    id, mnemonic: d.id.toLowerCase(), cls: 'alu_shift',
    pattern: `${sf} ${d.op} ${d.s} 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rn'), R(sf, 'rm'), sh()],
    valid: shiftOk[sf],
  }];
  if (d.s === 1) rows.push({
    id: `${d.op ? 'CMP' : 'CMN'}_shift_${sfx(sf)}`, mnemonic: d.op ? 'cmp' : 'cmn', cls: 'alu_shift',
    pattern: `${sf} ${d.op} 1 01011 shift:2 0 rm:5 imm6:6 rn:5 11111`,
    operands: [R(sf, 'rn'), R(sf, 'rm'), sh()],
    alias: { of: id },
  });
  if (d.op === 1) rows.push({
    id: `${d.s ? 'NEGS' : 'NEG'}_shift_${sfx(sf)}`, mnemonic: d.s ? 'negs' : 'neg', cls: 'alu_shift',
    pattern: `${sf} 1 ${d.s} 01011 shift:2 0 rm:5 imm6:6 11111 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rm'), sh()],
    alias: { of: id },
  });
  return rows;
}));

// ---- Add/subtract (extended register): sf op S 01011 opt:2 1 Rm option:3 imm3:3 Rn Rd
// C6.2 ADD, ADDS, SUB, SUBS (extended register).
// opt != 00 and imm3 > 4 are UNALLOCATED. Rd is SP-capable in ADD/SUB, ZR in
// ADDS/SUBS; Rn is always SP-capable. Aliases: CMP/CMN = SUBS/ADDS with
// Rd = ZR. In assembly these rows come after the shifted-register ones, as
// in LLVM: `add x0, x1, x2` is the shifted form, `add x0, sp, x1` this one.
const imm3Ok = (f: Fields) => f.imm3! <= 4;
const addSubExt: RowSpec[] = SF.flatMap((sf) => ADDSUB.flatMap((d) => {
  const id = `${d.id}_ext_${sfx(sf)}`;
  const rows: RowSpec[] = [{
    id, mnemonic: d.id.toLowerCase(), cls: 'alu_ext',
    pattern: `${sf} ${d.op} ${d.s} 01011 00 1 rm:5 option:3 imm3:3 rn:5 rd:5`,
    operands: [d.s ? R(sf, 'rd') : RSP(sf, 'rd'), RSP(sf, 'rn'), extReg('rm', 'option', 'imm3', sf, d.s ? ['rn'] : ['rd', 'rn'])],
    valid: imm3Ok,
  }];
  if (d.s === 1) rows.push({
    id: `${d.op ? 'CMP' : 'CMN'}_ext_${sfx(sf)}`, mnemonic: d.op ? 'cmp' : 'cmn', cls: 'alu_ext',
    pattern: `${sf} ${d.op} 1 01011 00 1 rm:5 option:3 imm3:3 rn:5 11111`,
    operands: [RSP(sf, 'rn'), extReg('rm', 'option', 'imm3', sf, ['rn'])],
    alias: { of: id },
  });
  return rows;
}));

// ---- Add/subtract (with carry): sf op S 11010000 Rm 000000 Rn Rd
// C6.2 ADC, ADCS, SBC, SBCS.
// Aliases: NGC = SBC with Rn = ZR, NGCS = SBCS with Rn = ZR.
const addSubCarry: RowSpec[] = SF.flatMap((sf) => ADDSUB.flatMap((d) => {
  const name = d.op ? (d.s ? 'SBCS' : 'SBC') : d.s ? 'ADCS' : 'ADC';
  const id = `${name}_${sfx(sf)}`;
  const rows: RowSpec[] = [{
    id, mnemonic: name.toLowerCase(), cls: 'alu',
    pattern: `${sf} ${d.op} ${d.s} 11010000 rm:5 000000 rn:5 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rn'), R(sf, 'rm')],
  }];
  if (d.op === 1) rows.push({
    id: `${d.s ? 'NGCS' : 'NGC'}_${sfx(sf)}`, mnemonic: d.s ? 'ngcs' : 'ngc', cls: 'alu',
    pattern: `${sf} 1 ${d.s} 11010000 rm:5 000000 11111 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rm')],
    alias: { of: id },
  });
  return rows;
}));

// ---- Conditional compare (register): sf op 1 11010010 Rm cond 0 o2 Rn o3 nzcv
// ---- Conditional compare (immediate): sf op 1 11010010 imm5 cond 1 o2 Rn o3 nzcv
// C6.2 CCMN, CCMP (register and immediate). o2 = 1, o3 = 1 and S = 0 are
// UNALLOCATED. LLVM prints nzcv and imm5 in decimal.
const condCompare: RowSpec[] = SF.flatMap((sf) => ([0, 1] as const).flatMap((op): RowSpec[] => {
  const name = op ? 'CCMP' : 'CCMN';
  return [
    {
      id: `${name}_reg_${sfx(sf)}`, mnemonic: name.toLowerCase(), cls: 'flagset',
      pattern: `${sf} ${op} 1 11010010 rm:5 cond:4 0 0 rn:5 0 nzcv:4`,
      operands: [R(sf, 'rn'), R(sf, 'rm'), imm('nzcv', 4, { what: 'nzcv' }), cond('cond')],
    },
    {
      id: `${name}_imm_${sfx(sf)}`, mnemonic: name.toLowerCase(), cls: 'flagset',
      pattern: `${sf} ${op} 1 11010010 imm5:5 cond:4 1 0 rn:5 0 nzcv:4`,
      operands: [R(sf, 'rn'), uimmAt('imm5', 5, 'immediate'), imm('nzcv', 4, { what: 'nzcv' }), cond('cond')],
    },
  ];
}));

// ---- Conditional select: sf op S 11010100 Rm cond op2:2 Rn Rd, S = 0, op2 = 0x
// C6.2 CSEL, CSINC, CSINV, CSNEG.
// Aliases (condition printed inverted; never for cond = 111x):
//   CSINC: CSET when Rm = Rn = ZR, else CINC when Rm = Rn != ZR;
//   CSINV: CSETM when Rm = Rn = ZR, else CINV when Rm = Rn != ZR;
//   CSNEG: CNEG when Rm = Rn (ZR included: `cneg x0, xzr, ne`).
// CINC/CINV/CNEG spell Rn once; assembling them copies it into Rm.
const CSEL: { id: string; op: 0 | 1; o2: 0 | 1; set?: string; inc?: string }[] = [
  { id: 'CSEL', op: 0, o2: 0 },
  { id: 'CSINC', op: 0, o2: 1, set: 'CSET', inc: 'CINC' },
  { id: 'CSINV', op: 1, o2: 0, set: 'CSETM', inc: 'CINV' },
  { id: 'CSNEG', op: 1, o2: 1, inc: 'CNEG' },
];
const rmIsRn = (f: Fields): void => {
  f.rm = f.rn!;
};
const condSelect: RowSpec[] = SF.flatMap((sf) => CSEL.flatMap((d) => {
  const id = `${d.id}_${sfx(sf)}`;
  const rows: RowSpec[] = [{
    id, mnemonic: d.id.toLowerCase(), cls: 'alu',
    pattern: `${sf} ${d.op} 0 11010100 rm:5 cond:4 0 ${d.o2} rn:5 rd:5`,
    operands: [R(sf, 'rd'), R(sf, 'rn'), R(sf, 'rm'), cond('cond')],
  }];
  if (d.set) rows.push({
    id: `${d.set}_${sfx(sf)}`, mnemonic: d.set.toLowerCase(), cls: 'alu',
    pattern: `${sf} ${d.op} 0 11010100 11111 cond:4 0 ${d.o2} 11111 rd:5`,
    operands: [R(sf, 'rd'), invCond('cond')],
    alias: { of: id, when: (f) => !alOrNv(f.cond!), toBase: noAlNv },
  });
  if (d.inc) {
    const zrOk = d.id === 'CSNEG';
    rows.push({
      id: `${d.inc}_${sfx(sf)}`, mnemonic: d.inc.toLowerCase(), cls: 'alu',
      pattern: `${sf} ${d.op} 0 11010100 rm:5 cond:4 0 ${d.o2} rn:5 rd:5`,
      operands: [R(sf, 'rd'), R(sf, 'rn'), invCond('cond')],
      alias: {
        of: id,
        when: (f) => f.rm === f.rn && (zrOk || f.rn !== 31) && !alOrNv(f.cond!),
        toBase: (f) => {
          rmIsRn(f);
          return noAlNv(f);
        },
      },
    });
  }
  return rows;
}));

// ---- Data-processing (3 source): sf op54:2 11011 op31:3 Rm o0 Ra Rn Rd, op54 = 00
// C6.2 MADD, MSUB (W and X); X only: SMADDL, SMSUBL, UMADDL, UMSUBL, SMULH,
// UMULH.
// Aliases with Ra = ZR (always preferred): MUL, MNEG, SMULL, SMNEGL, UMULL,
// UMNEGL. SMULH/UMULH have Ra = (1)(1)(1)(1)(1): we decode only Ra = 11111
// and treat other values as UNDEFINED (one of the CONSTRAINED UNPREDICTABLE
// choices); they print and assemble identically to the canonical word, so
// accepting them would break assemble(disassemble(w)) = w.
const mulAdd: RowSpec[] = SF.flatMap((sf) => ([0, 1] as const).flatMap((o0): RowSpec[] => {
  const id = `${o0 ? 'MSUB' : 'MADD'}_${sfx(sf)}`;
  return [
    {
      id, mnemonic: o0 ? 'msub' : 'madd', cls: 'mul',
      pattern: `${sf} 00 11011 000 rm:5 ${o0} ra:5 rn:5 rd:5`,
      operands: [R(sf, 'rd'), R(sf, 'rn'), R(sf, 'rm'), R(sf, 'ra')],
    },
    {
      id: `${o0 ? 'MNEG' : 'MUL'}_${sfx(sf)}`, mnemonic: o0 ? 'mneg' : 'mul', cls: 'mul',
      pattern: `${sf} 00 11011 000 rm:5 ${o0} 11111 rn:5 rd:5`,
      operands: [R(sf, 'rd'), R(sf, 'rn'), R(sf, 'rm')],
      alias: { of: id },
    },
  ];
}));
const LONG: { u: 0 | 1; o0: 0 | 1; id: string; alias: string }[] = [
  { u: 0, o0: 0, id: 'SMADDL', alias: 'SMULL' }, { u: 0, o0: 1, id: 'SMSUBL', alias: 'SMNEGL' },
  { u: 1, o0: 0, id: 'UMADDL', alias: 'UMULL' }, { u: 1, o0: 1, id: 'UMSUBL', alias: 'UMNEGL' },
];
const mulLong: RowSpec[] = LONG.flatMap((d): RowSpec[] => [
  {
    id: `${d.id}_x`, mnemonic: d.id.toLowerCase(), cls: 'mul_long',
    pattern: `1 00 11011 ${d.u}01 rm:5 ${d.o0} ra:5 rn:5 rd:5`,
    operands: [X('rd'), R(0, 'rn'), R(0, 'rm'), X('ra')],
  },
  {
    id: `${d.alias}_x`, mnemonic: d.alias.toLowerCase(), cls: 'mul_long',
    pattern: `1 00 11011 ${d.u}01 rm:5 ${d.o0} 11111 rn:5 rd:5`,
    operands: [X('rd'), R(0, 'rn'), R(0, 'rm')],
    alias: { of: `${d.id}_x` },
  },
]);
const mulHigh: RowSpec[] = ([0, 1] as const).map((u): RowSpec => ({
  id: `${u ? 'UMULH' : 'SMULH'}_x`, mnemonic: u ? 'umulh' : 'smulh', cls: 'mul_long',
  pattern: `1 00 11011 ${u}10 rm:5 0 11111 rn:5 rd:5`,
  operands: [X('rd'), X('rn'), X('rm')],
}));

export const DP_REG: readonly RowSpec[] = [
  ...twoSource, ...mteTwoSource, ...oneSource,
  ...logical, ...addSubShifted, ...addSubExt, ...addSubCarry,
  ...condCompare, ...condSelect,
  ...mulAdd, ...mulLong, ...mulHigh,
];
