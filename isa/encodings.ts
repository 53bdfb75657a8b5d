// The A64 encoding table: every instruction form mtemu knows, one row each,
// sections in Arm ARM order (C4.1 "A64 instruction set encoding"). This file
// only gathers the sections and checks the whole; the rows live in
// isa/table/*.ts. Decoder, encoder, assembler and disassembler derive from
// ROWS; nothing else restates a bit position.

import { parsePattern, specificity } from './pattern.ts';
import type { Row, RowSpec } from './types.ts';
import { DP_IMM } from './table/dp-imm.ts';
import { DP_REG } from './table/dp-reg.ts';
import { BRANCH_SYS } from './table/branch-sys.ts';
import { LDST } from './table/ldst.ts';
import { MTE } from './table/mte.ts';
import { SIMD } from './table/simd.ts';

function build(specs: readonly RowSpec[]): readonly Row[] {
  const rows: Row[] = [];
  const byId = new Map<string, Row>();
  for (const s of specs) {
    if (byId.has(s.id)) throw new Error(`encoding table: duplicate id ${s.id}`);
    const row: Row = Object.assign(Object.create(null), s, {
      index: rows.length,
      feature: s.feature ?? 'base',
      pat: parsePattern(s.pattern),
      aliases: [],
    });
    for (const op of s.operands) for (const name of op.fields) {
      if (!row.pat.byName[name] && !s.alias?.fromBase) throw new Error(`encoding table: ${s.id}: operand field '${name}' not in pattern`);
    }
    rows.push(row);
    byId.set(s.id, row);
  }
  for (const r of rows) {
    if (!r.alias) continue;
    const base = byId.get(r.alias.of);
    if (!base) throw new Error(`encoding table: ${r.id}: alias of unknown ${r.alias.of}`);
    if (base.alias) throw new Error(`encoding table: ${r.id}: alias of an alias`);
    // an alias pattern must be the base pattern with more bits fixed
    if (((r.pat.mask & base.pat.mask) >>> 0) !== base.pat.mask || ((r.pat.match & base.pat.mask) >>> 0) !== base.pat.match) {
      throw new Error(`encoding table: ${r.id}: pattern is not a refinement of ${base.id}`);
    }
    base.aliases.push(r);
  }
  // most specific alias first; equal specificity keeps table order
  for (const r of rows) r.aliases.sort((a, b) => specificity(b.pat) - specificity(a.pat) || a.index - b.index);
  for (const r of rows) Object.freeze(r);
  return Object.freeze(rows);
}

export const ROWS: readonly Row[] = build([...DP_IMM, ...DP_REG, ...BRANCH_SYS, ...LDST, ...MTE, ...SIMD]);

export const ROW_BY_ID: ReadonlyMap<string, Row> = new Map(ROWS.map((r) => [r.id, r]));

/** Base (non-alias) rows: what the decoder chooses between. */
export const BASE_ROWS: readonly Row[] = ROWS.filter((r) => !r.alias);
