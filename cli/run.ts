// `mtemu run PROG.s|PROG.elf [-- args]` (DESIGN.md "The three jobs" §1):
// assemble in memory when given assembly, load the static ELF into the
// mini-kernel, run it with its stdin/stdout/stderr wired to ours, and exit
// with its status — or 128 + signal when a signal killed it, after a report
// on stderr that says what a kernel developer wants to know first:
//
//   mtemu: program terminated by signal 11 (SIGSEGV), si_code 9 (SEGV_MTESERR), fault address 0xffffbf7fe000, at pc 0x4000f8 <_start+0x38>: strb wzr, [x0]
//   mtemu: tag check fault: logical tag 0x0 (pointer 0x00ffffbf7fe000), allocation tag 0x3 (granule 0xffffbf7fe000)
//
// Options follow qemu-aarch64 where it has one (-strace, -seed, -cpu max,
// -E VAR=VALUE), plus ours: --kernel, --mem, --max-insns,
// --mte-tcf-preferred, --stats (perf stat layout on stderr), --stats-json.
// Exit status: the guest's; 128 + signal; 1 when the program cannot be
// loaded (unreadable file, assembly errors, bad ELF); 2 for bad options and
// host limits (instruction budget, emulated memory). docs/run.md is the
// user's guide.

import { readSync, writeSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { formatDiagnostic, readElf, writeElf, type ElfFile } from '../isa/asm/index.ts';
import { disassembleText } from '../isa/disasm.ts';
import { ExecError } from '../kernel/exec.ts';
import type { Console } from '../kernel/file.ts';
import { Kernel, siCodeName, type ExitInfo, type KernelVariant } from '../kernel/kernel.ts';
import type { PendingSignal, Proc } from '../kernel/proc.ts';
import { HostLimitError } from '../emulator/memory.ts';
import type { TimingOptions } from '../emulator/timing/index.ts';
import { parseTimingOptions } from './timing-options.ts';
import { assembleFile, marchFeatures } from './asm.ts';
import { symbolizer } from './disasm.ts';
import { HostError, processIo, readBytes, writeBytes, type Io, oneOf } from './io.ts';
import { FAULT_SIGNALS, formatSignal, formatSyscall, signalName } from './strace.ts';
import { LogSink, attachTrace, logHelp, parseLogItems, type TraceConfig } from './trace.ts';

export const runOptions: NonNullable<ParseArgsConfig['options']> = {
  kernel: { type: 'string' },
  seed: { type: 'string' },
  mem: { type: 'string' },
  'max-insns': { type: 'string' },
  strace: { type: 'boolean' },
  'mte-tcf-preferred': { type: 'string' },
  stats: { type: 'boolean' },
  'stats-json': { type: 'string' },
  cpu: { type: 'string' },
  timing: { type: 'string' },
  freq: { type: 'string' },
  set: { type: 'string', multiple: true },
  x: { type: 'string', short: 'x' },
  march: { type: 'string' },
  env: { type: 'string', short: 'E', multiple: true },
  // qemu's logging (cli/trace.ts): -d ITEMS, -D FILE; -singlestep is what we always do
  log: { type: 'string', short: 'd' },
  logfile: { type: 'string', short: 'D' },
  singlestep: { type: 'boolean' },
  'one-insn-per-tb': { type: 'boolean' },
};

export const runUsage = `usage: mtemu run [options] PROG.s|PROG.elf [--] [args...]
  Assemble PROG.s in memory (or load the static AArch64 ELF PROG.elf), run it
  under the mini-kernel and exit with its status (128 + signal if killed).
  --kernel refpage-v5|fill-on-fault   kernel variant (default refpage-v5)
  --seed N                 seed for IRG's LFSR and AT_RANDOM (default 1); -seed N
  --mem SIZE               emulated physical memory, e.g. 256M, 2G (default 1G)
  --max-insns N            stop after N instructions (default 10^10)
  --strace, -strace        log syscalls and signals on stderr, qemu -strace style
  --mte-tcf-preferred sync|async|asymm
                           mode when prctl asks for both sync and async (default async)
  --timing none|simple|detailed
                           cycle model (default detailed); none = functional only
  --cpu sd845-big|sd845-little
                           timing profile (default sd845-big; -cpu max = the default)
  --freq MHz               override the profile's core clock
  --set NAME=VALUE         override any profile parameter (repeatable; see docs/timing.md)
  --stats                  perf-stat-like counters on stderr at exit
  -x SEP                   with --stats: perf's CSV form (e.g. -x,)
  --stats-json FILE        every counter as JSON (cycles, instructions at the top level)
  -E, --env VAR=VALUE      add to the guest environment (default: empty)
  --march ARCH             assembler architecture (default armv8.5-a+memtag)
  -d, --log ITEM[,ITEM]    qemu-style log: in_asm, exec, cpu, int, strace, nochain
                           (-d help lists them); on stderr unless -D
  -D, --logfile FILE       write the -d log (and -strace) to FILE
  -singlestep              accepted: mtemu always runs one instruction at a time
  The emulated CPU is always ARMv8.5-A with MTE ("max"); --cpu picks its timing.`;

// ---------------------------------------------------------------- options

/** A size with an optional K/M/G suffix (powers of 1024; "KiB", "MB" also read as powers of 1024). */
export function parseSize(text: string): number {
  const m = /^(\d+)\s*([kmgt]?)(i?b)?$/i.exec(text.trim());
  if (!m) throw new HostError(`--mem ${text}: expected a size such as 512M, 2G or 1048576`, 2);
  const mult = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase()]!;
  return Number(m[1]) * mult;
}

function parseCount(name: string, text: string, min: number): number {
  const t = text.replace(/_/g, '');
  const n = /^\d+$/.test(t) || /^0x[0-9a-f]+$/i.test(t) ? Number(t) : /^\d+(\.\d+)?e\d+$/i.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new HostError(`--${name} ${text}: expected an integer >= ${min}`, 2);
  return n;
}


// ---------------------------------------------------------------- the host console

/** The guest's fds 0-2 on the host's: synchronous, so output is never lost when the guest dies. */
export class HostConsole implements Console {
  private stdinDone = false;
  /**
   * @param exitOnEpipe end the host process (status 141) when a pipe the
   *   guest writes to is closed, as SIGPIPE would end it on Linux
   */
  constructor(
    private readonly fds: { in: number; out: number; err: number } = { in: 0, out: 1, err: 2 },
    private readonly exitOnEpipe = false,
  ) {}

  write(fd: 1 | 2, bytes: Uint8Array): void {
    const hostFd = fd === 1 ? this.fds.out : this.fds.err;
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(hostFd, bytes, off, bytes.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          pause();
          continue;
        }
        // the reader went away (`mtemu run prog.s | head`): on Linux the guest would get SIGPIPE
        // and die of it; end the run the same way, with the shell's status for it (128 + 13)
        if (code === 'EPIPE' && this.exitOnEpipe) process.exit(128 + 13);
        return;
      }
    }
  }

  read(max: number): Uint8Array {
    if (this.stdinDone || max <= 0) return new Uint8Array(0);
    const buf = new Uint8Array(Math.min(max, 1 << 16));
    for (;;) {
      try {
        const n = readSync(this.fds.in, buf, 0, buf.length, null);
        if (n === 0) this.stdinDone = true;
        return buf.subarray(0, n);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          pause();
          continue;
        }
        // EOF on a closed or unreadable stdin
        this.stdinDone = true;
        return new Uint8Array(0);
      }
    }
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Wait 1 ms for a non-blocking host fd to become ready. */
function pause(): void {
  Atomics.wait(sleeper, 0, 0, 1);
}

// ---------------------------------------------------------------- running

export interface RunConfig {
  /** The program's path as given (argv[0] and messages). */
  path: string;
  args?: string[];
  env?: string[];
  console: Console;
  variant?: KernelVariant;
  seed?: number;
  memSize?: number;
  maxInsns?: number;
  mteTcfPreferred?: 'sync' | 'async' | 'asymm';
  /** Receives each --strace line (without newline). */
  strace?: (line: string) => void;
  /** Assembler features for .s input. */
  march?: string;
  /** Timing model options (absent: functional only). */
  timing?: TimingOptions;
  /** -d logging (cli/trace.ts). */
  trace?: TraceConfig;
}

/** What a fault report needs, read while the dying process's memory still exists. */
export interface FatalInfo {
  signo: number;
  code: number;
  /** si_addr as the handler would have seen it. */
  addr: bigint;
  /** FAR_EL1, tag bits included, for fault signals. */
  far?: bigint;
  /** Sender pid for kill()/tgkill(). */
  pid: number;
  pc: number;
  /** The instruction word at pc, when readable. */
  insn?: number;
  /** For tag check faults: the allocation tag of the granule at far. */
  allocTag?: number;
}

export interface RunStats {
  instructions: number;
  /** Cycles from the timing model; null with --timing none. */
  cycles: number | null;
  /** The timing profile, its clock, and the guest time in seconds at that clock. */
  cpu?: string;
  freqMHz?: number;
  seconds?: number;
  userCycles?: number;
  kernelCycles?: number;
  /** Every counter of the timing model (stalls, caches, TLBs, kernel events). */
  counters?: Record<string, number>;
  /** Page faults the fault path resolved (sum of the FaultKind counters). */
  pageFaults: number;
  /** k.faultCounts: page-fault kinds plus segv, tag-sync, tag-async, bus. */
  faults: Record<string, number>;
  syscalls: number;
  syscallCounts: Record<string, number>;
  /** ru_maxrss of the first process (its own and its waited-for children's), KiB. */
  maxRssKiB: number;
  wallSeconds: number;
  /** Emulated instructions per host second, in millions. */
  mips: number;
}

export interface RunResult {
  /** The exit status `mtemu run` gives. */
  status: number;
  exit: ExitInfo;
  fatal?: FatalInfo;
  /** Lines for stderr (the fatal-signal report or a host-limit message), without newlines. */
  report: string[];
  stats: RunStats;
  elf: ElfFile;
}

/** The ELF bytes for a path: assembled in memory for assembly source, else read. Throws HostError. */
export function loadProgram(path: string, march: string | undefined, io: Io): Uint8Array {
  const bytes = readBytes(path);
  const isElf = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (isElf) return bytes;
  if (!/\.(s|S|asm)$/.test(path)) throw new HostError(`${path}: not an ELF file, and not assembly source (.s)`);
  const r = assembleFile(path, marchFeatures(march ?? 'armv8.5-a+memtag'));
  if (!r.image) {
    for (const d of r.errors) io.err(formatDiagnostic(d) + '\n');
    throw new HostError(`${path}: ${r.errors.length} assembly error${r.errors.length === 1 ? '' : 's'}, not run`);
  }
  return writeElf(r.image);
}

/** Run ELF bytes to completion on a fresh kernel. Throws HostError for a file the loader rejects. */
export function runElf(elfBytes: Uint8Array, cfg: RunConfig): RunResult {
  let elf: ElfFile;
  try {
    elf = readElf(elfBytes);
  } catch (e) {
    throw new HostError(`${cfg.path}: not a loadable ELF file: ${(e as Error).message}`);
  }
  let init: Proc | undefined;
  let fatal: FatalInfo | undefined;
  let k: Kernel;
  try {
    k = new Kernel({
      console: cfg.console,
      variant: cfg.variant ?? 'refpage-v5',
      memSize: cfg.memSize ?? 1 << 30,
      seed: cfg.seed ?? 1,
      maxInsns: cfg.maxInsns ?? 1e10,
      mteTcfPreferred: cfg.mteTcfPreferred ?? 'async',
      ...(cfg.timing && cfg.timing.timing !== 'none' ? { timing: cfg.timing } : {}),
      ...(cfg.strace
        ? { onSyscall: (pid: number, nr: number, args: readonly bigint[], ret: bigint | 'noreturn') => cfg.strace!(formatSyscall(pid, nr, args, ret, (a, n) => peekUser(k, a, n))) }
        : {}),
      onSignal: (p, sig, action) => {
        cfg.strace?.(formatSignal(sig));
        if (action === 'kill' && p === init) fatal = fatalInfo(k, p, sig);
      },
    });
  } catch (e) {
    if (e instanceof HostLimitError) throw new HostError(e.message, 2);
    throw e;
  }
  try {
    init = k.spawn(elfBytes, [cfg.path, ...(cfg.args ?? [])], cfg.env ?? []);
  } catch (e) {
    if (e instanceof ExecError) throw new HostError(`${cfg.path}: ${e.message}`);
    if (e instanceof HostLimitError) throw new HostError(`${cfg.path}: ${e.message}`, 2);
    throw e;
  }
  if (cfg.trace) attachTrace(k, elf, cfg.trace);
  const t0 = process.hrtime.bigint();
  const exit = k.run();
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  const report: string[] = [];
  const symbolize = symbolizer(elf);
  const where = (pc: number, insn?: number): string => {
    const sym = symbolize(BigInt(pc));
    const text = insn === undefined ? '' : `: ${disassembleText(insn, { pc: BigInt(pc), symbolize }).replace(/\t/g, ' ')}`;
    return `at pc 0x${pc.toString(16)}${sym ? ` <${sym}>` : ''}${text}`;
  };
  let status: number;
  if (exit.exitCode !== undefined) {
    status = exit.exitCode;
  } else if (exit.signal !== undefined) {
    status = 128 + exit.signal;
    if (fatal) {
      report.push(...fatalReport(fatal, where));
    } else {
      // killed without a signal delivery: the kernel's out-of-memory kill (its only such path)
      const pc = exit.pc ?? 0;
      report.push(`mtemu: program killed by signal ${exit.signal} (${signalName(exit.signal)}): out of memory (emulated physical memory is ${cfg.memSize ?? 1 << 30} bytes; see --mem), ${where(pc, elfInsn(elf, pc))}`);
    }
  } else if (exit.hostError !== undefined) {
    status = 2;
    report.push(`mtemu: host limit: ${exit.hostError}`);
  } else {
    status = 2;
    const pc = exit.pc ?? k.machine.s.pc;
    report.push(`mtemu: instruction limit reached (${k.machine.instret} instructions), stopped ${where(pc, readInsn(k, pc))}`);
  }
  return { status, exit, ...(fatal ? { fatal } : {}), report, stats: collectStats(k, init, wallSeconds), elf };
}

/** Gather the report facts while p's address space is intact (called from the kernel's onSignal hook). */
function fatalInfo(k: Kernel, p: Proc, sig: PendingSignal): FatalInfo {
  const pc = p.cpu.pc;
  const info: FatalInfo = { signo: sig.signo, code: sig.code, addr: sig.addr, pid: sig.pid, pc };
  if (sig.far !== undefined) info.far = sig.far;
  const insn = readInsn(k, pc);
  if (insn !== undefined) info.insn = insn;
  if (sig.signo === 11 && sig.code === 9 && sig.far !== undefined) {
    const w = k.machine.mmu.describeWalk(sig.far, 'r');
    if (w.result?.tagged) info.allocTag = k.machine.mem.getTag(w.result.pa) & 0xf;
  }
  return info;
}

/** The instruction word at pc from the ELF file's loaded segments (when memory is gone). */
function elfInsn(elf: ElfFile, pc: number): number | undefined {
  for (const seg of elf.segments) {
    const off = pc - Number(seg.vaddr);
    if (seg.type === 1 && off >= 0 && off + 4 <= seg.data.length) {
      return new DataView(seg.data.buffer, seg.data.byteOffset + off, 4).getUint32(0, true);
    }
  }
  return undefined;
}

/** `len` bytes of the current address space at va, or undefined if any is unreadable (no side effects). */
function peekUser(k: Kernel, va: bigint, len: number): Uint8Array | undefined {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; ) {
    const w = k.machine.mmu.describeWalk(va + BigInt(i), 'r');
    if (!w.result || w.fault) return undefined;
    const n = Math.min(len - i, 4096 - (w.result.pa % 4096));
    out.set(k.machine.mem.readBytes(w.result.pa, n), i);
    i += n;
  }
  return out;
}

/** The instruction word at pc in the current address space (no TLB or counter side effects). */
function readInsn(k: Kernel, pc: number): number | undefined {
  const w = k.machine.mmu.describeWalk(BigInt(pc), 'r');
  if (!w.result || pc % 4 !== 0) return undefined;
  return k.machine.mem.read32(w.result.pa);
}

const hex = (v: bigint | number): string => '0x' + BigInt.asUintN(64, BigInt(v)).toString(16);

export function fatalReport(f: FatalInfo, where: (pc: number, insn?: number) => string): string[] {
  const head = `mtemu: program terminated by signal ${f.signo} (${signalName(f.signo)})`;
  const code = `si_code ${f.code} (${f.code === 0 ? 'SI_USER' : f.code === -6 ? 'SI_TKILL' : siCodeName(f.signo, f.code)})`;
  const parts = [head, code];
  if (f.code <= 0) parts.push(`sent by pid ${f.pid}`);
  else if (FAULT_SIGNALS.has(f.signo)) parts.push(`fault address ${hex(f.addr)}`);
  const async = f.signo === 11 && f.code === 8;
  parts.push(where(f.pc, f.insn) + (async ? ' (asynchronous: the faulting access came earlier)' : ''));
  const lines = [parts.join(', ')];
  if (f.signo === 11 && f.code === 9 && f.far !== undefined) {
    const ltag = Number((BigInt.asUintN(64, f.far) >> 56n) & 0xfn);
    const granule = BigInt.asUintN(56, f.far) & ~0xfn;
    const alloc = f.allocTag === undefined ? 'unknown' : hex(f.allocTag);
    lines.push(`mtemu: tag check fault: logical tag ${hex(ltag)} (pointer ${hex(f.far)}), allocation tag ${alloc} (granule ${hex(granule)})`);
  }
  return lines;
}

function collectStats(k: Kernel, init: Proc | undefined, wallSeconds: number): RunStats {
  const fc = k.faultCounts as Record<string, number>;
  const signalKinds = new Set(['segv', 'tag-sync', 'tag-async', 'bus']);
  const pageFaults = Object.entries(fc).filter(([kind]) => !signalKinds.has(kind)).reduce((a, [, n]) => a + n, 0);
  const syscalls = Object.values(k.syscallCounts).reduce((a, n) => a + n, 0);
  const rssPages = init ? Math.max(init.mm.hiwaterRss, init.mm.rss, init.childMaxRss) : 0;
  const instructions = k.machine.instret;
  const tm = k.tm;
  const counters = tm ? tm.counters() : undefined;
  const timing = tm && counters
    ? {
        cpu: tm.profile.name,
        freqMHz: tm.profile.core.freqMHz,
        seconds: counters.cycles! / (tm.profile.core.freqMHz * 1e6),
        userCycles: counters.userCycles!,
        kernelCycles: counters.kernelCycles!,
        counters,
      }
    : {};
  return {
    instructions,
    cycles: counters ? counters.cycles! : null,
    ...timing,
    pageFaults,
    faults: { ...fc },
    syscalls,
    syscallCounts: { ...k.syscallCounts },
    maxRssKiB: rssPages * 4,
    wallSeconds,
    mips: wallSeconds > 0 ? instructions / wallSeconds / 1e6 : 0,
  };
}

// ---------------------------------------------------------------- perf stat layout

/** One `perf stat` counter line: value right-aligned in 18 columns, unit, event name, `# comment`. */
function statLine(value: string, unit: string, event: string, comment?: string): string {
  const base = `${value.padStart(18)} ${unit.padEnd(4)} ${comment === undefined ? event : event.padEnd(33)}`;
  return comment === undefined ? base.trimEnd() : `${base}# ${comment}`;
}

const num = (n: number, digits: number, width = 8): string => n.toFixed(digits).padStart(width);

/** The --stats text (ECOSYSTEM.md §B: perf stat 6.1's layout). */
export function formatStats(st: RunStats, command: string): string {
  const msec = st.wallSeconds * 1e3;
  const perSec = (n: number): string => (st.wallSeconds > 0 ? rate(n / st.wallSeconds) : '');
  const lines = [
    '',
    ` Performance counter stats for '${command}':`,
    '',
    statLine(msec.toFixed(2), 'msec', 'task-clock', `${num(1, 3)} CPUs utilized`),
    statLine(String(st.instructions), '', 'instructions', `${num(st.mips, 3)} MIPS (emulated)`),
    // the timing model (a later issue) fills in cycles and IPC here
    st.cycles === null ? statLine('<not supported>', '', 'cycles') : statLine(String(st.cycles), '', 'cycles', `${num(st.instructions / st.cycles, 2)}  insn per cycle`),
    statLine(String(st.pageFaults), '', 'page-faults', perSec(st.pageFaults)),
  ];
  if (st.counters) {
    const c = st.counters;
    const pct = (a: number, b: number): string => (b > 0 ? `${num((100 * a) / b, 2)}% of all ${''}` : '');
    lines.push(statLine(String(st.userCycles), '', 'cycles:u', `${num((100 * st.userCycles!) / st.cycles!, 2)}% of cycles`));
    lines.push(statLine(String(st.kernelCycles), '', 'cycles:k', `${num((100 * st.kernelCycles!) / st.cycles!, 2)}% of cycles`));
    lines.push(statLine(((st.seconds ?? 0) * 1e3).toFixed(3), 'msec', 'guest-time', `at ${st.freqMHz} MHz (${st.cpu})`));
    for (const [k2, v] of Object.entries(c)) {
      if (!k2.startsWith('stall.') || v === 0) continue;
      lines.push(statLine(String(Math.round(v)), '', `stalled-cycles:${k2.slice(6)}`, `${num((100 * v) / st.cycles!, 2)}% of cycles`));
    }
    lines.push(statLine(String(c.branches ?? 0), '', 'branches'));
    lines.push(statLine(String(c.branchMisses ?? 0), '', 'branch-misses', pct(c.branchMisses ?? 0, c.branches ?? 0) + 'branches'));
    for (const lvl of ['l1i', 'l1d', 'l2', 'l3']) {
      const h = c[`mem.${lvl}.hits`] ?? 0;
      const m = c[`mem.${lvl}.misses`] ?? 0;
      lines.push(statLine(String(m), '', `${lvl}-misses`, `${num((100 * m) / Math.max(1, h + m), 2)}% of ${h + m} accesses`));
    }
    if (c['mem.dram.reads'] !== undefined) lines.push(statLine(String(c['mem.dram.reads']), '', 'dram-reads'));
    if (c['mem.dram.writes'] !== undefined) lines.push(statLine(String(c['mem.dram.writes']), '', 'dram-writes'));
    for (const t of ['dtlb', 'itlb', 'l2tlb']) {
      const h = c[`${t}Hits`] ?? 0;
      const m = c[`${t}Misses`] ?? 0;
      lines.push(statLine(String(m), '', `${t}-misses`, `${num((100 * m) / Math.max(1, h + m), 2)}% of ${h + m} lookups`));
    }
    lines.push(statLine(String(c.tlbWalks ?? 0), '', 'page-walks'));
    lines.push(statLine(String((c['kernel.excEntry'] ?? 0)), '', 'exceptions'));
    lines.push(statLine(String((c['kernel.tlbiPage'] ?? 0) + (c['kernel.tlbiAsid'] ?? 0)), '', 'tlbi', `${c['kernel.tlbiPage'] ?? 0} by VA, ${c['kernel.tlbiAsid'] ?? 0} by ASID`));
  }
  for (const [kind, n] of Object.entries(st.faults)) if (n !== 0) lines.push(statLine(String(n), '', `faults:${kind}`));
  lines.push(statLine(String(st.syscalls), '', 'syscalls', perSec(st.syscalls)));
  lines.push(statLine(String(st.maxRssKiB), 'KiB', 'max-rss'));
  lines.push('', ` ${st.wallSeconds.toFixed(9).padStart(17)} seconds time elapsed`, '', '');
  return lines.join('\n');
}

/** perf's rate comment: `45.993 K/sec`. */
function rate(perSec: number): string {
  if (perSec >= 1e9) return `${num(perSec / 1e9, 3)} G/sec`;
  if (perSec >= 1e6) return `${num(perSec / 1e6, 3)} M/sec`;
  if (perSec >= 1e3) return `${num(perSec / 1e3, 3)} K/sec`;
  return `${num(perSec, 3)} /sec`;
}

/**
 * perf stat's `-x SEP` form: one line per counter,
 * `value,unit,event,run-time,percent,metric,metric-unit` (ECOSYSTEM.md §B).
 */
export function formatStatsCsv(st: RunStats, sep: string): string {
  const ms = (st.wallSeconds * 1e3).toFixed(2);
  const rows: string[][] = [
    [ms, 'msec', 'task-clock', ms, '100.00', '1.000', 'CPUs utilized'],
    [String(st.instructions), '', 'instructions', ms, '100.00', st.mips.toFixed(3), 'MIPS (emulated)'],
    st.cycles === null ? ['<not supported>', '', 'cycles', '0', '100.00', '', ''] : [String(st.cycles), '', 'cycles', ms, '100.00', (st.instructions / st.cycles).toFixed(2), 'insn per cycle'],
    [String(st.pageFaults), '', 'page-faults', ms, '100.00', '', ''],
  ];
  if (st.counters) {
    rows.push([String(st.userCycles), '', 'cycles:u', ms, '100.00', '', '']);
    rows.push([String(st.kernelCycles), '', 'cycles:k', ms, '100.00', '', '']);
    const shown = new Set(['cycles', 'instructions', 'userCycles', 'kernelCycles']);
    for (const [k2, v] of Object.entries(st.counters)) if (!shown.has(k2)) rows.push([String(v), '', k2, ms, '100.00', '', '']);
  }
  for (const [kind, n] of Object.entries(st.faults)) rows.push([String(n), '', `faults:${kind}`, ms, '100.00', '', '']);
  rows.push([String(st.syscalls), '', 'syscalls', ms, '100.00', '', '']);
  rows.push([String(st.maxRssKiB), 'KiB', 'max-rss', ms, '100.00', '', '']);
  return rows.map((r) => r.join(sep)).join('\n') + '\n';
}

/** The --stats-json document. */
export function statsJson(st: RunStats, r: Pick<RunResult, 'status' | 'exit'>, command: string): string {
  const exit: Record<string, unknown> = { status: r.status };
  if (r.exit.exitCode !== undefined) exit.code = r.exit.exitCode;
  if (r.exit.signal !== undefined) exit.signal = r.exit.signal;
  if (r.exit.sigCode !== undefined) exit.sigCode = r.exit.sigCode;
  if (r.exit.limit) exit.limit = true;
  if (r.exit.hostError !== undefined) exit.hostError = r.exit.hostError;
  return JSON.stringify({ command, ...st, exit }, null, 2) + '\n';
}

// ---------------------------------------------------------------- the job

export function runJob(values: Record<string, unknown>, positionals: string[], io: Io): number {
  if (positionals.length < 1) throw new HostError(`run: expected a program\n${runUsage}`, 2);
  const [path, ...args] = positionals as [string, ...string[]];
  const timingKind = oneOf('timing', values.timing, ['none', 'simple', 'detailed'] as const, 'detailed');
  // qemu's `-cpu max` names the ISA, which is always ARMv8.5-A + MTE here: it selects the default profile
  const timing = parseTimingOptions(values, timingKind).options;
  const variant = oneOf('kernel', values.kernel, ['refpage-v5', 'fill-on-fault'] as const, 'refpage-v5');
  const mteTcfPreferred = oneOf('mte-tcf-preferred', values['mte-tcf-preferred'], ['sync', 'async', 'asymm'] as const, 'async');
  const seed = values.seed === undefined ? 1 : parseCount('seed', values.seed as string, 0);
  const maxInsns = values['max-insns'] === undefined ? 1e10 : parseCount('max-insns', values['max-insns'] as string, 1);
  const memSize = values.mem === undefined ? 1 << 30 : parseSize(values.mem as string);
  if (memSize % 4096 !== 0 || memSize < 4 << 20 || memSize > 2 ** 40) {
    throw new HostError(`--mem ${values.mem}: must be a multiple of 4 KiB between 4M and 1T`, 2);
  }
  const env = (values.env as string[] | undefined) ?? [];
  for (const e of env) if (!e.includes('=')) throw new HostError(`-E ${e}: expected VAR=VALUE`, 2);

  const items = values.log === undefined ? undefined : parseLogItems(values.log as string);
  if (items === 'help') {
    io.out(logHelp);
    return 0;
  }

  const elfBytes = loadProgram(path, values.march as string | undefined, io);
  const hostIo = io === processIo;
  const console: Console = hostIo ? new HostConsole(undefined, true) : new IoConsole(io);
  // the log goes to -D FILE, else stderr; -strace joins it there (qemu: -strace = -d strace)
  const logfile = values.logfile as string | undefined;
  const sink = items || logfile !== undefined ? new LogSink((t) => (hostIo ? new HostConsole().write(2, new TextEncoder().encode(t)) : io.err(t)), logfile) : undefined;
  const straceTo = items?.strace || (values.strace && sink) ? (line: string) => sink!.log(line + '\n') : values.strace ? (line: string) => errLine(io, line) : undefined;
  let r: RunResult;
  try {
    r = runElf(elfBytes, {
      path, args, env, console, variant, seed, memSize, maxInsns, mteTcfPreferred, timing,
      ...(straceTo ? { strace: straceTo } : {}),
      ...(items && sink ? { trace: { items, sink } } : {}),
    });
  } finally {
    sink?.close();
  }
  for (const line of r.report) errLine(io, line);
  const command = [path, ...args].join(' ');
  if (values.stats) io.err(values.x !== undefined ? formatStatsCsv(r.stats, values.x as string) : formatStats(r.stats, command));
  if (values['stats-json'] !== undefined) {
    writeBytes(values['stats-json'] as string, new TextEncoder().encode(statsJson(r.stats, r, command)));
  }
  return r.status;
}

/** stderr lines go straight to fd 2 when running for real, so they interleave with the guest's output in order. */
function errLine(io: Io, line: string): void {
  if (io === processIo) new HostConsole().write(2, new TextEncoder().encode(line + '\n'));
  else io.err(line + '\n');
}

/** For in-process callers (tests): guest output goes to the Io as text; stdin is empty. */
class IoConsole implements Console {
  constructor(private readonly io: Io) {}
  write(fd: 1 | 2, bytes: Uint8Array): void {
    const t = Buffer.from(bytes).toString('utf8');
    if (fd === 1) this.io.out(t);
    else this.io.err(t);
  }
  read(): Uint8Array {
    return new Uint8Array(0);
  }
}
