// Signals: rt_sigaction, rt_sigprocmask, delivery with an arm64 rt_sigframe
// on the user stack, and rt_sigreturn (arch/arm64/kernel/signal.c; layouts
// from arch/arm64/include/uapi/asm/sigcontext.h and ucontext.h).
//
// Frame layout we build (sp 16-aligned, below the interrupted sp):
//   sp + 0     struct siginfo (128 bytes)
//   sp + 128   struct ucontext: uc_flags, uc_link, uc_stack (24),
//              uc_sigmask (8), padding to 1024 bits of sigset (120),
//              uc_mcontext at +176 (16-aligned): struct sigcontext
//              { fault_address, regs[31], sp, pc, pstate, __reserved[4096] }
//              __reserved holds fpsimd_context (magic 0x46508001, 528 bytes),
//              esr_context (0x45535201, 16 bytes) for faults, then a
//              terminating {0, 0} header.
//   then a frame record {x29, x30} (16 bytes) that x29 points at.
// The handler runs with x0 = signo, x1 = &siginfo, x2 = &ucontext,
// x30 = sa_restorer (SA_RESTORER) or the sigtramp page, PSTATE.TCO = 0.

import { SP } from '../emulator/cpu-state.ts';
import { E, SI, SA_NODEFER, SA_RESETHAND, SA_RESTORER, SA_SIGINFO, SIG, SIG_BLOCK, SIG_SETMASK, SIG_UNBLOCK } from './abi.ts';
import type { Kernel } from './kernel.ts';
import { SIGTRAMP_VA } from './layout.ts';
import type { PendingSignal, Proc, SigAction } from './proc.ts';
import { copyIn, copyOut } from './vm.ts';

const SIGINFO_SIZE = 128;
const UC_MCONTEXT = 176;
const SC_RESERVED = 288;
const FPSIMD_MAGIC = 0x46508001;
const FPSIMD_SIZE = 528;
const ESR_MAGIC = 0x45535201;
const FRAME_SIZE = SIGINFO_SIZE + UC_MCONTEXT + SC_RESERVED + 4096;

const UNBLOCKABLE = (1n << BigInt(SIG.SIGKILL - 1)) | (1n << BigInt(SIG.SIGSTOP - 1));

/** Signals whose default action is to ignore. */
const DEFAULT_IGNORE = new Set<number>([SIG.SIGCHLD, SIG.SIGCONT, 23 /* SIGURG */, 28 /* SIGWINCH */, SIG.SIGSTOP, SIG.SIGTSTP, 21, 22]);
/** Signals whose default action dumps core. */
const DEFAULT_CORE = new Set<number>([SIG.SIGQUIT, SIG.SIGILL, SIG.SIGTRAP, SIG.SIGABRT, SIG.SIGBUS, SIG.SIGFPE, SIG.SIGSEGV, SIG.SIGXCPU, SIG.SIGSYS, 25]);

export const SIGNAMES: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL',
  10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM', 17: 'SIGCHLD', 18: 'SIGCONT',
  19: 'SIGSTOP', 20: 'SIGTSTP', 24: 'SIGXCPU', 31: 'SIGSYS',
};

const bit = (signo: number): bigint => 1n << BigInt(signo - 1);

/**
 * rt_sigaction(signo, act, oldact, sigsetsize), in Linux's order: the act
 * copy (EFAULT) before the signal check (do_sigaction: EINVAL; SIGKILL and
 * SIGSTOP may be queried, not changed); the new action is in place before
 * oldact is written (an EFAULT there does not undo it).
 */
export function sysRtSigaction(k: Kernel, p: Proc, signo: number, act: bigint, oldact: bigint, setsize: bigint): number {
  if (setsize !== 8n) return -E.EINVAL;
  // struct sigaction (arm64 kernel ABI): sa_handler, sa_flags (unsigned long), sa_restorer, sa_mask
  let next: SigAction | null = null;
  if (act !== 0n) {
    const raw = copyIn(k, act, 32);
    if (!raw) return -E.EFAULT;
    const b = new DataView(raw.buffer);
    next = {
      handler: b.getBigUint64(0, true),
      flags: Number(b.getBigUint64(8, true) & 0xffffffffn),
      restorer: b.getBigUint64(16, true),
      mask: b.getBigUint64(24, true) & ~UNBLOCKABLE,
    };
  }
  if (signo < 1 || signo > 64 || (next && (signo === SIG.SIGKILL || signo === SIG.SIGSTOP))) return -E.EINVAL;
  const cur = p.sigactions[signo]!;
  if (next) p.sigactions[signo] = next;
  if (oldact !== 0n) {
    const b = new DataView(new ArrayBuffer(32));
    b.setBigUint64(0, cur.handler, true);
    b.setBigUint64(8, BigInt(cur.flags >>> 0), true);
    b.setBigUint64(16, cur.restorer, true);
    b.setBigUint64(24, cur.mask, true);
    if (!copyOut(k, oldact, new Uint8Array(b.buffer))) return -E.EFAULT;
  }
  return 0;
}

/** rt_sigprocmask(how, set, oldset, sigsetsize). */
export function sysRtSigprocmask(k: Kernel, p: Proc, how: number, set: bigint, oldset: bigint, setsize: bigint): number {
  if (setsize !== 8n) return -E.EINVAL;
  const old = p.sigmask;
  if (set !== 0n) {
    const raw = copyIn(k, set, 8);
    if (!raw) return -E.EFAULT;
    const s = new DataView(raw.buffer).getBigUint64(0, true) & ~UNBLOCKABLE;
    if (how === SIG_BLOCK) p.sigmask |= s;
    else if (how === SIG_UNBLOCK) p.sigmask &= ~s;
    else if (how === SIG_SETMASK) p.sigmask = s;
    else return -E.EINVAL;
  }
  if (oldset !== 0n) {
    const b = new DataView(new ArrayBuffer(8));
    b.setBigUint64(0, old, true);
    if (!copyOut(k, oldset, new Uint8Array(b.buffer))) return -E.EFAULT;
  }
  return 0;
}

/** Queue a signal (standard signals do not queue twice). */
export function sendSignal(p: Proc, sig: PendingSignal): void {
  if (sig.signo < 32 && p.pending.some((x) => x.signo === sig.signo)) return;
  p.pending.push(sig);
}

/**
 * A synchronous fault signal (force_sig_fault): if the signal is blocked
 * or ignored the kernel unblocks it and restores the default action, so a
 * fault can never be ignored into an endless loop.
 */
export function forceSignal(p: Proc, sig: PendingSignal): void {
  const act = p.sigactions[sig.signo]!;
  if ((p.sigmask & bit(sig.signo)) !== 0n || act.handler === 1n) {
    p.sigmask &= ~bit(sig.signo);
    act.handler = 0n;
  }
  // a synchronous signal goes first
  p.pending.unshift(sig);
}

export type DeliverResult = 'none' | 'handled' | { kill: number; core: boolean; sig: PendingSignal };

/**
 * Deliver the first deliverable pending signal on return to user
 * (do_signal): run its handler (build the frame), ignore it, or report the
 * default action that terminates the process.
 */
export function deliverSignal(k: Kernel, p: Proc): DeliverResult {
  for (let i = 0; i < p.pending.length; i++) {
    const sig = p.pending[i]!;
    if (sig.signo !== SIG.SIGKILL && (p.sigmask & bit(sig.signo)) !== 0n) continue;
    p.pending.splice(i, 1);
    const act = p.sigactions[sig.signo]!;
    if (sig.signo === SIG.SIGKILL || act.handler === 0n) {
      if (DEFAULT_IGNORE.has(sig.signo)) {
        i--;
        continue;
      }
      return { kill: sig.signo, core: DEFAULT_CORE.has(sig.signo), sig };
    }
    if (act.handler === 1n) {
      i--;
      continue;
    }
    if (!setupFrame(k, p, sig, act.handler, act.flags, act.restorer)) {
      // could not write the frame: SIGSEGV, which kills (force_sigsegv: si_code SI_KERNEL)
      return { kill: SIG.SIGSEGV, core: true, sig: { signo: SIG.SIGSEGV, code: SI.SI_KERNEL, addr: 0n, pid: 0 } };
    }
    if (!(act.flags & SA_NODEFER)) p.sigmask |= bit(sig.signo);
    p.sigmask |= act.mask;
    if (act.flags & SA_RESETHAND) act.handler = 0n;
    k.km.event('signalDeliver');
    k.opts.onSignal?.(p, sig, 'handler');
    return 'handled';
  }
  return 'none';
}

function setupFrame(k: Kernel, p: Proc, sig: PendingSignal, handler: bigint, flags: number, restorer: bigint): boolean {
  const s = p.cpu;
  const oldSp = s.xBig(SP);
  const recordAddr = ((oldSp - 16n) & ~15n);
  const frame = (recordAddr - BigInt(FRAME_SIZE)) & ~15n;
  const buf = new Uint8Array(FRAME_SIZE + 16 + Number(recordAddr - frame - BigInt(FRAME_SIZE)));
  const dv = new DataView(buf.buffer);
  // siginfo
  dv.setInt32(0, sig.signo, true);
  dv.setInt32(4, 0, true);
  dv.setInt32(8, sig.code, true);
  if (sig.signo === SIG.SIGSEGV || sig.signo === SIG.SIGBUS || sig.signo === SIG.SIGILL || sig.signo === SIG.SIGTRAP || sig.signo === SIG.SIGFPE) {
    dv.setBigUint64(16, sig.addr, true);
  } else {
    dv.setInt32(16, sig.pid, true);
    dv.setInt32(20, 0, true);
    if (sig.status !== undefined) dv.setInt32(24, sig.status, true);
  }
  // ucontext
  const uc = SIGINFO_SIZE;
  dv.setBigUint64(uc + 40, p.sigmask, true);
  const mc = uc + UC_MCONTEXT;
  dv.setBigUint64(mc, sig.code !== 0 && sig.signo === SIG.SIGSEGV ? sig.addr : 0n, true);
  for (let r = 0; r < 31; r++) dv.setBigUint64(mc + 8 + 8 * r, s.xBig(r), true);
  dv.setBigUint64(mc + 256, oldSp, true);
  dv.setBigUint64(mc + 264, BigInt(s.pc), true);
  dv.setBigUint64(mc + 272, BigInt(pstateOf(p)), true);
  // __reserved: fpsimd_context, esr_context (faults), terminator
  let rec = mc + SC_RESERVED;
  dv.setUint32(rec, FPSIMD_MAGIC, true);
  dv.setUint32(rec + 4, FPSIMD_SIZE, true);
  dv.setUint32(rec + 8, s.fpsr, true);
  dv.setUint32(rec + 12, s.fpcr, true);
  for (let v = 0; v < 32; v++) for (let w = 0; w < 4; w++) dv.setInt32(rec + 16 + v * 16 + w * 4, s.V[v * 4 + w]!, true);
  rec += FPSIMD_SIZE;
  if (k.lastFaultEsr !== 0 && (sig.signo === SIG.SIGSEGV || sig.signo === SIG.SIGBUS)) {
    dv.setUint32(rec, ESR_MAGIC, true);
    dv.setUint32(rec + 4, 16, true);
    dv.setBigUint64(rec + 8, BigInt(k.lastFaultEsr >>> 0), true);
    rec += 16;
  }
  // frame record {x29, x30} at the top
  const fr = Number(recordAddr - frame);
  dv.setBigUint64(fr, s.xBig(29), true);
  dv.setBigUint64(fr + 8, s.xBig(30), true);
  if (!copyOut(k, frame, buf)) return false;

  s.setXBig(0, BigInt(sig.signo));
  s.setXBig(1, frame);
  s.setXBig(2, frame + BigInt(uc));
  s.setXBig(29, recordAddr);
  s.setXBig(30, flags & SA_RESTORER ? restorer : BigInt(SIGTRAMP_VA));
  s.setXBig(SP, frame);
  s.pc = Number(handler & 0x00ff_ffff_ffff_ffffn) % 2 ** 56;
  s.tco = 0;
  void SA_SIGINFO;
  return true;
}

/** PSTATE as saved in sigcontext: NZCV bits 31:28, TCO bit 25, EL0t. */
function pstateOf(p: Proc): number {
  const s = p.cpu;
  return ((s.nzcv << 28) | (s.tco << 25)) >>> 0;
}

/** rt_sigreturn: restore the context saved by setupFrame at sp. Returns false when the frame is bad (SIGSEGV). */
export function sysRtSigreturn(k: Kernel, p: Proc): boolean {
  const s = p.cpu;
  const frame = s.xBig(SP);
  if (frame % 16n !== 0n) return false;
  const raw = copyIn(k, frame, FRAME_SIZE);
  if (!raw) return false;
  const dv = new DataView(raw.buffer);
  const mc = SIGINFO_SIZE + UC_MCONTEXT;
  const rec = mc + SC_RESERVED;
  if (dv.getUint32(rec, true) !== FPSIMD_MAGIC || dv.getUint32(rec + 4, true) !== FPSIMD_SIZE) return false;
  const pstate = Number(dv.getBigUint64(mc + 272, true) & 0xffffffffn);
  // only EL0t with no illegal bits may be restored (valid_user_regs)
  if ((pstate & 0xf) !== 0) return false;
  for (let r = 0; r < 31; r++) s.setXBig(r, dv.getBigUint64(mc + 8 + 8 * r, true));
  s.setXBig(SP, dv.getBigUint64(mc + 256, true));
  s.pc = Number(dv.getBigUint64(mc + 264, true) & 0xffffffffffffffn);
  s.nzcv = pstate >>> 28;
  s.tco = (pstate >>> 25) & 1;
  s.fpsr = dv.getUint32(rec + 8, true);
  s.fpcr = dv.getUint32(rec + 12, true);
  for (let v = 0; v < 32; v++) for (let w = 0; w < 4; w++) s.V[v * 4 + w] = dv.getInt32(rec + 16 + v * 16 + w * 4, true);
  p.sigmask = dv.getBigUint64(SIGINFO_SIZE + 40, true) & ~UNBLOCKABLE;
  return true;
}
