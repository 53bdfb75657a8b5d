// Tests of the encoding table itself (STYLE.md §3): overlaps, field
// round-trips, assemble(disassemble(w)) = w, llvm-mc agreement on random
// words of every row (live when llvm-mc is installed, and from a committed
// golden file of llvm-mc's own output otherwise), and a decode fuzz.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE_ROWS, ROWS } from '../../isa/encodings.ts';
import { decode, extractFields, rowMatches } from '../../isa/decoder.ts';
import { disassemble, disassembleText } from '../../isa/disasm.ts';
import { encodeFields } from '../../isa/encoder.ts';
import { specificity } from '../../isa/pattern.ts';
import type { Row } from '../../isa/types.ts';
import { asmOne } from './asm-one.ts';
import { randomWords, rng } from './cases.ts';
import { llvmAssemble, llvmDisassemble, llvmMcPath } from './llvm.ts';

const GOLDEN = new URL('./golden/llvm-cases.txt', import.meta.url);

describe('encoding table', () => {
  it('has rows with a timing class and a known feature', () => {
    expect(ROWS.length).toBeGreaterThan(0);
    for (const r of ROWS) {
      expect(r.cls, r.id).toBeTruthy();
      expect(['base', 'mte', 'mte2', 'simd']).toContain(r.feature);
    }
  });

  it('has no overlapping base rows outside priority groups', () => {
    const rnd = rng(7);
    const clashes: string[] = [];
    for (let i = 0; i < BASE_ROWS.length; i++) {
      for (let j = i + 1; j < BASE_ROWS.length; j++) {
        const a = BASE_ROWS[i]!;
        const b = BASE_ROWS[j]!;
        const common = a.pat.mask & b.pat.mask;
        if (((a.pat.match ^ b.pat.match) & common) !== 0) continue;
        if ((a.priority ?? 0) !== (b.priority ?? 0)) continue;
        // patterns overlap: the `valid` predicates must keep them apart
        const fixedMask = (a.pat.mask | b.pat.mask) >>> 0;
        const fixed = ((a.pat.match & a.pat.mask) | (b.pat.match & b.pat.mask)) >>> 0;
        for (let k = 0; k < 400; k++) {
          const w = ((Math.floor(rnd() * 2 ** 32) & ~fixedMask) | fixed) >>> 0;
          if (rowMatches(a, w) && rowMatches(b, w)) {
            clashes.push(`${a.id} / ${b.id} at ${w.toString(16)}`);
            break;
          }
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('round-trips fields: extract(encode(f)) = f', () => {
    const rnd = rng(11);
    for (const r of BASE_ROWS) {
      for (const w of randomWords(r, 50, rnd)) {
        const f = extractFields(r, w);
        expect(encodeFields(r, f), r.id).toBe(w);
        expect(decode(w), r.id).toBe(r.index);
      }
    }
  });

  it('round-trips text: assemble(disassemble(w)) = w for every row', () => {
    const rnd = rng(13);
    const bad: string[] = [];
    for (const r of BASE_ROWS) {
      for (const w of randomWords(r, 60, rnd)) {
        const t = disassembleText(w);
        const back = asmOne(t);
        if (back !== w) bad.push(`${r.id} ${w.toString(16)} '${t}' -> ${typeof back === 'number' ? back.toString(16) : back}`);
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('prints every alias row that can be preferred from some word', () => {
    // an alias whose `when` never holds on random words of its base is suspicious
    const rnd = rng(17);
    const unseen: string[] = [];
    for (const base of BASE_ROWS) {
      const seen = new Set<Row>();
      for (const w of randomWords(base, 400, rnd)) seen.add(disassemble(w)!.row);
      for (const a of base.aliases) {
        if (a.alias!.when === false || seen.has(a)) continue;
        // try words built from the alias pattern itself
        let hit = false;
        for (let k = 0; k < 400 && !hit; k++) {
          const w = ((Math.floor(rnd() * 2 ** 32) & ~a.pat.mask) | a.pat.match) >>> 0;
          if (decode(w) === base.index && disassemble(w)!.row === a) hit = true;
        }
        if (!hit) unseen.push(a.id);
      }
    }
    expect(unseen).toEqual([]);
  });

  it('decodes and disassembles 1,000,000 random words without throwing', () => {
    const rnd = rng(99);
    let decoded = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const w = Math.floor(rnd() * 2 ** 32) >>> 0;
      if (decode(w) >= 0) {
        decoded++;
        disassembleText(w);
      }
    }
    expect(decoded).toBeGreaterThan(0);
  });
});

/** Cases per row so that the total reaches at least 20,000. */
function perRow(): number {
  return Math.max(40, Math.ceil(20_000 / BASE_ROWS.length));
}

describe.skipIf(!llvmMcPath())('llvm-mc oracle (live)', () => {
  it('agrees on disassembly text and encodings of ≥20,000 random words', () => {
    const rnd = rng(2024);
    const words: number[] = [];
    for (const r of BASE_ROWS) words.push(...randomWords(r, perRow(), rnd));
    expect(words.length).toBeGreaterThanOrEqual(Math.min(20_000, BASE_ROWS.length * 30));
    const ours = words.map((w) => disassembleText(w));
    const ref = llvmDisassemble(words);
    const reasm = llvmAssemble(ours.map((t) => t.replace('\t', ' ')));
    const bad: string[] = [];
    words.forEach((w, i) => {
      if (ref[i] !== ours[i]) bad.push(`${w.toString(16)}: ours '${ours[i]}' llvm '${ref[i]}'`);
      else if (reasm[i] !== w) bad.push(`${w.toString(16)}: llvm assembles '${ours[i]}' to ${reasm[i]}`);
    });
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

describe('llvm-mc oracle (golden file)', () => {
  const text = (() => {
    try {
      return readFileSync(GOLDEN, 'utf8');
    } catch {
      return '';
    }
  })();
  const cases = text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const [hex, ...rest] = l.split('\t');
    return { word: parseInt(hex!, 16) >>> 0, text: rest.join('\t') };
  });

  it('holds at least 5,000 llvm-mc cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5000);
  });

  it('disassembles and assembles every golden case exactly as llvm-mc did', () => {
    const bad: string[] = [];
    for (const c of cases) {
      const ours = disassembleText(c.word);
      if (ours !== c.text) bad.push(`${c.word.toString(16)}: ours '${ours}' llvm '${c.text}'`);
      const w = asmOne(c.text);
      if (w !== c.word) bad.push(`'${c.text}' -> ${typeof w === 'number' ? w.toString(16) : w}, llvm ${c.word.toString(16)}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('covers every base row', () => {
    const rows = new Set(cases.map((c) => decode(c.word)));
    const missing = BASE_ROWS.filter((r) => !rows.has(r.index)).map((r) => r.id);
    expect(missing).toEqual([]);
  });
});

it('orders aliases most specific first', () => {
  for (const r of BASE_ROWS) {
    for (let i = 1; i < r.aliases.length; i++) {
      expect(specificity(r.aliases[i - 1]!.pat)).toBeGreaterThanOrEqual(specificity(r.aliases[i]!.pat));
    }
  }
});
