// One runner for the self-checking ISA programs (programs/isa/<group>/*.s,
// riscv-tests style: x28 = case number, exit status = first failing case):
// each program runs bare on the emulator and, when it is installed, under
// `qemu-aarch64 -cpu max` as the behaviour oracle; both must exit 0.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleOrThrow, writeElf } from '../../isa/asm/index.ts';
import { runBare } from '../../emulator/bare.ts';

export const HAS_QEMU = spawnSync('qemu-aarch64', ['--version']).status === 0;

export interface IsaProgramOptions {
  /** Instruction budget for the bare run. */
  maxInsns?: number;
  /** A program that exits 0 after fewer instructions has not run its cases. */
  minInsns?: number;
  /** Programs that must exist in the group. */
  expect?: readonly string[];
}

/** Register a describe block running every program of programs/isa/<group>. */
export function describeIsaPrograms(group: string, o: IsaProgramOptions = {}): void {
  const dir = new URL(`../../programs/isa/${group}/`, import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.s')).sort();
  describe(`programs/isa/${group}`, () => {
    const tmp = mkdtempSync(join(tmpdir(), `mtemu-${group.replace(/\W/g, '-')}-`));
    if (o.expect) {
      it('has the programs the semantics are checked by', () => {
        expect(files).toEqual(expect.arrayContaining([...o.expect!]));
      });
    }
    it.each(files)('%s exits 0 bare and under qemu-aarch64 -cpu max', (f) => {
      // .include paths resolve next to the program (programs/isa/test.inc is "../test.inc")
      const include = (path: string): string => readFileSync(new URL(path, dir), 'utf8');
      const elf = writeElf(assembleOrThrow(readFileSync(new URL(f, dir), 'utf8'), { file: f, include }));
      const r = runBare(elf, { maxInsns: o.maxInsns ?? 10_000_000 });
      expect(r.stop, 'stopped without exiting').toBeUndefined();
      expect(r.exitCode, 'bare: first failing case').toBe(0);
      if (o.minInsns !== undefined) expect(r.instructions).toBeGreaterThan(o.minInsns);
      if (!HAS_QEMU) {
        console.warn(`qemu-aarch64 not installed: ${group}/${f} checked bare only`);
        return;
      }
      const path = join(tmp, f.replace(/\.s$/, ''));
      writeFileSync(path, elf, { mode: 0o755 });
      const q = spawnSync('qemu-aarch64', ['-cpu', 'max', path], { timeout: 20_000 });
      expect(q.error, 'qemu-aarch64 could not run').toBeUndefined();
      expect(q.status, `qemu: first failing case (${q.stderr.toString().trim()})`).toBe(0);
    });
  });
}
