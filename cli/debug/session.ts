// The debugger core: one program under the mini-kernel, driven one
// scheduler step at a time (Kernel.runSlice), with breakpoints,
// watchpoints, a history of the kernel's traps, and reverse execution.
//
// Positions. The machine is deterministic, so a point of the run is named
// by two counters: instructions retired (Machine.instret) and kernel
// entries handled (runSlice 'trap' events: syscalls, aborts, time-slice
// ends). Every step of the run does exactly one of: retire an instruction,
// or enter the kernel. A kernel entry "at instret I" happens after the
// I-th retirement and before the next one. `step` moves one such tick
// (time-slice ends are not steps: they are skipped both ways).
//
// Reverse execution is replay: a fresh kernel runs the same program from
// the start to the wanted position. To make the replayed state identical
// bit for bit, cycle counts included, the replay stops the CPU at exactly
// the positions the original run stopped it (the `pauses` list: each stop
// restarts the interpreter's loop, which the detailed timing model can
// see), and console input comes from the recording (DebugConsole). The
// replay runs at full speed: about 1 s for 10 million instructions with
// the detailed timing model.

import type { ElfFile } from '../../isa/asm/index.ts';
import { ExecError } from '../../kernel/exec.ts';
import { Kernel, type ExitInfo, type KernelVariant, type SliceEvent } from '../../kernel/kernel.ts';
import type { TrapRecord } from '../../kernel/klog.ts';
import type { PendingSignal, Proc } from '../../kernel/proc.ts';
import { findVma, type Vma } from '../../kernel/vma.ts';
import type { Machine, Stop } from '../../emulator/machine.ts';
import { HostLimitError } from '../../emulator/memory.ts';
import type { TimingKind } from '../../emulator/timing/index.ts';
import { HostError } from '../io.ts';
import { DebugConsole } from './console.ts';
import { allocTagAt, leafPte, readVirt, readWord, regSnap, type RegSnap } from './view.ts';

export type StopCategory = 'fault' | 'tag' | 'signal' | 'syscall';
export const STOP_CATEGORIES: readonly StopCategory[] = ['fault', 'tag', 'signal', 'syscall'];
export const DEFAULT_STOP_ON: readonly StopCategory[] = ['fault', 'tag', 'signal'];

/** A point of the run: instructions retired and kernel entries handled. */
export interface Pos {
  insn: number;
  entries: number;
}

export const cmpPos = (a: Pos, b: Pos): number => (a.insn - b.insn) || (a.entries - b.entries);

export interface SessionConfig {
  elfBytes: Uint8Array;
  elf: ElfFile;
  /** argv (argv[0] is the program as named on the command line) and the environment. */
  argv: string[];
  env: string[];
  variant: KernelVariant;
  seed: number;
  memSize: number;
  maxInsns: number;
  mteTcfPreferred: 'sync' | 'async' | 'asymm';
  timing: TimingKind;
  /** Timing profile, clock override and parameter overrides (`--cpu`, `--freq`, `--set`). */
  cpu?: string;
  freqMHz?: number;
  set?: Record<string, string>;
  stopOn: Iterable<StopCategory>;
  /** Guest input (asked only for reads never made before) and output (shown once). */
  input: (max: number) => Uint8Array;
  output: (fd: 1 | 2, bytes: Uint8Array) => void;
}

/** A signal the kernel delivered (or that killed the process) during a trap. */
export interface SignalNote {
  pid: number;
  sig: PendingSignal;
  action: 'handler' | 'kill';
  /** For 'handler': where the handler starts. */
  handler?: number;
}

/** What the debugger knows about one kernel entry. */
export interface TrapInfo {
  /** Kernel entry number (1-based). */
  n: number;
  /** Position right after the entry. */
  pos: Pos;
  pid: number;
  /** PC of the instruction that trapped (the SVC, the faulting access); for a time-slice end, the next PC. */
  pc: number;
  /** The trapping instruction's word, when readable. */
  word?: number;
  stop: Stop;
  /** The kernel's step log for this entry. */
  records: TrapRecord[];
  /** Changes of the kernel's fault counters (k.faultCounts) in this entry. */
  faultKinds: Record<string, number>;
  signals: SignalNote[];
  /** Cycles charged to the kernel for the entry (null without a timing model). */
  kernelCycles: number | null;
  exit: ExitInfo | null;
  cats: StopCategory[];
  /** A time-slice end that did nothing else. */
  tick: boolean;
  /** For aborts: the VMA holding the address (after the kernel's work), the leaf PTE now, the allocation tag of the granule. */
  vma?: Vma;
  pteNow?: bigint | null;
  allocTag?: number;
  /** RSS of the process after the entry (pages) and its change. */
  rss: number;
  rssDelta: number;
  /** The process ended in this entry (rss is then the RSS before). */
  exited: boolean;
  /** For an asynchronous tag check fault: the access that set TFSRE0_EL1.TF0 (found by the debugger). */
  culprit?: { pc: number; insn: number };
}

export interface Breakpoint {
  id: number;
  addr: number;
  temporary: boolean;
  hits: number;
}

export interface Watchpoint {
  id: number;
  /** 48-bit address (tag stripped) and length in bytes. */
  addr: number;
  len: number;
  /** The expression as given (for messages). */
  expr: string;
  pid: number;
  hits: number;
  /** Value as last seen (null: unreadable). */
  shadow: Uint8Array | null;
}

interface FaultFacts {
  vma?: Vma;
  pteNow?: bigint | null;
  allocTag?: number;
  word?: number;
}

/** Why execution stopped. */
export type StopReport =
  | { kind: 'step' }
  | { kind: 'breakpoint'; bp: Breakpoint }
  | { kind: 'watch'; w: Watchpoint; old: Uint8Array | null; now: Uint8Array | null; pc: number; insn: number; trap?: TrapInfo }
  | { kind: 'trap'; trap: TrapInfo }
  | { kind: 'exit'; exit: ExitInfo; trap?: TrapInfo }
  | { kind: 'finish'; from: number }
  | { kind: 'interrupted' }
  | { kind: 'history-start' }
  | { kind: 'not-running' };

/** One step of a long operation: the generator yields to let the host breathe (Ctrl-C, output). */
export type Work<T> = Generator<void, T, void>;

/** Run a Work to the end synchronously. */
export function finish<T>(w: Work<T>): T {
  for (;;) {
    const r = w.next();
    if (r.done) return r.value;
  }
}

const PAGE_KINDS = new Set(['zero-map', 'refpage-map', 'anon-alloc', 'refpage-fill', 'cow-zero', 'cow-refpage', 'cow-copy', 'cow-reuse', 'shared-alloc', 'spurious', 'segv', 'bus']);

/** How often (ms of host time) a long operation yields. */
const YIELD_MS = 50;

export class Session {
  readonly cfg: SessionConfig;
  k!: Kernel;
  readonly console: DebugConsole;
  readonly stopOn: Set<StopCategory>;
  readonly breakpoints: Breakpoint[] = [];
  readonly watchpoints: Watchpoint[] = [];
  private nextBpId = 1;

  // ---- the timeline (kept across replays, truncated at the current position)
  /** Positions where the CPU was stopped without a kernel entry (see the header). */
  private pauses: Pos[] = [];
  /** instret at each kernel entry (index n-1 for entry n), and whether it was a bare time-slice end. */
  private entryInsn = new Float64Array(1024);
  private entryTick = new Uint8Array(1024);

  // ---- history of this pass (rebuilt by a replay)
  /** Traps worth listing: faults, signals, tag faults (the `faults` command). */
  faultHistory: TrapInfo[] = [];
  /** Every non-tick trap's position and categories (for reverse-continue). */
  private trapMarks: { pos: Pos; cats: StopCategory[] }[] = [];
  /** The last kernel entry (any kind but a bare tick). */
  lastTrap: TrapInfo | null = null;
  /** The last stop worth explaining (a trap, a watchpoint). */
  lastExplained: StopReport | null = null;
  /** Registers at the previous stop and at this one (for `regs`' highlighting). */
  prevRegs: RegSnap | null = null;
  curRegs: RegSnap | null = null;
  exited: ExitInfo | null = null;

  // ---- hook state
  private mode: 'forward' | 'replay' | 'scan' = 'forward';
  /** Do not stop at a breakpoint on this (pid, pc, instret): the one execution resumes from. */
  private skip: { pid: number; pc: number; insn: number } | null = null;
  private temp: { pc: number; pid: number; sp: bigint } | null = null;
  private hitBp: Breakpoint | null = null;
  private hitTemp = false;
  private hitWatch: { w: Watchpoint; old: Uint8Array | null; now: Uint8Array | null; pc: number; insn: number } | null = null;
  private lastPc = -1;
  private tfSeen = false;
  private culprit: { pc: number; insn: number } | null = null;
  private curSignals: SignalNote[] = [];
  private killCapture: FaultFacts | null = null;
  /** Scan mode: candidate stop positions found. */
  private scanHits: { pos: Pos; what: 'bp' | 'watch' }[] = [];

  constructor(cfg: SessionConfig) {
    this.cfg = cfg;
    this.stopOn = new Set(cfg.stopOn);
    this.console = new DebugConsole(cfg.input, cfg.output);
    this.boot();
    this.curRegs = regSnap(this.k, this.proc);
  }

  // ------------------------------------------------------------ state

  get machine(): Machine {
    return this.k.machine;
  }

  pos(): Pos {
    return { insn: this.k.machine.instret, entries: this.k.kernelEntries };
  }

  /** The process the CPU runs (or last ran). */
  get proc(): Proc {
    return this.k.current ?? [...this.k.procs.values()][0]!;
  }

  get pc(): number {
    return this.proc.cpu.pc;
  }

  /** Create the kernel and the process (a new pass over the timeline). */
  private boot(): void {
    const c = this.cfg;
    let k: Kernel;
    try {
      k = new Kernel({
        console: this.console,
        variant: c.variant,
        memSize: c.memSize,
        seed: c.seed,
        maxInsns: c.maxInsns,
        mteTcfPreferred: c.mteTcfPreferred,
        ...(c.timing === 'none' ? {} : { timing: { timing: c.timing, ...(c.cpu ? { cpu: c.cpu } : {}), ...(c.freqMHz ? { freqMHz: c.freqMHz } : {}), ...(c.set ? { set: c.set } : {}) } }),
        onSignal: (p, sig, action) => {
          this.curSignals.push({ pid: p.pid, sig, action, ...(action === 'handler' ? { handler: p.cpu.pc } : {}) });
          // the address space goes with the process: look at the fault now
          if (action === 'kill' && sig.far !== undefined) this.killCapture = this.captureFault(p, sig.far, p.cpu.pc);
        },
      });
    } catch (e) {
      if (e instanceof HostLimitError) throw new HostError(e.message, 2);
      throw e;
    }
    k.log.on = true;
    k.log.limit = Infinity;
    try {
      k.spawn(c.elfBytes, c.argv, c.env);
    } catch (e) {
      if (e instanceof ExecError) throw new HostError(`${c.argv[0]}: ${e.message}`);
      if (e instanceof HostLimitError) throw new HostError(`${c.argv[0]}: ${e.message}`, 2);
      throw e;
    }
    k.log.records.length = 0;
    k.machine.hooks = { beforeInsn: this.beforeInsn, afterStore: this.afterStore };
    this.k = k;
    this.console.restart();
    this.faultHistory = [];
    this.trapMarks = [];
    this.lastTrap = null;
    this.exited = null;
    this.lastPc = -1;
    this.tfSeen = false;
    this.culprit = null;
    for (const w of this.watchpoints) w.shadow = this.readWatch(w);
  }

  // ------------------------------------------------------------ hooks

  private readonly beforeInsn = (m: Machine, pc: number): boolean => {
    const tf = m.s.tfsre0 & 1;
    if (tf !== 0 && !this.tfSeen) {
      this.tfSeen = true;
      this.culprit = { pc: this.lastPc, insn: m.instret - 1 };
    }
    this.lastPc = pc;
    if (this.mode === 'replay') return false;
    const bp = this.breakpoints.length ? this.breakpoints.find((b) => b.addr === pc) : undefined;
    const pid = this.k.current?.pid ?? 0;
    if (this.mode === 'scan') {
      if (bp) this.scanHits.push({ pos: { insn: m.instret, entries: this.k.kernelEntries }, what: 'bp' });
      return false;
    }
    const skip = this.skip;
    if (skip && skip.pc === pc && skip.insn === m.instret && skip.pid === pid) return false;
    if (bp) {
      this.hitBp = bp;
      return true;
    }
    const t = this.temp;
    if (t && t.pc === pc && t.pid === pid && m.s.xBig(31) >= t.sp) {
      this.hitTemp = true;
      return true;
    }
    return false;
  };

  private readonly afterStore = (m: Machine, va: number, size: number): void => {
    if (this.watchpoints.length === 0) return;
    const a = va % 2 ** 48;
    const pid = this.k.current?.pid ?? 0;
    for (const w of this.watchpoints) {
      if (w.pid !== pid || a + size <= w.addr || a >= w.addr + w.len) continue;
      const now = this.readWatch(w);
      if (sameBytes(now, w.shadow)) continue;
      const old = w.shadow;
      w.shadow = now;
      if (this.mode === 'scan') {
        this.scanHits.push({ pos: { insn: m.instret + 1, entries: this.k.kernelEntries }, what: 'watch' });
      } else if (this.mode === 'forward' && !this.hitWatch) {
        this.hitWatch = { w, old, now, pc: m.s.pc, insn: m.instret };
        m.haltRequested = true;
      }
    }
  };

  /** The watched bytes now (null when any is unreadable). */
  readWatch(w: Watchpoint): Uint8Array | null {
    const p = this.k.procs.get(w.pid);
    return p ? readVirt(this.k, p, BigInt(w.addr), w.len) : null;
  }

  /** Facts about a faulting access at va by p (read while p's address space exists). */
  private captureFault(p: Proc, va: bigint | null, pc: number): FaultFacts {
    const k = this.k;
    const f: FaultFacts = {};
    const word = readWord(k, p, pc);
    if (word !== undefined) f.word = word;
    if (va === null) return f;
    const v = findVma(p.mm.vmas, Number(BigInt.asUintN(48, va)));
    if (v) f.vma = v;
    f.pteNow = leafPte(k, p, va);
    const tag = allocTagAt(k, p, va);
    if (tag !== null) f.allocTag = tag;
    return f;
  }

  // ------------------------------------------------------------ one scheduler step

  /** runSlice plus the bookkeeping: pauses, the entry log, trap history. */
  private slice(budget: number): SliceEvent {
    const k = this.k;
    const counts = { ...k.faultCounts };
    const kc = k.tm ? k.tm.kernelCycles : 0;
    const rssBefore = this.proc.mm.rss;
    this.curSignals = [];
    const e = k.runSlice(budget);
    if (e.kind === 'pause') {
      this.pauses.push(this.pos());
    } else if (e.kind === 'trap') {
      this.absorbTrap(e, counts, kc, rssBefore);
    } else if (!this.exited) {
      this.exited = e.exit;
    }
    return e;
  }

  private absorbTrap(e: Extract<SliceEvent, { kind: 'trap' }>, counts: Record<string, number>, kc: number, rssBefore: number): void {
    const k = this.k;
    const n = k.kernelEntries;
    const records = k.log.records.splice(0);
    const faultKinds: Record<string, number> = {};
    for (const [key, v] of Object.entries(k.faultCounts)) if (v !== counts[key]) faultKinds[key] = v - counts[key]!;
    const signals = this.curSignals;
    this.curSignals = [];
    const tick = e.stop.kind === 'limit' && records.length === 0 && signals.length === 0 && Object.keys(faultKinds).length === 0 && !e.exit;
    this.logEntry(n, k.machine.instret, tick);
    // TFSRE0_EL1.TF0 is cleared at every kernel entry
    const culprit = this.tfSeen ? this.culprit : null;
    this.tfSeen = false;
    this.culprit = null;
    const lastPc = this.lastPc;
    if (e.exit) this.exited = e.exit;
    if (tick) return;
    const cats = new Set<StopCategory>();
    for (const r of records) {
      if (r.kind === 'syscall') cats.add('syscall');
      if (r.kind === 'async-tag') cats.add('tag');
      if (r.kind === 'undefined' || r.kind === 'brk') cats.add('signal');
    }
    for (const key of Object.keys(faultKinds)) {
      if (key === 'tag-sync' || key === 'tag-async') cats.add('tag');
      else if (PAGE_KINDS.has(key)) cats.add('fault');
    }
    if (signals.length || (e.exit && e.exit.signal !== undefined)) cats.add('signal');
    const p = k.procs.get(e.pid);
    const stop = e.stop;
    const pc = stop.kind === 'exception' ? stop.pc : stop.kind === 'breakpoint' ? stop.pc : (p?.cpu.pc ?? 0);
    const t: TrapInfo = {
      n,
      pos: this.pos(),
      pid: e.pid,
      pc,
      stop,
      records,
      faultKinds,
      signals,
      kernelCycles: k.tm ? k.tm.kernelCycles - kc : null,
      exit: e.exit,
      cats: STOP_CATEGORIES.filter((c) => cats.has(c)),
      tick,
      rss: !p ? 0 : p.state === 'zombie' ? rssBefore : p.mm.rss,
      rssDelta: p && p.state !== 'zombie' ? p.mm.rss - rssBefore : 0,
      exited: p?.state === 'zombie',
    };
    const facts = !p ? null
      : p.state === 'zombie' ? this.killCapture
      : this.captureFault(p, stop.kind === 'exception' && stop.fault ? stop.fault.va : null, pc);
    this.killCapture = null;
    const word = facts?.word ?? elfWord(this.cfg.elf, pc);
    if (word !== undefined) t.word = word;
    if (facts) {
      if (stop.kind === 'exception' && stop.fault) {
        if (facts.vma) t.vma = facts.vma;
        t.pteNow = facts.pteNow ?? null;
        if (facts.allocTag !== undefined) t.allocTag = facts.allocTag;
      }
    }
    if (records.some((r) => r.kind === 'async-tag')) {
      // the access that set TF0: seen by the hook before the next instruction, or the last one that ran
      t.culprit = culprit ?? { pc: lastPc, insn: k.machine.instret - (stop.kind === 'limit' ? 1 : 0) };
    }
    this.lastTrap = t;
    if (t.cats.length) this.trapMarks.push({ pos: t.pos, cats: t.cats });
    if (t.cats.some((c) => c !== 'syscall')) this.faultHistory.push(t);
  }

  private logEntry(n: number, insn: number, tick: boolean): void {
    if (n > this.entryInsn.length) {
      const a = new Float64Array(this.entryInsn.length * 2);
      a.set(this.entryInsn);
      this.entryInsn = a;
      const b = new Uint8Array(this.entryTick.length * 2);
      b.set(this.entryTick);
      this.entryTick = b;
    }
    this.entryInsn[n - 1] = insn;
    this.entryTick[n - 1] = tick ? 1 : 0;
  }

  /** Kernel entries that happened before the insn-th retirement (entries "at" instret < insn). */
  private entriesBefore(insn: number, log: Float64Array, count: number): number {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (log[mid]! < insn) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Does this trap stop a forward run? */
  private stops(t: TrapInfo | null): boolean {
    return !!t && !t.tick && t.cats.some((c) => this.stopOn.has(c));
  }

  /** Take a register snapshot for a stop (what `regs` compares). */
  private noteStop(r: StopReport): StopReport {
    this.prevRegs = this.curRegs;
    this.curRegs = regSnap(this.k, this.proc);
    if (r.kind === 'trap' || r.kind === 'watch' || (r.kind === 'exit' && r.trap)) this.lastExplained = r;
    // nothing recorded past here may stay in the pause list
    return r;
  }

  // ------------------------------------------------------------ forward

  private resumeFrom(): void {
    const pid = this.k.current?.pid ?? this.proc.pid;
    this.skip = { pid, pc: this.pc, insn: this.k.machine.instret };
    this.hitBp = null;
    this.hitTemp = false;
    this.hitWatch = null;
  }

  /** After a trap: did the kernel change watched memory (a syscall writing a buffer)? */
  private kernelWatch(t: TrapInfo): StopReport | null {
    for (const w of this.watchpoints) {
      const now = this.readWatch(w);
      if (sameBytes(now, w.shadow)) continue;
      const old = w.shadow;
      w.shadow = now;
      // a page mapped for the first time is not a change of value
      if (old === null) continue;
      return { kind: 'watch', w, old, now, pc: t.pc, insn: t.pos.insn, trap: t };
    }
    return null;
  }

  /** After a pause: why the CPU stopped. */
  private pauseReport(): StopReport | null {
    if (this.hitWatch) {
      const h = this.hitWatch;
      this.hitWatch = null;
      h.w.hits++;
      return { kind: 'watch', ...h };
    }
    if (this.hitBp) {
      const bp = this.hitBp;
      this.hitBp = null;
      bp.hits++;
      if (bp.temporary) this.breakpoints.splice(this.breakpoints.indexOf(bp), 1);
      return { kind: 'breakpoint', bp };
    }
    return null;
  }

  /** `step n`: n ticks (instructions or kernel entries), stopping early on a stop event. Non-stop traps go to `notes`. */
  *step(n: number, notes: TrapInfo[] = []): Work<StopReport> {
    if (this.exited) return { kind: 'not-running' };
    this.resumeFrom();
    let left = n;
    let t0 = performance.now();
    while (left > 0) {
      if (performance.now() - t0 > YIELD_MS) {
        yield;
        t0 = performance.now();
      }
      const i0 = this.k.machine.instret;
      const e = this.slice(left);
      left -= this.k.machine.instret - i0;
      if (e.kind === 'exit') return this.noteStop({ kind: 'exit', exit: e.exit });
      if (e.kind === 'pause') {
        const r = this.pauseReport();
        if (r) return this.noteStop(r);
        continue;
      }
      const t = this.lastTrap;
      if (this.k.kernelEntries > 0 && this.entryTick[this.k.kernelEntries - 1]) continue;
      left--;
      if (e.exit) return this.noteStop({ kind: 'exit', exit: e.exit, ...(this.stops(t) ? { trap: t! } : {}) });
      const w = t ? this.kernelWatch(t) : null;
      if (w) return this.noteStop(w);
      if (this.stops(t)) return this.noteStop({ kind: 'trap', trap: t! });
      if (t) notes.push(t);
    }
    return this.noteStop({ kind: 'step' });
  }

  /** `continue` (and `next`/`finish` with a temporary stop): run until a stop event. */
  *cont(temp: { pc: number; sp: bigint } | null = null): Work<StopReport> {
    if (this.exited) return { kind: 'not-running' };
    this.resumeFrom();
    const pid = this.k.current?.pid ?? this.proc.pid;
    this.temp = temp ? { ...temp, pid } : null;
    const from = this.pc;
    try {
      let t0 = performance.now();
      for (;;) {
        if (performance.now() - t0 > YIELD_MS) {
          yield;
          t0 = performance.now();
        }
        const e = this.slice(Infinity);
        if (e.kind === 'exit') return this.noteStop({ kind: 'exit', exit: e.exit });
        if (e.kind === 'pause') {
          if (this.hitTemp) return this.noteStop({ kind: 'finish', from });
          const r = this.pauseReport();
          if (r) return this.noteStop(r);
          continue;
        }
        const t = this.lastTrap;
        if (e.exit) return this.noteStop({ kind: 'exit', exit: e.exit, ...(this.stops(t) ? { trap: t! } : {}) });
        if (this.k.kernelEntries > 0 && this.entryTick[this.k.kernelEntries - 1]) continue;
        const w = t ? this.kernelWatch(t) : null;
        if (w) return this.noteStop(w);
        if (this.stops(t)) return this.noteStop({ kind: 'trap', trap: t! });
      }
    } finally {
      this.temp = null;
      this.hitTemp = false;
    }
  }

  /** Stop here after an interrupted operation (Ctrl-C). */
  interrupted(): StopReport {
    return this.noteStop({ kind: 'interrupted' });
  }

  // ------------------------------------------------------------ reverse

  /** The position one step before p (time-slice ends skipped), or null at the start. */
  prevPos(p: Pos): Pos | null {
    let q = p;
    for (;;) {
      if (q.insn === 0 && q.entries === 0) return q === p ? null : q;
      const afterEntry = q.entries > 0 && this.entryInsn[q.entries - 1] === q.insn;
      const tick = afterEntry && this.entryTick[q.entries - 1] === 1;
      q = afterEntry ? { insn: q.insn, entries: q.entries - 1 } : { insn: q.insn - 1, entries: q.entries };
      if (!tick) return q;
    }
  }

  /** `reverse-step n`. */
  *reverseStep(n: number): Work<StopReport> {
    let target: Pos | null = this.pos();
    let atStart = false;
    for (let i = 0; i < n; i++) {
      const q = this.prevPos(target!);
      if (!q) {
        atStart = true;
        break;
      }
      target = q;
    }
    const cur = this.pos();
    if (cmpPos(target!, cur) === 0) return this.noteStop({ kind: 'history-start' });
    yield* this.replayTo(target!);
    return this.noteStop(atStart ? { kind: 'history-start' } : this.arrivalReport());
  }

  /** `reverse-continue`: back to the last stop event before here (a trap per stop-on, a breakpoint, a watched change). */
  *reverseContinue(): Work<StopReport> {
    const cur = this.pos();
    const cands: { pos: Pos; what: 'trap' | 'bp' | 'watch' }[] = [];
    for (const m of this.trapMarks) if (m.cats.some((c) => this.stopOn.has(c))) cands.push({ pos: m.pos, what: 'trap' });
    if (this.breakpoints.length || this.watchpoints.length) {
      // find breakpoint hits and watched changes by a scan of the run so far
      this.scanHits = [];
      yield* this.replayTo(cur, 'scan');
      cands.push(...this.scanHits);
      this.scanHits = [];
    }
    let best: { pos: Pos; what: 'trap' | 'bp' | 'watch' } | null = null;
    for (const c of cands) if (cmpPos(c.pos, cur) < 0 && (!best || cmpPos(c.pos, best.pos) > 0)) best = c;
    if (!best) {
      if (cur.insn === 0 && cur.entries === 0) return this.noteStop({ kind: 'history-start' });
      yield* this.replayTo({ insn: 0, entries: 0 });
      return this.noteStop({ kind: 'history-start' });
    }
    yield* this.replayTo(best.pos);
    if (best.what === 'bp') {
      const bp = this.breakpoints.find((b) => b.addr === this.pc);
      if (bp) return this.noteStop({ kind: 'breakpoint', bp });
    }
    if (best.what === 'watch') {
      // the change is the store just executed: report the values before and now
      return this.noteStop(this.arrivalReport());
    }
    return this.noteStop(this.arrivalReport());
  }

  /** What to report after arriving at a position by replay: the trap just handled, if we are right after one. */
  private arrivalReport(): StopReport {
    const p = this.pos();
    const t = this.lastTrap;
    if (t && cmpPos(t.pos, p) === 0) {
      if (t.exit) return { kind: 'exit', exit: t.exit, trap: t };
      return { kind: 'trap', trap: t };
    }
    return { kind: 'step' };
  }

  /**
   * Re-run from the start to `target` (a position of this timeline at or
   * before the current one), stopping the CPU where the original run did.
   */
  *replayTo(target: Pos, mode: 'replay' | 'scan' = 'replay'): Work<void> {
    const log = this.entryInsn;
    const count = this.k.kernelEntries;
    // the old timeline's entry log tells where the entries are; the replay rebuilds the same one
    this.entryInsn = new Float64Array(log.length);
    this.entryTick = new Uint8Array(this.entryTick.length);
    const stopsAt = [...this.pauses.filter((p) => cmpPos(p, target) < 0), target];
    this.pauses = [];
    this.mode = mode;
    this.boot();
    let t0 = performance.now();
    try {
      for (const t of stopsAt) {
        const a = this.entriesBefore(t.insn, log, count);
        for (;;) {
          const c = this.pos();
          const d = cmpPos(c, t);
          if (d === 0) break;
          if (d > 0) throw new Error(`replay passed its target: at ${c.insn}/${c.entries}, wanted ${t.insn}/${t.entries}`);
          const budget = c.insn < t.insn ? t.insn - c.insn + (t.entries > a ? 1 : 0) : 1;
          const e = this.slice(budget);
          if (e.kind === 'exit') {
            if (cmpPos(this.pos(), t) !== 0) throw new Error('replay: the program ended before the target position');
            break;
          }
          if (mode === 'scan' && e.kind === 'trap' && this.lastTrap && this.lastTrap.pos.entries === this.k.kernelEntries) {
            // kernel writes to watched memory count as changes too
            for (const w of this.watchpoints) {
              const now = this.readWatch(w);
              if (!sameBytes(now, w.shadow)) {
                if (w.shadow !== null) this.scanHits.push({ pos: this.pos(), what: 'watch' });
                w.shadow = now;
              }
            }
          }
          if (performance.now() - t0 > YIELD_MS) {
            yield;
            t0 = performance.now();
          }
        }
      }
    } finally {
      this.mode = 'forward';
      // the pause list must not reach past where we are
      const here = this.pos();
      this.pauses = this.pauses.filter((p) => cmpPos(p, here) <= 0);
      for (const w of this.watchpoints) w.shadow = this.readWatch(w);
    }
  }

  // ------------------------------------------------------------ breakpoints and watchpoints

  addBreakpoint(addr: number, temporary: boolean): Breakpoint {
    const bp: Breakpoint = { id: this.nextBpId++, addr, temporary, hits: 0 };
    this.breakpoints.push(bp);
    return bp;
  }

  addWatchpoint(addr: number, len: number, expr: string): Watchpoint {
    const w: Watchpoint = { id: this.nextBpId++, addr: addr % 2 ** 48, len, expr, pid: this.proc.pid, hits: 0, shadow: null };
    w.shadow = this.readWatch(w);
    this.watchpoints.push(w);
    return w;
  }

  /** Delete by id (all when id is undefined). Returns the number deleted. */
  delete(id?: number): number {
    let n = 0;
    for (const list of [this.breakpoints, this.watchpoints] as { id: number }[][]) {
      for (let i = list.length - 1; i >= 0; i--) {
        if (id === undefined || list[i]!.id === id) {
          list.splice(i, 1);
          n++;
        }
      }
    }
    return n;
  }

  /** Pause positions recorded (tests). */
  get pauseCount(): number {
    return this.pauses.length;
  }
}

/** The instruction word at pc from the ELF file's loaded segments (when the process's memory is gone). */
function elfWord(elf: ElfFile, pc: number): number | undefined {
  for (const seg of elf.segments) {
    const off = pc - Number(seg.vaddr);
    if (seg.type === 1 && off >= 0 && off + 4 <= seg.data.length && pc % 4 === 0) {
      return new DataView(seg.data.buffer, seg.data.byteOffset + off, 4).getUint32(0, true);
    }
  }
  return undefined;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
