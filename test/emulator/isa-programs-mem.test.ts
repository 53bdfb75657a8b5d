// The load/store and SIMD ISA programs (programs/isa/mem/*.s,
// programs/isa/simd/*.s): each runs bare and, when qemu-aarch64 is
// installed, under `qemu-aarch64 -cpu max` (the behaviour oracle); both must
// exit 0 (the exit status is the first failing case).
//
// Then what a self-checking program cannot express: unaligned exclusive and
// ordered accesses take an Alignment fault (bare: the stop carries the Data
// Abort syndrome, DFSC 0b100001, WnR for stores; qemu: SIGBUS).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleOrThrow, writeElf } from '../../isa/asm/index.ts';
import { runBare } from '../../emulator/bare.ts';
import { HAS_QEMU, describeIsaPrograms } from '../helpers/isa-programs.ts';

const QEMU = HAS_QEMU;

describeIsaPrograms('mem');
describeIsaPrograms('simd');

describe('unaligned exclusive and ordered accesses: Alignment fault', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mtemu-align-'));
  /** x1 = buf + 1 (misaligned for every size > 1), x4 = buf + 8 (8- but not 16-aligned). */
  const program = (insn: string) => `	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	add	x4, x1, #8
	add	x1, x1, #1
	${insn}
	mov	x0, #0
	mov	x8, #93
	svc	#0
	.data
	.balign	16
buf:	.skip	64
`;
  const cases: [string, boolean][] = [
    ['ldxr x0, [x1]', false], ['ldxrh w0, [x1]', false], ['ldaxr w0, [x1]', false],
    ['ldar x0, [x1]', false], ['ldarh w0, [x1]', false], ['stlr w0, [x1]', true], ['stlrh w0, [x1]', true],
    ['ldxp x2, x3, [x4]', false], ['ldaxp x2, x3, [x4]', false],
  ];
  it.each(cases)('%s', (insn, write) => {
    const elf = writeElf(assembleOrThrow(program(insn), { file: 'align.s' }));
    const r = runBare(elf);
    expect(r.exitCode).toBeUndefined();
    expect(r.stop?.kind).toBe('exception');
    if (r.stop?.kind !== 'exception') return;
    expect(r.stop.fault?.kind).toBe('alignment');
    // EC 0x24 (Data Abort from EL0), IL, WnR for a store, DFSC 0b100001
    expect(r.stop.esr >>> 0).toBe(write ? 0x92000061 : 0x92000021);
    if (!QEMU) return;
    const path = join(tmp, 'align');
    writeFileSync(path, elf, { mode: 0o755 });
    expect(spawnSync('qemu-aarch64', ['-cpu', 'max', path]).signal).toBe('SIGBUS');
  });

  // AArch64.ExclusiveMonitorsPass checks alignment before the monitor, so a
  // misaligned STXR faults even when it would fail. (QEMU checks the monitor
  // first and reports a plain failure: not an oracle for this case.)
  it('stxr to a misaligned address faults even with the monitor clear (bare only)', () => {
    const r = runBare(writeElf(assembleOrThrow(program('stxr w2, x0, [x1]'), { file: 'align.s' })));
    expect(r.stop?.kind === 'exception' && r.stop.fault?.kind).toBe('alignment');
    expect(r.stop?.kind === 'exception' && r.stop.esr >>> 0).toBe(0x92000061);
  });

  it('ldxp w pairs need only 8-byte alignment', () => {
    const r = runBare(writeElf(assembleOrThrow(program('ldxp w2, w3, [x4]'), { file: 'align.s' })));
    expect(r.exitCode).toBe(0);
  });
});
