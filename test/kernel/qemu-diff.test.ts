// Differential tests against qemu-aarch64 (ECOSYSTEM.md §C.4): every
// program under programs/isa, programs/sys and programs/mte (and
// programs/hello) is built twice — by mtemu's assembler and by GNU as + ld
// — and each of the two ELF files runs under `qemu-aarch64 -cpu max` and
// under mtemu (cli/run.ts's runElf, in-process). All four runs must print
// the same stdout and stderr (qemu's and mtemu's own `qemu:`/`mtemu:`
// lines aside) and end with the same status, and that status must be the
// one the program's header declares (`// exit: N`, default 0), so a
// program that fails the same way everywhere is still caught.
//
// Header annotations a program may carry:
//   // exit: N        expected exit status (128 + signal when killed)
//   // stdin: TEXT    fed to stdin (\n for newlines)
//   // strict: yes    also run on mtemu with the argument "strict": the
//                     program then checks Linux behaviour qemu 7.2 lacks
//                     (documented in its header); same stdout and status
//
// Where qemu and Linux legitimately differ, the programs print only what
// both agree on. The qemu runs go in parallel (beforeAll); each runs in
// its own process group, so a program signalling its group cannot hit
// the test runner. A second part compares `mtemu run --strace` with
// `qemu-aarch64 -strace`, numbers normalised away.

import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgram, runElf } from '../../cli/run.ts';
import { BufferConsole } from '../../kernel/file.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const TOOLS = ['qemu-aarch64', 'aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld'];
const missing = TOOLS.filter((t) => !has(t));
if (missing.length) console.warn(`qemu-diff: skipped, not installed: ${missing.join(', ')} (apt-get install qemu-user binutils-aarch64-linux-gnu)`);

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (e.endsWith('.s')) out.push(p);
  }
  return out;
}

const PROGRAMS = [
  ...walk(join(ROOT, 'programs/isa')),
  join(ROOT, 'programs/hello/hello.s'),
  ...walk(join(ROOT, 'programs/sys')),
  ...walk(join(ROOT, 'programs/mte')),
].sort();

interface Header {
  exit: number;
  stdin: string;
  strict: boolean;
}

function header(src: string): Header {
  const get = (k: string) => new RegExp(`^// ${k}: (.*)$`, 'm').exec(src)?.[1];
  return {
    exit: Number(get('exit') ?? 0),
    stdin: (get('stdin') ?? '').replace(/\\n/g, '\n'),
    strict: get('strict') === 'yes',
  };
}

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

const SIGNALS: Record<string, number> = { SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

/** Run a command in its own process group; a killed process gives 128 + signal. */
function runHost(cmd: string, args: string[], stdin: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        status: code ?? 128 + (SIGNALS[signal ?? ''] ?? 0),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

/** mtemu, in-process. */
function runMtemu(elf: Uint8Array, path: string, h: Header, args: string[] = [], strace?: (l: string) => void): Outcome {
  const con = new BufferConsole(h.stdin);
  const r = runElf(elf, { path, args, console: con, maxInsns: 50_000_000, ...(strace ? { strace } : {}) });
  return { status: r.status, stdout: con.stdout, stderr: con.stderr };
}

/** stderr without the emulators' own reports. */
const guestErr = (s: string, who: string): string => s.split('\n').filter((l) => !l.startsWith(`${who}: `)).join('\n');

async function pool<T>(n: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  }));
  return results;
}

interface Prepared {
  h: Header;
  ours: Uint8Array;
  gnu: Uint8Array;
  qemuOurs: Outcome;
  qemuGnu: Outcome;
}

describe.skipIf(missing.length > 0)('mtemu vs qemu-aarch64 -cpu max', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mtemu-qdiff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const prepared = new Map<string, Prepared>();
  const exec = promisify(execFile);

  beforeAll(async () => {
    await pool(4, PROGRAMS.map((file) => async () => {
      const rel = relative(ROOT, file);
      const stem = join(dir, rel.replace(/[/.]/g, '_'));
      const h = header(readFileSync(file, 'utf8'));
      const ours = loadProgram(file, undefined, { out: () => {}, err: () => {} });
      writeFileSync(stem + '.ours', ours, { mode: 0o755 });
      await exec('aarch64-linux-gnu-as', ['-march=armv8.5-a+memtag', '-I', dirname(file), '-o', stem + '.o', file]);
      await exec('aarch64-linux-gnu-ld', ['-o', stem + '.gnu', stem + '.o']);
      const gnu = new Uint8Array(readFileSync(stem + '.gnu'));
      const [qemuOurs, qemuGnu] = await Promise.all([
        runHost('qemu-aarch64', ['-cpu', 'max', stem + '.ours'], h.stdin),
        runHost('qemu-aarch64', ['-cpu', 'max', stem + '.gnu'], h.stdin),
      ]);
      prepared.set(rel, { h, ours, gnu, qemuOurs, qemuGnu });
    }));
  }, 120_000);

  it('covers at least 30 programs, the isa/, sys/ and mte/ folders included', () => {
    expect(PROGRAMS.length).toBeGreaterThanOrEqual(30);
    for (const d of ['programs/isa/', 'programs/sys/', 'programs/mte/']) {
      expect(PROGRAMS.some((p) => relative(ROOT, p).startsWith(d))).toBe(true);
    }
  });

  for (const file of PROGRAMS) {
    const rel = relative(ROOT, file);
    it(rel, () => {
      const p = prepared.get(rel)!;
      const mOurs = runMtemu(p.ours, rel, p.h);
      const mGnu = runMtemu(p.gnu, rel, p.h);
      const view = (o: Outcome, who: string) => ({ status: o.status, stdout: o.stdout, stderr: guestErr(o.stderr, who) });
      const reference = view(p.qemuGnu, 'qemu');
      // qemu is the oracle, and the program's header says what it must do
      expect(reference.status, `${rel} under qemu (stdout: ${reference.stdout})`).toBe(p.h.exit);
      expect(view(p.qemuOurs, 'qemu'), 'qemu, mtemu-assembled ELF').toEqual(reference);
      expect(view(mOurs, 'mtemu'), 'mtemu, mtemu-assembled ELF').toEqual(reference);
      expect(view(mGnu, 'mtemu'), 'mtemu, GNU-built ELF').toEqual(reference);
      if (p.h.strict) {
        const strict = runMtemu(p.ours, rel, p.h, ['strict']);
        expect(view(strict, 'mtemu'), 'mtemu, strict (Linux) checks').toEqual(reference);
      }
    });
  }

  // --strace: the same lines as qemu -strace once pids, addresses and other
  // numbers are normalised. rt_sigreturn: qemu prints its internal
  // "-1 errno=513" result, mtemu none.
  const normalise = (text: string, who: string): string[] =>
    text.split('\n')
      .filter((l) => l !== '' && !l.startsWith(`${who}: `))
      .map((l) => l.replace(/ = -1 errno=513 \(Successful exit from sigreturn\)$/, '').replace(/0x[0-9a-f]+|-?\d+/g, '#'));
  for (const name of ['sys/segv_handler.s', 'sys/kill_self.s', 'sys/clock.s', 'sys/brk.s', 'sys/prctl_tagged.s', 'sys/madvise.s', 'mte/sync_fault.s', 'mte/async_fault.s']) {
    it(`--strace matches qemu -strace: ${name}`, async () => {
      const rel = `programs/${name}`;
      const p = prepared.get(rel)!;
      const stem = join(dir, `${basename(name, '.s')}-strace`);
      writeFileSync(stem, p.gnu, { mode: 0o755 });
      const q = await runHost('qemu-aarch64', ['-cpu', 'max', '-strace', stem], p.h.stdin);
      const lines: string[] = [];
      runMtemu(p.gnu, rel, p.h, [], (l) => lines.push(l));
      const qLines = q.stderr.split('\n').filter((l) => !l.startsWith('qemu: '));
      expect(normalise(lines.join('\n'), 'mtemu')).toEqual(normalise(qLines.join('\n'), 'qemu'));
    });
  }
});
