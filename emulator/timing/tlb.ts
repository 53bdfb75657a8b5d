// Timing TLBs and the translation-table walk cache (STYLE §8-9: timing state
// only). The architectural translation — what a VA maps to, permissions,
// faults — is emulator/mmu.ts's; these structures only decide whether a
// translation would have hit in the modelled core's TLBs, so the model can
// charge a walk. They hold no translations, just keys.
//
// Sizes come from the profile (CALIBRATION.md §2): A55 L1 D-TLB 16 entries
// and I-TLB 15 entries fully associative, L2 TLB 1024 entries 4-way, walk
// cache 64 entries 4-way [S6]; the A75's are priors (D 48 fully associative,
// L2 1024 4-way [S15]).
//
// Tlb
//   Keyed by (virtual page number, ASID). An entry filled with `global` (a
//   leaf with nG = 0, D8 "Global and process-specific translation table
//   entries") matches every ASID. Pages are 4 KiB keys: a 2 MiB or 1 GiB
//   block is cached one 4 KiB page at a time, as mmu.ts does (a modelling
//   assumption; real L2 TLBs hold block entries natively).
//   Invalidation mirrors the TLBI operations Linux issues (CALIBRATION.md §3):
//     invalidateVa(vpn, asid)     TLBI VAE1/VALE1: entries for vpn with that
//                                 ASID, and global entries for vpn;
//                                 asid < 0: TLBI VAAE1, every entry for vpn
//     invalidateAsid(asid)        TLBI ASIDE1: non-global entries of asid
//     invalidateAll()             TLBI VMALLE1
//   Set index = vpn mod sets (sets = entries / ways, a power of two); a fully
//   associative TLB is one set of `entries` ways.
//   A direct-mapped 256-slot hint array remembers where each vpn was last
//   found, so a hit in a large fully associative TLB costs one compare
//   instead of a scan; the hint is verified before use and only speeds up
//   the search (it never changes a result).
//
// WalkCache
//   Caches table (non-leaf) descriptors so that a walk which hits skips the
//   descriptor reads above the hit: the A55's "walk cache" of 64 entries,
//   4-way [S6]. An entry for level L (0..2) is keyed by the VA bits that
//   select the level-L descriptor (VA[47:39] for L0, VA[47:30] for L1,
//   VA[47:21] for L2) and the ASID. Modelling assumption: every table level
//   is cached (like the paging-structure caches of other cores); the A55 TRM
//   only says that partial translations are cached, not which levels. In
//   practice a process has a handful of L0/L1 table descriptors, so they
//   take few entries. A hit at L2 means only the L3 descriptor is read.
//
// No allocation, no Map, no BigInt on lookup()/fill().

import { DEFAULT_REPL_SEED, Replacement, type ReplPolicy } from './cache.ts';

/** Geometry and policy of one TLB. */
export interface TlbConfig {
  name: string;
  entries: number;
  /** Associativity; = entries for fully associative. */
  ways: number;
  policy: ReplPolicy;
  seed?: number;
}

const HINT_SLOTS = 256;

/** A set-associative TLB keyed by (VPN, ASID) with global entries. */
export class Tlb {
  readonly name: string;
  readonly entries: number;
  readonly sets: number;
  readonly ways: number;
  /** VPN per entry; -1 = invalid. */
  private readonly vpns: Float64Array;
  private readonly asids: Int32Array;
  /** 1 = global (matches every ASID). */
  private readonly glob: Uint8Array;
  private readonly repl: Replacement;
  private readonly setMask: number;
  /** Entry index where vpn & 255 was last found or filled. */
  private readonly hint = new Int32Array(HINT_SLOTS);

  hits = 0;
  misses = 0;
  fills = 0;
  /** Valid entries displaced by fill(). */
  evictions = 0;

  constructor(cfg: TlbConfig) {
    const sets = cfg.entries / cfg.ways;
    if (!Number.isInteger(cfg.ways) || cfg.ways < 1) throw new RangeError(`${cfg.name}: bad way count ${cfg.ways}`);
    if (!Number.isInteger(sets) || sets < 1 || (sets & (sets - 1)) !== 0) {
      throw new RangeError(`${cfg.name}: ${cfg.entries} entries / ${cfg.ways} ways is not a power-of-two set count`);
    }
    this.name = cfg.name;
    this.entries = cfg.entries;
    this.sets = sets;
    this.ways = cfg.ways;
    this.setMask = sets - 1;
    this.vpns = new Float64Array(cfg.entries).fill(-1);
    this.asids = new Int32Array(cfg.entries);
    this.glob = new Uint8Array(cfg.entries);
    this.repl = new Replacement(cfg.policy, sets, cfg.ways, cfg.seed ?? DEFAULT_REPL_SEED);
  }

  /** Entry index matching (vpn, asid), or -1. No side effects. */
  private find(vpn: number, asid: number): number {
    const h = this.hint[vpn & (HINT_SLOTS - 1)];
    if (this.vpns[h] === vpn && (this.glob[h] === 1 || this.asids[h] === asid)) return h;
    const base = (vpn & this.setMask) * this.ways;
    for (let w = 0; w < this.ways; w++) {
      const i = base + w;
      if (this.vpns[i] === vpn && (this.glob[i] === 1 || this.asids[i] === asid)) return i;
    }
    return -1;
  }

  /** Translation lookup: hit updates replacement; miss changes nothing. */
  lookup(vpn: number, asid: number): boolean {
    const i = this.find(vpn, asid);
    if (i < 0) {
      this.misses++;
      return false;
    }
    this.hits++;
    this.hint[vpn & (HINT_SLOTS - 1)] = i;
    this.repl.touch((vpn & this.setMask), i - (vpn & this.setMask) * this.ways);
    return true;
  }

  /** Whether (vpn, asid) would hit. No side effects. */
  has(vpn: number, asid: number): boolean {
    return this.find(vpn, asid) >= 0;
  }

  /**
   * Insert the translation of vpn for asid (global: for every ASID). An entry
   * already matching is refreshed instead. Returns the evicted VPN or -1.
   */
  fill(vpn: number, asid: number, global: boolean): number {
    const set = vpn & this.setMask;
    const base = set * this.ways;
    let way = -1;
    for (let w = 0; w < this.ways; w++) {
      const i = base + w;
      const v = this.vpns[i];
      if (v === vpn && (this.glob[i] === 1 || this.asids[i] === asid || global)) {
        way = w;
        break;
      }
      if (v === -1 && way < 0) way = w;
    }
    let evicted = -1;
    if (way < 0) {
      way = this.repl.victim(set);
      evicted = this.vpns[base + way];
      this.evictions++;
    }
    const i = base + way;
    if (this.vpns[i] !== vpn) this.fills++;
    this.vpns[i] = vpn;
    this.asids[i] = asid;
    this.glob[i] = global ? 1 : 0;
    this.repl.touch(set, way);
    this.hint[vpn & (HINT_SLOTS - 1)] = i;
    return evicted;
  }

  /**
   * TLBI VAE1/VALE1 (vpn = VA[55:12]): drop vpn's entries for asid and vpn's
   * global entries. asid < 0 is TLBI VAAE1: drop every entry for vpn,
   * whatever its ASID. Returns how many entries were dropped.
   */
  invalidateVa(vpn: number, asid: number): number {
    const base = (vpn & this.setMask) * this.ways;
    let n = 0;
    for (let w = 0; w < this.ways; w++) {
      const i = base + w;
      if (this.vpns[i] === vpn && (asid < 0 || this.glob[i] === 1 || this.asids[i] === asid)) {
        this.vpns[i] = -1;
        n++;
      }
    }
    return n;
  }

  /** TLBI ASIDE1: drop the non-global entries of asid. */
  invalidateAsid(asid: number): number {
    let n = 0;
    for (let i = 0; i < this.entries; i++) {
      if (this.vpns[i] !== -1 && this.glob[i] === 0 && this.asids[i] === asid) {
        this.vpns[i] = -1;
        n++;
      }
    }
    return n;
  }

  /** TLBI VMALLE1: drop everything and reset replacement state. */
  invalidateAll(): void {
    this.vpns.fill(-1);
    this.repl.reset();
  }

  /** Number of valid entries (tests and reports). */
  validEntries(): number {
    let n = 0;
    for (let i = 0; i < this.entries; i++) if (this.vpns[i] !== -1) n++;
    return n;
  }

  resetCounters(): void {
    this.hits = 0;
    this.misses = 0;
    this.fills = 0;
    this.evictions = 0;
  }
}

/** VA bits below the ones that select the level-L descriptor: 39, 30, 21 for L0..L2 (4 KiB granule, D8). */
function coveredShift(level: number): number {
  return 39 - 9 * level;
}

/**
 * Key of the level-L table descriptor for va: the selecting VA bits, with
 * the level above bit 40 so the set index (low bits) comes from the VA.
 * Keys stay below 2^42 for 48-bit VAs.
 */
function walkKey(va: number, level: number): number {
  return Math.floor(va / 2 ** coveredShift(level)) + level * 2 ** 40;
}

/** Geometry of a walk cache. */
export interface WalkCacheConfig {
  name: string;
  entries: number;
  ways: number;
  policy: ReplPolicy;
  seed?: number;
}

/**
 * Cache of table descriptors (levels 0..2) so walks can skip reads. A hit
 * for level L means descriptors of levels <= L need not be read.
 */
export class WalkCache {
  readonly name: string;
  private readonly tlb: Tlb;
  /** Walks that skipped at least one descriptor read. */
  hits = 0;
  /** Walks that read every descriptor from the start level. */
  misses = 0;

  constructor(cfg: WalkCacheConfig) {
    this.name = cfg.name;
    this.tlb = new Tlb(cfg);
  }

  /** Whether the level-L table descriptor for (va, asid) is cached; a hit updates replacement. Counts nothing. */
  lookup(va: number, asid: number, level: number): boolean {
    return this.tlb.lookup(walkKey(va, level), asid);
  }

  /** Cache the level-L table descriptor for (va, asid). */
  fill(va: number, asid: number, level: number): void {
    this.tlb.fill(walkKey(va, level), asid, false);
  }

  /**
   * One walk for va: the walk starts at `startLevel` and its last descriptor
   * read (leaf, block, or the faulting one) is at `lastLevel`. Returns the
   * first level whose descriptor must be read from memory: one more than the
   * deepest cached table level, or startLevel on a miss. Then caches the
   * table descriptors the walk reads (levels first..lastLevel-1), so the next
   * walk in the same 2 MiB region reads only its L3 descriptor. Counts one
   * hit or one miss per walk.
   */
  walkStart(va: number, asid: number, startLevel: number, lastLevel: number): number {
    let first = startLevel;
    for (let l = lastLevel - 1; l >= startLevel; l--) {
      if (this.tlb.lookup(walkKey(va, l), asid)) {
        first = l + 1;
        break;
      }
    }
    if (first > startLevel) this.hits++;
    else this.misses++;
    for (let l = first; l < lastLevel; l++) this.tlb.fill(walkKey(va, l), asid, false);
    return first;
  }

  /** TLBI VAE1 (not VALE1, which leaves table entries): drop the cached tables covering va for asid (asid < 0: all ASIDs). */
  invalidateVa(va: number, asid: number): void {
    for (let l = 0; l < 3; l++) this.tlb.invalidateVa(walkKey(va, l), asid);
  }

  /** TLBI ASIDE1. */
  invalidateAsid(asid: number): void {
    this.tlb.invalidateAsid(asid);
  }

  /** TLBI VMALLE1, or a page-table page being freed. */
  invalidateAll(): void {
    this.tlb.invalidateAll();
  }

  validEntries(): number {
    return this.tlb.validEntries();
  }

  resetCounters(): void {
    this.hits = 0;
    this.misses = 0;
    this.tlb.resetCounters();
  }
}
