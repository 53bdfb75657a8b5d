// Processes and address spaces (xv6 proc.h): what the kernel keeps per
// process. One thread per process (clone is fork); the scheduler runs one
// process at a time on the single emulated CPU.
//
// Ownership: a Proc owns its CpuState (registers while not running: the
// machine holds the same object while it runs), its Mm (page tables,
// VMAs, RSS) and its fd table entries (each a reference on a File).

import type { CpuState } from '../emulator/cpu-state.ts';
import type { File } from './file.ts';
import type { VmaList } from './vma.ts';

export class Mm {
  /** PA of the L0 table (TTBR0_EL1.BADDR). */
  rootPa: number;
  /** ASID (TTBR0_EL1[63:48]); unique per live address space. */
  asid: number;
  vmas: VmaList = [];
  /** Start of the heap (end of the ELF image, page aligned) and the current break. */
  brkStart = 0;
  brk = 0;
  /** Top of the mmap area (allocation is top-down below it). */
  mmapBase = 0;
  /** Resident anonymous pages (MM_ANONPAGES) and file pages (MM_FILEPAGES: the ELF image). */
  anonPages = 0;
  filePages = 0;
  /** High-water mark of rss in pages (Linux hiwater_rss, updated before RSS drops). */
  hiwaterRss = 0;

  constructor(rootPa: number, asid: number) {
    this.rootPa = rootPa;
    this.asid = asid;
  }

  get rss(): number {
    return this.anonPages + this.filePages;
  }

  /** Record the high-water mark before RSS falls (Linux update_hiwater_rss). */
  updateHiwater(): void {
    if (this.rss > this.hiwaterRss) this.hiwaterRss = this.rss;
  }
}

export interface SigAction {
  /** Handler address (0 = SIG_DFL, 1 = SIG_IGN). */
  handler: bigint;
  flags: number;
  restorer: bigint;
  /** Blocked during the handler (64-bit mask as BigInt). */
  mask: bigint;
}

export interface PendingSignal {
  signo: number;
  code: number;
  /** si_addr for faults (already as the user sees it), or the sender pid for kill. */
  addr: bigint;
  pid: number;
  /** For SIGCHLD: child status. */
  status?: number;
  /** For fault signals: FAR_EL1 as the hardware reported it, tag bits included (for reports; si_addr is `addr`). */
  far?: bigint;
}

export type ProcState = 'runnable' | 'zombie' | 'waiting';

export class Proc {
  readonly pid: number;
  parent: Proc | null;
  state: ProcState = 'runnable';
  readonly cpu: CpuState;
  mm: Mm;
  readonly files: (File | null)[] = [];
  readonly sigactions: SigAction[] = [];
  /** Blocked signals (bit signo-1). */
  sigmask = 0n;
  readonly pending: PendingSignal[] = [];
  /** Exit status as wait4 reports it (exit code << 8, or signal number). */
  exitStatus = 0;
  /** prctl(PR_SET_TAGGED_ADDR_CTRL) value as last set. */
  taggedAddrCtrl = 0;
  /** set_tid_address pointer (cleared on exit). */
  clearChildTid = 0n;
  /** Minor faults (ru_minflt) and the max RSS of waited-for children (RUSAGE_CHILDREN). */
  minflt = 0;
  childMaxRss = 0;
  /** Instructions and cycles spent in user/kernel mode by this process. */
  userInsns = 0;
  /** Waiting in wait4 for this pid (-1 = any). */
  waitFor = 0;
  /** Set when TFSRE0_EL1.TF0 was found set on kernel entry (TIF_MTE_ASYNC_FAULT). */
  mteAsyncFault = false;
  /** Command line (for messages). */
  argv: string[] = [];

  constructor(pid: number, parent: Proc | null, cpu: CpuState, mm: Mm) {
    this.pid = pid;
    this.parent = parent;
    this.cpu = cpu;
    this.mm = mm;
    for (let i = 0; i <= 64; i++) this.sigactions.push({ handler: 0n, flags: 0, restorer: 0n, mask: 0n });
  }
}
