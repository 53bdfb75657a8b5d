// QEMU-style logging for `mtemu run` (qemu-aarch64 7.2's `-d ITEMS`, `-D FILE`;
// ECOSYSTEM.md §B; docs/run.md "Logging (-d, -D)"):
//
//   in_asm   each instruction the first time it executes (qemu with -singlestep
//            translates one instruction per block, so this is its `IN:` log):
//              ----------------
//              IN: _start
//              0x00400078:  d2800020  mov      x0, #1
//              <blank line>
//   exec     a `Trace 0: …` line before every executed instruction, qemu's
//            layout; the host pointer and the TB flags have no meaning here
//            and print as zeros, the pc field and the symbol are real
//   cpu      the register dump before every instruction, qemu's
//            aarch64_cpu_dump_state layout field for field (` PC=… X00=… X01=…`,
//            three registers a line, ` SP=` after X30, `PSTATE=40000000 -Z-- EL0t`)
//   int      every exception taken to the (TypeScript) kernel, qemu's
//            system-mode `Taking exception N [kind] on CPU 0` block: ESR, FAR
//            for aborts (with the fault kind), ELR. qemu-aarch64 (user mode)
//            logs nothing for `int`; ours also shows demand-paging faults
//   strace   the --strace lines, into the log
//   nochain  accepted, no effect (we never chain: one instruction at a time)
//
// Per-instruction items (in_asm, exec, cpu) use the Machine's beforeInsn
// hook, which selects the run loop's "logged" path; without them the hook
// stays unset and logging costs nothing. `int` wraps Machine.run for this
// run only (one call per kernel entry). An instruction that faulted and is
// restarted after the kernel resolved the fault (demand paging) is logged
// once, as qemu-user (which has no such faults) would show it.

import { closeSync, openSync, writeSync } from 'node:fs';
import type { ElfFile } from '../isa/asm/index.ts';
import { disassemble } from '../isa/disasm.ts';
import type { CpuState } from '../emulator/cpu-state.ts';
import { EC } from '../emulator/exceptions.ts';
import type { Machine, Stop } from '../emulator/machine.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { HostError, describeHostError } from './io.ts';

export interface LogItems {
  inAsm: boolean;
  exec: boolean;
  cpu: boolean;
  int: boolean;
  strace: boolean;
}

/** The items we accept, with qemu's descriptions (ours where the meaning differs). */
export const LOG_ITEMS: readonly (readonly [string, string])[] = [
  ['in_asm', 'show target assembly code for each instruction the first time it executes'],
  ['int', 'show interrupts/exceptions in short format (every kernel entry)'],
  ['exec', 'show trace before each executed instruction (lots of logs)'],
  ['cpu', 'show CPU registers before each instruction (lots of logs)'],
  ['nochain', 'accepted for compatibility; no effect (nothing is chained)'],
  ['strace', 'log every user-mode syscall, its input, and its result'],
];

export const logHelp = `Log items (comma separated):\n${LOG_ITEMS.map(([n, d]) => `${n.padEnd(15)} ${d}`).join('\n')}\n`;

/**
 * Parse `-d in_asm,cpu,...`. Returns 'help' for `-d help`. Throws HostError
 * (exit 2) for an unknown item, as qemu refuses it.
 */
export function parseLogItems(spec: string): LogItems | 'help' {
  const items: LogItems = { inAsm: false, exec: false, cpu: false, int: false, strace: false };
  for (const raw of spec.split(',')) {
    const name = raw.trim();
    switch (name) {
      case 'help':
        return 'help';
      case 'in_asm':
        items.inAsm = true;
        break;
      case 'exec':
        items.exec = true;
        break;
      case 'cpu':
        items.cpu = true;
        break;
      case 'int':
        items.int = true;
        break;
      case 'strace':
        items.strace = true;
        break;
      case 'nochain':
        break;
      default:
        throw new HostError(`-d ${spec}: unknown log item '${name}' (known: ${LOG_ITEMS.map(([n]) => n).join(', ')}; -d help describes them)`, 2);
    }
  }
  return items;
}

// ---------------------------------------------------------------- formats

const h16 = (lo: number, hi: number): string => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

/** PSTATE as qemu's pstate_read() gives it at EL0: NZCV in 31:28, TCO in bit 25 (BTYPE is not modelled). */
export function pstateOf(s: CpuState): number {
  return ((s.n << 31) | (s.z << 30) | (s.c << 29) | (s.v << 28) | ((s.tco & 1) << 25)) >>> 0;
}

/**
 * The register dump, qemu 7.2's aarch64_cpu_dump_state for `-cpu max` at EL0
 * (without fpu): 11 lines, the last `PSTATE=… NZCV EL0t  SVCR=00000000 --  BTYPE=0`.
 * Ends with a newline.
 */
export function formatCpuState(s: CpuState): string {
  const X = s.X;
  let out = ` PC=${h16(s.pc % 4294967296, Math.floor(s.pc / 4294967296))} `;
  for (let i = 0; i < 32; i++) {
    const v = h16(X[2 * i]!, X[2 * i + 1]!);
    if (i === 31) out += ` SP=${v}\n`;
    else out += `X${String(i).padStart(2, '0')}=${v}${(i + 2) % 3 ? ' ' : '\n'}`;
  }
  const ps = pstateOf(s);
  const f = `${s.n ? 'N' : '-'}${s.z ? 'Z' : '-'}${s.c ? 'C' : '-'}${s.v ? 'V' : '-'}`;
  // -cpu max has SME (SVCR) and BTI (BTYPE) in 7.2: the fields are printed, always 0 here
  return out + `PSTATE=${ps.toString(16).padStart(8, '0')} ${f} EL0t  SVCR=00000000 --  BTYPE=0\n`;
}

/** One in_asm line: `0x00400078:  d2800020  mov      x0, #1` (capstone's `%-8s %s` after the word). */
export function formatInsnLine(pc: number, word: number): string {
  const d = disassemble(word, { pc: BigInt(pc) });
  const mnemonic = d ? d.mnemonic : '.inst';
  const ops = d ? d.operands : `0x${(word >>> 0).toString(16).padStart(8, '0')}`;
  return `0x${pc.toString(16).padStart(8, '0')}:  ${(word >>> 0).toString(16).padStart(8, '0')}  ${mnemonic.padEnd(8)} ${ops}`;
}

/** The in_asm block for one instruction (qemu's block of a one-instruction TB). Ends with the blank line. */
export function formatInAsm(pc: number, word: number, sym: string): string {
  return `----------------\nIN: ${sym}\n${formatInsnLine(pc, word)}\n\n`;
}

/** The exec line: `Trace 0: 0x0000000000000000 [0000000000000000/0000000000400078/00000000/00000000] _start`. */
export function formatExec(pc: number, sym: string): string {
  return `Trace 0: 0x0000000000000000 [0000000000000000/${h16(pc % 4294967296, Math.floor(pc / 4294967296))}/00000000/00000000] ${sym}\n`;
}

/** qemu's exception numbers and names (target/arm/internals.h, arm_log_exception) by ESR.EC. */
function excpOf(ec: number): [number, string] {
  switch (ec) {
    case EC.SVC64:
      return [2, 'SVC'];
    case EC.INSN_ABORT_LOWER:
      return [3, 'Prefetch Abort'];
    case EC.DATA_ABORT_LOWER:
      return [4, 'Data Abort'];
    case EC.BRK64:
      return [7, 'Breakpoint'];
    default:
      // unknown instruction, PC and SP alignment: qemu raises EXCP_UDEF for all three
      return [1, 'Undefined Instruction'];
  }
}

/**
 * The int block for one exception, qemu's system-mode layout (arm_log_exception +
 * arm_cpu_do_interrupt_aarch64); the vector line `...to EL1 PC …` has no
 * equivalent (the kernel is TypeScript), ELR takes its place:
 *   Taking exception 4 [Data Abort] on CPU 0
 *   ...from EL0 to EL1
 *   ...with ESR 0x24/0x92000006
 *   ...with FAR 0x0 (translation fault, level 2, read)
 *   ...with ELR 0x400078
 */
export function formatInt(stop: Extract<Stop, { kind: 'exception' }>): string {
  const esr = stop.esr >>> 0;
  const ec = esr >>> 26;
  const [n, name] = excpOf(ec);
  let out = `Taking exception ${n} [${name}] on CPU 0\n...from EL0 to EL1\n...with ESR 0x${ec.toString(16)}/0x${esr.toString(16)}\n`;
  if (ec === EC.DATA_ABORT_LOWER || ec === EC.INSN_ABORT_LOWER) {
    const f = stop.fault;
    let why = '';
    if (f) {
      const kind = f.kind === 'tagCheck' ? 'tag check' : f.kind === 'accessFlag' ? 'access flag' : f.kind === 'addressSize' ? 'address size' : f.kind;
      const lvl = f.kind === 'translation' || f.kind === 'permission' || f.kind === 'accessFlag' ? `, level ${f.level}` : '';
      why = ` (${kind} fault${lvl}, ${f.exec ? 'exec' : f.write ? 'write' : 'read'})`;
    }
    out += `...with FAR 0x${BigInt.asUintN(64, stop.far).toString(16)}${why}\n`;
  }
  return out + `...with ELR 0x${stop.pc.toString(16)}\n`;
}

/**
 * qemu's lookup_symbol for a linux-user guest: the STT_FUNC symbol (with a
 * size) containing addr, else ''. Only functions are kept, as qemu's ELF loader does.
 */
export function functionSymbols(elf: ElfFile): (addr: number) => string {
  const syms = elf.symbols
    .filter((s) => s.type === 2 && s.size > 0n && s.name)
    .map((s) => ({ lo: Number(s.value), hi: Number(s.value + s.size), name: s.name }))
    .sort((a, b) => a.lo - b.lo);
  return (addr) => {
    let lo = 0;
    let hi = syms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = syms[mid]!;
      if (addr < s.lo) hi = mid - 1;
      else if (addr >= s.hi) lo = mid + 1;
      else return s.name;
    }
    return '';
  };
}

// ---------------------------------------------------------------- the sink

/** Where the log goes: a file (-D) or stderr; buffered, flushed at every kernel entry and at the end. */
export class LogSink {
  private parts: string[] = [];
  private size = 0;
  private fd: number | undefined;
  /**
   * @param write receives the text when no file is given (stderr)
   * @param file  -D FILE: created or truncated now
   */
  constructor(private readonly write: (text: string) => void, file?: string) {
    if (file !== undefined) {
      try {
        this.fd = openSync(file, 'w');
      } catch (e) {
        throw new HostError(`-D ${file}: cannot open the log file: ${describeHostError(e)}`, 2);
      }
    }
  }

  /** Add text (full lines, newline included). */
  log(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.size === 0 && this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.fd === undefined) this.write(text);
    else writeSync(this.fd, text);
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

// ---------------------------------------------------------------- attaching

export interface TraceConfig {
  items: LogItems;
  sink: LogSink;
}

/** Install the logging on a kernel about to run `elf` (the caller closes the sink when the run ends). */
export function attachTrace(k: Kernel, elf: ElfFile, cfg: TraceConfig): void {
  const { items, sink } = cfg;
  const m = k.machine;
  const perInsn = items.inAsm || items.exec || items.cpu;
  const sym = functionSymbols(elf);
  // an instruction to be restarted after a resolved fault: [pc, instret] at the fault
  let restartPc = -1;
  let restartInstret = -1;
  const seen = new Map<number, number>();

  const origRun = m.run;
  m.run = function (this: Machine, maxInsns: number): Stop {
    const stop = origRun.call(this, maxInsns);
    if (stop.kind === 'exception') {
      if (items.int) sink.log(formatInt(stop));
      const ec = stop.esr >>> 26;
      if (ec === EC.DATA_ABORT_LOWER || ec === EC.INSN_ABORT_LOWER) {
        restartPc = stop.pc;
        restartInstret = this.instret;
      }
    }
    // guest output happens only in the kernel: flushing here keeps it in order with the log on stderr
    sink.flush();
    return stop;
  };

  if (!perInsn) return;
  m.hooks.beforeInsn = (mm: Machine, pc: number): boolean => {
    if (items.inAsm) {
      // before its page is mapped (the fetch will fault), the word comes from the ELF file
      const word = peekInsn(mm, pc) ?? elfInsn(elf, pc);
      if (word !== undefined && seen.get(pc) !== word) {
        seen.set(pc, word);
        sink.log(formatInAsm(pc, word, sym(pc)));
      }
    }
    if (restartPc !== -1) {
      const again = pc === restartPc && mm.instret === restartInstret;
      restartPc = -1;
      if (again) return false;
    }
    if (items.exec) sink.log(formatExec(pc, sym(pc)));
    if (items.cpu) sink.log(formatCpuState(mm.s));
    return false;
  };
}

/** The instruction word at pc in the ELF file's loaded segments, if there. */
function elfInsn(elf: ElfFile, pc: number): number | undefined {
  for (const seg of elf.segments) {
    const off = pc - Number(seg.vaddr);
    if (seg.type === 1 && off >= 0 && off + 4 <= seg.data.length && off % 4 === 0) {
      return new DataView(seg.data.buffer, seg.data.byteOffset + off, 4).getUint32(0, true);
    }
  }
  return undefined;
}

/** The instruction word at pc if its page is mapped and readable (no side effects), else undefined. */
function peekInsn(m: Machine, pc: number): number | undefined {
  if (pc % 4 !== 0) return undefined;
  const w = m.mmu.describeWalk(BigInt(pc), 'r');
  if (!w.result || w.fault) return undefined;
  return m.mem.read32(w.result.pa);
}
