// A digest of the whole emulated state, for checking that reverse
// execution lands on exactly the state the forward run had: every
// process's registers and system registers, the kernel's counters and
// per-process memory accounting (RSS, VMAs, pending signals), the page
// allocator, all of physical memory with its allocation tags, and the
// timing model's cycle counts. `digest` prints it; the tests compare it.

import type { Kernel } from '../../kernel/kernel.ts';
import { CHUNK_SIZE } from '../../emulator/memory.ts';

/** FNV-1a over 32-bit words (fast enough for every backed MiB of memory). */
class Hash {
  h = 0x811c9dc5;
  word(w: number): void {
    this.h = Math.imul(this.h ^ (w | 0), 16777619);
  }
  num(n: number): void {
    this.word(n % 4294967296);
    this.word(Math.floor(n / 4294967296));
  }
  str(s: string): void {
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
    this.word(-1);
  }
  get hex(): string {
    return '0x' + (this.h >>> 0).toString(16).padStart(8, '0');
  }
}

export interface StateDigest {
  /** Registers (general, SIMD, PSTATE, system) of every process. */
  regs: string;
  /** Physical memory: data and allocation tags of every backed chunk. */
  memory: string;
  /** Kernel bookkeeping: counters, mm accounting, VMAs, signals, files, allocator. */
  kernel: string;
  instret: number;
  kernelEntries: number;
  /** Cycles from the timing model (null without one). */
  cycles: number | null;
  rss: number;
  faults: number;
}

const big = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

export function stateDigest(k: Kernel): StateDigest {
  const regs = new Hash();
  const kern = new Hash();
  const procs = [...k.procs.values()].sort((a, b) => a.pid - b.pid);
  let rss = 0;
  for (const p of procs) {
    const s = p.cpu;
    regs.num(p.pid);
    for (const w of s.X) regs.word(w);
    for (const w of s.V) regs.word(w);
    for (const f of ['pc', 'n', 'z', 'c', 'v', 'tco', 'tpidrLo', 'tpidrHi', 'fpcr', 'fpsr', 'sctlrLo', 'sctlrHi', 'tcrLo', 'tcrHi', 'mairLo', 'mairHi', 'ttbr0Base', 'asid', 'gcr', 'rgsr', 'tfsre0'] as const) {
      regs.num(s[f]);
    }
    const mm = p.mm;
    kern.str(JSON.stringify({
      pid: p.pid, state: p.state, parent: p.parent?.pid ?? 0, exit: p.exitStatus, sigmask: p.sigmask, pending: p.pending,
      actions: p.sigactions, tagged: p.taggedAddrCtrl, minflt: p.minflt, childMaxRss: p.childMaxRss, async: p.mteAsyncFault,
      files: p.files.map((f) => (f ? `${f.kind}:${f.refs}:${f.refpage?.id ?? ''}` : null)),
      mm: { root: mm.rootPa, asid: mm.asid, brk: [mm.brkStart, mm.brk], mmapBase: mm.mmapBase, anon: mm.anonPages, file: mm.filePages, hiwater: mm.hiwaterRss, vmas: mm.vmas },
    }, big));
    if (p.state !== 'zombie') rss += mm.rss;
  }
  kern.str(JSON.stringify({ faults: k.faultCounts, syscalls: k.syscallCounts, entries: k.kernelEntries, instret: k.machine.instret, refpages: k.liveRefpages, free: k.pages.freeFrames, cur: k.current?.pid ?? 0 }));
  for (let pfn = 0; pfn < k.pages.nframes; pfn++) {
    const rc = k.pages.refcount[pfn]!;
    if (rc !== 0) {
      kern.num(pfn);
      kern.num(rc);
      kern.num(k.pages.mapcount[pfn]!);
      kern.num(k.pages.flags[pfn]!);
    }
  }
  const mem = new Hash();
  const pm = k.machine.mem;
  for (let pa = 0; pa < pm.size; pa += CHUNK_SIZE) {
    if (!pm.isBacked(pa)) continue;
    mem.num(pa);
    const d = pm.chunkData(pa);
    const w32 = new Int32Array(d.buffer, d.byteOffset, d.byteLength >> 2);
    for (let i = 0; i < w32.length; i++) mem.word(w32[i]!);
    const t = pm.chunkTags(pa);
    for (let i = 0; i < t.length; i++) mem.word(t[i]! & 0xf);
  }
  let faults = 0;
  for (const v of Object.values(k.faultCounts)) faults += v;
  return {
    regs: regs.hex,
    memory: mem.hex,
    kernel: kern.hex,
    instret: k.machine.instret,
    kernelEntries: k.kernelEntries,
    cycles: k.tm ? k.tm.cycles() : null,
    rss,
    faults,
  };
}

export function digestText(d: StateDigest): string {
  const cyc = d.cycles === null ? '' : `  cycles ${d.cycles}`;
  return `digest: regs ${d.regs}  memory ${d.memory}  kernel ${d.kernel}  insn ${d.instret}  entries ${d.kernelEntries}  rss ${d.rss}  faults ${d.faults}${cyc}`;
}
