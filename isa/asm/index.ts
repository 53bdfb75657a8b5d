// The assembler as a library: source text in, linked image (and ELF bytes)
// out, all in memory, so `mtemu run prog.s` needs no temporary files.
//
//   const r = assemble(src, { file: 'prog.s', include: (p) => readFileSync(p, 'utf8') });
//   if (!r.image) { for (const e of r.errors) console.error(formatDiagnostic(e)); }
//   else writeFileSync('prog.elf', writeElf(r.image));

export { assemble, assembleOrThrow, applyArch, resolveInclude, type AssembleOptions, type AssembleResult, type LineInfo } from './assembler.ts';
export { formatDiagnostic, type Diagnostic } from './lexer.ts';
export { writeElf, readElf, planLayout, isMappingSymbol, ElfError, type Image, type ImageSection, type ImageSymbol, type ElfFile, type ElfSection, type ElfSegment, type ElfSymbol } from '../elf.ts';
