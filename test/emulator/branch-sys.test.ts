// Branch and system semantics (emulator/semantics/branch.ts, system.ts):
// property tests of every branch form against a BigInt reference written
// here from the Arm ARM (not from the code under test), and directed tests
// of the exception syndromes (SVC, BRK, UDF, EL1-only system registers),
// MRS/MSR values, DC ZVA with SCTLR_EL1.DZE on and off, cache maintenance
// at EL0, and register branches to tagged and misaligned addresses. Then
// the self-checking programs in programs/isa/branch and programs/isa/sys,
// bare and under qemu-aarch64 (the behaviour oracle) when it is installed.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeIsaPrograms } from '../helpers/isa-programs.ts';
import { step } from '../helpers/step.ts';
import { decode } from '../../isa/decoder.ts';
import { sysRegEncoding } from '../../isa/sysregs.ts';
import { Machine, type Stop } from '../../emulator/machine.ts';
import { PhysMem } from '../../emulator/memory.ts';
import { Fault, Mmu } from '../../emulator/mmu.ts';
import { HANDLERS } from '../../emulator/semantics/index.ts';
import { Trap } from '../../emulator/exceptions.ts';
import { asmOne } from '../isa/asm-one.ts';
import { PageTables } from './pt-helper.ts';

const M64 = (1n << 64n) - 1n;
const RUNS = 100_000;
const TBI0 = 1 << (37 - 32);
const TBI1 = 1 << (38 - 32);
const DZE = 1 << 14;

/** A machine with the MMU off (flat Normal memory), TBI0 and DZE on, as the bare harness sets up. */
function flatMachine(): Machine {
  const mem = new PhysMem(1 << 30);
  const m = new Machine(mem, new Mmu(mem, { offAttr: 0xff }));
  m.s.tcrLo = 16;
  m.s.tcrHi = TBI0;
  m.s.sctlrLo = DZE;
  m.setTranslationRegs();
  return m;
}


/** Assemble `text` (pc-relative operands relative to pc) at pc and run it through the real loop. */
function run1(m: Machine, text: string, pc = 0x10000): Stop {
  const w = asmOne(text, BigInt(pc));
  if (typeof w === 'string') throw new Error(`${text}: ${w}`);
  m.mem.write32(pc, w);
  m.invalidateCode(pc);
  m.s.pc = pc;
  return m.run(1);
}

function word(text: string, pc = 0n): number {
  const w = asmOne(text, pc);
  if (typeof w === 'string') throw new Error(`${text}: ${w}`);
  return w;
}

const sext = (v: bigint, bits: number): bigint => BigInt.asIntN(bits, v);
const u64 = fc.bigInt(0n, M64);
/** 64-bit values biased towards the edge cases of zero tests (zero halves, single bits). */
const val64 = fc.oneof(
  u64,
  fc.constantFrom(0n, 1n, 1n << 31n, 1n << 32n, 1n << 63n, 0xffffffffn, 0xffffffff00000000n, M64),
  fc.integer({ min: 0, max: 63 }).map((b) => 1n << BigInt(b)),
  u64.map((v) => v & 0xffffffff00000000n),
);
/** A code address well inside the 48-bit space, so that PC + offset stays positive. */
const pcArb = fc.integer({ min: 1 << 26, max: 2 ** 46 / 4 }).map((x) => x * 4);

/** ConditionHolds, from the Arm ARM condition code table (C1.2.4). */
function condHolds(cond: number, n: number, z: number, c: number, v: number): boolean {
  switch (cond) {
    case 0: return z === 1; case 1: return z === 0;
    case 2: return c === 1; case 3: return c === 0;
    case 4: return n === 1; case 5: return n === 0;
    case 6: return v === 1; case 7: return v === 0;
    case 8: return c === 1 && z === 0; case 9: return !(c === 1 && z === 0);
    case 10: return n === v; case 11: return n !== v;
    case 12: return z === 0 && n === v; case 13: return !(z === 0 && n === v);
    default: return true;
  }
}

describe('immediate branches (property, vs BigInt reference)', () => {
  const m = flatMachine();

  it('B and BL: PC + SignExtend(imm26:00); BL sets X30 = PC + 4', () => {
    fc.assert(fc.property(pcArb, fc.integer({ min: 0, max: (1 << 26) - 1 }), fc.boolean(), (pc, imm26, link) => {
      m.s.pc = pc;
      m.s.setXBig(30, 0x5555n);
      step(m, ((link ? 0x94000000 : 0x14000000) | imm26) >>> 0);
      const target = BigInt(pc) + sext(BigInt(imm26), 26) * 4n;
      expect(BigInt(m.s.pc)).toBe(target);
      expect(m.s.xBig(30)).toBe(link ? BigInt(pc) + 4n : 0x5555n);
    }), { numRuns: RUNS });
  });

  it('B.cond: taken iff ConditionHolds(cond) for every NZCV', () => {
    fc.assert(fc.property(pcArb, fc.integer({ min: 0, max: (1 << 19) - 1 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }),
      (pc, imm19, cond, nzcv) => {
        m.s.pc = pc;
        m.s.nzcv = nzcv;
        step(m, (0x54000000 | (imm19 << 5) | cond) >>> 0);
        const taken = condHolds(cond, nzcv >> 3, (nzcv >> 2) & 1, (nzcv >> 1) & 1, nzcv & 1);
        expect(BigInt(m.s.pc)).toBe(taken ? BigInt(pc) + sext(BigInt(imm19), 19) * 4n : BigInt(pc) + 4n);
        expect(m.s.nzcv).toBe(nzcv);
      }), { numRuns: RUNS });
  });

  it('CBZ/CBNZ (W and X): W tests bits 31:0 only, register 31 is XZR', () => {
    fc.assert(fc.property(pcArb, fc.integer({ min: 0, max: (1 << 19) - 1 }), fc.integer({ min: 0, max: 31 }), val64, fc.boolean(), fc.boolean(),
      (pc, imm19, rt, v, sf, nz) => {
        m.s.pc = pc;
        if (rt !== 31) m.s.setXBig(rt, v);
        const w = ((sf ? 1 << 31 : 0) | (nz ? 0x35000000 : 0x34000000) | (imm19 << 5) | rt) >>> 0;
        step(m, w);
        const val = rt === 31 ? 0n : sf ? v : v & 0xffffffffn;
        const taken = nz ? val !== 0n : val === 0n;
        expect(BigInt(m.s.pc)).toBe(taken ? BigInt(pc) + sext(BigInt(imm19), 19) * 4n : BigInt(pc) + 4n);
        if (rt !== 31) expect(m.s.xBig(rt)).toBe(v);
      }), { numRuns: RUNS });
  });

  it('TBZ/TBNZ: bit b5:b40 of Xt (bits 32..63 included)', () => {
    fc.assert(fc.property(pcArb, fc.integer({ min: 0, max: (1 << 14) - 1 }), fc.integer({ min: 0, max: 31 }), val64, fc.integer({ min: 0, max: 63 }), fc.boolean(),
      (pc, imm14, rt, v, bit, nz) => {
        m.s.pc = pc;
        if (rt !== 31) m.s.setXBig(rt, v);
        const w = (((bit >> 5) << 31) | (nz ? 0x37000000 : 0x36000000) | ((bit & 31) << 19) | (imm14 << 5) | rt) >>> 0;
        step(m, w);
        const b = rt === 31 ? 0n : (v >> BigInt(bit)) & 1n;
        const taken = nz ? b === 1n : b === 0n;
        expect(BigInt(m.s.pc)).toBe(taken ? BigInt(pc) + sext(BigInt(imm14), 14) * 4n : BigInt(pc) + 4n);
      }), { numRuns: RUNS });
  });
});

describe('register branches: BranchAddr with TBI', () => {
  const m = flatMachine();

  /** AArch64.BranchAddr at EL0, from the Arm ARM: with TBI for the target's half, bits 63:56 := bit 55. */
  function branchAddr(v: bigint, tbi0: boolean, tbi1: boolean): bigint {
    const bit55 = (v >> 55n) & 1n;
    if ((bit55 === 0n && tbi0) || (bit55 === 1n && tbi1)) {
      return bit55 ? v | 0xff00000000000000n : v & 0x00ffffffffffffffn;
    }
    return v;
  }

  it('BR/BLR/RET go to BranchAddr(Xn); BLR writes X30 = PC + 4 after reading Xn; misaligned targets fault at the target', () => {
    fc.assert(fc.property(pcArb, fc.integer({ min: 0, max: 31 }), val64, fc.constantFrom(0, 1, 2), fc.boolean(), fc.boolean(), fc.boolean(),
      (pc, rn, v, kind, tbi0, tbi1, small) => {
        // small: a plausible 48-bit code address with a random tag, exactly representable as a PC
        const val = small ? (v & 0x0f00fffffffffffcn) | (v & 3n) : v;
        m.s.tcrHi = (tbi0 ? TBI0 : 0) | (tbi1 ? TBI1 : 0);
        m.s.pc = pc;
        if (rn !== 31) m.s.setXBig(rn, val);
        m.s.setXBig(30, rn === 30 ? val : 0x1234n);
        const w = ([0xd61f0000, 0xd63f0000, 0xd65f0000][kind]! | (rn << 5)) >>> 0;
        const trap = step(m, w);
        const src = rn === 31 ? 0n : val;
        const target = branchAddr(src, tbi0, tbi1);
        if ((target & 3n) !== 0n) {
          expect(trap).toBeInstanceOf(Trap);
          expect(trap).toMatchObject({ kind: 'pcAlign', esr: 0x8a000000, pc: Number(target) });
        } else if (target >> 48n !== 0n) {
          // not fetchable: the Instruction Abort (address size with the MMU off) with the exact VA
          expect(trap).toBeInstanceOf(Fault);
          expect(trap).toMatchObject({ kind: 'addressSize', level: 0, va: target, exec: true });
        } else {
          expect(trap).toBeUndefined();
          expect(m.s.pc).toBe(Number(target));
        }
        if (kind === 1) expect(m.s.xBig(30)).toBe(BigInt(pc) + 4n);
        else expect(m.s.xBig(30)).toBe(rn === 30 ? val : 0x1234n);
      }), { numRuns: RUNS });
  });

  it('BR to a tagged pointer lands on the untagged address and runs there (TBI0)', () => {
    const mm = flatMachine();
    mm.mem.write32(0x20000, word('add x1, x1, #1'));
    mm.s.setXBig(0, 0x0a00000000020000n);
    const stop = run1(mm, 'br x0');
    expect(stop.kind).toBe('limit');
    expect(mm.s.pc).toBe(0x20000);
    mm.run(1);
    expect(mm.s.xBig(1)).toBe(1n);
  });

  it('BR to a tagged pointer without TBI0 keeps the tag and takes an Instruction Abort (translation, level 0) with FAR = the VA', () => {
    const mem = new PhysMem(1 << 24);
    const mm = new Machine(mem, new Mmu(mem));
    const pt = new PageTables(mem, 0x100000);
    pt.map(0x10000, 0x10000);
    mm.s.mairLo = 0xff;
    mm.s.ttbr0Base = pt.root;
    mm.s.tcrLo = 16;
    mm.s.tcrHi = 0;
    mm.s.sctlrLo = 1;
    mm.setTranslationRegs();
    mm.s.setXBig(0, 0x0200000000010000n);
    mem.write32(0x10000, word('br x0'));
    mm.s.pc = 0x10000;
    const stop = mm.run(2);
    expect(stop.kind).toBe('exception');
    if (stop.kind !== 'exception') return;
    expect(stop.esr).toBe(0x82000004); // Instruction Abort from EL0, translation fault level 0
    expect(stop.far).toBe(0x0200000000010000n);
    // a wild pointer with bit 55 set (TBI1 off): the exact VA survives into FAR
    mm.s.setXBig(0, 0xdeadbeefdeadbeecn);
    mm.s.pc = 0x10000;
    expect(mm.run(2)).toMatchObject({ kind: 'exception', esr: 0x82000004, far: 0xdeadbeefdeadbeecn });
  });

  it('a misaligned target in the same code page still raises the PC alignment fault', () => {
    const mm = flatMachine();
    mm.s.setXBig(3, 0x10102n);
    const stop = run1(mm, 'blr x3');
    expect(stop).toMatchObject({ kind: 'exception', esr: 0x8a000000, pc: 0x10102 });
    expect(mm.s.xBig(30)).toBe(0x10004n);
  });

  it('RET defaults to X30; `br xzr` branches to 0', () => {
    const mm = flatMachine();
    mm.s.setXBig(30, 0x30000n);
    run1(mm, 'ret');
    expect(mm.s.pc).toBe(0x30000);
    mm.s.pc = 0x10000;
    step(mm, 0xd61f03e0); // br xzr (generic encoding)
    expect(mm.s.pc).toBe(0);
  });
});

describe('exception generation', () => {
  it('SVC #imm: EC 0x15, IL, ISS = imm16, PC left at the SVC', () => {
    const m = flatMachine();
    for (const imm of [0, 1, 0x1234, 0xffff]) {
      const stop = run1(m, `svc #${imm}`);
      expect(stop).toMatchObject({ kind: 'exception', esr: (0x56000000 | imm) >>> 0, pc: 0x10000 });
      if (stop.kind === 'exception') expect(stop.trap?.kind).toBe('svc');
    }
  });

  it('BRK #imm: EC 0x3C, ISS = imm16', () => {
    const m = flatMachine();
    for (const imm of [0, 0x3e8, 0xffff]) {
      const stop = run1(m, `brk #${imm}`);
      expect(stop).toMatchObject({ kind: 'exception', esr: (0xf2000000 | imm) >>> 0, pc: 0x10000 });
      if (stop.kind === 'exception') expect(stop.trap?.kind).toBe('brk');
    }
  });

  it('UDF #imm: UNDEFINED, EC 0 (ESR 0x02000000)', () => {
    const m = flatMachine();
    const stop = run1(m, 'udf #42');
    expect(stop).toMatchObject({ kind: 'exception', esr: 0x02000000, pc: 0x10000 });
    if (stop.kind === 'exception') expect(stop.trap?.kind).toBe('undefined');
  });
});

describe('hints, barriers, CLREX, PSTATE', () => {
  it('every HINT #imm7 (NOP, YIELD, WFE, WFI, SEV, SEVL, PAC/BTI and unallocated) is a NOP', () => {
    const m = flatMachine();
    for (let imm = 0; imm < 128; imm++) {
      m.s.pc = 0x10000;
      m.s.nzcv = 5;
      const before = m.s.X.slice();
      expect(step(m, (0xd503201f | (imm << 5)) >>> 0)).toBeUndefined();
      expect(m.s.pc).toBe(0x10004);
      expect(m.s.X).toEqual(before);
      expect(m.s.nzcv).toBe(5);
    }
  });

  it('barriers are distinct no-op handlers; CLREX clears the monitor', () => {
    const m = flatMachine();
    const rows = ['dmb ish', 'dsb sy', 'isb'].map((t) => decode(word(t)));
    expect(new Set(rows.map((r) => HANDLERS[r + 1])).size).toBe(3);
    for (const t of ['dmb ish', 'dsb sy', 'isb', 'ssbb', 'pssbb']) expect(run1(m, t).kind).toBe('limit');
    m.exclAddr = 0x1000;
    m.exclSize = 8;
    run1(m, 'clrex');
    expect(m.exclAddr).toBe(-1);
  });

  it('MSR TCO, #imm sets PSTATE.TCO = CRm<0> and re-derives tag checking', () => {
    const m = flatMachine();
    m.s.sctlrHi = (1 << (42 - 32)) | (1 << (38 - 32)); // ATA0, TCF0 = sync
    m.syncControl();
    expect(m.tcActive).toBe(true);
    run1(m, 'msr tco, #1');
    expect(m.s.tco).toBe(1);
    expect(m.tcActive).toBe(false);
    run1(m, 'msr tco, #2'); // CRm<0> = 0
    expect(m.s.tco).toBe(0);
    expect(m.tcActive).toBe(true);
  });

  it('MSR SPSel is UNDEFINED at EL0; DAIFSet/DAIFClr trap with EC 0x18 (SCTLR_EL1.UMA = 0)', () => {
    const m = flatMachine();
    expect(run1(m, 'msr spsel, #1')).toMatchObject({ kind: 'exception', esr: 0x02000000 });
    // ISS: Op0 0, Op2 6/7, Op1 3, CRn 4, Rt 31, CRm 2, Direction 0
    const iss = (op2: number) => (op2 << 17) | (3 << 14) | (4 << 10) | (31 << 5) | (2 << 1);
    expect(run1(m, 'msr daifset, #2')).toMatchObject({ kind: 'exception', esr: (0x62000000 | iss(6)) >>> 0 });
    expect(run1(m, 'msr daifclr, #2')).toMatchObject({ kind: 'exception', esr: (0x62000000 | iss(7)) >>> 0 });
  });
});

describe('MRS/MSR at EL0', () => {
  const mrs = (m: Machine, reg: string, rt = 1): bigint => {
    expect(run1(m, `mrs x${rt}, ${reg}`).kind).toBe('limit');
    return m.s.xBig(rt);
  };

  it('NZCV round trip: bits 31:28, other bits ignored on write', () => {
    const m = flatMachine();
    for (let f = 0; f < 16; f++) {
      m.s.setXBig(2, (BigInt(f) << 28n) | 0x0fffffffn | 0xffffffff00000000n);
      run1(m, 'msr nzcv, x2');
      expect(m.s.nzcv).toBe(f);
      expect(mrs(m, 'nzcv')).toBe(BigInt(f) << 28n);
    }
  });

  it('TPIDR_EL0 holds all 64 bits; FPCR/FPSR keep their defined bits', () => {
    const m = flatMachine();
    m.s.setXBig(2, 0xfedcba9876543210n);
    run1(m, 'msr tpidr_el0, x2');
    expect(mrs(m, 'tpidr_el0', 3)).toBe(0xfedcba9876543210n);
    m.s.setXBig(2, 0x03c00000n); // DN, FZ, RMode = 3
    run1(m, 'msr fpcr, x2');
    expect(mrs(m, 'fpcr')).toBe(0x03c00000n);
    m.s.setXBig(2, 0x9fn);
    run1(m, 'msr fpsr, x2');
    expect(mrs(m, 'fpsr')).toBe(0x9fn);
  });

  it('TCO reads as bit 25 and writes PSTATE.TCO from bit 25', () => {
    const m = flatMachine();
    m.s.tco = 1;
    expect(mrs(m, 'tco')).toBe(1n << 25n);
    m.s.setXBig(2, ~(1n << 25n) & M64);
    run1(m, 'msr tco, x2');
    expect(m.s.tco).toBe(0);
    expect(mrs(m, 'tco')).toBe(0n);
  });

  it('DCZID_EL0: BS from the machine, DZP = NOT SCTLR_EL1.DZE', () => {
    const m = flatMachine();
    expect(mrs(m, 'dczid_el0')).toBe(4n);
    m.s.dczidBs = 6;
    m.s.sctlrLo = 0;
    expect(mrs(m, 'dczid_el0')).toBe(6n | 16n);
  });

  it('CNTFRQ_EL0, CNTVCT_EL0 (counts up), CTR_EL0', () => {
    const m = flatMachine();
    expect(mrs(m, 'cntfrq_el0')).toBe(BigInt(m.s.cntfrq));
    const a = mrs(m, 'cntvct_el0');
    m.instret += 1000;
    const b = mrs(m, 'cntvct_el0');
    expect(b - a).toBeGreaterThanOrEqual(1000n);
    expect(mrs(m, 'ctr_el0') >> 31n).toBe(1n); // RES1
  });

  it('MRS with Rt = 31 discards the value (XZR)', () => {
    const m = flatMachine();
    m.s.tpidrLo = 7;
    expect(run1(m, 'mrs xzr, tpidr_el0').kind).toBe('limit');
    expect(m.s.xBig(31)).toBe(BigInt(m.s.X[62]! >>> 0) | (BigInt(m.s.X[63]! >>> 0) << 32n)); // SP untouched
  });

  const EL1_ONLY = ['GCR_EL1', 'RGSR_EL1', 'TFSRE0_EL1', 'TFSR_EL1', 'SCTLR_EL1', 'TCR_EL1', 'MAIR_EL1', 'TTBR0_EL1', 'TTBR1_EL1',
    'MIDR_EL1', 'ID_AA64PFR1_EL1', 'ESR_EL1', 'FAR_EL1', 'ELR_EL1', 'VBAR_EL1', 'SP_EL0', 'CurrentEL', 'SPSel', 'TPIDR_EL1', 'CNTKCTL_EL1'];

  it.each(EL1_ONLY)('MRS/MSR %s at EL0 is UNDEFINED (EC 0)', (reg) => {
    const m = flatMachine();
    const enc = sysRegEncoding(reg);
    const rd = run1(m, `mrs x1, ${reg}`);
    expect(rd).toMatchObject({ kind: 'exception', esr: 0x02000000, pc: 0x10000 });
    // MSR by encoding (read-only registers have no MSR spelling)
    m.s.pc = 0x10000;
    const t = step(m, (0xd5000000 | (enc << 5) | 2) >>> 0);
    expect(t?.esr).toBe(0x02000000);
  });

  it('MSR to read-only EL0 registers and CNTFRQ_EL0 is UNDEFINED; DAIF traps (EC 0x18)', () => {
    const m = flatMachine();
    for (const reg of ['DCZID_EL0', 'CTR_EL0', 'CNTVCT_EL0', 'CNTFRQ_EL0']) {
      m.s.pc = 0x10000;
      expect(step(m, (0xd5000000 | (sysRegEncoding(reg) << 5) | 2) >>> 0)?.esr).toBe(0x02000000);
    }
    // MRS x1, DAIF: ISS Op0 3, Op2 1, Op1 3, CRn 4, Rt 1, CRm 2, Direction 1 (read)
    const iss = (3 << 20) | (1 << 17) | (3 << 14) | (4 << 10) | (1 << 5) | (2 << 1) | 1;
    expect(run1(m, 'mrs x1, daif')).toMatchObject({ kind: 'exception', esr: (0x62000000 | iss) >>> 0 });
  });
});

describe('DC ZVA and cache maintenance at EL0', () => {
  it('DC ZVA zeroes the 64-byte block holding Xt (unaligned Xt, tagged pointer)', () => {
    const m = flatMachine();
    for (let a = 0x40000 - 64; a < 0x40000 + 128; a++) m.mem.write8(a, 0xaa);
    m.s.setXBig(0, 0x0700000000040027n);
    expect(run1(m, 'dc zva, x0').kind).toBe('limit');
    for (let a = 0x40000 - 64; a < 0x40000 + 128; a++) expect(m.mem.read8(a)).toBe(a >= 0x40000 && a < 0x40040 ? 0 : 0xaa);
    expect(m.s.xBig(0)).toBe(0x0700000000040027n);
  });

  it('DC ZVA honours DCZID_EL0.BS', () => {
    const m = flatMachine();
    m.s.dczidBs = 9; // 2 KiB
    m.mem.fillPage(0x40000, 0xaa);
    m.s.setXBig(0, 0x40900n);
    run1(m, 'dc zva, x0');
    for (let a = 0x40000; a < 0x41000; a += 16) expect(m.mem.read8(a)).toBe(a >= 0x40800 ? 0 : 0xaa);
  });

  it('DC ZVA/GVA/GZVA with SCTLR_EL1.DZE = 0 trap to EL1 (EC 0x18) and change nothing', () => {
    const m = flatMachine();
    m.s.sctlrLo = 0;
    m.mem.write8(0x40000, 0xaa);
    m.s.setXBig(5, 0x40000n);
    for (const [op, op2] of [['zva', 1], ['gva', 3], ['gzva', 4]] as const) {
      const iss = (1 << 20) | (op2 << 17) | (3 << 14) | (7 << 10) | (5 << 5) | (4 << 1);
      expect(run1(m, `dc ${op}, x5`)).toMatchObject({ kind: 'exception', esr: (0x62000000 | iss) >>> 0, pc: 0x10000 });
    }
    expect(m.mem.read8(0x40000)).toBe(0xaa);
  });

  /** A machine with the MMU on: code at 0x10000, a read-only page at 0x50000, nothing at 0x60000. */
  function mmuMachine(): Machine {
    const mem = new PhysMem(1 << 24);
    const m = new Machine(mem, new Mmu(mem));
    const pt = new PageTables(mem, 0x100000);
    pt.map(0x10000, 0x10000);
    pt.map(0x50000, 0x50000, { ap: 0b11 }); // EL0 read-only
    pt.map(0x40000, 0x40000);
    m.s.mairLo = 0xff;
    m.s.ttbr0Base = pt.root;
    m.s.tcrLo = 16;
    m.s.tcrHi = TBI0;
    m.s.sctlrLo = 1 | DZE;
    m.setTranslationRegs();
    return m;
  }

  it('DC ZVA needs write permission; faults report Xt', () => {
    const m = mmuMachine();
    m.s.setXBig(0, 0x50010n);
    const stop = run1(m, 'dc zva, x0');
    expect(stop).toMatchObject({ kind: 'exception', esr: 0x9200004f, far: 0x50010n }); // permission L3, WnR
    m.s.setXBig(0, 0x60008n);
    expect(run1(m, 'dc zva, x0')).toMatchObject({ kind: 'exception', far: 0x60008n });
  });

  it('DC CIVAC/CVAC/CVAU, IC IVAU and the SYS-spelled DC CVAP are no-ops that translate like reads', () => {
    const m = mmuMachine();
    m.s.setXBig(0, 0x50010n); // read-only page: fine
    for (const t of ['dc civac, x0', 'dc cvac, x0', 'dc cvau, x0', 'ic ivau, x0', 'sys #3, c7, c12, #1, x0']) {
      expect(run1(m, t).kind).toBe('limit');
    }
    m.s.setXBig(0, 0x60000n); // unmapped: translation fault, as a read
    for (const t of ['dc civac, x0', 'dc cvac, x0', 'dc cvau, x0', 'ic ivau, x0']) {
      const stop = run1(m, t);
      expect(stop).toMatchObject({ kind: 'exception', far: 0x60000n });
      if (stop.kind === 'exception') {
        expect(stop.esr >>> 26).toBe(0x24);
        expect(stop.esr & 0x40).toBe(0); // not a write
      }
    }
  });

  it('DC IVAC, IC IALLU/IALLUIS, TLBI, AT, SYSL and set/way operations are UNDEFINED at EL0', () => {
    const m = flatMachine();
    m.s.setXBig(0, 0x40000n);
    for (const t of ['dc ivac, x0', 'ic iallu', 'ic ialluis', 'tlbi vmalle1', 'at s1e0r, x0', 'dc csw, x0', 'sys #0, c7, c5, #0', 'sysl x0, #3, c7, c5, #0']) {
      expect(run1(m, t)).toMatchObject({ kind: 'exception', esr: 0x02000000 });
    }
  });
});

// ---------------------------------------------------------------- programs

describeIsaPrograms('branch');
describeIsaPrograms('sys');
