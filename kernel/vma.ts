// Virtual memory areas: the kernel's description of an address space
// (Linux's vm_area_struct list). A process's VMAs are an immutable, sorted
// array managed with immer: every change is made by `produceWithPatches`,
// so the debugger gets the patches as the "state changes" of a syscall
// (DESIGN.md "Kernel state changes are recorded"), and fork shares the
// array structurally instead of copying it.
//
// Invariants: sorted by start; non-overlapping; start and end page-aligned;
// start < end.

import { produceWithPatches, enablePatches, type Patch } from 'immer';
import { PROT_EXEC, PROT_MTE, PROT_READ, PROT_WRITE } from './abi.ts';

enablePatches();

export type VmaKind = 'elf' | 'heap' | 'stack' | 'anon' | 'refpage' | 'sigtramp';

export interface Vma {
  readonly start: number;
  readonly end: number;
  /** PROT_READ | PROT_WRITE | PROT_EXEC | PROT_MTE. */
  readonly prot: number;
  /** MAP_SHARED mapping (anonymous shared memory: pages shared across fork). */
  readonly shared: boolean;
  readonly kind: VmaKind;
  /** Reference page object id (kernel/refpage.ts) for refpage mappings. */
  readonly refpage?: number;
  /**
   * Linux's vma->anon_vma != NULL: some page of the VMA was written
   * (allocated). fork copies PTEs only of VMAs that have one.
   */
  readonly anonVma: boolean;
  /** Grows down on faults below start (the stack). */
  readonly growsDown: boolean;
  /** ELF segment name, '[heap]', '[stack]', '[refpage]'... */
  readonly name: string;
}

export type VmaList = readonly Vma[];

export interface VmaChange {
  list: VmaList;
  patches: Patch[];
}

/** The VMA containing va, or undefined (binary search). */
export function findVma(list: VmaList, va: number): Vma | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (va < v.start) hi = mid - 1;
    else if (va >= v.end) lo = mid + 1;
    else return v;
  }
  return undefined;
}

/** First VMA with end > va (the one containing va, or the next above it). */
export function findVmaFrom(list: VmaList, va: number): Vma | undefined {
  for (const v of list) if (v.end > va) return v;
  return undefined;
}

/** True when [start, end) intersects no VMA. */
export function rangeFree(list: VmaList, start: number, end: number): boolean {
  return !list.some((v) => v.start < end && start < v.end);
}

/** Insert a VMA (the range must be free). */
export function insertVma(list: VmaList, vma: Vma): VmaChange {
  const [next, patches] = produceWithPatches(list as Vma[], (d) => {
    let i = 0;
    while (i < d.length && d[i]!.start < vma.start) i++;
    d.splice(i, 0, vma);
  });
  return { list: next, patches };
}

/**
 * Apply `f` to the parts of VMAs inside [start, end): VMAs straddling a
 * boundary are split first (Linux __split_vma). `f` returns the new VMA
 * for a part, or null to remove it. Returns the new list and, for the
 * caller's PTE work, the parts as they were before; `remnants` are the
 * pieces left outside the range by a split: each is a new VMA, so the
 * caller takes a reference on its file (__split_vma: get_file).
 */
export function modifyRange(list: VmaList, start: number, end: number, f: (part: Vma) => Vma | null): VmaChange & { parts: Vma[]; remnants: Vma[] } {
  const parts: Vma[] = [];
  const remnants: Vma[] = [];
  const [next, patches] = produceWithPatches(list as Vma[], (d) => {
    const out: Vma[] = [];
    for (const v of d as Vma[]) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.start < start) {
        out.push({ ...v, end: start });
        remnants.push({ ...v, end: start });
      }
      const part = { ...v, start: Math.max(v.start, start), end: Math.min(v.end, end) };
      parts.push(part);
      const n = f(part);
      if (n) out.push(n);
      if (v.end > end) {
        out.push({ ...v, start: end });
        remnants.push({ ...v, start: end });
      }
    }
    d.length = 0;
    for (const v of out) d.push(v);
  });
  return { list: next, patches, parts, remnants };
}

/** Replace one VMA (found by start) with `vma`. */
export function replaceVma(list: VmaList, old: Vma, vma: Vma): VmaChange {
  const [next, patches] = produceWithPatches(list as Vma[], (d) => {
    const i = d.findIndex((v) => v.start === old.start);
    if (i < 0) throw new Error(`vma: replace of missing VMA at 0x${old.start.toString(16)}`);
    d[i] = vma;
  });
  return { list: next, patches };
}

/**
 * Highest free gap of `len` bytes that ends at or below `top` and starts at
 * or above `bottom` (Linux unmapped_area_topdown). Returns -1 when none.
 */
export function findGapTopDown(list: VmaList, len: number, bottom: number, top: number): number {
  let ceiling = top;
  for (let i = list.length - 1; i >= -1; i--) {
    const v = i >= 0 ? list[i]! : undefined;
    const floor = v ? v.end : bottom;
    if (v && v.start >= ceiling) continue;
    const hi = Math.min(ceiling, top);
    if (hi - Math.max(floor, bottom) >= len) return hi - len;
    if (!v) break;
    ceiling = v.start;
    if (ceiling <= bottom) break;
  }
  return -1;
}

export function protString(prot: number): string {
  return `${prot & PROT_READ ? 'r' : '-'}${prot & PROT_WRITE ? 'w' : '-'}${prot & PROT_EXEC ? 'x' : '-'}${prot & PROT_MTE ? 'm' : '-'}`;
}
