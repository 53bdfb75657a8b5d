// Exception-generating and system instruction semantics at EL0 (Arm ARM
// C6.2; the exception, hint, barrier, PSTATE, SYS and MRS/MSR rows of
// isa/table/branch-sys.ts). mtemu runs user code, so this is the EL0 view:
//
// - SVC/BRK/UDF raise their exception with the PC left at the instruction
//   (the kernel adds 4 for SVC: the preferred return address of an SVC is
//   the next instruction, xv6's `epc += 4`).
// - Registers an EL0 program may touch are modelled; every other system
//   register is EL1-only, and an EL0 access to it is UNDEFINED (EC 0).
// - Some EL0 operations are enabled by an EL1 control bit and otherwise
//   trapped to EL1 with EC 0x18 (AArch64.SystemAccessTrap): DC ZVA/GVA/GZVA
//   by SCTLR_EL1.DZE, DAIF accesses by SCTLR_EL1.UMA (which this machine
//   keeps 0, as Linux does). Linux turns both into SIGILL. SCTLR_EL1.UCT
//   (CTR_EL0) and UCI (cache maintenance by VA) are modelled as 1, as Linux
//   sets them.
// - Barriers have no functional effect on one in-order core; each keeps its
//   own handler so the timing model can charge them separately.

import type { Fields } from '../../isa/types.ts';
import { sysRegEncoding } from '../../isa/sysregs.ts';
import { SCTLR } from '../cpu-state.ts';
import { EC, Trap, esr } from '../exceptions.ts';
import type { Machine } from '../machine.ts';
import { xr, xw } from './helpers.ts';
import type { SemTable } from './types.ts';

const TWO32 = 4294967296;

/** CTR_EL0: RES1 bit 31, CWG = ERG = DminLine = IminLine = 4 (64-byte lines), L1Ip = PIPT. */
export const CTR_EL0 = 0x8444c004;

/** An UNDEFINED instruction at EL0 (EC 0, Unknown reason). */
export function undefinedInstruction(m: Machine): never {
  throw new Trap('undefined', esr(EC.UNKNOWN, 0), m.s.pc);
}

/**
 * AArch64.SystemAccessTrap(EL1, 0x18): a trapped MSR, MRS or System
 * instruction, with `iss` the ISS built by sysIss(). Linux treats an
 * unemulated one like an UNDEFINED instruction (SIGILL), hence the kind.
 */
export function systemAccessTrap(m: Machine, iss: number): never {
  throw new Trap('undefined', esr(EC.SYSREG, iss), m.s.pc);
}

/**
 * ISS of EC 0x18 (Arm ARM D17, "ISS encoding for an exception from MSR,
 * MRS, or System instruction execution in AArch64 state"): Op0[21:20],
 * Op2[19:17], Op1[16:14], CRn[13:10], Rt[9:5], CRm[4:1], Direction[0]
 * (1 = read: MRS, SYSL).
 */
export function sysIss(op0: number, op1: number, crn: number, crm: number, op2: number, rt: number, read: boolean): number {
  return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1 : 0);
}

/** SCTLR_EL1.DZE: EL0 may use DC ZVA/GVA/GZVA (else they trap, and DCZID_EL0.DZP reads 1). */
export function dcZeroAllowed(m: Machine): boolean {
  return (m.s.sctlrLo & SCTLR.DZE) !== 0;
}

/** Bytes in the DC ZVA block: 4 << DCZID_EL0.BS (BS counts words). */
export function dczBlockBytes(m: Machine): number {
  return 4 << m.s.dczidBs;
}

/**
 * CNTVCT_EL0, the virtual count: ticks of a CNTFRQ_EL0 Hz clock. With a
 * timing model it follows the emulated cycles at the profile's core clock;
 * without one, one tick per retired instruction.
 */
export function virtualCount(m: Machine): number {
  const tm = m.tm;
  if (tm === null) return m.instret;
  return Math.floor((tm.cycles() * m.s.cntfrq) / (tm.profile.core.freqMHz * 1e6));
}

/** A 56-bit VA number from halves (for hooks; the top byte is ignored). */
const vaNum = (lo: number, hi: number): number => (hi & 0xffffff) * TWO32 + (lo >>> 0);

/**
 * DC ZVA (AArch64.DC / MemZero with CacheType_Data): zero the DCZID block
 * holding the address. Translation and write permission are checked on the
 * register's address (FAR = Xt on such a fault); the block is tag-checked
 * as one store (MTE.md §2.2: DC ZVA is checked; which address a tag fault
 * reports is IMPLEMENTATION DEFINED: here the block, or the first failing
 * granule in it).
 */
function dataCacheZeroByVA(m: Machine, lo: number, hi: number): void {
  const bytes = dczBlockBytes(m);
  const pa = m.translateData(lo, hi, 'w') - (lo & (bytes - 1));
  const alo = (lo & -bytes) >>> 0;
  m.checkUncharged(alo, hi, bytes, 'w', 1);
  m.zeroBlock(pa, bytes);
  if (m.hooks.afterStore) m.hooks.afterStore(m, vaNum(alo, hi), bytes);
}

// ---------------------------------------------------------------- MRS / MSR

/** Registers EL0 can access (op0:op1:CRn:CRm:op2 -> code). Anything else: UNDEFINED. */
const R = {
  NZCV: 1, DAIF: 2, TCO: 3, FPCR: 4, FPSR: 5, TPIDR_EL0: 6,
  DCZID_EL0: 7, CNTVCT_EL0: 8, CNTFRQ_EL0: 9, CTR_EL0: 10,
} as const;
const READABLE = new Map<number, number>(
  (Object.keys(R) as (keyof typeof R)[]).map((k) => [sysRegEncoding(k), R[k]]),
);
const WRITABLE = new Map<number, number>(
  (['NZCV', 'DAIF', 'TCO', 'FPCR', 'FPSR', 'TPIDR_EL0'] as const).map((k) => [sysRegEncoding(k), R[k]]),
);

/** FPCR bits this machine keeps: AHP, DN, FZ, RMode, FZ16 (trap enables are RAZ/WI, Len/Stride RES0). */
const FPCR_MASK = 0x07c80000;
/** FPSR bits: IOC, DZC, OFC, UFC, IXC, IDC, QC. */
const FPSR_MASK = 0x0800009f;

/** pre for MRS/MSR: e[1] = 2*slot of Xt, e[2] = register code (0 = UNDEFINED), e[3] = ISS for a trap. */
function preSysReg(f: Fields, e: Int32Array, at: number, read: boolean): void {
  const enc = ((2 + f.o0!) << 14) | (f.op1! << 11) | (f.crn! << 7) | (f.crm! << 3) | f.op2!;
  e[at + 1] = 2 * (read ? xw(f.rt!) : xr(f.rt!));
  e[at + 2] = (read ? READABLE : WRITABLE).get(enc) ?? 0;
  e[at + 3] = sysIss(2 + f.o0!, f.op1!, f.crn!, f.crm!, f.op2!, f.rt!, read);
}

/** MRS: the register's value into m.rlo/m.rhi. */
function readSysReg(m: Machine, code: number, iss: number): void {
  const s = m.s;
  let lo = 0, hi = 0;
  switch (code) {
    case R.NZCV: lo = s.nzcv << 28; break;
    case R.DAIF: systemAccessTrap(m, iss); break;
    case R.TCO: lo = s.tco << 25; break;
    case R.FPCR: lo = s.fpcr; break;
    case R.FPSR: lo = s.fpsr; break;
    case R.TPIDR_EL0: lo = s.tpidrLo; hi = s.tpidrHi; break;
    case R.DCZID_EL0: lo = s.dczidBs | (dcZeroAllowed(m) ? 0 : 1 << 4); break;
    case R.CNTVCT_EL0: { const c = virtualCount(m); lo = c % TWO32 | 0; hi = Math.floor(c / TWO32) | 0; break; }
    case R.CNTFRQ_EL0: lo = s.cntfrq; break;
    case R.CTR_EL0: lo = CTR_EL0; break;
    default: undefinedInstruction(m);
  }
  m.rlo = lo;
  m.rhi = hi;
}

/** MSR (register): write (lo, hi) to the register. */
function writeSysReg(m: Machine, code: number, iss: number, lo: number, hi: number): void {
  const s = m.s;
  switch (code) {
    case R.NZCV: s.nzcv = lo >>> 28; break;
    case R.DAIF: systemAccessTrap(m, iss); break;
    case R.TCO: s.tco = (lo >>> 25) & 1; m.syncControl(); break;
    case R.FPCR: s.fpcr = lo & FPCR_MASK; break;
    case R.FPSR: s.fpsr = lo & FPSR_MASK; break;
    case R.TPIDR_EL0: s.tpidrLo = lo; s.tpidrHi = hi; break;
    default: undefinedInstruction(m);
  }
}

// ---------------------------------------------------------------- SYS

/**
 * The data cache maintenance operations by VA that EL0 may issue but that
 * the table names as SYS aliases (FEAT_DPB/DPB2 and the MTE tag variants):
 * op1 = 3, CRn = 7, (CRm, op2). Like DC CVAC they only check the address.
 */
const EL0_CLEAN_OPS = new Set([
  '10,3', '10,5', // DC CGVAC, CGDVAC
  '12,1', '12,3', '12,5', // DC CVAP, CGVAP, CGDVAP
  '13,1', '13,3', '13,5', // DC CVADP, CGVADP, CGDVADP
  '14,3', '14,5', // DC CIGVAC, CIGDVAC
]);

/**
 * A cache maintenance operation by VA at EL0 (DC CVAC & co, IC IVAU): no
 * effect on this cacheless machine (stores already invalidate predecoded
 * code), but the address is translated and may fault like a read.
 */
function cacheMaintenanceByVA(m: Machine, e: Int32Array, at: number): void {
  const t = e[at + 1]!;
  m.translateData(m.X[t]! >>> 0, m.X[t + 1]!, 'r');
}

const preXt = (f: Fields, e: Int32Array, at: number): void => {
  e[at + 1] = 2 * xr(f.rt ?? 31);
};
const preNone = (): void => {};

// ---------------------------------------------------------------- table

export const SYSTEM: SemTable = {
  // C6.2 SVC: supervisor call; ESR.ISS = imm16. PC stays here; the kernel returns to PC + 4.
  SVC: {
    pre: (f, e, at) => { e[at + 1] = esr(EC.SVC64, f.imm16!) | 0; },
    exec(m, e, at) { throw new Trap('svc', e[at + 1]! >>> 0, m.s.pc); },
  },
  // C6.2 BRK: software breakpoint; ESR.ISS = imm16; preferred return address is the BRK itself.
  BRK: {
    pre: (f, e, at) => { e[at + 1] = esr(EC.BRK64, f.imm16!) | 0; },
    exec(m, e, at) { throw new Trap('brk', e[at + 1]! >>> 0, m.s.pc); },
  },
  // C6.2 UDF: permanently UNDEFINED
  UDF: { pre: preNone, exec: (m) => undefinedInstruction(m) },
  // C6.2 HINT: NOP, YIELD, WFE, WFI, SEV, SEVL, unallocated hints (and the PAC/BTI
  // hints without FEAT_PAuth/BTI) all execute as NOPs at EL0 in user emulation.
  HINT: { pre: preNone, exec() {} },
  // C6.2 CLREX: clear the local exclusive monitor
  CLREX: { pre: preNone, exec(m) { m.exclAddr = -1; } },
  // C6.2 DMB, DSB, ISB: ordering only; one core, in order: no functional effect
  DMB: { pre: preNone, exec() {} },
  DSB: { pre: preNone, exec() {} },
  ISB: { pre: preNone, exec() {} },
  // C6.2 MSR (immediate), PSTATE.TCO = CRm<0> (FEAT_MTE)
  MSR_imm_tco: {
    pre: (f, e, at) => { e[at + 1] = f.crm! & 1; },
    exec(m, e, at) { m.s.tco = e[at + 1]!; m.syncControl(); },
  },
  // C6.2 MSR (immediate), SPSel: UNDEFINED at EL0
  MSR_imm_spsel: { pre: preNone, exec: (m) => undefinedInstruction(m) },
  // C6.2 MSR (immediate), DAIFSet/DAIFClr: trapped to EL1 at EL0 when SCTLR_EL1.UMA = 0
  MSR_imm_daifset: {
    pre: (f, e, at) => { e[at + 1] = sysIss(0, 3, 4, f.crm!, 6, 31, false); },
    exec(m, e, at) { systemAccessTrap(m, e[at + 1]!); },
  },
  MSR_imm_daifclr: {
    pre: (f, e, at) => { e[at + 1] = sysIss(0, 3, 4, f.crm!, 7, 31, false); },
    exec(m, e, at) { systemAccessTrap(m, e[at + 1]!); },
  },
  // C6.2 MRS: Xt = System register (EL0-accessible ones; the rest UNDEFINED)
  MRS: {
    pre: (f, e, at) => preSysReg(f, e, at, true),
    exec(m, e, at) {
      const t = e[at + 1]!;
      readSysReg(m, e[at + 2]!, e[at + 3]!);
      m.X[t] = m.rlo;
      m.X[t + 1] = m.rhi;
    },
  },
  // C6.2 MSR (register): System register = Xt
  MSR_reg: {
    pre: (f, e, at) => preSysReg(f, e, at, false),
    exec(m, e, at) {
      const t = e[at + 1]!;
      writeSysReg(m, e[at + 2]!, e[at + 3]!, m.X[t]!, m.X[t + 1]!);
    },
  },
  // C6.2 DC ZVA: zero the DCZID_EL0 block holding Xt (EL0 needs SCTLR_EL1.DZE)
  DC_ZVA: {
    pre: (f, e, at) => { preXt(f, e, at); e[at + 2] = sysIss(1, 3, 7, 4, 1, f.rt!, false); },
    exec(m, e, at) {
      if (!dcZeroAllowed(m)) systemAccessTrap(m, e[at + 2]!);
      const t = e[at + 1]!;
      dataCacheZeroByVA(m, m.X[t]! >>> 0, m.X[t + 1]!);
    },
  },
  // C6.2 DC CIVAC, CVAC, CVAU and IC IVAU: address-checked no-ops at EL0
  DC_CIVAC: { pre: preXt, exec: cacheMaintenanceByVA },
  DC_CVAC: { pre: preXt, exec: cacheMaintenanceByVA },
  DC_CVAU: { pre: preXt, exec: cacheMaintenanceByVA },
  IC_IVAU: { pre: preXt, exec: cacheMaintenanceByVA },
  // DC IVAC (it may discard data) and IC IALLU/IALLUIS are EL1-only: UNDEFINED at EL0
  DC_IVAC: { pre: preNone, exec: (m) => undefinedInstruction(m) },
  IC_IALLU: { pre: preNone, exec: (m) => undefinedInstruction(m) },
  IC_IALLUIS: { pre: preNone, exec: (m) => undefinedInstruction(m) },
  // C6.2 SYS: the EL0 clean operations the table spells as SYS aliases; everything
  // else (AT, TLBI, set/way operations...) is UNDEFINED at EL0
  SYS: {
    pre: (f, e, at) => {
      preXt(f, e, at);
      e[at + 2] = f.op1 === 3 && f.crn === 7 && EL0_CLEAN_OPS.has(`${f.crm},${f.op2}`) ? 1 : 0;
    },
    exec(m, e, at) {
      if (e[at + 2] === 0) undefinedInstruction(m);
      cacheMaintenanceByVA(m, e, at);
    },
  },
  // C6.2 SYSL: no EL0 operation exists
  SYSL: { pre: preNone, exec: (m) => undefinedInstruction(m) },
};
