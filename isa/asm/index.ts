// The assembler as a library: source text in, linked image (and ELF bytes)
// out, all in memory, so `mtemu run prog.s` needs no temporary files.
//
//   const r = assemble(src, { file: 'prog.s', include: (p) => readFileSync(p, 'utf8') });
//   if (!r.image) { for (const e of r.errors) console.error(formatDiagnostic(e)); }
//   else writeFileSync('prog.elf', writeElf(r.image));   // or readElf(writeElf(img)) for a loader
//
// Syntax: GNU as for AArch64 (what GNU as 2.40 and llvm-mc both accept).
//   comments      // anywhere, /* ... */, # at the start of a line; ; separates statements
//   labels        name:  1: (with 1b / 1f)   .L* and numeric labels stay out of the symbol table
//   sections      .text .data .bss .rodata  .section NAME[, "flags"[, @type]]  .pushsection/.popsection/.previous
//   data          .byte .hword/.short/.2byte .word/.long/.int/.4byte .xword/.quad/.8byte/.dword
//                 .ascii .asciz/.string  .skip/.space SIZE[, FILL]  .zero SIZE  .fill N[, SIZE[, VALUE]]  .inst W
//   alignment     .balign N[, FILL[, MAX]]  .p2align/.align P[, FILL[, MAX]]  (code is padded with NOPs)
//   symbols       .globl/.global .weak .type S, %function|%object  .size S, EXPR  .equ/.set S, EXPR  S = EXPR  .equiv
//   literals      ldr xN, =EXPR (also wN, ldrsw)  .ltorg/.pool; pools also close each section
//   architecture  .arch armv8.5-a+memtag  .arch_extension memtag  .cpu NAME+ext  (MTE needs memtag)
//   text-level    .include "file"  .macro/.endm/.purgem  .rept/.irp/.irpc/.endr  .if* .elseif .else .endif  .end
//   expressions   + - * / % << >> | & ^ ! ~, comparisons (true = -1), && ||, 'c', symbol differences, .
//   relocations   adrp x0, sym  +  add x0, x0, :lo12:sym  /  ldr x1, [x0, :lo12:sym]  (resolved here: no linker)
// Ignored: .file .ident .loc .cfi_* .hidden .protected .internal .local.

export { assemble, assembleOrThrow, applyArch, resolveInclude, type AssembleOptions, type AssembleResult, type LineInfo } from './assembler.ts';
export { formatDiagnostic, type Diagnostic } from './lexer.ts';
export { writeElf, readElf, planLayout, isMappingSymbol, ElfError, type Image, type ImageSection, type ImageSymbol, type ElfFile, type ElfSection, type ElfSegment, type ElfSymbol } from '../elf.ts';
