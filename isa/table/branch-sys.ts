// C4.1.89 Branches, Exception Generating and System instructions, plus UDF
// from the Reserved group (C4.1.1). Sections follow the Arm ARM's encoding
// index: conditional branch, exception generation, hints, barriers, PSTATE,
// system instructions, system register move, unconditional branch
// (register), unconditional branch (immediate), compare and branch, test
// and branch.
//
// Not decoded, on purpose:
// - HVC, SMC, HLT, DCPS1-3, ERET, DRPS: EL1+/debug only; mtemu runs EL0 code.
// - Hints, barriers and MSR (immediate) with Rt != 31, and any op0 = 00 word
//   outside them: UNALLOCATED. llvm-mc 14 prints these as `msr S0_...`.
// - PSTATE fields other than SPSel, DAIFSet, DAIFClr and TCO (PAN, UAO,
//   SSBS, DIT, ...): llvm-mc rejects them with only +mte.
// - The PAC/BTI hints print as `hint #N`, as llvm-mc does without +pauth/
//   +bti; their names are accepted when assembling (they are NOPs here).

import { W, X, imm, optX, pcrel } from '../operands.ts';
import type { RowSpec, TimingClass } from '../types.ts';
import {
  SYSOPS, barrierOption, cReg, excImm16, isbOption, msrSource, noReg, optXt, pstateField, sysOp, sysOpBits, sysOpName,
  sysReg, tbzBit, tbzReg, type SysOp,
} from './sys-operands.ts';

const imm19 = pcrel([{ name: 'imm19', width: 19 }], 4);
const imm26 = pcrel([{ name: 'imm26', width: 26 }], 4);
const imm14 = pcrel([{ name: 'imm14', width: 14 }], 4);

// ---- Reserved: UDF #imm16 (permanently UNDEFINED; op0 = 0000, op1 = 0)
const reserved: RowSpec[] = [
  { id: 'UDF', mnemonic: 'udf', cls: 'exception', pattern: '0000000000000000 imm16:16', operands: [imm('imm16', 16)] },
];

// ---- Conditional branch (immediate): B.cond, `#offset` = imm19 * 4
const condBranch: RowSpec[] = [
  { id: 'B_cond', mnemonic: 'b.{cond}', cls: 'branch_cond', pattern: '0101010 0 imm19:19 0 cond:4', operands: [imm19] },
  {
    // `beq label`: the pre-UAL spelling GNU as and llvm-mc still accept; never printed.
    id: 'B_cond_legacy', mnemonic: 'b{cond}', cls: 'branch_cond', pattern: '0101010 0 imm19:19 0 cond:4', operands: [imm19],
    alias: { of: 'B_cond', when: false },
  },
];

// ---- Exception generation: opc LL; HVC/SMC/HLT/DCPSn left out (see top)
const exception: RowSpec[] = [
  { id: 'SVC', mnemonic: 'svc', cls: 'exception', pattern: '11010100 000 imm16:16 000 01', operands: [excImm16('imm16')] },
  { id: 'BRK', mnemonic: 'brk', cls: 'exception', pattern: '11010100 001 imm16:16 000 00', operands: [excImm16('imm16')] },
];

// ---- Hints: HINT #imm7 (imm7 = CRm:op2). LLVM (with +mte only) names the
// hints below and prints every other value, PAC and BTI ones included, as
// `hint #N`; the named aliases are always preferred.
const HINT_PAT = (v: string) => `1101010100 0 00 011 0010 ${v} 11111`;
const HINT_NAMES: [string, number][] = [
  ['nop', 0], ['yield', 1], ['wfe', 2], ['wfi', 3], ['sev', 4], ['sevl', 5], ['dgh', 6], ['csdb', 20],
];
// FEAT_PAuth hints: accepted by llvm-mc without +pauth and printed as `hint #N`.
const PAC_HINTS: [string, number][] = [
  ['xpaclri', 7], ['pacia1716', 8], ['pacib1716', 10], ['autia1716', 12], ['autib1716', 14],
  ['paciaz', 24], ['paciasp', 25], ['pacibz', 26], ['pacibsp', 27], ['autiaz', 28], ['autiasp', 29], ['autibz', 30], ['autibsp', 31],
];
const bin7 = (v: number) => v.toString(2).padStart(7, '0');
const hints: RowSpec[] = [
  { id: 'HINT', mnemonic: 'hint', cls: 'hint', pattern: HINT_PAT('imm7:7'), operands: [imm('imm7', 7)] },
  ...HINT_NAMES.map(([name, v]): RowSpec => ({
    id: name.toUpperCase(), mnemonic: name, cls: name === 'nop' ? 'nop' : 'hint', pattern: HINT_PAT(bin7(v)), operands: [],
    alias: { of: 'HINT' },
  })),
  ...PAC_HINTS.map(([name, v]): RowSpec => ({
    id: name.toUpperCase(), mnemonic: name, cls: 'hint', pattern: HINT_PAT(bin7(v)), operands: [],
    alias: { of: 'HINT', when: false },
  })),
  {
    // BTI {c|j|jc}: HINT #(32 | targets << 1); assembler-only like the PAC hints.
    id: 'BTI', mnemonic: 'bti', cls: 'hint', pattern: HINT_PAT('0100 tgt:2 0'),
    operands: [{
      fields: ['tgt'],
      optional: true,
      absent: (f) => void (f.tgt = 0),
      print: (f) => ['', 'c', 'j', 'jc'][f.tgt!] || null,
      parse(c, f) {
        const at = c.save();
        const t = ['c', 'j', 'jc'].indexOf(c.word());
        if (t < 0) throw c.error("expected 'c', 'j' or 'jc'", at);
        f.tgt = t + 1;
      },
    }],
    alias: { of: 'HINT', when: false },
  },
];

// ---- Barriers: op1 = 011, CRn = 0011, CRm = option, op2 selects the barrier.
const BARRIER_PAT = (crm: string, op2: string) => `1101010100 0 00 011 0011 ${crm} ${op2} 11111`;
const barriers: RowSpec[] = [
  {
    // CLREX {#imm}: CRm is ignored; LLVM omits it when 15 (the default).
    id: 'CLREX', mnemonic: 'clrex', cls: 'barrier', pattern: BARRIER_PAT('crm:4', '010'),
    operands: [imm('crm', 4, { optional: 15, omitIf: 15 })],
  },
  { id: 'DSB', mnemonic: 'dsb', cls: 'barrier', pattern: BARRIER_PAT('crm:4', '100'), operands: [barrierOption('crm')] },
  // DSB #0 and DSB #4 are the speculative store bypass barriers; always preferred.
  { id: 'SSBB', mnemonic: 'ssbb', cls: 'barrier', pattern: BARRIER_PAT('0000', '100'), operands: [], alias: { of: 'DSB' } },
  { id: 'PSSBB', mnemonic: 'pssbb', cls: 'barrier', pattern: BARRIER_PAT('0100', '100'), operands: [], alias: { of: 'DSB' } },
  { id: 'DMB', mnemonic: 'dmb', cls: 'barrier', pattern: BARRIER_PAT('crm:4', '101'), operands: [barrierOption('crm')] },
  { id: 'ISB', mnemonic: 'isb', cls: 'barrier', pattern: BARRIER_PAT('crm:4', '110'), operands: [isbOption('crm')] },
];

// ---- PSTATE: MSR <pstatefield>, #imm4 (op1:op2 name the field, CRm holds
// the immediate). One row per field LLVM knows with +mte; LLVM prints any
// CRm value (e.g. `msr TCO, #2`), so every value decodes.
const PSTATE_PAT = (op1: string, op2: string) => `1101010100 0 00 ${op1} 0100 crm:4 ${op2} 11111`;
const pstate: RowSpec[] = [
  { id: 'MSR_imm_spsel', mnemonic: 'msr', cls: 'sysreg_write', pattern: PSTATE_PAT('000', '101'), operands: [pstateField('SPSel'), imm('crm', 4)] },
  { id: 'MSR_imm_daifset', mnemonic: 'msr', cls: 'sysreg_write', pattern: PSTATE_PAT('011', '110'), operands: [pstateField('DAIFSet'), imm('crm', 4)] },
  { id: 'MSR_imm_daifclr', mnemonic: 'msr', cls: 'sysreg_write', pattern: PSTATE_PAT('011', '111'), operands: [pstateField('DAIFClr'), imm('crm', 4)] },
  {
    // FEAT_MTE: PSTATE.TCO = CRm<0> (MSR (immediate) pseudocode; MTE.md 2.1).
    id: 'MSR_imm_tco', mnemonic: 'msr', cls: 'sysreg_write', feature: 'mte', pattern: PSTATE_PAT('011', '100'),
    operands: [pstateField('TCO'), imm('crm', 4)],
  },
];

// ---- System instructions: SYS #op1, Cn, Cm, #op2{, Xt} and SYSL.
// The DC/IC operations mtemu executes are base rows of their own (they
// overlap SYS on purpose and win by priority): the interpreter gives each
// its own semantics. The other operations LLVM names (AT, TLBI, DC by
// set/way, the MTE clean/invalidate variants) are aliases of SYS, printed by
// name and always preferred. A no-register operation (`ic iallu`, `tlbi
// vmalle1`) with Rt != 31 prints as generic `sys ..., xN` so that it
// reassembles to the same word (llvm-mc 14 prints `ic iallu` and drops xN).
const SYS_PAT = (bits: string, rt: string) => `1101010100 0 01 ${bits} ${rt}`;
const SYSOP_CLS: Record<string, TimingClass> = { 'dc zva': 'dc_zva', 'dc gzva': 'dc_zva', 'dc gva': 'tag_block' };
const SYS_BASE_OPS = ['dc zva', 'dc gva', 'dc gzva', 'dc civac', 'dc cvac', 'dc cvau', 'dc ivac', 'ic ivau', 'ic iallu', 'ic ialluis'];

const sysOpRow = (op: SysOp, base: boolean): RowSpec => ({
  id: `${op.kind.toUpperCase()}_${op.name.toUpperCase()}`,
  mnemonic: op.kind,
  cls: SYSOP_CLS[`${op.kind} ${op.name}`] ?? 'cache_maint',
  feature: op.feature,
  pattern: SYS_PAT(sysOpBits(op), op.reg ? 'rt:5' : '11111'),
  operands: [sysOpName(op), op.reg ? X('rt') : noReg(op.kind)],
  ...(base ? { priority: 1 } : { alias: { of: 'SYS' } }),
});

const system: RowSpec[] = [
  ...SYS_BASE_OPS.map((k) => sysOpRow(sysOp(k.split(' ')[0] as SysOp['kind'], k.split(' ')[1]!), true)),
  {
    id: 'SYS', mnemonic: 'sys', cls: 'cache_maint', pattern: SYS_PAT('op1:3 crn:4 crm:4 op2:3', 'rt:5'),
    operands: [imm('op1', 3), cReg('crn'), cReg('crm'), imm('op2', 3), optXt('rt')],
  },
  ...SYSOPS.filter((o) => !SYS_BASE_OPS.includes(`${o.kind} ${o.name}`)).map((o) => sysOpRow(o, false)),
  {
    id: 'SYSL', mnemonic: 'sysl', cls: 'sysreg_read', pattern: '1101010100 1 01 op1:3 crn:4 crm:4 op2:3 rt:5',
    operands: [X('rt'), imm('op1', 3), cReg('crn'), cReg('crm'), imm('op2', 3)],
  },
];

// ---- System register move: op0 = 2 + o0. Names from isa/sysregs.ts.
const sysregMove: RowSpec[] = [
  {
    id: 'MSR_reg', mnemonic: 'msr', cls: 'sysreg_write', pattern: '1101010100 0 1 o0:1 op1:3 crn:4 crm:4 op2:3 rt:5',
    operands: [sysReg(true), msrSource('rt')],
  },
  {
    id: 'MRS', mnemonic: 'mrs', cls: 'sysreg_read', pattern: '1101010100 1 1 o0:1 op1:3 crn:4 crm:4 op2:3 rt:5',
    operands: [X('rt'), sysReg(false)],
  },
];

// ---- Unconditional branch (register): opc op2=11111 op3=000000 Rn op4=00000.
// The PAC forms (op3 != 0: BRAA, RETAA, ...) need FEAT_PAuth: not decoded.
const BR_PAT = (opc: string) => `1101011 ${opc} 11111 000000 rn:5 00000`;
const branchReg: RowSpec[] = [
  { id: 'BR', mnemonic: 'br', cls: 'branch_reg', pattern: BR_PAT('0000'), operands: [X('rn')] },
  { id: 'BLR', mnemonic: 'blr', cls: 'call', pattern: BR_PAT('0001'), operands: [X('rn')] },
  // RET {Xn}: Xn defaults to X30, and LLVM prints a bare `ret` for it.
  { id: 'RET', mnemonic: 'ret', cls: 'ret', pattern: BR_PAT('0010'), operands: [optX('rn', 30)] },
];

// ---- Unconditional branch (immediate): op 00101 imm26, `#offset` = imm26 * 4
const branchImm: RowSpec[] = [
  { id: 'B', mnemonic: 'b', cls: 'branch', pattern: '0 00101 imm26:26', operands: [imm26] },
  { id: 'BL', mnemonic: 'bl', cls: 'call', pattern: '1 00101 imm26:26', operands: [imm26] },
];

// ---- Compare and branch (immediate): sf 011010 op imm19 Rt
const compareBranch: RowSpec[] = ([0, 1] as const).flatMap((sf) => [
  { id: `CBZ_${sf ? 'x' : 'w'}`, mnemonic: 'cbz', cls: 'branch_cond', pattern: `${sf} 011010 0 imm19:19 rt:5`, operands: [sf ? X('rt') : W('rt'), imm19] },
  { id: `CBNZ_${sf ? 'x' : 'w'}`, mnemonic: 'cbnz', cls: 'branch_cond', pattern: `${sf} 011010 1 imm19:19 rt:5`, operands: [sf ? X('rt') : W('rt'), imm19] },
] satisfies RowSpec[]);

// ---- Test and branch (immediate): b5 011011 op b40 imm14 Rt; bit number
// b5:b40, register printed as Wt when b5 = 0 (LLVM's TBZW/TBZX split).
const testBranch: RowSpec[] = [
  { id: 'TBZ', mnemonic: 'tbz', cls: 'branch_cond', pattern: 'b5:1 011011 0 b40:5 imm14:14 rt:5', operands: [tbzReg('rt'), tbzBit('b5', 'b40'), imm14] },
  { id: 'TBNZ', mnemonic: 'tbnz', cls: 'branch_cond', pattern: 'b5:1 011011 1 b40:5 imm14:14 rt:5', operands: [tbzReg('rt'), tbzBit('b5', 'b40'), imm14] },
];

export const BRANCH_SYS: readonly RowSpec[] = [
  ...reserved, ...condBranch, ...exception, ...hints, ...barriers, ...pstate, ...system, ...sysregMove,
  ...branchReg, ...branchImm, ...compareBranch, ...testBranch,
];
