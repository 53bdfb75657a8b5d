// CPU state: plain data (STYLE §8). Registers, PSTATE and the system
// registers the semantics need. No behaviour beyond accessors; translation,
// memory and timing live elsewhere.
//
// 64-bit values live as 32-bit halves in an Int32Array (no BigInt on the hot
// path): X[2n] is the low half of Xn, X[2n+1] the high half.
//   slots 0..30  X0..X30
//   slot  31     SP_EL0          (an `Xn|SP` operand with n = 31)
//   slot  32     XZR             (reads as zero; never written)
//   slot  33     write sink      (a write to XZR lands here)
// The predecoder turns register fields into slot numbers once, so handlers
// never test for 31.

export const SP = 31;
export const ZR = 32;
export const SINK = 33;
export const NSLOTS = 34;

/** SCTLR_EL1 bits used (Arm ARM D17.2.118). */
export const SCTLR = {
  M: 1 << 0,
  A: 1 << 1,
  DZE: 1 << 14,
  // high-half bits, as bit numbers within the high 32 bits
  TCF0_SHIFT_HI: 38 - 32,
  ATA0_HI: 1 << (42 - 32),
} as const;

export class CpuState {
  /** General registers as halves, see the slot map above. */
  readonly X = new Int32Array(NSLOTS * 2);
  /** V0-V31, 128 bits each as four 32-bit words (V[4n] least significant). */
  readonly V = new Int32Array(32 * 4);
  /** Program counter (a VA below 2^56; a JS number). */
  pc = 0;
  /** PSTATE.NZCV as separate bits (0/1). */
  n = 0;
  z = 0;
  c = 0;
  v = 0;
  /** PSTATE.TCO (tag check override). */
  tco = 0;
  tpidrLo = 0;
  tpidrHi = 0;
  fpcr = 0;
  fpsr = 0;

  // ---- system registers (EL1, owned by the kernel; EL0 cannot write them)
  /** SCTLR_EL1 as halves. */
  sctlrLo = 0;
  sctlrHi = 0;
  /** TCR_EL1 as halves. T0SZ = 16 (48-bit VAs) from reset so the regime is always a valid one. */
  tcrLo = 16;
  tcrHi = 0;
  /** MAIR_EL1 as halves. */
  mairLo = 0;
  mairHi = 0;
  /** TTBR0_EL1: table base (PA, a number) and ASID. */
  ttbr0Base = 0;
  asid = 0;
  /** GCR_EL1: Exclude[15:0], RRND bit 16. */
  gcr = 0;
  /** RGSR_EL1: TAG[3:0], SEED[23:8] (the 16-bit LFSR QEMU and Linux use). */
  rgsr = 0;
  /** TFSRE0_EL1: TF0 bit 0, TF1 bit 1. */
  tfsre0 = 0;
  /** DCZID_EL0.BS (log2 of block size in words); 4 = 64 bytes. */
  dczidBs = 4;
  /** CNTFRQ_EL0 in Hz. */
  cntfrq = 1_000_000_000;

  xLo(n: number): number {
    return this.X[2 * n]!;
  }

  /** Xn (slot n) as an unsigned BigInt: for the edges (debugger, syscalls, tests). */
  xBig(slot: number): bigint {
    return (BigInt(this.X[2 * slot + 1]! >>> 0) << 32n) | BigInt(this.X[2 * slot]! >>> 0);
  }

  setXBig(slot: number, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.X[2 * slot] = Number(u & 0xffffffffn) | 0;
    this.X[2 * slot + 1] = Number(u >> 32n) | 0;
  }

  /** NZCV as the 4-bit value of MRS NZCV bits 31:28. */
  get nzcv(): number {
    return (this.n << 3) | (this.z << 2) | (this.c << 1) | this.v;
  }

  set nzcv(x: number) {
    this.n = (x >> 3) & 1;
    this.z = (x >> 2) & 1;
    this.c = (x >> 1) & 1;
    this.v = x & 1;
  }

  /** SCTLR_EL1.TCF0 (EL0 tag check fault mode): 0 none, 1 sync, 2 async, 3 asymmetric. */
  get tcf0(): number {
    return (this.sctlrHi >>> SCTLR.TCF0_SHIFT_HI) & 3;
  }

  /** Copy of everything (for fork and debugger snapshots). */
  clone(): CpuState {
    const c = new CpuState();
    c.X.set(this.X);
    c.V.set(this.V);
    for (const k of Object.keys(this) as (keyof CpuState)[]) {
      const v = this[k];
      if (typeof v === 'number') (c as unknown as Record<string, number>)[k] = v;
    }
    return c;
  }
}
