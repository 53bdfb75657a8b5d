// `mtemu debug PROG.s|PROG.elf [-- args]` (DESIGN.md "The three jobs" §2,
// issue 7): a debugger that stops on every fault and explains it, down to
// the kernel's steps. The core is cli/debug/: session.ts (running,
// breakpoints, watchpoints, reverse execution by deterministic replay),
// commands.ts (the gdb-like commands), format.ts (the explanations),
// repl.ts (script and prompt). docs/debug.md is the user's guide.
//
// Commands come from --script FILE, else from stdin: an interactive prompt
// on a terminal, a script when stdin is a pipe or a file. The guest's stdin
// is --stdin FILE (default: empty); its input is recorded, so replay is exact.
// Exit status: 0, or 1 when a scripted command failed; 2 for bad options.

import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { readElf, type ElfFile } from '../isa/asm/index.ts';
import { EM_AARCH64 } from '../isa/elf.ts';
import type { TimingKind } from '../emulator/timing/index.ts';
import { PROFILE_NAMES } from '../emulator/timing/index.ts';
import { parseTimingOptions } from './timing-options.ts';
import type { KernelVariant } from '../kernel/kernel.ts';
import { CommandError, Debugger, parseStopOn } from './debug/commands.ts';
import { interactive, runScript } from './debug/repl.ts';
import { DEFAULT_STOP_ON, Session, type StopCategory } from './debug/session.ts';
import { pickStyle } from './debug/style.ts';
import { HostError, describeHostError, processIo, readText, type Io, oneOf } from './io.ts';
import { loadProgram, parseSize } from './run.ts';

export const debugOptions: NonNullable<ParseArgsConfig['options']> = {
  script: { type: 'string' },
  'stop-on': { type: 'string' },
  timing: { type: 'string' },
  cpu: { type: 'string' },
  freq: { type: 'string' },
  set: { type: 'string', multiple: true },
  stdin: { type: 'string' },
  kernel: { type: 'string' },
  seed: { type: 'string' },
  mem: { type: 'string' },
  'max-insns': { type: 'string' },
  'mte-tcf-preferred': { type: 'string' },
  march: { type: 'string' },
  env: { type: 'string', short: 'E', multiple: true },
};

export const debugUsage = `usage: mtemu debug [options] PROG.s|PROG.elf [--] [args...]
  Run PROG under the debugger. It stops on every exception and explains it:
  the instruction, the address and its tags, ESR, VMA, PTE before and after,
  the kernel's steps and the cycles charged. 'help' at the prompt lists the
  commands (gdb-like: break, step, next, finish, watch, x/NFU, regs, tags,
  pt, vmas, faults, explain, kernel, reverse-step, reverse-continue...).
  --script FILE            commands from FILE (else stdin: a prompt on a terminal,
                           a script otherwise); output is a stable transcript
  --stop-on LIST           events that stop a run: fault,tag,signal,syscall, all
                           or none (default fault,tag,signal)
  --timing none|simple|detailed   timing model (default detailed)
  --cpu PROFILE            timing profile (${PROFILE_NAMES.join(', ')}; -cpu max = the default)
  --freq MHz, --set NAME=VALUE   timing overrides, as for run (docs/timing.md)
  --stdin FILE             the program's standard input (default: empty)
  --kernel refpage-v5|fill-on-fault, --seed N, --mem SIZE, --max-insns N,
  --mte-tcf-preferred sync|async|asymm, -E VAR=VALUE, --march ARCH: as for run`;


function count(name: string, v: unknown, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  const t = String(v).replace(/_/g, '');
  const n = /^\d+$/.test(t) || /^0x[0-9a-f]+$/i.test(t) || /^\d+(\.\d+)?e\d+$/i.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new HostError(`--${name} ${v}: expected an integer >= ${min}`, 2);
  return n;
}

export async function debugJob(values: Record<string, unknown>, positionals: string[], io: Io): Promise<number> {
  if (positionals.length < 1) throw new HostError(`debug: expected a program\n${debugUsage}`, 2);
  const [path, ...args] = positionals as [string, ...string[]];
  const variant = oneOf<KernelVariant>('kernel', values.kernel, ['refpage-v5', 'fill-on-fault'], 'refpage-v5');
  const timing = oneOf<TimingKind>('timing', values.timing, ['none', 'simple', 'detailed'], 'detailed');
  const mteTcfPreferred = oneOf('mte-tcf-preferred', values['mte-tcf-preferred'], ['sync', 'async', 'asymm'] as const, 'async');
  const parsed = parseTimingOptions(values, timing);
  const { set, freqOverride: freq } = parsed;
  // the banner names the profile only when one was asked for
  const cpu = values.cpu === undefined || values.cpu === 'max' ? undefined : parsed.cpu;
  const seed = count('seed', values.seed, 1, 0);
  const maxInsns = count('max-insns', values['max-insns'], 1e10, 1);
  const memSize = values.mem === undefined ? 1 << 30 : parseSize(values.mem as string);
  if (memSize % 4096 !== 0 || memSize < 4 << 20 || memSize > 2 ** 40) throw new HostError(`--mem ${values.mem}: must be a multiple of 4 KiB between 4M and 1T`, 2);
  const env = (values.env as string[] | undefined) ?? [];
  for (const e of env) if (!e.includes('=')) throw new HostError(`-E ${e}: expected VAR=VALUE`, 2);
  let stopOn: StopCategory[] = [...DEFAULT_STOP_ON];
  if (values['stop-on'] !== undefined) {
    try {
      stopOn = parseStopOn(String(values['stop-on']));
    } catch (e) {
      if (e instanceof CommandError) throw new HostError(`--${e.message}`, 2);
      throw e;
    }
  }
  const script = values.script === undefined ? undefined : readText(values.script as string).split('\n');

  let input = new Uint8Array(0);
  if (values.stdin !== undefined) {
    try {
      input = new Uint8Array(readFileSync(values.stdin as string));
    } catch (e) {
      throw new HostError(`cannot read '${values.stdin}': ${describeHostError(e)}`);
    }
  }
  const elfBytes = loadProgram(path, values.march as string | undefined, io);
  let elf: ElfFile;
  try {
    elf = readElf(elfBytes);
  } catch (e) {
    throw new HostError(`${path}: not a loadable ELF file: ${(e as Error).message}`);
  }
  if (elf.machine !== EM_AARCH64) throw new HostError(`${path}: not an AArch64 ELF file (e_machine ${elf.machine})`);

  const host = io === processIo;
  const stdinTty = host && process.stdin.isTTY === true && script === undefined;
  const style = pickStyle(host && process.stdout.isTTY === true);
  // the guest's stdout and the debugger share a stream: debugger text starts on a line of its own
  const dec = [new TextDecoder(), new TextDecoder(), new TextDecoder()];
  let atLineStart = true;
  const guestOut = (fd: 1 | 2, bytes: Uint8Array) => {
    const t = dec[fd]!.decode(bytes, { stream: true });
    if (!t) return;
    if (fd === 2) return io.err(t);
    io.out(t);
    atLineStart = t.endsWith('\n');
  };
  const write = (t: string) => {
    if (!t) return;
    if (!atLineStart) io.out('\n');
    io.out(t);
    atLineStart = t.endsWith('\n');
  };
  const session = new Session({
    elfBytes, elf, argv: [path, ...args], env, variant, seed, memSize, maxInsns, mteTcfPreferred, timing,
    ...(cpu ? { cpu } : {}),
    ...(freq !== undefined ? { freqMHz: freq } : {}),
    ...(Object.keys(set).length ? { set } : {}),
    stopOn,
    input: (max) => {
      const r = input.subarray(0, max);
      input = input.subarray(r.length);
      return r;
    },
    output: guestOut,
  });
  const dbg = new Debugger(session, elf, write, style);
  dbg.banner(path);
  if (stdinTty) {
    await interactive(dbg, process.stdin, process.stdout, write);
    return 0;
  }
  const lines = script ?? (host ? readFileSync(0, 'utf8').split('\n') : []);
  return runScript(dbg, lines, write) > 0 ? 1 : 0;
}
