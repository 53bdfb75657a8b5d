// Linux arm64 user ABI numbers the kernel implements (asm-generic unistd.h,
// errno.h, mman.h, signal.h, prctl.h; checked against linux-libc-dev 6.1).

export const SYS = {
  openat: 56,
  close: 57,
  read: 63,
  write: 64,
  exit: 93,
  exit_group: 94,
  set_tid_address: 96,
  nanosleep: 101,
  clock_gettime: 113,
  sched_yield: 124,
  kill: 129,
  tgkill: 131,
  rt_sigaction: 134,
  rt_sigprocmask: 135,
  rt_sigreturn: 139,
  uname: 160,
  getrusage: 165,
  prctl: 167,
  getpid: 172,
  getppid: 173,
  gettid: 178,
  brk: 214,
  munmap: 215,
  clone: 220,
  execve: 221,
  mmap: 222,
  mprotect: 226,
  madvise: 233,
  wait4: 260,
  /** 447 is memfd_secret upstream: we answer ENOSYS (the v5 benchmark text still calls 447, the stale v4 ABI). */
  memfd_secret: 447,
  /** refpage_create(content, size, flags): the seed patch, v5. */
  refpage_create: 448,
} as const;

export const E = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EBADF: 9, ECHILD: 10, EAGAIN: 11, ENOMEM: 12,
  EACCES: 13, EFAULT: 14, EEXIST: 17, ENODEV: 19, EINVAL: 22, EMFILE: 24, ENOSYS: 38, EOPNOTSUPP: 95,
} as const;

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
/** arm64 only (arch/arm64/include/uapi/asm/mman.h). */
export const PROT_MTE = 0x20;

export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
export const MAP_FIXED_NOREPLACE = 0x100000;

export const MADV_DONTNEED = 4;

export const PR_SET_TAGGED_ADDR_CTRL = 55;
export const PR_GET_TAGGED_ADDR_CTRL = 56;
export const PR_TAGGED_ADDR_ENABLE = 1 << 0;
export const PR_MTE_TCF_SHIFT = 1;
export const PR_MTE_TCF_SYNC = 1 << 1;
export const PR_MTE_TCF_ASYNC = 1 << 2;
export const PR_MTE_TCF_MASK = 3 << 1;
export const PR_MTE_TAG_SHIFT = 3;
export const PR_MTE_TAG_MASK = 0xffff << 3;

export const SIG = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGXCPU: 24, SIGSYS: 31,
} as const;

export const SI = {
  SEGV_MAPERR: 1, SEGV_ACCERR: 2, SEGV_MTEAERR: 8, SEGV_MTESERR: 9,
  BUS_ADRALN: 1, ILL_ILLOPC: 1, TRAP_BRKPT: 1, SI_USER: 0, SI_KERNEL: 0x80, SI_TKILL: -6, CLD_EXITED: 1, CLD_KILLED: 2, CLD_DUMPED: 3,
} as const;

export const SA_SIGINFO = 0x4;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SA_RESTORER = 0x04000000;
export const SA_EXPOSE_TAGBITS = 0x00000800;
export const SIG_DFL = 0n;
export const SIG_IGN = 1n;

export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

export const AT = {
  AT_NULL: 0, AT_PHDR: 3, AT_PHENT: 4, AT_PHNUM: 5, AT_PAGESZ: 6, AT_BASE: 7, AT_FLAGS: 8, AT_ENTRY: 9,
  AT_UID: 11, AT_EUID: 12, AT_GID: 13, AT_EGID: 14, AT_HWCAP: 16, AT_CLKTCK: 17, AT_SECURE: 23,
  AT_RANDOM: 25, AT_HWCAP2: 26, AT_EXECFN: 31,
} as const;
/** HWCAP bits we advertise: FP, ASIMD, CPUID... kept to what the subset supports. */
export const HWCAP_FP = 1 << 0;
export const HWCAP_ASIMD = 1 << 1;
export const HWCAP2_MTE = 1 << 18;

export const CLONE_VM = 0x100;
export const SIGCHLD_FLAG = 17;

export const WNOHANG = 1;
