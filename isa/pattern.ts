// Bit patterns of the encoding table.
//
// A pattern is written MSB first, as the Arm ARM's encoding diagrams are:
//   '1 00 100011 0 uimm6:6 00 uimm4:4 rn:5 rd:5'
// Runs of 0/1 are fixed bits; `name:width` is a field. Widths must sum to 32.
// This module is the only place that turns a pattern into bit positions;
// everything else (decoder, encoder, disassembler, interpreter) asks it.

export interface FieldPos {
  readonly name: string;
  readonly lsb: number;
  readonly width: number;
}

export interface Pattern {
  readonly text: string;
  /** Bits fixed by the pattern. */
  readonly mask: number;
  /** Values of the fixed bits. */
  readonly match: number;
  readonly fields: readonly FieldPos[];
  readonly byName: Readonly<Record<string, FieldPos>>;
}

export function parsePattern(text: string): Pattern {
  let bit = 32;
  let mask = 0;
  let match = 0;
  const fields: FieldPos[] = [];
  const byName: Record<string, FieldPos> = {};
  for (const tok of text.trim().split(/\s+/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*):(\d+)$/.exec(tok);
    if (m) {
      const width = Number(m[2]);
      bit -= width;
      if (byName[m[1]!]) throw new Error(`pattern '${text}': field ${m[1]} twice`);
      const f = { name: m[1]!, lsb: bit, width };
      fields.push(f);
      byName[f.name] = f;
    } else if (/^[01x]+$/.test(tok)) {
      for (const ch of tok) {
        bit -= 1;
        if (ch !== 'x') {
          mask |= 1 << bit;
          if (ch === '1') match |= 1 << bit;
        }
      }
    } else {
      throw new Error(`pattern '${text}': bad token '${tok}'`);
    }
  }
  if (bit !== 0) throw new Error(`pattern '${text}': ${32 - bit} bits, want 32`);
  return Object.freeze({ text, mask: mask >>> 0, match: match >>> 0, fields: Object.freeze(fields), byName: Object.freeze(byName) });
}

/** Unsigned value of a field of `word`. */
export function getField(f: FieldPos, word: number): number {
  return f.width === 32 ? word >>> 0 : (word >>> f.lsb) & ((1 << f.width) - 1) & 0xffffffff;
}

/** `word` with field `f` set to `v` (v must fit; checked by the encoder). */
export function setField(f: FieldPos, word: number, v: number): number {
  const m = f.width === 32 ? 0xffffffff : ((1 << f.width) - 1) << f.lsb;
  return ((word & ~m) | ((v << f.lsb) & m)) >>> 0;
}

/** Number of fixed bits: more fixed bits = more specific pattern. */
export function specificity(p: Pattern): number {
  let n = 0;
  for (let m = p.mask; m !== 0; m &= m - 1) n++;
  return n;
}
