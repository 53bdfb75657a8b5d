// Stage-1 address translation for the EL1&0 regime, as seen from EL0 (and
// from EL1 for the kernel's uaccess-style accesses), plus an architectural
// TLB. Arm ARM (DDI 0487) chapter D8 "The AArch64 Virtual Memory System
// Architecture"; pseudocode names in comments (AArch64.S1Translate,
// AArch64.S1Walk, AArch64.S1CheckPermissions, ...).
//
// What is modelled
//   - 4 KiB granule only (TCR_EL1.TG0 = 0b00), TTBR0_EL1 only. T0SZ 16..39
//     (start level 0, 1 or 2 — "Translation table walk, 4KB granule" tables);
//     48-bit VA with four levels L0..L3 is the usual case (T0SZ = 16).
//   - Descriptors (D8 "Translation table descriptor formats"), 64-bit little
//     endian at table + index * 8:
//       bits[1:0] = 0b00/0b10 invalid; 0b11 table (L0-L2) / page (L3);
//       0b01 block at L1 (1 GiB) or L2 (2 MiB); 0b01 at L0 or L3 is invalid.
//       Lower attributes: AttrIndx[4:2], AP[2:1] = bits 7:6, AF bit 10,
//       nG bit 11. Upper: PXN bit 53, UXN bit 54. Output address bits 47:12
//       (page), 47:21 (L2 block), 47:30 (L1 block). Table descriptors:
//       PXNTable 59, UXNTable 60, APTable 62:61 (hierarchical permissions,
//       ignored when TCR_EL1.HPD0 = 1).
//   - Permissions (D8 "Memory access control", AArch64.S1ComputePermissions,
//     PAN off, no WXN): EL0 read needs AP[1] = 1, EL0 write needs AP[2:1] =
//     0b01, EL1 read always, EL1 write needs AP[2] = 0; EL0 execute needs
//     UXN = 0 (execute-only EL0 memory is AP[1] = 0, UXN = 0); EL1 execute
//     needs PXN = 0 and the page not EL0-writable.
//   - Access flag: AF = 0 gives an Access flag fault; no hardware update
//     (FEAT_HAFDBS absent: TCR_EL1.HA/HD and the DBM bit are ignored, so the
//     kernel manages AF and dirty state in software).
//   - Memory type from MAIR_EL1.Attr<AttrIndx> (D8 "Memory region
//     attributes"): 0xF0 is Normal-Tagged (MTE); 0b0000xx00 is Device.
//   - TBI0 (D8 "Address tagging"): VA bits 63:56 are ignored for translation
//     and VA[59:56] is the logical tag. With TBI0 the VA must have bits 55:48
//     (more generally 55:64-T0SZ) all zero; bit 55 = 1 selects the TTBR1
//     half, which this machine treats as disabled (TCR_EL1.EPD1 = 1, the
//     kernel lives in TypeScript): Translation fault, level 0. Without TBI0
//     bits 63:48 must be zero.
//   - Address size fault: TTBR0 base or a descriptor's output address above
//     the physical address size min(PARange, TCR_EL1.IPS) (default 40 bits).
//   - Faults are priority-ordered as in AArch64.S1Translate: VA range
//     (translation L0), walk (address size, translation, access flag at
//     the level found), then permission.
//   - SCTLR_EL1.M = 0: VA = PA (after TBI), data accesses Device-nGnRnE and
//     untagged (configurable with MmuOptions.offAttr for bare MTE tests),
//     instruction fetches Normal Non-cacheable; a PA beyond physical memory is
//     reported as an Address size fault level 0 (real hardware would take a
//     synchronous External abort; this keeps bad bare programs from being
//     host errors).
//
// Virtual addresses
//   Inputs are the 64-bit VA as two 32-bit halves (lo = bits 31:0, hi = bits
//   63:32; either signed or unsigned int32), the form registers take in the
//   interpreter. Internally the translated part is bits 47:0 (a JS number).
//   Faults carry the full 64-bit VA as a BigInt (faults are rare).
//
// TLB
//   Set-associative (default 1024 entries, 4 ways, LRU within a set), tagged
//   by ASID (TTBR0_EL1.ASID, bits 63:48; 8 bits when TCR_EL1.AS = 0) with
//   global entries (nG = 0) matching every ASID. Entries are per 4 KiB page:
//   a block translation is cached one page at a time ("splintered") but
//   remembers its block size, so TLBI by VA removes every page of the block.
//   Leaf entries that raise Translation, Access flag or Address size faults
//   are never cached; entries that raise Permission faults are (a TLB may
//   hold them), so the kernel must TLBI after making a PTE more permissive,
//   as Linux does in ptep_set_access_flags(). Likewise a change of MAIR_EL1,
//   TCR_EL1 or TTBR0_EL1.BADDR without an ASID change needs a TLBI.
//   Storage is typed arrays; a lookup or walk allocates nothing.

import { HostLimitError, PAGE_SIZE, type PhysMem } from './memory.ts';

/** Kind of access: data read, data write, instruction fetch. */
export type Access = 'r' | 'w' | 'x';

/** Permission bits in TranslateResult.el0Perms / el1Perms and TLB entries. */
export const PERM_R = 1;
export const PERM_W = 2;
export const PERM_X = 4;

/** MAIR_EL1 attribute encodings used by the machine. */
export const MAIR_DEVICE_nGnRnE = 0x00;
export const MAIR_NORMAL_NC = 0x44;
export const MAIR_NORMAL_WB = 0xff;
/** Normal, Inner/Outer Write-Back, Read/Write-Allocate, Tagged (FEAT_MTE2). */
export const MAIR_NORMAL_TAGGED = 0xf0;

const TWO32 = 4294967296;

// ---------------------------------------------------------------- faults

export type FaultKind = 'translation' | 'accessFlag' | 'permission' | 'alignment' | 'tagCheck' | 'addressSize';

/** EC values (ESR_ELx.EC, Arm ARM D17 "ESR_EL1"). */
const EC_IABT_LOWER = 0x20;
const EC_IABT_CUR = 0x21;
const EC_DABT_LOWER = 0x24;
const EC_DABT_CUR = 0x25;

/** A 64-bit VA from 32-bit halves. */
export function vaFromHalves(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Halves [lo, hi] (unsigned) of a 64-bit VA. */
export function vaToHalves(va: bigint): [number, number] {
  const v = BigInt.asUintN(64, va);
  return [Number(v & 0xffffffffn), Number(v >> 32n)];
}

/**
 * A synchronous MMU or MTE fault (STYLE §10): thrown by Mmu.translate and by
 * the interpreter's alignment and tag checks, caught once by the run loop.
 * Not an Error subclass: demand paging throws one per page fault, and a host
 * stack trace would be pure cost.
 */
export class Fault {
  constructor(
    readonly kind: FaultKind,
    /** Lookup level (0..3) for translation, accessFlag, permission and addressSize; 0 otherwise. */
    readonly level: number,
    /** The 64-bit VA the instruction generated, tag bits included. */
    readonly va: bigint,
    /** A data write (store, DC ZVA/GVA/GZVA, the write of an atomic). */
    readonly write: boolean,
    /** An instruction fetch. */
    readonly exec: boolean,
    /** A privileged (EL1) access, i.e. the exception is taken from EL1. */
    readonly priv: boolean = false,
    /** Physical addresses of the descriptors read before the fault (for the timing model and debugger). */
    readonly walk: readonly number[] = [],
  ) {}

  /** Synchronous tag check fault for the VA (lo, hi) (MTE.md §2.3). */
  static tagCheck(lo: number, hi: number, write: boolean, priv = false): Fault {
    return new Fault('tagCheck', 0, vaFromHalves(lo, hi), write, false, priv);
  }

  /** Alignment fault for the VA (lo, hi). */
  static alignment(lo: number, hi: number, write: boolean, exec = false, priv = false): Fault {
    return new Fault('alignment', 0, vaFromHalves(lo, hi), write, exec, priv);
  }

  /**
   * The fault status code, ESR_ELx.ISS.{D,I}FSC[5:0] (Arm ARM D17, "ISS
   * encoding for an exception from a Data Abort"): address size 0b0000LL,
   * translation 0b0001LL, access flag 0b0010LL, permission 0b0011LL,
   * synchronous tag check 0b010001, alignment 0b100001.
   */
  get fsc(): number {
    switch (this.kind) {
      case 'addressSize': return 0b000000 | this.level;
      case 'translation': return 0b000100 | this.level;
      case 'accessFlag': return 0b001000 | this.level;
      case 'permission': return 0b001100 | this.level;
      case 'tagCheck': return 0b010001;
      case 'alignment': return 0b100001;
    }
  }

  /**
   * ESR_EL1 for this fault: EC = Instruction/Data Abort from a lower EL
   * (0x20/0x24) or from the current EL when fromEL1 (0x21/0x25); IL = 1;
   * ISV = 0 (no instruction syndrome); WnR (bit 6) for a data write; S1PTW,
   * EA, CM, FnV = 0 (FAR is valid).
   */
  esr(fromEL1: boolean = this.priv): number {
    const ec = this.exec ? (fromEL1 ? EC_IABT_CUR : EC_IABT_LOWER) : fromEL1 ? EC_DABT_CUR : EC_DABT_LOWER;
    const wnr = this.write && !this.exec ? 1 << 6 : 0;
    return ((ec << 26) | (1 << 25) | wnr | this.fsc) >>> 0;
  }

  /**
   * FAR_EL1: the faulting VA with its tag bits. For a tag check fault
   * FAR[63:60] are UNKNOWN unless FEAT_MTE_TAGGED_FAR (MTE.md §2.3); this
   * machine makes them 0, which for a TTBR0 address equals the untagged bits
   * Linux puts there. FAR[59:56] keep the logical tag.
   */
  far(): bigint {
    return this.kind === 'tagCheck' ? this.va & 0x0fffffffffffffffn : this.va;
  }

  get message(): string {
    const acc = this.exec ? 'exec' : this.write ? 'write' : 'read';
    const lvl = this.kind === 'alignment' || this.kind === 'tagCheck' ? '' : ` level ${this.level}`;
    return `${this.kind} fault${lvl} on ${this.priv ? 'EL1 ' : ''}${acc} at 0x${this.va.toString(16)}`;
  }

  toString(): string {
    return this.message;
  }
}

// ---------------------------------------------------------------- registers

/**
 * The translation controls, decoded. Set all at once with Mmu.setRegs(), or
 * from raw register halves with setSCTLR/setTTBR0/setTCR/setMAIR.
 */
export interface MmuRegs {
  /** SCTLR_EL1.M: stage-1 translation enabled. */
  m: boolean;
  /** TTBR0_EL1.BADDR: physical address of the top-level table. */
  ttbr0Base: number;
  /** TTBR0_EL1.ASID (bits 63:48). */
  asid: number;
  /** TCR_EL1.T0SZ: VA size is 64 - T0SZ bits (16..39). */
  t0sz: number;
  /** TCR_EL1.EPD0: no walks through TTBR0 (translation fault on a TLB miss). */
  epd0: boolean;
  /** TCR_EL1.EPD1 (informational: TTBR1 is always treated as disabled). */
  epd1: boolean;
  /** TCR_EL1.TBI0: top byte ignored for TTBR0 addresses. */
  tbi0: boolean;
  /** TCR_EL1.TCMA0: tag 0 unchecked (for the interpreter's tag check; the MMU only carries it). */
  tcma0: boolean;
  /** TCR_EL1.HPD0: hierarchical permissions (APTable/XNTable) disabled. */
  hpd0: boolean;
  /** TCR_EL1.AS: 16-bit ASIDs (else 8-bit). */
  as16: boolean;
  /** TCR_EL1.IPS as a number of bits (32, 36, 40, 42, 44, 48). */
  ipsBits: number;
  /** MAIR_EL1 bits 31:0 (Attr0..Attr3) and 63:32 (Attr4..Attr7). */
  mairLo: number;
  mairHi: number;
}

/** Reset-ish defaults: MMU off, 48-bit VA, TBI0 on, TTBR1 disabled, 16-bit ASIDs. */
export function defaultMmuRegs(): MmuRegs {
  return {
    m: false,
    ttbr0Base: 0,
    asid: 0,
    t0sz: 16,
    epd0: false,
    epd1: true,
    tbi0: true,
    tcma0: false,
    hpd0: false,
    as16: true,
    ipsBits: 48,
    mairLo: 0,
    mairHi: 0,
  };
}

/** TCR_EL1.IPS / ID_AA64MMFR0_EL1.PARange encodings -> bits. */
const PA_BITS = [32, 36, 40, 42, 44, 48, 52];

// ---------------------------------------------------------------- results

/**
 * The result of a successful translation. Mmu.translate returns the same
 * object every time (no allocation): copy what you need before the next call.
 */
export class TranslateResult {
  /** PA of the accessed byte. */
  pa = 0;
  /** PA of the 4 KiB page holding it. */
  pagePa = 0;
  /** Permissions at EL0 and at EL1 (PERM_R | PERM_W | PERM_X). */
  el0Perms = 0;
  el1Perms = 0;
  /** Permissions at the EL of this access (EL1 when privileged), as booleans. */
  read = false;
  write = false;
  exec = false;
  /** MAIR attribute byte of the page. */
  attr = 0;
  /** Normal-Tagged memory (attr 0xF0): accesses may be tag-checked. */
  tagged = false;
  /** Device memory (unaligned data accesses take an Alignment fault). */
  device = false;
  /** Non-global entry, and the ASID it was looked up with. */
  nG = false;
  asid = 0;
  /** Level of the leaf descriptor (1 or 2: block, 3: page); -1 with the MMU off. */
  level = -1;
  /** Size of the leaf's region: 4 KiB, 2 MiB or 1 GiB. */
  blockSize = PAGE_SIZE;
  /** Logical tag, VA[59:56] (0 without TBI0). */
  tag = 0;
  /** Served from the TLB (no walk). */
  tlbHit = false;
  /** Descriptor PAs read by this translation's walk: walkAddrs[0..walkCount). */
  readonly walkAddrs = new Float64Array(4);
  walkCount = 0;
}

/** One step of a walk, for the debugger (Mmu.describeWalk). */
export interface WalkStep {
  level: number;
  /** PA of the descriptor. */
  descPa: number;
  /** The descriptor. */
  desc: bigint;
  type: 'invalid' | 'table' | 'block' | 'page' | 'reserved';
}

/** What the debugger gets for a VA: the walk, and the result or the fault. */
export interface WalkTrace {
  steps: WalkStep[];
  result: TranslateResult | null;
  fault: Fault | null;
}

export interface MmuOptions {
  /** TLB entries (power of two). Default 1024. */
  tlbEntries?: number;
  /** TLB associativity (power of two, <= entries; entries = fully associative). Default 4. */
  tlbWays?: number;
  /** Implemented physical address size, ID_AA64MMFR0_EL1.PARange, in bits. Default 40. */
  paBits?: number;
  /** MAIR-style attribute for data accesses with the MMU off. Default Device-nGnRnE (0x00). */
  offAttr?: number;
}

export type InvalidateKind = 'va' | 'vaAllAsid' | 'asid' | 'all';
/**
 * TLB invalidation listener: for 'va'/'vaAllAsid', [va, va + span) is the VA
 * range (page-aligned, span >= 4 KiB; larger when block translations may be
 * cached) whose translations for `asid` (and global ones) are gone; for
 * 'asid' every non-global translation of `asid`; for 'all' everything.
 */
export type InvalidateListener = (kind: InvalidateKind, va: number, span: number, asid: number) => void;

export interface MmuCounters {
  /** TLB lookups that hit. */
  hits: number;
  /** TLB lookups that missed (each starts a walk). */
  misses: number;
  /** Walks started (misses, including ones that fault). */
  walks: number;
  /** Descriptors read by walks. */
  descReads: number;
  /** Faults raised by translate(). */
  faults: number;
}

// ---------------------------------------------------------------- the MMU

export class Mmu {
  readonly mem: PhysMem;
  readonly counters: MmuCounters = { hits: 0, misses: 0, walks: 0, descReads: 0, faults: 0 };
  /** The reused result of translate(). */
  readonly result = new TranslateResult();
  readonly paBits: number;
  readonly offAttr: number;

  // Decoded registers (see MmuRegs).
  private m = false;
  private ttbr0Base = 0;
  private asidRaw = 0;
  private t0sz = 16;
  private epd0 = false;
  private epd1 = true;
  private tbi0 = true;
  private tcma0 = false;
  private hpd0 = false;
  private as16 = true;
  private ipsBits = 48;
  private mairLo = 0;
  private mairHi = 0;

  // Derived from the registers by derive().
  /** Current ASID (8 or 16 bits). */
  private asid = 0;
  private startLevel = 0;
  /** VA bits [47:inputsize] that must be zero, split into halves (hi: bits 47:32 only). */
  private vaHiMask = 0;
  private vaLoMask = 0;
  /** Output-address bits above the PA size within descriptor hi[15:0]. */
  private oaHiMask = 0;
  /** The top-level table base, aligned to the table's size. */
  private rootPa = 0;
  private rootBad = false;

  // TLB (structure of arrays, index = set * ways + way).
  private readonly ways: number;
  private readonly setMask: number;
  private readonly tValid: Uint8Array;
  private readonly tVpn: Float64Array;
  private readonly tAsid: Int32Array;
  private readonly tGlobal: Uint8Array;
  private readonly tPagePa: Float64Array;
  private readonly tPerms: Uint8Array;
  private readonly tAttr: Uint8Array;
  private readonly tLevel: Uint8Array;
  private readonly tShift: Uint8Array;
  private readonly tStamp: Float64Array;
  private stamp = 0;
  /** Largest leaf (log2 size) inserted since the last tlbiAll(): 12 unless blocks are in use. */
  private maxLeafShift = 12;

  private readonly listeners: InvalidateListener[] = [];

  // Walk scratch (no allocation on the walk).
  private wLo = 0;
  private wLevel = 0;
  private wPagePa = 0;
  private wPerms = 0;
  private wAttr = 0;
  private wShift = 12;

  constructor(mem: PhysMem, opts: MmuOptions = {}) {
    this.mem = mem;
    const entries = opts.tlbEntries ?? 1024;
    const ways = opts.tlbWays ?? 4;
    const pow2 = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
    if (!pow2(entries) || !pow2(ways) || ways > entries) {
      throw new HostLimitError(`TLB geometry ${entries} entries / ${ways} ways: both must be powers of two, ways <= entries`);
    }
    this.paBits = opts.paBits ?? 40;
    if (!PA_BITS.includes(this.paBits) || this.paBits > 48) {
      throw new HostLimitError(`paBits ${this.paBits} is not a PARange size (32, 36, 40, 42, 44, 48)`);
    }
    this.offAttr = (opts.offAttr ?? MAIR_DEVICE_nGnRnE) & 0xff;
    this.ways = ways;
    this.setMask = entries / ways - 1;
    this.tValid = new Uint8Array(entries);
    this.tVpn = new Float64Array(entries);
    this.tAsid = new Int32Array(entries);
    this.tGlobal = new Uint8Array(entries);
    this.tPagePa = new Float64Array(entries);
    this.tPerms = new Uint8Array(entries);
    this.tAttr = new Uint8Array(entries);
    this.tLevel = new Uint8Array(entries);
    this.tShift = new Uint8Array(entries);
    this.tStamp = new Float64Array(entries);
    this.derive();
  }

  // ------------------------------------------------------------ registers

  /** The decoded controls (a fresh copy). */
  get regs(): MmuRegs {
    return {
      m: this.m,
      ttbr0Base: this.ttbr0Base,
      asid: this.asidRaw,
      t0sz: this.t0sz,
      epd0: this.epd0,
      epd1: this.epd1,
      tbi0: this.tbi0,
      tcma0: this.tcma0,
      hpd0: this.hpd0,
      as16: this.as16,
      ipsBits: this.ipsBits,
      mairLo: this.mairLo,
      mairHi: this.mairHi,
    };
  }

  /**
   * Change some controls. Like the hardware, this does not invalidate the TLB.
   * An unimplemented setting throws HostLimitError and changes nothing.
   */
  setRegs(r: Partial<MmuRegs>): void {
    const before = this.regs;
    try {
      this.applyRegs(r);
    } catch (e) {
      this.applyRegs(before);
      throw e;
    }
  }

  private applyRegs(r: Partial<MmuRegs>): void {
    if (r.m !== undefined) this.m = r.m;
    if (r.ttbr0Base !== undefined) this.ttbr0Base = r.ttbr0Base;
    if (r.asid !== undefined) this.asidRaw = r.asid & 0xffff;
    if (r.t0sz !== undefined) this.t0sz = r.t0sz;
    if (r.epd0 !== undefined) this.epd0 = r.epd0;
    if (r.epd1 !== undefined) this.epd1 = r.epd1;
    if (r.tbi0 !== undefined) this.tbi0 = r.tbi0;
    if (r.tcma0 !== undefined) this.tcma0 = r.tcma0;
    if (r.hpd0 !== undefined) this.hpd0 = r.hpd0;
    if (r.as16 !== undefined) this.as16 = r.as16;
    if (r.ipsBits !== undefined) this.ipsBits = r.ipsBits;
    if (r.mairLo !== undefined) this.mairLo = r.mairLo >>> 0;
    if (r.mairHi !== undefined) this.mairHi = r.mairHi >>> 0;
    this.derive();
  }

  /** SCTLR_EL1 write: only M (bit 0) matters here. */
  setSCTLR(lo: number, _hi: number): void {
    this.setRegs({ m: (lo & 1) !== 0 });
  }

  /** TTBR0_EL1 write: BADDR bits 47:1 (CnP, bit 0, ignored), ASID bits 63:48. */
  setTTBR0(lo: number, hi: number): void {
    this.setRegs({ ttbr0Base: (hi & 0xffff) * TWO32 + ((lo & ~1) >>> 0), asid: hi >>> 16 });
  }

  /**
   * TCR_EL1 write. Fields: T0SZ[5:0], EPD0 7, TG0[15:14], A1 22, EPD1 23,
   * IPS[34:32], AS 36, TBI0 37, HPD0 41, TCMA0 57. TG0 must be 4 KiB and A1
   * must be 0 (ASID from TTBR0): anything else is a host error, as only the
   * TypeScript kernel writes this register.
   */
  setTCR(lo: number, hi: number): void {
    if (((lo >>> 14) & 3) !== 0) throw new HostLimitError('TCR_EL1.TG0: only the 4 KiB granule is implemented');
    if (((lo >>> 22) & 1) !== 0) throw new HostLimitError('TCR_EL1.A1 = 1 (ASID from TTBR1_EL1) is not implemented');
    const ips = hi & 7;
    if (ips > 5) throw new HostLimitError(`TCR_EL1.IPS = ${ips}: 52-bit physical addresses are not implemented`);
    this.setRegs({
      t0sz: lo & 63,
      epd0: ((lo >>> 7) & 1) !== 0,
      epd1: ((lo >>> 23) & 1) !== 0,
      ipsBits: PA_BITS[ips]!,
      as16: ((hi >>> 4) & 1) !== 0,
      tbi0: ((hi >>> 5) & 1) !== 0,
      hpd0: ((hi >>> 9) & 1) !== 0,
      tcma0: ((hi >>> 25) & 1) !== 0,
    });
  }

  /** MAIR_EL1 write. */
  setMAIR(lo: number, hi: number): void {
    this.setRegs({ mairLo: lo, mairHi: hi });
  }

  /** Recompute the derived state after a register change. */
  private derive(): void {
    const t0sz = this.t0sz;
    if (!Number.isInteger(t0sz) || t0sz < 16 || t0sz > 39) {
      throw new HostLimitError(`TCR_EL1.T0SZ = ${t0sz}: only 16..39 (VA sizes 48..25 bits) are implemented with a 4 KiB granule`);
    }
    if (!PA_BITS.includes(this.ipsBits) || this.ipsBits > 48) {
      throw new HostLimitError(`IPS of ${this.ipsBits} bits is not implemented`);
    }
    this.asid = this.as16 ? this.asidRaw : this.asidRaw & 0xff;
    const inputSize = 64 - t0sz;
    // Each level resolves 9 bits above the 12-bit page offset (D8 "Translation
    // table walk, 4KB granule"); the start level is the one holding the top bit.
    this.startLevel = 3 - Math.floor((inputSize - 13) / 9);
    if (inputSize >= 32) {
      this.vaHiMask = (0xffff & ~((1 << (inputSize - 32)) - 1)) >>> 0;
      this.vaLoMask = 0;
    } else {
      this.vaHiMask = 0xffff;
      this.vaLoMask = ~((1 << inputSize) - 1) | 0;
    }
    const outBits = Math.min(this.paBits, this.ipsBits);
    this.oaHiMask = (0xffff & ~((2 ** (outBits - 32) - 1) | 0)) >>> 0;
    // The top-level table holds 2^(inputSize - levelShift) entries and is
    // aligned to its own size (at least 64 bytes): BADDR bits below are RES0.
    const topBytes = 8 * 2 ** (inputSize - levelShift(this.startLevel));
    const align = Math.max(64, topBytes);
    this.rootPa = this.ttbr0Base - (this.ttbr0Base % align);
    this.rootBad = this.rootPa >= 2 ** outBits;
  }

  // ------------------------------------------------------------ translation

  /**
   * Translate the VA (lo, hi) for an access (AArch64.TranslateAddress for the
   * EL1&0 stage 1 regime). `priv` makes it an EL1 access (the kernel's
   * uaccess): AP[1] is then not required and PAN is off. Returns this.result,
   * reused across calls. Throws Fault.
   */
  translate(lo: number, hi: number, access: Access, priv = false): TranslateResult {
    const r = this.result;
    if (!this.m) return this.translateOff(lo, hi, access, priv);
    // AArch64.S1Translate: the VA range check (AArch64.VAIsOutOfRange).
    let tag = 0;
    if (this.tbi0) {
      if ((hi & 0x00ff0000) !== 0) this.fault('translation', 0, lo, hi, access, priv, null);
      tag = (hi >>> 24) & 0xf;
    } else if ((hi & 0xffff0000) !== 0) {
      this.fault('translation', 0, lo, hi, access, priv, null);
    }
    if ((hi & this.vaHiMask) !== 0 || (lo & this.vaLoMask) !== 0) this.fault('translation', 0, lo, hi, access, priv, null);

    const vpn = (hi & 0xffff) * 1048576 + (lo >>> 12);
    const asid = this.asid;
    r.tag = tag;
    r.asid = asid;

    // TLB lookup.
    const ways = this.ways;
    const base = ((lo >>> 12) & this.setMask) * ways;
    let hit = -1;
    for (let i = base; i < base + ways; i++) {
      if (this.tValid[i] === 1 && this.tVpn[i] === vpn && (this.tGlobal[i] === 1 || this.tAsid[i] === asid)) {
        hit = i;
        break;
      }
    }
    if (hit >= 0) {
      this.counters.hits++;
      this.tStamp[hit] = ++this.stamp;
      r.tlbHit = true;
      r.walkCount = 0;
      this.fill(r, lo, this.tPagePa[hit]!, this.tPerms[hit]!, this.tAttr[hit]!, this.tGlobal[hit] === 0, this.tLevel[hit]!, this.tShift[hit]!, priv);
    } else {
      this.counters.misses++;
      this.counters.walks++;
      r.tlbHit = false;
      this.walk(r, lo, hi, access, priv, null);
      const nG = ((this.wLo >>> 11) & 1) === 1;
      this.insert(base, vpn, asid, nG);
      this.fill(r, lo, this.wPagePa, this.wPerms, this.wAttr, nG, this.wLevel, this.wShift, priv);
    }

    // AArch64.S1CheckPermissions (PAN off, no WXN).
    const perms = priv ? r.el1Perms : r.el0Perms;
    const need = access === 'r' ? PERM_R : access === 'w' ? PERM_W : PERM_X;
    if ((perms & need) === 0) this.fault('permission', r.level, lo, hi, access, priv, r);
    return r;
  }

  /** translate() for a BigInt VA (debugger, tests, syscall arguments). */
  translateVa(va: bigint, access: Access, priv = false): TranslateResult {
    const [lo, hi] = vaToHalves(va);
    return this.translate(lo, hi, access, priv);
  }

  /** SCTLR_EL1.M = 0 (AArch64.S1DisabledOutput): flat, untagged unless offAttr says otherwise. */
  private translateOff(lo: number, hi: number, access: Access, priv: boolean): TranslateResult {
    const r = this.result;
    const top = this.tbi0 ? hi & 0x00ffffff : hi >>> 0;
    const pa = top * TWO32 + (lo >>> 0);
    if (pa >= this.mem.size) this.fault('addressSize', 0, lo, hi, access, priv, null);
    const attr = access === 'x' ? MAIR_NORMAL_NC : this.offAttr;
    r.pa = pa;
    r.pagePa = pa - (lo & 0xfff);
    r.el0Perms = r.el1Perms = PERM_R | PERM_W | PERM_X;
    r.read = r.write = r.exec = true;
    r.attr = attr;
    r.tagged = attr === MAIR_NORMAL_TAGGED;
    r.device = (attr & 0xf0) === 0;
    r.nG = false;
    r.asid = this.asid;
    r.level = -1;
    r.blockSize = PAGE_SIZE;
    r.tag = this.tbi0 ? (hi >>> 24) & 0xf : 0;
    r.tlbHit = false;
    r.walkCount = 0;
    return r;
  }

  /** Fill the result from a leaf (TLB entry or walk). */
  private fill(r: TranslateResult, lo: number, pagePa: number, perms: number, attr: number, nG: boolean, level: number, shift: number, priv: boolean): void {
    r.pagePa = pagePa;
    r.pa = pagePa + (lo & 0xfff);
    r.el0Perms = perms & 7;
    r.el1Perms = perms >>> 4;
    const p = priv ? r.el1Perms : r.el0Perms;
    r.read = (p & PERM_R) !== 0;
    r.write = (p & PERM_W) !== 0;
    r.exec = (p & PERM_X) !== 0;
    r.attr = attr;
    r.tagged = attr === MAIR_NORMAL_TAGGED;
    r.device = (attr & 0xf0) === 0;
    r.nG = nG;
    r.level = level;
    // (no `2 ** shift` here: V8 makes it a slow runtime call)
    r.blockSize = shift === 12 ? 0x1000 : shift === 21 ? 0x20_0000 : 0x4000_0000;
  }

  /**
   * AArch64.S1Walk: walk from TTBR0 to a leaf, recording descriptor PAs in
   * r.walkAddrs. On success the leaf is in the w* scratch fields; otherwise
   * throws the fault found. `trace` (debugger) also collects each step and
   * suppresses the counters.
   */
  private walk(r: TranslateResult, lo: number, hi: number, access: Access, priv: boolean, trace: WalkStep[] | null): void {
    r.walkCount = 0;
    if (this.epd0) this.fault('translation', 0, lo, hi, access, priv, r, trace);
    if (this.rootBad) this.fault('addressSize', 0, lo, hi, access, priv, r, trace);
    const oaHiMask = this.oaHiMask;
    let table = this.rootPa;
    let level = this.startLevel;
    // Hierarchical controls gathered from table descriptors (D8 "Hierarchical
    // control of data access permissions"): APTable[0] removes EL0 access,
    // APTable[1] removes write access, UXNTable / PXNTable add XN.
    let noEl0 = 0;
    let noWrite = 0;
    let uxnT = 0;
    let pxnT = 0;
    for (;;) {
      const descPa = table + indexAt(level, lo, hi) * 8;
      r.walkAddrs[r.walkCount++] = descPa;
      if (trace === null) this.counters.descReads++;
      const dlo = this.mem.read32(descPa);
      const dhi = this.mem.read32(descPa + 4);
      const type = dlo & 3;
      if (trace !== null) {
        trace.push({
          level,
          descPa,
          desc: vaFromHalves(dlo, dhi),
          type: (type & 1) === 0 ? 'invalid' : type === 3 ? (level === 3 ? 'page' : 'table') : level === 1 || level === 2 ? 'block' : 'reserved',
        });
      }
      if ((type & 1) === 0) this.fault('translation', level, lo, hi, access, priv, r, trace);
      if (type === 3 && level < 3) {
        // Table descriptor: next-level table address bits 47:12.
        if ((dhi & oaHiMask) !== 0) this.fault('addressSize', level, lo, hi, access, priv, r, trace);
        if (!this.hpd0) {
          pxnT |= (dhi >>> 27) & 1;
          uxnT |= (dhi >>> 28) & 1;
          noEl0 |= (dhi >>> 29) & 1;
          noWrite |= (dhi >>> 30) & 1;
        }
        table = (dhi & 0xffff) * TWO32 + ((dlo & 0xfffff000) >>> 0);
        level++;
        continue;
      }
      // Block (0b01) at L1/L2 or page (0b11) at L3; 0b01 at L0 (no 4 KiB
      // L0 blocks without FEAT_LPA2) or L3 (reserved) is invalid.
      if (type === 1 && (level === 0 || level === 3)) this.fault('translation', level, lo, hi, access, priv, r, trace);
      if ((dhi & oaHiMask) !== 0) this.fault('addressSize', level, lo, hi, access, priv, r, trace);
      if (((dlo >>> 10) & 1) === 0) this.fault('accessFlag', level, lo, hi, access, priv, r, trace);

      const shift = levelShift(level);
      // Output address: the descriptor's OA bits above the block size, plus
      // the VA's page bits inside the block.
      const inBlock = shift === 12 ? 0 : lo & ((1 << shift) - 1) & ~0xfff;
      const oaLo = shift === 30 ? dlo & 0xc0000000 : shift === 21 ? dlo & 0xffe00000 : dlo & 0xfffff000;
      this.wPagePa = (dhi & 0xffff) * TWO32 + ((oaLo | inBlock) >>> 0);

      // AArch64.S1ComputePermissions for the EL1&0 regime.
      const ap1 = ((dlo >>> 6) & 1) & (noEl0 ^ 1);
      const ap2 = ((dlo >>> 7) & 1) | noWrite;
      const uxn = ((dhi >>> 22) & 1) | uxnT;
      const pxn = ((dhi >>> 21) & 1) | pxnT;
      const el0W = ap1 & (ap2 ^ 1);
      const el0 = (ap1 ? PERM_R : 0) | (el0W ? PERM_W : 0) | (uxn ? 0 : PERM_X);
      // EL1 never executes memory EL0 can write ("unprivileged write implies PXN").
      const el1 = PERM_R | (ap2 ? 0 : PERM_W) | (pxn | el0W ? 0 : PERM_X);
      this.wPerms = el0 | (el1 << 4);
      this.wAttr = this.mairAttr((dlo >>> 2) & 7);
      this.wLo = dlo;
      this.wLevel = level;
      this.wShift = shift;
      return;
    }
  }

  /** MAIR_EL1.Attr<n>. */
  private mairAttr(n: number): number {
    return n < 4 ? (this.mairLo >>> (8 * n)) & 0xff : (this.mairHi >>> (8 * (n - 4))) & 0xff;
  }

  /** Put the walk's leaf in the TLB set starting at `base`, evicting the LRU way. */
  private insert(base: number, vpn: number, asid: number, nG: boolean): void {
    let victim = base;
    for (let i = base; i < base + this.ways; i++) {
      if (this.tValid[i] === 0) {
        victim = i;
        break;
      }
      if (this.tStamp[i]! < this.tStamp[victim]!) victim = i;
    }
    this.tValid[victim] = 1;
    this.tVpn[victim] = vpn;
    this.tAsid[victim] = asid;
    this.tGlobal[victim] = nG ? 0 : 1;
    this.tPagePa[victim] = this.wPagePa;
    this.tPerms[victim] = this.wPerms;
    this.tAttr[victim] = this.wAttr;
    this.tLevel[victim] = this.wLevel;
    this.tShift[victim] = this.wShift;
    this.tStamp[victim] = ++this.stamp;
    if (this.wShift > this.maxLeafShift) this.maxLeafShift = this.wShift;
  }

  /** Count and throw a fault; r (if any) holds the descriptor PAs read so far. */
  private fault(kind: FaultKind, level: number, lo: number, hi: number, access: Access, priv: boolean, r: TranslateResult | null, trace: WalkStep[] | null = null): never {
    if (trace === null) this.counters.faults++;
    const walk: number[] = [];
    if (r !== null) for (let i = 0; i < r.walkCount; i++) walk.push(r.walkAddrs[i]!);
    throw new Fault(kind, level, vaFromHalves(lo, hi), access === 'w', access === 'x', priv, walk);
  }

  // ------------------------------------------------------------ debugger view

  /**
   * Walk the tables for va without touching the TLB or the counters, and
   * report each descriptor plus the outcome of an access of the given kind.
   */
  describeWalk(va: bigint, access: Access = 'r', priv = false): WalkTrace {
    const [lo, hi] = vaToHalves(va);
    const steps: WalkStep[] = [];
    const mk = (kind: FaultKind, level: number) => new Fault(kind, level, va, access === 'w', access === 'x', priv);
    const r = new TranslateResult();
    r.asid = this.asid;
    r.tag = this.tbi0 ? (hi >>> 24) & 0xf : 0;
    if (!this.m) {
      const top = this.tbi0 ? hi & 0x00ffffff : hi >>> 0;
      const pa = top * TWO32 + (lo >>> 0);
      if (pa >= this.mem.size) return { steps, result: null, fault: mk('addressSize', 0) };
      const attr = access === 'x' ? MAIR_NORMAL_NC : this.offAttr;
      this.fill(r, lo, pa - (lo & 0xfff), 0x77, attr, false, -1, 12, priv);
      return { steps, result: r, fault: null };
    }
    const tbiBad = this.tbi0 ? (hi & 0x00ff0000) !== 0 : (hi & 0xffff0000) !== 0;
    if (tbiBad || (hi & this.vaHiMask) !== 0 || (lo & this.vaLoMask) !== 0) {
      return { steps, result: null, fault: mk('translation', 0) };
    }
    try {
      this.walk(r, lo, hi, access, priv, steps);
    } catch (e) {
      if (e instanceof Fault) return { steps, result: null, fault: e };
      throw e;
    }
    this.fill(r, lo, this.wPagePa, this.wPerms, this.wAttr, ((this.wLo >>> 11) & 1) === 1, this.wLevel, this.wShift, priv);
    const perms = priv ? r.el1Perms : r.el0Perms;
    const need = access === 'r' ? PERM_R : access === 'w' ? PERM_W : PERM_X;
    return { steps, result: r, fault: (perms & need) === 0 ? mk('permission', r.level) : null };
  }

  // ------------------------------------------------------------ TLB maintenance

  /** Register a listener called after every invalidation (the interpreter's soft TLB). */
  onInvalidate(cb: InvalidateListener): void {
    this.listeners.push(cb);
  }

  /**
   * TLBI VAE1 (by VA and ASID): drop the translations of va (a number, VA
   * bits 47:0; the top byte, if present, is ignored) for `asid`, and global
   * ones for va. If block translations may be cached, every cached page of
   * a block containing va goes too.
   */
  tlbiVaAsid(va: number, asid: number): void {
    this.tlbiVa(va, asid & 0xffff, false);
  }

  /** TLBI VAAE1 (by VA, all ASIDs). */
  tlbiVaAllAsid(va: number): void {
    this.tlbiVa(va, -1, true);
  }

  /** TLBI ASIDE1: drop every non-global translation of `asid`. */
  tlbiAsid(asid: number): void {
    const a = asid & 0xffff;
    for (let i = 0; i < this.tValid.length; i++) {
      if (this.tValid[i] === 1 && this.tGlobal[i] === 0 && this.tAsid[i] === a) this.tValid[i] = 0;
    }
    this.notify('asid', 0, 0, a);
  }

  /** TLBI VMALLE1: drop everything. */
  tlbiAll(): void {
    this.tValid.fill(0);
    this.maxLeafShift = 12;
    this.notify('all', 0, 0, 0);
  }

  /** Valid TLB entries (tests, statistics). */
  tlbOccupancy(): number {
    let n = 0;
    for (let i = 0; i < this.tValid.length; i++) n += this.tValid[i]!;
    return n;
  }

  /** Reset the counters to zero. */
  resetCounters(): void {
    const c = this.counters;
    c.hits = c.misses = c.walks = c.descReads = c.faults = 0;
  }

  private tlbiVa(va: number, asid: number, allAsid: boolean): void {
    const vpn = Math.floor(va / PAGE_SIZE) % 2 ** 36;
    const match = (i: number) => this.tValid[i] === 1 && (allAsid || this.tGlobal[i] === 1 || this.tAsid[i] === asid);
    let span = PAGE_SIZE;
    if (this.maxLeafShift === 12) {
      const base = (vpn & this.setMask) * this.ways;
      for (let i = base; i < base + this.ways; i++) if (match(i) && this.tVpn[i] === vpn) this.tValid[i] = 0;
    } else {
      // Block translations may be cached splintered: compare at each entry's
      // own leaf size, so every page of a block holding va is dropped.
      for (let i = 0; i < this.tValid.length; i++) {
        if (!match(i)) continue;
        const pages = 1 << (this.tShift[i]! - 12);
        if (Math.floor(this.tVpn[i]! / pages) === Math.floor(vpn / pages)) this.tValid[i] = 0;
      }
      span = 2 ** this.maxLeafShift;
    }
    const start = Math.floor((vpn * PAGE_SIZE) / span) * span;
    this.notify(allAsid ? 'vaAllAsid' : 'va', start, span, allAsid ? 0 : asid);
  }

  private notify(kind: InvalidateKind, va: number, span: number, asid: number): void {
    for (const cb of this.listeners) cb(kind, va, span, asid);
  }
}

/** log2 of the region one descriptor at `level` maps: L3 4 KiB, L2 2 MiB, L1 1 GiB, L0 512 GiB. */
function levelShift(level: number): number {
  return 12 + 9 * (3 - level);
}

/** The 9-bit table index of VA (lo, hi) at `level` (VA bits 47:39, 38:30, 29:21, 20:12). */
function indexAt(level: number, lo: number, hi: number): number {
  switch (level) {
    case 0: return ((hi & 0xffff) >>> 7) & 511;
    case 1: return (((hi & 0x7f) << 2) | (lo >>> 30)) & 511;
    case 2: return (lo >>> 21) & 511;
    default: return (lo >>> 12) & 511;
  }
}
