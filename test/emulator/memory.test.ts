// Tests of emulator/memory.ts: lazy chunk backing, little-endian sized
// accesses, allocation tags, page and DC block operations, snapshots.

import { describe, expect, it } from 'vitest';
import {
  CHUNK_SHIFT,
  CHUNK_SIZE,
  DEFAULT_MEM_SIZE,
  GRANULE,
  HostLimitError,
  PAGE_SIZE,
  POISON_BYTE,
  POISON_TAG,
  PhysMem,
} from '../../emulator/memory.ts';

const MiB = 1 << 20;
const CHUNK_COST = CHUNK_SIZE + CHUNK_SIZE / 16;

describe('PhysMem basics', () => {
  it('exports the layout constants', () => {
    expect(PAGE_SIZE).toBe(4096);
    expect(GRANULE).toBe(16);
    expect(CHUNK_SHIFT).toBe(20);
    expect(CHUNK_SIZE).toBe(MiB);
    expect(new PhysMem().size).toBe(DEFAULT_MEM_SIZE);
    expect(DEFAULT_MEM_SIZE).toBe(1 << 30);
  });

  it('rejects sizes that are not whole pages or too large', () => {
    expect(() => new PhysMem(1000)).toThrow(HostLimitError);
    expect(() => new PhysMem(0)).toThrow(HostLimitError);
    expect(() => new PhysMem(2 ** 41)).toThrow(HostLimitError);
    expect(new PhysMem(64 * 1024).size).toBe(65536);
  });

  it('reads untouched memory as zero without allocating anything', () => {
    const m = new PhysMem();
    expect(m.read8(0)).toBe(0);
    expect(m.read16(12345)).toBe(0);
    expect(m.read32(0x3fff_fffc)).toBe(0);
    expect(m.read64lo(0x1000_0000)).toBe(0);
    expect(m.read64hi(0x1000_0000)).toBe(0);
    expect(m.getTag(0x2000_0010)).toBe(0);
    expect([...m.getTags(0x2000_0000, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...m.readBytes(CHUNK_SIZE - 3, 6)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(m.isBacked(0)).toBe(false);
    expect(m.allocatedBytes()).toBe(0);
  });

  it('zero writes to untouched memory allocate nothing', () => {
    const m = new PhysMem(16 * MiB);
    m.zeroPage(0x5000);
    m.clearTagsPage(0x5000);
    m.setTags(0x6000, 256, 0);
    m.zeroBlock(0x7000, 64);
    m.gzvaBlock(0x7040, 64, 0);
    m.gvaBlock(0x7080, 64, 0);
    m.copyPage(0x9000, 0x8000, true);
    expect(m.allocatedBytes()).toBe(0);
  });

  it('backs one 1 MiB chunk (data + tags) on the first write', () => {
    const m = new PhysMem(16 * MiB);
    m.write8(3 * MiB + 5, 0xab);
    expect(m.allocatedBytes()).toBe(CHUNK_COST);
    expect(m.isBacked(3 * MiB)).toBe(true);
    expect(m.isBacked(2 * MiB)).toBe(false);
    m.write32(3 * MiB + 100, 1);
    m.setTag(3 * MiB + 4096, 3);
    expect(m.allocatedBytes()).toBe(CHUNK_COST);
    m.setTag(5 * MiB, 3);
    expect(m.allocatedBytes()).toBe(2 * CHUNK_COST);
    expect(m.chunkBase(3 * MiB + 5)).toBe(3 * MiB);
  });
});

describe('sized accesses', () => {
  it('is little endian at any alignment', () => {
    const m = new PhysMem(4 * MiB);
    m.write32(0x1000, 0x11223344);
    expect([m.read8(0x1000), m.read8(0x1001), m.read8(0x1002), m.read8(0x1003)]).toEqual([0x44, 0x33, 0x22, 0x11]);
    expect(m.read16(0x1000)).toBe(0x3344);
    expect(m.read16(0x1001)).toBe(0x2233);
    m.write32(0x2003, 0xdeadbeef);
    expect(m.read32(0x2003)).toBe(0xdeadbeef); // unsigned
    expect(m.read32(0x2003) | 0).toBe(-559038737);
    m.write16(0x3001, 0xbeef);
    expect(m.read8(0x3001)).toBe(0xef);
    expect(m.read8(0x3002)).toBe(0xbe);
    m.write8(0x3003, 0x1ff);
    expect(m.read8(0x3003)).toBe(0xff);
  });

  it('stores 64-bit values as halves', () => {
    const m = new PhysMem(4 * MiB);
    m.write64(0x4000, 0x89abcdef, 0x01234567);
    expect(m.read64lo(0x4000)).toBe(0x89abcdef);
    expect(m.read64hi(0x4000)).toBe(0x01234567);
    expect(m.read8(0x4000)).toBe(0xef);
    expect(m.read8(0x4007)).toBe(0x01);
    m.write64(0x4009, -1, -2); // signed halves are fine
    expect(m.read64lo(0x4009)).toBe(0xffffffff);
    expect(m.read64hi(0x4009)).toBe(0xfffffffe);
  });

  it('handles an access that straddles two chunks', () => {
    const m = new PhysMem(4 * MiB);
    m.write32(CHUNK_SIZE - 2, 0xa1b2c3d4);
    expect(m.read8(CHUNK_SIZE - 2)).toBe(0xd4);
    expect(m.read8(CHUNK_SIZE + 1)).toBe(0xa1);
    expect(m.read32(CHUNK_SIZE - 2)).toBe(0xa1b2c3d4);
    m.write16(2 * CHUNK_SIZE - 1, 0x1234);
    expect(m.read16(2 * CHUNK_SIZE - 1)).toBe(0x1234);
    m.write64(CHUNK_SIZE - 5, 0x11223344, 0x55667788);
    expect(m.read64lo(CHUNK_SIZE - 5)).toBe(0x11223344);
    expect(m.read64hi(CHUNK_SIZE - 5)).toBe(0x55667788);
  });

  it('throws HostLimitError outside physical memory', () => {
    const m = new PhysMem(2 * MiB);
    expect(() => m.read8(2 * MiB)).toThrow(HostLimitError);
    expect(() => m.read32(2 * MiB - 2)).toThrow(/outside physical memory/);
    expect(() => m.read16(-1)).toThrow(HostLimitError);
    expect(() => m.read32(NaN)).toThrow(HostLimitError);
    expect(() => m.write64(2 * MiB - 4, 0, 0)).toThrow(HostLimitError);
    expect(() => m.write8(2 * MiB, 1)).toThrow(HostLimitError);
    expect(() => m.getTag(2 * MiB)).toThrow(HostLimitError);
    expect(() => m.readBytes(2 * MiB - 2, 3)).toThrow(HostLimitError);
    expect(() => m.chunkData(2 * MiB)).toThrow(HostLimitError);
    expect(() => m.zeroPage(2 * MiB)).toThrow(HostLimitError);
    expect(m.read32(2 * MiB - 4)).toBe(0);
  });

  it('copies byte ranges in and out across chunks', () => {
    const m = new PhysMem(4 * MiB);
    const src = new Uint8Array(300).map((_, i) => (i * 7) & 0xff);
    m.writeBytes(CHUNK_SIZE - 100, src);
    expect(m.readBytes(CHUNK_SIZE - 100, 300)).toEqual(src);
    const copy = m.readBytes(CHUNK_SIZE - 100, 4);
    copy[0] = 0x99;
    expect(m.read8(CHUNK_SIZE - 100)).toBe(0); // readBytes returns a copy
  });

  it('chunk arrays alias the memory and stay valid', () => {
    const m = new PhysMem(4 * MiB);
    const pa = MiB + 0x2340;
    const data = m.chunkData(pa);
    const view = m.chunkView(pa);
    const tags = m.chunkTags(pa);
    expect(m.allocatedBytes()).toBe(CHUNK_COST); // the getters back the chunk
    view.setUint32(pa & (CHUNK_SIZE - 1), 0xcafef00d, true);
    expect(m.read32(pa)).toBe(0xcafef00d);
    m.write8(pa + 8, 0x42);
    expect(data[(pa & (CHUNK_SIZE - 1)) + 8]).toBe(0x42);
    m.setTag(pa, 9);
    expect(tags[(pa & (CHUNK_SIZE - 1)) >>> 4]).toBe(9);
    expect(m.chunkData(pa + 4096)).toBe(data);
  });
});

describe('allocation tags', () => {
  it('keeps one 4-bit tag per 16-byte granule', () => {
    const m = new PhysMem(4 * MiB);
    m.setTag(0x1010, 0x1b); // only the low 4 bits are a tag
    expect(m.getTag(0x1010)).toBe(0xb);
    expect(m.getTag(0x101f)).toBe(0xb);
    expect(m.getTag(0x100f)).toBe(0);
    expect(m.getTag(0x1020)).toBe(0);
    m.setTag(0x1037, 5); // any address within the granule
    expect(m.getTag(0x1030)).toBe(5);
  });

  it('sets and reads granule ranges', () => {
    const m = new PhysMem(4 * MiB);
    m.setTags(0x2000, 64, 7);
    expect([...m.getTags(0x1ff0, 6)]).toEqual([0, 7, 7, 7, 7, 0]);
    m.setTags(CHUNK_SIZE - 32, 64, 3); // across a chunk boundary
    expect([...m.getTags(CHUNK_SIZE - 32, 4)]).toEqual([3, 3, 3, 3]);
    expect(() => m.setTags(0x2008, 16, 1)).toThrow(RangeError);
    expect(() => m.setTags(0x2000, 20, 1)).toThrow(RangeError);
  });

  it('tag writes do not touch data and data writes do not touch tags', () => {
    const m = new PhysMem(4 * MiB);
    m.write32(0x3000, 0x12345678);
    m.setTag(0x3000, 0xf);
    expect(m.read32(0x3000)).toBe(0x12345678);
    m.write32(0x3000, 0);
    expect(m.getTag(0x3000)).toBe(0xf);
  });
});

describe('page and block operations', () => {
  function dirtyPage(m: PhysMem, pa: number, seed: number): void {
    for (let i = 0; i < PAGE_SIZE; i += 4) m.write32(pa + i, (seed * 0x01000193 + i) >>> 0);
    for (let g = 0; g < PAGE_SIZE; g += GRANULE) m.setTag(pa + g, (seed + g / 16) & 0xf);
  }

  it('zeroPage zeroes data only; clearTagsPage clears tags only', () => {
    const m = new PhysMem(4 * MiB);
    dirtyPage(m, 0x5000, 1);
    const tags = m.getTags(0x5000, 256);
    m.zeroPage(0x5000);
    expect(m.readBytes(0x5000, PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(m.getTags(0x5000, 256)).toEqual(tags);
    dirtyPage(m, 0x5000, 2);
    const data = m.readBytes(0x5000, PAGE_SIZE);
    m.clearTagsPage(0x5000);
    expect(m.getTags(0x5000, 256).every((t) => t === 0)).toBe(true);
    expect(m.readBytes(0x5000, PAGE_SIZE)).toEqual(data);
    // neighbours untouched
    expect(m.read32(0x4ffc)).toBe(0);
    expect(() => m.zeroPage(0x5008)).toThrow(RangeError);
  });

  it('fillPage fills the data of exactly one page', () => {
    const m = new PhysMem(4 * MiB);
    m.setTag(0x6000, 4);
    m.fillPage(0x6000, 0x5a);
    expect(m.readBytes(0x6000, PAGE_SIZE).every((b) => b === 0x5a)).toBe(true);
    expect(m.read8(0x5fff)).toBe(0);
    expect(m.read8(0x7000)).toBe(0);
    expect(m.getTag(0x6000)).toBe(4);
  });

  it('copyPage copies data, and tags only when asked', () => {
    const m = new PhysMem(4 * MiB);
    dirtyPage(m, 0x8000, 3);
    const data = m.readBytes(0x8000, PAGE_SIZE);
    const tags = m.getTags(0x8000, 256);
    m.copyPage(MiB + 0x1000, 0x8000, false); // to another chunk
    expect(m.readBytes(MiB + 0x1000, PAGE_SIZE)).toEqual(data);
    expect(m.getTags(MiB + 0x1000, 256).every((t) => t === 0)).toBe(true);
    m.copyPage(0xa000, 0x8000, true);
    expect(m.readBytes(0xa000, PAGE_SIZE)).toEqual(data);
    expect(m.getTags(0xa000, 256)).toEqual(tags);
    // from an untouched chunk: zero data (and tags when asked)
    m.copyPage(0xa000, 3 * MiB, true);
    expect(m.readBytes(0xa000, PAGE_SIZE).every((b) => b === 0)).toBe(true);
    expect(m.getTags(0xa000, 256).every((t) => t === 0)).toBe(true);
    expect(() => m.copyPage(0xa000, 0x8010, false)).toThrow(RangeError);
  });

  it('zeroBlock (DC ZVA) zeroes data and keeps tags', () => {
    const m = new PhysMem(4 * MiB);
    dirtyPage(m, 0xb000, 4);
    const tags = m.getTags(0xb040, 4);
    m.zeroBlock(0xb040, 64);
    expect(m.readBytes(0xb040, 64).every((b) => b === 0)).toBe(true);
    expect(m.read8(0xb03f)).not.toBe(0);
    expect(m.read32(0xb080)).not.toBe(0);
    expect(m.getTags(0xb040, 4)).toEqual(tags);
  });

  it('gzvaBlock (DC GZVA) zeroes data and sets tags; gvaBlock (DC GVA) sets tags only', () => {
    const m = new PhysMem(4 * MiB);
    dirtyPage(m, 0xc000, 5);
    m.gzvaBlock(0xc000, 64, 0xa);
    expect(m.readBytes(0xc000, 64).every((b) => b === 0)).toBe(true);
    expect([...m.getTags(0xc000, 5)]).toEqual([0xa, 0xa, 0xa, 0xa, m.getTag(0xc040)]);
    expect(m.getTag(0xc040)).not.toBe(0xa);
    const before = m.readBytes(0xc040, 64);
    m.gvaBlock(0xc040, 64, 0x3);
    expect(m.readBytes(0xc040, 64)).toEqual(before);
    expect([...m.getTags(0xc040, 4)]).toEqual([3, 3, 3, 3]);
    // a whole page through GZVA, as the kernel's MTE_TAGGED refpage path does
    m.gzvaBlock(0xd000, PAGE_SIZE, 0x6);
    expect(m.getTags(0xd000, 256).every((t) => t === 6)).toBe(true);
    expect(() => m.gzvaBlock(0xc008, 64, 1)).toThrow(RangeError);
  });

  it('poisonPage fills data and tags with junk', () => {
    const m = new PhysMem(4 * MiB);
    m.poisonPage(0xe000);
    expect(m.readBytes(0xe000, PAGE_SIZE).every((b) => b === POISON_BYTE)).toBe(true);
    expect(m.getTags(0xe000, 256).every((t) => t === POISON_TAG)).toBe(true);
    expect(POISON_TAG).not.toBe(0);
    expect(m.read8(0xf000)).toBe(0);
  });
});

describe('snapshot / restore', () => {
  it('restores data and tags and zeroes chunks backed after the snapshot', () => {
    const m = new PhysMem(8 * MiB);
    m.write32(0x1000, 0x11111111);
    m.setTag(0x1000, 2);
    const snap = m.snapshot();
    expect(snap.bytes()).toBe(CHUNK_COST);
    const data0 = m.chunkData(0);
    m.write32(0x1000, 0x22222222);
    m.setTag(0x1000, 7);
    m.write32(5 * MiB, 0x33333333);
    m.setTag(5 * MiB, 1);
    const data5 = m.chunkData(5 * MiB);
    m.restore(snap);
    expect(m.read32(0x1000)).toBe(0x11111111);
    expect(m.getTag(0x1000)).toBe(2);
    expect(m.read32(5 * MiB)).toBe(0);
    expect(m.getTag(5 * MiB)).toBe(0);
    // arrays handed out before restore are still the live ones
    expect(m.chunkData(0)).toBe(data0);
    expect(m.chunkData(5 * MiB)).toBe(data5);
    data0[0x1000] = 0x44;
    expect(m.read8(0x1000)).toBe(0x44);
    // the snapshot itself is unaffected by later writes
    m.restore(snap);
    expect(m.read32(0x1000)).toBe(0x11111111);
  });

  it('refuses a snapshot of a different size', () => {
    const a = new PhysMem(2 * MiB);
    const b = new PhysMem(4 * MiB);
    expect(() => b.restore(a.snapshot())).toThrow(HostLimitError);
  });
});
