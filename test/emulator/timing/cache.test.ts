// Tests of emulator/timing/cache.ts. Expected hit/miss sequences are worked
// out by hand in the comments (not taken from the code).

import { describe, expect, it } from 'vitest';
import { Cache, Replacement, type ReplPolicy } from '../../../emulator/timing/cache.ts';

/** access = lookup, and fill on a miss; returns 'H' or 'M' per access and the evicted lines. */
function run(c: Cache, lines: number[], writes: boolean[] = []): { trace: string; evicted: number[] } {
  let trace = '';
  const evicted: number[] = [];
  lines.forEach((ln, i) => {
    const w = writes[i] ?? false;
    if (c.lookup(ln, w)) trace += 'H';
    else {
      trace += 'M';
      const v = c.fill(ln, w);
      if (v >= 0) evicted.push(v);
    }
  });
  return { trace, evicted };
}

const tiny = (policy: ReplPolicy, sets: number, ways: number, seed?: number) =>
  new Cache({ name: 't', sizeBytes: sets * ways * 64, ways, policy, seed });

describe('Cache geometry', () => {
  it('derives sets from size, ways and line size', () => {
    const c = new Cache({ name: 'l1d', sizeBytes: 64 * 1024, ways: 16, policy: 'random' });
    expect(c.sets).toBe(64); // 65536 / (16 * 64)
    expect(c.lineBytes).toBe(64);
    expect(c.tags.length).toBe(1024);
    expect(c.validLines()).toBe(0);
  });

  it('rejects non-power-of-two set counts and PLRU on non-power-of-two ways', () => {
    expect(() => new Cache({ name: 'x', sizeBytes: 3 * 64 * 4, ways: 4, policy: 'lru' })).toThrow(RangeError);
    expect(() => new Cache({ name: 'x', sizeBytes: 64 * 12 * 4, ways: 12, policy: 'plru' })).toThrow(RangeError);
    // 12 ways is fine for LRU and random (4 sets).
    expect(new Cache({ name: 'x', sizeBytes: 64 * 12 * 4, ways: 12, policy: 'lru' }).sets).toBe(4);
    expect(() => new Replacement('fifo' as ReplPolicy, 1, 2)).toThrow(RangeError);
  });
});

describe('LRU, 2 sets x 2 ways', () => {
  // Set = line & 1. Set 0 gets the even lines, set 1 the odd ones.
  //  #  line set  before      result  after (oldest first)  evicts
  //  1   0    0   {}          M       [0]
  //  2   2    0   [0]         M       [0,2]
  //  3   0    0   [0,2]       H       [2,0]
  //  4   4    0   [2,0]       M       [0,4]                  2
  //  5   2    0   [0,4]       M       [4,2]                  0
  //  6   0    0   [4,2]       M       [2,0]                  4
  //  7   2    0   [2,0]       H       [0,2]
  //  8   6    0   [0,2]       M       [2,6]                  0
  //  9   1    1   {}          M       [1]
  // 10   3    1   [1]         M       [1,3]
  // 11   2    0   [2,6]       H       [6,2]   (set 1 traffic does not age set 0)
  // 12   5    1   [1,3]       M       [3,5]                  1
  // 13   1    1   [3,5]       M       [5,1]                  3
  // 14   6    0   [6,2]       H       [2,6]
  const seq = [0, 2, 0, 4, 2, 0, 2, 6, 1, 3, 2, 5, 1, 6];

  it('gives the hand-computed hits, misses and victims', () => {
    const c = tiny('lru', 2, 2);
    const { trace, evicted } = run(c, seq);
    expect(trace).toBe('MMHMMMHMMMHMMH');
    expect(evicted).toEqual([2, 0, 4, 0, 1, 3]);
    expect(c.hits).toBe(4);
    expect(c.misses).toBe(10);
    expect(c.fills).toBe(10);
    expect(c.evictions).toBe(6);
    expect(c.writebacks).toBe(0);
    expect(c.validLines()).toBe(4);
  });

  it('2-way tree PLRU is exact LRU', () => {
    const { trace, evicted } = run(tiny('plru', 2, 2), seq);
    expect(trace).toBe('MMHMMMHMMMHMMH');
    expect(evicted).toEqual([2, 0, 4, 0, 1, 3]);
  });

  it('repeated hits through the one-entry fast path keep LRU order exact', () => {
    // 1 set x 2 ways. 0 M, 2 M, 2 H, 2 H (fast path), 0 H (slow path: 2 is
    // now LRU), 0 H (fast), 4 M evicts 2, 0 H, 2 M evicts 4.
    const c = tiny('lru', 1, 2);
    const { trace, evicted } = run(c, [0, 2, 2, 2, 0, 0, 4, 0, 2]);
    expect(trace).toBe('MMHHHHMHM');
    expect(evicted).toEqual([2, 4]);
  });
});

describe('tree PLRU, 1 set x 4 ways', () => {
  // Lines A..E = 0..4 (one set). Tree nodes: 1 = root, 2 = ways {0,1},
  // 3 = ways {2,3}; a bit of 1 means "the victim is on the right".
  //  fills A,B,C,D into ways 0..3 (invalid ways first); touching way 3 last
  //    leaves root=0 (left), node2=0 (way 0), node3=0 (way 2)
  //  A hit (way 0): root=1, node2=1
  //  E miss: victim root 1 -> node3 0 -> way 2 = C. (True LRU would evict B.)
  //    fill way 2: root=0, node3=1
  //  B hit (way 1): root=1, node2=0
  //  C miss: victim root 1 -> node3 1 -> way 3 = D; fill: root=0, node3=0
  //  D miss: victim root 0 -> node2 0 -> way 0 = A
  const seq = [0, 1, 2, 3, 0, 4, 1, 2, 3];

  it('follows the tree bits', () => {
    const { trace, evicted } = run(tiny('plru', 1, 4), seq);
    expect(trace).toBe('MMMMHMHMM');
    expect(evicted).toEqual([2, 3, 0]);
  });

  it('differs from true LRU on the same sequence', () => {
    // LRU: after A hit the order is B,C,D,A; E evicts B; B misses and evicts
    // C; C evicts D; D evicts A.
    const { trace, evicted } = run(tiny('lru', 1, 4), seq);
    expect(trace).toBe('MMMMHMMMM');
    expect(evicted).toEqual([1, 2, 3, 0]);
  });
});

describe('random replacement', () => {
  /** A fixed pseudo-random line sequence (LCG, Numerical Recipes constants). */
  function lines(n: number, range: number): number[] {
    let x = 12345;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      out.push(x % range);
    }
    return out;
  }
  const seq = lines(5000, 64);

  it('is deterministic: same seed, same results, every run', () => {
    const a = tiny('random', 4, 4, 7);
    const b = tiny('random', 4, 4, 7);
    const ra = run(a, seq);
    const rb = run(b, seq);
    expect(ra.trace).toBe(rb.trace);
    expect(ra.evicted).toEqual(rb.evicted);
    expect(Array.from(a.tags)).toEqual(Array.from(b.tags));
    // clear() restarts the generator: a third run on `a` repeats the first.
    a.clear();
    expect(run(a, seq).trace).toBe(ra.trace);
  });

  it('depends on the seed', () => {
    expect(run(tiny('random', 4, 4, 7), seq).trace).not.toBe(run(tiny('random', 4, 4, 8), seq).trace);
  });

  it('fills invalid ways before evicting, and only evicts from the right set', () => {
    const c = tiny('random', 2, 4, 3);
    // Lines 0,2,4,6 fill set 0; no evictions.
    expect(run(c, [0, 2, 4, 6]).evicted).toEqual([]);
    const { evicted } = run(c, [8, 10, 12]);
    expect(evicted.length).toBe(3);
    for (const v of evicted) expect(v % 2).toBe(0);
    expect(c.validLines()).toBe(4);
  });
});

describe('dirty lines', () => {
  it('a dirty eviction counts a writeback and sets lastEvictDirty', () => {
    // 1 set x 2 ways LRU: 0 filled clean, written by a hit -> dirty; 1 filled;
    // 2 evicts 0 (LRU, dirty: writeback); 3 evicts 1 (clean).
    const c = tiny('lru', 1, 2);
    expect(c.fill(0, false)).toBe(-1);
    expect(c.lookup(0, true)).toBe(true);
    expect(c.isDirty(0)).toBe(true);
    expect(c.fill(1, false)).toBe(-1);
    expect(c.fill(2, false)).toBe(0);
    expect(c.lastEvictDirty).toBe(true);
    expect(c.writebacks).toBe(1);
    expect(c.fill(3, false)).toBe(1);
    expect(c.lastEvictDirty).toBe(false);
    expect(c.writebacks).toBe(1);
    expect(c.evictions).toBe(2);
  });

  it('fill(dirty) and a write through the fast path both mark the line', () => {
    const c = tiny('lru', 1, 2);
    c.fill(5, true);
    expect(c.isDirty(5)).toBe(true);
    c.fill(6, false);
    expect(c.lookup(6, false)).toBe(true); // fast path (6 was the last fill): a read leaves it clean
    expect(c.isDirty(6)).toBe(false);
    expect(c.lookup(6, true)).toBe(true); // fast path write
    expect(c.isDirty(6)).toBe(true);
  });

  it('setDirty marks a present line without touching replacement or counters', () => {
    // 1 x 2 LRU: fill 0, fill 1 (0 is LRU); setDirty(0) must not refresh 0,
    // so filling 2 evicts 0, dirty.
    const c = tiny('lru', 1, 2);
    c.fill(0, false);
    c.fill(1, false);
    expect(c.setDirty(0)).toBe(true);
    expect(c.setDirty(9)).toBe(false);
    expect(c.hits + c.misses).toBe(0);
    expect(c.fill(2, false)).toBe(0);
    expect(c.lastEvictDirty).toBe(true);
  });
});

describe('side-effect-free queries, invalidation, clear', () => {
  it('has() does not update replacement', () => {
    // 1 x 2 LRU: fill 0, fill 2; has(0) must not make 0 recent: fill 4 evicts 0.
    const c = tiny('lru', 1, 2);
    c.fill(0, false);
    c.fill(2, false);
    expect(c.has(0)).toBe(true);
    expect(c.has(4)).toBe(false);
    expect(c.hits + c.misses).toBe(0);
    expect(c.fill(4, false)).toBe(0);
  });

  it('invalidateLine drops the line (and the fast path), returns its dirty bit', () => {
    const c = tiny('lru', 1, 2);
    c.fill(7, true);
    expect(c.lookup(7, false)).toBe(true); // fast path armed on 7
    expect(c.invalidateLine(7)).toBe(1);
    expect(c.lookup(7, false)).toBe(false);
    expect(c.invalidateLine(7)).toBe(-1);
    c.fill(8, false);
    expect(c.invalidateLine(8)).toBe(0);
    // The freed ways are reused before any eviction.
    expect(c.fill(9, false)).toBe(-1);
    expect(c.fill(10, false)).toBe(-1);
  });

  it('fill of a present line only touches it', () => {
    const c = tiny('lru', 1, 2);
    c.fill(0, false);
    c.fill(1, false);
    expect(c.fill(0, true)).toBe(-1); // 0 now MRU and dirty
    expect(c.fills).toBe(2);
    expect(c.isDirty(0)).toBe(true);
    expect(c.fill(2, false)).toBe(1);
  });

  it('clear() empties the cache, resetCounters() zeroes the counters', () => {
    const c = tiny('plru', 2, 2);
    run(c, [0, 1, 2, 3, 4, 0]);
    c.clear();
    expect(c.validLines()).toBe(0);
    expect(c.lookup(0, false)).toBe(false);
    expect(c.misses).toBeGreaterThan(0);
    c.resetCounters();
    expect([c.hits, c.misses, c.fills, c.evictions, c.writebacks]).toEqual([0, 0, 0, 0, 0]);
  });

  it('line numbers above 2^32 index by their low bits', () => {
    // 2^34 + 1 and 1 share set 1 of a 2-set cache but are different lines.
    const c = tiny('lru', 2, 2);
    const big = 2 ** 34 + 1;
    c.fill(big, false);
    expect(c.has(1)).toBe(false);
    c.fill(1, false);
    expect(c.has(big)).toBe(true);
    expect(c.fill(3, false)).toBe(big); // set 1, LRU = big
  });
});

describe('fast paths keep LRU exact (against a reference model)', () => {
  /** Reference: per set, an array of lines ordered least to most recent. */
  class RefLru {
    readonly sets: number[][];
    constructor(nsets: number, readonly ways: number) {
      this.sets = Array.from({ length: nsets }, () => []);
    }
    access(line: number): { hit: boolean; evicted: number } {
      const s = this.sets[line % this.sets.length];
      const i = s.indexOf(line);
      if (i >= 0) {
        s.splice(i, 1);
        s.push(line);
        return { hit: true, evicted: -1 };
      }
      s.push(line);
      return { hit: false, evicted: s.length > this.ways ? s.shift()! : -1 };
    }
    invalidate(line: number): void {
      const s = this.sets[line % this.sets.length];
      const i = s.indexOf(line);
      if (i >= 0) s.splice(i, 1);
    }
  }

  it('matches on 20,000 random accesses with repeats and invalidations', () => {
    const c = tiny('lru', 4, 4);
    const ref = new RefLru(4, 4);
    let x = 7;
    for (let i = 0; i < 20000; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      const r = x >>> 24;
      // Mostly a small working set (many same-line and same-set repeats),
      // sometimes an invalidation.
      const line = r < 128 ? (x >>> 8) % 24 : (x >>> 8) % 40;
      if (r > 245) {
        c.invalidateLine(line);
        ref.invalidate(line);
        continue;
      }
      const want = ref.access(line);
      const hit = c.lookup(line, false);
      expect(hit).toBe(want.hit);
      if (!hit) expect(c.fillNew(line, false)).toBe(want.evicted);
    }
  });
});
