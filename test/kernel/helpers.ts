// A small harness for the kernel tests: assemble a source string (or a
// program under programs/), run it on a fresh Kernel, and hand back what a
// test wants to look at: the exit info, the console output, the fault and
// syscall counters, the first process, and a snapshot of the kernel's
// memory accounting after every system call (taken from the strace hook,
// when the calling process is still current).
//
// Also: the qemu-aarch64 / GNU binutils oracle (run the same source there)
// and the FNV-1a page digest the refpage programs print (lib.inc).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleOrThrow, writeElf } from '../../isa/asm/index.ts';
import { BufferConsole } from '../../kernel/file.ts';
import { Kernel, type ExitInfo, type KernelOptions, type KernelVariant } from '../../kernel/kernel.ts';
import type { Proc } from '../../kernel/proc.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROGRAMS = join(ROOT, 'programs', 'refpage');
export const VARIANTS: readonly KernelVariant[] = ['refpage-v5', 'fill-on-fault'];

/** Kernel state right after one system call returned (or did not). */
export interface Snap {
  /** The strace line: "pid name(args) = ret". */
  line: string;
  name: string;
  pid: number;
  /** x0 as returned, as a signed number (NaN for '?'). */
  ret: number;
  /** The caller's mm counters (pages). */
  rss: number;
  anon: number;
  hiwater: number;
  liveRefpages: number;
  pagesUsed: number;
  minflt: number;
  /** References on each live refpage file, by refpage id (fds + VMAs). */
  refs: Record<number, number>;
}

export interface RunResult {
  exit: ExitInfo;
  stdout: string;
  stderr: string;
  k: Kernel;
  proc: Proc;
  faults: Kernel['faultCounts'];
  syscalls: Record<string, number>;
  snaps: Snap[];
  /** k.pages.used before the program was loaded (the zero and sigtramp pages). */
  baseUsed: number;
}

export interface RunOptions extends Omit<KernelOptions, 'console' | 'strace'> {
  argv?: string[];
  stdin?: string;
  /** Record the kernel step log (k.log.on). */
  log?: boolean;
}

const elfCache = new Map<string, Uint8Array>();

/** Assemble `src` (includes resolve next to `file`) into ELF bytes; cached by source text. */
export function build(src: string, file = join(PROGRAMS, 'inline.s')): Uint8Array {
  const key = file + '\0' + src;
  let elf = elfCache.get(key);
  if (!elf) {
    elf = writeElf(assembleOrThrow(src, { file, include: (p) => readFileSync(p, 'utf8') }));
    elfCache.set(key, elf);
  }
  return elf;
}

/** Path of programs/refpage/<name>. */
export function programPath(name: string): string {
  return join(PROGRAMS, name);
}

/** Assemble programs/refpage/<name>. */
export function buildProgram(name: string): Uint8Array {
  const path = programPath(name);
  return build(readFileSync(path, 'utf8'), path);
}

/** Run ELF bytes on a fresh kernel until the first process ends (or a limit). */
export function runElf(elf: Uint8Array, opts: RunOptions = {}): RunResult {
  const con = new BufferConsole(opts.stdin ?? '');
  const snaps: Snap[] = [];
  let k!: Kernel;
  const { argv = ['prog'], log, stdin: _stdin, ...kopts } = opts;
  k = new Kernel({
    maxInsns: 50_000_000,
    ...kopts,
    console: con,
    strace: (line) => {
      const p = k.current;
      const m = /^(\d+) (\w+)\(.*\) = (.*)$/.exec(line);
      const retText = m?.[3] ?? '?';
      const errno = /^-1 \w* ?\(errno (\d+)\)/.exec(retText);
      const ret = errno ? -Number(errno[1]) : retText === '?' ? NaN : Number(retText);
      snaps.push({
        line,
        name: m?.[2] ?? '?',
        pid: Number(m?.[1] ?? 0),
        ret,
        rss: p?.mm.rss ?? 0,
        anon: p?.mm.anonPages ?? 0,
        hiwater: p?.mm.hiwaterRss ?? 0,
        liveRefpages: k.liveRefpages,
        pagesUsed: k.pages.used,
        minflt: p?.minflt ?? 0,
        refs: refpageRefs(k),
      });
    },
  });
  k.log.on = log ?? false;
  const baseUsed = k.pages.used;
  const proc = k.spawn(elf, argv);
  const exit = k.run();
  return { exit, stdout: con.stdout, stderr: con.stderr, k, proc, faults: k.faultCounts, syscalls: k.syscallCounts, snaps, baseUsed };
}

/** References held on each live refpage file (the kernel's private table, read for the lifetime tests). */
export function refpageRefs(k: Kernel): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [id, f] of k['refpages']) out[id] = f.refs;
  return out;
}

/** Assemble and run a source string. */
export function runAsm(src: string, opts: RunOptions = {}): RunResult {
  return runElf(build(src), opts);
}

/** Run programs/refpage/<name>. */
export function runProgram(name: string, opts: RunOptions = {}): RunResult {
  return runElf(buildProgram(name), { argv: [name.replace(/\.s$/, ''), ...(opts.argv ?? [])], ...withoutArgv(opts) });
}

function withoutArgv(o: RunOptions): RunOptions {
  const { argv: _a, ...rest } = o;
  return rest;
}

/** The snapshots of calls to `name` (in order). */
export function snapsOf(r: RunResult, name: string): Snap[] {
  return r.snaps.filter((s) => s.name === name);
}

/** "exit 0", "signal 11 code 2", "limit", "host: ..." — for readable assertions. */
export function outcome(e: ExitInfo): string {
  if (e.hostError !== undefined) return `host: ${e.hostError}`;
  if (e.limit) return 'limit';
  if (e.signal !== undefined) return `signal ${e.signal} code ${e.sigCode ?? 0}`;
  return `exit ${e.exitCode}`;
}

// ---------------------------------------------------------------- syscall snippets for inline programs

/** Macros for inline test programs (prepended by `prog`). */
export const PRELUDE = `
	.arch armv8.5-a+memtag
	.macro SYSCALL nr
	mov x8, #\\nr
	svc #0
	.endm
	.macro EXIT code
	mov x0, #\\code
	mov x8, #93
	svc #0
	.endm
	// SC nr, args...: x0-x5 from registers or immediates (use x9+ for register arguments), svc
	.macro SC nr, a0=xzr, a1=xzr, a2=xzr, a3=xzr, a4=xzr, a5=xzr
	mov x0, \\a0
	mov x1, \\a1
	mov x2, \\a2
	mov x3, \\a3
	mov x4, \\a4
	mov x5, \\a5
	mov x8, #\\nr
	svc #0
	.endm
	// CHECK reg, imm, code: exit(code) unless reg == imm
	.macro CHECK reg, imm, code
	cmp \\reg, #\\imm
	b.eq 1f
	mov x0, #\\code
	mov x8, #93
	svc #0
1:
	.endm
	// CHECKR reg, reg2, code: exit(code) unless reg == reg2
	.macro CHECKR reg, reg2, code
	cmp \\reg, \\reg2
	b.eq 1f
	mov x0, #\\code
	mov x8, #93
	svc #0
1:
	.endm
`;

/** An inline program: PRELUDE, _start, the body; data after. */
export function prog(body: string, data = ''): string {
  return `${PRELUDE}
	.text
	.globl _start
	.type _start, %function
_start:
${body}
${data ? `\t.data\n\t.balign 16\n${data}` : ''}
`;
}

// ---------------------------------------------------------------- the oracle

export function have(cmd: string): boolean {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

export const QEMU = 'qemu-aarch64';
export const GAS = 'aarch64-linux-gnu-as';
export const LD = 'aarch64-linux-gnu-ld';
export const haveQemu = have(QEMU);
export const haveBinutils = have(GAS) && have(LD);

let tmp: string | null = null;
function tmpDir(): string {
  tmp ??= mkdtempSync(join(tmpdir(), 'mtemu-kernel-'));
  return tmp;
}

/** Remove the temporary directory (afterAll). */
export function cleanupTmp(): void {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = null;
}

/** Build programs/refpage/<name> with GNU as + ld; returns the executable's path. */
export function gnuBuild(name: string): string {
  const dir = tmpDir();
  const base = join(dir, name.replace(/\.s$/, ''));
  const as = spawnSync(GAS, ['-march=armv8.5-a+memtag', '-I', PROGRAMS, programPath(name), '-o', base + '.o'], { encoding: 'utf8' });
  if (as.status !== 0) throw new Error(`${GAS} ${name}: ${as.stderr}`);
  const ld = spawnSync(LD, ['-static', base + '.o', '-o', base], { encoding: 'utf8' });
  if (ld.status !== 0) throw new Error(`${LD} ${name}: ${ld.stderr}`);
  return base;
}

/** Write ELF bytes to a temporary executable. */
export function elfFile(elf: Uint8Array, name: string): string {
  const path = join(tmpDir(), name);
  writeFileSync(path, elf, { mode: 0o755 });
  return path;
}

export interface QemuResult {
  stdout: string;
  stderr: string;
  /** Exit status as the shell sees it (128 + signal for a fatal signal). */
  status: number;
}

/** Run an executable under qemu-aarch64 -cpu max. */
export function qemuRun(path: string, args: string[] = []): QemuResult {
  const r = spawnSync(QEMU, ['-cpu', 'max', path, ...args], { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 128 + (r.signal ? osConstants.signals[r.signal] : 0) };
}

// ---------------------------------------------------------------- the digest lib.inc prints

const FNV_BASIS = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/**
 * lib.inc's digest of one page: FNV-1a 64 over, for each 16-byte granule,
 * its two little-endian doublewords, then its tag. As 16 hex digits.
 */
export function pageDigest(bytes: Uint8Array, tags: ArrayLike<number>): string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let h = FNV_BASIS;
  const mix = (v: bigint) => {
    h = BigInt.asUintN(64, (h ^ v) * FNV_PRIME);
  };
  for (let g = 0; g < 256; g++) {
    mix(dv.getBigUint64(g * 16, true));
    mix(dv.getBigUint64(g * 16 + 8, true));
    mix(BigInt(tags[g]! & 0xf));
  }
  return h.toString(16).padStart(16, '0');
}

let qemuSeq = 0;
/** si_code names qemu's -strace prints instead of numbers (asm-generic/siginfo.h). */
const SI_NAMES: Record<string, string> = { SI_USER: '0', SI_KERNEL: '128', SI_QUEUE: '-1', SI_TKILL: '-6' };

/**
 * Run ELF bytes under qemu-aarch64 -cpu max -strace and describe the end as
 * `outcome` does ("exit N" / "signal S code C"), with the fatal signal's
 * si_addr from the strace line.
 */
export function qemuOutcome(elf: Uint8Array, args: string[] = []): { outcome: string; siAddr?: bigint; stdout: string; stderr: string } {
  const path = elfFile(elf, `q${qemuSeq++}`);
  // qemu-user ignores SIGTERM while it spins: the timeout kills it
  const r = spawnSync(QEMU, ['-cpu', 'max', '-strace', path, ...args], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  if (r.error) return { outcome: `host: ${r.error.message}`, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  const sig = [...r.stderr.matchAll(/--- SIG\w+ \{si_signo=\w+, si_code=(-?\d+|SI_\w+), (?:si_addr=(0x[0-9a-f]+|NULL)|si_pid)/g)].at(-1);
  // a fatal guest signal: qemu dumps core by killing itself with it
  const signo = r.signal ? osConstants.signals[r.signal] : r.status !== null && r.status >= 128 ? r.status - 128 : undefined;
  if (signo !== undefined) {
    const siAddr = sig?.[2] ? (sig[2] === 'NULL' ? 0n : BigInt(sig[2])) : undefined;
    const code = sig ? (SI_NAMES[sig[1]!] ?? sig[1]) : '?';
    return { outcome: `signal ${signo} code ${code}`, ...(siAddr !== undefined ? { siAddr } : {}), stdout: r.stdout, stderr: r.stderr };
  }
  return { outcome: `exit ${r.status}`, stdout: r.stdout, stderr: r.stderr };
}
