// The mini-kernel: owns the machine, physical pages and processes, and runs
// them. `run()` is the scheduler loop: run the current process on the CPU
// until it traps, handle the trap (usertrap below), deliver signals, pick
// the next process. Everything the kernel does to user memory goes through
// KernelMem (kmem.ts) so the timing model can charge it.
//
// Traps from EL0 (ESR_EL1.EC, Arm ARM D17.2.40):
//   0x15 SVC               -> syscall (x8 = number), return past the SVC
//   0x24/0x20 data/insn abort:
//        translation/access/permission fault -> page-fault path (fault.ts)
//        tag check fault (DFSC 0x11)         -> SIGSEGV SEGV_MTESERR
//        alignment fault (DFSC 0x21)         -> SIGBUS BUS_ADRALN
//        address size fault                  -> SIGSEGV SEGV_MAPERR
//   0x00 UNDEFINED         -> SIGILL ILL_ILLOPC
//   0x3C BRK               -> SIGTRAP TRAP_BRKPT
//   0x22 PC alignment      -> SIGBUS BUS_ADRALN
// and on every entry from EL0: TFSRE0_EL1.TF0 set by an asynchronous tag
// check fault -> clear it and queue SIGSEGV SEGV_MTEAERR (si_addr 0), as
// Linux's mte_check_tfsr_entry + do_notify_resume do. The instruction
// budget ends a time slice: that is the timer interrupt.

import { CpuState, SP } from '../emulator/cpu-state.ts';
import { match } from 'ts-pattern';
import { EC } from '../emulator/exceptions.ts';
import { Machine, type Stop } from '../emulator/machine.ts';
import { PhysMem } from '../emulator/memory.ts';
import { Mmu } from '../emulator/mmu.ts';
import { E, PR_MTE_TAG_MASK, PR_MTE_TAG_SHIFT, PR_MTE_TCF_ASYNC, PR_MTE_TCF_SYNC, PR_TAGGED_ADDR_ENABLE, SI, SIG, WNOHANG } from './abi.ts';
import { loadImage } from './exec.ts';
import { handleMmFault, type FaultKind } from './fault.ts';
import { File, type Console, BufferConsole } from './file.ts';
import { PG, PageAllocator } from './kalloc.ts';
import { KLog } from './klog.ts';
import { CountingSink, KernelMem, type KernelCostSink } from './kmem.ts';
import { PAGE_SIZE } from './layout.ts';
import { type Mm, type PendingSignal, Proc } from './proc.ts';
import type { Refpage } from './refpage.ts';
import { SIGNAMES, deliverSignal, forceSignal, sendSignal, sysRtSigreturn } from './signal.ts';
import { SYSCALLS } from './syscall.ts';
import { createTiming, type TimingModel, type TimingOptions } from '../emulator/timing/index.ts';
import { copyOut, uvmCopy, uvmCreate, uvmFree } from './vm.ts';
import { findVmaFrom } from './vma.ts';

export type KernelVariant = 'refpage-v5' | 'fill-on-fault';

export interface KernelOptions {
  variant?: KernelVariant;
  console?: Console;
  /** Physical memory in bytes (default 1 GiB). */
  memSize?: number;
  /** Seed for AT_RANDOM and the IRG LFSR. */
  seed?: number;
  /** Total instruction limit (default 10^10). */
  maxInsns?: number;
  /** Instructions per time slice (the timer tick). */
  slice?: number;
  /** Preferred tag check mode when prctl asks for both sync and async (Linux mte_tcf_preferred; default async). */
  mteTcfPreferred?: 'sync' | 'async' | 'asymm';
  /** Kernel cost sink (the timing model); default counts only. */
  sink?: KernelCostSink;
  /** Called with one line per syscall (--strace). */
  strace?: (line: string) => void;
  /** Called after each syscall with its raw arguments and result (cli --strace formats them qemu-style). */
  onSyscall?: (pid: number, nr: number, args: readonly bigint[], ret: bigint | 'noreturn') => void;
  /**
   * Called when a signal is taken on the way back to user mode: 'handler'
   * (a frame was built), or 'kill' (the default action terminates p; p's
   * address space is still intact, so reports can read its memory and tags).
   */
  onSignal?: (p: Proc, sig: PendingSignal, action: 'handler' | 'kill') => void;
  /** Maximum number of processes (fork bombs get EAGAIN). */
  maxProcs?: number;
  /** Timing model options (`--timing`, `--cpu`, `--freq`, `--set`); absent = functional only. */
  timing?: TimingOptions;
}

export interface ExitInfo {
  /** Exit code when the first process exited normally. */
  exitCode?: number;
  /** Fatal signal of the first process. */
  signal?: number;
  /** si_code, address and PC of the fault that killed it (for the report). */
  sigCode?: number;
  sigAddr?: bigint;
  pc?: number;
  /** The instruction limit was reached. */
  limit?: boolean;
  /** A host-side limit (memory): the message. */
  hostError?: string;
}

/** What one runSlice() call did. */
export type SliceEvent =
  | { kind: 'pause'; pid: number; stop: Stop }
  | { kind: 'trap'; pid: number; stop: Stop; exit: ExitInfo | null }
  | { kind: 'exit'; exit: ExitInfo };

export class Kernel {
  readonly machine: Machine;
  readonly pages: PageAllocator;
  readonly km: KernelMem;
  readonly log = new KLog();
  readonly variant: KernelVariant;
  readonly console: Console;
  readonly seed: number;
  readonly procs = new Map<number, Proc>();
  readonly faultCounts: Record<FaultKind | 'segv' | 'tag-sync' | 'tag-async' | 'bus', number> = {
    'zero-map': 0, 'refpage-map': 0, 'anon-alloc': 0, 'refpage-fill': 0, 'cow-zero': 0, 'cow-refpage': 0, 'cow-copy': 0,
    'cow-reuse': 0, 'shared-alloc': 0, spurious: 0, segv: 0, 'tag-sync': 0, 'tag-async': 0, bus: 0,
  };
  readonly syscallCounts: Record<string, number> = {};
  /** The zero page and the sigtramp page (reserved frames). */
  readonly zeroPfn: number;
  readonly sigtrampPfn: number;
  current: Proc | null = null;
  /** The address space user accesses resolve in (the current process, or an image being built). */
  curMm: Mm | null = null;
  yieldRequested = false;
  /** ESR of the last data abort (for the signal frame's esr_context). */
  lastFaultEsr = 0;
  readonly opts: KernelOptions;
  /** The timing model (null: functional). */
  readonly tm: TimingModel | null;
  private nextPid = 1;
  private nextAsid = 1;
  private readonly freeAsids: number[] = [];
  private readonly refpages = new Map<number, File>();
  private refpageSeq = 1;
  private init: Proc | null = null;
  private exit: ExitInfo | null = null;
  /** runSlice's scheduler state: the process on the CPU (undefined before the first call) and what is left of its time slice. */
  private schedP: Proc | null | undefined = undefined;
  private sliceLeft = 0;
  /** Entries from user mode the kernel handled (traps and time-slice ends; runSlice 'trap' events). */
  kernelEntries = 0;

  constructor(opts: KernelOptions = {}) {
    this.opts = opts;
    this.variant = opts.variant ?? 'refpage-v5';
    this.console = opts.console ?? new BufferConsole();
    this.seed = opts.seed ?? 1;
    const mem = new PhysMem(opts.memSize ?? 1 << 30);
    const mmu = new Mmu(mem);
    this.machine = new Machine(mem, mmu);
    this.pages = new PageAllocator(mem);
    this.tm = opts.timing ? createTiming(opts.timing, mem, () => this.machine.s.ttbr0Base) : null;
    this.km = new KernelMem(mem, this.tm ?? opts.sink ?? new CountingSink());
    this.machine.tm = this.tm;
    this.zeroPfn = this.pages.alloc(PG.reserved);
    this.km.zeroPage(this.zeroPfn * PAGE_SIZE);
    this.sigtrampPfn = this.pages.alloc(PG.reserved);
    // mov x8, #139 (rt_sigreturn); svc #0
    mem.write32(this.sigtrampPfn * PAGE_SIZE, 0xd2801168);
    mem.write32(this.sigtrampPfn * PAGE_SIZE + 4, 0xd4000001);
  }

  // ------------------------------------------------------------ processes

  /** Create the first process from ELF bytes. Throws ExecError for a bad file. */
  spawn(elf: Uint8Array, argv: string[], envp: string[] = []): Proc {
    const img = loadImage(this, elf, argv, envp);
    const p = new Proc(this.nextPid++, null, img.cpu, img.mm);
    p.argv = argv;
    p.files.push(new File('console-in'), new File('console-out'), new File('console-err'));
    img.cpu.rgsr = ((this.seed & 0xffff) || 1) << 8;
    this.procs.set(p.pid, p);
    this.init ??= p;
    return p;
  }

  /** Run `fn` with user accesses resolving in mm (and the MMU set up for it). */
  withMm<T>(mm: Mm, cpu: CpuState, fn: () => T): T {
    const saved = this.curMm;
    const savedCpu = this.machine.s;
    this.curMm = mm;
    this.machine.switchTo(cpu);
    try {
      return fn();
    } finally {
      this.curMm = saved;
      this.machine.switchTo(savedCpu);
    }
  }

  allocAsid(): number {
    return this.freeAsids.pop() ?? this.nextAsid++;
  }

  releaseAsid(asid: number): void {
    this.freeAsids.push(asid);
  }

  countFault(kind: FaultKind): void {
    this.faultCounts[kind]++;
    if (this.current) this.current.minflt++;
  }

  /**
   * A user fault at va raised while the kernel accesses user memory, or by
   * MAP_POPULATE: run the fault path in the current address space.
   */
  handleUserFault(va: bigint, write: boolean): boolean {
    const mm = this.curMm;
    if (!mm) return false;
    const v = Number(BigInt.asUintN(64, va) & 0xffffffffffffn);
    if (BigInt.asUintN(64, va) >> 48n & 0xffn) return false;
    return handleMmFault(this, mm, v, write ? 'w' : 'r').ok;
  }

  // ------------------------------------------------------------ the scheduler loop

  /** Run until the first process exits or dies, or the instruction limit. */
  run(): ExitInfo {
    for (;;) {
      const e = this.runSlice(Infinity);
      if (e.kind === 'exit') return e.exit;
    }
  }

  /**
   * One step of the scheduler loop (run() is these steps until 'exit'): run
   * the process on the CPU for at most `budget` instructions (and what is
   * left of its time slice), then handle the trap that stopped it, if any.
   *   'pause'  the budget ran out, or a debugger hook (Machine.hooks
   *            beforeInsn, haltRequested) stopped the CPU: no kernel entry,
   *            nothing charged, the time slice continues at the next call.
   *            So a run cut into pauses is the same run (the debugger
   *            relies on it to replay a position exactly).
   *   'trap'   the kernel handled one entry from user mode of process
   *            `pid` (syscall, abort, undefined instruction, end of the
   *            time slice); `exit` is set when the run ended in it.
   *   'exit'   the run is over.
   */
  runSlice(budget = Infinity): SliceEvent {
    const m = this.machine;
    const slice = this.opts.slice ?? 1_000_000;
    if (this.schedP === undefined) {
      this.schedP = this.pickNext(null);
      this.sliceLeft = slice;
    }
    const p = this.schedP;
    if (!p || this.exit) return { kind: 'exit', exit: this.exit ?? { limit: true } };
    if (p !== this.current) this.switchTo(p);
    const left = (this.opts.maxInsns ?? 1e10) - m.instret;
    if (left <= 0) {
      this.exit = { limit: true, pc: p.cpu.pc };
      return { kind: 'exit', exit: this.exit };
    }
    const n = Math.min(this.sliceLeft, left, budget);
    const before = m.instret;
    const stop = m.run(n);
    this.sliceLeft -= m.instret - before;
    if ((stop.kind === 'limit' && n === budget) || stop.kind === 'breakpoint' || stop.kind === 'halt') {
      return { kind: 'pause', pid: p.pid, stop };
    }
    this.kernelEntries++;
    this.tm?.enterKernel();
    let reschedule = false;
    try {
      reschedule = this.usertrap(p, stop);
    } catch (e) {
      if (e instanceof Error && e.name === 'HostLimitError') {
        this.exit = { hostError: e.message };
        return { kind: 'trap', pid: p.pid, stop, exit: this.exit };
      }
      throw e;
    }
    if (this.exit) return { kind: 'trap', pid: p.pid, stop, exit: this.exit };
    if (p.state === 'runnable') reschedule = this.returnToUser(p) || reschedule;
    let next: Proc | null = p;
    if (p.state !== 'runnable' || reschedule || this.yieldRequested) {
      this.yieldRequested = false;
      next = this.pickNext(p);
    }
    this.schedP = next;
    if (next && next !== this.current) this.switchTo(next);
    this.km.event('excReturn');
    this.tm?.exitKernel();
    // every return to user mode starts a full time slice
    this.sliceLeft = slice;
    return { kind: 'trap', pid: p.pid, stop, exit: this.exit };
  }

  private switchTo(p: Proc): void {
    this.current = p;
    this.curMm = p.mm;
    this.machine.switchTo(p.cpu);
    this.km.event('contextSwitch');
  }

  /** The next runnable process after `after` in pid order (round robin). */
  private pickNext(after: Proc | null): Proc | null {
    const list = [...this.procs.values()].filter((q) => q.state === 'runnable');
    if (list.length === 0) return null;
    if (!after) return list[0]!;
    return list.find((q) => q.pid > after.pid) ?? list[0]!;
  }

  /**
   * Handle one stop of the CPU for process p. Returns true when p should
   * yield the CPU (time slice over).
   */
  private usertrap(p: Proc, stop: Stop): boolean {
    const s = p.cpu;
    this.km.event('excEntry');
    // asynchronous tag check faults are noticed on every kernel entry
    if (s.tfsre0 & 1) {
      s.tfsre0 &= ~1;
      p.mteAsyncFault = true;
    }
    if (stop.kind === 'limit' || stop.kind === 'halt' || stop.kind === 'breakpoint') return stop.kind === 'limit';
    if (stop.kind !== 'exception') return false;
    const ec = stop.esr >>> 26;
    if (ec === EC.SVC64) {
      s.pc = stop.pc + 4;
      this.syscall(p);
      return false;
    }
    if (ec === EC.DATA_ABORT_LOWER || ec === EC.INSN_ABORT_LOWER) {
      this.abort(p, stop);
      return false;
    }
    const log = this.log.on;
    let signo: number = SIG.SIGILL;
    let code: number = SI.ILL_ILLOPC;
    let addr = BigInt(stop.pc);
    if (ec === EC.BRK64) {
      signo = SIG.SIGTRAP;
      code = SI.TRAP_BRKPT;
    } else if (ec === EC.PC_ALIGN || ec === EC.SP_ALIGN) {
      // do_sp_pc_abort: SIGBUS BUS_ADRALN, si_addr = the PC, or the SP for an SP alignment fault
      signo = SIG.SIGBUS;
      code = SI.BUS_ADRALN;
      if (ec === EC.SP_ALIGN) addr = s.xBig(SP);
      this.faultCounts.bus++;
    }
    if (log) {
      this.log.begin(ec === EC.BRK64 ? 'brk' : ec === EC.SP_ALIGN ? 'sp-align' : ec === EC.PC_ALIGN ? 'pc-align' : 'undefined', p.pid, stop.pc, stop.esr, addr, SIGNAMES[signo]!);
      this.log.end(`signal ${SIGNAMES[signo]}`);
    }
    this.lastFaultEsr = 0;
    forceSignal(p, { signo, code, addr, pid: 0, far: addr });
    return false;
  }

  private abort(p: Proc, stop: Extract<Stop, { kind: 'exception' }>): void {
    const f = stop.fault!;
    const va = Number(BigInt.asUintN(64, f.va) & 0xffffffffffffn);
    const access = f.exec ? 'x' : f.write ? 'w' : 'r';
    const log = this.log.on;
    if (log) this.log.begin('fault', p.pid, stop.pc, stop.esr, stop.far, `${f.kind} fault (${access === 'w' ? 'write' : access === 'x' ? 'exec' : 'read'}) at 0x${BigInt.asUintN(64, f.va).toString(16)}`);
    this.lastFaultEsr = stop.esr;
    // si_addr = untagged_addr(FAR): bits 63:56 replaced by copies of bit 55 (the tag
    // bits go unless SA_EXPOSE_TAGBITS; an address above 2^48 keeps bits 55:48)
    const addr = BigInt.asUintN(64, BigInt.asIntN(56, BigInt.asUintN(64, f.va)));
    // every fault kind must be handled: ts-pattern checks the match is exhaustive
    const outcome: { signo: number; code: number } | null = match(f.kind)
      .with('translation', 'permission', 'accessFlag', () => {
        // the VA bits 55:48 must be zero for TTBR0; otherwise nothing maps it
        const top = (BigInt.asUintN(64, f.va) >> 48n) & 0xffn;
        const r = top !== 0n ? { ok: false as const, signo: SIG.SIGSEGV, code: SI.SEGV_MAPERR } : handleMmFault(this, p.mm, va, access);
        if (r.ok) return null;
        if (r.signo === SIG.SIGSEGV) this.faultCounts.segv++;
        return { signo: r.signo, code: r.code };
      })
      .with('tagCheck', () => {
        // do_tag_check_fault: si_addr is the untagged address (no SA_EXPOSE_TAGBITS)
        this.faultCounts['tag-sync']++;
        if (log) this.log.step(`synchronous tag check fault: logical tag 0x${((BigInt.asUintN(64, f.va) >> 56n) & 0xfn).toString(16)} does not match the allocation tag`);
        return { signo: SIG.SIGSEGV, code: SI.SEGV_MTESERR };
      })
      .with('alignment', () => {
        this.faultCounts.bus++;
        return { signo: SIG.SIGBUS, code: SI.BUS_ADRALN };
      })
      .with('addressSize', () => {
        this.faultCounts.segv++;
        return { signo: SIG.SIGSEGV, code: SI.SEGV_MAPERR };
      })
      .exhaustive();
    if (outcome === null) {
      if (log) this.log.end('resolved');
      return;
    }
    const { signo, code } = outcome;
    if (signo === SIG.SIGKILL) {
      if (log) this.log.end('out of memory: SIGKILL');
      this.killProc(p, SIG.SIGKILL, false, stop.pc, 0, 0n);
      return;
    }
    if (log) this.log.end(`signal ${SIGNAMES[signo]} (${siCodeName(signo, code)})`);
    forceSignal(p, { signo, code, addr, pid: 0, far: stop.far });
  }

  private syscall(p: Proc): void {
    const s = p.cpu;
    const nr = s.X[16]!;
    const args = [0, 1, 2, 3, 4, 5].map((i) => s.xBig(i));
    const entry = SYSCALLS[nr];
    this.km.event('syscall');
    const name = entry?.name ?? `syscall_${nr}`;
    this.syscallCounts[name] = (this.syscallCounts[name] ?? 0) + 1;
    if (this.log.on) this.log.begin('syscall', p.pid, s.pc - 4, 0x56000000, 0n, `${name}(${args.slice(0, 4).map((a) => '0x' + a.toString(16)).join(', ')})`);
    let ret: bigint | number | 'noreturn' = -E.ENOSYS;
    if (entry) ret = entry.fn(this, p, args);
    if (ret !== 'noreturn') s.setXBig(0, BigInt(ret));
    this.opts.onSyscall?.(p.pid, nr, args, ret === 'noreturn' ? ret : BigInt(ret));
    if (this.opts.strace) this.opts.strace(`${p.pid} ${name}(${args.slice(0, 6).map((a) => fmtArg(a)).join(',')}) = ${ret === 'noreturn' ? '?' : fmtRet(BigInt(ret))}`);
    if (this.log.on) this.log.end(ret === 'noreturn' ? 'no return' : `returned ${fmtRet(BigInt(ret))}`);
  }

  /**
   * Work done on the way back to user mode (do_notify_resume): the async
   * tag fault signal, then signal delivery. Returns true if p must stop
   * running (killed).
   */
  private returnToUser(p: Proc): boolean {
    if (p.mteAsyncFault) {
      p.mteAsyncFault = false;
      this.faultCounts['tag-async']++;
      if (this.log.on) {
        this.log.begin('async-tag', p.pid, p.cpu.pc, 0, 0n, 'asynchronous tag check fault (TFSRE0_EL1.TF0 was set)');
        this.log.end('signal SIGSEGV (SEGV_MTEAERR)');
      }
      sendSignal(p, { signo: SIG.SIGSEGV, code: SI.SEGV_MTEAERR, addr: 0n, pid: 0 });
    }
    if (p.pending.length === 0) return false;
    const r = deliverSignal(this, p);
    if (r === 'none' || r === 'handled') {
      this.machine.syncControl();
      return false;
    }
    this.opts.onSignal?.(p, r.sig, 'kill');
    this.killProc(p, r.kill, r.core, p.cpu.pc, r.sig.code, r.sig.addr);
    return true;
  }

  /** Terminate p by a signal (default action). */
  killProc(p: Proc, signo: number, core: boolean, pc: number, code: number, addr: bigint): void {
    this.exitProc(p, signo | (core ? 0x80 : 0), { signo, code, addr, pc });
  }

  /**
   * Exit: free the address space and files, become a zombie, tell the
   * parent (SIGCHLD), hand children to init. When the first process ends,
   * the run ends.
   */
  exitProc(p: Proc, status: number, sig?: { signo: number; code: number; addr: bigint; pc: number }): void {
    if (p.state === 'zombie') return;
    p.mm.updateHiwater();
    const maxRss = Math.max(p.mm.hiwaterRss, p.mm.rss);
    for (let fd = 0; fd < p.files.length; fd++) if (p.files[fd]) this.closeFd(p, fd);
    uvmFree(this, p.mm);
    p.mm.hiwaterRss = maxRss;
    p.exitStatus = status;
    p.state = 'zombie';
    for (const c of this.procs.values()) if (c.parent === p) c.parent = this.init === p ? null : this.init;
    if (p === this.init) {
      this.exit = sig
        ? { signal: sig.signo, sigCode: sig.code, sigAddr: sig.addr, pc: sig.pc }
        : { exitCode: (status >> 8) & 0xff };
      return;
    }
    const parent = p.parent;
    if (parent && parent.state !== 'zombie') {
      parent.childMaxRss = Math.max(parent.childMaxRss, maxRss);
      sendSignal(parent, { signo: SIG.SIGCHLD, code: sig ? (sig.signo & 0x80 ? SI.CLD_DUMPED : SI.CLD_KILLED) : SI.CLD_EXITED, addr: 0n, pid: p.pid, status: sig ? sig.signo : (status >> 8) & 0xff });
      if (parent.state === 'waiting') parent.state = 'runnable';
    } else {
      this.procs.delete(p.pid);
    }
  }

  /** clone with fork semantics (flags = SIGCHLD, no CLONE_VM). Returns the child pid to the parent. */
  fork(p: Proc, flags: bigint, stack: bigint): number {
    if (flags & 0x100n) return -E.EINVAL; // CLONE_VM: threads are not supported
    if ([...this.procs.values()].filter((q) => q.state !== 'zombie').length >= (this.opts.maxProcs ?? 64)) return -E.EAGAIN;
    const mm = uvmCreate(this);
    if (!mm) return -E.ENOMEM;
    this.km.event('forkPath');
    if (!uvmCopy(this, p.mm, mm)) {
      uvmFree(this, mm);
      return -E.ENOMEM;
    }
    const cpu = p.cpu.clone();
    cpu.ttbr0Base = mm.rootPa;
    cpu.asid = mm.asid;
    cpu.setXBig(0, 0n);
    if (stack !== 0n) cpu.setXBig(SP, stack);
    const c = new Proc(this.nextPid++, p, cpu, mm);
    c.argv = p.argv;
    for (const f of p.files) {
      if (f) f.refs++;
      c.files.push(f);
    }
    p.sigactions.forEach((a, i) => (c.sigactions[i] = { ...a }));
    c.sigmask = p.sigmask;
    c.taggedAddrCtrl = p.taggedAddrCtrl;
    this.procs.set(c.pid, c);
    // the parent keeps running on the (now write-protected) mm: its soft TLB must forget write permissions
    this.machine.flushSoftTlb();
    if (this.log.on) this.log.step(`fork: child pid ${c.pid}, ${mm.rss} pages shared copy-on-write`);
    return c.pid;
  }

  /** wait4(pid, wstatus, options, rusage). Blocks by returning to the scheduler and retrying the SVC. */
  wait4(p: Proc, pid: number, wstatus: bigint, options: number, _rusage: bigint): number {
    // WNOHANG, WUNTRACED, WCONTINUED, __WNOTHREAD, __WALL, __WCLONE (kernel_wait4)
    if (options & ~(1 | 2 | 8 | 0x20000000 | 0x40000000 | 0x80000000)) return -E.EINVAL;
    const children = [...this.procs.values()].filter((c) => c.parent === p && (pid === -1 || c.pid === pid));
    if (children.length === 0) return -E.ECHILD;
    const z = children.find((c) => c.state === 'zombie');
    if (z) {
      if (wstatus !== 0n) {
        const b = new DataView(new ArrayBuffer(4));
        b.setInt32(0, z.exitStatus, true);
        if (!copyOut(this, wstatus, new Uint8Array(b.buffer))) return -E.EFAULT;
      }
      this.procs.delete(z.pid);
      return z.pid;
    }
    if (options & WNOHANG) return 0;
    // block: re-execute the SVC when woken (SIGCHLD or a child's exit makes us runnable)
    p.state = 'waiting';
    p.cpu.pc -= 4;
    return p.cpu.X[0]!;
  }

  sigreturn(p: Proc): 'noreturn' {
    if (!sysRtSigreturn(this, p)) {
      // badframe -> arm64_notify_segfault(sp): ACCERR when a VMA ends above sp (find_vma), else MAPERR
      const sp = p.cpu.xBig(SP);
      const va = Number(BigInt.asUintN(64, sp) & 0xffffffffffffn);
      const code = findVmaFrom(p.mm.vmas, va) ? SI.SEGV_ACCERR : SI.SEGV_MAPERR;
      forceSignal(p, { signo: SIG.SIGSEGV, code, addr: BigInt(va), pid: 0 });
    }
    this.machine.syncControl();
    return 'noreturn';
  }

  /** PR_SET_TAGGED_ADDR_CTRL -> SCTLR_EL1.TCF0 and GCR_EL1 (mte_set_user_gcr / set_sctlr_el1_tcf0). */
  applyTaggedAddrCtrl(p: Proc): void {
    const v = p.taggedAddrCtrl;
    const s = p.cpu;
    let tcf = 0;
    const sync = (v & PR_MTE_TCF_SYNC) !== 0;
    const async = (v & PR_MTE_TCF_ASYNC) !== 0;
    if (sync && async) tcf = { sync: 1, async: 2, asymm: 3 }[this.opts.mteTcfPreferred ?? 'async'];
    else if (sync) tcf = 1;
    else if (async) tcf = 2;
    // PR_TAGGED_ADDR_ENABLE governs tagged pointers in syscall arguments; TCF applies regardless
    void PR_TAGGED_ADDR_ENABLE;
    s.sctlrHi = (s.sctlrHi & ~(3 << (38 - 32))) | (tcf << (38 - 32));
    const include = (v & PR_MTE_TAG_MASK) >>> PR_MTE_TAG_SHIFT;
    s.gcr = (1 << 16) | (~include & 0xffff);
    if (p === this.current) this.machine.syncControl();
  }

  /** Time as the guest sees it: cycles at the profile clock when timed, else 1 ns per instruction. */
  clockNs(): number {
    if (this.tm) return (this.tm.cycles() * 1000) / this.tm.profile.core.freqMHz;
    return this.machine.instret;
  }

  // ------------------------------------------------------------ files and refpages

  closeFd(p: Proc, fd: number): number {
    const f = p.files[fd];
    if (!f) return -E.EBADF;
    p.files[fd] = null;
    this.putFile(f);
    return 0;
  }

  putFile(f: File): void {
    if (--f.refs > 0) return;
    if (f.refpage) this.releaseRefpage(f.refpage);
  }

  nextRefpageId(): number {
    return this.refpageSeq++;
  }

  openRefpageFile(p: Proc, rp: Refpage): number {
    const f = new File('refpage', rp);
    f.cloexec = true;
    this.refpages.set(rp.id, f);
    let fd = p.files.indexOf(null);
    if (fd < 0) fd = p.files.length;
    if (fd >= 1024) return -E.EMFILE;
    p.files[fd] = f;
    return fd;
  }

  refpage(id: number): Refpage {
    return this.refpages.get(id)!.refpage!;
  }

  refpageFile(id: number): File {
    return this.refpages.get(id)!;
  }

  putRefpageFile(id: number): void {
    this.putFile(this.refpages.get(id)!);
  }

  /** refpage_release: free the reference page once nothing refers to it. */
  releaseRefpage(rp: Refpage): void {
    this.refpages.delete(rp.id);
    this.pages.flags[rp.pfn]! &= ~PG.reserved;
    this.pages.put(rp.pfn);
    if (this.log.on) this.log.step(`last reference to the refpage file dropped: free reference page pfn 0x${rp.pfn.toString(16)}`);
  }

  /** Number of live reference pages (for lifetime tests). */
  get liveRefpages(): number {
    return this.refpages.size;
  }
}

function fmtArg(a: bigint): string {
  const s = BigInt.asIntN(64, a);
  return s >= -4096n && s < 4096n ? s.toString() : '0x' + BigInt.asUintN(64, a).toString(16);
}

function fmtRet(r: bigint): string {
  const s = BigInt.asIntN(64, r);
  if (s < 0n && s >= -4095n) {
    const name = Object.entries(E).find(([, v]) => v === Number(-s))?.[0] ?? '';
    return `-1 ${name} (errno ${-s})`;
  }
  return s >= -4096n && s < 65536n ? s.toString() : '0x' + BigInt.asUintN(64, r).toString(16);
}

export function siCodeName(signo: number, code: number): string {
  if (signo === SIG.SIGSEGV) return ({ 1: 'SEGV_MAPERR', 2: 'SEGV_ACCERR', 8: 'SEGV_MTEAERR', 9: 'SEGV_MTESERR' } as Record<number, string>)[code] ?? `si_code ${code}`;
  if (signo === SIG.SIGBUS) return code === 1 ? 'BUS_ADRALN' : `si_code ${code}`;
  if (signo === SIG.SIGILL) return code === 1 ? 'ILL_ILLOPC' : `si_code ${code}`;
  if (signo === SIG.SIGTRAP) return code === 1 ? 'TRAP_BRKPT' : `si_code ${code}`;
  return `si_code ${code}`;
}

