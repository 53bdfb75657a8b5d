// `mtemu asm IN.s [-o OUT.elf] [--march ARCH]`: assemble to a static
// AArch64 ELF executable. Errors go to stderr as `file:line:col: error:`
// with the source line and a caret; the exit status is then 1.
// Also `assembleFile`, the one way jobs turn a .s path into an image.

import type { ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { assemble, formatDiagnostic, writeElf, type AssembleResult } from '../isa/asm/index.ts';
import { applyArch } from '../isa/asm/assembler.ts';
import type { Feature } from '../isa/types.ts';
import { HostError, describeHostError, readText, writeBytes, type Io } from './io.ts';

/** Features for a `--march` value (GNU as's -march spelling, e.g. armv8.5-a+memtag). */
export function marchFeatures(march: string | undefined): Set<Feature> {
  const f = new Set<Feature>(['base', 'simd']);
  if (march === undefined) return f;
  const err = applyArch(march, 'arch', f);
  if (err) throw new HostError(`--march ${march}: ${err.message}`, 2);
  return f;
}

/**
 * Assemble the file at `path` (`.include` paths relative to it). Throws
 * HostError when the file cannot be read; assembly errors are in the result.
 */
export function assembleFile(path: string, features?: Iterable<Feature>): AssembleResult {
  const source = readText(path);
  return assemble(source, {
    file: path,
    features,
    include: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch (e) {
        throw new Error(describeHostError(e));
      }
    },
  });
}

export const asmOptions: NonNullable<ParseArgsConfig['options']> = {
  output: { type: 'string', short: 'o' },
  march: { type: 'string' },
};

export const asmUsage = `usage: mtemu asm IN.s [-o OUT.elf] [--march armv8.5-a+memtag]
  Assemble IN.s (GNU as syntax) into a static AArch64 ELF executable.
  -o, --output FILE   output file (default: IN with .s replaced by .elf)
  --march ARCH        architecture and extensions, as GNU as -march
                      (MTE instructions need +memtag, here or via .arch)`;

export function asmJob(values: Record<string, unknown>, positionals: string[], io: Io): number {
  if (positionals.length !== 1) throw new HostError(`asm: expected one input file\n${asmUsage}`, 2);
  const input = positionals[0]!;
  const output = (values.output as string | undefined) ?? (input.endsWith('.s') || input.endsWith('.S') ? input.slice(0, -2) : input) + '.elf';
  const r = assembleFile(input, marchFeatures(values.march as string | undefined));
  if (!r.image) {
    for (const d of r.errors) io.err(formatDiagnostic(d) + '\n');
    io.err(`mtemu asm: ${r.errors.length} error${r.errors.length === 1 ? '' : 's'}, no output written\n`);
    return 1;
  }
  writeBytes(output, writeElf(r.image), 0o755);
  return 0;
}
