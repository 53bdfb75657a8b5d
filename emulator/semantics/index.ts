// Gathers the semantic modules into dense arrays indexed like the encoding
// table (handler number = row index + 1; 0 = not yet decoded). A row with no
// semantics executes as UNDEFINED, so the table can grow ahead of them.

import { ROWS } from '../../isa/encodings.ts';
import { EC, Trap, esr } from '../exceptions.ts';
import type { Handler, Predecoder, SemTable } from './types.ts';
import { SLOTS } from './types.ts';
import { ALU } from './alu.ts';
import { BRANCH } from './branch.ts';
import { SYSTEM } from './system.ts';
import { MTE_SEM } from './mte.ts';
import { MEM } from './mem.ts';
import { SIMD } from './simd.ts';

export { SLOTS };

const MODULES: readonly SemTable[] = [ALU, BRANCH, SYSTEM, MTE_SEM, MEM, SIMD];

const undefinedInsn: Handler = (m) => {
  throw new Trap('undefined', esr(EC.UNKNOWN, 0), m.s.pc);
};

/**
 * HANDLERS[row.index + 1]; entry ROWS.length + 1 is the UNDEFINED handler.
 * The second half, HANDLERS[SP_CHECKED + row.index + 1], holds the same
 * handlers behind an SP alignment check: the predecoder picks them for a
 * load or store whose base register is SP when SCTLR_EL1.SA0 is set.
 */
export const HANDLERS: Handler[] = new Array(2 * (ROWS.length + 2)).fill(undefinedInsn);
export const SP_CHECKED = ROWS.length + 2;
/** PREDECODERS[row.index]; undefined = no semantics (UNDEFINED). */
export const PREDECODERS: (Predecoder | undefined)[] = new Array(ROWS.length).fill(undefined);
export const UNDEF_OP = ROWS.length + 1;

const byId = new Map(ROWS.map((r) => [r.id, r]));
for (const mod of MODULES) {
  for (const [id, sem] of Object.entries(mod)) {
    const row = byId.get(id);
    if (!row) throw new Error(`semantics: no table row '${id}'`);
    if (row.alias) throw new Error(`semantics: '${id}' is an alias; implement its base row`);
    if (PREDECODERS[row.index]) throw new Error(`semantics: '${id}' defined twice`);
    PREDECODERS[row.index] = sem.pre;
    HANDLERS[row.index + 1] = sem.exec;
    HANDLERS[SP_CHECKED + row.index + 1] = spAlignmentChecked(sem.exec);
  }
}

/**
 * CheckSPAlignment (Arm ARM, aarch64/functions/memory/CheckSPAlignment):
 * with SCTLR_EL1.SA0 set, an EL0 load or store whose base register is SP
 * takes an SP alignment fault (EC 0x26) when SP is not 16-byte aligned,
 * before any access. Linux sets SA0 for user space.
 */
function spAlignmentChecked(h: Handler): Handler {
  return (m, e, at) => {
    if ((m.X[2 * 31]! & 15) !== 0) throw new Trap('spAlign', esr(EC.SP_ALIGN, 0), m.s.pc);
    h(m, e, at);
  };
}

/** Ids of base rows that have semantics (for coverage docs and tests). */
export function implementedRows(): string[] {
  return ROWS.filter((r) => PREDECODERS[r.index]).map((r) => r.id);
}
