// Loading a program: a static ELF64 AArch64 executable (ET_EXEC) becomes a
// fresh address space with its PT_LOAD segments, a heap, a stack holding
// argc/argv/envp/auxv (the System V AArch64 process entry layout, as
// Linux's create_elf_tables builds it), and the sigtramp page.
//
// Segments are loaded eagerly (the page cache and file-backed faults are
// out of scope): their pages count in RSS as file pages, as the ELF's
// pages would once touched on Linux.

import { readElf } from '../isa/elf.ts';
import { CpuState, SP } from '../emulator/cpu-state.ts';
import { AT, HWCAP_ASIMD, HWCAP_FP, HWCAP2_MTE, PROT_EXEC, PROT_READ, PROT_WRITE } from './abi.ts';
import type { Kernel } from './kernel.ts';
import { MAIR_HI, MAIR_LO, MMAP_BASE, PAGE_SIZE, SIGTRAMP_VA, STACK_TOP, pageDown, pageUp } from './layout.ts';
import { PG } from './kalloc.ts';
import { walk } from './pagetable.ts';
import type { Mm } from './proc.ts';
import { copyOut, installPte, uvmCreate } from './vm.ts';
import { insertVma, rangeFree, type Vma } from './vma.ts';

const PT_LOAD = 1;
const EM_AARCH64 = 183;
const ET_EXEC = 2;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
/** Initial stack VMA size (Linux starts with 128 KiB plus what exec needs; it grows on demand). */
const STACK_INITIAL = 32 * PAGE_SIZE;

export class ExecError extends Error {}

export interface LoadedImage {
  mm: Mm;
  cpu: CpuState;
}

/** Build a process image from ELF bytes. Throws ExecError (bad file) — a host-side error, not a guest one. */
export function loadImage(k: Kernel, elf: Uint8Array, argv: string[], envp: string[]): LoadedImage {
  let f;
  try {
    f = readElf(elf);
  } catch (e) {
    throw new ExecError(`not a loadable ELF file: ${(e as Error).message}`);
  }
  if (f.machine !== EM_AARCH64) throw new ExecError(`ELF machine ${f.machine} is not AArch64 (183)`);
  if (f.type !== ET_EXEC) throw new ExecError('only static ET_EXEC executables are supported (no dynamic loader)');
  const mm = uvmCreate(k);
  if (!mm) throw new ExecError('out of memory creating the address space');
  let brk = 0;
  for (const seg of f.segments) {
    if (seg.type !== PT_LOAD || seg.memsz === 0) continue;
    const va = Number(seg.vaddr);
    const start = pageDown(va);
    const end = pageUp(va + seg.memsz);
    if (end > MMAP_BASE || start < 0x1000) throw new ExecError(`segment at 0x${va.toString(16)} outside the user address space`);
    const prot = (seg.flags & PF_R ? PROT_READ : 0) | (seg.flags & PF_W ? PROT_WRITE : 0) | (seg.flags & PF_X ? PROT_EXEC : 0);
    if (!rangeFree(mm.vmas, start, end)) throw new ExecError(`overlapping PT_LOAD segments at 0x${start.toString(16)}`);
    const vma: Vma = { start, end, prot, shared: false, kind: 'elf', anonVma: true, growsDown: false, name: `[elf ${prot & PROT_EXEC ? 'text' : prot & PROT_WRITE ? 'data' : 'rodata'}]` };
    mm.vmas = insertVma(mm.vmas, vma).list;
    for (let p = start; p < end; p += PAGE_SIZE) {
      const pfn = k.pages.alloc(PG.file);
      if (pfn < 0) throw new ExecError('out of memory loading the program');
      const pa = pfn * PAGE_SIZE;
      k.km.zeroPage(pa);
      // copy the part of the file image that falls in this page
      const fileLo = Math.max(p, va);
      const fileHi = Math.min(p + PAGE_SIZE, va + seg.filesz);
      if (fileHi > fileLo) {
        k.machine.mem.writeBytes(pa + (fileLo - p), seg.data.subarray(fileLo - va, fileHi - va));
        k.km.sink.mem('copyPage', pa, fileHi - fileLo);
      }
      const slot = walk(k.km, k.pages, mm.rootPa, p, true);
      if (slot < 0) throw new ExecError('out of memory building page tables');
      installPte(k, mm, slot, p, pa, vma, (prot & PROT_WRITE) !== 0, false);
    }
    brk = Math.max(brk, end);
  }
  mm.brkStart = mm.brk = brk;
  mm.mmapBase = MMAP_BASE;

  // the sigtramp page (shared, special: not in RSS)
  mm.vmas = insertVma(mm.vmas, { start: SIGTRAMP_VA, end: SIGTRAMP_VA + PAGE_SIZE, prot: PROT_READ | PROT_EXEC, shared: false, kind: 'sigtramp', anonVma: false, growsDown: false, name: '[sigtramp]' }).list;
  const tslot = walk(k.km, k.pages, mm.rootPa, SIGTRAMP_VA, true);
  installPte(k, mm, tslot, SIGTRAMP_VA, k.sigtrampPfn * PAGE_SIZE, mm.vmas.find((v) => v.kind === 'sigtramp')!, false, true);

  // the stack
  const stackVma: Vma = { start: STACK_TOP - STACK_INITIAL, end: STACK_TOP, prot: PROT_READ | PROT_WRITE, shared: false, kind: 'stack', anonVma: false, growsDown: true, name: '[stack]' };
  mm.vmas = insertVma(mm.vmas, stackVma).list;
  mm.hiwaterRss = mm.rss;

  const cpu = new CpuState();
  initUserRegs(cpu, mm);
  cpu.pc = Number(f.entry);
  k.withMm(mm, cpu, () => {
    const sp = buildStack(k, argv, envp, f);
    cpu.setXBig(SP, sp);
  });
  return { mm, cpu };
}

/** System registers of a fresh EL0 context (Linux's defaults after execve). */
export function initUserRegs(cpu: CpuState, mm: Mm): void {
  cpu.ttbr0Base = mm.rootPa;
  cpu.asid = mm.asid;
  cpu.mairLo = MAIR_LO;
  cpu.mairHi = MAIR_HI;
  // TCR_EL1: T0SZ = 16, TG0 = 4 KiB, TBI0 = 1 (bit 37), AS = 1 (bit 36, 16-bit ASIDs), EPD1 = 1 (bit 23)
  cpu.tcrLo = 16 | (1 << 23);
  cpu.tcrHi = (1 << (37 - 32)) | (1 << (36 - 32));
  // SCTLR_EL1: M = 1, SA0 = 1 (bit 4: SP alignment checked at EL0, as Linux sets it), DZE = 1
  // (EL0 may DC ZVA), ATA0 = 1 (bit 42), TCF0 = 0 (no tag checks until prctl)
  cpu.sctlrLo = 1 | (1 << 4) | (1 << 14);
  cpu.sctlrHi = 1 << (42 - 32);
  // GCR_EL1: RRND = 1, Exclude = 0xffff (include mask 0: IRG gives tag 0), as Linux resets it
  cpu.gcr = (1 << 16) | 0xffff;
  cpu.rgsr = 0x1234 << 8;
  cpu.tco = 0;
}

/** Lay out argv/envp strings, AT_RANDOM bytes and the pointer arrays; returns the initial sp. */
function buildStack(k: Kernel, argv: string[], envp: string[], f: ReturnType<typeof readElf>): bigint {
  const enc = new TextEncoder();
  let sp = BigInt(STACK_TOP);
  const push = (bytes: Uint8Array): bigint => {
    sp -= BigInt(bytes.length);
    if (!copyOut(k, sp, bytes)) throw new ExecError('cannot write the initial stack');
    return sp;
  };
  const strAddr = (s: string) => push(enc.encode(s + '\0'));
  const envAddrs = envp.map(strAddr).reverse().reverse();
  const argAddrs = argv.map(strAddr);
  const execfn = argAddrs[0] ?? 0n;
  sp &= ~15n;
  // AT_RANDOM: 16 deterministic bytes derived from the seed
  const rnd = new Uint8Array(16);
  let x = k.seed >>> 0 || 1;
  for (let i = 0; i < 16; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    rnd[i] = x & 0xff;
  }
  const randomAddr = push(rnd);
  sp &= ~15n;
  const phdr = f.segments.length ? phdrAddr(f) : 0n;
  const aux: [number, bigint][] = [
    [AT.AT_HWCAP, BigInt(HWCAP_FP | HWCAP_ASIMD)],
    [AT.AT_PAGESZ, BigInt(PAGE_SIZE)],
    [AT.AT_CLKTCK, 100n],
    [AT.AT_PHDR, phdr],
    [AT.AT_PHENT, 56n],
    [AT.AT_PHNUM, BigInt(f.segments.length)],
    [AT.AT_BASE, 0n],
    [AT.AT_FLAGS, 0n],
    [AT.AT_ENTRY, f.entry],
    [AT.AT_UID, 0n], [AT.AT_EUID, 0n], [AT.AT_GID, 0n], [AT.AT_EGID, 0n],
    [AT.AT_SECURE, 0n],
    [AT.AT_RANDOM, randomAddr],
    [AT.AT_HWCAP2, BigInt(HWCAP2_MTE)],
    [AT.AT_EXECFN, execfn],
    [AT.AT_NULL, 0n],
  ];
  const words: bigint[] = [BigInt(argv.length), ...argAddrs, 0n, ...envAddrs, 0n];
  for (const [t, v] of aux) words.push(BigInt(t), v);
  const total = words.length * 8;
  sp = (sp - BigInt(total)) & ~15n;
  const buf = new DataView(new ArrayBuffer(total));
  words.forEach((w, i) => buf.setBigUint64(i * 8, BigInt.asUintN(64, w), true));
  if (!copyOut(k, sp, new Uint8Array(buf.buffer))) throw new ExecError('cannot write the initial stack');
  return sp;
}

/** VA of the program headers: inside the first PT_LOAD that covers file offset e_phoff (64). */
function phdrAddr(f: ReturnType<typeof readElf>): bigint {
  for (const s of f.segments) if (s.type === PT_LOAD && s.offset === 0) return s.vaddr + 64n;
  return 0n;
}

