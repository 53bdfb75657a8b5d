// User address spaces: creating and freeing them, installing and zapping
// PTEs, TLB maintenance, fork's copy, and kernel access to user memory
// (xv6 vm.c's uvm* functions; Linux mm/memory.c zap_pte_range,
// copy_page_range, and arch/arm64 tlbflush.h).
//
// TLB policy (arch/arm64/include/asm/tlbflush.h, __flush_tlb_range): a
// change to a present PTE is followed by TLBI VAE1IS for each page when the
// range is under MAX_TLBI_OPS (= PTRS_PER_PTE = 512) pages, else by one
// TLBI ASIDE1IS for the whole address space; then DSB ISH. Installing a PTE
// where there was none needs no TLBI (invalid entries are not cached).

import { vaToHalves } from '../emulator/mmu.ts';
import { PROT_EXEC, PROT_MTE, PROT_WRITE, PR_TAGGED_ADDR_ENABLE } from './abi.ts';
import type { Kernel } from './kernel.ts';
import { PG } from './kalloc.ts';
import { PAGE_SIZE } from './layout.ts';
import { Desc, descAddr, descValid, freeTables, makeUserPte, nextAfterMiss, pteSpecial, pteWritable, walk } from './pagetable.ts';
import { Mm } from './proc.ts';
import type { Vma } from './vma.ts';

export const MAX_TLBI_OPS = 512;

const d = new Desc();

/** A new, empty address space: a zeroed L0 table and a fresh ASID. Returns null on ENOMEM. */
export function uvmCreate(k: Kernel): Mm | null {
  const pfn = k.pages.alloc(PG.table);
  if (pfn < 0) return null;
  k.km.zeroPage(pfn * PAGE_SIZE);
  return new Mm(pfn * PAGE_SIZE, k.allocAsid());
}

/** The descriptor as a BigInt, for the step log. */
export function descBig(x: Desc): bigint {
  return (BigInt(x.hi >>> 0) << 32n) | BigInt(x.lo >>> 0);
}

/**
 * Read the PTE for va into `out`; returns its PA, or -1 when no L3 table
 * exists (out is then invalid).
 */
export function readPte(k: Kernel, mm: Mm, va: number, out: Desc): number {
  const slot = walk(k.km, k.pages, mm.rootPa, va, false);
  if (slot < 0) {
    out.lo = 0;
    out.hi = 0;
    return -1;
  }
  k.km.readDesc(slot, out);
  return slot;
}

/** PTE protection for a VMA: writable only when the caller says so (CoW pages map read-only). */
export function vmaPteProt(vma: Vma, write: boolean): { write: boolean; exec: boolean; tagged: boolean } {
  return { write: write && (vma.prot & PROT_WRITE) !== 0, exec: (vma.prot & PROT_EXEC) !== 0, tagged: (vma.prot & PROT_MTE) !== 0 };
}

/**
 * Install a PTE for va -> pa in an empty slot (`slot` from walk with
 * alloc). `special` marks zero-page/refpage mappings: no page reference,
 * no mapcount, no RSS. Non-special installs take a mapcount and count RSS
 * (the caller passes the page reference it holds).
 */
export function installPte(k: Kernel, mm: Mm, slot: number, va: number, pa: number, vma: Vma, write: boolean, special: boolean): void {
  const before = k.log.on ? readBig(k, slot) : 0n;
  makeUserPte(d, pa, vmaPteProt(vma, write), special);
  k.km.writeDesc(slot, d);
  if (!special) {
    k.pages.mapcount[pa / PAGE_SIZE]!++;
    mmCounterAdd(k, mm, pa / PAGE_SIZE, 1);
    if (k.log.current) k.log.current.rssDelta++;
    k.km.event('rssAccount');
  }
  if (k.log.on) k.log.pte(va, before, descBig(d));
}

function readBig(k: Kernel, slot: number): bigint {
  const t = new Desc();
  k.km.readDescQuiet(slot, t);
  return descBig(t);
}

/** Flush TLB entries of mm for [start, end) per Linux's policy. */
export function flushTlbRange(k: Kernel, mm: Mm, start: number, end: number): void {
  const pages = (end - start) / PAGE_SIZE;
  if (pages <= 0) return;
  if (pages >= MAX_TLBI_OPS) {
    k.machine.mmu.tlbiAsid(mm.asid);
    k.km.event('tlbiAsid');
  } else {
    for (let va = start; va < end; va += PAGE_SIZE) k.machine.mmu.tlbiVaAsid(va, mm.asid);
    k.km.event('tlbiPage', pages);
  }
  k.km.event('dsb');
}

/**
 * Count a mapped page in mm's RSS (delta +1) or stop counting it (-1): as a
 * file page when it is one of the program image's (PG.file), else as an
 * anonymous page (Linux add_mm_counter(mm, mm_counter(page), delta)).
 */
export function mmCounterAdd(k: Kernel, mm: Mm, pfn: number, delta: number): void {
  if (k.pages.flags[pfn]! & PG.file) mm.filePages += delta;
  else mm.anonPages += delta;
}

/** Drop the page a (non-special) PTE maps: mapcount, reference, RSS. */
function dropMappedPage(k: Kernel, mm: Mm, pa: number): void {
  const pfn = pa / PAGE_SIZE;
  k.pages.mapcount[pfn]!--;
  mm.updateHiwater();
  mmCounterAdd(k, mm, pfn, -1);
  if (k.log.current) k.log.current.rssDelta--;
  k.pages.put(pfn);
  k.km.event('pageFree');
}

/**
 * Clear every PTE in [start, end) (page aligned): release mapped pages
 * (special zero/refpage PTEs hold no reference), then flush the TLB for
 * the range if anything was present (zap_page_range + tlb_finish_mmu).
 * Returns the number of present PTEs cleared.
 */
export function zapRange(k: Kernel, mm: Mm, start: number, end: number): number {
  let present = 0;
  let lo = -1;
  let hi = -1;
  for (let va = start; va < end; ) {
    const slot = walk(k.km, k.pages, mm.rootPa, va, false);
    if (slot < 0) {
      // no table below this entry: skip what it would cover
      va = nextAfterMiss(va);
      continue;
    }
    // walk the rest of this L3 table without re-walking
    const tableEnd = Math.min(end, (Math.floor(va / 0x200000) + 1) * 0x200000);
    for (let s = slot; va < tableEnd; va += PAGE_SIZE, s += 8) {
      k.km.readDesc(s, d);
      if (!descValid(d)) continue;
      const before = k.log.on ? descBig(d) : 0n;
      const pa = descAddr(d);
      const special = pteSpecial(d);
      d.lo = 0;
      d.hi = 0;
      k.km.writeDesc(s, d);
      if (k.log.on) k.log.pte(va, before, 0n);
      if (!special) dropMappedPage(k, mm, pa);
      present++;
      if (lo < 0) lo = va;
      hi = va + PAGE_SIZE;
    }
  }
  if (present > 0) flushTlbRange(k, mm, lo, hi);
  return present;
}

/**
 * Free an address space (exit_mmap): zap every VMA, drop each VMA's
 * reference on its refpage file (the last one frees the reference page),
 * free the tables, release the ASID.
 */
export function uvmFree(k: Kernel, mm: Mm): void {
  mm.updateHiwater();
  for (const v of mm.vmas) zapRange(k, mm, v.start, v.end);
  for (const v of mm.vmas) if (v.refpage !== undefined) k.putRefpageFile(v.refpage);
  mm.vmas = [];
  freeTables(k.km, k.pages, mm.rootPa);
  k.machine.mmu.tlbiAsid(mm.asid);
  k.releaseAsid(mm.asid);
}

/**
 * fork's address-space copy (dup_mmap / copy_page_range): every VMA is
 * duplicated (refpage VMAs take a file reference); PTEs are copied only
 * for VMAs that have an anon_vma (ever written) or are shared. Special
 * PTEs (zero page, refpage) are shared as they are; private anonymous pages
 * are write-protected in both parent and child and shared copy-on-write;
 * shared pages stay writable. Returns false on ENOMEM.
 */
export function uvmCopy(k: Kernel, parent: Mm, child: Mm): boolean {
  child.vmas = parent.vmas;
  child.brk = parent.brk;
  child.brkStart = parent.brkStart;
  child.mmapBase = parent.mmapBase;
  let wrprotected = false;
  // every child VMA holds its file reference from the start, so that
  // uvmFree of a half-copied child (ENOMEM) drops exactly these
  for (const v of parent.vmas) if (v.refpage !== undefined) k.refpageFile(v.refpage).refs++;
  for (const v of parent.vmas) {
    if (!v.anonVma && !v.shared && v.kind !== 'elf' && v.kind !== 'sigtramp') continue;
    for (let va = v.start; va < v.end; va += PAGE_SIZE) {
      const ps = walk(k.km, k.pages, parent.rootPa, va, false);
      if (ps < 0) {
        va = nextAfterMiss(va) - PAGE_SIZE;
        continue;
      }
      k.km.readDesc(ps, d);
      if (!descValid(d)) continue;
      const cs = walk(k.km, k.pages, child.rootPa, va, true);
      if (cs < 0) return false;
      if (!pteSpecial(d)) {
        const pfn = descAddr(d) / PAGE_SIZE;
        k.pages.get(pfn);
        k.pages.mapcount[pfn]!++;
        mmCounterAdd(k, child, pfn, 1);
        if (!v.shared && pteWritable(d)) {
          // write-protect in the parent too (ptep_set_wrprotect)
          d.lo |= 1 << 7;
          k.km.writeDesc(ps, d);
          wrprotected = true;
        }
      }
      k.km.writeDesc(cs, d);
    }
  }
  child.hiwaterRss = child.rss;
  // Linux flushes the parent's whole mm after copy_page_range write-protects it
  if (wrprotected) {
    k.machine.mmu.tlbiAsid(parent.asid);
    k.km.event('tlbiAsid');
  }
  return true;
}

// ---------------------------------------------------------------- user memory access

/**
 * Translate a user VA for a kernel access (uaccess), faulting pages in as
 * the user would (Linux's exception-table fixup runs the same fault path).
 * Returns the PA, or -1 for EFAULT. Tag checks do not apply to these
 * accesses (Linux checks uaccess tags only best-effort in sync mode).
 */
export function userPa(k: Kernel, va: bigint, write: boolean): number {
  const [lo, hi] = vaToHalves(va);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const r = k.machine.mmu.translate(lo, hi, write ? 'w' : 'r', true);
      // EL1 may access pages EL0 cannot; uaccess must honour EL0 permissions
      if (write ? !(r.el0Perms & 2) : !(r.el0Perms & 1)) throw null;
      return r.pa;
    } catch {
      if (attempt > 0) return -1;
      const ok = k.handleUserFault(va, write);
      if (!ok) return -1;
    }
  }
  return -1;
}

/**
 * access_ok on a user pointer (arm64 __range_ok): with the tagged address
 * ABI off (prctl PR_TAGGED_ADDR_ENABLE clear) a pointer with a non-zero top
 * byte is not a user address, so the syscall fails with EFAULT; with it on,
 * the tag is ignored (untagged_addr). Copies the kernel makes for itself
 * (exec, before any process runs) pass.
 */
export function uaccessOk(k: Kernel, va: bigint): boolean {
  if (BigInt.asUintN(64, va) >> 56n === 0n) return true;
  const p = k.current;
  return !p || (p.taggedAddrCtrl & PR_TAGGED_ADDR_ENABLE) !== 0;
}

/** copy_from_user: `len` bytes at user va, or null for EFAULT. */
export function copyIn(k: Kernel, va: bigint, len: number): Uint8Array | null {
  if (!uaccessOk(k, va)) return null;
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const a = va + BigInt(done);
    const pa = userPa(k, a, false);
    if (pa < 0) return null;
    const n = Math.min(len - done, PAGE_SIZE - (pa % PAGE_SIZE));
    out.set(k.machine.mem.readBytes(pa, n), done);
    k.km.sink.mem('copyFromUser', pa, n);
    done += n;
  }
  return out;
}

/** copy_to_user: returns false for EFAULT (bytes before the fault may have been written). */
export function copyOut(k: Kernel, va: bigint, bytes: Uint8Array): boolean {
  if (!uaccessOk(k, va)) return false;
  let done = 0;
  while (done < bytes.length) {
    const a = va + BigInt(done);
    const pa = userPa(k, a, true);
    if (pa < 0) return false;
    const n = Math.min(bytes.length - done, PAGE_SIZE - (pa % PAGE_SIZE));
    k.machine.mem.writeBytes(pa, bytes.subarray(done, done + n));
    k.machine.invalidateCode(pa);
    k.km.sink.mem('copyToUser', pa, n);
    done += n;
  }
  return true;
}

/** A NUL-terminated string from user memory (at most max bytes), or null for EFAULT. */
export function copyInString(k: Kernel, va: bigint, max = 4096): string | null {
  if (!uaccessOk(k, va)) return null;
  const parts: number[] = [];
  for (let i = 0; i < max; i++) {
    const pa = userPa(k, va + BigInt(i), false);
    if (pa < 0) return null;
    const b = k.machine.mem.read8(pa);
    if (b === 0) break;
    parts.push(b);
  }
  return new TextDecoder().decode(Uint8Array.from(parts));
}

