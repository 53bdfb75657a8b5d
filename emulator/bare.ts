// The bare harness: run a static AArch64 ELF on the machine with the MMU
// off (VA = PA, flat Normal untagged memory) and a three-call "kernel"
// (write, exit, exit_group). It is how ISA programs run before, and
// besides, the demand-paging mini-kernel (STYLE §13: riscv-tests' "p" env),
// and what the interpreter benchmarks use.
//
// With SCTLR_EL1.M = 0 the architecture makes data accesses Device memory
// (unaligned accesses fault). The harness instead asks the MMU for Normal
// memory with the MMU off, so the ISA programs can test unaligned accesses
// bare as well; MTE tag checks need Normal-Tagged pages and so the kernel.

import { readElf } from '../isa/elf.ts';
import { CpuState, SP } from './cpu-state.ts';
import { EC } from './exceptions.ts';
import { Machine, type Stop } from './machine.ts';
import { PhysMem } from './memory.ts';
import { MAIR_NORMAL_WB, Mmu } from './mmu.ts';

export interface BareResult {
  /** Exit status (x0 of exit), or undefined when the program did not exit. */
  exitCode?: number;
  /** Bytes the program wrote to fd 1 and 2. */
  stdout: string;
  stderr: string;
  /** The last stop (an exception other than SVC, or the instruction limit). */
  stop?: Stop;
  instructions: number;
  machine: Machine;
}

export interface BareOptions {
  /** Instruction budget (default 100 million). */
  maxInsns?: number;
  /** Physical memory size (default 256 MiB). */
  memSize?: number;
  /** Initial SP (default top of memory - 64 KiB). */
  stack?: number;
}

const PT_LOAD = 1;

/** Load an ELF (bytes) into a fresh machine with the MMU off; returns the machine at the entry point. */
export function loadBare(elf: Uint8Array, opts: BareOptions = {}): Machine {
  const memSize = opts.memSize ?? 256 << 20;
  const mem = new PhysMem(memSize);
  const mmu = new Mmu(mem, { offAttr: MAIR_NORMAL_WB });
  const s = new CpuState();
  const m = new Machine(mem, mmu, s);
  const f = readElf(elf);
  for (const seg of f.segments) {
    if (seg.type !== PT_LOAD) continue;
    const pa = Number(seg.vaddr);
    if (pa + seg.memsz > memSize) throw new Error(`bare harness: segment at 0x${pa.toString(16)} does not fit in ${memSize >> 20} MiB`);
    mem.writeBytes(pa, seg.data);
  }
  s.pc = Number(f.entry);
  s.setXBig(SP, BigInt(opts.stack ?? memSize - 65536));
  // TBI0 on (TCR_EL1 bit 37), DZE on (SCTLR_EL1 bit 14) so DC ZVA works at EL0,
  // ATA0 on (SCTLR_EL1 bit 42) so IRG/ADDG/SUBG make tags, as Linux sets it on
  // MTE hardware (memory here is untagged and TCF0 = 0: nothing is tag-checked)
  s.tcrLo = 16; // T0SZ = 16: 48-bit VAs
  s.tcrHi = 1 << (37 - 32);
  s.sctlrLo = 1 << 14;
  s.sctlrHi = 1 << (42 - 32);
  m.setTranslationRegs();
  return m;
}

/** Run an ELF bare until it exits, faults or runs out of budget. */
export function runBare(elf: Uint8Array, opts: BareOptions = {}): BareResult {
  const m = loadBare(elf, opts);
  const s = m.s;
  let budget = opts.maxInsns ?? 100_000_000;
  let stdout = '';
  let stderr = '';
  const dec = new TextDecoder();
  for (;;) {
    const stop = m.run(budget);
    budget = (opts.maxInsns ?? 100_000_000) - m.instret;
    if (stop.kind !== 'exception' || stop.esr >>> 26 !== EC.SVC64) {
      return { stdout, stderr, stop, instructions: m.instret, machine: m };
    }
    // SVC: the return address is the next instruction (xv6's epc += 4)
    s.pc = stop.pc + 4;
    const nr = s.X[16]!;
    const a0 = Number(s.xBig(0));
    if (nr === 93 || nr === 94) {
      return { exitCode: a0 & 0xff, stdout, stderr, instructions: m.instret, machine: m };
    } else if (nr === 64) {
      const buf = Number(s.xBig(1));
      const len = Number(s.xBig(2));
      const text = dec.decode(m.mem.readBytes(buf, len));
      if (a0 === 1) stdout += text;
      else if (a0 === 2) stderr += text;
      s.setXBig(0, BigInt(len));
    } else {
      s.setXBig(0, -38n); // ENOSYS
    }
  }
}
