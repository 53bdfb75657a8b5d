// The memory-hierarchy half of the cycle model (issue "timing model", item 3;
// STYLE §8-9: timing only — data and tags live in emulator/memory.ts, the
// architectural translation in emulator/mmu.ts). The core model
// (timing/core.ts) and the composing model (timing/model.ts) call this for
// every load, store, fetch, DC ZVA, table-walk read and MTE tag access, and
// get back the latency in core cycles as seen by the requester.
//
// Structure
//   L1I, L1D (private) -> L2 (private, unified) -> L3 (shared, modelled for
//   one core) -> DRAM. Every cache is a timing/cache.ts Cache of 64-byte
//   lines. Geometry, latencies and bandwidths come from a MemProfile; the two
//   SDM845 profiles below cite CALIBRATION.md for every number.
//
// Time
//   `now` is the requester's current core cycle (a double; any origin, but
//   one clock for the lifetime of the hierarchy until flushAll()). Calls
//   need not come in time order (an out-of-order core issues out of order);
//   every queue takes max(now, free-at). Internally times are fractional
//   (the DRAM bus moves 2.65 B per core cycle, so a line occupies it for
//   24.15 cycles) and bus free-at times accumulate exactly; returned
//   latencies are whole cycles, rounded up (a 200 ns DRAM access at
//   825.6 MHz = 165.12 cycles is returned as 166). Same calls in the same
//   order give the same results (replacement randomness is seeded).
//
// What the returned number means
//   load, fetch, tagRead, walkRead: latency — cycles until the data can be
//     used (the core's scoreboard overlaps independent loads).
//   store, tagWrite, zeroLine: occupancy — cycles the requester is held
//     before its next store can go. A store that hits L1D costs
//     storeLatency. A store that misses takes a line fill buffer and
//     writes its data into it, as write-allocate cores do (the line fill
//     then completes in the background): it costs the wait for a free LFB
//     plus storeLatency. A store to a line still being filled merges into
//     that LFB (storeLatency). So a store stream runs ahead of its misses
//     until all LFBs are busy, and then at the rate LFBs free up, which is
//     the bus rate once the buses are saturated. fillsDoneAt() says when
//     every outstanding fill has completed (what a DSB waits for).
//
// The latency of one access (modelling assumptions, all in this paragraph)
//   - Hit in L1: the profile's L1 latency (l1d.latency for loads,
//     l1i.latency for fetch), or later if the line is still being filled by
//     an earlier miss (per-entry "ready at" time: a load that hits under a
//     miss waits for the fill, as a load merging into a line fill buffer
//     does).
//   - Miss in L1D: take a line fill buffer (LFB); if all are busy, wait for
//     the earliest to free (this bounds the overlap of independent misses).
//     The unloaded latency is that of the level that hits (l2/l3.latency,
//     DRAM = dramNs x coreMHz / 1000), all end-to-end load-to-use figures.
//   - Bandwidth: each boundary (L2<->L1, L3<->L2, DRAM<->L3) is one bus, a
//     single FIFO server carrying both directions, with occupancy
//     lineBytes / bytesPerCycle per line. A fill reserves every bus on its
//     path at the request time and completes at max(unloaded latency, end of
//     its latest bus reservation). Unloaded, that is the latency; in a
//     stream, the bus free-at times run ahead of the requester and the
//     stream proceeds at the slowest bus's rate: a memset far bigger than L3
//     costs (RFO read + writeback) x lineBytes / DRAM bandwidth per line.
//     Reserving all buses at the request time (rather than when the data
//     would cross each one) keeps one free-at number per bus; it can make a
//     DRAM fill delay an L2 hit issued just after it, by one bus occupancy.
//   - Writebacks (dirty victims, and every victim moved into an exclusive
//     level) reserve bus time but are buffered: the requester waits only
//     when a bus's backlog exceeds writebackBuffers lines, and then by the
//     excess (back-pressure). That stall delays the completion of the
//     access that caused the eviction (a load's data, a store's line fill
//     and so its LFB, a ZVA's occupancy).
//   - No hardware prefetcher and no write-streaming (no-allocate) mode:
//     both exist on A55/A75 (A55 TRM "write streaming mode" [S5]) and are
//     open modelling questions; stores are write-allocate with a line fill.
//
// Inclusion
//   l2Exclusive = true (A55, [S5b]): a line is in L1D or L2, not both. An L2
//   hit moves the line up (its dirty bit with it); DRAM/L3 fills go to L1
//   only; every L1D victim (clean or dirty) moves into L2. Instruction-side
//   and table-walk reads are allocated in L2 (A55 TRM "Optional integrated
//   L2 cache": TLB and I-side reads are allocated in L2 with the
//   read-allocate hint, which Linux's Normal WB RA WA memory has).
//   l2Exclusive = false: L2 is inclusive of L1D and L1I: fills allocate in
//   both, and an L2 eviction back-invalidates L1 (a dirty L1 copy makes the
//   victim dirty). Prior for the A75 (DynamIQ big cores A76/A710 document a
//   strictly inclusive L2; the A75 TRM was not retrieved).
//   l3Exclusive = true: the L3 holds L2 victims (clean or dirty) and gives a
//   line up on a hit, as the DSU does for data used by one core (Intel
//   Agilex 5 HPS TRM §3.7.3.2.1 "Cache Allocation Policy", same document as
//   CALIBRATION.md [S6]). false: L3 is filled by DRAM reads and by dirty L2
//   victims, without back-invalidation (non-inclusive).
//   DRAM-side: the 3 MB system cache (LLCC, [S7]) is not modelled.
//
// Table walks
//   walkRead() models descriptor reads issued by the table walker. Modelling
//   assumption: they neither look up nor allocate in L1D — the walker is
//   taken to sit at the L2, and the A55 TRM ("Optional integrated L2
//   cache") says cacheable TLB reads are allocated in L2; the A75's walker
//   was not checked. So a walk read costs the L2 latency on an L2 hit, and
//   on a miss goes to L3/DRAM and is allocated in L2. With an inclusive L2
//   a PTE line the kernel has just written is dirty in L1D and (stale) in
//   L2: the walk is charged as an L2 hit, the cost of the snoop that real
//   coherent walks do. With an exclusive L2, a descriptor line that is only in
//   L1D (the kernel just wrote the PTE) is found by snooping the L1D
//   duplicate tags, at L2 latency (counted as walk.l1Snoop).
//
// MTE tag storage (DESIGN.md "MTE semantics", MTE.md)
//   Allocation tags are 4 bits per 16-byte granule, 1 tag byte per 32 data
//   bytes. The model places them in a carve-out of DRAM at
//     tag address = tagBase + floor(pa / 32)
//   so one 64-byte tag line covers 2 KiB of data. Tag reads (tag-checked
//   loads/stores, LDG) and tag writes (STG, ST2G, STGP, DC GVA/GZVA) are
//   accesses to that tag line through the same L1D/L2/L3/DRAM as data, with
//   the same LFBs, buses and replacement: tags compete with data for cache
//   capacity and bandwidth. This is a model: MTE implementations keep tags
//   next to data in the core's caches and fetch them from a DRAM carve-out
//   on a miss, and some systems put a dedicated tag cache at the memory
//   controller instead. The alternative (a separate small tag cache in front
//   of DRAM) would change only where tag lines are cached; it is an open
//   question. Tag costs therefore come from this model, not from constants
//   in the instruction handlers. tagBase (default 2^35 = 32 GiB) must be
//   above every data PA so tag lines never alias data: true for any machine
//   under 32 GiB (memory.ts's default is 1 GiB). It also keeps line numbers
//   below 2^30, V8's small-integer range, so they are never boxed.
//
// Hot path: load/store/fetch/tag* on an L1 hit are a line-number computation
// and Cache.lookup (usually its last-line or per-set MRU fast path); no
// allocation, no Map, no BigInt anywhere in this file's access methods.

import { Cache, type ReplPolicy } from './cache.ts';

/** Geometry and replacement policy of one cache level. */
export interface CacheLevelProfile {
  sizeBytes: number;
  ways: number;
  policy: ReplPolicy;
  /**
   * Hit latency in core cycles: load-to-use for L1D, L2 and L3 (end to end,
   * as seen by a load); for L1I the fetch latency the front end normally
   * hides (the core model subtracts what it hides).
   */
  latency: number;
}

/** Everything the memory hierarchy needs to know about a CPU/SoC. */
export interface MemProfile {
  name?: string;
  /** Core clock in MHz: converts dramNs and the bandwidth votes to core cycles. */
  coreMHz: number;
  /** Cache line size in bytes (64 on SDM845). */
  lineBytes: number;
  l1i: CacheLevelProfile;
  l1d: CacheLevelProfile;
  l2: CacheLevelProfile;
  l3: CacheLevelProfile;
  /** L2 strictly exclusive with L1D (true) or inclusive of L1 (false). */
  l2Exclusive: boolean;
  /** L3 as a victim cache of L2 (true) or non-inclusive, filled by DRAM reads (false). */
  l3Exclusive: boolean;
  /** Cycles for a store that hits L1D to be written into it (store buffer drain per store). */
  storeLatency: number;
  /** Load-to-use latency of a DRAM access, nanoseconds. */
  dramNs: number;
  /** L2<->L1 bandwidth, bytes per core cycle. */
  bwL2L1: number;
  /** L3<->L2 bandwidth, bytes per core cycle. */
  bwL3L2: number;
  /** DRAM<->L3 bandwidth, bytes per core cycle. */
  bwDramL3: number;
  /** Line fill buffers: the most L1D misses outstanding at once. */
  fillBuffers: number;
  /** Lines of writeback a bus can queue before the evicting access stalls. */
  writebackBuffers: number;
  /** DC ZVA / DC GZVA / clear_page cost per line when no writeback stalls it, core cycles. */
  zvaCyclesPerLine: number;
  /** Physical address of the tag carve-out: tag byte of pa = tagBase + floor(pa / 32). */
  tagBase: number;
  /** Seed for pseudo-random replacement. */
  seed: number;
}

/** GB/s (10^9 B/s) at a core clock in MHz, as bytes per core cycle. */
export function bytesPerCycle(gbPerSecond: number, coreMHz: number): number {
  return (gbPerSecond * 1000) / coreMHz;
}

/** Data bytes covered by one tag byte: two 16-byte granules of 4 bits each. */
export const DATA_BYTES_PER_TAG_BYTE = 32;
/** Default tag carve-out base: 2^35 (32 GiB), above the data PAs of any machine smaller than that. */
export const DEFAULT_TAG_BASE = 2 ** 35;

/** Physical address of the tag byte holding pa's allocation tag. */
export function tagAddress(pa: number, tagBase = DEFAULT_TAG_BASE): number {
  return tagBase + Math.floor(pa / DATA_BYTES_PER_TAG_BYTE);
}

function freezeProfile(p: MemProfile): Readonly<MemProfile> {
  for (const c of [p.l1i, p.l1d, p.l2, p.l3]) Object.freeze(c);
  return Object.freeze(p);
}

/**
 * Snapdragon 845 gold core (Kryo 385 Gold ~ Cortex-A75) at the powersave
 * OPP, the seed's configuration (CALIBRATION.md §0, §4 `snapdragon845-big`).
 * Numbers marked prior are estimates to be checked (CALIBRATION.md §7).
 */
export const SD845_BIG_MEM: Readonly<MemProfile> = freezeProfile({
  name: 'sd845-big-powersave',
  coreMHz: 825.6, // gold minimum OPP = powersave [S9,S10] (§2, §4)
  lineBytes: 64, // §2 "cache line / DCZID_EL0"
  // 64 KB 4-way [S4]; policy prior; fetch latency prior (same as L1D)
  l1i: { sizeBytes: 64 * 1024, ways: 4, policy: 'plru', latency: 4 },
  // 64 KB 16-way, pseudo-random replacement [S4]; load-to-use 4, §4 lat_load_l1 [S2 proxy]
  l1d: { sizeBytes: 64 * 1024, ways: 16, policy: 'random', latency: 4 },
  // 256 KB 8-way [S4,S7]; tree PLRU prior (A76 TRM L2 victim format); 11 = §4 lat_l2, unsourced prior
  l2: { sizeBytes: 256 * 1024, ways: 8, policy: 'plru', latency: 11 },
  // 2 MB [S7], 16-way [S4]; policy prior; 35 = §4 lat_l3, unsourced prior
  l3: { sizeBytes: 2 * 1024 * 1024, ways: 16, policy: 'plru', latency: 35 },
  l2Exclusive: false, // prior: inclusive (see header)
  l3Exclusive: true, // DSU exclusive allocation for one core's data (see header)
  storeLatency: 1, // prior: one store per cycle into L1 (§1 stores; 16 B/cycle store_bw_l1 is the core model's)
  dramNs: 200, // §4 dram_lat prior at the powersave votes (§2: 170-250 ns)
  bwL2L1: 32, // prior: a 64 B line in 2 cycles
  bwL3L2: bytesPerCycle(9.216, 825.6), // L3 vote 9.216 GB/s at 825.6 MHz [S9] = 11.16 B/cycle
  bwDramL3: bytesPerCycle(2.188, 825.6), // DDR vote 2.188 GB/s at 825.6 MHz [S9] = 2.650 B/cycle
  fillBuffers: 6, // prior: the Cortex-A72 TRM's "up to six 64-byte cache line requests"; A75 not retrieved
  writebackBuffers: 4, // prior
  zvaCyclesPerLine: 4, // §4 dczva_cost prior (§6: consistent with 4-7 cycles/line)
  tagBase: DEFAULT_TAG_BASE,
  seed: 1,
});

/**
 * Snapdragon 845 silver core (Kryo 385 Silver ~ Cortex-A55) at powersave
 * (CALIBRATION.md §4 `snapdragon845-little`; the negative control of §6).
 */
export const SD845_LITTLE_MEM: Readonly<MemProfile> = freezeProfile({
  name: 'sd845-little-powersave',
  coreMHz: 300, // silver minimum OPP [S10]
  lineBytes: 64,
  // 32 KB 4-way [S4,S5]; policy and fetch latency prior
  l1i: { sizeBytes: 32 * 1024, ways: 4, policy: 'plru', latency: 3 },
  // 32 KB 4-way [S4,S5]; policy prior; load-to-use 3 for LDR [S1]
  l1d: { sizeBytes: 32 * 1024, ways: 4, policy: 'plru', latency: 3 },
  // 128 KB 4-way [S4,S5b]; policy prior; 9 = §4 unsourced prior
  l2: { sizeBytes: 128 * 1024, ways: 4, policy: 'plru', latency: 9 },
  // shared DSU L3 2 MB [S7] 16-way [S4]; 30 = §4 unsourced prior
  l3: { sizeBytes: 2 * 1024 * 1024, ways: 16, policy: 'plru', latency: 30 },
  l2Exclusive: true, // strictly exclusive with L1D [S4,S5b]
  l3Exclusive: true,
  storeLatency: 1, // 1 store/cycle, one store pipe [S1]
  dramNs: 200, // prior (§2)
  bwL2L1: 16, // prior: 128-bit path
  bwL3L2: bytesPerCycle(4.8, 300), // L3 vote 4.8 GB/s at 300 MHz [S9] = 16 B/cycle
  bwDramL3: bytesPerCycle(0.8, 300), // DDR vote 0.8 GB/s at 300 MHz [S9] = 2.667 B/cycle
  fillBuffers: 4, // prior
  writebackBuffers: 4, // prior
  zvaCyclesPerLine: 4, // prior (§4)
  tagBase: DEFAULT_TAG_BASE,
  seed: 1,
});

// Bus indices.
const B21 = 0; // L2 <-> L1
const B32 = 1; // L3 <-> L2
const BDR = 2; // DRAM <-> L3

// Slots of MemHierarchy.f (miss-path scratch) and .acc (fractional counters).
const F_NOW = 0; // requester's cycle
const F_T = 1; // request start after any LFB wait
const F_XFER = 2; // latest end of this fill's bus transfers
const F_STALL = 3; // largest writeback back-pressure stall, cycles after F_T
const F_DONE = 4; // when the line is usable
const A_LFB_WAIT = 0;
const A_WB_STALL = 1;

/**
 * Whole cycles for a duration: max(x, min) rounded up. The 1e-9 keeps float
 * noise (165.00000000001) from adding a cycle.
 */
function cycles(x: number, min: number): number {
  return x > min ? Math.ceil(x - 1e-9) : min;
}

/** The caches, buses and line fill buffers of one core's memory system. */
export class MemHierarchy {
  readonly profile: MemProfile;
  readonly l1i: Cache;
  readonly l1d: Cache;
  readonly l2: Cache;
  readonly l3: Cache;
  readonly lineBytes: number;
  /** DRAM latency in core cycles (dramNs x coreMHz / 1000). */
  readonly latDram: number;

  private readonly invLine: number;
  private readonly latL1: number;
  private readonly latL1I: number;
  private readonly latStore: number;
  private readonly latL2: number;
  private readonly latL3: number;
  private readonly l2Exclusive: boolean;
  private readonly l3Exclusive: boolean;
  private readonly zvaCost: number;
  private readonly tagBase: number;
  /** Cycle at which each L1 entry's line is usable (a fill may still be in flight). */
  private readonly l1dReady: Float64Array;
  private readonly l1iReady: Float64Array;
  /** Per bus: free-at cycle, occupancy per line, writeback backlog allowed before stalling. */
  private readonly busFree = new Float64Array(3);
  private readonly busOcc = new Float64Array(3);
  private readonly busSlack = new Float64Array(3);
  /** Per line fill buffer: the cycle it frees. */
  private readonly lfbFree: Float64Array;
  /** Scratch for fractional times on the miss path (see "internals"). */
  private readonly f = new Float64Array(6);
  /** Fractional counters: lfb wait and writeback stall cycles. */
  private readonly acc = new Float64Array(2);

  // Counters not held by the caches.
  loads = 0;
  stores = 0;
  fetches = 0;
  zvaLines = 0;
  dramReads = 0;
  dramWrites = 0;
  tagReads = 0;
  tagWrites = 0;
  /** Tag accesses that missed L1D. */
  tagL1Misses = 0;
  walkReads = 0;
  walkL1Snoop = 0;
  walkL2 = 0;
  walkL3 = 0;
  walkDram = 0;
  /** Cycles L1D misses waited for a free line fill buffer. */
  get lfbWaitCycles(): number {
    return this.acc[A_LFB_WAIT];
  }
  /** Cycles by which writeback back-pressure delayed accesses beyond their own fill or ZVA cost. */
  get wbStallCycles(): number {
    return this.acc[A_WB_STALL];
  }

  constructor(profile: MemProfile) {
    this.profile = profile;
    const lb = profile.lineBytes;
    this.lineBytes = lb;
    this.invLine = 1 / lb;
    const mk = (name: string, p: CacheLevelProfile, seedOffset: number) =>
      new Cache({ name, sizeBytes: p.sizeBytes, ways: p.ways, lineBytes: lb, policy: p.policy, seed: profile.seed + seedOffset });
    this.l1i = mk('l1i', profile.l1i, 0);
    this.l1d = mk('l1d', profile.l1d, 1);
    this.l2 = mk('l2', profile.l2, 2);
    this.l3 = mk('l3', profile.l3, 3);
    this.latL1 = profile.l1d.latency;
    this.latL1I = profile.l1i.latency;
    this.latStore = profile.storeLatency;
    this.latL2 = profile.l2.latency;
    this.latL3 = profile.l3.latency;
    this.latDram = (profile.dramNs * profile.coreMHz) / 1000;
    this.l2Exclusive = profile.l2Exclusive;
    this.l3Exclusive = profile.l3Exclusive;
    this.zvaCost = profile.zvaCyclesPerLine;
    this.tagBase = profile.tagBase;
    this.l1dReady = new Float64Array(this.l1d.tags.length);
    this.l1iReady = new Float64Array(this.l1i.tags.length);
    const bws = [profile.bwL2L1, profile.bwL3L2, profile.bwDramL3];
    for (let b = 0; b < 3; b++) {
      if (!(bws[b] > 0)) throw new RangeError(`${profile.name}: bandwidth ${b} must be positive`);
      this.busOcc[b] = lb / bws[b];
      this.busSlack[b] = profile.writebackBuffers * this.busOcc[b];
    }
    if (!(profile.fillBuffers >= 1)) throw new RangeError(`${profile.name}: need at least one line fill buffer`);
    this.lfbFree = new Float64Array(profile.fillBuffers);
  }

  /** Line number of a physical address. */
  lineOf(pa: number): number {
    return Math.floor(pa * this.invLine);
  }

  /** Line number of the tag line holding pa's allocation tag. */
  tagLineOf(pa: number): number {
    return Math.floor((this.tagBase + Math.floor(pa / DATA_BYTES_PER_TAG_BYTE)) * this.invLine);
  }

  /** Occupancy of one line on each bus [L2<->L1, L3<->L2, DRAM<->L3], core cycles. */
  busCyclesPerLine(): [number, number, number] {
    return [this.busOcc[B21], this.busOcc[B32], this.busOcc[BDR]];
  }

  // ---- requester-facing accesses ------------------------------------------

  /** Data load of `size` bytes at pa (both lines if it spans two). Returns load-to-use cycles. */
  load(pa: number, size: number, now: number): number {
    this.loads++;
    const ln = Math.floor(pa * this.invLine);
    let lat = this.dataLine(ln, false, now);
    const ln2 = Math.floor((pa + size - 1) * this.invLine);
    if (ln2 !== ln) {
      const l = this.dataLine(ln2, false, now);
      if (l > lat) lat = l;
    }
    return lat;
  }

  /**
   * Data store of `size` bytes at pa, write-allocate (a miss fills the line
   * in the background). Returns the store's occupancy: storeLatency, plus
   * the wait for a free line fill buffer on a miss (see header).
   */
  store(pa: number, size: number, now: number): number {
    this.stores++;
    const ln = Math.floor(pa * this.invLine);
    let lat = this.dataLine(ln, true, now);
    const ln2 = Math.floor((pa + size - 1) * this.invLine);
    if (ln2 !== ln) {
      const l = this.dataLine(ln2, true, now);
      if (l > lat) lat = l;
    }
    return lat;
  }

  /** Instruction fetch of the line holding pa through L1I. Returns cycles until the instructions are available. */
  fetch(pa: number, now: number): number {
    this.fetches++;
    const ln = Math.floor(pa * this.invLine);
    const c = this.l1i;
    if (c.lookup(ln, false)) return cycles(this.l1iReady[c.hitIdx] - now, this.latL1I);
    this.f[F_NOW] = now;
    this.missL1(ln, false, true);
    return cycles(this.f[F_DONE] - now, 0);
  }

  /**
   * DC ZVA / DC GZVA (data part) / clear_page for the line holding pa:
   * allocate it in L1D as dirty without reading it from below (no line fill;
   * with an inclusive L2 the L2 entry is allocated too, also without a read;
   * a stale copy in an exclusive L2 or L3 is dropped, its data being dead).
   * Returns zvaCyclesPerLine, plus one L2<->L1 transfer when a victim must be
   * written back (or moved into an exclusive L2), plus any back-pressure.
   */
  zeroLine(pa: number, now: number): number {
    this.zvaLines++;
    const ln = Math.floor(pa * this.invLine);
    const c = this.l1d;
    const f = this.f;
    if (c.lookup(ln, true)) {
      const idx = c.hitIdx;
      const cost = cycles(this.l1dReady[idx] - now, this.zvaCost);
      this.l1dReady[idx] = now + cost;
      return cost;
    }
    f[F_T] = now;
    f[F_STALL] = 0;
    if (this.l2Exclusive) this.l2.invalidateLine(ln);
    else this.fillL2(ln, false, false);
    if (this.l3Exclusive) this.l3.invalidateLine(ln);
    const victim = c.fillNew(ln, true); // the L1 lookup just missed
    const idx = c.hitIdx;
    let cost = this.zvaCost;
    if (victim >= 0) {
      const d = c.lastEvictDirty;
      if (d || this.l2Exclusive) cost += this.busOcc[B21];
      this.evictL1(victim, d);
    }
    this.acc[A_WB_STALL] += f[F_STALL];
    const r = cycles(cost + f[F_STALL], 0);
    this.l1dReady[idx] = now + r;
    return r;
  }

  /** Read of a translation-table descriptor at pa by the table walker (L2 first; see header). */
  walkRead(pa: number, now: number): number {
    this.walkReads++;
    const ln = Math.floor(pa * this.invLine);
    if (this.l2Exclusive && this.l1d.has(ln)) {
      this.walkL1Snoop++;
      return this.latL2;
    }
    if (this.l2.lookup(ln, false)) {
      this.walkL2++;
      return this.latL2;
    }
    const f = this.f;
    f[F_T] = now;
    f[F_XFER] = 0;
    f[F_STALL] = 0;
    let ready: number;
    if (this.l3.lookup(ln, false)) {
      this.walkL3++;
      ready = now + this.latL3;
      this.reserveFill(B32);
      const d = this.l3Exclusive ? this.l3.invalidateLine(ln) === 1 : false;
      this.fillL2(ln, d, true);
    } else {
      this.walkDram++;
      this.dramReads++;
      ready = now + this.latDram;
      this.reserveFill(BDR);
      this.reserveFill(B32);
      if (!this.l3Exclusive) this.fillL3(ln, false);
      this.fillL2(ln, false, true);
    }
    let done = ready > f[F_XFER] ? ready : f[F_XFER];
    if (now + f[F_STALL] > done) {
      this.acc[A_WB_STALL] += now + f[F_STALL] - done;
      done = now + f[F_STALL];
    }
    return cycles(done - now, 0);
  }

  /** Read of pa's allocation tag (tag-checked access, LDG): a load of its tag line. */
  tagRead(pa: number, now: number): number {
    this.tagReads++;
    const m = this.l1d.misses;
    const lat = this.dataLine(this.tagLineOf(pa), false, now);
    if (this.l1d.misses !== m) this.tagL1Misses++;
    return lat;
  }

  /** Write of pa's allocation tag (STG, ST2G, STGP, DC GVA/GZVA): a store to its tag line. */
  tagWrite(pa: number, now: number): number {
    this.tagWrites++;
    const m = this.l1d.misses;
    const lat = this.dataLine(this.tagLineOf(pa), true, now);
    if (this.l1d.misses !== m) this.tagL1Misses++;
    return lat;
  }

  /** Cycle at which every outstanding L1D line fill has completed. */
  fillsDoneAt(): number {
    let m = 0;
    for (let i = 0; i < this.lfbFree.length; i++) if (this.lfbFree[i] > m) m = this.lfbFree[i];
    return m;
  }

  // ---- internals ------------------------------------------------------------
  //
  // Times inside the miss path are fractional (bus occupancies such as 24.15
  // cycles). A fractional double passed to or returned from a function that
  // V8 does not inline is boxed in a new HeapNumber, so the miss path passes
  // them through the scratch array `f` instead (F_NOW, F_T, F_XFER, F_STALL,
  // F_DONE) and public methods return whole cycles (cycles()). Line numbers
  // stay small integers (Smis) as long as PAs are below 2^36.

  /** One data line through L1D: load latency or store occupancy (see header). */
  private dataLine(ln: number, write: boolean, now: number): number {
    const c = this.l1d;
    if (c.lookup(ln, write)) {
      if (write) return this.latStore; // a line still in flight: merge into its LFB
      return cycles(this.l1dReady[c.hitIdx] - now, this.latL1);
    }
    this.f[F_NOW] = now;
    this.missL1(ln, write, false);
    return write ? cycles(this.f[F_T] - now + this.latStore, 0) : cycles(this.f[F_DONE] - now, 0);
  }

  /** Reserve one line's fill transfer on a bus from f[F_T]; f[F_XFER] = latest end. */
  private reserveFill(bus: number): void {
    const f = this.f;
    const t = f[F_T];
    const free = this.busFree[bus];
    const e = (free > t ? free : t) + this.busOcc[bus];
    this.busFree[bus] = e;
    if (e > f[F_XFER]) f[F_XFER] = e;
  }

  /** Reserve a buffered writeback on a bus from f[F_T]; f[F_STALL] = largest backlog beyond the buffers. */
  private reserveWb(bus: number): void {
    const f = this.f;
    const t = f[F_T];
    const free = this.busFree[bus];
    const e = (free > t ? free : t) + this.busOcc[bus];
    this.busFree[bus] = e;
    const over = e - t - this.busSlack[bus];
    if (over > f[F_STALL]) f[F_STALL] = over;
  }

  /**
   * L1 miss for line ln requested at f[F_NOW]: find the line below, move it
   * up, fill L1, handle the victim. Sets f[F_T] (start, after any LFB wait)
   * and f[F_DONE] (when the line is usable). Instruction misses use no LFB
   * (the fetch unit has its own and fetch is sequential in the core model).
   */
  private missL1(ln: number, write: boolean, instr: boolean): void {
    const f = this.f;
    const now = f[F_NOW];
    let slot = -1;
    let t = now;
    if (!instr) {
      const lfb = this.lfbFree;
      slot = 0;
      let free = lfb[0];
      for (let i = 1; i < lfb.length; i++) {
        if (lfb[i] < free) {
          free = lfb[i];
          slot = i;
        }
      }
      if (free > now) {
        this.acc[A_LFB_WAIT] += free - now;
        t = free;
      }
    }
    f[F_T] = t;
    f[F_XFER] = 0;
    f[F_STALL] = 0;
    const allocL2 = !this.l2Exclusive || instr;
    let ready: number;
    let carried = false; // dirty data moving up out of an exclusive level
    if (this.l2.lookup(ln, false)) {
      ready = t + this.latL2;
      if (!allocL2) carried = this.l2.invalidateLine(ln) === 1;
      this.reserveFill(B21);
    } else {
      if (this.l3.lookup(ln, false)) {
        ready = t + this.latL3;
        const d = this.l3Exclusive ? this.l3.invalidateLine(ln) === 1 : false;
        this.reserveFill(B32);
        if (allocL2) this.fillL2(ln, d, true);
        else carried = d;
      } else {
        ready = t + this.latDram;
        this.dramReads++;
        this.reserveFill(BDR);
        this.reserveFill(B32);
        if (!this.l3Exclusive) this.fillL3(ln, false);
        if (allocL2) this.fillL2(ln, false, true);
      }
      this.reserveFill(B21);
    }
    let done = ready > f[F_XFER] ? ready : f[F_XFER];
    const c = instr ? this.l1i : this.l1d;
    const victim = c.fillNew(ln, write || carried); // the L1 lookup just missed
    const idx = c.hitIdx;
    if (victim >= 0 && !instr) this.evictL1(victim, c.lastEvictDirty);
    const st = t + f[F_STALL];
    if (st > done) {
      this.acc[A_WB_STALL] += st - done;
      done = st;
    }
    (instr ? this.l1iReady : this.l1dReady)[idx] = done;
    if (slot >= 0) this.lfbFree[slot] = done;
    f[F_DONE] = done;
  }

  /** An L1D victim leaves: into an exclusive L2, or written back if dirty. */
  private evictL1(v: number, dirty: boolean): void {
    if (this.l2Exclusive) {
      this.reserveWb(B21);
      this.fillL2(v, dirty, false);
      return;
    }
    if (!dirty) return;
    this.reserveWb(B21);
    // Inclusion makes a miss here unreachable; if it ever breaks,
    // re-allocating the line keeps its dirty data instead of losing it.
    if (!this.l2.setDirty(v)) this.fillL2(v, true, false);
  }

  /** Allocate ln in L2 (absent: its L2 lookup just missed) and send its victim down. */
  private fillL2(ln: number, dirty: boolean, absent: boolean): void {
    const l2 = this.l2;
    const v = absent ? l2.fillNew(ln, dirty) : l2.fill(ln, dirty);
    if (v < 0) return;
    let d = l2.lastEvictDirty;
    if (!this.l2Exclusive) {
      // Inclusion: L1 copies leave with the L2 line; dirty L1 data goes with it.
      if (this.l1d.invalidateLine(v) === 1 && !d) {
        d = true;
        l2.writebacks++;
      }
      this.l1i.invalidateLine(v);
    }
    this.evictL2(v, d);
  }

  /** An L2 victim leaves: into an exclusive L3, or written back if dirty. */
  private evictL2(v: number, dirty: boolean): void {
    if (this.l3Exclusive) {
      this.reserveWb(B32);
      this.fillL3(v, dirty);
      return;
    }
    if (!dirty) return;
    this.reserveWb(B32);
    if (!this.l3.setDirty(v)) this.fillL3(v, true);
  }

  /**
   * Allocate ln in L3; a dirty victim is written to DRAM. ln is never
   * present: DRAM fills follow an L3 miss, an exclusive L3 never holds a
   * line that is also in L2 (hits and ZVA take it out), and a non-exclusive
   * L3 is only filled from L2 when setDirty() found it absent.
   */
  private fillL3(ln: number, dirty: boolean): void {
    const l3 = this.l3;
    const v = l3.fillNew(ln, dirty);
    if (v >= 0 && l3.lastEvictDirty) {
      this.dramWrites++;
      this.reserveWb(BDR);
    }
  }

  // ---- counters and state ---------------------------------------------------

  /** Every counter, flat: `<level>.<counter>` for the caches, then DRAM, tags, walks, queues. */
  counters(): Record<string, number> {
    const r: Record<string, number> = {};
    for (const c of [this.l1i, this.l1d, this.l2, this.l3]) {
      r[`${c.name}.hits`] = c.hits;
      r[`${c.name}.misses`] = c.misses;
      r[`${c.name}.fills`] = c.fills;
      r[`${c.name}.evictions`] = c.evictions;
      r[`${c.name}.writebacks`] = c.writebacks;
    }
    r['mem.loads'] = this.loads;
    r['mem.stores'] = this.stores;
    r['mem.fetches'] = this.fetches;
    r['mem.zvaLines'] = this.zvaLines;
    r['dram.reads'] = this.dramReads;
    r['dram.writes'] = this.dramWrites;
    r['dram.readBytes'] = this.dramReads * this.lineBytes;
    r['dram.writeBytes'] = this.dramWrites * this.lineBytes;
    r['tag.reads'] = this.tagReads;
    r['tag.writes'] = this.tagWrites;
    r['tag.l1Misses'] = this.tagL1Misses;
    r['walk.reads'] = this.walkReads;
    r['walk.l1Snoop'] = this.walkL1Snoop;
    r['walk.l2'] = this.walkL2;
    r['walk.l3'] = this.walkL3;
    r['walk.dram'] = this.walkDram;
    r['lfb.waitCycles'] = this.lfbWaitCycles;
    r['wb.stallCycles'] = this.wbStallCycles;
    return r;
  }

  resetCounters(): void {
    for (const c of [this.l1i, this.l1d, this.l2, this.l3]) c.resetCounters();
    this.loads = this.stores = this.fetches = this.zvaLines = 0;
    this.dramReads = this.dramWrites = 0;
    this.tagReads = this.tagWrites = this.tagL1Misses = 0;
    this.walkReads = this.walkL1Snoop = this.walkL2 = this.walkL3 = this.walkDram = 0;
    this.acc.fill(0);
  }

  /**
   * Cold start: invalidate every cache (dirty lines are dropped, not counted
   * as writebacks), reset replacement state, and forget every in-flight time
   * (bus free-at, LFBs, fills), so time may restart from 0. Counters are kept
   * (resetCounters() clears them).
   */
  flushAll(): void {
    this.l1i.clear();
    this.l1d.clear();
    this.l2.clear();
    this.l3.clear();
    this.l1dReady.fill(0);
    this.l1iReady.fill(0);
    this.busFree.fill(0);
    this.lfbFree.fill(0);
  }
}
