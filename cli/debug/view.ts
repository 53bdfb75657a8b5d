// Looking at the machine without changing it: memory through a process's
// page tables (a walk in emulated memory, no TLB fill, no counters, no
// faults), registers, the leaf PTE of an address. The debugger must not
// perturb the run: everything here is side-effect free, so a replay that
// never looked gives the same state.

import type { Kernel } from '../../kernel/kernel.ts';
import type { Proc } from '../../kernel/proc.ts';
import type { WalkTrace } from '../../emulator/mmu.ts';

/**
 * Run fn with the MMU's translation controls set to p's (table base, ASID,
 * SCTLR.M, TCR, MAIR), restored after. The TLB is not touched (describeWalk
 * does not use it), so looking changes nothing the run can see.
 */
export function onTables<T>(k: Kernel, p: Proc, fn: () => T): T {
  const mmu = k.machine.mmu;
  const cur = mmu.regs;
  const s = p.cpu;
  if (cur.m && cur.ttbr0Base === s.ttbr0Base && cur.asid === s.asid) return fn();
  mmu.setSCTLR(s.sctlrLo, s.sctlrHi);
  mmu.setTCR(s.tcrLo, s.tcrHi);
  mmu.setMAIR(s.mairLo, s.mairHi);
  mmu.setRegs({ ttbr0Base: s.ttbr0Base, asid: s.asid });
  try {
    return fn();
  } finally {
    mmu.setRegs(cur);
  }
}

/** The table walk for va in p's address space, as a privileged (EL1) access of the given kind. */
export function walkOf(k: Kernel, p: Proc, va: bigint, access: 'r' | 'w' | 'x' = 'r', priv = true): WalkTrace {
  return onTables(k, p, () => k.machine.mmu.describeWalk(BigInt.asUintN(64, va), access, priv));
}

/** Physical address of va in p's address space, or null when nothing maps it (or p has exited). */
export function physOf(k: Kernel, p: Proc, va: bigint): number | null {
  if (p.state === 'zombie') return null;
  const w = walkOf(k, p, va);
  return w.result && !w.fault ? w.result.pa : null;
}

/** `len` bytes at va in p's address space, or null if any byte is unmapped. */
export function readVirt(k: Kernel, p: Proc, va: bigint, len: number): Uint8Array | null {
  if (p.state === 'zombie') return null;
  const out = new Uint8Array(len);
  for (let i = 0; i < len; ) {
    const pa = physOf(k, p, va + BigInt(i));
    if (pa === null) return null;
    const n = Math.min(len - i, 4096 - (pa % 4096));
    out.set(k.machine.mem.readBytes(pa, n), i);
    i += n;
  }
  return out;
}

/** The instruction word at pc in p's address space. */
export function readWord(k: Kernel, p: Proc, pc: number): number | undefined {
  if (pc % 4 !== 0) return undefined;
  const b = readVirt(k, p, BigInt(pc), 4);
  return b ? new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) : undefined;
}

/** The L3 descriptor for va now (0n when invalid), or null when there is no L3 table for it. */
export function leafPte(k: Kernel, p: Proc, va: bigint): bigint | null {
  if (p.state === 'zombie') return null;
  const w = walkOf(k, p, va);
  const last = w.steps[w.steps.length - 1];
  return last && last.level === 3 ? last.desc : null;
}

/** Allocation tag of the granule holding va (null when unmapped). */
export function allocTagAt(k: Kernel, p: Proc, va: bigint): number | null {
  const pa = physOf(k, p, va);
  return pa === null ? null : k.machine.mem.getTag(pa) & 0xf;
}

export interface RegSnap {
  pid: number;
  x: bigint[];
  sp: bigint;
  pc: number;
  nzcv: number;
  tco: number;
}

export function regSnap(k: Kernel, p: Proc): RegSnap {
  const s = p.cpu;
  const x: bigint[] = [];
  for (let i = 0; i < 31; i++) x.push(s.xBig(i));
  return { pid: p.pid, x, sp: s.xBig(31), pc: s.pc, nzcv: s.nzcv, tco: s.tco };
}
