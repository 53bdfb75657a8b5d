// Tests of emulator/timing/tlb.ts: ASID tagging, global entries, each TLBI
// kind, capacity eviction, and the walk cache. Expectations are hand-derived.

import { describe, expect, it } from 'vitest';
import { Tlb, WalkCache } from '../../../emulator/timing/tlb.ts';

const fa = (entries: number) => new Tlb({ name: 'dtlb', entries, ways: entries, policy: 'lru' });

describe('Tlb: ASIDs and global entries', () => {
  it('isolates ASIDs', () => {
    const t = fa(16);
    t.fill(5, 1, false);
    expect(t.lookup(5, 1)).toBe(true);
    expect(t.lookup(5, 2)).toBe(false);
    expect(t.lookup(6, 1)).toBe(false);
    expect([t.hits, t.misses]).toEqual([1, 2]);
    // The same VPN for another ASID is a separate entry.
    t.fill(5, 2, false);
    expect(t.validEntries()).toBe(2);
    expect(t.lookup(5, 1)).toBe(true);
    expect(t.lookup(5, 2)).toBe(true);
  });

  it('global entries match every ASID', () => {
    const t = fa(16);
    t.fill(7, 1, true);
    expect(t.lookup(7, 1)).toBe(true);
    expect(t.lookup(7, 2)).toBe(true);
    expect(t.lookup(7, 255)).toBe(true);
    // Refilling as non-global for another ASID reuses the global entry.
    t.fill(7, 3, false);
    expect(t.validEntries()).toBe(1);
  });

  it('has() has no side effects', () => {
    const t = new Tlb({ name: 'x', entries: 2, ways: 2, policy: 'lru' });
    t.fill(1, 0, false);
    t.fill(2, 0, false);
    expect(t.has(1, 0)).toBe(true); // must not refresh 1
    expect(t.hits + t.misses).toBe(0);
    expect(t.fill(3, 0, false)).toBe(1);
  });
});

describe('Tlb: invalidation', () => {
  function populated(): Tlb {
    const t = fa(16);
    t.fill(10, 1, false); // (10, asid 1)
    t.fill(10, 2, false); // (10, asid 2)
    t.fill(11, 1, false); // (11, asid 1)
    t.fill(12, 0, true); //  12 global
    t.fill(13, 2, false); // (13, asid 2)
    return t;
  }

  it('by VA and ASID (TLBI VAE1): that ASID\'s entry and global entries for the VA', () => {
    const t = populated();
    expect(t.invalidateVa(10, 1)).toBe(1);
    expect(t.has(10, 1)).toBe(false);
    expect(t.has(10, 2)).toBe(true);
    // A global entry goes whatever ASID the TLBI names.
    expect(t.invalidateVa(12, 7)).toBe(1);
    expect(t.has(12, 1)).toBe(false);
    expect(t.validEntries()).toBe(3);
  });

  it('by VA, all ASIDs (TLBI VAAE1, asid < 0)', () => {
    const t = populated();
    expect(t.invalidateVa(10, -1)).toBe(2);
    expect(t.has(10, 1) || t.has(10, 2)).toBe(false);
    expect(t.validEntries()).toBe(3);
  });

  it('by ASID (TLBI ASIDE1): non-global entries of that ASID only', () => {
    const t = populated();
    expect(t.invalidateAsid(1)).toBe(2); // (10,1) and (11,1)
    expect(t.has(10, 1)).toBe(false);
    expect(t.has(11, 1)).toBe(false);
    expect(t.has(12, 1)).toBe(true); // global survives
    expect(t.has(10, 2)).toBe(true);
    expect(t.has(13, 2)).toBe(true);
  });

  it('all (TLBI VMALLE1)', () => {
    const t = populated();
    t.invalidateAll();
    expect(t.validEntries()).toBe(0);
    expect(t.lookup(12, 0)).toBe(false);
  });
});

describe('Tlb: capacity', () => {
  it('fully associative LRU evicts the least recently used page', () => {
    // 4 entries: fill 0,1,2,3; touch 0; fill 4 evicts 1; fill 5 evicts 2.
    const t = fa(4);
    for (let v = 0; v < 4; v++) t.fill(v, 1, false);
    expect(t.lookup(0, 1)).toBe(true);
    expect(t.fill(4, 1, false)).toBe(1);
    expect(t.fill(5, 1, false)).toBe(2);
    expect(t.lookup(1, 1)).toBe(false);
    expect(t.lookup(0, 1)).toBe(true);
    expect(t.evictions).toBe(2);
    expect(t.validEntries()).toBe(4);
  });

  it('set associative: only pages of the same set compete', () => {
    // 8 entries, 2 ways: 4 sets, set = vpn & 3. 0, 4, 8 share set 0.
    const t = new Tlb({ name: 'l2tlb', entries: 8, ways: 2, policy: 'lru' });
    expect(t.sets).toBe(4);
    t.fill(0, 1, false);
    t.fill(4, 1, false);
    t.fill(1, 1, false); // set 1, no effect on set 0
    expect(t.fill(8, 1, false)).toBe(0);
    expect(t.has(4, 1)).toBe(true);
    expect(t.has(1, 1)).toBe(true);
  });

  it('the lookup hint never returns a wrong hit', () => {
    // 1, 257 and 513 share hint slot 1 (vpn & 255).
    const t = fa(48);
    t.fill(1, 1, false);
    t.fill(257, 1, false);
    expect(t.lookup(1, 1)).toBe(true);
    expect(t.lookup(257, 1)).toBe(true);
    expect(t.lookup(513, 1)).toBe(false);
    expect(t.lookup(257, 2)).toBe(false);
    t.invalidateVa(257, 1);
    expect(t.lookup(257, 1)).toBe(false);
    expect(t.lookup(1, 1)).toBe(true);
  });

  it('rejects a geometry with a non-power-of-two set count', () => {
    expect(() => new Tlb({ name: 'x', entries: 12, ways: 4, policy: 'lru' })).toThrow(RangeError);
    expect(new Tlb({ name: 'itlb', entries: 15, ways: 15, policy: 'lru' }).sets).toBe(1); // A55 I-TLB [S6]
  });
});

describe('WalkCache', () => {
  const GiB = 2 ** 30;
  const MiB2 = 2 ** 21;
  // A 48-bit VA: L0 index 1, L1 index 2, L2 index 3.
  const va = 1 * 2 ** 39 + 2 * GiB + 3 * MiB2 + 0x5000;

  it('a second walk of the same 2 MiB region reads only the L3 descriptor', () => {
    const w = new WalkCache({ name: 'walk', entries: 64, ways: 4, policy: 'lru' });
    expect(w.walkStart(va, 1, 0, 3)).toBe(0); // cold: read L0..L3
    expect([w.hits, w.misses]).toEqual([0, 1]);
    expect(w.validEntries()).toBe(3); // L0, L1, L2 table descriptors cached
    expect(w.walkStart(va + 0x1000, 1, 0, 3)).toBe(3); // same L2 table
    // Another 2 MiB region in the same 1 GiB: the L1 descriptor is cached.
    expect(w.walkStart(va + MiB2, 1, 0, 3)).toBe(2);
    // Another 1 GiB region under the same L0 entry.
    expect(w.walkStart(va + GiB, 1, 0, 3)).toBe(1);
    expect([w.hits, w.misses]).toEqual([3, 1]);
  });

  it('is tagged by ASID and invalidated by VA, ASID and all', () => {
    const w = new WalkCache({ name: 'walk', entries: 64, ways: 4, policy: 'lru' });
    w.walkStart(va, 1, 0, 3);
    expect(w.walkStart(va, 2, 0, 3)).toBe(0); // other ASID: miss
    w.invalidateVa(va, 1);
    expect(w.lookup(va, 1, 2)).toBe(false);
    expect(w.lookup(va, 2, 2)).toBe(true);
    w.invalidateAsid(2);
    expect(w.lookup(va, 2, 0)).toBe(false);
    w.walkStart(va, 3, 0, 3);
    w.invalidateAll();
    expect(w.validEntries()).toBe(0);
  });

  it('a walk ending at a block or a fault caches only the table levels above it', () => {
    const w = new WalkCache({ name: 'walk', entries: 64, ways: 4, policy: 'lru' });
    // 2 MiB block: descriptors at L0, L1, L2 (leaf). Cached: L0, L1.
    expect(w.walkStart(va, 1, 0, 2)).toBe(0);
    expect(w.validEntries()).toBe(2);
    expect(w.lookup(va, 1, 2)).toBe(false);
    expect(w.walkStart(va, 1, 0, 2)).toBe(2);
  });

  it('capacity: 4 entries in one set evict the least recently used', () => {
    // 4 entries, 4 ways (one set); 2 MiB regions r0, r1, r2 under one L1 table.
    //   walk r0: misses; fills L0, L1, L2(r0)          use order L0, L1, L2r0
    //   walk r1: L2(r1) miss, L1 hit; fills L2(r1)     L0, L2r0, L1, L2r1
    //   walk r2: L2(r2) miss, L1 hit; fill evicts L0   L2r0, L1, L2r1, L2r2
    const w = new WalkCache({ name: 'walk', entries: 4, ways: 4, policy: 'lru' });
    w.walkStart(va, 1, 0, 3);
    w.walkStart(va + MiB2, 1, 0, 3);
    expect(w.validEntries()).toBe(4);
    expect(w.walkStart(va + 2 * MiB2, 1, 0, 3)).toBe(2);
    expect(w.lookup(va, 1, 0)).toBe(false); // L0 was LRU and is gone
    expect(w.lookup(va, 1, 2)).toBe(true);
  });
});
