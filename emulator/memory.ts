// Tagged physical memory (DESIGN.md "emulator/", STYLE §8: RAM + tag storage
// only — no translation, no timing).
//
// Layout
//   Physical addresses are JS numbers in [0, size). Memory is cut into 1 MiB
//   chunks (CHUNK_SHIFT = 20). A chunk is backed lazily: until something is
//   written to it, it has no host storage and reads as zero data and zero
//   allocation tags. Backing a chunk allocates
//     data  Uint8Array(CHUNK_SIZE)        the bytes, little endian
//     view  DataView over `data`           for 16/32-bit accesses
//     tags  Uint8Array(CHUNK_SIZE / 16)   one byte per 16-byte granule; only
//                                          the low 4 bits are the allocation tag
//   Allocation tags are stored beside the data for every physical page, as on
//   a system with tag storage for all of DRAM; whether a page is Normal-Tagged
//   (and so whether the tags mean anything) is the MMU's business (MAIR attr
//   0xF0), not this file's. Arm ARM D10 "The Memory Tagging Extension",
//   "Allocation tags": 4 bits per 16-byte granule.
//
// Invariants
//   - Once a chunk is backed, its three arrays are never replaced or freed for
//     the lifetime of the PhysMem (restore() copies into them). The
//     interpreter's software TLB may therefore keep chunkData()/chunkView()/
//     chunkTags() references across any PhysMem operation.
//   - Unbacked chunks share one read-only zero chunk (never handed out by the
//     chunk* getters, which back the chunk first).
//   - A page never straddles a chunk (CHUNK_SIZE is a multiple of PAGE_SIZE);
//     sized accesses are meant to stay inside a page (the interpreter splits
//     page-crossing accesses, since each page translates separately), but an
//     access crossing a chunk is still handled (slowly) rather than corrupted.
//   - Out-of-range physical addresses are host errors (HostLimitError), not
//     guest faults: only the MMU turns guest addresses into physical ones and
//     it reports architectural faults itself. Misuse of an alignment contract
//     (page ops on unaligned addresses) is a RangeError: a bug in the caller.
//
// No BigInt and no allocation on the access paths (read*/write*/getTag/setTag).

/** 4 KiB translation granule / page. */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
/** MTE tag granule: 16 bytes per allocation tag. */
export const GRANULE_SHIFT = 4;
export const GRANULE = 1 << GRANULE_SHIFT;
/** Lazy backing unit: 1 MiB. */
export const CHUNK_SHIFT = 20;
export const CHUNK_SIZE = 1 << CHUNK_SHIFT;
export const CHUNK_MASK = CHUNK_SIZE - 1;
/** Tag bytes per chunk (one per granule). */
export const CHUNK_TAG_BYTES = CHUNK_SIZE >>> GRANULE_SHIFT;
/** Default physical memory size: 1 GiB. */
export const DEFAULT_MEM_SIZE = 1 << 30;
/** Largest supported size: 2^40 bytes (a 40-bit physical address space). */
export const MAX_MEM_SIZE = 2 ** 40;
/**
 * Junk byte for freed pages (xv6 kfree: "Fill with junk to catch dangling
 * refs"). A pointer loaded from poisoned memory is 0x0101010101010101: VA bits
 * 55:48 are non-zero, so dereferencing it is a translation fault, not a
 * silent read of some mapped page.
 */
export const POISON_BYTE = 0x01;
/**
 * Junk allocation tag for freed pages: a kernel that maps a recycled page
 * into a PROT_MTE VMA without clearing its tags gets tag check faults on
 * tag-0 pointers instead of silently passing.
 */
export const POISON_TAG = 0xe;

/** A host-side limit or contract was hit (memory size, address out of range): never a guest fault. */
export class HostLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostLimitError';
  }
}

/** Shared backing for every unbacked chunk: all zero, never written. */
const ZERO_DATA = new Uint8Array(CHUNK_SIZE);
const ZERO_VIEW = new DataView(ZERO_DATA.buffer);
const ZERO_TAGS = new Uint8Array(CHUNK_TAG_BYTES);

function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** One chunk's copied contents inside a snapshot. */
interface ChunkCopy {
  readonly data: Uint8Array;
  readonly tags: Uint8Array;
}

/**
 * A copy of physical memory (data and tags) taken by PhysMem.snapshot().
 * Opaque: only PhysMem.restore() reads it. Holds only backed chunks.
 */
export class MemSnapshot {
  /** @internal */
  constructor(
    readonly size: number,
    /** @internal chunk index -> copy */
    readonly chunks: ReadonlyMap<number, ChunkCopy>,
  ) {}

  /** Host bytes the snapshot holds. */
  bytes(): number {
    return this.chunks.size * (CHUNK_SIZE + CHUNK_TAG_BYTES);
  }
}

export class PhysMem {
  /** Size in bytes (a multiple of PAGE_SIZE). */
  readonly size: number;

  // Per chunk index: the backing arrays, or the shared zero chunk when unbacked.
  private readonly data: Uint8Array[];
  private readonly view: DataView[];
  private readonly tags: Uint8Array[];
  /** 1 when the chunk has its own backing. */
  private readonly backed: Uint8Array;
  private nBacked = 0;

  /**
   * @param size bytes of physical memory: a multiple of PAGE_SIZE in
   *   [PAGE_SIZE, MAX_MEM_SIZE]; default 1 GiB. Nothing is allocated up front
   *   beyond the per-chunk tables (a few bytes per MiB).
   */
  constructor(size: number = DEFAULT_MEM_SIZE) {
    if (!Number.isInteger(size) || size < PAGE_SIZE || size > MAX_MEM_SIZE || size % PAGE_SIZE !== 0) {
      throw new HostLimitError(
        `physical memory size ${size} must be a multiple of ${PAGE_SIZE} between ${PAGE_SIZE} and 2^40 bytes`,
      );
    }
    this.size = size;
    const n = Math.ceil(size / CHUNK_SIZE);
    this.data = new Array<Uint8Array>(n).fill(ZERO_DATA);
    this.view = new Array<DataView>(n).fill(ZERO_VIEW);
    this.tags = new Array<Uint8Array>(n).fill(ZERO_TAGS);
    this.backed = new Uint8Array(n);
  }

  // ------------------------------------------------------------ chunks

  /** Physical address of the start of the chunk holding pa. */
  chunkBase(pa: number): number {
    this.check(pa, 1);
    return pa - (pa % CHUNK_SIZE);
  }

  /** The data bytes of the chunk holding pa (backing it); index with pa & CHUNK_MASK. */
  chunkData(pa: number): Uint8Array {
    this.check(pa, 1);
    return this.data[this.back(pa)]!;
  }

  /** A DataView over chunkData(pa) (backing it). Little-endian accesses: pass `true`. */
  chunkView(pa: number): DataView {
    this.check(pa, 1);
    return this.view[this.back(pa)]!;
  }

  /** The tag bytes of the chunk holding pa (backing it); index with (pa & CHUNK_MASK) >>> 4. */
  chunkTags(pa: number): Uint8Array {
    this.check(pa, 1);
    return this.tags[this.back(pa)]!;
  }

  /** True when the chunk holding pa has host backing (tests, diagnostics). */
  isBacked(pa: number): boolean {
    this.check(pa, 1);
    return this.backed[(pa / CHUNK_SIZE) | 0] === 1;
  }

  /** Host bytes backing guest memory (data + tags of backed chunks). */
  allocatedBytes(): number {
    return this.nBacked * (CHUNK_SIZE + CHUNK_TAG_BYTES);
  }

  // ------------------------------------------------------------ sized data accesses
  // Little endian, any alignment. pa must be an integer.

  read8(pa: number): number {
    if (!(pa >= 0 && pa < this.size)) this.oob(pa, 1);
    return this.data[(pa / CHUNK_SIZE) | 0]![pa & CHUNK_MASK]!;
  }

  read16(pa: number): number {
    if (!(pa >= 0 && pa <= this.size - 2)) this.oob(pa, 2);
    const off = pa & CHUNK_MASK;
    if (off > CHUNK_SIZE - 2) return this.slowRead(pa, 2);
    return this.view[(pa / CHUNK_SIZE) | 0]!.getUint16(off, true);
  }

  /** 32-bit read as an unsigned number (use `| 0` for the signed value). */
  read32(pa: number): number {
    if (!(pa >= 0 && pa <= this.size - 4)) this.oob(pa, 4);
    const off = pa & CHUNK_MASK;
    if (off > CHUNK_SIZE - 4) return this.slowRead(pa, 4);
    return this.view[(pa / CHUNK_SIZE) | 0]!.getUint32(off, true);
  }

  /** Low half (bits 31:0) of the 64-bit value at pa, unsigned. */
  read64lo(pa: number): number {
    return this.read32(pa);
  }

  /** High half (bits 63:32) of the 64-bit value at pa, unsigned. */
  read64hi(pa: number): number {
    return this.read32(pa + 4);
  }

  write8(pa: number, v: number): void {
    if (!(pa >= 0 && pa < this.size)) this.oob(pa, 1);
    this.data[this.back(pa)]![pa & CHUNK_MASK] = v;
  }

  write16(pa: number, v: number): void {
    if (!(pa >= 0 && pa <= this.size - 2)) this.oob(pa, 2);
    const off = pa & CHUNK_MASK;
    if (off > CHUNK_SIZE - 2) return this.slowWrite(pa, 2, v);
    this.view[this.back(pa)]!.setUint16(off, v, true);
  }

  write32(pa: number, v: number): void {
    if (!(pa >= 0 && pa <= this.size - 4)) this.oob(pa, 4);
    const off = pa & CHUNK_MASK;
    if (off > CHUNK_SIZE - 4) return this.slowWrite(pa, 4, v);
    this.view[this.back(pa)]!.setUint32(off, v, true);
  }

  /** Write a 64-bit value given as 32-bit halves (lo = bits 31:0, hi = bits 63:32). */
  write64(pa: number, lo: number, hi: number): void {
    if (!(pa >= 0 && pa <= this.size - 8)) this.oob(pa, 8);
    this.write32(pa, lo);
    this.write32(pa + 4, hi);
  }

  /** A copy of n bytes at pa (may span chunks). */
  readBytes(pa: number, n: number): Uint8Array {
    this.check(pa, n);
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const a = pa + done;
      const off = a & CHUNK_MASK;
      const len = Math.min(n - done, CHUNK_SIZE - off);
      out.set(this.data[(a / CHUNK_SIZE) | 0]!.subarray(off, off + len), done);
      done += len;
    }
    return out;
  }

  /** Write bytes at pa (may span chunks). */
  writeBytes(pa: number, bytes: Uint8Array): void {
    const n = bytes.length;
    this.check(pa, n);
    let done = 0;
    while (done < n) {
      const a = pa + done;
      const off = a & CHUNK_MASK;
      const len = Math.min(n - done, CHUNK_SIZE - off);
      this.data[this.back(a)]!.set(bytes.subarray(done, done + len), off);
      done += len;
    }
  }

  // ------------------------------------------------------------ allocation tags

  /** Allocation tag (0..15) of the granule holding pa. */
  getTag(pa: number): number {
    if (!(pa >= 0 && pa < this.size)) this.oob(pa, 1);
    return this.tags[(pa / CHUNK_SIZE) | 0]![(pa & CHUNK_MASK) >>> GRANULE_SHIFT]! & 0xf;
  }

  /** Set the allocation tag of the granule holding pa (low 4 bits of tag). */
  setTag(pa: number, tag: number): void {
    if (!(pa >= 0 && pa < this.size)) this.oob(pa, 1);
    this.tags[this.back(pa)]![(pa & CHUNK_MASK) >>> GRANULE_SHIFT] = tag & 0xf;
  }

  /** Set the tags of [pa, pa+len): pa and len granule-aligned. Tag 0 on unbacked chunks allocates nothing. */
  setTags(pa: number, len: number, tag: number): void {
    this.checkAligned(pa, len, GRANULE, 'setTags');
    this.fillRange(pa, len, -1, tag & 0xf);
  }

  /** A copy of the tags of nGranules granules starting at the granule holding pa. */
  getTags(pa: number, nGranules: number): Uint8Array {
    const start = pa - (pa % GRANULE);
    this.check(start, nGranules * GRANULE);
    const out = new Uint8Array(nGranules);
    for (let g = 0; g < nGranules; g++) out[g] = this.getTag(start + g * GRANULE);
    return out;
  }

  // ------------------------------------------------------------ page and block operations
  // The kernel's page work uses these, and so does the interpreter for DC ZVA/
  // GVA/GZVA, so the timing model can charge both alike. Writing zero to an
  // unbacked chunk is a no-op: it already reads as zero.

  /** Zero the data of the page at pa (page-aligned); tags are untouched. */
  zeroPage(pa: number): void {
    this.checkAligned(pa, PAGE_SIZE, PAGE_SIZE, 'zeroPage');
    this.fillRange(pa, PAGE_SIZE, 0, -1);
  }

  /** Fill the data of the page at pa with `byte`; tags are untouched. */
  fillPage(pa: number, byte: number): void {
    this.checkAligned(pa, PAGE_SIZE, PAGE_SIZE, 'fillPage');
    this.fillRange(pa, PAGE_SIZE, byte & 0xff, -1);
  }

  /** Set every allocation tag of the page at pa to 0; data is untouched. */
  clearTagsPage(pa: number): void {
    this.checkAligned(pa, PAGE_SIZE, PAGE_SIZE, 'clearTagsPage');
    this.fillRange(pa, PAGE_SIZE, -1, 0);
  }

  /**
   * Copy the page at src to dst (both page-aligned, may be equal), and its
   * allocation tags when withTags (Linux copy_highpage + mte_copy_page_tags).
   */
  copyPage(dst: number, src: number, withTags: boolean): void {
    this.checkAligned(dst, PAGE_SIZE, PAGE_SIZE, 'copyPage');
    this.checkAligned(src, PAGE_SIZE, PAGE_SIZE, 'copyPage');
    if (dst === src) return;
    const sc = (src / CHUNK_SIZE) | 0;
    const soff = src & CHUNK_MASK;
    if (this.backed[sc] === 0) {
      this.fillRange(dst, PAGE_SIZE, 0, withTags ? 0 : -1);
      return;
    }
    const dc = this.back(dst);
    const doff = dst & CHUNK_MASK;
    this.data[dc]!.set(this.data[sc]!.subarray(soff, soff + PAGE_SIZE), doff);
    if (withTags) {
      const st = soff >>> GRANULE_SHIFT;
      this.tags[dc]!.set(this.tags[sc]!.subarray(st, st + PAGE_SIZE / GRANULE), doff >>> GRANULE_SHIFT);
    }
  }

  /**
   * DC ZVA of one block: zero the data of [pa, pa+bytes); tags untouched.
   * pa and bytes granule-aligned (the caller aligns the address down to the
   * DCZID_EL0 block size).
   */
  zeroBlock(pa: number, bytes: number): void {
    this.checkAligned(pa, bytes, GRANULE, 'zeroBlock');
    this.fillRange(pa, bytes, 0, -1);
  }

  /** DC GZVA of one block: zero the data and set every tag of [pa, pa+bytes) to `tag`. */
  gzvaBlock(pa: number, bytes: number, tag: number): void {
    this.checkAligned(pa, bytes, GRANULE, 'gzvaBlock');
    this.fillRange(pa, bytes, 0, tag & 0xf);
  }

  /** DC GVA of one block: set every tag of [pa, pa+bytes) to `tag`; data untouched. */
  gvaBlock(pa: number, bytes: number, tag: number): void {
    this.checkAligned(pa, bytes, GRANULE, 'gvaBlock');
    this.fillRange(pa, bytes, -1, tag & 0xf);
  }

  /** Fill a freed page with junk: data POISON_BYTE, tags POISON_TAG (xv6 kfree). */
  poisonPage(pa: number): void {
    this.checkAligned(pa, PAGE_SIZE, PAGE_SIZE, 'poisonPage');
    this.fillRange(pa, PAGE_SIZE, POISON_BYTE, POISON_TAG);
  }

  // ------------------------------------------------------------ snapshots

  /** Copy every backed chunk (data and tags), for the debugger's reverse step. */
  snapshot(): MemSnapshot {
    const chunks = new Map<number, ChunkCopy>();
    for (let c = 0; c < this.backed.length; c++) {
      if (this.backed[c] === 1) chunks.set(c, { data: this.data[c]!.slice(), tags: this.tags[c]!.slice() });
    }
    return new MemSnapshot(this.size, chunks);
  }

  /**
   * Make memory equal to the snapshot. Copies into the existing arrays (see the
   * invariant at the top): chunks backed since the snapshot are zeroed, not
   * freed, so allocatedBytes() never shrinks.
   */
  restore(s: MemSnapshot): void {
    if (s.size !== this.size) {
      throw new HostLimitError(`snapshot of a ${s.size}-byte memory restored into a ${this.size}-byte one`);
    }
    for (let c = 0; c < this.backed.length; c++) {
      const copy = s.chunks.get(c);
      if (copy !== undefined) {
        const i = this.back(c * CHUNK_SIZE);
        this.data[i]!.set(copy.data);
        this.tags[i]!.set(copy.tags);
      } else if (this.backed[c] === 1) {
        this.data[c]!.fill(0);
        this.tags[c]!.fill(0);
      }
    }
  }

  // ------------------------------------------------------------ internals

  /** Back the chunk holding pa if needed; return its index. */
  private back(pa: number): number {
    const c = (pa / CHUNK_SIZE) | 0;
    if (this.backed[c] === 0) {
      const d = new Uint8Array(CHUNK_SIZE);
      this.data[c] = d;
      this.view[c] = new DataView(d.buffer);
      this.tags[c] = new Uint8Array(CHUNK_TAG_BYTES);
      this.backed[c] = 1;
      this.nBacked++;
    }
    return c;
  }

  /**
   * Fill [pa, pa+len) (granule-aligned, in range): data with `byte` unless
   * byte < 0, tags with `tag` unless tag < 0. Zero fills skip unbacked chunks.
   */
  private fillRange(pa: number, len: number, byte: number, tag: number): void {
    let done = 0;
    while (done < len) {
      const a = pa + done;
      const off = a & CHUNK_MASK;
      const n = Math.min(len - done, CHUNK_SIZE - off);
      const c = (a / CHUNK_SIZE) | 0;
      const zeroOnly = byte <= 0 && tag <= 0;
      if (this.backed[c] === 1 || !zeroOnly) {
        this.back(a);
        if (byte >= 0) this.data[c]!.fill(byte, off, off + n);
        if (tag >= 0) this.tags[c]!.fill(tag, off >>> GRANULE_SHIFT, (off + n) >>> GRANULE_SHIFT);
      }
      done += n;
    }
  }

  private slowRead(pa: number, n: number): number {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + this.read8(pa + i);
    return v;
  }

  private slowWrite(pa: number, n: number, v: number): void {
    for (let i = 0; i < n; i++) this.write8(pa + i, (v >>> (8 * i)) & 0xff);
  }

  private check(pa: number, n: number): void {
    if (!(Number.isInteger(pa) && Number.isInteger(n) && n >= 0 && pa >= 0 && pa + n <= this.size)) this.oob(pa, n);
  }

  private checkAligned(pa: number, len: number, align: number, what: string): void {
    this.check(pa, len);
    if (pa % align !== 0 || len % align !== 0) {
      throw new RangeError(`PhysMem.${what}: ${hex(pa)}+${hex(len)} is not ${align}-byte aligned`);
    }
  }

  private oob(pa: number, n: number): never {
    const where = typeof pa === 'number' && Number.isFinite(pa) ? hex(pa) : String(pa);
    throw new HostLimitError(
      `physical access of ${n} byte(s) at ${where} is outside physical memory [0, ${hex(this.size)})`,
    );
  }
}
