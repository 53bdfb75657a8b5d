// Encoder derived from the encoding table: fields -> word, and one line of
// assembly (mnemonic + operand text) -> word, trying every row that spells
// that mnemonic (base forms and aliases) in table order.

import { AsmError, Cursor } from './asm/cursor.ts';
import { ROWS } from './encodings.ts';
import { CONDS } from './operands.ts';
import { setField } from './pattern.ts';
import type { AsmCtx, Feature, Fields, Row } from './types.ts';
import { ROW_BY_ID } from './encodings.ts';
import { rowMatches } from './decoder.ts';

/** Encode `f` into `row`'s pattern. Returns the word, or a message when a field does not fit. */
export function encodeFields(row: Row, f: Fields): number | string {
  let w = row.pat.match;
  for (const p of row.pat.fields) {
    const v = f[p.name];
    if (v === undefined) return `internal: field ${p.name} of ${row.id} not set`;
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** p.width) return `value ${v} does not fit field ${p.name} (${p.width} bits)`;
    w = setField(p, w, v);
  }
  return w >>> 0;
}

/** Rows by mnemonic, `b.{cond}` expanded to b.eq ... b.nv (and b.cs/b.cc). */
const BY_MNEMONIC = new Map<string, { row: Row; fixed?: Fields }[]>();
(function index() {
  const add = (m: string, e: { row: Row; fixed?: Fields }) => {
    let l = BY_MNEMONIC.get(m);
    if (!l) BY_MNEMONIC.set(m, (l = []));
    l.push(e);
  };
  for (const row of ROWS) {
    const m = /^(.*)\{(\w+)\}$/.exec(row.mnemonic);
    if (m) {
      const field = m[2]!;
      CONDS.forEach((c, i) => add(m[1]! + c, { row, fixed: { [field]: i } }));
      add(m[1]! + 'cs', { row, fixed: { [field]: 2 } });
      add(m[1]! + 'cc', { row, fixed: { [field]: 3 } });
    } else add(row.mnemonic, { row });
  }
})();

export function knownMnemonic(m: string): boolean {
  return BY_MNEMONIC.has(m.toLowerCase());
}

/** Parse `row`'s operands from the cursor into fields; throws AsmError. */
export function parseOperands(row: Row, c: Cursor, ctx: AsmCtx, fixed?: Fields): Fields {
  const f: Fields = Object.create(null);
  if (fixed) Object.assign(f, fixed);
  const ops = row.operands;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (i > 0) {
      if (op.optional && c.atEnd()) {
        op.absent!(f);
        continue;
      }
      c.expect(',');
    } else if (op.optional && c.atEnd()) {
      op.absent!(f);
      continue;
    }
    op.parse(c, f, ctx);
  }
  if (!c.atEnd()) throw c.error(ops.length ? 'unexpected text after the operands' : 'this instruction takes no operands');
  return f;
}

export interface EncodeResult {
  word: number;
  row: Row;
}

/**
 * Assemble one instruction. `features` gates rows (GNU as rejects MTE
 * without `+memtag`). Throws AsmError with the column of the problem:
 * among the rows tried, the error that got furthest into the text wins.
 */
export function assembleInstruction(mnemonic: string, c: Cursor, mnemonicCol: number, ctx: AsmCtx, features: ReadonlySet<Feature>): EncodeResult {
  const cands = BY_MNEMONIC.get(mnemonic.toLowerCase());
  if (!cands) throw new AsmError(`unknown mnemonic '${mnemonic}'`, mnemonicCol);
  let best: AsmError | undefined;
  let gated: Row | undefined;
  const start = c.save();
  for (const { row, fixed } of cands) {
    if (!features.has(row.feature)) {
      gated ??= row;
      continue;
    }
    c.restore(start);
    try {
      const f = parseOperands(row, c, ctx, fixed);
      let base = row;
      if (row.alias) {
        const msg = row.alias.toBase?.(f);
        if (typeof msg === 'string') throw new AsmError(msg, c.base + start);
        base = ROW_BY_ID.get(row.alias.of)!;
      }
      const w = encodeFields(row, f);
      if (typeof w === 'string') throw new AsmError(w, c.base + start);
      if (!rowMatches(base, w)) throw new AsmError(`invalid operand combination for '${mnemonic}'`, c.base + start);
      return { word: w, row: base };
    } catch (e) {
      if (!(e instanceof AsmError)) throw e;
      if (!best || e.col > best.col) best = e;
    }
  }
  if (!best && gated) {
    const need = gated.feature === 'mte' || gated.feature === 'mte2' ? "'+memtag' (e.g. .arch armv8.5-a+memtag)" : `feature '${gated.feature}'`;
    throw new AsmError(`instruction '${mnemonic}' requires ${need}`, mnemonicCol);
  }
  throw best!;
}
