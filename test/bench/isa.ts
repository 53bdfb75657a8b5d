// Benchmarks of the instruction-set layer: decode rate and assembly rate.

import { assemble } from '../../isa/asm/index.ts';
import { decode } from '../../isa/decoder.ts';
import { BASE_ROWS } from '../../isa/encodings.ts';
import { disassembleText } from '../../isa/disasm.ts';
import { randomWords, rng } from '../isa/cases.ts';
import type { Suite } from './run.ts';

export function isaSuites(): Suite[] {
  const rnd = rng(1);
  const words: number[] = [];
  for (const r of BASE_ROWS) words.push(...randomWords(r, 20, rnd));
  const W = Uint32Array.from(words);
  // an assembly source of realistic lines: our own disassembly of the words
  const lines = words.slice(0, 4000).map((w) => '\t' + disassembleText(w).replace(/#(-?\d+)\b/g, '#$1'));
  const src = '.arch armv8.5-a+memtag\n.text\n_start:\n' + lines.join('\n') + '\n';
  let sink = 0;
  return [
    { name: 'decode (table rows, random words)', units: W.length, unitName: 'words', fn: () => { for (let i = 0; i < W.length; i++) sink += decode(W[i]!); } },
    { name: 'decode + disassemble', units: 2000, unitName: 'words', fn: () => { for (let i = 0; i < 2000; i++) sink += disassembleText(W[i]!).length; } },
    {
      name: 'assemble (source lines)',
      units: lines.length,
      unitName: 'lines',
      fn: () => {
        const r = assemble(src, { file: 'bench.s' });
        if (r.errors.length) throw new Error(r.errors[0]!.message);
        sink += r.errors.length;
      },
    },
  ].map((s) => ({ ...s, fn: s.fn })) as Suite[];
}
