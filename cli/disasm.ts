// `mtemu disasm FILE.elf`: objdump-style listing of every executable
// section, with `<symbol>:` headers and branch targets as `0x... <sym+0x..>`;
// `$d` mapping-symbol ranges (literal pools, data in .text) print as .word.
// `mtemu disasm --hex W1 W2 ...`: one line per word, the text alone as
// llvm-mc prints it (`mnemonic\toperands`, or `.inst\t0x...` for words we do
// not decode).

import type { ParseArgsConfig } from 'node:util';
import { readElf, isMappingSymbol, ElfError, type ElfFile, type ElfSymbol } from '../isa/asm/index.ts';
import { EM_AARCH64, SHF_EXECINSTR, SHN_ABS, STT_FILE, STT_SECTION } from '../isa/elf.ts';
import { disassembleText } from '../isa/disasm.ts';
import type { PrintCtx } from '../isa/types.ts';
import { HostError, readBytes, type Io } from './io.ts';

export const disasmOptions: NonNullable<ParseArgsConfig['options']> = {
  hex: { type: 'boolean' },
};

export const disasmUsage = `usage: mtemu disasm FILE.elf
       mtemu disasm --hex WORD...
  List the executable sections of an AArch64 ELF file (objdump -d style),
  or disassemble 32-bit instruction words given in hex (0xd503201f or d503201f),
  one line per word.`;

export function disasmJob(values: Record<string, unknown>, positionals: string[], io: Io): number {
  if (values.hex) {
    const words = positionals.flatMap((a) => a.split(/[\s,]+/)).filter((w) => w !== '');
    if (!words.length) throw new HostError(`disasm --hex: no words given\n${disasmUsage}`, 2);
    const parsed = words.map((w) => {
      if (!/^(0x)?[0-9a-f]{1,8}$/i.test(w)) throw new HostError(`disasm --hex: bad word '${w}' (expected up to 8 hex digits, e.g. 0xd503201f)`, 2);
      return parseInt(w, 16) >>> 0;
    });
    io.out(parsed.map((w) => disassembleText(w) + '\n').join(''));
    return 0;
  }
  if (positionals.length !== 1) throw new HostError(`disasm: expected one ELF file\n${disasmUsage}`, 2);
  const path = positionals[0]!;
  let elf: ElfFile;
  try {
    elf = readElf(readBytes(path));
  } catch (e) {
    if (e instanceof ElfError) throw new HostError(`${path}: ${e.message}`);
    throw e;
  }
  if (elf.machine !== EM_AARCH64) throw new HostError(`${path}: not an AArch64 ELF file (e_machine ${elf.machine})`);
  io.out(listing(elf, path));
  return 0;
}

/** Symbols that name addresses: not mapping symbols, files, sections or absolute values. */
function addressSymbols(elf: ElfFile): ElfSymbol[] {
  return elf.symbols
    .filter((s) => s.name && !isMappingSymbol(s.name) && s.type !== STT_FILE && s.type !== STT_SECTION && s.shndx !== SHN_ABS && s.section !== undefined)
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** `sym` or `sym+0x10` for the nearest symbol at or below `addr`. */
export function symbolizer(elf: ElfFile): (addr: bigint) => string | undefined {
  const syms = addressSymbols(elf);
  return (addr) => {
    let lo = 0;
    let hi = syms.length - 1;
    let best: ElfSymbol | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (syms[mid]!.value <= addr) {
        best = syms[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (!best) return undefined;
    const off = addr - best.value;
    return off === 0n ? best.name : `${best.name}+0x${off.toString(16)}`;
  };
}

/** Preference for the one label printed at an address (objdump prints one): global, then function, then first. */
function rank(s: ElfSymbol): number {
  return (s.bind !== 0 ? 2 : 0) + (s.type === 2 ? 1 : 0);
}

export function listing(elf: ElfFile, path: string): string {
  const out: string[] = [`\n${path}:     file format elf64-littleaarch64\n`];
  const symbolize = symbolizer(elf);
  const named = addressSymbols(elf);
  for (const [si, sec] of elf.sections.entries()) {
    if (!(sec.flags & SHF_EXECINSTR) || !sec.data) continue;
    out.push(`\nDisassembly of section ${sec.name}:\n`);
    const inSec = (s: ElfSymbol) => s.shndx === si;
    const labels = new Map<bigint, ElfSymbol>();
    for (const s of named.filter(inSec)) {
      const old = labels.get(s.value);
      if (!old || rank(s) > rank(old)) labels.set(s.value, s);
    }
    const mapping = elf.symbols.filter((s) => inSec(s) && isMappingSymbol(s.name)).sort((a, b) => (a.value < b.value ? -1 : 1));
    let mi = 0;
    let kind = 'x';
    const dv = new DataView(sec.data.buffer, sec.data.byteOffset, sec.data.byteLength);
    for (let off = 0; off < sec.size; off += 4) {
      const addr = sec.addr + BigInt(off);
      const label = labels.get(addr);
      if (label) out.push(`\n${addr.toString(16).padStart(16, '0')} <${label.name}>:\n`);
      while (mi < mapping.length && mapping[mi]!.value <= addr) kind = mapping[mi++]!.name[1]!;
      const a = addr.toString(16);
      if (off + 4 > sec.size) {
        const bytes = [...sec.data.subarray(off)].map((b) => `0x${b.toString(16).padStart(2, '0')}`);
        out.push(`  ${a}:\t${bytes.map((b) => b.slice(2)).join(' ')}\t.byte\t${bytes.join(', ')}\n`);
        break;
      }
      const w = dv.getUint32(off, true);
      const hex = w.toString(16).padStart(8, '0');
      const ctx: PrintCtx = { pc: addr, symbolize };
      const text = kind === 'd' ? `.word\t0x${hex}` : disassembleText(w, ctx);
      out.push(`  ${a}:\t${hex} \t${text}\n`);
    }
  }
  return out.join('');
}
