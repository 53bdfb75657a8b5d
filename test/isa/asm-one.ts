// Assemble one instruction line with the table's encoder (no labels), as the
// table tests need. Symbols are not allowed; `.` is 0.

import { Cursor } from '../../isa/asm/cursor.ts';
import { parseExpr } from '../../isa/asm/expr.ts';
import { assembleInstruction } from '../../isa/encoder.ts';
import type { Feature } from '../../isa/types.ts';

export const ALL_FEATURES: ReadonlySet<Feature> = new Set<Feature>(['base', 'mte', 'mte2', 'simd']);

/** The word for `text`, or the error message. */
export function asmOne(text: string, pc = 0n, features = ALL_FEATURES): number | string {
  const m = /^\s*(\S+)\s*(.*)$/.exec(text);
  if (!m) return 'empty';
  try {
    const ctx = { pc, expr: (c: Cursor) => parseExpr(c, { symbol: () => undefined, dot: pc }) };
    return assembleInstruction(m[1]!, new Cursor(m[2]!, text.indexOf(m[2]!) + 1), 1, ctx, features).word;
  } catch (e) {
    return (e as Error).message;
  }
}
