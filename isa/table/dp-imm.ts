// C4.1.86 Data Processing -- Immediate.
// Rows: PC-rel addressing, add/subtract (immediate), add/subtract (immediate,
// with tags) lives in mte.ts, logical (immediate), move wide, bitfield, extract.

import { RSP, imm, lsl12 } from '../operands.ts';
import type { RowSpec } from '../types.ts';

const SF = [0, 1] as const;
const sfx = (sf: 0 | 1) => (sf ? 'x' : 'w');

// ---- Add/subtract (immediate): sf op S 100010 sh imm12 Rn Rd  (C6.2.4 ADD (immediate))
const addSubImm: RowSpec[] = SF.flatMap((sf) => [
  {
    id: `ADD_imm_${sfx(sf)}`, mnemonic: 'add', cls: 'alu',
    pattern: `${sf} 0 0 100010 sh:1 imm12:12 rn:5 rd:5`,
    operands: [RSP(sf, 'rd'), RSP(sf, 'rn'), imm('imm12', 12, { lo12: true }), lsl12('sh')],
  },
  {
    // MOV (to/from SP): preferred when sh == 0 && imm12 == 0 && (Rd == SP || Rn == SP)
    id: `MOV_sp_${sfx(sf)}`, mnemonic: 'mov', cls: 'alu',
    pattern: `${sf} 0 0 100010 0 000000000000 rn:5 rd:5`,
    operands: [RSP(sf, 'rd'), RSP(sf, 'rn')],
    alias: { of: `ADD_imm_${sfx(sf)}`, when: (f) => f.rd === 31 || f.rn === 31 },
  },
] satisfies RowSpec[]);

export const DP_IMM: readonly RowSpec[] = [...addSubImm];
