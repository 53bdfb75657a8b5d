// The kernel's step log: for each trap (syscall, fault, signal) the named
// steps the kernel took and the state it changed, for `mtemu debug`'s
// `kernel` and `explain` commands and for --strace. Off by default: the
// fault path checks `log.on` before building any text, so `run` and
// `compare` pay one branch per step.

import type { Patch } from 'immer';

export interface PteChange {
  va: number;
  /** Descriptor before and after, as 64-bit BigInts (0n = invalid). */
  before: bigint;
  after: bigint;
}

export interface TrapRecord {
  /** 'syscall', 'fault', 'undefined', 'brk', 'signal', 'async-tag', 'tick'... */
  kind: string;
  pid: number;
  pc: number;
  esr: number;
  far: bigint;
  /** Short title: the syscall with its arguments, or the fault kind. */
  title: string;
  steps: string[];
  /** VMA list patches (immer). */
  patches: Patch[];
  ptes: PteChange[];
  /** RSS change in pages. */
  rssDelta: number;
  /** Cycles charged to the kernel for this trap (when a timing model runs). */
  cycles: number;
  /** Outcome: 'resolved', 'signal SIGSEGV (SEGV_MAPERR)', 'returned 3'... */
  outcome: string;
}

export class KLog {
  on = false;
  /** Keep at most this many records (oldest dropped). */
  limit = 10_000;
  readonly records: TrapRecord[] = [];
  current: TrapRecord | null = null;

  begin(kind: string, pid: number, pc: number, esr: number, far: bigint, title: string): void {
    if (!this.on) return;
    this.current = { kind, pid, pc, esr, far, title, steps: [], patches: [], ptes: [], rssDelta: 0, cycles: 0, outcome: '' };
  }

  step(text: string): void {
    this.current?.steps.push(text);
  }

  patches(p: Patch[]): void {
    if (this.current) for (const x of p) this.current.patches.push(x);
  }

  pte(va: number, before: bigint, after: bigint): void {
    this.current?.ptes.push({ va, before, after });
  }

  end(outcome: string, rssDelta = 0, cycles = 0): TrapRecord | null {
    const r = this.current;
    if (!r) return null;
    r.outcome = outcome;
    r.rssDelta += rssDelta;
    r.cycles = cycles;
    this.records.push(r);
    if (this.records.length > this.limit) this.records.shift();
    this.current = null;
    return r;
  }
}
