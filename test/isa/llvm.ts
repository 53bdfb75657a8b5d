// The llvm-mc oracle: batch assembly and disassembly through
// `llvm-mc -triple=aarch64 -mattr=+mte`. Used by the table tests and by
// scripts/check-rows.ts; tests skip with a message when llvm-mc is absent.

import { spawnSync } from 'node:child_process';

const TRIPLE = ['-triple=aarch64', '-mattr=+mte'];

export function llvmMcPath(): string | undefined {
  for (const p of ['llvm-mc', 'llvm-mc-14', 'llvm-mc-15', 'llvm-mc-16']) {
    const r = spawnSync(p, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return p;
  }
  return undefined;
}

function run(args: string[], input: string): { stdout: string; stderr: string } {
  const mc = llvmMcPath();
  if (!mc) throw new Error('llvm-mc not found');
  const r = spawnSync(mc, [...TRIPLE, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Normalise an llvm-mc output line to `mnemonic\toperands` (no indentation, no comment). */
export function normaliseLlvmText(line: string): string {
  return line.replace(/\/\/.*$/, '').replace(/^\s+/, '').replace(/\s+$/, '');
}

function bytesToWord(enc: string): number {
  const b = enc.split(',').map((x) => Number(x.trim()));
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

/**
 * Disassemble words; result[i] is llvm-mc's text for words[i] (normalised), or
 * null when llvm-mc calls the encoding invalid.
 */
export function llvmDisassemble(words: readonly number[]): (string | null)[] {
  const input = words.map((w) => `0x${(w & 0xff).toString(16)},0x${((w >>> 8) & 0xff).toString(16)},0x${((w >>> 16) & 0xff).toString(16)},0x${(w >>> 24).toString(16)}`).join('\n') + '\n';
  const { stdout } = run(['--disassemble', '-show-encoding'], input);
  const byWord = new Map<number, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(.*?)\s*\/\/ encoding: \[([^\]]*)\]/.exec(line);
    if (!m) continue;
    byWord.set(bytesToWord(m[2]!), normaliseLlvmText(m[1]!));
  }
  return words.map((w) => byWord.get(w >>> 0) ?? null);
}

/**
 * Assemble lines (one instruction each); result[i] is the word, or the
 * error message llvm-mc gave for that line.
 */
export function llvmAssemble(lines: readonly string[]): (number | string)[] {
  const { stdout, stderr } = run(['-show-encoding'], lines.join('\n') + '\n');
  const errors = new Map<number, string>();
  for (const m of stderr.matchAll(/^<stdin>:(\d+):\d+: error: (.*)$/gm)) {
    const n = Number(m[1]) - 1;
    if (!errors.has(n)) errors.set(n, m[2]!);
  }
  const encs: number[] = [];
  for (const m of stdout.matchAll(/\/\/ encoding: \[([^\]]*)\]/g)) encs.push(bytesToWord(m[1]!));
  const out: (number | string)[] = [];
  let k = 0;
  for (let i = 0; i < lines.length; i++) {
    if (errors.has(i)) out.push(errors.get(i)!);
    else if (lines[i]!.trim() === '') out.push('empty');
    else out.push(encs[k++] ?? 'missing');
  }
  return out;
}
