// Decoder derived from the encoding table: 32-bit word -> row index, or -1
// for UNALLOCATED. Never throws, and allocates nothing per call: rows are
// bucketed on the top 11 bits (op0 and friends of Arm ARM C4.1 live there),
// candidates are tried most-specific first, and a row's `valid` predicate
// reads fields from a per-row scratch object.

import { BASE_ROWS, ROWS } from './encodings.ts';
import { getField, specificity } from './pattern.ts';
import type { Fields, Row } from './types.ts';

const BUCKET_SHIFT = 21;
const NBUCKETS = 1 << (32 - BUCKET_SHIFT);

const buckets: Int32Array[] = [];
const scratch: Fields[] = ROWS.map(() => Object.create(null) as Fields);

(function buildBuckets() {
  const order = [...BASE_ROWS].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || specificity(b.pat) - specificity(a.pat) || a.index - b.index);
  const hiMask = (~0 << BUCKET_SHIFT) >>> 0;
  for (let k = 0; k < NBUCKETS; k++) {
    const key = (k << BUCKET_SHIFT) >>> 0;
    const list: number[] = [];
    for (const r of order) {
      const m = r.pat.mask & hiMask;
      if (((key & m) >>> 0) === ((r.pat.match & m) >>> 0)) list.push(r.index);
    }
    buckets.push(Int32Array.from(list));
  }
})();

/** Fill `f` with the pattern fields of `row` taken from `word`. */
export function extractFields(row: Row, word: number, f: Fields = Object.create(null)): Fields {
  for (const p of row.pat.fields) f[p.name] = getField(p, word);
  return f;
}

/** Does `word` encode `row` (pattern and validity)? */
export function rowMatches(row: Row, word: number): boolean {
  if (((word & row.pat.mask) >>> 0) !== row.pat.match) return false;
  if (!row.valid) return true;
  return row.valid(extractFields(row, word, scratch[row.index]!));
}

/** Row index of the base form `word` encodes, or -1 (UNALLOCATED in our subset). */
export function decode(word: number): number {
  const list = buckets[word >>> BUCKET_SHIFT]!;
  for (let i = 0; i < list.length; i++) {
    const r = ROWS[list[i]!]!;
    if (((word & r.pat.mask) >>> 0) !== r.pat.match) continue;
    if (r.valid && !r.valid(extractFields(r, word, scratch[r.index]!))) continue;
    return r.index;
  }
  return -1;
}

export function decodeRow(word: number): Row | undefined {
  const i = decode(word >>> 0);
  return i < 0 ? undefined : ROWS[i];
}
