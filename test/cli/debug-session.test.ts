// The debugger core (cli/debug/session.ts) through its API, and the
// kernel's stepping entry point it rests on (Kernel.runSlice):
//   - runSlice cut into arbitrary pauses is the same run as run()
//   - reverse execution lands on exactly the forward state (registers,
//     all of physical memory with tags, kernel bookkeeping, cycles of the
//     detailed timing model), at every stop of several programs (faults,
//     signals, fork and copy-on-write, asynchronous tag faults)
//   - the same at the end of a 10-million-instruction program (timed)
//   - console input is recorded: a replay does not read again
//   - an interrupted run resumes to the same end
//   - next/finish, stop-on, breakpoints and watchpoints in reverse

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleOrThrow, readElf, writeElf } from '../../isa/asm/index.ts';
import { BufferConsole } from '../../kernel/file.ts';
import { Kernel } from '../../kernel/kernel.ts';
import type { TimingKind } from '../../emulator/timing/index.ts';
import { CommandError, Debugger } from '../../cli/debug/commands.ts';
import { Session, finish, type StopCategory, type StopReport } from '../../cli/debug/session.ts';
import { stateDigest, type StateDigest } from '../../cli/debug/snapshot.ts';
import { ANSI, PLAIN, pickStyle } from '../../cli/debug/style.ts';
import { runScript } from '../../cli/debug/repl.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const elfCache = new Map<string, Uint8Array>();
function elfOf(rel: string): Uint8Array {
  let e = elfCache.get(rel);
  if (!e) {
    const file = join(ROOT, 'programs', rel);
    e = writeElf(assembleOrThrow(readFileSync(file, 'utf8'), { file, include: (p) => readFileSync(p, 'utf8') }));
    elfCache.set(rel, e);
  }
  return e;
}

interface Opts {
  timing?: TimingKind;
  stopOn?: StopCategory[];
  stdin?: string;
  args?: string[];
}

function session(rel: string, o: Opts = {}): { s: Session; out: () => string; reads: () => number } {
  const elfBytes = elfOf(rel);
  let input = new TextEncoder().encode(o.stdin ?? '');
  let reads = 0;
  let out = '';
  const s = new Session({
    elfBytes,
    elf: readElf(elfBytes),
    argv: [rel, ...(o.args ?? [])],
    env: [],
    variant: 'refpage-v5',
    seed: 1,
    memSize: 1 << 30,
    maxInsns: 1e10,
    mteTcfPreferred: 'async',
    timing: o.timing ?? 'detailed',
    stopOn: o.stopOn ?? ['fault', 'tag', 'signal'],
    input: (max) => {
      reads++;
      const r = input.subarray(0, max);
      input = input.subarray(r.length);
      return r;
    },
    output: (_fd, b) => void (out += new TextDecoder().decode(b)),
  });
  return { s, out: () => out, reads: () => reads };
}

const key = (d: StateDigest) => JSON.stringify(d);

describe('Kernel.runSlice', () => {
  const programs = ['refpage/rss.s', 'mte/sync_fault.s', 'mte/async_fault.s', 'sys/fork_cow.s', 'sys/sig_flags.s', 'debug/tour.s'];
  for (const timing of ['none', 'simple'] as const) {
    it(`pauses anywhere change nothing (${timing} timing): same exit, output, counters, cycles as run()`, () => {
      for (const rel of programs) {
        const res: string[] = [];
        for (const mode of ['run', 'random', 'one']) {
          const con = new BufferConsole();
          const k = new Kernel({ console: con, ...(timing === 'none' ? {} : { timing: { timing } }) });
          k.spawn(elfOf(rel), [rel, 'r', '4', '2', 'w']);
          let exit;
          if (mode === 'run') exit = k.run();
          else {
            let seed = 12345;
            for (;;) {
              seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
              const e = k.runSlice(mode === 'one' ? 1 : 1 + (seed % 50));
              if (e.kind === 'exit') {
                exit = e.exit;
                break;
              }
            }
          }
          res.push(JSON.stringify({ exit, out: con.stdout, err: con.stderr, insn: k.machine.instret, faults: k.faultCounts, sys: k.syscallCounts, cycles: k.tm?.cycles() ?? null }, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
        }
        expect(res[1], `${rel}: random pauses`).toBe(res[0]);
        expect(res[2], `${rel}: a pause after every instruction`).toBe(res[0]);
      }
    });
  }

  it('a pause is not a kernel entry; a trap is one', () => {
    const k = new Kernel({ console: new BufferConsole() });
    k.spawn(elfOf('debug/refpage_rw.s'), ['x']);
    const e = k.runSlice(3);
    expect(e.kind).toBe('pause');
    expect(k.machine.instret).toBe(3);
    expect(k.kernelEntries).toBe(0);
    let t;
    do t = k.runSlice(1000);
    while (t.kind === 'pause');
    expect(t.kind).toBe('trap');
    expect(k.kernelEntries).toBe(1);
  });
});

describe('reverse execution lands on the forward state', () => {
  // stop at every event, digest; then reverse-continue through them all and compare
  const cases: [string, string[], StopCategory[]][] = [
    ['debug/tour.s', [], ['fault', 'tag', 'signal', 'syscall']],
    ['sys/fork_cow.s', [], ['fault', 'tag', 'signal', 'syscall']],
    ['mte/async_fault.s', [], ['fault', 'tag', 'signal', 'syscall']],
    ['sys/sig_flags.s', [], ['fault', 'signal', 'syscall']],
    ['refpage/rss.s', ['r', '4', '3', 'x'], ['fault', 'syscall']],
  ];
  for (const [rel, args, stopOn] of cases) {
    it(`${rel}: every stop, detailed timing`, () => {
      const { s } = session(rel, { stopOn, args });
      const forward = new Map<string, string>();
      const order: string[] = [];
      for (let i = 0; i < 500; i++) {
        const r = finish(s.cont());
        const p = s.pos();
        const id = `${p.insn}/${p.entries}`;
        forward.set(id, key(stateDigest(s.k)));
        order.push(id);
        if (r.kind === 'exit') break;
      }
      expect(order.length).toBeGreaterThan(3);
      // back through every stop (each is a trap matching stop-on)
      for (let i = order.length - 2; i >= 0; i--) {
        finish(s.reverseContinue());
        const p = s.pos();
        expect(`${p.insn}/${p.entries}`).toBe(order[i]);
        expect(key(stateDigest(s.k)), `state at ${order[i]}`).toBe(forward.get(order[i]!));
      }
      // and forward again to the end: the same final state
      for (let i = 0; i < 500; i++) if (finish(s.cont()).kind === 'exit') break;
      expect(key(stateDigest(s.k))).toBe(forward.get(order[order.length - 1]!));
    });
  }

  it('reverse-step n and step n are inverse, instruction by instruction (fork, two processes)', () => {
    const { s } = session('sys/fork_cow.s', { stopOn: [] });
    const digests: string[] = [key(stateDigest(s.k))];
    for (let i = 0; i < 60; i++) {
      finish(s.step(1));
      digests.push(key(stateDigest(s.k)));
    }
    for (let i = 59; i >= 40; i--) {
      finish(s.reverseStep(1));
      expect(key(stateDigest(s.k)), `after ${60 - i} reverse steps`).toBe(digests[i]);
    }
    finish(s.reverseStep(30));
    expect(key(stateDigest(s.k))).toBe(digests[10]);
    finish(s.step(25));
    expect(key(stateDigest(s.k))).toBe(digests[35]);
  });

  it('a 10-million-instruction program: reverse-step at the end is exact (timed)', () => {
    const { s } = session('debug/long.s');
    s.addBreakpoint(Number(readElf(elfOf('debug/long.s')).symbols.find((x) => x.name === 'last_page')!.value), false);
    let t0 = performance.now();
    expect(finish(s.cont()).kind).toBe('trap'); // the first page fault
    expect(finish(s.cont()).kind).toBe('breakpoint');
    const before = key(stateDigest(s.k));
    const r = finish(s.cont());
    expect(r.kind).toBe('trap'); // the last page fault
    const atFault = key(stateDigest(s.k));
    expect(finish(s.step(1)).kind).toBe('step');
    const after = key(stateDigest(s.k));
    expect(s.pos().insn).toBeGreaterThan(10_000_000);
    const forwardMs = performance.now() - t0;
    t0 = performance.now();
    finish(s.reverseStep(1));
    const rsMs = performance.now() - t0;
    expect(key(stateDigest(s.k))).toBe(atFault);
    finish(s.reverseStep(1));
    expect(key(stateDigest(s.k))).toBe(before);
    // step stops at the fault (a stop event), then executes the store
    expect(finish(s.step(2)).kind).toBe('trap');
    expect(key(stateDigest(s.k))).toBe(atFault);
    finish(s.step(1));
    expect(key(stateDigest(s.k))).toBe(after);
    // to the end and back one step from the exit
    const end = finish(s.cont());
    expect(end.kind).toBe('exit');
    const final = key(stateDigest(s.k));
    finish(s.reverseStep(1));
    finish(s.step(1));
    expect(key(stateDigest(s.k))).toBe(final);
    console.log(`10M instructions: forward ${forwardMs.toFixed(0)} ms, one reverse-step ${rsMs.toFixed(0)} ms (detailed timing)`);
    expect(rsMs).toBeLessThan(60_000);
  }, 300_000);
});

describe('replay inputs and interruptions', () => {
  it('console input is recorded: a replay does not read again, and gives the same output', () => {
    const { s, out, reads } = session('debug/watch.s', { stdin: 'abcdefgh' });
    expect(finish(s.cont()).kind).toBe('exit');
    expect(out()).toBe('abcdefgh');
    const n = reads();
    const end = key(stateDigest(s.k));
    finish(s.reverseStep(8));
    finish(s.reverseContinue()); // back to the start
    expect(s.pos()).toEqual({ insn: 0, entries: 0 });
    expect(finish(s.cont()).kind).toBe('exit');
    expect(reads()).toBe(n);
    expect(out()).toBe('abcdefgh'); // shown once
    expect(key(stateDigest(s.k))).toBe(end);
  });

  it('an interrupted continue resumes to the same end', () => {
    const a = session('debug/long.s', { timing: 'none', stopOn: [] });
    const w = a.s.cont();
    w.next(); // runs until the first yield (about 50 ms of host time)
    w.return(undefined as never);
    a.s.interrupted();
    expect(a.s.pos().insn).toBeGreaterThan(0);
    expect(finish(a.s.cont()).kind).toBe('exit');
    const b = session('debug/long.s', { timing: 'none', stopOn: [] });
    expect(finish(b.s.cont()).kind).toBe('exit');
    expect(key(stateDigest(a.s.k))).toBe(key(stateDigest(b.s.k)));
  });
});

describe('commands', () => {
  function dbg(rel: string, o: Opts = {}) {
    const x = session(rel, { timing: 'none', ...o });
    let text = '';
    const d = new Debugger(x.s, readElf(elfOf(rel)), (t) => void (text += t), PLAIN);
    const run = (...lines: string[]) => {
      text = '';
      const errors = runScript(d, lines, (t) => void (text += t));
      // without the echoed command lines
      return { text: text.replace(/^\(mtemu\) .*\n/gm, ''), errors };
    };
    return { ...x, d, run };
  }

  it('next steps over BL and BLR, finish returns to x30', () => {
    const { run } = dbg('debug/calls.s');
    expect(run('next', 'next').text).toMatch(/=> 0x[0-9a-f]+ <_start\+0x8>: mov x19, x0\n$/);
    expect(run('regs').text).toMatch(/x0  0x0000000000000031\*/);
    expect(run('break twice', 'continue', 'finish').text).toMatch(/Returned from 0x[0-9a-f]+ <twice>; x0 = 0xa \(10\)\n=> 0x[0-9a-f]+ <_start\+0x18>/);
    expect(run('continue').text).toContain('Program exited with code 59.');
  });

  it('next over a call stops at a fault inside it', () => {
    const { run } = dbg('debug/tour.s');
    // no calls in tour: next is step; the read fault stops it
    expect(run('break read_it', 'run', 'next').text).toMatch(/Page fault \(read\)/);
  });

  it('stop-on syscall stops at each system call with its result', () => {
    const { run } = dbg('debug/refpage_rw.s', { stopOn: ['syscall'] });
    const t = run('continue', 'continue').text;
    expect(t).toMatch(/System call refpage_create\(0x[0-9a-f]+, 0x1, 0x0, 0x0\), pc 0x[0-9a-f]+ <_start\+0x14>: svc #0[^\n]*\n {2}kernel +refpage_create: 1-byte content at 0x[0-9a-f]+ -> PATTERN 0x5a, reference page pfn 0x[0-9a-f]+, fd 3\n {2}result +returned 3/);
    expect(t).toMatch(/System call mmap\(0x0, 0x3000, 0x3, 0x2\)/);
    expect(run('stop-on none', 'continue').text).toContain('Program exited with code 0.');
  });

  it('step counts a kernel entry as a step and lists the entries that did not stop', () => {
    const { run } = dbg('debug/refpage_rw.s');
    const t = run('step 7').text;
    expect(t).toMatch(/\[syscall refpage_create\(.*\) returned 3\]/);
  });

  it('reverse-continue finds breakpoint hits and watched changes by a scan', () => {
    const { run, s } = dbg('debug/watch.s', { stdin: 'xy' });
    run('watch total', 'continue', 'continue', 'continue');
    expect(s.watchpoints[0]!.shadow![0]).toBe(6);
    const t = run('reverse-continue').text;
    // back to just after the previous change (1 -> 3)
    expect(t).toMatch(/=> 0x[0-9a-f]+ <loop\+0xc>/);
    expect(run('x/dg total').text).toMatch(/<total>:\t3\n/);
    expect(run('delete', 'break loop', 'reverse-continue', 'info breakpoints').text).toMatch(/Breakpoint \d+, 0x[0-9a-f]+ <loop>/);
  });

  it('x formats, disas, pt, tags, vmas, info, help', () => {
    const { run } = dbg('debug/tour.s');
    run('break tag_fault', 'stop-on none', 'continue');
    expect(run('x/2i $pc').text).toMatch(/^=> 0x[0-9a-f]+ <tag_fault>:\tstr\tx1, \[x22\]\n {3}0x[0-9a-f]+ <segv_it>:\tmov\tx1, #256\n$/);
    expect(run('x/3dw $x20').text).toMatch(/^0x[0-9a-f]+:\t-1431655851\t-1431655766\t-1431655766\n$/);
    expect(run('x/2ub $x20').text).toMatch(/:\t85\t170\n$/);
    expect(run('x/tb $x20').text).toMatch(/:\t01010101\n$/);
    expect(run('x/c $x20').text).toMatch(/:\t85 'U'\n$/);
    expect(run('x/ag $sp').text).toMatch(/^0x[0-9a-f]+:\t0x[0-9a-f]+/);
    expect(run('x/s pattern').text).toMatch(/<pattern>:\t"\\252"\n$/);
    expect(run('disas tag_fault 2').text).toMatch(/=> 0x[0-9a-f]+ <tag_fault>:\tf90002c1\tstr\tx1, \[x22\]\n/);
    expect(run('pt $x22').text).toMatch(/L3 +desc @0x[0-9a-f]+ +0x[0-9a-f]{16} +page pfn .*Normal-Tagged/);
    expect(run('tags $x23 1').text).toMatch(/logical tag 0x3; page Normal-Tagged.*\n.*\n +0x[0-9a-f]+ +0x3 +match\n$/);
    expect(run('vmas').text).toMatch(/rw-m +\[anon\]/);
    expect(run('info').text).toMatch(/Position +insn \d+, kernel entries \d+/);
    expect(run('help').text).toContain('reverse-continue');
    expect(run('help rs').text).toMatch(/^reverse-step \[N\] +\(also: rs, reverse-stepi, rsi\)/);
  });

  it('mistakes are messages, not crashes; a script with one exits 1', () => {
    const { run } = dbg('debug/tour.s');
    const r = run('frobnicate', 'break nosuchsym', 'x/4q $pc', 'step -1', 'watch', 'delete 99', 'info foo', 'stop-on faults,bogus');
    expect(r.errors).toBe(8);
    expect(r.text).toContain('Undefined command: "frobnicate".  Try "help".');
    expect(r.text).toContain('No symbol "nosuchsym" in current context.');
    expect(r.text).toContain("x: unknown format letter 'q'");
    expect(r.text).toContain('No breakpoint or watchpoint number 99.');
    expect(r.text).toContain("stop-on: unknown event 'bogus'");
    expect(() => finish(new Debugger(session('debug/tour.s').s, readElf(elfOf('debug/tour.s')), () => {}, PLAIN).exec('x/4xb'))).toThrow(CommandError);
  });

  it('colour only on a terminal, and never with NO_COLOR or TERM=dumb', () => {
    expect(pickStyle(false, {})).toBe(PLAIN);
    expect(pickStyle(true, {})).toBe(ANSI);
    expect(pickStyle(true, { NO_COLOR: '1' })).toBe(PLAIN);
    expect(pickStyle(true, { TERM: 'dumb' })).toBe(PLAIN);
    const x = session('debug/calls.s', { timing: 'none' });
    let text = '';
    const d = new Debugger(x.s, readElf(elfOf('debug/calls.s')), (t) => void (text += t), ANSI);
    runScript(d, ['step', 'regs'], (t) => void (text += t));
    expect(text).toContain('\x1b[1;33m0x0000000000000007\x1b[0m');
    expect(text).not.toMatch(/\*/);
  });
});

export type { StopReport };
