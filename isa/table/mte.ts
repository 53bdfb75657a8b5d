// FEAT_MTE instructions that are not in the data-processing (register)
// group: add/subtract (immediate, with tags) from C4.1.86, and the
// load/store memory tags group from C4.1.88. Meanings: /work/shared/MTE.md
// section 2.5. All offsets are in units of the 16-byte tag granule.
// LDGM/STGM/STZGM are feature 'mte2' (UNDEFINED at EL0).

import { X, XSP, imm, memBase, memImm, memPost, memPre } from '../operands.ts';
import type { RowSpec } from '../types.ts';

// ---- Add/subtract (immediate, with tags): sf=1 op S=0 100011 0 uimm6 op3=00 uimm4 Xn Xd
// ADDG/SUBG Xd|SP, Xn|SP, #uimm6*16, #uimm4 (C6.2 ADDG, SUBG). op3 != 00 is
// UNALLOCATED (llvm-mc 14 decodes it with a "potentially undefined" warning).
const tagImm: RowSpec[] = (['addg', 'subg'] as const).map((m, op): RowSpec => ({
  id: m.toUpperCase(), mnemonic: m, cls: 'tag_alu', feature: 'mte',
  pattern: `1 ${op} 0 100011 0 uimm6:6 00 uimm4:4 xn:5 xd:5`,
  operands: [XSP('xd'), XSP('xn'), imm('uimm6', 6, { scale: 16, what: 'offset' }), imm('uimm4', 4, { what: 'tag offset' })],
}));

// ---- Load/store memory tags: 11011001 opc 1 imm9 op2 Xn Xt
// opc selects the instruction, op2 the addressing form: 01 post-index,
// 10 signed offset, 11 pre-index; op2 = 00 is LDG (opc 01) or, with
// imm9 = 0, STZGM/STGM/LDGM (opc 00/10/11; imm9 != 0 is UNALLOCATED).
// The stores take the tag from Xt|SP (Xt = 31 is SP); LDG writes Xt (31 is XZR).
const TAGSTORE = [['stg', '00'], ['stzg', '01'], ['st2g', '10'], ['stz2g', '11']] as const;
const simm9 = { signed: true, scale: 16 };
const tagStores: RowSpec[] = TAGSTORE.flatMap(([m, opc]): RowSpec[] => {
  const id = m.toUpperCase();
  const pat = (op2: string) => `11011001 ${opc} 1 simm9:9 ${op2} xn:5 xt:5`;
  return [
    { id: `${id}_post`, mnemonic: m, cls: 'tag_store', feature: 'mte', pattern: pat('01'), operands: [XSP('xt'), memPost('xn', 'simm9', 9, simm9)] },
    // LLVM prints the zero offset as `[xn]`, as for other signed-offset forms.
    { id: `${id}_off`, mnemonic: m, cls: 'tag_store', feature: 'mte', pattern: pat('10'), operands: [XSP('xt'), memImm('xn', 'simm9', 9, simm9)] },
    { id: `${id}_pre`, mnemonic: m, cls: 'tag_store', feature: 'mte', pattern: pat('11'), operands: [XSP('xt'), memPre('xn', 'simm9', 9, simm9)] },
  ];
});

const tagLoads: RowSpec[] = [
  // LDG Xt, [Xn|SP{, #simm9*16}]: signed offset only, no writeback.
  { id: 'LDG', mnemonic: 'ldg', cls: 'tag_load', feature: 'mte', pattern: '11011001 01 1 simm9:9 00 xn:5 xt:5', operands: [X('xt'), memImm('xn', 'simm9', 9, simm9)] },
  // Bulk tag forms, [Xn|SP] only (MTE2; EL1 and above).
  { id: 'STZGM', mnemonic: 'stzgm', cls: 'tag_block', feature: 'mte2', pattern: '11011001 00 1 000000000 00 xn:5 xt:5', operands: [X('xt'), memBase('xn')] },
  { id: 'STGM', mnemonic: 'stgm', cls: 'tag_block', feature: 'mte2', pattern: '11011001 10 1 000000000 00 xn:5 xt:5', operands: [X('xt'), memBase('xn')] },
  { id: 'LDGM', mnemonic: 'ldgm', cls: 'tag_block', feature: 'mte2', pattern: '11011001 11 1 000000000 00 xn:5 xt:5', operands: [X('xt'), memBase('xn')] },
];

// ---- STGP Xt1, Xt2, [Xn|SP, #simm7*16] (load/store register pair group,
// opc=01 V=0 L=0): 0 1 101 0 op 0 simm7 Xt2 Xn Xt with op 001 post-index,
// 010 signed offset, 011 pre-index. Writeback with Xn = Xt1/Xt2 is
// CONSTRAINED UNPREDICTABLE; LLVM decodes and assembles it, and so do we.
const simm7 = { signed: true, scale: 16 };
const STGP_PAT = (op: string) => `01 101 0 ${op} 0 simm7:7 xt2:5 xn:5 xt:5`;
const stgp: RowSpec[] = [
  { id: 'STGP_post', mnemonic: 'stgp', cls: 'tag_store_pair', feature: 'mte', pattern: STGP_PAT('001'), operands: [X('xt'), X('xt2'), memPost('xn', 'simm7', 7, simm7)] },
  { id: 'STGP_off', mnemonic: 'stgp', cls: 'tag_store_pair', feature: 'mte', pattern: STGP_PAT('010'), operands: [X('xt'), X('xt2'), memImm('xn', 'simm7', 7, simm7)] },
  { id: 'STGP_pre', mnemonic: 'stgp', cls: 'tag_store_pair', feature: 'mte', pattern: STGP_PAT('011'), operands: [X('xt'), X('xt2'), memPre('xn', 'simm7', 7, simm7)] },
];

export const MTE: readonly RowSpec[] = [...tagImm, ...tagStores, ...tagLoads, ...stgp];
