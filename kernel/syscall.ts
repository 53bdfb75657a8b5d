// System calls: a table from arm64 syscall number to handler (xv6
// syscall.c). Arguments come in x0-x5, the number in x8, the result goes to
// x0 as a value or -errno. Adding a syscall touches four places (see
// docs/kernel.md): the number in abi.ts, a handler here, a user stub in a
// program, a test.

import {
  E, MADV_DONTNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, MAP_TYPE,
  PR_GET_TAGGED_ADDR_CTRL, PR_MTE_TAG_MASK, PR_MTE_TCF_MASK, PR_SET_TAGGED_ADDR_CTRL,
  PR_TAGGED_ADDR_ENABLE, PROT_EXEC, PROT_MTE, PROT_READ, PROT_WRITE, SI, SYS,
} from './abi.ts';
import type { Kernel } from './kernel.ts';
import { MMAP_MIN_ADDR, PAGE_SIZE, TASK_SIZE, pageUp } from './layout.ts';
import { Desc, descAddr, descValid, makeUserPte, nextAfterMiss, pteSpecial, pteWritable } from './pagetable.ts';
import type { Proc } from './proc.ts';
import { sysRefpageCreate } from './refpage.ts';
import { sendSignal, sysRtSigaction, sysRtSigprocmask } from './signal.ts';
import { copyIn, copyOut, flushTlbRange, readPte, uaccessOk, userPa, zapRange } from './vm.ts';
import { findGapTopDown, insertVma, modifyRange, rangeFree, type Vma } from './vma.ts';
import { PG } from './kalloc.ts';

/** A handler gets the six argument registers as BigInts; returns the x0 value (bigint or number), or 'noreturn'. */
export type SyscallHandler = (k: Kernel, p: Proc, a: readonly bigint[]) => bigint | number | 'noreturn';

const i32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
/**
 * untagged_addr: bits 63:56 become copies of bit 55. munmap, mprotect and
 * madvise untag their address (Linux >= 5.4, whatever the tagged address ABI
 * setting); mmap and brk do not (tagged-address-abi.rst).
 */
const untagged = (v: bigint): bigint => BigInt.asUintN(64, BigInt.asIntN(56, v));

export const SYSCALLS: Record<number, { name: string; fn: SyscallHandler }> = {
  [SYS.read]: { name: 'read', fn: (k, p, a) => sysRead(k, p, i32(a[0]!), a[1]!, a[2]!) },
  [SYS.write]: { name: 'write', fn: (k, p, a) => sysWrite(k, p, i32(a[0]!), a[1]!, a[2]!) },
  [SYS.close]: { name: 'close', fn: (k, p, a) => k.closeFd(p, i32(a[0]!)) },
  [SYS.exit]: { name: 'exit', fn: (k, p, a) => { k.exitProc(p, (i32(a[0]!) & 0xff) << 8); return 'noreturn'; } },
  [SYS.exit_group]: { name: 'exit_group', fn: (k, p, a) => { k.exitProc(p, (i32(a[0]!) & 0xff) << 8); return 'noreturn'; } },
  [SYS.set_tid_address]: { name: 'set_tid_address', fn: (_k, p, a) => { p.clearChildTid = a[0]!; return p.pid; } },
  [SYS.nanosleep]: { name: 'nanosleep', fn: () => 0 },
  [SYS.clock_gettime]: { name: 'clock_gettime', fn: (k, _p, a) => sysClockGettime(k, i32(a[0]!), a[1]!) },
  [SYS.sched_yield]: { name: 'sched_yield', fn: (k) => { k.yieldRequested = true; return 0; } },
  [SYS.kill]: { name: 'kill', fn: (k, p, a) => sysKill(k, p, i32(a[0]!), i32(a[1]!), SI.SI_USER) },
  [SYS.tgkill]: { name: 'tgkill', fn: (k, p, a) => (i32(a[0]!) !== i32(a[1]!) ? -E.ESRCH : sysKill(k, p, i32(a[1]!), i32(a[2]!), SI.SI_TKILL)) },
  [SYS.rt_sigaction]: { name: 'rt_sigaction', fn: (k, p, a) => sysRtSigaction(k, p, i32(a[0]!), a[1]!, a[2]!, a[3]!) },
  [SYS.rt_sigprocmask]: { name: 'rt_sigprocmask', fn: (k, p, a) => sysRtSigprocmask(k, p, i32(a[0]!), a[1]!, a[2]!, a[3]!) },
  [SYS.rt_sigreturn]: { name: 'rt_sigreturn', fn: (k, p) => k.sigreturn(p) },
  [SYS.uname]: { name: 'uname', fn: (k, _p, a) => sysUname(k, a[0]!) },
  [SYS.getrusage]: { name: 'getrusage', fn: (k, p, a) => sysGetrusage(k, p, i32(a[0]!), a[1]!) },
  [SYS.prctl]: { name: 'prctl', fn: (k, p, a) => sysPrctl(k, p, i32(a[0]!), a[1]!, a[2]!, a[3]!, a[4]!) },
  [SYS.getpid]: { name: 'getpid', fn: (_k, p) => p.pid },
  [SYS.getppid]: { name: 'getppid', fn: (_k, p) => p.parent?.pid ?? 0 },
  [SYS.gettid]: { name: 'gettid', fn: (_k, p) => p.pid },
  [SYS.brk]: { name: 'brk', fn: (k, p, a) => sysBrk(k, p, a[0]!) },
  [SYS.munmap]: { name: 'munmap', fn: (k, p, a) => sysMunmap(k, p, untagged(a[0]!), a[1]!) },
  [SYS.clone]: { name: 'clone', fn: (k, p, a) => k.fork(p, a[0]!, a[1]!) },
  [SYS.mmap]: { name: 'mmap', fn: (k, p, a) => sysMmap(k, p, a[0]!, a[1]!, i32(a[2]!), i32(a[3]!), i32(a[4]!), a[5]!) },
  [SYS.mprotect]: { name: 'mprotect', fn: (k, p, a) => sysMprotect(k, p, untagged(a[0]!), a[1]!, i32(a[2]!)) },
  [SYS.madvise]: { name: 'madvise', fn: (k, p, a) => sysMadvise(k, p, untagged(a[0]!), a[1]!, i32(a[2]!)) },
  [SYS.wait4]: { name: 'wait4', fn: (k, p, a) => k.wait4(p, i32(a[0]!), a[1]!, i32(a[2]!), a[3]!) },
  [SYS.refpage_create]: { name: 'refpage_create', fn: (k, p, a) => sysRefpageCreate(k, p, a[0]!, a[1]!, a[2]!) },
};

// ---------------------------------------------------------------- console I/O

function sysWrite(k: Kernel, p: Proc, fd: number, buf: bigint, count: bigint): number {
  const f = p.files[fd];
  if (!f || (f.kind !== 'console-out' && f.kind !== 'console-err')) return -E.EBADF;
  const n = Number(count > 1n << 20n ? 1n << 20n : count);
  const bytes = copyIn(k, buf, n);
  if (!bytes) return -E.EFAULT;
  k.console.write(f.kind === 'console-out' ? 1 : 2, bytes);
  return n;
}

function sysRead(k: Kernel, p: Proc, fd: number, buf: bigint, count: bigint): number {
  const f = p.files[fd];
  if (!f || f.kind !== 'console-in') return -E.EBADF;
  // Like a pipe read, consume only what can be copied: the writable prefix
  // of the buffer bounds the read (EFAULT, nothing consumed, if it is empty)
  let n = Number(count > 1n << 20n ? 1n << 20n : count);
  if (n > 0 && !uaccessOk(k, buf)) return -E.EFAULT;
  for (let off = 0; off < n; ) {
    if (userPa(k, buf + BigInt(off), true) < 0) {
      if (off === 0) return -E.EFAULT;
      n = off;
      break;
    }
    off += PAGE_SIZE - Number((buf + BigInt(off)) % BigInt(PAGE_SIZE));
  }
  const data = k.console.read(n);
  if (!copyOut(k, buf, data)) return -E.EFAULT;
  return data.length;
}

// ---------------------------------------------------------------- memory

function pageAligned(v: bigint): boolean {
  return v % BigInt(PAGE_SIZE) === 0n;
}

/** mmap(addr, length, prot, flags, fd, offset) for anonymous and refpage mappings. */
function sysMmap(k: Kernel, p: Proc, addr: bigint, length: bigint, prot: number, flags: number, fd: number, off: bigint): bigint | number {
  const mm = p.mm;
  if (length === 0n) return -E.EINVAL;
  if (length > BigInt(TASK_SIZE)) return -E.ENOMEM;
  const len = pageUp(Number(length));
  if (!pageAligned(off)) return -E.EINVAL;
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_MTE)) return -E.EINVAL;
  const type = flags & MAP_TYPE;
  if (type !== MAP_SHARED && type !== MAP_PRIVATE) return -E.EINVAL;
  let refpage: number | undefined;
  if (!(flags & MAP_ANONYMOUS)) {
    const f = p.files[fd];
    if (!f) return -E.EBADF;
    // do_mmap: a private map needs a readable file (EACCES), then an mmap method (ENODEV)
    if (f.kind !== 'refpage') return f.kind === 'console-in' ? -E.ENODEV : -E.EACCES;
    // The refpage fd is O_RDONLY and mapping it shared is meaningless: we reject MAP_SHARED outright.
    if (type === MAP_SHARED) return -E.EINVAL;
    refpage = f.refpage!.id;
  }
  let start: number;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (!pageAligned(addr)) return -E.EINVAL;
    start = Number(addr);
    if (start + len > TASK_SIZE) return -E.ENOMEM;
    // below vm.mmap_min_addr: EPERM for a process without CAP_SYS_RAWIO (security_mmap_addr)
    if (start < MMAP_MIN_ADDR) return -E.EPERM;
    if (!rangeFree(mm.vmas, start, start + len)) {
      if (flags & MAP_FIXED_NOREPLACE) return -E.EEXIST;
      unmapRange(k, p, start, start + len);
    }
  } else {
    const hint = pageUp(Number(addr & 0xffffffffffffn));
    if (hint >= MMAP_MIN_ADDR && hint + len <= mm.mmapBase && rangeFree(mm.vmas, hint, hint + len)) start = hint;
    else {
      start = findGapTopDown(mm.vmas, len, Math.max(MMAP_MIN_ADDR, mm.brk), mm.mmapBase);
      if (start < 0) return -E.ENOMEM;
    }
  }
  k.km.event('mmapPath');
  const vma: Vma = {
    start, end: start + len, prot, shared: type === MAP_SHARED, kind: refpage !== undefined ? 'refpage' : 'anon',
    anonVma: false, growsDown: false, name: refpage !== undefined ? '[refpage]' : type === MAP_SHARED ? '[anon shared]' : '[anon]',
    ...(refpage !== undefined ? { refpage } : {}),
  };
  if (refpage !== undefined) k.refpageFile(refpage).refs++;
  const ch = insertVma(mm.vmas, vma);
  mm.vmas = ch.list;
  k.log.patches(ch.patches);
  if (k.log.on) k.log.step(`new VMA [0x${start.toString(16)}-0x${(start + len).toString(16)}) ${vma.name}`);
  if (flags & MAP_POPULATE) {
    // populate_vma_page_range: stop at the first page that cannot be faulted in (out of memory)
    for (let va = start; va < start + len; va += PAGE_SIZE) if (!k.handleUserFault(BigInt(va), (prot & PROT_WRITE) !== 0)) break;
  }
  return BigInt(start);
}

/** Remove [start, end) from the address space: zap PTEs, drop VMAs and their file references. */
export function unmapRange(k: Kernel, p: Proc, start: number, end: number): void {
  const mm = p.mm;
  const ch = modifyRange(mm.vmas, start, end, () => null);
  for (const part of ch.parts) zapRange(k, mm, part.start, part.end);
  mm.vmas = ch.list;
  k.log.patches(ch.patches);
  getSplitRefs(k, ch.remnants);
  for (const part of ch.parts) if (part.refpage !== undefined) k.putRefpageFile(part.refpage);
}

/** Each VMA holds a reference on its refpage file: a split makes new VMAs, which take one each. */
function getSplitRefs(k: Kernel, remnants: readonly Vma[]): void {
  for (const r of remnants) if (r.refpage !== undefined) k.refpageFile(r.refpage).refs++;
}

function sysMunmap(k: Kernel, p: Proc, addr: bigint, length: bigint): number {
  if (!pageAligned(addr) || length === 0n) return -E.EINVAL;
  const start = Number(addr);
  // Linux: start > TASK_SIZE or len > TASK_SIZE - start is EINVAL (a huge length must not unmap the stack)
  if (start >= TASK_SIZE || length > BigInt(TASK_SIZE - start)) return -E.EINVAL;
  const end = Math.min(TASK_SIZE, start + pageUp(Number(length)));
  k.km.event('munmapPath');
  k.km.event('iterExtra');
  unmapRange(k, p, start, end);
  if (k.log.on) k.log.step(`unmap [0x${start.toString(16)}-0x${end.toString(16)})`);
  return 0;
}

const d = new Desc();

function sysMprotect(k: Kernel, p: Proc, addr: bigint, length: bigint, prot: number): number {
  const mm = p.mm;
  if (!pageAligned(addr)) return -E.EINVAL;
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_MTE)) return -E.EINVAL;
  const start = Number(addr);
  const end = start + pageUp(Number(length));
  if (end === start) return 0;
  // do_mprotect_pkey: start must be mapped (else ENOMEM, nothing changed);
  // the VMAs are then changed in order up to the first hole, which gives
  // ENOMEM with the part before it already changed. (The PROT_MTE check is
  // made for the whole mapped part first: Linux makes it VMA by VMA.)
  let cursor = start;
  for (const v of mm.vmas) {
    if (v.end <= cursor || v.start >= end) continue;
    if (v.start > cursor) break;
    cursor = v.end;
  }
  if (cursor === start) return -E.ENOMEM;
  const stop = Math.min(cursor, end);
  for (const v of mm.vmas) {
    if (v.end > start && v.start < stop && prot & PROT_MTE && v.kind !== 'anon' && v.kind !== 'refpage' && v.kind !== 'heap' && v.kind !== 'stack') return -E.EINVAL;
  }
  const ch = modifyRange(mm.vmas, start, stop, (part) => ({ ...part, prot: prot | (part.prot & PROT_MTE) }));
  mm.vmas = ch.list;
  k.log.patches(ch.patches);
  getSplitRefs(k, ch.remnants);
  // rewrite present PTEs with the new permissions (never granting write: that comes from faults)
  for (const part of ch.parts) {
    const newProt = prot | (part.prot & PROT_MTE);
    for (let va = part.start; va < part.end; va += PAGE_SIZE) {
      const slot = readPte(k, mm, va, d);
      if (slot < 0) {
        va = nextAfterMiss(va) - PAGE_SIZE;
        continue;
      }
      if (!descValid(d)) continue;
      const pa = descAddr(d);
      const special = pteSpecial(d);
      const tagged = (newProt & PROT_MTE) !== 0;
      if (tagged && !special && !k.pages.isTagged(pa / PAGE_SIZE)) {
        k.km.clearTagsPage(pa);
        k.pages.flags[pa / PAGE_SIZE]! |= PG.mteTagged;
      }
      makeUserPte(d, pa, { write: (newProt & PROT_WRITE) !== 0 && pteWritable(d), exec: (newProt & PROT_EXEC) !== 0, tagged }, special);
      if (!(newProt & (PROT_READ | PROT_WRITE | PROT_EXEC))) d.lo &= ~(1 << 6); // PROT_NONE: no EL0 access
      k.km.writeDesc(slot, d);
    }
    flushTlbRange(k, mm, part.start, part.end);
  }
  return stop < end ? -E.ENOMEM : 0;
}

function sysMadvise(k: Kernel, p: Proc, addr: bigint, length: bigint, advice: number): number {
  if (!pageAligned(addr)) return -E.EINVAL;
  const start = Number(addr);
  const end = start + pageUp(Number(length));
  if (advice === MADV_DONTNEED) {
    for (const v of p.mm.vmas) {
      if (v.end <= start || v.start >= end) continue;
      zapRange(k, p.mm, Math.max(v.start, start), Math.min(v.end, end));
    }
    if (k.log.on) k.log.step(`MADV_DONTNEED [0x${start.toString(16)}-0x${end.toString(16)}): PTEs zapped; next access faults again`);
    return 0;
  }
  // other advice is a hint we are free to ignore (MADV_NORMAL .. MADV_WILLNEED, MADV_FREE...)
  return advice >= 0 && advice <= 100 ? 0 : -E.EINVAL;
}

function sysBrk(k: Kernel, p: Proc, addr: bigint): bigint {
  const mm = p.mm;
  const want = Number(addr & 0xffffffffffffn);
  if (want < mm.brkStart) return BigInt(mm.brk);
  const oldEnd = pageUp(mm.brk);
  const newEnd = pageUp(want);
  if (newEnd > oldEnd) {
    if (!rangeFree(mm.vmas, oldEnd, newEnd)) return BigInt(mm.brk);
    const heap = mm.vmas.find((v) => v.kind === 'heap');
    if (heap) mm.vmas = modifyRange(mm.vmas, heap.start, heap.end, (x) => ({ ...x, end: newEnd })).list;
    else mm.vmas = insertVma(mm.vmas, { start: mm.brkStart, end: newEnd, prot: PROT_READ | PROT_WRITE, shared: false, kind: 'heap', anonVma: false, growsDown: false, name: '[heap]' }).list;
  } else if (newEnd < oldEnd) {
    unmapRange(k, p, newEnd, oldEnd);
    const heap = mm.vmas.find((v) => v.kind === 'heap');
    if (!heap && newEnd > mm.brkStart) {
      mm.vmas = insertVma(mm.vmas, { start: mm.brkStart, end: newEnd, prot: PROT_READ | PROT_WRITE, shared: false, kind: 'heap', anonVma: true, growsDown: false, name: '[heap]' }).list;
    }
  }
  mm.brk = want;
  return BigInt(want);
}

// ---------------------------------------------------------------- process facts

function sysPrctl(k: Kernel, p: Proc, option: number, arg2: bigint, arg3: bigint, arg4: bigint, arg5: bigint): number | bigint {
  if (option === PR_SET_TAGGED_ADDR_CTRL) {
    if (arg3 !== 0n || arg4 !== 0n || arg5 !== 0n) return -E.EINVAL;
    const v = Number(arg2 & 0xffffffffn);
    if (arg2 >> 32n !== 0n || v & ~(PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_MASK | PR_MTE_TAG_MASK)) return -E.EINVAL;
    p.taggedAddrCtrl = v;
    k.applyTaggedAddrCtrl(p);
    return 0;
  }
  if (option === PR_GET_TAGGED_ADDR_CTRL) {
    if (arg2 !== 0n || arg3 !== 0n || arg4 !== 0n || arg5 !== 0n) return -E.EINVAL;
    return p.taggedAddrCtrl;
  }
  return -E.EINVAL;
}


function sysGetrusage(k: Kernel, p: Proc, who: number, usage: bigint): number {
  // RUSAGE_SELF 0, RUSAGE_CHILDREN -1, RUSAGE_THREAD 1 (one thread per process: the same as SELF)
  if (who !== 0 && who !== -1 && who !== 1) return -E.EINVAL;
  if (who === 1) who = 0;
  const b = new DataView(new ArrayBuffer(144));
  const ns = k.clockNs();
  const us = who === 0 ? BigInt(Math.floor(ns / 1000)) : 0n;
  b.setBigInt64(0, us / 1_000_000n, true);
  b.setBigInt64(8, us % 1_000_000n, true);
  const maxrssPages = who === 0 ? Math.max(p.mm.hiwaterRss, p.mm.rss) : p.childMaxRss;
  b.setBigInt64(32, BigInt(maxrssPages * (PAGE_SIZE / 1024)), true);
  b.setBigInt64(64, BigInt(who === 0 ? p.minflt : 0), true);
  if (!copyOut(k, usage, new Uint8Array(b.buffer))) return -E.EFAULT;
  return 0;
}

function sysClockGettime(k: Kernel, clk: number, tp: bigint): number {
  // 0-9 and 11 (CLOCK_TAI); 10 was CLOCK_SGI_CYCLE, removed (EINVAL, as Linux)
  if (clk < 0 || clk > 11 || clk === 10) return -E.EINVAL;
  const ns = BigInt(Math.floor(k.clockNs()));
  const b = new DataView(new ArrayBuffer(16));
  b.setBigInt64(0, ns / 1_000_000_000n, true);
  b.setBigInt64(8, ns % 1_000_000_000n, true);
  if (!copyOut(k, tp, new Uint8Array(b.buffer))) return -E.EFAULT;
  return 0;
}

function sysUname(k: Kernel, buf: bigint): number {
  const fields = ['Linux', 'mtemu', '5.15.0-refpage-v5', '#1 SMP mtemu', 'aarch64', '(none)'];
  const out = new Uint8Array(65 * 6);
  fields.forEach((f, i) => out.set(new TextEncoder().encode(f), i * 65));
  return copyOut(k, buf, out) ? 0 : -E.EFAULT;
}

function sysKill(k: Kernel, p: Proc, pid: number, sig: number, code: number): number {
  if (sig < 0 || sig > 64) return -E.EINVAL;
  const target = pid === 0 || pid === -1 ? p : k.procs.get(pid);
  if (!target || target.state === 'zombie') return -E.ESRCH;
  if (sig === 0) return 0;
  sendSignal(target, { signo: sig, code, addr: 0n, pid: p.pid });
  if (target.state === 'waiting') target.state = 'runnable';
  return 0;
}

