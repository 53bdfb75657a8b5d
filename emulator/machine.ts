// The machine: CPU state + tagged physical memory + MMU, and the interpreter
// that runs EL0 code on them (DESIGN.md "emulator/").
//
// Hot path (STYLE §7): code pages are predecoded once into Int32Array
// entries (handler number + unpacked operands) and run by a flat loop that
// only dispatches. Data accesses go through a direct-mapped software TLB:
// a hit is a few typed-array reads; a miss asks the MMU (which walks the
// page tables in emulated memory) and refills. Faults are typed values
// thrown by the MMU or a handler and caught in exactly one place: run().
//
// Virtual addresses are handled as two 32-bit halves (lo, hi). With TBI the
// top byte (hi[31:24]) is ignored for translation and carries the logical
// tag in hi[27:24]; bits 55:48 (hi[23:16]) must be zero for TTBR0, so they
// are folded into the soft-TLB key: a non-zero value never hits and takes
// the slow path, where the MMU raises the architectural fault.

import { CpuState } from './cpu-state.ts';
import { EC, Trap, esr } from './exceptions.ts';
import { CHUNK_SHIFT, PhysMem } from './memory.ts';
import { Fault, Mmu } from './mmu.ts';
import { HANDLERS, PREDECODERS, SLOTS, SP_CHECKED, UNDEF_OP } from './semantics/index.ts';
import { ROWS } from '../isa/encodings.ts';
import type { TimingModel } from './timing/model.ts';
import { TF, fillTiming } from './timing/tdesc.ts';
import { decode, extractFields } from '../isa/decoder.ts';

const TLB_BITS = 10;
const TLB_SIZE = 1 << TLB_BITS;
const TLB_MASK = TLB_SIZE - 1;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
const PAGE_WORDS = 1024;

/** Why run() returned. */
export type Stop =
  | { kind: 'exception'; esr: number; far: bigint; pc: number; fault?: Fault; trap?: Trap }
  | { kind: 'limit' }
  | { kind: 'breakpoint'; pc: number }
  | { kind: 'halt' };

/** Hooks for the debugger and the timing model; absent = zero cost. */
export interface MachineHooks {
  /** Called before each instruction when set (the "logged" path). Return true to stop. */
  beforeInsn?(m: Machine, pc: number): boolean;
  /** Called after every store with the VA (number, 56-bit) and size. */
  afterStore?(m: Machine, va: number, size: number): void;
}

export class Machine {
  /** The running context's CPU state (switchTo changes it). */
  s: CpuState;
  readonly mem: PhysMem;
  readonly mmu: Mmu;
  /** Register file (alias of s.X) for handlers. */
  X: Int32Array;

  /** Retired instructions. */
  instret = 0;
  /** Scratch results for 64-bit helpers (low/high halves). */
  rlo = 0;
  rhi = 0;
  /** PC of the next instruction; handlers that branch set it. */
  nextPc = 0;
  /** Tag checks can happen at all (TCF0 != 0, ATA0, TCO = 0); recomputed by syncControl(). */
  tcActive = false;
  /** Exclusive monitor (local): address (56-bit number) or -1. */
  exclAddr = -1;
  exclSize = 0;
  hooks: MachineHooks = {};
  /** The timing model, or null (`--timing none`: the hooks cost one null test). */
  tm: TimingModel | null = null;
  /**
   * Bits of the VA's high half that select a page: 55:32 with TBI0 (the top
   * byte is ignored), all of 63:32 without it (a tagged address must then
   * miss and fault in the MMU).
   */
  private keyMask = 0xffffff;
  /** SCTLR_EL1.SA0: SP alignment checking at EL0 (chosen at predecode, see predecode()). */
  private sa0 = false;
  /** Set to stop the loop after the current instruction (debugger, kernel). */
  haltRequested = false;

  // ---- software TLB (direct mapped, keyed by VA[55:12])
  private readonly rKey = new Float64Array(TLB_SIZE).fill(-1);
  private readonly wKey = new Float64Array(TLB_SIZE).fill(-1);
  private readonly xKey = new Float64Array(TLB_SIZE).fill(-1);
  private readonly tView: (DataView | null)[] = new Array(TLB_SIZE).fill(null);
  private readonly tTags: (Uint8Array | null)[] = new Array(TLB_SIZE).fill(null);
  private readonly tOff = new Int32Array(TLB_SIZE);
  /** 1 when the page is Normal-Tagged (accesses may need a tag check). */
  private readonly tTagged = new Uint8Array(TLB_SIZE);
  private readonly tPa = new Float64Array(TLB_SIZE);
  private readonly xCode: (Int32Array | null)[] = new Array(TLB_SIZE).fill(null);

  /** Predecoded code, by physical page number. */
  private readonly code = new Map<number, Int32Array>();

  constructor(mem: PhysMem, mmu: Mmu, s = new CpuState()) {
    this.mem = mem;
    this.mmu = mmu;
    this.s = s;
    this.X = s.X;
    mmu.onInvalidate((kind, va, span, asid) => {
      if ((kind === 'va' || kind === 'vaAllAsid') && span <= 64 * 4096) this.invalidateSoftRange(va, span);
      else this.flushSoftTlb();
      if (this.tm !== null) this.tm.tlbInvalidate(kind, va, span, asid);
    });
  }

  // ------------------------------------------------------------ control

  /** Recompute derived control state after the kernel changed system registers or PSTATE.TCO. */
  syncControl(): void {
    const s = this.s;
    const ata0 = (s.sctlrHi & (1 << (42 - 32))) !== 0;
    this.tcActive = s.tcf0 !== 0 && ata0 && s.tco === 0;
  }

  /** Drop every software-TLB entry (after TLBI, TTBR0/ASID or MAIR changes). */
  flushSoftTlb(): void {
    this.rKey.fill(-1);
    this.wKey.fill(-1);
    this.xKey.fill(-1);
    this.xCode.fill(null);
  }

  /** Drop soft-TLB entries for VAs in [va, va + span) (va a 56-bit number, page aligned). */
  private invalidateSoftRange(va: number, span: number): void {
    for (let p = 0; p < span; p += 4096) {
      const key = Math.floor((va + p) / 4096);
      const i = key & TLB_MASK;
      if (this.rKey[i] === key) this.rKey[i] = -1;
      if (this.wKey[i] === key) this.wKey[i] = -1;
      if (this.xKey[i] === key) { this.xKey[i] = -1; this.xCode[i] = null; }
    }
  }

  /**
   * Write the translation registers (the kernel's context switch and setup):
   * TTBR0_EL1 base and ASID, TCR_EL1, MAIR_EL1, SCTLR_EL1. The soft TLB is
   * keyed by VA only, so any change here flushes it.
   */
  setTranslationRegs(): void {
    const s = this.s;
    this.mmu.setRegs({ ttbr0Base: s.ttbr0Base, asid: s.asid });
    this.mmu.setSCTLR(s.sctlrLo, s.sctlrHi);
    this.mmu.setTCR(s.tcrLo, s.tcrHi);
    this.mmu.setMAIR(s.mairLo, s.mairHi);
    if (this.tm !== null) this.tm.asid = s.asid;
    this.keyMask = (s.tcrHi & (1 << (37 - 32))) !== 0 ? 0xffffff : 0xffffffff;
    const sa0 = (s.sctlrLo & (1 << 4)) !== 0;
    if (sa0 !== this.sa0) {
      // predecoded entries chose their handlers for the old setting
      this.sa0 = sa0;
      this.code.clear();
    }
    this.flushSoftTlb();
    this.syncControl();
  }

  /**
   * Context switch: run `s` from now on (its translation registers included).
   * The exclusive monitor is cleared, as an exception return does.
   */
  switchTo(s: CpuState): void {
    this.s = s;
    this.X = s.X;
    this.exclAddr = -1;
    this.setTranslationRegs();
  }

  /** Forget predecoded code for a physical page (the kernel calls this when it reuses a page). */
  invalidateCode(pa: number): void {
    const ppn = Math.floor(pa / 4096);
    if (this.code.delete(ppn)) {
      for (let i = 0; i < TLB_SIZE; i++) if (this.tPa[i] === ppn * 4096) this.xCode[i] = null;
    }
  }

  // ------------------------------------------------------------ translation (slow path)

  /** Key of a VA in the soft TLB: VA[55:12] (bits 63:56 ignored by TBI). */
  private key(lo: number, hi: number): number {
    return ((hi & this.keyMask) >>> 0) * 1048576 + (lo >>> 12);
  }

  /** Fill the soft TLB for (lo, hi) and access kind; throws Fault. Returns the slot. */
  private fill(lo: number, hi: number, access: 'r' | 'w' | 'x'): number {
    const r = this.mmu.translate(lo, hi, access);
    const key = this.key(lo, hi);
    const i = key & TLB_MASK;
    const pagePa = r.pa - (r.pa % 4096);
    if (this.tPa[i] !== pagePa || (this.rKey[i] !== key && this.wKey[i] !== key && this.xKey[i] !== key)) {
      this.rKey[i] = -1;
      this.wKey[i] = -1;
      this.xKey[i] = -1;
      this.xCode[i] = null;
    }
    this.tView[i] = this.mem.chunkView(pagePa);
    this.tTags[i] = this.mem.chunkTags(pagePa);
    this.tOff[i] = pagePa & CHUNK_MASK;
    this.tPa[i] = pagePa;
    this.tTagged[i] = r.tagged ? 1 : 0;
    if (r.read) this.rKey[i] = key;
    // pages holding predecoded code take the slow store path, which invalidates the code
    if (r.write && !this.code.has(pagePa / 4096)) this.wKey[i] = key;
    if (r.exec) this.xKey[i] = key;
    return i;
  }

  // ------------------------------------------------------------ tag checks

  /**
   * AArch64.CheckTag for an access of `size` bytes at (lo, hi) that hit soft-TLB
   * slot i (Arm ARM D10.5 "Tag Checking"; MTE.md §2.2). Every granule touched is
   * compared. Sync mode throws a tag check fault (access not performed);
   * async sets TFSRE0_EL1.TF0 and lets the access happen.
   */
  private checkTag(i: number, lo: number, hi: number, size: number, write: boolean): void {
    const ltag = (hi >>> 24) & 0xf;
    // TCMA0: tag 0 with VA[55] = 0 is unchecked (TTBR0 addresses have bit 55 clear)
    if (ltag === 0 && (this.s.tcrHi & (1 << (57 - 32))) !== 0) return;
    const tags = this.tTags[i]!;
    const off = this.tOff[i]! + (lo & 0xfff);
    const first = off >>> 4;
    const last = (off + size - 1) >>> 4;
    for (let g = first; g <= last; g++) {
      if ((tags[g]! & 0xf) !== ltag) {
        this.tagMismatch(lo, hi, write, g === first ? lo : ((lo & ~0xf) + (g - first) * 16) >>> 0);
        return;
      }
    }
  }

  private tagMismatch(lo: number, hi: number, write: boolean, faultLo: number): void {
    const tcf = this.s.tcf0;
    const sync = tcf === 1 || (tcf === 3 && !write);
    if (sync) throw Fault.tagCheck(faultLo, hi, write);
    this.s.tfsre0 |= 1;
  }

  // ------------------------------------------------------------ data access
  //
  // `tc` is the instruction's "access is tag-checked" property (MTE.md §2.2).
  // Accesses that cross a page go byte by byte through the slow path.

  private slot(lo: number, hi: number, size: number, access: 'r' | 'w', tc: number): number {
    const key = this.key(lo, hi);
    const i = key & TLB_MASK;
    const hit = access === 'r' ? this.rKey[i] === key : this.wKey[i] === key;
    const j = hit ? i : this.fill(lo, hi, access);
    if (!hit && access === 'w') this.storeToCode(j);
    const checked = tc !== 0 && this.tTagged[j] !== 0 && this.tcActive;
    if (checked) this.checkTag(j, lo, hi, size, access === 'w');
    if (this.tm !== null && !this.uncharged) this.tm.data(key, this.tPa[j]! + (lo & 0xfff), size, access === 'w', checked);
    return j;
  }

  /** Set while checkUncharged runs: the access is translated and tag-checked, the caller charges it. */
  private uncharged = false;

  /**
   * checkRange without a timing charge: DC ZVA checks its block like a
   * store (permission, tags) but costs a line allocation without a fill,
   * which zeroBlock charges.
   */
  checkUncharged(lo: number, hi: number, size: number, access: 'r' | 'w', tc: number): void {
    this.uncharged = true;
    try {
      this.checkRange(lo, hi, size, access, tc);
    } finally {
      this.uncharged = false;
    }
  }

  private storeToCode(i: number): void {
    const ppn = this.tPa[i]! / 4096;
    if (this.code.has(ppn)) this.invalidateCode(ppn * 4096);
  }

  /** True when [lo, lo+size) crosses a 4 KiB page. */
  private static crosses(lo: number, size: number): boolean {
    return (lo & 0xfff) + size > 4096;
  }

  ld8(lo: number, hi: number, tc: number): number {
    const i = this.slot(lo, hi, 1, 'r', tc);
    return this.tView[i]!.getUint8(this.tOff[i]! + (lo & 0xfff));
  }

  ld16(lo: number, hi: number, tc: number): number {
    if (Machine.crosses(lo, 2)) return this.ldBytes(lo, hi, 2, tc);
    const i = this.slot(lo, hi, 2, 'r', tc);
    return this.tView[i]!.getUint16(this.tOff[i]! + (lo & 0xfff), true);
  }

  /** 32-bit load; returns the value as a signed int32 (use >>> 0 for unsigned). */
  ld32(lo: number, hi: number, tc: number): number {
    if (Machine.crosses(lo, 4)) return this.ldBytes(lo, hi, 4, tc) | 0;
    const i = this.slot(lo, hi, 4, 'r', tc);
    return this.tView[i]!.getInt32(this.tOff[i]! + (lo & 0xfff), true);
  }

  /** 64-bit load into rlo/rhi. */
  ld64(lo: number, hi: number, tc: number): void {
    if (Machine.crosses(lo, 8)) {
      this.checkRange(lo, hi, 8, 'r', tc);
      this.rlo = this.ldBytes(lo, hi, 4, 0) | 0;
      const lo2 = (lo + 4) >>> 0;
      this.rhi = this.ldBytes(lo2, lo2 < lo ? hi + 1 : hi, 4, 0) | 0;
      return;
    }
    const i = this.slot(lo, hi, 8, 'r', tc);
    const v = this.tView[i]!;
    const o = this.tOff[i]! + (lo & 0xfff);
    this.rlo = v.getInt32(o, true);
    this.rhi = v.getInt32(o + 4, true);
  }

  st8(lo: number, hi: number, val: number, tc: number): void {
    const i = this.slot(lo, hi, 1, 'w', tc);
    this.tView[i]!.setUint8(this.tOff[i]! + (lo & 0xfff), val);
    if (this.hooks.afterStore) this.hooks.afterStore(this, vaNum(lo, hi), 1);
  }

  st16(lo: number, hi: number, val: number, tc: number): void {
    if (Machine.crosses(lo, 2)) return this.stBytes(lo, hi, 2, val, tc);
    const i = this.slot(lo, hi, 2, 'w', tc);
    this.tView[i]!.setUint16(this.tOff[i]! + (lo & 0xfff), val, true);
    if (this.hooks.afterStore) this.hooks.afterStore(this, vaNum(lo, hi), 2);
  }

  st32(lo: number, hi: number, val: number, tc: number): void {
    if (Machine.crosses(lo, 4)) return this.stBytes(lo, hi, 4, val, tc);
    const i = this.slot(lo, hi, 4, 'w', tc);
    this.tView[i]!.setInt32(this.tOff[i]! + (lo & 0xfff), val, true);
    if (this.hooks.afterStore) this.hooks.afterStore(this, vaNum(lo, hi), 4);
  }

  st64(lo: number, hi: number, vlo: number, vhi: number, tc: number): void {
    if (Machine.crosses(lo, 8)) {
      this.checkRange(lo, hi, 8, 'w', tc);
      this.stBytes(lo, hi, 4, vlo, 0);
      const lo2 = (lo + 4) >>> 0;
      this.stBytes(lo2, lo2 < lo ? hi + 1 : hi, 4, vhi, 0);
      return;
    }
    const i = this.slot(lo, hi, 8, 'w', tc);
    const v = this.tView[i]!;
    const o = this.tOff[i]! + (lo & 0xfff);
    v.setInt32(o, vlo, true);
    v.setInt32(o + 4, vhi, true);
    if (this.hooks.afterStore) this.hooks.afterStore(this, vaNum(lo, hi), 8);
  }

  // Multi-register accesses (LDP/STP, Q registers, exclusive pairs): 8k bytes
  // made of the 32-bit words r[a .. a+k) then r[b .. b+k), little endian
  // (k = 1: a W pair, 2: an X pair or one Q register as two halves, 4: a Q
  // pair). Within a page the whole access costs one soft-TLB lookup and one
  // tag check; across pages the whole range is checked first, so a fault
  // leaves memory and registers untouched. `lo` must be unsigned.

  /** Load 8k bytes at (lo, hi) into r[a .. a+k) and r[b .. b+k). */
  ldPair(lo: number, hi: number, k: number, r: Int32Array, a: number, b: number, tc: number): void {
    const size = k << 3;
    if ((lo & 0xfff) + size > 4096) return this.pairCrossing(lo, hi, k, r, a, b, tc, false);
    const i = this.slot(lo, hi, size, 'r', tc);
    const v = this.tView[i]!;
    const o = this.tOff[i]! + (lo & 0xfff);
    for (let j = 0; j < k; j++) {
      r[a + j] = v.getInt32(o + 4 * j, true);
      r[b + j] = v.getInt32(o + 4 * (k + j), true);
    }
  }

  /** Store r[a .. a+k) and r[b .. b+k) as 8k bytes at (lo, hi). */
  stPair(lo: number, hi: number, k: number, r: Int32Array, a: number, b: number, tc: number): void {
    const size = k << 3;
    if ((lo & 0xfff) + size > 4096) return this.pairCrossing(lo, hi, k, r, a, b, tc, true);
    const i = this.slot(lo, hi, size, 'w', tc);
    const v = this.tView[i]!;
    const o = this.tOff[i]! + (lo & 0xfff);
    for (let j = 0; j < k; j++) {
      v.setInt32(o + 4 * j, r[a + j]!, true);
      v.setInt32(o + 4 * (k + j), r[b + j]!, true);
    }
    if (this.hooks.afterStore) this.hooks.afterStore(this, vaNum(lo, hi), size);
  }

  private pairCrossing(lo: number, hi: number, k: number, r: Int32Array, a: number, b: number, tc: number, write: boolean): void {
    this.checkRange(lo, hi, k << 3, write ? 'w' : 'r', tc);
    for (let j = 0; j < 2 * k; j++) {
      const x = j < k ? a + j : b + j - k;
      const wlo = (lo + 4 * j) >>> 0;
      const whi = wlo < lo ? hi + 1 : hi;
      if (write) this.st32(wlo, whi, r[x]!, 0);
      else r[x] = this.ld32(wlo, whi, 0);
    }
  }

  /**
   * Check a whole multi-byte access before performing any part of it (an
   * access that faults is not performed: translation and tag checks on
   * every page it touches come first).
   */
  checkRange(lo: number, hi: number, size: number, access: 'r' | 'w', tc: number): void {
    const lastLo = (lo + size - 1) >>> 0;
    const lastHi = lastLo < lo ? hi + 1 : hi;
    const firstBytes = 4096 - (lo & 0xfff);
    this.slot(lo, hi, Math.min(size, firstBytes), access, tc);
    if (size > firstBytes) this.slot((lastLo & ~0xfff) >>> 0, lastHi, size - firstBytes, access, tc);
  }

  private ldBytes(lo: number, hi: number, size: number, tc: number): number {
    this.checkRange(lo, hi, size, 'r', tc);
    let v = 0;
    for (let k = size - 1; k >= 0; k--) {
      const a = (lo + k) >>> 0;
      v = v * 256 + this.ld8(a, a < lo ? hi + 1 : hi, 0);
    }
    return v;
  }

  private stBytes(lo: number, hi: number, size: number, val: number, tc: number): void {
    this.checkRange(lo, hi, size, 'w', tc);
    for (let k = 0; k < size; k++) {
      const a = (lo + k) >>> 0;
      this.st8(a, a < lo ? hi + 1 : hi, (val >>> (8 * k)) & 0xff, 0);
    }
  }

  /**
   * Physical address and tag array for an access that needs whole-page
   * facts (STG family, DC ZVA/GVA/GZVA): translate for `access`, no tag check.
   */
  translateData(lo: number, hi: number, access: 'r' | 'w'): number {
    const key = this.key(lo, hi);
    const i = key & TLB_MASK;
    const hit = access === 'r' ? this.rKey[i] === key : this.wKey[i] === key;
    const j = hit ? i : this.fill(lo, hi, access);
    if (!hit && access === 'w') this.storeToCode(j);
    const pa = this.tPa[j]! + (lo & 0xfff);
    // size 0: the model charges the translation only; the tag/ZVA hooks below charge the rest
    if (this.tm !== null) this.tm.data(key, pa, 0, access === 'w', false);
    return pa;
  }

  // Tag storage and DC ZVA-style block operations of user instructions (STG
  // family, LDG, DC ZVA/GVA/GZVA): the memory operation plus its charge.

  /** LDG: the allocation tag of the granule at pa (a tag-storage read). */
  tagLoad(pa: number): number {
    if (this.tm !== null) this.tm.tagRead(pa);
    return this.mem.getTag(pa);
  }

  /** STG and friends: set the granule's allocation tag (a tag-storage write). */
  tagStore(pa: number, tag: number): void {
    if (this.tm !== null) this.tm.tagWrite(pa);
    this.mem.setTag(pa, tag);
  }

  /** STZG/STZ2G data part, DC ZVA: zero `bytes` at pa (line-sized blocks allocate without a fill). */
  zeroBlock(pa: number, bytes: number): void {
    if (this.tm !== null) for (let a = pa; a < pa + bytes; a += 64) this.tm.zeroLine(a);
    this.mem.zeroBlock(pa, bytes);
  }

  /** DC GZVA (zero data, set tags) and DC GVA (tags only) of a block. */
  gzvaBlock(pa: number, bytes: number, tag: number, zero: boolean): void {
    if (this.tm !== null) {
      for (let a = pa; a < pa + bytes; a += 64) {
        if (zero) this.tm.zeroLine(a);
        this.tm.tagWrite(a);
      }
    }
    if (zero) this.mem.gzvaBlock(pa, bytes, tag);
    else this.mem.gvaBlock(pa, bytes, tag);
  }

  /** Was the page holding (lo, hi) Normal-Tagged at its last translation? (after translateData) */
  pageTagged(lo: number, hi: number): boolean {
    const i = this.key(lo, hi) & TLB_MASK;
    return this.tTagged[i] === 1;
  }

  // ------------------------------------------------------------ the run loop

  /** Predecoded entries for the code page holding pc (translating for execute). */
  private codeFor(pc: number): Int32Array {
    const lo = pc % 4294967296 >>> 0;
    const hi = Math.floor(pc / 4294967296);
    const key = this.key(lo, hi);
    const i = key & TLB_MASK;
    let e = this.xKey[i] === key ? this.xCode[i] : null;
    if (e) return e;
    const j = this.xKey[i] === key ? i : this.fill(lo, hi, 'x');
    const ppn = this.tPa[j]! / 4096;
    e = this.code.get(ppn) ?? null;
    if (!e) {
      e = new Int32Array(PAGE_WORDS * SLOTS);
      this.code.set(ppn, e);
      // stores to this page must now take the slow path
      for (let k = 0; k < TLB_SIZE; k++) if (this.tPa[k] === ppn * 4096) this.wKey[k] = -1;
    }
    this.xCode[j] = e;
    return e;
  }

  /** Decode the word at pc into its entry (lazily, on first execution). */
  private predecode(e: Int32Array, at: number, pc: number): void {
    const pa = this.tPa[this.key(pc % 4294967296 >>> 0, Math.floor(pc / 4294967296)) & TLB_MASK]! + (pc % 4096);
    const word = this.mem.read32(pa) >>> 0;
    const r = decode(word);
    e[at + 7] = word | 0;
    if (r < 0 || !PREDECODERS[r]) {
      e[at] = UNDEF_OP;
      e[at + 8] = 0;
      for (let k = 9; k <= 14; k++) e[at + k] = -1;
      e[at + 15] = 0;
      return;
    }
    const f = extractFields(ROWS[r]!, word);
    PREDECODERS[r]!(f, e, at);
    fillTiming(ROWS[r]!, f, e, at);
    // a load/store (not a prefetch hint) with SP as base checks SP alignment when SCTLR_EL1.SA0 is set
    const spBased = this.sa0 && f.rn === 31 && (e[at + 15]! & (TF.load | TF.store)) !== 0 && ROWS[r]!.cls !== 'prefetch';
    e[at] = spBased ? SP_CHECKED + r + 1 : r + 1;
  }

  /**
   * Run until an exception, the instruction budget, a breakpoint or a halt.
   * The single catch site for faults (STYLE §10). With a timing model the
   * timed loop runs instead (chosen once per call, like Spike's fast and
   * logged variants).
   */
  run(maxInsns: number): Stop {
    if (this.tm !== null) return this.runTimed(maxInsns, this.tm);
    const s = this.s;
    const H = HANDLERS;
    let budget = maxInsns;
    let e: Int32Array = EMPTY;
    // no page yet: the first PC (even 0) must look its page up
    let pageBase = -Infinity;
    this.haltRequested = false;
    const logged = this.hooks.beforeInsn;
    try {
      while (budget > 0) {
        const pc = s.pc;
        if (logged && logged(this, pc)) return { kind: 'breakpoint', pc };
        if (pc - pageBase >= 4096 || pc < pageBase) {
          if (pc % 4 !== 0) throw new Trap('pcAlign', esr(EC.PC_ALIGN, 0), pc);
          e = this.codeFor(pc);
          pageBase = pc - (pc % 4096);
        }
        const at = ((pc - pageBase) >>> 2) * SLOTS;
        let op = e[at]!;
        if (op === 0) {
          this.predecode(e, at, pc);
          op = e[at]!;
        }
        this.nextPc = pc + 4;
        H[op]!(this, e, at);
        s.pc = this.nextPc;
        this.instret++;
        budget--;
        if (this.haltRequested) return { kind: 'halt' };
      }
      return { kind: 'limit' };
    } catch (x) {
      return this.exception(x);
    }
  }

  /** The run loop with a timing model: fetch of each new line, and every retired instruction, are reported. */
  private runTimed(maxInsns: number, tm: TimingModel): Stop {
    const s = this.s;
    const H = HANDLERS;
    let budget = maxInsns;
    let e: Int32Array = EMPTY;
    // no page yet: the first PC (even 0) must look its page up
    let pageBase = -Infinity;
    let pagePa = 0;
    let pageKey = 0;
    let line = -1;
    this.haltRequested = false;
    const logged = this.hooks.beforeInsn;
    try {
      while (budget > 0) {
        const pc = s.pc;
        if (logged && logged(this, pc)) return { kind: 'breakpoint', pc };
        if (pc - pageBase >= 4096 || pc < pageBase) {
          if (pc % 4 !== 0) throw new Trap('pcAlign', esr(EC.PC_ALIGN, 0), pc);
          e = this.codeFor(pc);
          pageBase = pc - (pc % 4096);
          pageKey = this.key(pc % 4294967296 >>> 0, Math.floor(pc / 4294967296));
          pagePa = this.tPa[pageKey & TLB_MASK]!;
          line = -1;
        }
        const off = pc - pageBase;
        if (off >>> 6 !== line) {
          line = off >>> 6;
          tm.fetch(pageKey, pagePa + off);
        }
        const at = (off >>> 2) * SLOTS;
        let op = e[at]!;
        if (op === 0) {
          this.predecode(e, at, pc);
          op = e[at]!;
        }
        this.nextPc = pc + 4;
        H[op]!(this, e, at);
        tm.retire(e, at, pc, this.nextPc);
        s.pc = this.nextPc;
        this.instret++;
        budget--;
        if (this.haltRequested) return { kind: 'halt' };
      }
      return { kind: 'limit' };
    } catch (x) {
      return this.exception(x);
    }
  }

  /** Turn a thrown Fault/Trap into a Stop; the PC stays at the faulting instruction. */
  private exception(x: unknown): Stop {
    // any exception clears the local exclusive monitor (Arm ARM B2.9.5)
    this.exclAddr = -1;
    if (x instanceof Fault) {
      return { kind: 'exception', esr: x.esr(), far: x.far(), pc: this.s.pc, fault: x };
    }
    if (x instanceof Trap) {
      // SVC and BRK: preferred return address is the next instruction for SVC only
      return { kind: 'exception', esr: x.esr, far: 0n, pc: x.pc, trap: x };
    }
    throw x;
  }
}

/** A VA (lo, hi) as a 56-bit number (top byte dropped): for hooks and messages. */
export function vaNum(lo: number, hi: number): number {
  return (hi & 0xffffff) * 4294967296 + (lo >>> 0);
}

const EMPTY = new Int32Array(0);
