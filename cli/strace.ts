// `mtemu run --strace`: one line per system call and per signal taken, in
// qemu-aarch64 -strace's format (qemu 7.2 linux-user/strace.c and
// strace.list), so that the two traces can be read, and diffed, the same way:
//
//   1 mmap(NULL,4096,PROT_READ|PROT_WRITE|0x20,MAP_PRIVATE|MAP_ANONYMOUS,-1,0) = 0x0000ffffbf7fe000
//   1 mprotect(0x0000ffffbf7fe001,4096,PROT_READ) = -1 errno=22 (Invalid argument)
//   --- SIGSEGV {si_signo=SIGSEGV, si_code=9, si_addr=0x0000ffffbf7fe000} ---
//
// Each syscall has the argument printer qemu uses for it; syscalls qemu
// prints generically come out as six decimal arguments, as qemu does (e.g.
// `prctl(55,7,0,0,0,0)`). Differences from qemu: the whole line is printed
// after the call returns (qemu prints the name and arguments first, so a
// write's text can land in the middle of its line); refpage_create, which
// qemu does not know, has its own printer; an unknown syscall prints
// `Unknown syscall N = -1 errno=38 (...)` where qemu stops after the number;
// rt_sigreturn, exit and exit_group print no result (qemu prints
// rt_sigreturn's as `-1 errno=513`, its internal "restart" marker).

import type { PendingSignal } from '../kernel/proc.ts';
import { SIGNAMES } from '../kernel/signal.ts';

/** Host strerror() texts (glibc) for the errnos the kernel returns; qemu prints these. */
export const ERRNO_TEXT: Record<number, [name: string, text: string]> = {
  1: ['EPERM', 'Operation not permitted'],
  2: ['ENOENT', 'No such file or directory'],
  3: ['ESRCH', 'No such process'],
  4: ['EINTR', 'Interrupted system call'],
  9: ['EBADF', 'Bad file descriptor'],
  10: ['ECHILD', 'No child processes'],
  11: ['EAGAIN', 'Resource temporarily unavailable'],
  12: ['ENOMEM', 'Cannot allocate memory'],
  13: ['EACCES', 'Permission denied'],
  14: ['EFAULT', 'Bad address'],
  17: ['EEXIST', 'File exists'],
  22: ['EINVAL', 'Invalid argument'],
  24: ['EMFILE', 'Too many open files'],
  38: ['ENOSYS', 'Function not implemented'],
  95: ['EOPNOTSUPP', 'Operation not supported'],
};

/** How one argument is printed (qemu's print_* helpers). */
type Arg =
  | 'd' // signed decimal (int)
  | 'ld' // signed decimal (long)
  | 'x' // %#x: 0x... unpadded
  | 'p' // print_pointer: 0x%016x or NULL
  | 'pnil' // %p: 0x... or (nil)
  | 'prot'
  | 'mapflags'
  | 'sig'
  | 'clock'
  | 'madv'
  | 'how';

interface Spec {
  name: string;
  args: Arg[];
  /** Result as an address (print_syscall_ret_addr: 0x%016x). */
  retAddr?: boolean;
  /** Custom argument text (clone). */
  custom?: (a: readonly bigint[]) => string;
}

const GENERIC: Arg[] = ['ld', 'ld', 'ld', 'ld', 'ld', 'ld'];

/** By arm64 syscall number; only those the mini-kernel implements (kernel/syscall.ts). */
const SPECS: Record<number, Spec> = {
  57: { name: 'close', args: ['d'] },
  63: { name: 'read', args: ['d', 'x', 'd'] },
  64: { name: 'write', args: ['d', 'x', 'd'] },
  93: { name: 'exit', args: ['d'] },
  94: { name: 'exit_group', args: ['d'] },
  96: { name: 'set_tid_address', args: GENERIC },
  101: { name: 'nanosleep', args: ['p', 'p'] },
  113: { name: 'clock_gettime', args: ['clock', 'p'] },
  124: { name: 'sched_yield', args: [] },
  129: { name: 'kill', args: ['d', 'sig'] },
  131: { name: 'tgkill', args: ['d', 'd', 'sig'] },
  134: { name: 'rt_sigaction', args: ['sig', 'p', 'p'] },
  135: { name: 'rt_sigprocmask', args: ['how', 'p', 'p'] },
  139: { name: 'rt_sigreturn', args: GENERIC },
  160: { name: 'uname', args: ['pnil'] },
  165: { name: 'getrusage', args: GENERIC },
  167: { name: 'prctl', args: GENERIC },
  172: { name: 'getpid', args: [] },
  173: { name: 'getppid', args: [] },
  178: { name: 'gettid', args: [] },
  214: { name: 'brk', args: ['p'], retAddr: true },
  215: { name: 'munmap', args: ['p', 'ld'] },
  220: {
    name: 'clone',
    args: [],
    custom: (a) => `${cloneFlags(a[0]!)},child_stack=${ptr(a[1]!)},parent_tidptr=${ptr(a[2]!)},tls=${ptr(a[3]!)},child_tidptr=${ptr(a[4]!)}`,
  },
  222: { name: 'mmap', args: ['p', 'ld', 'prot', 'mapflags', 'd', 'ld'], retAddr: true },
  226: { name: 'mprotect', args: ['p', 'ld', 'prot'] },
  233: { name: 'madvise', args: ['p', 'ld', 'madv'] },
  260: { name: 'wait4', args: GENERIC },
  448: { name: 'refpage_create', args: ['p', 'd', 'x'] },
};

const hex = (v: bigint): string => v.toString(16);
/** print_pointer: NULL or 0x%016x. */
const ptr = (v: bigint): string => (v === 0n ? 'NULL' : '0x' + hex(BigInt.asUintN(64, v)).padStart(16, '0'));

/** print_flags: names of the set bits, then any remaining bits in hex, joined by '|'. */
function flags(v: number, names: [number, string][], zero?: string): string {
  if (v === 0 && zero !== undefined) return zero;
  const out: string[] = [];
  let rest = v >>> 0;
  for (const [bit, name] of names) {
    if (bit !== 0 && (rest & bit) === bit) {
      out.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest !== 0 || out.length === 0) out.push('0x' + rest.toString(16));
  return out.join('|');
}

const PROT: [number, string][] = [[1, 'PROT_READ'], [2, 'PROT_WRITE'], [4, 'PROT_EXEC']];
// qemu 7.2 knows no PROT_MTE name: it prints 0x20, as in its -strace output

function mmapFlags(v: number): string {
  const type = v & 0xf;
  const typeName = { 1: 'MAP_SHARED', 2: 'MAP_PRIVATE', 3: 'MAP_SHARED_VALIDATE' }[type];
  const rest = flags(v & ~0xf, [
    // qemu 7.2's mmap_flags order (it has no name for MAP_STACK, MAP_HUGETLB, MAP_FIXED_NOREPLACE)
    [0x20, 'MAP_ANONYMOUS'], [0x800, 'MAP_DENYWRITE'], [0x10, 'MAP_FIXED'], [0x100, 'MAP_GROWSDOWN'],
    [0x1000, 'MAP_EXECUTABLE'], [0x2000, 'MAP_LOCKED'], [0x10000, 'MAP_NONBLOCK'], [0x4000, 'MAP_NORESERVE'],
    [0x8000, 'MAP_POPULATE'],
  ]);
  const parts = [typeName ?? (type ? '0x' + type.toString(16) : undefined), (v & ~0xf) !== 0 ? rest : undefined].filter((x) => x !== undefined);
  return parts.length ? parts.join('|') : '0x0';
}

function cloneFlags(v: bigint): string {
  const n = Number(v & 0xffffffffn);
  const names: [number, string][] = [
    [0x100, 'CLONE_VM'], [0x200, 'CLONE_FS'], [0x400, 'CLONE_FILES'], [0x800, 'CLONE_SIGHAND'], [0x2000, 'CLONE_PTRACE'],
    [0x4000, 'CLONE_VFORK'], [0x8000, 'CLONE_PARENT'], [0x10000, 'CLONE_THREAD'], [0x40000, 'CLONE_SYSVSEM'],
    [0x80000, 'CLONE_SETTLS'], [0x100000, 'CLONE_PARENT_SETTID'], [0x200000, 'CLONE_CHILD_CLEARTID'],
    [0x1000000, 'CLONE_CHILD_SETTID'],
  ];
  return flags(n, names);
}

const CLOCKS = ['CLOCK_REALTIME', 'CLOCK_MONOTONIC', 'CLOCK_PROCESS_CPUTIME_ID', 'CLOCK_THREAD_CPUTIME_ID', 'CLOCK_MONOTONIC_RAW', 'CLOCK_REALTIME_COARSE', 'CLOCK_MONOTONIC_COARSE', 'CLOCK_BOOTTIME', 'CLOCK_REALTIME_ALARM', 'CLOCK_BOOTTIME_ALARM', 'CLOCK_SGI_CYCLE', 'CLOCK_TAI'];
const MADV: Record<number, string> = { 0: 'MADV_NORMAL', 1: 'MADV_RANDOM', 2: 'MADV_SEQUENTIAL', 3: 'MADV_WILLNEED', 4: 'MADV_DONTNEED', 8: 'MADV_FREE' };

/** print_signal: the name, or the number. */
export function signalName(n: number): string {
  return SIGNAMES[n] ?? String(n);
}

function arg(kind: Arg, v: bigint): string {
  const i32 = Number(BigInt.asIntN(32, v));
  switch (kind) {
    case 'd': return String(i32);
    case 'ld': return BigInt.asIntN(64, v).toString();
    case 'x': return v === 0n ? '0' : '0x' + hex(BigInt.asUintN(64, v));
    case 'p': return ptr(v);
    case 'pnil': return v === 0n ? '(nil)' : '0x' + hex(BigInt.asUintN(64, v));
    case 'prot': return flags(i32, PROT, 'PROT_NONE');
    case 'mapflags': return mmapFlags(i32);
    case 'sig': return signalName(i32);
    case 'clock': return CLOCKS[i32] ?? '0x' + (i32 >>> 0).toString(16);
    case 'madv': return MADV[i32] ?? String(i32);
    case 'how': return ['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'][i32] ?? String(i32);
  }
}

/** ` = value` or ` = -1 errno=N (text)`. */
function result(ret: bigint, addr: boolean): string {
  const s = BigInt.asIntN(64, ret);
  if (s < 0n && s >= -4095n) {
    const e = Number(-s);
    return ` = -1 errno=${e} (${ERRNO_TEXT[e]?.[1] ?? `Unknown error ${e}`})`;
  }
  return addr ? ` = 0x${hex(BigInt.asUintN(64, ret)).padStart(16, '0')}` : ` = ${s}`;
}

/** Reads guest memory for result printers (undefined when unmapped). */
export type Peek = (addr: bigint, len: number) => Uint8Array | undefined;

/** What qemu appends after a successful result: clock_gettime's timespec. */
function resultDetail(nr: number, args: readonly bigint[], ret: bigint, peek?: Peek): string {
  if (nr !== 113 || ret !== 0n || !peek) return '';
  const b = peek(args[1]!, 16);
  if (!b) return '';
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  return ` ({tv_sec = ${dv.getBigInt64(0, true)},tv_nsec = ${dv.getBigInt64(8, true)}})`;
}

/**
 * One -strace line (no newline) for a syscall that returned `ret`
 * ('noreturn' for exit, exit_group, rt_sigreturn). `peek` reads the
 * guest's memory for results qemu prints (clock_gettime's timespec).
 */
export function formatSyscall(pid: number, nr: number, args: readonly bigint[], ret: bigint | 'noreturn', peek?: Peek): string {
  const spec = SPECS[nr];
  if (!spec) return `${pid} Unknown syscall ${nr}${ret === 'noreturn' ? '' : result(ret, false)}`;
  const text = spec.custom ? spec.custom(args) : spec.args.map((k, i) => arg(k, args[i] ?? 0n)).join(',');
  if (ret === 'noreturn') return `${pid} ${spec.name}(${text})`;
  return `${pid} ${spec.name}(${text})${result(ret, spec.retAddr ?? false)}${resultDetail(nr, args, ret, peek)}`;
}

/** si_code names qemu's print_siginfo knows (include/uapi/asm-generic/siginfo.h). */
const SI_NAMES: Record<number, string> = { 0: 'SI_USER', 128: 'SI_KERNEL', [-1]: 'SI_QUEUE', [-2]: 'SI_TIMER', [-3]: 'SI_MESGQ', [-4]: 'SI_ASYNCIO', [-5]: 'SI_SIGIO', [-6]: 'SI_TKILL' };

/** Signals whose siginfo carries si_addr (the _sigfault union member). */
export const FAULT_SIGNALS = new Set([4, 5, 7, 8, 11]);

/** `--- SIGSEGV {si_signo=SIGSEGV, si_code=9, si_addr=0x...} ---` (print_taken_signal). */
export function formatSignal(sig: PendingSignal): string {
  const parts = [`si_signo=${signalName(sig.signo)}`, `si_code=${SI_NAMES[sig.code] ?? sig.code}`];
  if (sig.signo === 17 && sig.status !== undefined) {
    parts.push(`si_pid=${sig.pid}`, 'si_uid=0', `si_status=${sig.status}`, 'si_utime=0', 'si_stime=0');
  } else if (sig.code <= 0) {
    parts.push(`si_pid=${sig.pid}`, 'si_uid=0');
  } else if (FAULT_SIGNALS.has(sig.signo)) {
    parts.push(`si_addr=${ptr(sig.addr)}`);
  }
  return `--- ${signalName(sig.signo)} {${parts.join(', ')}} ---`;
}
