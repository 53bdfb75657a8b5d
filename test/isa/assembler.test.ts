// The assembler (isa/asm/assembler.ts): statements, labels, numeric local
// labels, every directive, expressions, literal pools, adrp/:lo12:,
// .include, sections and their layout. Expected words were checked against
// `aarch64-linux-gnu-as -march=armv8.5-a+memtag` + `ld` (see elf.test.ts for
// the live comparison).

import { describe, expect, it } from 'vitest';
import { assemble, assembleOrThrow, formatDiagnostic, type Image } from '../../isa/asm/index.ts';
import type { SectionKind } from '../../isa/elf.ts';

const NOP = 0xd503201f;

function asm(src: string, include?: Record<string, string>): Image {
  return assembleOrThrow(src, { file: 'test.s', include: include && ((p) => {
    if (!(p in include)) throw new Error('file not found');
    return include[p]!;
  }) });
}

function bytes(img: Image, kind: SectionKind): Uint8Array {
  return img.sections.find((s) => s.kind === kind)?.data ?? new Uint8Array(0);
}

function words(img: Image, kind: SectionKind = 'text'): number[] {
  const b = bytes(img, kind);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) out.push(dv.getUint32(i, true));
  return out;
}

function addr(img: Image, kind: SectionKind): bigint {
  return img.sections.find((s) => s.kind === kind)!.addr;
}

function sym(img: Image, name: string): bigint {
  const s = img.symbols.find((x) => x.name === name);
  if (!s) throw new Error(`no symbol ${name}`);
  return s.value;
}

function errorsOf(src: string): string[] {
  return assemble(src, { file: 't.s' }).errors.map((e) => `${e.line}:${e.col}: ${e.message}`);
}

describe('statements', () => {
  it('reads labels, comments and ; separators', () => {
    const img = asm(`
# a comment line
_start: nop // trailing comment
	nop ; nop /* inline */ ; nop
/* a block
   comment */ a: b: nop
`);
    expect(words(img)).toEqual([NOP, NOP, NOP, NOP, NOP]);
    expect(sym(img, 'a')).toBe(sym(img, 'b'));
    expect(sym(img, 'a') - sym(img, '_start')).toBe(16n);
  });

  it('keeps // and ; inside strings and character literals', () => {
    const img = asm(`.data\n.ascii "a//b;c"\n.byte ';', '/'`);
    expect(new TextDecoder().decode(bytes(img, 'data'))).toBe('a//b;c;/');
  });

  it('treats mnemonics and registers case-insensitively, symbols case-sensitively', () => {
    const img = asm(`Foo: MOV X0, #1\nfoo: mov x0, #1\n B Foo\n b foo`);
    const w = words(img);
    expect(w[0]).toBe(w[1]);
    expect(w[2]).toBe(0x17fffffe); // b -8
    expect(w[3]).toBe(0x17fffffe); // b -8 (foo is the second instruction)
    expect(sym(img, 'Foo')).not.toBe(sym(img, 'foo'));
  });

  it('accepts upper-case directives', () => {
    expect(words(asm(`.TEXT\n.WORD 5`))).toEqual([5]);
  });
});

describe('labels', () => {
  it('resolves forward and backward references', () => {
    const img = asm(`_start: b end\n nop\nend: b _start`);
    expect(words(img)).toEqual([0x14000002, NOP, 0x17fffffe]);
  });

  it('resolves numeric local labels to the nearest definition', () => {
    const img = asm(`
1:	b 1f      // -> second 1:
	b 1b      // -> first 1:
1:	b 1b      // -> itself (defined on this line, before the instruction)
	b 2f
2:	b 1b      // -> second 1:
`);
    expect(words(img)).toEqual([0x14000002, 0x17ffffff, 0x14000000, 0x14000001, 0x17fffffe]);
  });

  it('gives numeric labels and .L labels no symbol table entry', () => {
    const img = asm(`1: nop\n.Lloop: nop\nkeep: nop`);
    expect(img.symbols.filter((s) => !s.name.startsWith('$')).map((s) => s.name)).toEqual(['keep']);
  });

  it('places _start as the entry point, else the start of .text', () => {
    const a = asm(`nop\n_start: nop`);
    expect(a.entry).toBe(addr(a, 'text') + 4n);
    const b = asm(`nop\nnop`);
    expect(b.entry).toBe(addr(b, 'text'));
  });

  it('emits $x/$d mapping symbols around data in .text', () => {
    const img = asm(`nop\n.word 1\nnop`);
    const map = img.symbols.filter((s) => s.name.startsWith('$')).map((s) => [s.name, Number(s.value - addr(img, 'text'))]);
    expect(map).toEqual([['$x', 0], ['$d', 4], ['$x', 8]]);
  });
});

describe('data directives', () => {
  it('emits integers little-endian in every size', () => {
    const img = asm(`.data
.byte 1, -1, 0xff
.hword 0x1234
.short -2
.2byte 3
.word 0x11223344
.long 5
.4byte 6
.xword 0x0102030405060708
.quad -1
.8byte 7`);
    const b = [...bytes(img, 'data')];
    expect(b.slice(0, 3)).toEqual([1, 0xff, 0xff]);
    expect(b.slice(3, 9)).toEqual([0x34, 0x12, 0xfe, 0xff, 3, 0]);
    expect(b.slice(9, 21)).toEqual([0x44, 0x33, 0x22, 0x11, 5, 0, 0, 0, 6, 0, 0, 0]);
    expect(b.slice(21, 29)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(b.slice(29, 37)).toEqual(new Array(8).fill(0xff));
    expect(b.slice(37)).toEqual([7, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('emits strings with C escapes', () => {
    const img = asm(`.data\n.ascii "a\\n\\t\\\\\\"\\101\\x42"\n.asciz "z"\n.string "y", "x"`);
    expect([...bytes(img, 'data')]).toEqual([0x61, 10, 9, 0x5c, 0x22, 0x41, 0x42, 0x7a, 0, 0x79, 0, 0x78, 0]);
  });

  it('implements .skip/.space/.zero and .fill', () => {
    const img = asm(`.data\n.skip 2\n.space 2, 0xaa\n.zero 1\n.fill 2, 2, 0x1234\n.fill 1, 8, -1\n.fill 3`);
    expect([...bytes(img, 'data')]).toEqual([0, 0, 0xaa, 0xaa, 0, 0x34, 0x12, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('aligns with .balign/.p2align/.align, NOP-filling code', () => {
    const img = asm(`.data\n.byte 1\n.balign 4\n.byte 2\n.p2align 3, 0xee\n.byte 3\n.align 2\n.byte 4\n.balign 8, 0, 2\n.byte 5`);
    expect([...bytes(img, 'data')]).toEqual([1, 0, 0, 0, 2, 0xee, 0xee, 0xee, 3, 0, 0, 0, 4, 5]);
    const text = asm(`nop\n.balign 16\nnop`);
    expect(words(text)).toEqual([NOP, NOP, NOP, NOP, NOP]);
    expect(text.sections[0]!.align).toBe(16);
  });

  it('emits .inst words as code', () => {
    expect(words(asm(`.inst 0xd503201f, 0x91000420`))).toEqual([NOP, 0x91000420]);
  });

  it('evaluates expressions: precedence, character literals, symbol differences, .', () => {
    const img = asm(`.data
a: .word 1 + 2 * 3, (1 + 2) * 3, 1 << 4 | 1, -7 / 2, 7 % 3, ~0 & 0xff, 'A', '\\n'
b: .word b - a, . - a
.equ K, 10
K2 = K * 2
.set K3, K2 + 1
.word K, K2, K3`);
    const w = words(img, 'data');
    expect(w).toEqual([7, 9, 17, (-3 >>> 0), 1, 0xff, 65, 10, 32, 36, 10, 20, 21]);
  });

  it('lets .set/.equ redefine a symbol; uses see the value in force', () => {
    expect(words(asm(`.data\nx = 1\n.word x\n.set x, 2\n.word x`), 'data')).toEqual([1, 2]);
  });

  it('resolves forward references in .equ and .skip', () => {
    const img = asm(`.data\n.equ n, end - start\nstart: .skip 3\nend: .skip n\n.byte 9`);
    expect([...bytes(img, 'data')]).toEqual([0, 0, 0, 0, 0, 0, 9]);
  });

  it('records .globl, .type and .size', () => {
    const img = asm(`.globl f\n.type f, %function\nf: nop\n ret\n.size f, . - f\n.data\n.type obj, @object\nobj: .quad 0\n.size obj, 8`);
    const f = img.symbols.find((s) => s.name === 'f')!;
    expect(f).toMatchObject({ bind: 'global', type: 'func', size: 8n, section: 'text' });
    expect(img.symbols.find((s) => s.name === 'obj')).toMatchObject({ bind: 'local', type: 'object', size: 8n, section: 'data' });
  });

  it('lists .equ symbols as absolute', () => {
    const img = asm(`.equ answer, 42\nnop`);
    expect(img.symbols.find((s) => s.name === 'answer')).toMatchObject({ value: 42n, section: null });
  });
});

describe('sections and layout', () => {
  it('lays out like GNU ld: headers, .text, .rodata, then .data/.bss one 64 KiB page up', () => {
    const img = asm(`nop\n.section .rodata\n.byte 1\n.data\n.byte 2, 3\n.bss\n.skip 5`);
    expect(img.sections.map((s) => [s.kind, s.addr, s.size])).toEqual([
      ['text', 0x4000b0n, 4],
      ['rodata', 0x4000b4n, 1],
      ['data', 0x4100b5n, 2],
      ['bss', 0x4100b7n, 9], // ld pads .bss to end 8-aligned
    ]);
  });

  it('puts .text right after one program header when there is no data', () => {
    expect(asm(`nop`).sections[0]!.addr).toBe(0x400078n);
  });

  it('returns to a section where it left off, and maps .section names and flags', () => {
    const img = asm(`.text\nnop\n.data\n.byte 1\n.text\nnop\n.section .data.more, "aw"\n.byte 2\n.section .text.hot, "ax", @progbits\nnop\n.section .note.GNU-stack, "", @progbits\n.section .rodata.str, "aMS", %progbits, 1\n.asciz "s"\n.section mydata, "aw", @nobits\n.skip 4`);
    expect(words(img)).toEqual([NOP, NOP, NOP]);
    expect([...bytes(img, 'data')]).toEqual([1, 2]);
    expect([...bytes(img, 'rodata')]).toEqual([0x73, 0]);
    expect(img.sections.find((s) => s.kind === 'bss')!.size).toBe(8);
  });

  it('supports .pushsection/.popsection and .previous', () => {
    const img = asm(`nop\n.pushsection .data\n.byte 1\n.popsection\nnop\n.data\n.byte 2\n.previous\nnop`);
    expect(words(img)).toEqual([NOP, NOP, NOP]);
    expect([...bytes(img, 'data')]).toEqual([1, 2]);
  });

  it('keeps .bss out of the file', () => {
    const img = asm(`.bss\nbuf: .skip 4096\n.text\nadr x0, buf`);
    const bss = img.sections.find((s) => s.kind === 'bss')!;
    expect(bss.data.length).toBe(0);
    // ld pads .bss so that it ends 8-aligned
    expect(bss.size).toBeGreaterThanOrEqual(4096);
    expect((bss.addr + BigInt(bss.size)) % 8n).toBe(0n);
  });
});

describe('literal pools', () => {
  it('dedupes values and places 4-, then 8-byte slots, each aligned, at .ltorg', () => {
    const img = asm(`
_start:
	nop
	ldr x2, =0x1122334455667788
	ldr w0, =0x12345678
	ldr x3, =0x1122334455667788
	.ltorg
	nop`);
    expect(words(img)).toEqual([NOP, 0x580000a2, 0x18000040, 0x58000063, 0x12345678, 0, 0x55667788, 0x11223344, NOP]);
  });

  it('flushes at the end of each section, and again after each .ltorg', () => {
    const img = asm(`ldr x0, =5\n.ltorg\nldr x1, =5\nnop`);
    // slot 1 right after the first load (8-aligned); slot 2 after the nop
    expect(words(img)).toEqual([0x58000040, 0, 5, 0, 0x58000041, NOP, 5, 0]);
  });

  it('pools labels: ldr x0, =label loads its address', () => {
    const img = asm(`_start: ldr x0, =msg\n.data\nmsg: .byte 1`);
    const w = words(img);
    expect(BigInt(w[2]!) | (BigInt(w[3]!) << 32n)).toBe(sym(img, 'msg'));
  });

  it('supports ldrsw and 32-bit slots', () => {
    const img = asm(`ldrsw x0, =-1\nldr w1, =0xffffffff`);
    expect(words(img)).toEqual([0x98000040, 0x18000021, 0xffffffff]);
  });
});

describe('pc-relative addressing', () => {
  it('adrp + :lo12: reach a data symbol', () => {
    const img = asm(`_start:\n adrp x0, v\n add x0, x0, :lo12:v\n ldr x1, [x0, :lo12:v]\n.data\n.skip 0x128\n.balign 8\nv: .quad 0`);
    const v = sym(img, 'v');
    const pc = sym(img, '_start');
    const pages = Number(((v & ~0xfffn) - (pc & ~0xfffn)) >> 12n);
    const [adrp, add, ldr] = words(img);
    expect((ldr! >>> 10) & 0xfff).toBe(Number(v & 0xfffn) / 8);
    expect(((adrp! >>> 29) & 3) | (((adrp! >>> 5) & 0x7ffff) << 2)).toBe(pages);
    expect((add! >>> 10) & 0xfff).toBe(Number(v & 0xfffn));
  });

  it('adr and branches take label or #offset', () => {
    expect(words(asm(`a: adr x0, a\n b #8\n b.ne a\n cbz x0, a\n tbz w1, #3, a\n bl a`))).toEqual([
      0x10000000, 0x14000002, 0x54ffffc1, 0xb4ffffa0, 0x361fff81, 0x97fffffb,
    ]);
  });
});

describe('.include', () => {
  it('includes relative to the including file, nested', () => {
    const img = assembleOrThrow(`.include "inc/a.s"\nnop`, {
      file: 'dir/main.s',
      include: (p) => ({ 'dir/inc/a.s': `.include "b.s"\nmov x0, #1`, 'dir/inc/b.s': `answer = 42` } as Record<string, string>)[p] ?? (() => { throw new Error('file not found'); })(),
    });
    expect(words(img)).toEqual([0xd2800020, NOP]);
    expect(sym(img, 'answer')).toBe(42n);
  });

  it('reports errors inside the included file with its name and line', () => {
    const r = assemble(`nop\n.include "x.s"`, { file: 'm.s', include: () => `nop\n  bogus x0` });
    expect(r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`)).toEqual(["x.s:2:3: unknown mnemonic 'bogus'"]);
  });
});

describe('macros and conditionals', () => {
  it('expands .macro with positional, keyword and default arguments, \\@ and \\()', () => {
    const img = asm(`
	.macro	LOAD reg, val=7, tail
l_\\reg\\()_\\@:	mov	\\reg, #\\val
	.endm
	LOAD	x1
	LOAD	x2, 3
	LOAD	x3 val=5
	LOAD	"x4" 9`);
    expect(words(img)).toEqual([0xd28000e1, 0xd2800062, 0xd28000a3, 0xd2800124]);
    expect(img.symbols.filter((s) => s.name.startsWith('l_')).map((s) => s.name)).toEqual(['l_x1_0', 'l_x2_1', 'l_x3_2', 'l_x4_3']);
  });

  it('lets a recursive macro stop itself with .ifnb (vararg)', () => {
    const img = asm(`
	.macro	ZERO r:req, more:vararg
	mov	\\r, #0
	.ifnb	\\more
	ZERO	\\more
	.endif
	.endm
	ZERO	x1, x2, x3`);
    expect(words(img)).toEqual([0xd2800001, 0xd2800002, 0xd2800003]);
  });

  it('repeats with .rept, .irp and .irpc', () => {
    const img = asm(`N = 2
.rept N
nop
.endr
.irp r, x5, x6
mov \\r, #1
.endr
.irpc d, 12
mov x\\d, #\\d
.endr`);
    expect(words(img)).toEqual([NOP, NOP, 0xd2800025, 0xd2800026, 0xd2800021, 0xd2800042]);
  });

  it('evaluates .if/.elseif/.else, .ifdef, .ifc, comparisons, and label tests in the passes', () => {
    const img = asm(`
	.equ	N, 3
	.if	N > 2 && N < 5
	mov	x0, #1
	.elseif	N == 2
	mov	x0, #2
	.else
	mov	x0, #3
	.endif
	.ifndef	UNSET
	mov	x1, #1
	.endif
	.ifc	abc, "abc"
	mov	x2, #1
	.endif
start:	nop
	.if	. - start == 4     // needs a label value: decided in the passes
	mov	x3, #1
	.else
	mov	x3, #2
	.endif`);
    expect(words(img)).toEqual([0xd2800020, 0xd2800021, 0xd2800022, NOP, 0xd2800023]);
  });

  it('reports an error inside a macro at the body line, with a note for the invocation', () => {
    const r = assemble(`.macro M v
	mov x0, #\\v
.endm
	M 1
	M 99999`, { file: 'm.s' });
    expect(r.errors).toHaveLength(1);
    expect(formatDiagnostic(r.errors[0]!).split('\n')).toEqual([
      'm.s:2:10: error: immediate 99999 cannot be encoded by movz, movn or orr (bitmask immediate); build it with movz + movk or load it with ldr =',
      '\tmov x0, #99999', '\t        ^',
      "m.s:5:2: note: in macro 'M' invoked here", '\tM 99999', '\t^',
    ]);
  });
});

describe('architecture features', () => {
  it('needs +memtag for MTE instructions', () => {
    expect(errorsOf(`irg x0, sp`)).toEqual(["1:1: instruction 'irg' requires '+memtag' (e.g. .arch armv8.5-a+memtag)"]);
    expect(words(asm(`.arch armv8.5-a+memtag\nirg x0, sp`))).toEqual([0x9adf13e0]);
    expect(words(asm(`.arch_extension memtag\nstg x0, [x1]`))).toEqual([0xd9200820]);
    expect(errorsOf(`.arch armv8.5-a+memtag\n.arch_extension nomemtag\nirg x0, sp`)).toHaveLength(1);
    const r = assemble(`irg x0, sp`, { file: 't.s', features: ['base', 'mte'] });
    expect(r.errors).toEqual([]);
  });

  it('a plain .arch switches MTE off again', () => {
    expect(errorsOf(`.arch armv8.5-a+memtag\n.arch armv8.5-a\nirg x0, sp`)).toHaveLength(1);
  });
});

describe('results', () => {
  it('maps every instruction to its source line', () => {
    const r = assemble(`nop\n\n  nop // x\n.data\n.byte 1`, { file: 'l.s' });
    expect(r.lines.map((l) => [Number(l.addr - 0x4000b0n), l.line])).toEqual([[0, 1], [4, 3]]);
  });

  it('formats diagnostics like GNU/LLVM, caret under the column (tabs kept)', () => {
    const r = assemble(`\t.byte\t1, 256`, { file: 'f.s' });
    expect(formatDiagnostic(r.errors[0]!)).toBe(`f.s:1:11: error: value 256 is out of range for .byte (1 byte: [-128, 255])\n\t.byte\t1, 256\n\t     \t   ^`);
    expect(r.image).toBeNull();
  });
});
