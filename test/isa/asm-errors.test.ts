// Assembler diagnostics: each kind of error gives `file:line:col: message`
// at the right place (the column of the offending token, 1-based, as
// llvm-mc reports it), every error in a file is reported (assembly goes on
// after an error), and nothing throws.

import { describe, expect, it } from 'vitest';
import { assemble, formatDiagnostic } from '../../isa/asm/index.ts';

function diag(src: string): string[] {
  const r = assemble(src, {
    file: 'e.s',
    include: (p) => {
      if (p === 'inc/bad.s') return 'nop\n\tmov x0, #1, #2\n';
      throw new Error('file not found');
    },
  });
  if (r.errors.length) expect(r.image).toBeNull();
  return r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`);
}

/** [kind, source, expected diagnostics] */
const CASES: [string, string, string[]][] = [
  ['unknown mnemonic', 'nop\n  frob x0, x1', ["e.s:2:3: unknown mnemonic 'frob'"]],
  ['unknown directive', '.text\n.frob 1', ["e.s:2:1: unknown directive '.frob'"]],
  ['bad register', 'add x0, x1, x99', ["e.s:1:13: 'x99' is not a register (x0-x30, w0-w30) nor a defined symbol"]],
  ['wrong register width', 'add x0, w1, #1', ['e.s:1:9: invalid operand: expected a 64-bit register (x0-x30, sp)']],
  ['register where SP is not allowed', 'add sp, xzr, #1', ['e.s:1:9: invalid operand: expected a 64-bit register (x0-x30, sp)']],
  ['out-of-range immediate', 'add x0, x1, #4097', ['e.s:1:13: immediate 4097 is out of range: expected 0 to 4095, optionally shifted by lsl #12 (#4096 means #1, lsl #12)']],
  ['out-of-range offset', 'ldr x0, [x1, #-300]', ['e.s:1:14: offset must be in range [0, 32760]']],
  ['unencodable bitmask immediate', 'and x0, x1, #5', [
    'e.s:1:13: immediate 0x5 is not encodable as a 64-bit logical immediate (a bitmask immediate is a run of ones, rotated, repeated in 2-, 4-, 8-, 16-, 32- or 64-bit elements; 0 and all-ones are not encodable)',
  ]],
  ['unencodable mov immediate', 'mov x0, #0x123456789', ['e.s:1:9: immediate 4886718345 cannot be encoded by movz, movn or orr (bitmask immediate); build it with movz + movk or load it with ldr =']],
  ['undefined symbol', 'b nowhere\n.word also_missing', ["e.s:1:3: undefined symbol 'nowhere'", "e.s:2:7: undefined symbol 'also_missing'"]],
  ['duplicate label', 'a: nop\n  a: nop', ["e.s:2:3: symbol 'a' is already defined"]],
  ['misaligned branch target', 'b . + 2', ['e.s:1:3: branch target must be 4-byte aligned']],
  ['out-of-range branch', 'b.eq . + 0x200000', ['e.s:1:6: branch target out of range (offset 2097152, range [-1048576, 1048572])']],
  ['out-of-range bit number', 'tbz x0, #64, .', ['e.s:1:9: bit number must be in range [0, 63]']],
  ['MTE instruction without +memtag', 'irg x0, sp', ["e.s:1:1: instruction 'irg' requires '+memtag' (e.g. .arch armv8.5-a+memtag)"]],
  ['MTE operation without +memtag', 'dc gva, x0', ["e.s:1:4: dc operation 'gva' requires '+memtag' (e.g. .arch armv8.5-a+memtag)"]],
  ['bad expression', '.word 1 +', ['e.s:1:10: expected an expression']],
  ['bad expression operator', 'x = 1 +* 2', ["e.s:1:8: unexpected '*' in expression"]],
  ['unbalanced parenthesis', '.word (1', ["e.s:1:9: expected ')'"]],
  ['division by zero', '.word 1/0', ['e.s:1:8: division by zero']],
  ['bad number', '.word 12abc', ["e.s:1:7: bad number '12a'"]],
  ['unterminated string', '.ascii "abc', [`e.s:1:8: unterminated string (missing closing '"')`]],
  ['bad escape', '.ascii "a\\qb"', ["e.s:1:10: unknown escape sequence '\\q' in string"]],
  ['bad character escape', "mov x0, #'\\q'", ["e.s:1:10: unknown escape '\\q'"]],
  ['.include of a missing file', '.include "missing.s"', ["e.s:1:10: cannot include 'missing.s': file not found"]],
  ['error inside an included file', '.include "inc/bad.s"', ['inc/bad.s:2:12: unexpected text after the operands']],
  ['.p2align too big', '.p2align 17', ['e.s:1:10: alignment too large: .p2align 17 (at most 16, i.e. 64 KiB)']],
  ['.balign not a power of 2', '.balign 3', ['e.s:1:9: alignment must be a power of 2 (got 3)']],
  ['.byte value out of range', '.byte 1, 256, -129', ['e.s:1:10: value 256 is out of range for .byte (1 byte: [-128, 255])', 'e.s:1:15: value -129 is out of range for .byte (1 byte: [-128, 255])']],
  ['.hword value out of range', '.hword 65536', ['e.s:1:8: value 65536 is out of range for .hword (2 bytes: [-32768, 65535])']],
  ['missing operand', 'add x0, x1', ["e.s:1:11: expected ','"]],
  ['extra operand', 'add x0, x1, #1, #2', ['e.s:1:15: unexpected text after the operands']],
  ['operand on a no-operand instruction', 'nop x0', ['e.s:1:5: this instruction takes no operands']],
  ['bad condition', 'csel x0, x1, x2, qq', ['e.s:1:18: expected a condition code']],
  ['bad condition suffix', 'b.qq 0', ["e.s:1:1: unknown mnemonic 'b.qq'"]],
  ['bad shift', 'add x0, x1, x2, ror #3', ["e.s:1:17: expected shift 'lsl', 'lsr' or 'asr' (ror is only allowed for logical instructions)"]],
  ['bad shift amount', 'add x0, x1, x2, lsl #64', ['e.s:1:21: shift amount must be in range [0, 63]']],
  ['literal pool out of range', 'ldr x0, =0x123456789\n.skip 0x100000\nnop', ['e.s:1:9: literal pool out of range (more than 1 MiB away; add .ltorg closer)']],
  ['literal too wide for a 32-bit load', 'ldr w0, =0x123456789', ['e.s:1:10: literal value does not fit in 32 bits']],
  ['.equ redefinition of a label', 'foo: nop\n.equ foo, 1', ["e.s:2:6: symbol 'foo' is already defined"]],
  ['.equiv redefinition', '.equiv k, 1\n.equiv k, 2', ["e.s:2:8: symbol 'k' is already defined"]],
  ['numeric label with no later definition', 'b 1f', ["e.s:1:3: undefined local label '1f' (no '1:' after this point)"]],
  ['numeric label with no earlier definition', 'b 1b\n1: nop', ["e.s:1:3: undefined local label '1b' (no '1:' before this point)"]],
  ['misaligned instruction', '.byte 1\nnop', ['e.s:2:1: misaligned instruction: offset 0x1 in .text is not a multiple of 4']],
  ['data in .bss', '.bss\n.byte 0, 1', ['e.s:2:10: non-zero data in .bss (only zeros, .skip and .zero are allowed there)']],
  ['instruction in .bss', '.bss\nnop', ['e.s:2:1: instructions are not allowed in .bss']],
  ['non-absolute size', '.skip msg\nmsg: nop', ['e.s:1:7: expression must be absolute (a number, or a difference of two labels in one section)']],
  ['unknown section', '.section .weird', [`e.s:1:10: unknown section '.weird' (give its flags, e.g. .section .weird, "a")`]],
  ['unknown architecture', '.arch armv7-a', ["e.s:1:7: unknown architecture 'armv7-a'"]],
  ['unknown architecture extension', '.arch armv8.5-a+memtag+foo', ["e.s:1:24: unknown architecture extension 'foo'"]],
  ['unterminated block comment', 'nop\n  /* open\nnop', ["e.s:2:3: unterminated comment (no '*/')"]],
  ['.fill size', '.fill 1, 9, 0', ['e.s:1:10: .fill size must be in range [0, 8] (got 9)']],
  ['string expected', '.ascii foo', ['e.s:1:8: expected a string in double quotes']],
  ['.inst too wide', '.inst 0x123456789', ['e.s:1:7: .inst value 4886718345 does not fit in 32 bits']],
  ['unknown symbol type', '.type f, %weird', ["e.s:1:10: unknown symbol type 'weird' (use %function, %object or %notype)"]],
  ['statement that is no statement', '1 nop', ["e.s:1:1: expected a label, an instruction or a directive, found '1'"]],
  ['extra directive operand', '.balign 4 4', ["e.s:1:11: unexpected '4' after the operands of .balign"]],
  ['.macro without .endm', 'nop\n.macro M\nnop', ["e.s:2:1: '.macro' has no matching '.endm'"]],
  ['.endr without .rept', '.endr', ["e.s:1:1: '.endr' without a matching '.rept'"]],
  ['too many macro arguments', '.macro M a\n.endm\nM 1, 2', ["e.s:3:6: too many arguments for macro 'M' (it takes 1)"]],
  ['missing required macro argument', '.macro M a:req\n.endm\nM', ["e.s:3:1: missing value for required parameter 'a' of macro 'M'"]],
  ['runaway recursive macro', '.macro M\nM\n.endm\nM', ["e.s:2:1: macros nested more than 100 deep (does 'M' invoke itself?)"]],
  ['.rept count not constant', '.rept later\n.endr\nlater: nop', ["e.s:1:7: 'later' is not a constant defined before this point (.rept needs one)"]],
  ['.if without .endif', '.if 1\nnop', ["e.s:1:1: '.if' has no matching '.endif'"]],
  ['.endif without .if', '.endif', ["e.s:1:1: '.endif' without a matching '.if'"]],
];

describe('assembler diagnostics', () => {
  it('cover at least 25 kinds of error', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  for (const [kind, src, want] of CASES) {
    it(kind, () => {
      expect(diag(src)).toEqual(want);
    });
  }

  it('reports every error in a file, in order, and goes on after each', () => {
    const src = [
      '_start:',
      '\tfrob x0',           // 2: unknown mnemonic
      '\tadd x0, x1, #5000', // 3: range
      '\tb later',           // fine: defined below
      '\t.word 0x100000000', // 5: range
      '\tb nowhere',         // 6: undefined
      'later: nop',
      '\t.frob',             // 8: unknown directive
    ].join('\n');
    expect(diag(src).map((d) => d.split(':').slice(1, 3).join(':'))).toEqual(['2:2', '3:14', '5:8', '6:4', '8:2']);
  });

  it('keeps the layout after an error, so later errors and labels stay right', () => {
    const r = assemble('frob\n.byte 300\n.balign 4\nl: b l2\nl2: nop', { file: 'k.s' });
    expect(r.errors).toHaveLength(2);
  });

  it('never throws, whatever the input', () => {
    const junk = ['\u0000\u0001', '"', "'", '((((', ':::', '.byte ,', 'ldr x0, =', 'b.', '[x0]', '.section', '.type', '.size x,', '1:\n1:\nb 1f', 'x = x + 1', '.equ', '.include', '.arch', '$$$: nop', '.arch armv8-a+constructor', '.type f, %toString', '.__proto__', 'constructor x0', '.macro\n.endm', '.rept 3\n', '.irp\n.endr', '.if 1\n.else\n.else\n.endif'];
    for (const j of junk) {
      const r = assemble(j, { file: 'j.s' });
      expect(r.errors.filter((e) => e.message.startsWith('internal error')), j).toEqual([]);
    }
  });

  it('formats file:line:col, the source line and a caret', () => {
    const r = assemble('\tnop\n\tadd\tx0, x1, x99 // comment', { file: 'dir/f.s' });
    expect(formatDiagnostic(r.errors[0]!).split('\n')).toEqual([
      "dir/f.s:2:14: error: 'x99' is not a register (x0-x30, w0-w30) nor a defined symbol",
      '\tadd\tx0, x1, x99 // comment',
      '\t   \t        ^',
    ]);
  });
});
