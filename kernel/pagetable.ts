// AArch64 stage-1 page tables, built by the kernel in emulated physical
// memory and walked there by the MMU (xv6 vm.c, for the VMSAv8-64 format).
//
// A 48-bit VA with the 4 KiB granule splits as (Arm ARM D8.2):
//   47..39  L0 index (9 bits)      38..30  L1 index
//   29..21  L2 index               20..12  L3 index     11..0 page offset
// Table descriptors (L0-L2): bits[1:0] = 0b11, next table PA in [47:12].
// Page descriptors (L3): bits[1:0] = 0b11 and the attributes below.
// We only build 4 KiB pages (no blocks: THP does not apply to refpage VMAs,
// and the seed's anonymous mappings are 4 MB, not 2 MiB-aligned).
//
// Descriptors are handled as 32-bit halves (lo = bits 31:0, hi = 63:32).
// All descriptor reads and writes go through KernelMem so the timing
// model charges them like any other memory access.

import type { KernelMem } from './kmem.ts';
import type { PageAllocator } from './kalloc.ts';
import { PG } from './kalloc.ts';
import { PAGE_SIZE } from './layout.ts';

// ---- lower attributes (bits 11:2), Arm ARM D8.3.2
export const PTE_VALID_PAGE = 0b11;
export const PTE_ATTRINDX_SHIFT = 2;
/** AP[1]: EL0 access. */
export const PTE_AP_USER = 1 << 6;
/** AP[2]: read-only. */
export const PTE_AP_RDONLY = 1 << 7;
/** SH = 0b11, inner shareable. */
export const PTE_SH_INNER = 3 << 8;
export const PTE_AF = 1 << 10;
export const PTE_NG = 1 << 11;
// ---- upper attributes, as bits of the high half (bit n of the descriptor = bit n-32 of hi)
export const PTE_HI_PXN = 1 << (53 - 32);
export const PTE_HI_UXN = 1 << (54 - 32);
/** Software bits (Linux arm64 pgtable-hwdef.h / pgtable-prot.h): dirty 55, special 56. */
export const PTE_HI_DIRTY = 1 << (55 - 32);
export const PTE_HI_SPECIAL = 1 << (56 - 32);

/** A descriptor as halves. Functions that produce one fill a caller's object (no allocation). */
export class Desc {
  lo = 0;
  hi = 0;
}

export function descValid(d: Desc): boolean {
  return (d.lo & 3) === 3;
}

/** Output/next-table address of a descriptor (bits 47:12). */
export function descAddr(d: Desc): number {
  return (d.hi & 0xffff) * 4294967296 + ((d.lo & ~0xfff) >>> 0);
}

export function setDescAddr(d: Desc, pa: number): void {
  d.lo = ((d.lo & 0xfff) | (pa % 4294967296 & ~0xfff)) | 0;
  d.hi = (d.hi & ~0xffff) | Math.floor(pa / 4294967296);
}

export interface PteProt {
  /** EL0 may write (AP[2] = 0). */
  write: boolean;
  /** EL0 may execute (UXN = 0). */
  exec: boolean;
  /** Normal-Tagged (PROT_MTE) or Normal. */
  tagged: boolean;
}

/**
 * Build a user L3 page descriptor for `pa` into d. User pages are non-global
 * (nG, so ASIDs separate processes), PXN (the kernel never executes user
 * code), access flag set (we do not emulate AF faults for user pages).
 */
export function makeUserPte(d: Desc, pa: number, prot: PteProt, special: boolean): void {
  const attr = prot.tagged ? 1 : 0; // MT_NORMAL_TAGGED : MT_NORMAL (layout.ts)
  d.lo = PTE_VALID_PAGE | (attr << PTE_ATTRINDX_SHIFT) | PTE_AP_USER | PTE_SH_INNER | PTE_AF | PTE_NG;
  if (!prot.write) d.lo |= PTE_AP_RDONLY;
  d.hi = PTE_HI_PXN | (prot.exec ? 0 : PTE_HI_UXN) | (special ? PTE_HI_SPECIAL : 0) | (prot.write ? PTE_HI_DIRTY : 0);
  setDescAddr(d, pa);
}

export function pteWritable(d: Desc): boolean {
  return (d.lo & PTE_AP_RDONLY) === 0;
}

export function pteSpecial(d: Desc): boolean {
  return (d.hi & PTE_HI_SPECIAL) !== 0;
}

export function pteTagged(d: Desc): boolean {
  return ((d.lo >>> PTE_ATTRINDX_SHIFT) & 7) === 1;
}

/** Index of `va` at `level` (0..3). */
export function ptIndex(va: number, level: number): number {
  return Math.floor(va / 2 ** (39 - 9 * level)) % 512;
}

const scratch = new Desc();
/** Level (0-2) of the invalid descriptor that made the last walk without alloc return -1. */
let missLevel = 2;

/**
 * Walk the tables rooted at `rootPa` to the L3 descriptor for `va` and
 * return its PA; with `alloc`, missing intermediate tables are allocated
 * (zeroed, PG.table). Returns -1 when a table is missing and !alloc (see
 * nextAfterMiss), or when allocation fails. va must be below 2^48.
 */
export function walk(km: KernelMem, pages: PageAllocator, rootPa: number, va: number, alloc: boolean): number {
  let table = rootPa;
  for (let level = 0; level < 3; level++) {
    const slot = table + ptIndex(va, level) * 8;
    km.readDesc(slot, scratch);
    if (descValid(scratch)) {
      table = descAddr(scratch);
      continue;
    }
    if (!alloc) {
      missLevel = level;
      return -1;
    }
    const pfn = pages.alloc(PG.table);
    if (pfn < 0) return -1;
    const pa = pfn * PAGE_SIZE;
    km.zeroPage(pa);
    scratch.lo = 0b11;
    scratch.hi = 0;
    setDescAddr(scratch, pa);
    km.writeDesc(slot, scratch);
    table = pa;
  }
  return table + ptIndex(va, 3) * 8;
}

/**
 * After walk(.., va, false) returned -1: the first VA above va that the
 * missing table entry does not cover (its 512 GiB, 1 GiB or 2 MiB span), so
 * loops over a sparse range skip what has no tables instead of trying
 * every page (a 2^47-byte VMA is 2^35 pages).
 */
export function nextAfterMiss(va: number): number {
  const span = 2 ** (39 - 9 * missLevel);
  return (Math.floor(va / span) + 1) * span;
}

/**
 * Free every page-table page below `rootPa` (and the root), after the user
 * pages have been unmapped. Descriptors are read to find the tables; the
 * leaf level is not visited.
 */
export function freeTables(km: KernelMem, pages: PageAllocator, rootPa: number): void {
  const d = new Desc();
  const rec = (pa: number, level: number): void => {
    if (level < 3) {
      for (let i = 0; i < 512; i++) {
        km.readDescQuiet(pa + i * 8, d);
        if (descValid(d)) rec(descAddr(d), level + 1);
      }
    }
    pages.put(pa / PAGE_SIZE);
  };
  rec(rootPa, 0);
}
