// Set-associative cache tag arrays for the timing model (STYLE §8-9: timing
// state only; no data is stored here — the bytes live in emulator/memory.ts).
//
// What is modelled
//   A cache of `sizeBytes` with `ways` ways and `lineBytes` lines
//   (default 64 B: the line size of every cache on SDM845, CALIBRATION.md §2
//   "cache line / DCZID_EL0"). It holds line numbers (pa / lineBytes, an
//   integer up to 2^47, stored in a Float64Array; -1 = invalid), one dirty
//   bit per line and replacement state. Sets = sizeBytes / (ways * lineBytes)
//   must be a power of two; the set is the line number's low bits (PIPT with
//   no hashing: a modelling assumption — real L2/L3 index hashes are not
//   public).
//
// Replacement (class Replacement, shared with tlb.ts)
//   'lru'    true LRU: a global access stamp per way, victim = oldest stamp.
//   'plru'   tree pseudo-LRU: ways - 1 bits per set (ways a power of two,
//            <= 32). The Cortex-A76 TRM's L2 victim RAM format (Table A6-29,
//            "PLRU[6:0]" for 8 ways) is this kind of tree; we use it as the
//            prior wherever the policy is not published (CALIBRATION.md §2).
//   'random' pseudo-random victim (A75 L1D, CALIBRATION.md §2 [S4]) drawn
//            from a seeded xorshift32 generator. xorshift32 is a linear
//            feedback shift register (linear over GF(2), Marsaglia 2003) with
//            better-mixed low bits than a one-bit Galois step, so `x % ways`
//            is usable directly. Same seed, same victims: the model stays
//            deterministic (DESIGN.md "Determinism").
//   Invalid ways are always filled first, whatever the policy.
//
// Fast paths: the last line, and each set's most recent way
//   lookup() first compares the line with the last line that hit or was
//   filled (one compare), then with the way most recently used in its set
//   (one indexed compare), and only then scans the set. On either fast
//   match it counts the hit and sets the dirty bit, but skips the
//   replacement update. That is exact, not approximate, for all three
//   policies: re-touching the most recently used way of a set changes
//   nothing — LRU stamps are only compared within a set, where it already
//   has the newest; its PLRU path bits already point away from it (setting
//   them again is a no-op); and random replacement keeps no state on hits.
//   A miss leaves both unchanged (misses do not change state); fill(),
//   invalidateLine() and clear() update or drop them (an invalidated way
//   simply stops matching).
//   Per-set valid counts let fillNew() (a fill right after a lookup miss)
//   skip the search for an invalid way once a set is full.
//
// Hot-path rules (issue "timing model"): typed arrays, no allocation, no Map,
// no BigInt in lookup()/fill().

/** Replacement policy of a cache or TLB. */
export type ReplPolicy = 'lru' | 'plru' | 'random';

const LRU = 0;
const PLRU = 1;
const RANDOM = 2;

/** Default seed for 'random' replacement when none is given. */
export const DEFAULT_REPL_SEED = 0x2545f491;

function isPow2(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0 && n <= 2 ** 30;
}

/**
 * Per-set replacement state for `sets` x `ways` entries. touch(set, way)
 * records a use; victim(set) picks the way to replace when every way of the
 * set is valid. No allocation after construction.
 */
export class Replacement {
  readonly kind: number;
  private readonly ways: number;
  private readonly levels: number;
  private readonly waysPow2: boolean;
  /** LRU: last-use stamp per entry (set * ways + way). */
  private readonly stamp: Float64Array;
  private clock = 0;
  /** PLRU: tree bits per set; bit n (1 <= n < ways) is heap node n, 1 = victim is in the right subtree. */
  private readonly tree: Int32Array;
  /**
   * PLRU: per way, the tree bits a touch of that way clears (AND mask) and
   * sets (OR mask): the root-to-leaf walk of touch() precomputed, so a touch
   * is one AND and one OR (same resulting bits as walking the path).
   */
  private readonly touchAnd: Int32Array;
  private readonly touchOr: Int32Array;
  private readonly seed: number;
  private rng: number;

  constructor(policy: ReplPolicy, sets: number, ways: number, seed = DEFAULT_REPL_SEED) {
    this.ways = ways;
    this.kind = policy === 'lru' ? LRU : policy === 'plru' ? PLRU : policy === 'random' ? RANDOM : -1;
    if (this.kind < 0) throw new RangeError(`unknown replacement policy ${String(policy)}`);
    if (this.kind === PLRU && (!isPow2(ways) || ways > 32)) {
      throw new RangeError(`tree PLRU needs a power-of-two way count <= 32, got ${ways}`);
    }
    this.levels = Math.round(Math.log2(ways));
    this.waysPow2 = isPow2(ways);
    this.stamp = new Float64Array(this.kind === LRU ? sets * ways : 0);
    this.tree = new Int32Array(this.kind === PLRU ? sets : 0);
    this.touchAnd = new Int32Array(this.kind === PLRU ? ways : 0);
    this.touchOr = new Int32Array(this.kind === PLRU ? ways : 0);
    if (this.kind === PLRU) {
      for (let way = 0; way < ways; way++) {
        // Walk root to leaf along `way`'s bits (MSB first), pointing every
        // node on the path at the other subtree.
        let and = ~0;
        let or = 0;
        let node = 1;
        for (let l = this.levels - 1; l >= 0; l--) {
          const right = (way >>> l) & 1;
          if (right) and &= ~(1 << node);
          else or |= 1 << node;
          node = 2 * node + right;
        }
        this.touchAnd[way] = and;
        this.touchOr[way] = or;
      }
    }
    // xorshift32 has one fixed point, 0: map it to the default seed.
    this.seed = (seed >>> 0) === 0 ? DEFAULT_REPL_SEED : seed >>> 0;
    this.rng = this.seed;
  }

  /** Record a use of (set, way). */
  touch(set: number, way: number): void {
    if (this.kind === LRU) {
      this.stamp[set * this.ways + way] = ++this.clock;
    } else if (this.kind === PLRU) {
      // the path of `way` (precomputed masks, see touchAnd)
      this.tree[set] = (this.tree[set] & this.touchAnd[way]) | this.touchOr[way];
    }
  }

  /** The way to evict from a full set. */
  victim(set: number): number {
    if (this.kind === LRU) {
      const base = set * this.ways;
      let best = 0;
      let oldest = this.stamp[base];
      for (let w = 1; w < this.ways; w++) {
        const s = this.stamp[base + w];
        if (s < oldest) {
          oldest = s;
          best = w;
        }
      }
      return best;
    }
    if (this.kind === PLRU) {
      const bits = this.tree[set];
      let node = 1;
      let way = 0;
      for (let l = 0; l < this.levels; l++) {
        const right = (bits >>> node) & 1;
        way = (way << 1) | right;
        node = 2 * node + right;
      }
      return way;
    }
    // xorshift32 (Marsaglia, "Xorshift RNGs", 2003: shifts 13, 17, 5).
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    // An int32 modulo (x >>> 1 is a non-negative int32): a uint32 above
    // 2^31 would make V8 take the slow floating-point modulo.
    return this.waysPow2 ? x & (this.ways - 1) : (x >>> 1) % this.ways;
  }

  /** Back to the state after construction (same seed). */
  reset(): void {
    this.stamp.fill(0);
    this.clock = 0;
    this.tree.fill(0);
    this.rng = this.seed;
  }
}

/** Geometry and policy of one cache. */
export interface CacheConfig {
  name: string;
  sizeBytes: number;
  ways: number;
  /** Line size in bytes (default 64). */
  lineBytes?: number;
  policy: ReplPolicy;
  /** Seed for 'random' replacement. */
  seed?: number;
}

/** A set-associative cache's tags, dirty bits, replacement state and counters. */
export class Cache {
  readonly name: string;
  readonly sets: number;
  readonly ways: number;
  readonly lineBytes: number;
  readonly policy: ReplPolicy;
  /** Line number per entry (index set * ways + way); -1 = invalid. */
  readonly tags: Float64Array;
  /** 1 = the entry's line is dirty. */
  readonly dirty: Uint8Array;
  private readonly repl: Replacement;
  private readonly setMask: number;
  /** Way most recently touched in each set. */
  private readonly mru: Int32Array;
  /** Valid ways in each set. */
  private readonly valid: Int32Array;

  // Counters (plain fields: read them directly; resetCounters() zeroes them).
  /** lookup() hits (fast path included). */
  hits = 0;
  /** lookup() misses. */
  misses = 0;
  /** Lines inserted by fill(). */
  fills = 0;
  /** Valid lines displaced by fill(). */
  evictions = 0;
  /** Dirty lines displaced by fill() (each is a write to the next level). */
  writebacks = 0;

  /** Whether the line returned by the last fill() was dirty. */
  lastEvictDirty = false;
  /** Entry index of the last lookup() hit or fill() (-1 after a miss): lets the caller keep per-entry side state. */
  hitIdx = -1;

  // One-entry fast path: the last line that hit or was filled, and its entry.
  private lastLine = -1;
  private lastIdx = -1;

  constructor(cfg: CacheConfig) {
    const lineBytes = cfg.lineBytes ?? 64;
    const sets = cfg.sizeBytes / (cfg.ways * lineBytes);
    if (!Number.isInteger(cfg.ways) || cfg.ways < 1) throw new RangeError(`${cfg.name}: bad way count ${cfg.ways}`);
    if (!isPow2(lineBytes)) throw new RangeError(`${cfg.name}: line size ${lineBytes} is not a power of two`);
    if (!isPow2(sets)) throw new RangeError(`${cfg.name}: ${cfg.sizeBytes} B / (${cfg.ways} ways x ${lineBytes} B) = ${sets} sets, not a power of two`);
    this.name = cfg.name;
    this.sets = sets;
    this.ways = cfg.ways;
    this.lineBytes = lineBytes;
    this.policy = cfg.policy;
    this.setMask = sets - 1;
    this.tags = new Float64Array(sets * cfg.ways).fill(-1);
    this.dirty = new Uint8Array(sets * cfg.ways);
    this.mru = new Int32Array(sets);
    this.valid = new Int32Array(sets);
    this.repl = new Replacement(cfg.policy, sets, cfg.ways, cfg.seed);
  }

  /**
   * Demand access to `line` (a non-negative integer < 2^53). Hit: update
   * replacement, set the dirty bit when `write`, return true. Miss: count it,
   * change nothing, return false (the caller decides whether to fill()).
   */
  lookup(line: number, write: boolean): boolean {
    if (line === this.lastLine) {
      this.hits++;
      if (write) this.dirty[this.lastIdx] = 1;
      this.hitIdx = this.lastIdx;
      return true;
    }
    const ways = this.ways;
    // `&` keeps the low 32 bits of any integer < 2^53, so the set index is exact.
    const set = line & this.setMask;
    const base = set * ways;
    const tags = this.tags;
    const m = base + this.mru[set];
    if (tags[m] === line) {
      this.hits++;
      if (write) this.dirty[m] = 1;
      this.lastLine = line;
      this.lastIdx = m;
      this.hitIdx = m;
      return true;
    }
    for (let w = 0; w < ways; w++) {
      if (tags[base + w] === line) {
        const i = base + w;
        this.hits++;
        if (write) this.dirty[i] = 1;
        this.repl.touch(set, w);
        this.mru[set] = w;
        this.lastLine = line;
        this.lastIdx = i;
        this.hitIdx = i;
        return true;
      }
    }
    this.misses++;
    this.hitIdx = -1;
    return false;
  }

  /**
   * Insert `line` (dirty or clean) as the most recently used line of its set.
   * Returns the displaced line number, or -1 when an invalid way was used;
   * lastEvictDirty says whether the displaced line was dirty (a writeback).
   * If the line is already present it is only touched (and made dirty when
   * `dirty`), nothing is counted and -1 is returned.
   */
  fill(line: number, dirty: boolean): number {
    const ways = this.ways;
    const set = line & this.setMask;
    const base = set * ways;
    const tags = this.tags;
    for (let w = 0; w < ways; w++) {
      if (tags[base + w] === line) {
        const i = base + w;
        if (dirty) this.dirty[i] = 1;
        this.repl.touch(set, w);
        this.mru[set] = w;
        this.lastLine = line;
        this.lastIdx = i;
        this.hitIdx = i;
        this.lastEvictDirty = false;
        return -1;
      }
    }
    return this.fillNew(line, dirty);
  }

  /**
   * fill() for a line known to be absent (a lookup() of it just missed and
   * nothing inserted it since): skips the presence check. Precondition not
   * checked — filling a present line this way would duplicate it.
   */
  fillNew(line: number, dirty: boolean): number {
    const ways = this.ways;
    const set = line & this.setMask;
    const base = set * ways;
    const tags = this.tags;
    this.fills++;
    let evicted = -1;
    this.lastEvictDirty = false;
    let way = -1;
    if (this.valid[set] < ways) {
      for (let w = 0; w < ways; w++) {
        if (tags[base + w] === -1) {
          way = w;
          break;
        }
      }
      this.valid[set]++;
    } else {
      way = this.repl.victim(set);
      evicted = tags[base + way];
      this.evictions++;
      if (this.dirty[base + way] === 1) {
        this.writebacks++;
        this.lastEvictDirty = true;
      }
    }
    const i = base + way;
    tags[i] = line;
    this.dirty[i] = dirty ? 1 : 0;
    this.repl.touch(set, way);
    this.mru[set] = way;
    this.lastLine = line;
    this.lastIdx = i;
    this.hitIdx = i;
    return evicted;
  }

  /**
   * Drop `line` without writing it back (the caller moves or writes it).
   * Returns -1 if absent, else its dirty bit (0 or 1). Counts nothing.
   */
  invalidateLine(line: number): number {
    const set = line & this.setMask;
    if (this.valid[set] === 0) return -1;
    // fields in locals: the scan is on every L2/L3 allocation path
    const ways = this.ways;
    const tags = this.tags;
    const base = set * ways;
    for (let w = 0; w < ways; w++) {
      const i = base + w;
      if (tags[i] === line) {
        const d = this.dirty[i];
        tags[i] = -1;
        this.dirty[i] = 0;
        this.valid[set]--;
        if (this.lastLine === line) {
          this.lastLine = -1;
          this.lastIdx = -1;
        }
        return d;
      }
    }
    return -1;
  }

  /**
   * Mark a present line dirty (a writeback from the level above arriving
   * here). Touches neither replacement state nor counters. Returns false when
   * the line is absent.
   */
  setDirty(line: number): boolean {
    const ways = this.ways;
    const tags = this.tags;
    const base = (line & this.setMask) * ways;
    for (let w = 0; w < ways; w++) {
      if (tags[base + w] === line) {
        this.dirty[base + w] = 1;
        return true;
      }
    }
    return false;
  }

  /** Whether `line` is present. No side effects. */
  has(line: number): boolean {
    const ways = this.ways;
    const tags = this.tags;
    const base = (line & this.setMask) * ways;
    for (let w = 0; w < ways; w++) if (tags[base + w] === line) return true;
    return false;
  }

  /** Whether `line` is present and dirty. No side effects. */
  isDirty(line: number): boolean {
    const base = (line & this.setMask) * this.ways;
    for (let w = 0; w < this.ways; w++) if (this.tags[base + w] === line) return this.dirty[base + w] === 1;
    return false;
  }

  /** Number of valid lines (for tests and reports; O(size)). */
  validLines(): number {
    let n = 0;
    for (let i = 0; i < this.tags.length; i++) if (this.tags[i] !== -1) n++;
    return n;
  }

  /** Invalidate every line (dirty data is discarded, nothing is counted) and reset replacement state. */
  clear(): void {
    this.tags.fill(-1);
    this.dirty.fill(0);
    this.mru.fill(0);
    this.valid.fill(0);
    this.repl.reset();
    this.lastLine = -1;
    this.lastIdx = -1;
    this.hitIdx = -1;
    this.lastEvictDirty = false;
  }

  resetCounters(): void {
    this.hits = 0;
    this.misses = 0;
    this.fills = 0;
    this.evictions = 0;
    this.writebacks = 0;
  }
}
