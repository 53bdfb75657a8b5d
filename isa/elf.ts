// Static ELF64 little-endian AArch64 executables: the memory layout GNU ld
// gives a static program, a writer, and a reader (for the loader and
// `mtemu disasm`). Our own code on DataView + BigInt; the format facts are
// from the System V gABI ("ELF-64 Object File Format") and the AArch64 ELF
// ABI (EM_AARCH64 = 183, mapping symbols `$x`/`$d`).
//
// Layout (what `aarch64-linux-gnu-ld` 2.40 does with its default script, so
// that the same source assembled by us and by GNU as + ld gets the same
// addresses, hence the same adrp/literal words):
//
//   0x400000  ELF header, program headers        ┐
//             .text    (aligned to its alignment) │ PT_LOAD R+X
//             .rodata                             ┘
//   next 64 KiB page, same offset within the page (DATA_SEGMENT_ALIGN)
//             .data                               ┐ PT_LOAD RW
//             .bss   (p_memsz > p_filesz)         ┘
//
// p_align is 0x10000 (ld's MAXPAGESIZE for AArch64) and every segment's
// p_offset ≡ p_vaddr (mod 0x10000), as the kernel's and qemu's loaders need.

export const ELF_BASE = 0x400000n;
const MAXPAGE = 0x10000n;
const COMMONPAGE = 0x1000n;

export const EM_AARCH64 = 183;
export const ET_EXEC = 2;
export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;

const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;

// ---------------------------------------------------------------- the image

/** The four output sections, in file order. */
export type SectionKind = 'text' | 'rodata' | 'data' | 'bss';
export const SECTION_KINDS: readonly SectionKind[] = ['text', 'rodata', 'data', 'bss'];
export const SECTION_NAME: Record<SectionKind, string> = { text: '.text', rodata: '.rodata', data: '.data', bss: '.bss' };

export interface ImageSection {
  kind: SectionKind;
  /** Virtual address of the first byte. */
  addr: bigint;
  /** Alignment in bytes (a power of two). */
  align: number;
  /** Contents; empty for .bss. */
  data: Uint8Array;
  /** Size in memory (= data.length except for .bss). */
  size: number;
}

export interface ImageSymbol {
  name: string;
  value: bigint;
  size: bigint;
  type: 'notype' | 'func' | 'object';
  bind: 'local' | 'global' | 'weak';
  /** Section the symbol is in; null for an absolute symbol (`.equ`). */
  section: SectionKind | null;
}

/** A linked program in memory: what the assembler makes and writeElf stores. */
export interface Image {
  entry: bigint;
  /** Non-empty sections only, in SECTION_KINDS order, addresses from planLayout. */
  sections: ImageSection[];
  /** Every symbol to list (locals and globals, including mapping symbols `$x`/`$d`). */
  symbols: ImageSymbol[];
  /** Source file name for the STT_FILE symbol. */
  fileName?: string;
}

/** AArch64 ELF mapping symbols (`$x` code, `$d` data, optionally `$x.foo`): not names for addresses. */
export function isMappingSymbol(name: string): boolean {
  return /^\$[xd](\..*)?$/.test(name);
}

// ---------------------------------------------------------------- layout

export interface LayoutInput {
  kind: SectionKind;
  size: number;
  align: number;
}

export interface SectionPlacement {
  kind: SectionKind;
  addr: bigint;
  offset: number;
  /** Size after ld's padding (.bss is padded so that it ends 8-aligned). */
  size: number;
}

export interface SegmentPlan {
  flags: number;
  vaddr: bigint;
  offset: number;
  filesz: number;
  memsz: number;
}

export interface Layout {
  sections: SectionPlacement[];
  segments: SegmentPlan[];
  /** First byte after the loaded part of the file. */
  fileEnd: number;
}

const alignUp = (v: bigint, a: bigint): bigint => (v + a - 1n) & ~(a - 1n);

/**
 * Place sections the way ld's default script does (see the file comment).
 * Empty sections are dropped. Input order does not matter.
 */
export function planLayout(input: readonly LayoutInput[]): Layout {
  const by = new Map(input.filter((s) => s.size > 0).map((s) => [s.kind, s]));
  const hasRw = by.has('data') || by.has('bss');
  const phnum = hasRw ? 2 : 1;
  const sections: SectionPlacement[] = [];
  const segments: SegmentPlan[] = [];

  // R+X segment: headers, .text, .rodata
  let dot = ELF_BASE + BigInt(EHDR_SIZE + PHDR_SIZE * phnum);
  for (const kind of ['text', 'rodata'] as const) {
    const s = by.get(kind);
    if (!s) continue;
    const addr = alignUp(dot, BigInt(s.align));
    sections.push({ kind, addr, offset: Number(addr - ELF_BASE), size: s.size });
    dot = addr + BigInt(s.size);
  }
  const textEnd = dot;
  segments.push({ flags: PF_R | PF_X, vaddr: ELF_BASE, offset: 0, filesz: Number(textEnd - ELF_BASE), memsz: Number(textEnd - ELF_BASE) });
  let fileEnd = Number(textEnd - ELF_BASE);
  if (!hasRw) return { sections, segments, fileEnd };

  // RW segment at DATA_SEGMENT_ALIGN(MAXPAGESIZE, COMMONPAGESIZE): the same
  // offset within the next 64 KiB page; ld moves it up to the next 4 KiB
  // page instead when that makes the segment span one 4 KiB page fewer
  // (binutils ldlang.c lang_size_segment).
  const placeRw = (base: bigint) => {
    const out: SectionPlacement[] = [];
    let d = base;
    for (const kind of ['data', 'bss'] as const) {
      const s = by.get(kind);
      if (!s) continue;
      const addr = alignUp(d, BigInt(s.align));
      let size = s.size;
      // the default script ends .bss with `. = ALIGN(. != 0 ? 8 : 1)`
      if (kind === 'bss') size = Number(alignUp(addr + BigInt(size), 8n) - addr);
      out.push({ kind, addr, offset: 0, size });
      d = addr + BigInt(size);
    }
    return { out, end: alignUp(d, 8n) };
  };
  let base = alignUp(textEnd, MAXPAGE) + (textEnd & (MAXPAGE - 1n));
  let rw = placeRw(base);
  const first = -base & (COMMONPAGE - 1n);
  const last = rw.end & (COMMONPAGE - 1n);
  if (first && last && base / COMMONPAGE !== rw.end / COMMONPAGE && first + last <= COMMONPAGE) {
    base = alignUp(textEnd, MAXPAGE) + ((textEnd + COMMONPAGE - 1n) & (MAXPAGE - COMMONPAGE));
    rw = placeRw(base);
  }
  const start = rw.out[0]!.addr;
  // smallest file offset >= the end of the text segment with offset ≡ vaddr (mod MAXPAGE)
  const segOff = fileEnd + Number((start - BigInt(fileEnd)) & (MAXPAGE - 1n));
  let filesz = 0;
  for (const p of rw.out) {
    p.offset = segOff + Number(p.addr - start);
    if (p.kind === 'data') filesz = Number(p.addr - start) + p.size;
    sections.push(p);
  }
  const lastSec = rw.out[rw.out.length - 1]!;
  segments.push({ flags: PF_R | PF_W, vaddr: start, offset: segOff, filesz, memsz: Number(lastSec.addr - start) + lastSec.size });
  fileEnd = segOff + filesz;
  return { sections, segments, fileEnd };
}

// ---------------------------------------------------------------- writer

class StrTab {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private readonly seen = new Map<string, number>();
  add(s: string): number {
    if (s === '') return 0;
    const old = this.seen.get(s);
    if (old !== undefined) return old;
    const b = new TextEncoder().encode(s + '\0');
    const at = this.size;
    this.parts.push(b);
    this.size += b.length;
    this.seen.set(s, at);
    return at;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

const TYPE_CODE = { notype: STT_NOTYPE, func: STT_FUNC, object: STT_OBJECT } as const;
const BIND_CODE = { local: STB_LOCAL, global: STB_GLOBAL, weak: STB_WEAK } as const;

/**
 * Serialise `image` as an ELF64 ET_EXEC file. The image's section addresses
 * must be the ones planLayout gives for its sizes and alignments (the
 * assembler lays out with planLayout, so they are); this is checked.
 */
export function writeElf(image: Image): Uint8Array {
  const layout = planLayout(image.sections.map((s) => ({ kind: s.kind, size: s.size, align: s.align })));
  const secs = layout.sections.map((p) => {
    const s = image.sections.find((x) => x.kind === p.kind)!;
    if (s.addr !== p.addr) throw new Error(`writeElf: ${SECTION_NAME[s.kind]} at 0x${s.addr.toString(16)}, layout says 0x${p.addr.toString(16)}`);
    return { ...p, src: s };
  });

  // symbol table: null, FILE, locals, then globals (gABI: locals first, sh_info = first non-local)
  const strtab = new StrTab();
  const shIndex = new Map<SectionKind, number>(secs.map((s, i) => [s.kind, i + 1]));
  const syms: { name: number; info: number; shndx: number; value: bigint; size: bigint }[] = [{ name: 0, info: 0, shndx: 0, value: 0n, size: 0n }];
  if (image.fileName) syms.push({ name: strtab.add(image.fileName), info: (STB_LOCAL << 4) | STT_FILE, shndx: SHN_ABS, value: 0n, size: 0n });
  const ordered = [...image.symbols.filter((s) => s.bind === 'local'), ...image.symbols.filter((s) => s.bind !== 'local')];
  let firstGlobal = 0;
  for (const s of ordered) {
    if (s.bind !== 'local' && !firstGlobal) firstGlobal = syms.length;
    const shndx = s.section === null ? SHN_ABS : shIndex.get(s.section);
    if (shndx === undefined) throw new Error(`writeElf: symbol ${s.name} is in an empty section`);
    syms.push({ name: strtab.add(s.name), info: (BIND_CODE[s.bind] << 4) | TYPE_CODE[s.type], shndx, value: s.value, size: s.size });
  }
  if (!firstGlobal) firstGlobal = syms.length;

  const shstr = new StrTab();
  const strBytes = strtab.bytes();
  const symtabOff = Number(alignUp(BigInt(layout.fileEnd), 8n));
  const strtabOff = symtabOff + syms.length * SYM_SIZE;
  const shstrNames = [...secs.map((s) => SECTION_NAME[s.kind]), '.symtab', '.strtab', '.shstrtab'].map((n) => shstr.add(n));
  const shstrBytes = shstr.bytes();
  const shstrOff = strtabOff + strBytes.length;
  const shOff = Number(alignUp(BigInt(shstrOff + shstrBytes.length), 8n));
  const shnum = secs.length + 4;
  const total = shOff + shnum * SHDR_SIZE;

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const u16 = (o: number, v: number) => dv.setUint16(o, v, true);
  const u32 = (o: number, v: number) => dv.setUint32(o, v, true);
  const u64 = (o: number, v: bigint | number) => dv.setBigUint64(o, BigInt.asUintN(64, BigInt(v)), true);

  // ELF header
  out.set([0x7f, 0x45, 0x4c, 0x46, 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */, 0 /* ELFOSABI_NONE */]);
  u16(16, ET_EXEC);
  u16(18, EM_AARCH64);
  u32(20, 1);
  u64(24, image.entry);
  u64(32, EHDR_SIZE);
  u64(40, shOff);
  u32(48, 0);
  u16(52, EHDR_SIZE);
  u16(54, PHDR_SIZE);
  u16(56, layout.segments.length);
  u16(58, SHDR_SIZE);
  u16(60, shnum);
  u16(62, shnum - 1);

  layout.segments.forEach((p, i) => {
    const o = EHDR_SIZE + i * PHDR_SIZE;
    u32(o, PT_LOAD);
    u32(o + 4, p.flags);
    u64(o + 8, p.offset);
    u64(o + 16, p.vaddr);
    u64(o + 24, p.vaddr);
    u64(o + 32, p.filesz);
    u64(o + 40, p.memsz);
    u64(o + 48, MAXPAGE);
  });

  for (const s of secs) if (s.kind !== 'bss') out.set(s.src.data, s.offset);

  syms.forEach((s, i) => {
    const o = symtabOff + i * SYM_SIZE;
    u32(o, s.name);
    out[o + 4] = s.info;
    out[o + 5] = 0;
    u16(o + 6, s.shndx);
    u64(o + 8, s.value);
    u64(o + 16, s.size);
  });
  out.set(strBytes, strtabOff);
  out.set(shstrBytes, shstrOff);

  const shdr = (i: number, h: { name: number; type: number; flags?: number; addr?: bigint; offset: number; size: number; link?: number; info?: number; align: number; entsize?: number }) => {
    const o = shOff + i * SHDR_SIZE;
    u32(o, h.name);
    u32(o + 4, h.type);
    u64(o + 8, h.flags ?? 0);
    u64(o + 16, h.addr ?? 0n);
    u64(o + 24, h.offset);
    u64(o + 32, h.size);
    u32(o + 40, h.link ?? 0);
    u32(o + 44, h.info ?? 0);
    u64(o + 48, h.align);
    u64(o + 56, h.entsize ?? 0);
  };
  const FLAGS: Record<SectionKind, number> = { text: SHF_ALLOC | SHF_EXECINSTR, rodata: SHF_ALLOC, data: SHF_ALLOC | SHF_WRITE, bss: SHF_ALLOC | SHF_WRITE };
  secs.forEach((s, i) => {
    shdr(i + 1, { name: shstrNames[i]!, type: s.kind === 'bss' ? SHT_NOBITS : SHT_PROGBITS, flags: FLAGS[s.kind], addr: s.addr, offset: s.offset, size: s.size, align: s.src.align });
  });
  const n = secs.length;
  shdr(n + 1, { name: shstrNames[n]!, type: SHT_SYMTAB, offset: symtabOff, size: syms.length * SYM_SIZE, link: n + 2, info: firstGlobal, align: 8, entsize: SYM_SIZE });
  shdr(n + 2, { name: shstrNames[n + 1]!, type: SHT_STRTAB, offset: strtabOff, size: strBytes.length, align: 1 });
  shdr(n + 3, { name: shstrNames[n + 2]!, type: SHT_STRTAB, offset: shstrOff, size: shstrBytes.length, align: 1 });
  return out;
}

// ---------------------------------------------------------------- reader

export class ElfError extends Error {}

export interface ElfSegment {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  paddr: bigint;
  filesz: number;
  memsz: number;
  align: bigint;
  /** The file bytes of the segment (filesz long; a view into the file). */
  data: Uint8Array;
}

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
  /** Contents (a view into the file); null for SHT_NOBITS. */
  data: Uint8Array | null;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: bigint;
  type: number;
  bind: number;
  other: number;
  shndx: number;
  /** Name of the section it is defined in, when shndx is a real section. */
  section?: string;
}

export interface ElfFile {
  type: number;
  machine: number;
  entry: bigint;
  segments: ElfSegment[];
  sections: ElfSection[];
  /** Symbols of .symtab (without the null symbol), in file order. */
  symbols: ElfSymbol[];
}

/**
 * Parse an ELF64 little-endian file: header, program headers, section
 * headers (with names) and .symtab. Throws ElfError with a plain message for
 * anything malformed or out of bounds; never reads outside `bytes`.
 * Accepts any machine/type (callers check `machine === EM_AARCH64`).
 */
export function readElf(bytes: Uint8Array): ElfFile {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (off: number, len: number, what: string) => {
    if (off < 0 || len < 0 || off + len > bytes.length) throw new ElfError(`truncated ELF file: ${what} at offset ${off} (+${len}) is past the end (${bytes.length} bytes)`);
  };
  need(0, EHDR_SIZE, 'ELF header');
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) throw new ElfError('not an ELF file (bad magic)');
  if (bytes[4] !== 2) throw new ElfError('not a 64-bit ELF file (EI_CLASS is not ELFCLASS64)');
  if (bytes[5] !== 1) throw new ElfError('not a little-endian ELF file (EI_DATA is not ELFDATA2LSB)');
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const u64 = (o: number) => dv.getBigUint64(o, true);
  const num = (v: bigint, what: string) => {
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`${what} too large (0x${v.toString(16)})`);
    return Number(v);
  };

  const type = u16(16);
  const machine = u16(18);
  const entry = u64(24);
  const phoff = num(u64(32), 'e_phoff');
  const shoff = num(u64(40), 'e_shoff');
  const phentsize = u16(54);
  const phnum = u16(56);
  const shentsize = u16(58);
  const shnum = u16(60);
  const shstrndx = u16(62);

  const segments: ElfSegment[] = [];
  if (phnum) {
    if (phentsize < PHDR_SIZE) throw new ElfError(`bad e_phentsize ${phentsize}`);
    need(phoff, phnum * phentsize, 'program headers');
  }
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    const offset = num(u64(o + 8), 'p_offset');
    const filesz = num(u64(o + 32), 'p_filesz');
    const memsz = num(u64(o + 40), 'p_memsz');
    const ptype = u32(o);
    if (ptype === PT_LOAD) {
      // a bss-only segment (p_filesz 0) may have p_offset at or past the end: GNU ld writes such files
      if (filesz > 0) need(offset, filesz, `segment ${i}`);
      if (memsz < filesz) throw new ElfError(`segment ${i}: p_memsz < p_filesz`);
    }
    const inFile = offset + filesz <= bytes.length;
    segments.push({
      type: ptype, flags: u32(o + 4), offset, vaddr: u64(o + 16), paddr: u64(o + 24), filesz, memsz, align: u64(o + 48),
      data: inFile ? bytes.subarray(offset, offset + filesz) : new Uint8Array(0),
    });
  }

  const raw: Omit<ElfSection, 'name'>[] = [];
  const nameOffs: number[] = [];
  if (shnum) {
    if (shentsize < SHDR_SIZE) throw new ElfError(`bad e_shentsize ${shentsize}`);
    need(shoff, shnum * shentsize, 'section headers');
  }
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    const stype = u32(o + 4);
    const offset = num(u64(o + 24), 'sh_offset');
    const size = num(u64(o + 32), 'sh_size');
    if (stype !== SHT_NOBITS && stype !== 0) need(offset, size, `section ${i}`);
    nameOffs.push(u32(o));
    raw.push({
      type: stype, flags: num(u64(o + 8), 'sh_flags'), addr: u64(o + 16), offset, size, link: u32(o + 40), info: u32(o + 44),
      align: num(u64(o + 48), 'sh_addralign'), entsize: num(u64(o + 56), 'sh_entsize'),
      data: stype === SHT_NOBITS || stype === 0 ? null : bytes.subarray(offset, offset + size),
    });
  }
  const cstr = (tab: Uint8Array | null, off: number): string => {
    if (!tab || off >= tab.length) return '';
    let end = off;
    while (end < tab.length && tab[end] !== 0) end++;
    return new TextDecoder().decode(tab.subarray(off, end));
  };
  const shstr = shstrndx < raw.length ? raw[shstrndx]!.data : null;
  const sections: ElfSection[] = raw.map((s, i) => ({ name: cstr(shstr, nameOffs[i]!), ...s }));

  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab && symtab.data) {
    const ent = symtab.entsize || SYM_SIZE;
    if (ent < SYM_SIZE) throw new ElfError(`bad .symtab entry size ${ent}`);
    const strs = symtab.link < sections.length ? sections[symtab.link]!.data : null;
    for (let i = 1; i < Math.floor(symtab.size / ent); i++) {
      const o = symtab.offset + i * ent;
      const info = bytes[o + 4]!;
      const shndx = u16(o + 6);
      const sym: ElfSymbol = { name: cstr(strs, u32(o)), value: u64(o + 8), size: u64(o + 16), type: info & 15, bind: info >> 4, other: bytes[o + 5]!, shndx };
      if (shndx !== SHN_UNDEF && shndx < 0xff00 && shndx < sections.length) sym.section = sections[shndx]!.name;
      symbols.push(sym);
    }
  }
  return { type, machine, entry, segments, sections, symbols };
}
