// The kernel's memory operations: everything the kernel does to physical
// memory (descriptor reads and writes, page clearing, pattern fills,
// copies, tag setting) goes through here, onto the same PhysMem the
// interpreter uses. Each operation reports itself to a cost sink, so the
// timing model charges kernel work through the same caches as user code
// (DESIGN.md "The kernel executes against emulated memory").
//
// The sink also receives the fixed kernel path costs (exception entry,
// syscall dispatch, VMA lookup, TLBI...) named in kernel/costs.ts.

import type { PhysMem } from '../emulator/memory.ts';
import type { Desc } from './pagetable.ts';
import { PAGE_SIZE } from './layout.ts';

/** Kinds of kernel memory work, as the timing model sees them. */
export type KMemOp =
  | 'descRead' | 'descWrite'
  | 'zeroPage' | 'fillPage' | 'copyPage' | 'copyPageTags' | 'gzvaPage' | 'clearTags' | 'setTags'
  | 'copyFromUser' | 'copyToUser';

/** Fixed-cost kernel events (kernel/costs.ts documents them). */
export type KEvent =
  | 'excEntry' | 'excReturn' | 'syscall' | 'vmaLookup' | 'pageAlloc' | 'pageFree' | 'rssAccount'
  | 'tlbiPage' | 'tlbiAsid' | 'dsb' | 'faultPath' | 'mmapPath' | 'munmapPath' | 'iterExtra' | 'signalDeliver' | 'contextSwitch' | 'forkPath';

export interface KernelCostSink {
  /** Memory work over [pa, pa + bytes); `tagged` when allocation tags are read or written too. */
  mem(op: KMemOp, pa: number, bytes: number, src?: number): void;
  event(e: KEvent, n?: number): void;
}

/** A sink that only counts (the `none` timing model, and tests). */
export class CountingSink implements KernelCostSink {
  readonly memOps: Record<string, number> = {};
  readonly memBytes: Record<string, number> = {};
  readonly events: Record<string, number> = {};
  mem(op: KMemOp, _pa: number, bytes: number): void {
    this.memOps[op] = (this.memOps[op] ?? 0) + 1;
    this.memBytes[op] = (this.memBytes[op] ?? 0) + bytes;
  }
  event(e: KEvent, n = 1): void {
    this.events[e] = (this.events[e] ?? 0) + n;
  }
}

export class KernelMem {
  readonly mem: PhysMem;
  sink: KernelCostSink;

  constructor(mem: PhysMem, sink: KernelCostSink = new CountingSink()) {
    this.mem = mem;
    this.sink = sink;
  }

  readDesc(pa: number, d: Desc): void {
    this.sink.mem('descRead', pa, 8);
    d.lo = this.mem.read32(pa) | 0;
    d.hi = this.mem.read32(pa + 4) | 0;
  }

  /** A descriptor read that costs nothing (teardown bookkeeping the real kernel does from struct page). */
  readDescQuiet(pa: number, d: Desc): void {
    d.lo = this.mem.read32(pa) | 0;
    d.hi = this.mem.read32(pa + 4) | 0;
  }

  writeDesc(pa: number, d: Desc): void {
    this.sink.mem('descWrite', pa, 8);
    this.mem.write64(pa, d.lo, d.hi);
  }

  /** clear_page: DC ZVA over the page (data only; tags untouched). */
  zeroPage(pa: number): void {
    this.sink.mem('zeroPage', pa, PAGE_SIZE);
    this.mem.zeroPage(pa);
  }

  /** memset of the page with `byte` (refpage PATTERN). */
  fillPage(pa: number, byte: number): void {
    this.sink.mem('fillPage', pa, PAGE_SIZE);
    this.mem.fillPage(pa, byte);
  }

  /** copy_page (and, with tags, mte_copy_page_tags). */
  copyPage(dst: number, src: number, withTags: boolean): void {
    this.sink.mem(withTags ? 'copyPageTags' : 'copyPage', dst, PAGE_SIZE, src);
    this.mem.copyPage(dst, src, withTags);
  }

  /** mte_zero_set_page_tags: DC GZVA over the page with `tag` (zero data, set every granule's tag). */
  gzvaPage(pa: number, tag: number): void {
    this.sink.mem('gzvaPage', pa, PAGE_SIZE);
    this.mem.gzvaBlock(pa, PAGE_SIZE, tag);
  }

  /** mte_clear_page_tags: DC GVA-style tag clear of the page. */
  clearTagsPage(pa: number): void {
    this.sink.mem('clearTags', pa, PAGE_SIZE);
    this.mem.clearTagsPage(pa);
  }

  setTags(pa: number, len: number, tag: number): void {
    this.sink.mem('setTags', pa, len);
    this.mem.setTags(pa, len, tag);
  }

  event(e: KEvent, n = 1): void {
    this.sink.event(e, n);
  }
}
