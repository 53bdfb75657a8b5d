// Random instruction cases from the encoding table: random field values per
// row, kept when the word decodes back to that row. Deterministic (seeded).

import { ROWS } from '../../isa/encodings.ts';
import { decode } from '../../isa/decoder.ts';
import { encodeFields } from '../../isa/encoder.ts';
import type { Fields, Row } from '../../isa/types.ts';

/** xorshift32: small, seeded, good enough for test-case generation. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Up to `n` words that decode to base row `row` (tries n*20 times). Register fields favour edge values. */
export function randomWords(row: Row, n: number, rnd: () => number): number[] {
  const out = new Set<number>();
  for (let tries = 0; tries < n * 20 && out.size < n; tries++) {
    const f: Fields = {};
    for (const p of row.pat.fields) {
      const max = 2 ** p.width;
      const r = rnd();
      // bias: 15% all-ones, 10% zero, else uniform
      f[p.name] = r < 0.15 ? max - 1 : r < 0.25 ? 0 : Math.floor(rnd() * max);
    }
    const w = encodeFields(row, f);
    if (typeof w === 'string') continue;
    if (decode(w) !== row.index) continue;
    out.add(w);
  }
  return [...out];
}

export function baseRows(filter?: (r: Row) => boolean): Row[] {
  return ROWS.filter((r) => !r.alias && (!filter || filter(r)));
}
