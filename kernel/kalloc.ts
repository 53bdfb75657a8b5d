// Physical page-frame allocator, for user pages, page tables, the zero
// page and reference pages (xv6 kalloc.c, with Linux's struct page facts
// the fault path needs: refcount, mapcount, PG_mte_tagged).
//
// Invariants:
// - A frame is free iff refcount == 0; free frames are on the free stack.
// - The free stack is LIFO, like Linux's per-CPU page lists: a page freed
//   by munmap is the next one handed out, which keeps runs deterministic
//   and lets the cache model see the reuse real kernels get.
// - Freed frames are poisoned (xv6: "fill with junk to catch dangling
//   refs") unless the caller knows it will overwrite them; poisoning is a
//   host-side debugging aid and costs no emulated cycles.
// - Frames below PHYS_RESERVED are never handed out.

import type { PhysMem } from '../emulator/memory.ts';
import { PAGE_SHIFT, PAGE_SIZE, PHYS_RESERVED } from './layout.ts';

/** Per-frame flags (Linux page flags we mirror). */
export const PG = {
  /** Allocation tags of the page are meaningful (arm64 PG_mte_tagged). */
  mteTagged: 1 << 0,
  /** A page-table page (not counted in RSS). */
  table: 1 << 1,
  /** Never freed: the zero page, the sigtramp page. */
  reserved: 1 << 2,
  /** A reference page (refpage_create). */
  refpage: 1 << 3,
  /**
   * A page of the program image (the ELF loader's page cache stand-in):
   * mapped, it counts as MM_FILEPAGES, not MM_ANONPAGES (Linux mm_counter()
   * decides by PageAnon). A copy-on-write copy of it is anonymous.
   */
  file: 1 << 4,
} as const;

export class PageAllocator {
  readonly mem: PhysMem;
  /** Number of frames, including the reserved low ones. */
  readonly nframes: number;
  /** References held (mappings' anon_vma pins, page tables, refpage files...). */
  readonly refcount: Int32Array;
  /** Number of user PTEs mapping the frame (Linux's _mapcount + 1). */
  readonly mapcount: Int32Array;
  readonly flags: Uint8Array;
  private readonly freeStack: Int32Array;
  private nfree = 0;
  /** Frames in use (for /proc-style reports and leak tests). */
  used = 0;
  /** Poison freed pages (host-side debugging aid, on by default). */
  poison = true;

  constructor(mem: PhysMem) {
    this.mem = mem;
    this.nframes = Math.floor(mem.size / PAGE_SIZE);
    this.refcount = new Int32Array(this.nframes);
    this.mapcount = new Int32Array(this.nframes);
    this.flags = new Uint8Array(this.nframes);
    this.freeStack = new Int32Array(this.nframes);
    // push high frames first so that allocation starts at the lowest frame
    const first = PHYS_RESERVED >> PAGE_SHIFT;
    for (let pfn = this.nframes - 1; pfn >= first; pfn--) this.freeStack[this.nfree++] = pfn;
  }

  get freeFrames(): number {
    return this.nfree;
  }

  /**
   * Allocate a frame with refcount 1. Its contents are whatever the last
   * user left (poison): callers clear or fill it through the kernel's memory
   * operations so the timing model charges the work. Returns -1 when
   * memory is exhausted (the caller turns it into ENOMEM or SIGKILL).
   */
  alloc(flags = 0): number {
    if (this.nfree === 0) return -1;
    const pfn = this.freeStack[--this.nfree]!;
    if (this.refcount[pfn] !== 0) throw new Error(`kalloc: free frame ${pfn} has refcount ${this.refcount[pfn]}`);
    this.refcount[pfn] = 1;
    this.mapcount[pfn] = 0;
    this.flags[pfn] = flags;
    this.used++;
    return pfn;
  }

  /** Take another reference to an allocated frame. */
  get(pfn: number): void {
    if (this.refcount[pfn]! <= 0) throw new Error(`kalloc: get of free frame ${pfn}`);
    this.refcount[pfn]!++;
  }

  /** Drop a reference; the frame is freed (and poisoned) when the last one goes. */
  put(pfn: number): void {
    const r = --this.refcount[pfn]!;
    if (r < 0) throw new Error(`kalloc: put of free frame ${pfn}`);
    if (r > 0) return;
    if (this.flags[pfn]! & PG.reserved) throw new Error(`kalloc: freeing reserved frame ${pfn}`);
    if (this.mapcount[pfn] !== 0) throw new Error(`kalloc: freeing frame ${pfn} still mapped ${this.mapcount[pfn]} times`);
    if (this.poison) this.mem.poisonPage(pfn * PAGE_SIZE);
    this.flags[pfn] = 0;
    this.freeStack[this.nfree++] = pfn;
    this.used--;
  }

  isTagged(pfn: number): boolean {
    return (this.flags[pfn]! & PG.mteTagged) !== 0;
  }
}

export const pfnToPa = (pfn: number): number => pfn * PAGE_SIZE;
export const paToPfn = (pa: number): number => Math.floor(pa / PAGE_SIZE);
