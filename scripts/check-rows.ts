// Developer tool: check table rows against llvm-mc.
//   npx tsx scripts/check-rows.ts [ID-regex] [cases-per-row]
// For each base row matching the regex: random words -> our disassembly vs
// llvm-mc's; our assembly of our text vs the word; llvm-mc's assembly of our
// text vs the word. Prints mismatches and a summary per row.

import { Cursor } from '../isa/asm/cursor.ts';
import { parseExpr } from '../isa/asm/expr.ts';
import { disassembleText } from '../isa/disasm.ts';
import { assembleInstruction } from '../isa/encoder.ts';
import { baseRows, randomWords, rng } from '../test/isa/cases.ts';
import { llvmAssemble, llvmDisassemble } from '../test/isa/llvm.ts';

const re = new RegExp(process.argv[2] ?? '.');
const per = Number(process.argv[3] ?? 50);
const rnd = rng(12345);
const FEATURES = new Set(['base', 'mte', 'mte2', 'simd'] as const);

function ours(text: string): number | string {
  const m = /^(\S+)\s*(.*)$/.exec(text)!;
  try {
    const ctx = { pc: 0n, expr: (c: Cursor) => parseExpr(c, { symbol: () => undefined, dot: 0n }) };
    return assembleInstruction(m[1]!, new Cursor(m[2]!, m[1]!.length + 2), 1, ctx, FEATURES).word;
  } catch (e) {
    return (e as Error).message;
  }
}

let bad = 0;
let total = 0;
for (const row of baseRows((r) => re.test(r.id))) {
  const words = randomWords(row, per, rnd);
  const texts = words.map((w) => disassembleText(w));
  const ref = llvmDisassemble(words);
  const llvmAsm = llvmAssemble(texts.map((t) => t.replace('\t', ' ')));
  let rowBad = 0;
  words.forEach((w, i) => {
    total++;
    const problems: string[] = [];
    if (ref[i] !== texts[i]) problems.push(`disasm: ours '${texts[i]}' llvm '${ref[i]}'`);
    const a = ours(texts[i]!);
    if (a !== w) problems.push(`our asm of our text: ${typeof a === 'number' ? a.toString(16) : a}`);
    if (llvmAsm[i] !== w) problems.push(`llvm asm of our text: ${typeof llvmAsm[i] === 'number' ? (llvmAsm[i] as number).toString(16) : llvmAsm[i]}`);
    if (problems.length) {
      rowBad++;
      if (rowBad <= 5) console.log(`${row.id} ${w.toString(16).padStart(8, '0')}: ${problems.join(' | ')}`);
    }
  });
  bad += rowBad;
  console.log(`${rowBad ? 'FAIL' : 'ok  '} ${row.id}: ${words.length} words, ${rowBad} bad`);
}
console.log(`${total} cases, ${bad} bad`);
process.exit(bad ? 1 : 0);
