// Timing models (STYLE §9: a swappable model, not costs sprinkled through
// handlers). The machine calls a model at a few points: each retired user
// instruction, each user data access (after translation), tag-storage and
// DC ZVA line operations, instruction fetch of a new line, and kernel
// entry/exit. The kernel reports its memory work and fixed path events
// through the KernelCostSink interface, which every model implements, so
// kernel work is charged through the same caches as user code.
//
//   none      no model at all: the machine's hooks are null, the kernel
//             sink only counts (TimingModel is not constructed)
//   simple    CPI = 1, every memory access costs a fixed latency, kernel
//             events cost their table value, kernel memory work a fixed
//             cost per line
//   detailed  the core model (core.ts) + caches, TLBs and tag storage
//             (hierarchy.ts, tlb.ts) + the kernel cost table

import type { KEvent, KMemOp, KernelCostSink } from '../../kernel/kmem.ts';
import type { PhysMem } from '../memory.ts';
import { Core, type CoreProfile } from './core.ts';
import { MemHierarchy, type MemProfile } from './hierarchy.ts';
import { Tlb, WalkCache } from './tlb.ts';

/** Fixed kernel path costs in cycles (the profile's `kernel.*` parameters). */
export type KernelCosts = Readonly<Record<KEvent, number>>;

export interface Profile {
  name: string;
  core: CoreProfile;
  mem: MemProfile;
  kernel: KernelCosts;
  tlb: { l1Entries: number; l1Ways: number; l2Entries: number; l2Ways: number; l2Latency: number; walkCacheEntries: number; walkCacheWays: number };
  /** Kernel memory loops: bytes per cycle of a hot kernel memset/copy (stp q pairs at the L1 write width). */
  kernelStoreBytesPerCycle: number;
  /** simple model: fixed cycles per memory access. */
  simpleMemLatency: number;
}

export interface TimingModel extends KernelCostSink {
  readonly kind: 'simple' | 'detailed';
  readonly profile: Profile;
  /** Cycles so far (user + kernel). */
  cycles(): number;
  readonly userCycles: number;
  readonly kernelCycles: number;
  /** A user data access that passed translation. vpn = VA[55:12], asid of the access. */
  data(vpn: number, pa: number, size: number, write: boolean, tagChecked: boolean): void;
  tagRead(pa: number): void;
  tagWrite(pa: number): void;
  zeroLine(pa: number): void;
  /** Instruction fetch of VA page `vpn` at pa (called when the PC enters a new cache line). */
  fetch(vpn: number, pa: number): void;
  /** One retired user instruction (e: its predecoded entry). */
  retire(e: Int32Array, at: number, pc: number, nextPc: number): void;
  enterKernel(): void;
  exitKernel(): void;
  /** Mirror a TLB invalidation into the model's TLBs. */
  tlbInvalidate(kind: 'va' | 'vaAllAsid' | 'asid' | 'all', va: number, span: number, asid: number): void;
  /** Current ASID (the model's TLBs are tagged with it). */
  asid: number;
  counters(): Record<string, number>;
}

const LINE = 64;

/** The detailed model. */
export class DetailedModel implements TimingModel {
  readonly kind = 'detailed' as const;
  readonly profile: Profile;
  readonly core: Core;
  readonly hier: MemHierarchy;
  private readonly dtlb: Tlb;
  private readonly itlb: Tlb;
  private readonly l2tlb: Tlb;
  /** Table descriptors of levels 0-2 (a walk that hits reads fewer descriptors). */
  private readonly walkCache: WalkCache;
  private readonly phys: PhysMem;
  private readonly ttbr0: () => number;
  private curAsid = 0;

  get asid(): number {
    return this.curAsid;
  }

  /** A context switch: the one-entry translation memo belongs to the old address space. */
  set asid(a: number) {
    this.curAsid = a;
    this.lastDVpn = -1;
  }
  private inKernel = false;
  /** The kernel's timeline while it runs (cycles). */
  private know = 0;
  kernelCycles = 0;
  private kernelStart = 0;
  private readonly ev: Record<string, number> = {};
  private readonly evCyclesKey: Partial<Record<KEvent, string>> = {};
  private readonly kmemCycles: Record<string, number> = {};
  walks = 0;
  private readonly walkPa = new Float64Array(4);
  private readonly storeBytes: number;
  private readonly zvaCost: number;
  /** Kernel full-line stores done in write streaming mode (streamLine). */
  private streamLines = 0;

  constructor(profile: Profile, phys: PhysMem, ttbr0: () => number) {
    this.profile = profile;
    this.core = new Core(profile.core);
    this.hier = new MemHierarchy(profile.mem);
    const t = profile.tlb;
    this.dtlb = new Tlb({ name: 'L1 DTLB', entries: t.l1Entries, ways: t.l1Ways, policy: 'lru' });
    this.itlb = new Tlb({ name: 'L1 ITLB', entries: t.l1Entries, ways: t.l1Ways, policy: 'lru' });
    this.l2tlb = new Tlb({ name: 'L2 TLB', entries: t.l2Entries, ways: t.l2Ways, policy: 'lru' });
    this.walkCache = new WalkCache({ name: 'walk cache', entries: t.walkCacheEntries, ways: t.walkCacheWays, policy: 'lru' });
    this.phys = phys;
    this.ttbr0 = ttbr0;
    this.storeBytes = profile.core.storeBytesPerCycle;
    this.zvaCost = profile.mem.zvaCyclesPerLine;
  }

  cycles(): number {
    return this.inKernel ? this.know : Math.max(this.core.horizon, this.know);
  }

  private now(): number {
    return this.inKernel ? this.know : this.core.horizon;
  }

  // ------------------------------------------------------------ translation

  /** Last data page translated (a repeat is an L1 DTLB hit without a lookup). */
  private lastDVpn = -1;

  /** Cycles a translation of vpn costs beyond an L1 TLB hit (L2 TLB, walk). */
  private translate(tlb: Tlb, vpn: number, now: number): number {
    if (tlb.lookup(vpn, this.curAsid)) return 0;
    let cost = this.profile.tlb.l2Latency;
    if (!this.l2tlb.lookup(vpn, this.curAsid)) {
      this.walks++;
      const n = this.walkAddrs(vpn);
      // the walk cache holds table descriptors: a hit skips the levels above
      const first = this.walkCache.walkStart(vpn * 4096, this.curAsid, 0, n - 1);
      for (let i = first; i < n; i++) cost += this.hier.walkRead(this.walkPa[i]!, now + cost);
      this.l2tlb.fill(vpn, this.curAsid, false);
    }
    tlb.fill(vpn, this.curAsid, false);
    return cost;
  }

  /** Descriptor PAs a walk of vpn reads (from the tables in memory, no side effects). */
  private walkAddrs(vpn: number): number {
    let table = this.ttbr0();
    let n = 0;
    for (let level = 0; level < 4; level++) {
      const idx = Math.floor(vpn / 2 ** (27 - 9 * level)) % 512;
      const pa = table + idx * 8;
      this.walkPa[n++] = pa;
      if (level === 3) break;
      const lo = this.phys.read32(pa);
      if ((lo & 3) !== 3) break;
      table = (this.phys.read32(pa + 4) & 0xffff) * 4294967296 + (lo & ~0xfff >>> 0);
      table = table - (table % 4096);
    }
    return n;
  }

  // ------------------------------------------------------------ user side

  data(vpn: number, pa: number, size: number, write: boolean, tagChecked: boolean): void {
    const now = this.core.horizon;
    let tlbCost = 0;
    if (vpn === this.lastDVpn) this.dtlb.hits++;
    else {
      tlbCost = this.translate(this.dtlb, vpn, now);
      this.lastDVpn = vpn;
    }
    const c = this.core;
    if (size === 0) {
      // translation only (STG family, DC ops): the tag/ZVA hooks charge the access
      if (write) c.storeOccupancy += tlbCost;
      else if (tlbCost > c.memLatency) c.memLatency = tlbCost;
      return;
    }
    if (write) {
      // The store reaches L1 when the store buffer has drained the stores
      // before it: its occupancy (e.g. the wait for a line fill buffer) is
      // measured from then, because the core adds it to that drain time.
      // (Measuring it from the horizon counted a wait the earlier stores
      // had already paid again, serialising a stream of missing stores at
      // one full miss latency each.)
      const at = Math.max(now + tlbCost, c.storeDrainAt);
      let occ = this.hier.store(pa, size, at);
      if (tagChecked) occ = Math.max(occ, this.hier.tagRead(pa, at));
      const bw = size <= this.storeBytes ? 1 : Math.ceil(size / this.storeBytes);
      c.storeOccupancy += Math.max(occ, bw) + tlbCost;
    } else {
      let lat = this.hier.load(pa, size, now + tlbCost);
      if (tagChecked) lat = Math.max(lat, this.hier.tagRead(pa, now + tlbCost));
      const total = lat + tlbCost;
      if (total > c.memLatency) c.memLatency = total;
    }
  }

  tagRead(pa: number): void {
    const lat = this.hier.tagRead(pa, this.core.horizon);
    if (lat > this.core.memLatency) this.core.memLatency = lat;
  }

  tagWrite(pa: number): void {
    const c = this.core;
    c.storeOccupancy += this.hier.tagWrite(pa, Math.max(c.horizon, c.storeDrainAt + c.storeOccupancy));
  }

  zeroLine(pa: number): void {
    const c = this.core;
    c.storeOccupancy += this.hier.zeroLine(pa, Math.max(c.horizon, c.storeDrainAt + c.storeOccupancy));
  }

  fetch(vpn: number, pa: number): void {
    const now = this.core.horizon;
    const tlb = this.translate(this.itlb, vpn, now);
    const lat = this.hier.fetch(pa, now) + tlb;
    // an L1I hit is absorbed by the front end; anything slower stalls dispatch
    const hit = this.profile.mem.l1i.latency;
    if (lat > hit) this.core.fetchDelay(lat - hit);
  }

  retire(e: Int32Array, at: number, pc: number, nextPc: number): void {
    this.core.account(e, at, pc, nextPc);
  }

  // ------------------------------------------------------------ kernel side

  /** User cycles: everything that is not kernel. */
  get userCycles(): number {
    return this.cycles() - this.kernelCycles;
  }

  enterKernel(): void {
    if (this.inKernel) return;
    const t = this.core.drain();
    this.inKernel = true;
    this.know = t;
    this.kernelStart = t;
  }

  exitKernel(): void {
    if (!this.inKernel) return;
    this.inKernel = false;
    this.kernelCycles += this.know - this.kernelStart;
    this.core.resume(this.know);
  }

  event(e: KEvent, n = 1): void {
    const c = (this.profile.kernel[e] ?? 0) * n;
    this.ev[e] = (this.ev[e] ?? 0) + n;
    // the `${e}Cycles` key, built once per event kind (not a new string per event)
    const ck = this.evCyclesKey[e] ?? (this.evCyclesKey[e] = `${e}Cycles`);
    this.ev[ck] = (this.ev[ck] ?? 0) + c;
    this.charge(c);
  }

  private charge(c: number): void {
    if (this.inKernel) this.know += c;
    else {
      // kernel work outside a trap (process setup): it happens before user code runs
      this.know = Math.max(this.know, this.core.horizon) + c;
      this.core.resume(this.know);
      this.kernelCycles += c;
    }
  }

  mem(op: KMemOp, pa: number, bytes: number, src?: number): void {
    const start = this.now();
    let t = start;
    const bw = this.profile.kernelStoreBytesPerCycle;
    const lineCost = Math.ceil(LINE / bw);
    switch (op) {
      case 'descRead':
        t += this.hier.load(pa, 8, t);
        break;
      case 'descWrite':
        t += Math.max(1, this.hier.store(pa, 8, t));
        break;
      case 'zeroPage':
        for (let a = pa; a < pa + bytes; a += LINE) t += this.hier.zeroLine(a, t);
        break;
      case 'gzvaPage':
        for (let a = pa; a < pa + bytes; a += LINE) t += Math.max(this.hier.zeroLine(a, t), this.hier.tagWrite(a, t));
        break;
      case 'fillPage':
        // memset of a whole page: full-line stores in write streaming mode
        for (let a = pa; a < pa + bytes; a += LINE) t += this.streamLine(a, t, lineCost);
        break;
      case 'copyToUser':
      case 'setTags':
        if (op === 'setTags') {
          for (let a = pa; a < pa + bytes; a += LINE * 32) t += this.hier.tagWrite(a, t);
          break;
        }
        for (let a = pa - (pa % LINE); a < pa + bytes; a += LINE) t += Math.max(lineCost, this.hier.store(a, LINE, t));
        break;
      case 'clearTags':
        for (let a = pa; a < pa + bytes; a += LINE * 32) t += this.hier.tagWrite(a, t);
        break;
      case 'copyPage':
      case 'copyPageTags':
      case 'copyFromUser': {
        const s = src ?? pa;
        for (let off = 0; off < bytes; off += LINE) {
          // a streaming copy overlaps the load of the next line with the store of this one
          const ld = this.hier.load(s + off, LINE, t) / this.profile.mem.fillBuffers;
          const st = op === 'copyFromUser' ? 0 : this.streamLine(pa + off, t, lineCost);
          t += Math.max(lineCost, ld, st);
          if (op === 'copyPageTags' && off % (LINE * 32) === 0) t += this.hier.tagRead(s + off, t) + this.hier.tagWrite(pa + off, t);
        }
        break;
      }
    }
    const c = t - start;
    this.kmemCycles[op] = (this.kmemCycles[op] ?? 0) + c;
    this.charge(c);
  }

  /**
   * One full-line store of a kernel page fill or copy, at time t: cycles
   * until the next line can go. Write streaming mode (Cortex-A76 TRM
   * §A6.2.6; A55 TRM "Write streaming mode"; A53/A57/A72 "read allocate
   * mode"; the A75 TRM was not retrieved): once the L1 sees whole lines
   * being written, a store miss no longer starts a line fill — the line is
   * written without being read. The hierarchy's zeroLine() is exactly that
   * (allocate dirty, no fill; victims and back-pressure as usual); its
   * DC ZVA cost per line is replaced by the store path's lineCost.
   * Modelling choice: every line streams (the hardware needs a few lines to
   * detect the stream; the threshold is configurable and not published).
   */
  private streamLine(a: number, t: number, lineCost: number): number {
    this.streamLines++;
    return Math.max(lineCost, this.hier.zeroLine(a, t) - this.zvaCost + lineCost);
  }

  tlbInvalidate(kind: 'va' | 'vaAllAsid' | 'asid' | 'all', va: number, span: number, asid: number): void {
    this.lastDVpn = -1;
    for (const t of [this.dtlb, this.itlb, this.l2tlb]) {
      if (kind === 'all') t.invalidateAll();
      else if (kind === 'asid') t.invalidateAsid(asid);
      else for (let p = 0; p < span; p += 4096) t.invalidateVa(Math.floor((va + p) / 4096), kind === 'va' ? asid : -1);
    }
    // By-VA invalidations are last-level ones (TLBI VALE1IS: Linux's munmap
    // flush when no page-table page is freed, and our kernel frees tables
    // only with the whole address space), so cached table descriptors stay;
    // by-ASID and global invalidations drop them.
    if (kind === 'all') this.walkCache.invalidateAll();
    else if (kind === 'asid') this.walkCache.invalidateAsid(asid);
  }

  counters(): Record<string, number> {
    const c = this.core;
    const out: Record<string, number> = {
      cycles: this.cycles(),
      userCycles: this.userCycles,
      kernelCycles: this.kernelCycles,
      instructions: c.instructions,
      branches: c.branches,
      branchMisses: c.mispredicts,
      tlbWalks: this.walks,
      walkCacheHits: this.walkCache.hits,
      walkCacheMisses: this.walkCache.misses,
      kernelStreamLines: this.streamLines,
      dtlbHits: this.dtlb.hits, dtlbMisses: this.dtlb.misses,
      itlbHits: this.itlb.hits, itlbMisses: this.itlb.misses,
      l2tlbHits: this.l2tlb.hits, l2tlbMisses: this.l2tlb.misses,
    };
    for (const [k, v] of Object.entries(c.stalls)) out[`stall.${k}`] = v;
    for (const [k, v] of Object.entries(this.hier.counters())) out[`mem.${k}`] = v as number;
    for (const [k, v] of Object.entries(this.ev)) out[`kernel.${k}`] = v;
    for (const [k, v] of Object.entries(this.kmemCycles)) out[`kernel.mem.${k}Cycles`] = v;
    return out;
  }
}

/** The simple model: CPI 1 plus a fixed latency per memory access; kernel costs from the table. */
export class SimpleModel implements TimingModel {
  readonly kind = 'simple' as const;
  readonly profile: Profile;
  asid = 0;
  private c = 0;
  private kStart = 0;
  private inKernel = false;
  userCycles = 0;
  kernelCycles = 0;
  private insns = 0;
  private memAccesses = 0;

  constructor(profile: Profile) {
    this.profile = profile;
  }

  cycles(): number {
    return this.c;
  }

  data(): void {
    this.memAccesses++;
    this.c += this.profile.simpleMemLatency;
    this.userCycles += this.profile.simpleMemLatency;
  }

  tagRead(): void {}
  tagWrite(): void {}
  zeroLine(): void {}
  fetch(): void {}

  /** CPI = 1: every retired instruction costs one cycle, whatever it is. */
  retire(): void {
    this.insns++;
    this.c += 1;
    this.userCycles += 1;
  }

  enterKernel(): void {
    this.inKernel = true;
    this.kStart = this.c;
  }

  exitKernel(): void {
    if (this.inKernel) this.kernelCycles += this.c - this.kStart;
    this.inKernel = false;
  }

  event(e: KEvent, n = 1): void {
    this.c += (this.profile.kernel[e] ?? 0) * n;
    if (!this.inKernel) this.kernelCycles += (this.profile.kernel[e] ?? 0) * n;
  }

  mem(_op: KMemOp, _pa: number, bytes: number): void {
    const c = Math.ceil(bytes / LINE) * this.profile.simpleMemLatency;
    this.c += c;
    if (!this.inKernel) this.kernelCycles += c;
  }

  tlbInvalidate(): void {}

  counters(): Record<string, number> {
    return { cycles: this.c, userCycles: this.userCycles, kernelCycles: this.kernelCycles, instructions: this.insns, memAccesses: this.memAccesses };
  }
}
