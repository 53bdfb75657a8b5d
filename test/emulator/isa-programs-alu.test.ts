// The self-checking integer data-processing programs in programs/isa/alu
// (riscv-tests style: x28 = case number, exit status = first failing case),
// run bare on the emulator and, when it is installed, under
// `qemu-aarch64 -cpu max` as the behaviour oracle: both must exit 0.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleOrThrow, writeElf } from '../../isa/asm/index.ts';
import { runBare } from '../../emulator/bare.ts';

const QEMU = spawnSync('qemu-aarch64', ['--version']).status === 0;
const dir = new URL('../../programs/isa/alu/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.s')).sort();

describe('programs/isa/alu', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mtemu-alu-'));

  it('has the programs the ALU semantics are checked by', () => {
    expect(files).toEqual(expect.arrayContaining(['addsub.s', 'bitfield.s', 'csel.s', 'logical.s', 'misc.s', 'muldiv.s', 'shift.s']));
  });

  it.each(files)('%s exits 0 bare and under qemu-aarch64 -cpu max', (f) => {
    const elf = writeElf(assembleOrThrow(readFileSync(new URL(f, dir), 'utf8'), { file: f }));
    const r = runBare(elf, { maxInsns: 1_000_000 });
    expect(r.stop, 'stopped without exiting').toBeUndefined();
    expect(r.exitCode, 'bare: first failing case').toBe(0);
    // a program that exits 0 after a handful of instructions has not run its cases
    expect(r.instructions).toBeGreaterThan(100);
    if (!QEMU) {
      console.warn(`qemu-aarch64 not installed: alu/${f} checked bare only`);
      return;
    }
    const path = join(tmp, f.replace(/\.s$/, ''));
    writeFileSync(path, elf, { mode: 0o755 });
    const q = spawnSync('qemu-aarch64', ['-cpu', 'max', path], { timeout: 20_000 });
    expect(q.error, 'qemu-aarch64 could not run').toBeUndefined();
    expect(q.status, `qemu: first failing case (${q.stderr.toString().trim()})`).toBe(0);
  });
});
