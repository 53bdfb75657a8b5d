// Disassembler derived from the encoding table. Output text matches
// `llvm-mc -triple=aarch64 -mattr=+mte --disassemble` (mnemonic, a tab, the
// operands), including LLVM's choice of alias. With a PrintCtx carrying the
// PC, branch targets print as absolute addresses (objdump style).

import { ROWS } from './encodings.ts';
import { decode, extractFields } from './decoder.ts';
import type { Fields, PrintCtx, Row } from './types.ts';
import { CONDS } from './operands.ts';

export interface Disassembled {
  /** The row printed (an alias row when one is preferred). */
  row: Row;
  /** The base row (what executes). */
  base: Row;
  mnemonic: string;
  operands: string;
  text: string;
}

/** Pick the preferred spelling of `base` for `word`: an alias whose pattern matches and whose condition holds. */
export function preferredRow(base: Row, word: number): { row: Row; f: Fields } {
  for (const a of base.aliases) {
    if (((word & a.pat.mask) >>> 0) !== a.pat.match) continue;
    if (a.alias!.when === false) continue;
    const f = extractFields(a, word);
    if (a.alias!.fromBase) a.alias!.fromBase(f);
    if (a.alias!.when && !a.alias!.when(f)) continue;
    return { row: a, f };
  }
  return { row: base, f: extractFields(base, word) };
}

export function formatRow(row: Row, f: Fields, ctx: PrintCtx = {}): { mnemonic: string; operands: string } {
  let mnemonic = row.mnemonic;
  const m = /^(.*)\{(\w+)\}$/.exec(mnemonic);
  if (m) mnemonic = m[1]! + CONDS[f[m[2]!]! & 15];
  const parts: string[] = [];
  for (const op of row.operands) {
    const t = op.print(f, ctx);
    if (t !== null) parts.push(t);
  }
  return { mnemonic, operands: parts.join(', ') };
}

/** Disassemble one word; undefined when it is UNALLOCATED (in our subset). */
export function disassemble(word: number, ctx: PrintCtx = {}): Disassembled | undefined {
  word >>>= 0;
  const i = decode(word);
  if (i < 0) return undefined;
  const base = ROWS[i]!;
  const { row, f } = preferredRow(base, word);
  const { mnemonic, operands } = formatRow(row, f, ctx);
  return { row, base, mnemonic, operands, text: operands ? `${mnemonic}\t${operands}` : mnemonic };
}

/** Text for a word: the instruction, or `.inst 0x...` when it is not one we decode. */
export function disassembleText(word: number, ctx: PrintCtx = {}): string {
  const d = disassemble(word, ctx);
  return d ? d.text : `.inst\t0x${(word >>> 0).toString(16).padStart(8, '0')}`;
}
