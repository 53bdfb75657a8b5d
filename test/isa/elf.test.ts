// isa/elf.ts: layout, writer and reader; and the whole assembler checked
// against the real tools: readelf accepts our files without warnings,
// qemu-aarch64 runs hello world, and GNU as + ld produce the same bytes for
// the same multi-section program. Tool tests skip with a message when the
// tool is absent (Debian: binutils-aarch64-linux-gnu, qemu-user).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleOrThrow, readElf, writeElf, ElfError, type Image } from '../../isa/asm/index.ts';
import { EM_AARCH64, ET_EXEC, PF_R, PF_W, PF_X, PT_LOAD, SHT_NOBITS, STB_GLOBAL, STT_FUNC, planLayout } from '../../isa/elf.ts';

function have(cmd: string): boolean {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

const READELF = 'aarch64-linux-gnu-readelf';
const GAS = 'aarch64-linux-gnu-as';
const LD = 'aarch64-linux-gnu-ld';
const OBJCOPY = 'aarch64-linux-gnu-objcopy';
const QEMU = 'qemu-aarch64';
const haveBinutils = have(GAS) && have(LD) && have(OBJCOPY);

const dir = mkdtempSync(join(tmpdir(), 'mtemu-elf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function asmFile(name: string, src: string): string {
  const img = assembleOrThrow(src, { file: name });
  const path = join(dir, name.replace(/\.s$/, ''));
  writeFileSync(path, writeElf(img), { mode: 0o755 });
  return path;
}

const SAMPLE = `
	.globl _start
	.type _start, %function
_start:
	adrp x0, table
	ldr x1, [x0, :lo12:table]
	ldr x2, =0x1122334455667788
	bl f
	mov x8, #93
	svc #0
	.size _start, . - _start
	.type f, %function
f:	ret
	.data
	.balign 8
table:	.quad f, 42
msg:	.asciz "hi"
	.bss
buf:	.skip 64
`;

describe('layout', () => {
  it('follows ld: one segment without data, two with; data one 64 KiB page up at the same page offset', () => {
    const a = planLayout([{ kind: 'text', size: 4, align: 4 }]);
    expect(a.segments).toHaveLength(1);
    expect(a.sections[0]!.addr).toBe(0x400078n);
    const b = planLayout([{ kind: 'text', size: 0x40, align: 8 }, { kind: 'rodata', size: 14, align: 1 }, { kind: 'data', size: 16, align: 1 }, { kind: 'bss', size: 100, align: 1 }]);
    expect(b.sections.map((s) => [s.kind, s.addr, s.offset, s.size])).toEqual([
      ['text', 0x4000b0n, 0xb0, 0x40], ['rodata', 0x4000f0n, 0xf0, 14], ['data', 0x4100fen, 0xfe, 16], ['bss', 0x41010en, 0x10e, 106],
    ]);
    expect(b.segments).toEqual([
      { flags: PF_R | PF_X, vaddr: 0x400000n, offset: 0, filesz: 0xfe, memsz: 0xfe },
      { flags: PF_R | PF_W, vaddr: 0x4100fen, offset: 0xfe, filesz: 16, memsz: 0x7a },
    ]);
  });

  it("moves data to the next 4 KiB page when that saves one (ld's DATA_SEGMENT_ALIGN)", () => {
    // text ends at 0x400f00: data at 0x410f00 would span two 4 KiB pages for 0x200 bytes
    const l = planLayout([{ kind: 'text', size: 0xf00 - 0xb0, align: 4 }, { kind: 'data', size: 0x200, align: 8 }]);
    expect(l.sections[1]!.addr).toBe(0x411000n);
    expect(l.sections[1]!.offset).toBe(0x1000);
  });
});

describe('writer and reader', () => {
  it('round-trips an image through writeElf/readElf', () => {
    const img: Image = assembleOrThrow(SAMPLE, { file: 'sample.s' });
    const elf = readElf(writeElf(img));
    expect(elf.machine).toBe(EM_AARCH64);
    expect(elf.type).toBe(ET_EXEC);
    expect(elf.entry).toBe(img.entry);
    for (const s of img.sections) {
      const e = elf.sections.find((x) => x.name === `.${s.kind}`)!;
      expect(e.addr).toBe(s.addr);
      expect(e.size).toBe(s.size);
      if (s.kind === 'bss') expect(e.type).toBe(SHT_NOBITS);
      else expect([...e.data!]).toEqual([...s.data]);
    }
    for (const s of img.symbols) {
      const e = elf.symbols.find((x) => x.name === s.name && x.value === s.value);
      expect(e, s.name).toBeDefined();
      expect(e!.size).toBe(s.size);
    }
    const start = elf.symbols.find((s) => s.name === '_start')!;
    expect([start.bind, start.type, start.section]).toEqual([STB_GLOBAL, STT_FUNC, '.text']);
    // the loader's view: PT_LOAD segments whose bytes are the sections
    const loads = elf.segments.filter((p) => p.type === PT_LOAD);
    expect(loads).toHaveLength(2);
    const text = img.sections.find((s) => s.kind === 'text')!;
    expect([...loads[0]!.data.subarray(Number(text.addr - loads[0]!.vaddr), Number(text.addr - loads[0]!.vaddr) + text.size)]).toEqual([...text.data]);
    expect(loads[1]!.memsz).toBeGreaterThan(loads[1]!.filesz);
  });

  it('rejects malformed files with a plain message', () => {
    expect(() => readElf(new Uint8Array(10))).toThrow(ElfError);
    expect(() => readElf(new Uint8Array(64))).toThrow(/bad magic/);
    const good = writeElf(assembleOrThrow('nop', { file: 'n.s' }));
    expect(() => readElf(good.subarray(0, 100))).toThrow(/truncated/);
  });
});

describe.skipIf(!have(READELF))('readelf accepts our output', () => {
  it('reads headers, segments, sections and symbols without warnings', () => {
    const path = asmFile('sample.s', SAMPLE);
    const r = spawnSync(READELF, ['-W', '-h', '-l', '-S', '-s', path], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Machine:\s+AArch64/);
    expect(r.stdout).toMatch(/Type:\s+EXEC/);
    expect(r.stdout).toMatch(/LOAD .* R E 0x10000/);
    expect(r.stdout).toMatch(/LOAD .* RW  0x10000/);
    expect(r.stdout).toMatch(/FUNC\s+GLOBAL\s+DEFAULT\s+1 _start/);
    expect(r.stdout).toMatch(/NOTYPE\s+LOCAL\s+DEFAULT\s+\d+ table/);
  });
});
if (!have(READELF)) console.warn(`elf.test: ${READELF} not found, skipping the readelf check (apt-get install binutils-aarch64-linux-gnu)`);

describe.skipIf(!have(QEMU))('qemu-aarch64 runs our executables', () => {
  it('runs programs/hello/hello.s', () => {
    const src = readFileSync(new URL('../../programs/hello/hello.s', import.meta.url), 'utf8');
    const path = asmFile('hello.s', src);
    const r = spawnSync(QEMU, [path], { encoding: 'utf8' });
    expect(r.stdout).toBe('Hello, world!\n');
    expect(r.status).toBe(0);
  });

  it('runs a program using .data, .bss and a literal pool', () => {
    const path = asmFile('exit.s', `
	.globl _start
_start:	ldr x1, =value
	ldr x0, [x1]          // 40
	adrp x2, counter
	add x2, x2, :lo12:counter
	ldr x3, [x2]          // .bss starts zeroed
	add x0, x0, x3
	add x0, x0, #2
	mov x8, #93
	svc #0
	.data
	.balign 8
value:	.quad 40
	.bss
counter: .skip 8`);
    expect(spawnSync(QEMU, [path]).status).toBe(42);
  });
});
if (!have(QEMU)) console.warn(`elf.test: ${QEMU} not found, skipping the run checks (apt-get install qemu-user)`);

// Everything the two assemblers must agree on, in three sections.
const COMPARE = `
	.arch armv8.5-a+memtag
	.text
	.globl _start
	.type _start, %function
_start:
	adrp	x0, table
	add	x0, x0, :lo12:table
	ldr	x1, [x0, :lo12:table]
	adrp	x2, message
	add	x2, x2, :lo12:message
	ldr	x3, =0x1122334455667788
	ldr	w4, =0xcafef00d
	ldr	x5, =table
	ldr	x6, =0x1122334455667788
	mov	x7, #0x10000
	mov	w8, #-1
	movk	x9, #0x1234, lsl #16
	and	x10, x11, #0xff00
	orr	w12, wzr, #0x55555555
1:	subs	x13, x13, #1
	b.ne	1b
	cbz	x14, 2f
	tbnz	w15, #5, 1b
	bl	helper
2:	stp	x29, x30, [sp, #-16]!
	ldp	x29, x30, [sp], #16
	ldr	x16, [x17, x18, lsl #3]
	strb	w19, [x20, #7]
	ldur	x21, [x22, #-8]
	irg	x0, sp
	addg	x1, x0, #16, #1
	stg	x1, [x1]
	st2g	x1, [x1, #32]!
	ldg	x2, [x1]
	stgp	x3, x4, [x1, #16]
	subp	x5, x0, x1
	.ltorg
	.macro	CHECK n, reg, val
check_\\n:
	mov	\\reg, #\\val
	.if	\\n > 1
	cmp	\\reg, #\\n
	.endif
	.endm
	CHECK	1, x1, 10
	CHECK	2 x2 20
	.rept	2
	add	x3, x3, #1
	.endr
	.irp	r, x4, x5
	neg	\\r, \\r
	.endr
	.balign	16
helper:
	csel	x0, x1, x2, lt
	madd	x3, x4, x5, x6
	lsl	x7, x8, #3
	ret
	.size	_start, . - _start
	.inst	0xd503201f
	ldr	x9, =message

	.section .rodata
message:
	.ascii	"multi\\tsection\\n"
	.asciz	"done"
message_end:
	.balign 4
	.word	message_end - message, 'x'

	.data
	.byte	1, 2, 3
	.balign	8
table:	.quad	_start, helper, table
	.hword	0x1234
	.p2align 4
	.xword	-1
	.skip	3, 0xab
	.fill	2, 4, 0x01020304

	.bss
	.balign	16
buffer:	.skip	100
`;

describe.skipIf(!haveBinutils)('same bytes as GNU as + ld', () => {
  it('assembles a multi-section program to identical sections', () => {
    const ours = asmFile('compare.s', COMPARE);
    const src = join(dir, 'compare-gnu.s');
    writeFileSync(src, COMPARE);
    const obj = join(dir, 'compare.o');
    const gnu = join(dir, 'compare-gnu');
    const as = spawnSync(GAS, ['-march=armv8.5-a+memtag', src, '-o', obj], { encoding: 'utf8' });
    expect(as.stderr).toBe('');
    const ld = spawnSync(LD, [obj, '-o', gnu], { encoding: 'utf8' });
    expect(ld.stderr).toBe('');
    for (const sec of ['.text', '.rodata', '.data']) {
      const dump = (elf: string) => {
        const out = join(dir, `${sec.slice(1)}.bin`);
        const r = spawnSync(OBJCOPY, ['-O', 'binary', '-j', sec, elf, out], { encoding: 'utf8' });
        expect(r.status).toBe(0);
        return [...readFileSync(out)];
      };
      expect(dump(ours), sec).toEqual(dump(gnu));
    }
    // and the same addresses for every named symbol
    const theirs = readElf(new Uint8Array(readFileSync(gnu)));
    const mine = readElf(new Uint8Array(readFileSync(ours)));
    for (const name of ['_start', 'helper', 'message', 'table', 'buffer']) {
      expect(mine.symbols.find((s) => s.name === name)?.value, name).toBe(theirs.symbols.find((s) => s.name === name)?.value);
    }
    expect(mine.entry).toBe(theirs.entry);
  });

  it('reads GNU-linked executables (the loader runs them too)', () => {
    const src = join(dir, 'g.s');
    writeFileSync(src, SAMPLE);
    spawnSync(GAS, [src, '-o', join(dir, 'g.o')]);
    spawnSync(LD, [join(dir, 'g.o'), '-o', join(dir, 'g')]);
    const elf = readElf(new Uint8Array(readFileSync(join(dir, 'g'))));
    expect(elf.entry).toBe(elf.symbols.find((s) => s.name === '_start')!.value);
    expect(elf.segments.filter((p) => p.type === PT_LOAD)).toHaveLength(2);
  });
});
if (!haveBinutils) console.warn('elf.test: aarch64-linux-gnu-as/ld/objcopy not found, skipping the GNU comparison (apt-get install binutils-aarch64-linux-gnu)');
