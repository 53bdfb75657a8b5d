// mtemu's command line, the composition root: `mtemu <job> [options] [args]`.
// Each job lives in its own file and registers here with its options; the
// job is the first positional argument. QEMU-style single-dash long options
// (-cpu, -strace) are accepted by rewriting them to --cpu, --strace before
// node:util parseArgs sees them. Host problems (missing files, bad
// arguments) print `mtemu: message` and never a stack trace.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { asmJob, asmOptions, asmUsage } from './asm.ts';
import { debugJob, debugOptions, debugUsage } from './debug.ts';
import { compareJob, compareOptions, compareUsage } from './compare.ts';
import { disasmJob, disasmOptions, disasmUsage } from './disasm.ts';
import { HostError, processIo, quietOnClosedPipe, type Io } from './io.ts';
import { runJob, runOptions, runUsage } from './run.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Job {
  /** One line for `mtemu --help`. */
  summary: string;
  /** Printed for `mtemu <job> --help`. */
  usage: string;
  options: Options;
  /** Positionals exclude the job name. Returns the exit status. */
  run?(values: Record<string, unknown>, positionals: string[], io: Io): number | Promise<number>;
}

const JOBS: Record<string, Job> = {
  run: { summary: 'assemble if needed, load and run a program under the mini-kernel', usage: runUsage, options: runOptions, run: runJob },
  debug: { summary: 'run a program in the debugger: stops on every fault and explains it', usage: debugUsage, options: debugOptions, run: debugJob },
  compare: { summary: "the seed's experiment: memset vs refpage benchmark table", usage: compareUsage, options: compareOptions, run: compareJob },
  asm: { summary: 'assemble a .s file into a static AArch64 ELF executable', usage: asmUsage, options: asmOptions, run: asmJob },
  disasm: { summary: 'disassemble an ELF file, or instruction words given in hex', usage: disasmUsage, options: disasmOptions, run: disasmJob },
};

const HELP: Options = { help: { type: 'boolean', short: 'h' } };

function usage(): string {
  const w = Math.max(...Object.keys(JOBS).map((k) => k.length));
  const jobs = Object.entries(JOBS).map(([k, j]) => `  ${k.padEnd(w)}  ${j.summary}`);
  return `usage: mtemu <job> [options] [args]\n\njobs:\n${jobs.join('\n')}\n\n'mtemu <job> --help' describes a job's options.\n`;
}

/**
 * Rewrite QEMU-style `-name` / `-name=value` to `--name...` when `name` is a
 * long option some job knows (so `-o file` and negative numbers are left
 * alone). Stops at `--`: what follows belongs to the guest program.
 */
export function normaliseArgv(argv: readonly string[], longNames: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let rest = false;
  for (const a of argv) {
    if (a === '--') rest = true;
    const m = /^-([A-Za-z][A-Za-z0-9_-]+)(=.*)?$/.exec(a);
    out.push(!rest && m && longNames.has(m[1]!) ? '-' + a : a);
  }
  return out;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) quietOnClosedPipe();
  try {
    const all: Options = { ...HELP };
    for (const j of Object.values(JOBS)) Object.assign(all, j.options);
    const args = normaliseArgv(argv, new Set(Object.keys(all)));
    // first a lenient parse over every job's options, to find the job
    const first = parseArgs({ args, options: all, allowPositionals: true, strict: false });
    const name = first.positionals[0];
    if (name === undefined || name === 'help') {
      if (first.values.help || name === 'help') {
        io.out(usage());
        return 0;
      }
      io.err(usage());
      return 2;
    }
    const job = JOBS[name];
    if (!job) {
      io.err(`mtemu: unknown job '${name}'\n${usage()}`);
      return 2;
    }
    if (!job.run) {
      io.err(`mtemu: job '${name}' is not available yet\n`);
      return 2;
    }
    let parsed;
    try {
      parsed = parseArgs({ args, options: { ...HELP, ...job.options }, allowPositionals: true, strict: true });
    } catch (e) {
      throw new HostError(`${name}: ${(e as Error).message}\n${job.usage}`, 2);
    }
    if (parsed.values.help) {
      io.out(job.usage + '\n');
      return 0;
    }
    const positionals = [...parsed.positionals];
    positionals.splice(positionals.indexOf(name), 1);
    return await job.run(parsed.values, positionals, io);
  } catch (e) {
    if (e instanceof HostError) {
      io.err(`mtemu: ${e.message}\n`);
      return e.exitCode;
    }
    // a bug in mtemu itself: say so plainly; MTEMU_DEBUG=1 shows the stack
    io.err(`mtemu: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.MTEMU_DEBUG) io.err(`${(e as Error)?.stack}\n`);
    return 70;
  }
}

/** True when this module is the program being run (`tsx cli/main.ts ...`), not imported. */
function isEntry(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) process.exitCode = await main(process.argv.slice(2));
