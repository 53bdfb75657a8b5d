// The core half of the cycle model: when does each instruction issue and
// complete, given its timing class, its register dependencies and what its
// memory accesses cost (from the hierarchy). One object per CPU.
//
// Model ("CPI = 1 unless a dependency, a structural limit or a redirect
// says otherwise"):
// - Dispatch: up to `issueWidth` instructions per cycle, in program order.
//   Out-of-order cores (A75-like) may start an instruction as soon as its
//   sources are ready, limited by a reorder buffer of `robSize` entries
//   (instruction i cannot dispatch before instruction i - robSize retired)
//   and by per-pipe throughput; in-order cores (A55-like) start
//   instructions in order: an instruction never starts before the one
//   before it, and a stalled one stalls the rest (dual issue when both
//   are ready in the same cycle).
// - Scoreboard: each register slot has a ready cycle; a consumer starts at
//   max(dispatch, sources ready). Latencies per class come from the profile;
//   loads use the hierarchy's latency for the access.
// - Retire: in order, up to `issueWidth` per cycle.
// - Stores retire into a store buffer of `storeBuffer` entries that drains
//   in order at the hierarchy's pace; a full buffer stalls retirement.
//   Barriers (DMB/DSB) wait for the buffer to drain; serialising
//   instructions (MSR, ISB, SVC) make the next instruction wait for them.
// - Branches: a 2-bit bimodal predictor per PC, a BTB for indirect
//   targets and a return stack; a mispredicted branch delays the next
//   dispatch until it resolves plus the mispredict penalty.
// Every stall cycle is attributed to one cause for the counters.

import { NZCV_SLOT, TF, TCLASSES } from './tdesc.ts';

// flag bits as plain constants (the hot path should not read object properties)
const F_LOAD = TF.load;
const F_STORE = TF.store;
const F_MEM = TF.load | TF.store;
const F_BRANCH = TF.branch;
const F_BARRIER = TF.barrier;
const F_SERIALIZE = TF.serialize;

export interface CoreProfile {
  /** Clock in MHz (cycles -> seconds). */
  freqMHz: number;
  outOfOrder: boolean;
  issueWidth: number;
  robSize: number;
  storeBuffer: number;
  /** Loads+stores that can start per cycle (AGUs). */
  memPorts: number;
  /** Latency in cycles per timing class (missing classes: 1). */
  latency: Readonly<Record<string, number>>;
  /** Classes that occupy their pipe for their whole latency (unpipelined dividers). */
  unpipelined: readonly string[];
  mispredict: number;
  predictorEntries: number;
  rasDepth: number;
  /** Extra cycles after a serialising instruction (ISB, MSR to a control register). */
  serialize: number;
  /** Cycles for a barrier once the store buffer has drained. */
  barrier: number;
  /** Bytes the L1 write path takes per cycle (store-buffer drain on hits). */
  storeBytesPerCycle: number;
}

export const STALL_CAUSES = ['dependency', 'load', 'robFull', 'storeBuffer', 'mispredict', 'barrier', 'serialize', 'structural', 'fetch'] as const;
export type StallCause = (typeof STALL_CAUSES)[number];
const S_DEP = 0, S_LOAD = 1, S_ROB = 2, S_SB = 3, S_MISP = 4, S_BAR = 5, S_SER = 6, S_STRUCT = 7, S_FETCH = 8;

export class Core {
  readonly p: CoreProfile;
  /** Ready cycle of each register slot (0..31 general, 32..63 vector, 64 NZCV). */
  private readonly ready = new Float64Array(72);
  /** Whether the producer of a slot was a load (for stall attribution). */
  private readonly fromLoad = new Uint8Array(72);
  private readonly lat: Float64Array;
  private readonly unpipelined: Uint8Array;
  // dispatch state
  private dispCycle = 0;
  private dispCount = 0;
  /** In-order cores: the cycle the previous instruction started. */
  private lastStart = 0;
  private startCount = 0;
  // retire state
  private retCycle = 0;
  private retCount = 0;
  private readonly rob: Float64Array;
  private robPos = 0;
  // store buffer: drain completion times, ring
  private readonly sb: Float64Array;
  private sbPos = 0;
  private sbLast = 0;
  // memory ports
  private memCycle = 0;
  private memCount = 0;
  private readonly pipeFree: Float64Array;
  // branch prediction
  private readonly bimodal: Uint8Array;
  private readonly btb: Float64Array;
  private readonly ras: Float64Array;
  private rasTop = 0;
  /** Set by the model before account(): latency of this instruction's memory access, and store drain occupancy. */
  memLatency = 0;
  storeOccupancy = 0;
  /** Cycle at which everything issued so far has retired (the "now" of the CPU). */
  horizon = 0;

  // counters
  instructions = 0;
  branches = 0;
  mispredicts = 0;
  /** Stall cycles by cause (STALL_CAUSES order). */
  private readonly stall = new Float64Array(STALL_CAUSES.length);
  // profile values read on every instruction, kept as fields
  private readonly width: number;
  private readonly ports: number;
  private readonly ooo: boolean;

  get stalls(): Record<StallCause, number> {
    const out = {} as Record<StallCause, number>;
    STALL_CAUSES.forEach((c, i) => (out[c] = this.stall[i]!));
    return out;
  }

  constructor(p: CoreProfile) {
    this.p = p;
    this.width = p.issueWidth;
    this.ports = p.memPorts;
    this.ooo = p.outOfOrder;
    this.lat = Float64Array.from(TCLASSES, (c) => p.latency[c] ?? 1);
    this.unpipelined = Uint8Array.from(TCLASSES, (c) => (p.unpipelined.includes(c) ? 1 : 0));
    this.pipeFree = new Float64Array(TCLASSES.length);
    this.rob = new Float64Array(Math.max(1, p.robSize));
    this.sb = new Float64Array(Math.max(1, p.storeBuffer));
    // predictor tables are indexed by PC bits: a power of two
    const entries = 2 ** Math.round(Math.log2(Math.max(1, p.predictorEntries)));
    this.bimodal = new Uint8Array(entries).fill(1);
    this.btb = new Float64Array(entries).fill(-1);
    this.ras = new Float64Array(Math.max(1, p.rasDepth));
  }

  /** Charge a front-end delay (instruction fetch miss) before the next dispatch. */
  fetchDelay(cycles: number): void {
    if (cycles <= 0) return;
    this.dispCycle += cycles;
    this.dispCount = 0;
    this.stall[S_FETCH] += cycles;
  }

  /**
   * Account one retired instruction. `t`/`at`: its predecoded entry (slots
   * 8..15, see tdesc.ts); pc and nextPc tell whether a branch was taken.
   */
  account(t: Int32Array, at: number, pc: number, nextPc: number): void {
    const cls = t[at + 8]!;
    const flags = t[at + 15]!;
    const width = this.width;
    const stall = this.stall;
    this.instructions++;
    // ---- dispatch slot
    if (this.dispCount >= width) {
      this.dispCycle++;
      this.dispCount = 0;
    }
    let disp = this.dispCycle;
    const robSlot = this.rob[this.robPos]!;
    if (robSlot > disp) {
      stall[S_ROB] += robSlot - disp;
      disp = robSlot;
      this.dispCycle = disp;
      this.dispCount = 0;
    }
    this.dispCount++;
    // ---- operands
    let start = disp;
    let cause = S_DEP;
    const ready = this.ready;
    for (let k = at + 9; k <= at + 12; k++) {
      const r = t[k]!;
      if (r < 0) continue;
      const rdy = ready[r]!;
      if (rdy > start) {
        start = rdy;
        cause = this.fromLoad[r] ? S_LOAD : S_DEP;
      }
    }
    if (!this.ooo) {
      // in order: not before the previous instruction; dual issue in one cycle
      if (start < this.lastStart) start = this.lastStart;
      if (start === this.lastStart) {
        if (this.startCount >= width) {
          start++;
          this.startCount = 1;
        } else this.startCount++;
      } else this.startCount = 1;
    }
    // structural: unpipelined units and memory ports
    const unpiped = this.unpipelined[cls] === 1;
    if (unpiped) {
      const free = this.pipeFree[cls]!;
      if (free > start) {
        stall[S_STRUCT] += free - start;
        start = free;
      }
    }
    if ((flags & F_MEM) !== 0) {
      if (start > this.memCycle) {
        this.memCycle = start;
        this.memCount = 0;
      } else if (this.memCount >= this.ports) {
        this.memCycle++;
        this.memCount = 0;
      }
      if (start < this.memCycle) {
        stall[S_STRUCT] += this.memCycle - start;
        start = this.memCycle;
      }
      this.memCount++;
    }
    if (start > disp) stall[cause] += start - disp;
    if (!this.ooo) {
      this.lastStart = start;
      // a stalled in-order pipeline stalls dispatch too
      if (start > this.dispCycle) {
        this.dispCycle = start;
        this.dispCount = 1;
      }
    }
    // ---- execute
    const base = this.lat[cls]!;
    const latency = (flags & F_LOAD) !== 0 && this.memLatency > base ? this.memLatency : base;
    let complete = start + latency;
    if (unpiped) this.pipeFree[cls] = complete;
    if ((flags & F_BARRIER) !== 0) {
      // wait for the store buffer to drain
      if (this.sbLast > complete) {
        stall[S_BAR] += this.sbLast - complete;
        complete = this.sbLast;
      }
      complete += this.p.barrier;
    }
    const d0 = t[at + 13]!;
    if (d0 >= 0) {
      ready[d0] = complete;
      this.fromLoad[d0] = flags & F_LOAD ? 1 : 0;
      const d1 = t[at + 14]!;
      if (d1 >= 0) {
        ready[d1] = complete;
        this.fromLoad[d1] = flags & F_LOAD ? 1 : 0;
      }
    }
    // ---- retire (in order)
    let ret = complete > this.retCycle ? complete : this.retCycle;
    if (ret === this.retCycle) {
      if (this.retCount >= width) {
        ret++;
        this.retCount = 1;
      } else this.retCount++;
    } else this.retCount = 1;
    if ((flags & F_STORE) !== 0) {
      // a store needs a store-buffer entry to retire into
      const oldest = this.sb[this.sbPos]!;
      if (oldest > ret) {
        stall[S_SB] += oldest - ret;
        ret = oldest;
        this.retCount = 1;
      }
      const drainStart = ret > this.sbLast ? ret : this.sbLast;
      const drained = drainStart + this.storeOccupancy;
      this.sb[this.sbPos] = drained;
      if (++this.sbPos === this.sb.length) this.sbPos = 0;
      this.sbLast = drained;
    }
    this.retCycle = ret;
    this.rob[this.robPos] = ret;
    if (++this.robPos === this.rob.length) this.robPos = 0;
    if (ret > this.horizon) this.horizon = ret;
    // ---- control flow
    if ((flags & F_BRANCH) !== 0) this.branch(flags, pc, nextPc, complete);
    if ((flags & F_SERIALIZE) !== 0) {
      const next = ret + this.p.serialize;
      if (next > this.dispCycle) stall[S_SER] += next - this.dispCycle;
      this.redirect(next);
    }
    this.memLatency = 0;
    this.storeOccupancy = 0;
  }

  private branch(flags: number, pc: number, nextPc: number, resolve: number): void {
    this.branches++;
    const taken = nextPc !== pc + 4;
    const idx = (pc >>> 2) & (this.bimodal.length - 1);
    let correct: boolean;
    if (flags & TF.ret) {
      // return stack
      const top = this.rasTop > 0 ? this.ras[(this.rasTop - 1) % this.ras.length]! : -1;
      if (this.rasTop > 0) this.rasTop--;
      correct = top === nextPc;
    } else if (flags & TF.indirect) {
      correct = this.btb[idx] === nextPc;
      this.btb[idx] = nextPc;
    } else if (flags & TF.conditional) {
      const c = this.bimodal[idx]!;
      correct = (c >= 2) === taken;
      this.bimodal[idx] = taken ? (c < 3 ? c + 1 : 3) : c > 0 ? c - 1 : 0;
    } else {
      correct = true; // direct unconditional: target known at decode
    }
    if (flags & TF.call) {
      this.ras[this.rasTop % this.ras.length] = pc + 4;
      this.rasTop++;
    }
    if (!correct) {
      this.mispredicts++;
      const next = resolve + this.p.mispredict;
      if (next > this.dispCycle) this.stall[S_MISP] += next - this.dispCycle;
      this.redirect(next);
    }
  }

  /** The next instruction cannot dispatch before `cycle`. */
  private redirect(cycle: number): void {
    if (cycle > this.dispCycle) {
      this.dispCycle = cycle;
      this.dispCount = 0;
      if (!this.p.outOfOrder) {
        this.lastStart = cycle;
        this.startCount = 0;
      }
    }
  }

  /**
   * Drain the pipeline (exception entry): everything in flight retires and
   * the store buffer empties. Returns the cycle at which the CPU is idle.
   */
  drain(): number {
    const t = Math.max(this.horizon, this.sbLast, this.dispCycle);
    this.horizon = t;
    return t;
  }

  /** Resume dispatching at `cycle` (exception return): a clean pipeline. */
  resume(cycle: number): void {
    this.dispCycle = cycle;
    this.dispCount = 0;
    this.lastStart = cycle;
    this.startCount = 0;
    this.retCycle = cycle;
    this.retCount = 0;
    this.memCycle = cycle;
    this.memCount = 0;
    this.horizon = cycle;
    this.sbLast = Math.max(this.sbLast, cycle);
    this.ready.fill(cycle);
    this.rob.fill(0);
    this.sb.fill(0);
    this.pipeFree.fill(0);
  }

  get flagSlot(): number {
    return NZCV_SLOT;
  }

  /**
   * When the store buffer finishes draining what it holds: a store issued
   * now reaches the cache no earlier than this (the model asks the
   * hierarchy for a store's occupancy at that time, not at the horizon).
   */
  get storeDrainAt(): number {
    return this.sbLast;
  }
}
