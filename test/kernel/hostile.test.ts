// Hostile guests: whatever a program does, the host never crashes or hangs.
// Every run ends in an exit status, a fatal signal, or the instruction
// limit (DESIGN.md "Errors are values at the edges"); memory exhaustion
// kills the guest (SIGKILL, as the OOM killer would) and leaks no page.
// Where qemu-aarch64 is installed, cases with a Linux-defined end are also
// run there and must end the same way.

import { afterAll, describe, expect, it } from 'vitest';
import { build, cleanupTmp, haveQemu, outcome, prog, qemuOutcome, runAsm, runElf, snapsOf, type RunOptions, type RunResult } from './helpers.ts';

afterAll(cleanupTmp);

/** Run on our kernel (and, unless told not to, under qemu); expect `want` from both. */
function ends(body: string, want: string | RegExp, opts: RunOptions & { data?: string; qemu?: boolean | string } = {}): RunResult {
  const { data = '', qemu = true, ...ropts } = opts;
  const src = prog(body, data);
  const r = runAsm(src, { maxInsns: 2_000_000, ...ropts });
  const got = outcome(r.exit);
  if (typeof want === 'string') expect(got, r.stdout).toBe(want);
  else expect(got, r.stdout).toMatch(want);
  if (typeof qemu === 'string' && haveQemu) {
    // where qemu-user differs from Linux, its own end (the case says why)
    expect(qemuOutcome(build(src)).outcome).toBe(qemu);
  } else if (qemu && haveQemu) {
    const q = qemuOutcome(build(src));
    if (typeof want === 'string') expect(q.outcome, q.stderr.slice(-500)).toBe(want);
    else expect(q.outcome, q.stderr.slice(-500)).toMatch(want);
  }
  return r;
}

/** After a run, kill what is still alive (the first process's exit ends a run): no page may stay behind. */
function expectNoLeak(r: RunResult): void {
  for (const p of r.k.procs.values()) if (p.state !== 'zombie') r.k.killProc(p, 9, false, 0, 0, 0n);
  expect(r.k.liveRefpages).toBe(0);
  expect(r.k.pages.used).toBe(r.baseUsed);
}

const SIGSEGV_MAPERR = 'signal 11 code 1';

describe('wild pointers', () => {
  const cases: [string, string][] = [
    ['NULL', '0'],
    ['0xdeadbeef', '0xdeadbeef'],
    ['the top of the user VA range', '0xfffffffffff8'],
    ['a kernel (TTBR1) address', '0xffff000000001000'],
    ['a non-canonical address (bits 55:48 = 0x01)', '0x0001000000000000'],
  ];
  for (const [what, addr] of cases) {
    it(`a load from ${what}`, () => {
      const r = ends(`
	ldr x0, =${addr}
	ldr x1, [x0]
	EXIT 0`, SIGSEGV_MAPERR);
      expectNoLeak(r);
    });
  }

  it('a store through a tagged pointer to nothing: si_addr without the tag (no SA_EXPOSE_TAGBITS)', () => {
    const r = ends(`
	ldr x0, =0x0500000000001000
	str x1, [x0]
	EXIT 0`, SIGSEGV_MAPERR);
    // Linux clears the tag bits of si_addr; qemu-user 7.2 reports the raw FAR (MTE.md §2.3)
    expect(r.exit.sigAddr).toBe(0x1000n);
  });

  it('write(1, wild pointer) is EFAULT, not a signal', () => {
    const r = ends(`
	ldr x9, =0xdead0000
	SC 64, #1, x9, #16
	CHECK x0, -14, 1
	EXIT 0`, 'exit 0');
    expect(r.stdout).toBe('');
  });

  it('system calls with absurd arguments fail with errno', () => {
    const r = ends(`
	mov x9, #-1
	SC 222, xzr, x9, #3, #0x22, x9, #0	// mmap of 2^64-1 bytes
	CHECK x0, -12, 1
	mov x9, #-4096
	SC 215, #0, x9				// munmap of almost everything
	CHECK x0, -22, 2
	SC 999					// no such syscall
	CHECK x0, -38, 3
	mov x9, sp
	SC 63, #-5, x9, #10			// read(-5)
	CHECK x0, -9, 4
	mov x9, #0x1000
	SC 134, #11, x9, xzr, #8		// rt_sigaction with a wild act
	CHECK x0, -14, 5
	mov x9, #0x1000
	SC 134, #9, x9, xzr, #8			// the act copy comes first: EFAULT
	CHECK x0, -14, 8
	mov x9, sp
	SC 134, #9, x9, xzr, #8			// SIGKILL cannot be caught...
	CHECK x0, -22, 6
	SC 134, #9, xzr, xzr, #8		// ...but may be queried
	CHECK x0, 0, 7
	EXIT 0`, 'exit 0');
    expectNoLeak(r);
  });
});

describe('memory exhaustion', () => {
  const MEM = 16 << 20;

  it('a mapping far larger than memory succeeds (lazily); touching it all ends in SIGKILL', () => {
    const r = ends(`
	mov x20, #(256 << 20)
	mov x10, #-1
	SC 222, xzr, x20, #3, #0x22, x10, #0
	cmn x0, #4096
	b.hs 9f
	mov x19, x0
	mov x21, #0
1:	strb w21, [x19, x21]
	add x21, x21, #4096
	cmp x21, x20
	b.lo 1b
	EXIT 0
9:	EXIT 1`, 'signal 9 code 0', { memSize: MEM, qemu: false });
    expect(snapsOf(r, 'mmap')[0]!.ret).toBeGreaterThan(0);
    expectNoLeak(r);
  });

  it('MAP_POPULATE of more than memory stops when memory runs out; the call succeeds', () => {
    const r = ends(`
	mov x20, #(1 << 40)
	mov x10, #-1
	ldr x11, =0x8022			// MAP_POPULATE|MAP_PRIVATE|MAP_ANONYMOUS
	SC 222, xzr, x20, #3, x11, x10, #0
	cmn x0, #4096
	b.hs 9f
	EXIT 0
9:	EXIT 1`, 'exit 0', { memSize: MEM, qemu: false });
    expectNoLeak(r);
  });

  it('a 2^46-byte mapping: mprotect, fork, munmap and exit stay fast (sparse page tables are skipped)', () => {
    const t = Date.now();
    const r = ends(`
	mov x20, #(1 << 46)
	mov x10, #-1
	SC 222, xzr, x20, #3, #0x22, x10, #0
	cmn x0, #4096
	b.hs 9f
	mov x19, x0
	strb wzr, [x19]
	add x21, x19, x20
	strb wzr, [x21, #-1]
	SC 226, x19, x20, #1		// mprotect the whole range
	CHECK x0, 0, 2
	SC 226, x19, x20, #3
	strb wzr, [x19, #1]
	SC 220, #17			// fork copies the PTEs of the written VMA
	cbz x0, 8f
	mov x22, x0
	SC 260, x22, xzr, #0, #0
	SC 215, x19, x20
	CHECK x0, 0, 3
	EXIT 0
8:	EXIT 0				// the child exits with the mapping
9:	EXIT 1`, 'exit 0', { qemu: false });
    expect(Date.now() - t).toBeLessThan(5000);
    expectNoLeak(r);
  });

  it('fork until memory runs out: ENOMEM, or EAGAIN at maxProcs; nothing leaks once all are killed', () => {
    const r = ends(`
	mov x19, #0
1:	SC 220, #17
	cbz x0, 5f
	tbnz x0, #63, 2f
	add x19, x19, #1
	b 1b
2:	neg x0, x0
	mov x8, #93
	svc #0
5:	SC 124				// children: yield forever
	b 5b`, /^exit (11|12)$/, { memSize: (1 << 20) + 48 * 4096, maxProcs: 1000, slice: 2000, qemu: false });
    expect(r.k.procs.size).toBeGreaterThan(1);
    expectNoLeak(r);
  });
});

describe('runaway processes', () => {
  it('a fork loop meets maxProcs: EAGAIN, counted; the children are killed and reaped', () => {
    const r = ends(`
	mov x19, #0
1:	SC 220, #17
	cbz x0, 5f
	tbnz x0, #63, 2f
	add x19, x19, #1
	b 1b
2:	CHECK x0, -11, 90		// EAGAIN
	mov x20, #0
3:	mov x21, x20			// kill every child: pids 2..x19+1
	add x21, x21, #2
	SC 129, x21, #9
	SC 260, #-1, xzr, #0, #0
	add x20, x20, #1
	cmp x20, x19
	b.lo 3b
	mov x0, x19
	mov x8, #93
	svc #0
5:	SC 124
	b 5b`, 'exit 7', { maxProcs: 8, slice: 1000, qemu: false });
    expect(snapsOf(r, 'clone').filter((s) => s.ret === -11)).toHaveLength(1);
    expectNoLeak(r);
  });

  it('an unbounded fork bomb ends at the instruction limit', () => {
    const r = ends(`
1:	SC 220, #17
	b 1b`, 'limit', { maxInsns: 200_000, maxProcs: 16, slice: 500, qemu: false });
    expect(snapsOf(r, 'clone').some((s) => s.ret === -11)).toBe(true);
    expectNoLeak(r);
  });

  it('an infinite loop ends at the instruction limit', () => {
    const r = ends('1:	b 1b', 'limit', { maxInsns: 100_000, qemu: false });
    expect(r.k.machine.instret).toBe(100_000);
  });

  it('deep recursion runs off the stack limit: SIGSEGV (the guard below 8 MiB)', () => {
    const r = ends(`
	bl f
	EXIT 0
f:	stp x29, x30, [sp, #-256]!
	bl f`, SIGSEGV_MAPERR, { maxInsns: 1_000_000, qemu: false });
    expect(r.exit.sigAddr! % 16n).toBe(0n);
    expectNoLeak(r);
  });
});

describe('bad control flow', () => {
  it('jumping to a non-executable page: SIGSEGV SEGV_ACCERR', () => {
    ends(`
	adrp x0, buf
	br x0`, 'signal 11 code 2', { data: 'buf: .word 0xd65f03c0\n' });
  });

  it('jumping to NULL: SIGSEGV SEGV_MAPERR', () => {
    ends('\tmov x0, #0\n\tbr x0', SIGSEGV_MAPERR);
  });

  it('a misaligned branch target: SIGBUS BUS_ADRALN', () => {
    const r = ends(`
	adr x0, 1f
	add x0, x0, #2
	br x0
1:	EXIT 0`, 'signal 7 code 1');
    expect(r.faults.bus).toBe(1);
  });

  // Linux do_undefinstr: ILL_ILLOPC; qemu-user 7.2 reports ILL_ILLOPN (2)
  it('UDF: SIGILL ILL_ILLOPC', () => {
    ends('\tudf #0x1234', 'signal 4 code 1', { qemu: 'signal 4 code 2' });
  });

  it('an unallocated encoding: SIGILL ILL_ILLOPC', () => {
    ends('\t.inst 0xffffffff', 'signal 4 code 1', { qemu: 'signal 4 code 2' });
  });

  it('BRK: SIGTRAP', () => {
    ends('\tbrk #1', 'signal 5 code 1');
  });

  it('a misaligned SP used as a base: SIGBUS BUS_ADRALN, si_addr = SP (SCTLR_EL1.SA0, as Linux sets it; qemu-user does not check and runs on)', () => {
    const r = ends(`
	mov x9, sp
	sub x9, x9, #3
	mov sp, x9
	ldr x1, [sp]
	str x1, [sp, #8]
	EXIT 0`, 'signal 7 code 1', { qemu: 'exit 0' });
    // the fault is taken before the access, at the ldr, with SP (not the PC) as the address
    expect(Number(r.exit.sigAddr! % 16n)).toBe(13);
    // an SP-based access with an aligned SP, and an unaligned access through another register, are fine
    ends(`
	mov x9, sp
	sub x9, x9, #16
	mov sp, x9
	str x1, [sp]
	add x10, x9, #3
	ldr x1, [x10]
	EXIT 0`, 'exit 0');
  });
});

describe('signal handlers that misbehave', () => {
  /** rt_sigaction(signo, {handler, SA_SIGINFO | extra}, NULL, 8). */
  const install = (signo: number, handler: string, flags = 4) => `
	adrp x19, act
	add x19, x19, :lo12:act
	adr x9, ${handler}
	str x9, [x19]
	mov x9, #${flags}
	str x9, [x19, #8]
	SC 134, #${signo}, x19, xzr, #8
	CHECK x0, 0, 80
`;
  const raise = (signo: number) => `
	SC 172
	mov x9, x0
	SC 129, x9, #${signo}
`;
  const ACT = 'act: .skip 32\n';

  it('a handler that returns to garbage: SIGSEGV at the garbage address', () => {
    const r = ends(`${install(10, 'h')}${raise(10)}
	EXIT 0
h:	ldr x30, =0xdead0000
	ret`, SIGSEGV_MAPERR, { data: ACT });
    expect(r.exit.sigAddr).toBe(0xdead0000n);
    expect(r.exit.pc).toBe(0xdead0000);
  });

  it('a SIGSEGV handler that faults again: the blocked signal is forced, default action', () => {
    ends(`${install(11, 'h')}
	mov x9, #0
	ldr x1, [x9]
	EXIT 0
h:	mov x9, #8
	ldr x1, [x9]
	ret`, SIGSEGV_MAPERR, { data: ACT });
  });

  it('a SIGSEGV handler that returns to the faulting load: faults forever, ends at the limit', () => {
    const r = ends(`${install(11, 'h')}
	mov x9, #0
	ldr x1, [x9]
	EXIT 0
h:	ret`, 'limit', { data: ACT, maxInsns: 20_000, qemu: false });
    expect(r.faults.segv).toBeGreaterThan(100);
  });

  it('a handler that corrupts its frame (pstate EL1h): rt_sigreturn refuses, SIGSEGV', () => {
    ends(`${install(10, 'h')}${raise(10)}
	EXIT 0
h:	mov x9, #5			// EL1h
	str x9, [x2, #(176 + 272)]	// uc_mcontext.pstate
	ret`, 'signal 11 code 2', { data: ACT, qemu: false });
  });

  // sys_rt_sigreturn badframe -> arm64_notify_segfault(sp): SEGV_ACCERR, sp being in the stack VMA
  it('rt_sigreturn with no frame on the stack: SIGSEGV SEGV_ACCERR at sp', () => {
    const r = ends('\tSC 139\n\tEXIT 0', 'signal 11 code 2', { qemu: false });
    expect(r.exit.sigAddr! % 16n).toBe(0n);
  });

  it('a signal with the stack pointer in unmapped memory: the frame cannot be written, SIGSEGV', () => {
    ends(`${install(10, 'h')}
	mov x9, #0x10000
	mov sp, x9
	SC 172
	mov x9, x0
	SC 129, x9, #10
	EXIT 0
h:	ret`, 'signal 11 code 128', { data: ACT }); // force_sigsegv: SI_KERNEL
  });
});

describe('fuzz: random instruction words with random registers', () => {
  /** xorshift32 */
  function rng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x;
    };
  }
  const SYSCALLS = [56, 57, 63, 64, 93, 94, 96, 113, 124, 129, 134, 135, 139, 160, 165, 167, 172, 214, 215, 220, 222, 226, 233, 260, 447, 448];
  const INTERESTING = [0xd4000001 /* svc #0 */, 0xd61f0000 /* br x0 */, 0xd63f0020 /* blr x1 */, 0xf9400000 /* ldr x0,[x0] */, 0xf9000041 /* str x1,[x2] */, 0xd9200000 /* stg */, 0xd9600000 /* ldg */, 0x00000000 /* udf */];

  function program(seed: number): string {
    const r = rng(seed);
    const vals = () => {
      switch (r() % 6) {
        case 0: return String(r() % 64);
        case 1: return '0x' + (r() >>> 0).toString(16) + (r() >>> 0).toString(16).padStart(8, '0');
        case 2: return 'buf';
        case 3: return String(2 ** 20 * (r() % 512));
        case 4: return '-1';
        default: return '0x' + ((r() % 16) << 28 >>> 0).toString(16) + '00000000';
      }
    };
    const lines: string[] = [];
    for (let i = 0; i < 16; i++) lines.push(`\tldr x${i}, =${vals()}`);
    lines.push(`\tmov x8, #${SYSCALLS[r() % SYSCALLS.length]}`);
    for (let i = 0; i < 48; i++) {
      const w = r() % 4 === 0 ? INTERESTING[r() % INTERESTING.length]! : r() >>> 0;
      lines.push(`\t.inst 0x${w.toString(16)}`);
      if (w === 0xd4000001) lines.push(`\tmov x8, #${SYSCALLS[r() % SYSCALLS.length]}`);
    }
    lines.push('\tEXIT 0');
    return lines.join('\n');
  }

  it('300 seeds: each run ends in exit, signal or limit, and frees everything', () => {
    const ends = new Map<string, number>();
    for (let seed = 1; seed <= 300; seed++) {
      const src = prog(program(seed), 'buf: .skip 4096\n');
      let r: RunResult;
      try {
        r = runElf(build(src), { maxInsns: 20_000, memSize: 32 << 20, maxProcs: 8, slice: 2000 });
      } catch (e) {
        throw new Error(`seed ${seed}: host exception ${(e as Error).stack}`);
      }
      const o = outcome(r.exit);
      expect(o, `seed ${seed}`).toMatch(/^(exit \d+|signal \d+ code -?\d+|limit)$/);
      const kind = o.replace(/ code .*/, '').replace(/^exit \d+$/, 'exit');
      ends.set(kind, (ends.get(kind) ?? 0) + 1);
      for (const p of r.k.procs.values()) if (p.state !== 'zombie') r.k.killProc(p, 9, false, 0, 0, 0n);
      expect(r.k.pages.used, `seed ${seed}: pages left`).toBe(r.baseUsed);
      expect(r.k.liveRefpages, `seed ${seed}`).toBe(0);
    }
    // the mix is varied: mostly SIGILL, but also other signals and exits
    expect(ends.get('signal 4')).toBeGreaterThan(50);
    expect(ends.size).toBeGreaterThan(2);
  });
});
