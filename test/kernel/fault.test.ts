// The page-fault path (kernel/fault.ts) and the memory syscalls that shape
// it (kernel/syscall.ts), one small program per case. Each ends in an exit
// status or a fatal signal; the signal's si_code and si_addr are checked,
// and where qemu-aarch64 is installed the same ELF runs there with -strace
// and must end the same way (Linux's arch/arm64/mm/fault.c do_page_fault:
// no VMA -> SEGV_MAPERR, VMA without the access right -> SEGV_ACCERR).

import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE, STACK_MAX, STACK_TOP } from '../../kernel/layout.ts';
import { build, buildProgram, cleanupTmp, haveQemu, outcome, prog, qemuOutcome, runAsm, runElf, snapsOf, type RunResult } from './helpers.ts';

afterAll(cleanupTmp);

interface Case {
  r: RunResult;
  /** What qemu-aarch64 ended with (undefined without qemu). */
  q?: ReturnType<typeof qemuOutcome>;
}

/** Run a program body on our kernel and, when present, under qemu. */
function run(body: string, data = '', opts: { qemu?: boolean } = {}): Case {
  const src = prog(body, data);
  const r = runAsm(src);
  const q = haveQemu && opts.qemu !== false ? qemuOutcome(build(src)) : undefined;
  return { r, ...(q ? { q } : {}) };
}

/** Expect the outcome on our kernel, and the same under qemu. */
function expectEnd(c: Case, want: string): void {
  expect(outcome(c.r.exit), c.r.stdout).toBe(want);
  if (c.q) expect(c.q.outcome, c.q.stderr.slice(-600)).toBe(want);
}

/** The value an mmap call returned (the n-th one). */
const mmapRet = (r: RunResult, n = 0): bigint => BigInt(snapsOf(r, 'mmap')[n]!.ret);

const SEGV_MAPERR = 'signal 11 code 1';
const SEGV_ACCERR = 'signal 11 code 2';

/** x19 = mmap(0, x9 pages, prot, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0). */
const MMAP = (pages: number, prot: number, reg = 'x19') => `
	mov x9, #${pages * PAGE_SIZE}
	mov x10, #-1
	SC 222, xzr, x9, #${prot}, #0x22, x10, #0
	mov ${reg}, x0
`;

describe('SEGV_MAPERR: no VMA', () => {
  it('a load from the NULL guard page', () => {
    const c = run(`
	mov x0, #0x1000
	ldr x1, [x0]
	EXIT 0`);
    expectEnd(c, SEGV_MAPERR);
    expect(c.r.exit.sigAddr).toBe(0x1000n);
    if (c.q) expect(c.q.siAddr).toBe(0x1000n);
    expect(c.r.faults.segv).toBe(1);
  });

  it('a store to a page after munmap', () => {
    const c = run(`${MMAP(2, 3)}
	mov w1, #7
	strb w1, [x19, #4095]
	add x20, x19, #4096
	SC 215, x20, #4096
	strb w1, [x19, #4095]		// still mapped
	strb w1, [x20, #16]		// gone
	EXIT 0`);
    expectEnd(c, SEGV_MAPERR);
    expect(c.r.exit.sigAddr).toBe(mmapRet(c.r) + 4096n + 16n);
  });

  it('a tagged pointer with bits 55:48 set (outside TTBR0)', () => {
    const c = run(`
	mov x0, #0x0001000000000000
	ldr x1, [x0]
	EXIT 0`);
    expectEnd(c, SEGV_MAPERR);
  });

  it('the guard below the stack limit: 9 MiB below sp does not grow the stack', () => {
    const c = run(`
	mov x0, sp
	sub x0, x0, #(9 << 20)
	str xzr, [x0]
	EXIT 0`);
    expectEnd(c, SEGV_MAPERR);
    expect(c.r.exit.sigAddr! < BigInt(STACK_TOP - STACK_MAX)).toBe(true);
  });
});

describe('stack growth', () => {
  it('a store 1 MiB below sp grows the stack VMA down (expand_stack)', () => {
    const c = run(`
	mov x0, sp
	sub x0, x0, #(1 << 20)
	mov x1, #0x123
	str x1, [x0]
	ldr x2, [x0]
	CHECK x2, 0x123, 1
	ldr x3, [x0, #8]
	CHECK x3, 0, 2
	EXIT 0`);
    expectEnd(c, 'exit 0');
  });

  it('the log records the growth', () => {
    const r = runAsm(prog(`
	mov x0, sp
	sub x0, x0, #(2 << 20)
	str xzr, [x0]
	EXIT 0`), { log: true });
    expect(outcome(r.exit)).toBe('exit 0');
    const rec = r.k.log.records.find((x) => x.steps.some((s) => s.startsWith('grow the stack down to')));
    expect(rec?.outcome).toBe('resolved');
    expect(rec?.patches.length).toBeGreaterThan(0);
  });
});

describe('SEGV_ACCERR: the VMA forbids the access', () => {
  it('a write to a never-touched PROT_READ mapping', () => {
    const c = run(`${MMAP(1, 1)}
	mov w1, #7
	strb w1, [x19, #3]
	EXIT 0`);
    expectEnd(c, SEGV_ACCERR);
    expect(c.r.exit.sigAddr).toBe(mmapRet(c.r) + 3n);
  });

  it('a write to a PROT_READ page already mapped to the zero page by a read', () => {
    const c = run(`${MMAP(1, 1)}
	ldrb w1, [x19]
	CHECK w1, 0, 1
	strb w1, [x19]
	EXIT 0`);
    expectEnd(c, SEGV_ACCERR);
    expect(c.r.faults['zero-map']).toBe(1);
  });

  it('executing a page mapped without PROT_EXEC (anonymous RW)', () => {
    const c = run(`${MMAP(1, 3)}
	ldr w1, =0xd65f03c0		// ret
	str w1, [x19]
	blr x19
	EXIT 0`);
    expectEnd(c, SEGV_ACCERR);
    expect(c.r.exit.sigAddr).toBe(mmapRet(c.r));
    expect(c.r.exit.pc).toBe(Number(mmapRet(c.r)));
  });

  it('executing the ELF data segment', () => {
    const c = run(`
	adrp x0, code
	add x0, x0, :lo12:code
	blr x0
	EXIT 0`, 'code: ret\n');
    expectEnd(c, SEGV_ACCERR);
  });

  it('executing a page that was never touched (translation fault, then the VMA check)', () => {
    const c = run(`${MMAP(1, 3)}
	blr x19
	EXIT 0`);
    expectEnd(c, SEGV_ACCERR);
  });
});

describe('mprotect', () => {
  it('downgrade: after mprotect(PROT_READ) reads work and a write faults ACCERR', () => {
    const c = run(`${MMAP(2, 3)}
	mov w1, #0x42
	strb w1, [x19, #100]
	mov x9, #8192
	SC 226, x19, x9, #1		// PROT_READ
	CHECK x0, 0, 1
	ldrb w2, [x19, #100]
	CHECK w2, 0x42, 2
	strb w1, [x19, #101]
	EXIT 0`);
    expectEnd(c, SEGV_ACCERR);
    expect(c.r.exit.sigAddr).toBe(mmapRet(c.r) + 101n);
  });

  it('downgrade then back to RW: the write works and keeps the data', () => {
    const c = run(`${MMAP(2, 3)}
	mov w1, #0x42
	strb w1, [x19, #100]
	mov x9, #8192
	SC 226, x19, x9, #1
	SC 226, x19, x9, #3
	CHECK x0, 0, 1
	mov w1, #0x43
	strb w1, [x19, #101]
	ldrb w2, [x19, #100]
	CHECK w2, 0x42, 2
	ldrb w2, [x19, #101]
	CHECK w2, 0x43, 3
	EXIT 0`);
    expectEnd(c, 'exit 0');
    // the write after the upgrade is a write-protect fault on a page mapped once: reused in place
    expect(c.r.faults['cow-reuse']).toBe(1);
  });

  it('upgrade: a PROT_READ zero-page mapping made RW gets a private page on write', () => {
    const c = run(`${MMAP(1, 1)}
	ldrb w1, [x19]
	mov x9, #4096
	SC 226, x19, x9, #3
	mov w1, #9
	strb w1, [x19]
	ldrb w2, [x19]
	CHECK w2, 9, 1
	EXIT 0`);
    expectEnd(c, 'exit 0');
    expect(c.r.faults['cow-zero']).toBe(1);
  });

  it('PROT_NONE: even a read faults ACCERR', () => {
    const c = run(`${MMAP(1, 3)}
	strb wzr, [x19]
	mov x9, #4096
	SC 226, x19, x9, #0
	ldrb w1, [x19]
	EXIT 0`);
    expectEnd(c, SEGV_ACCERR);
  });

  // qemu-aarch64 7.2 spins forever at the store after this mprotect (its
  // page flags and the host protection disagree): no oracle for these two.
  it('a range with a hole after its start: ENOMEM, the part before the hole changed (do_mprotect_pkey)', () => {
    const c = run(`${MMAP(3, 3)}
	add x20, x19, #4096
	SC 215, x20, #4096
	add x21, x19, #8192
	mov x9, #(3 * 4096)
	SC 226, x19, x9, #1
	CHECK x0, -12, 1
	strb wzr, [x21]			// after the hole: still writable
	strb wzr, [x19]			// before the hole: now read-only
	EXIT 0`, '', { qemu: false });
    expectEnd(c, SEGV_ACCERR);
    expect(c.r.exit.sigAddr).toBe(mmapRet(c.r));
  });

  it('a range starting in a hole: ENOMEM, nothing changed', () => {
    const c = run(`${MMAP(3, 3)}
	SC 215, x19, #4096
	add x21, x19, #4096
	mov x9, #(3 * 4096)
	SC 226, x19, x9, #1
	CHECK x0, -12, 1
	strb wzr, [x21]			// unchanged
	EXIT 0`, '', { qemu: false });
    expectEnd(c, 'exit 0');
  });

  it('splits the VMA: only the middle page becomes read-only', () => {
    const c = run(`${MMAP(3, 3)}
	add x20, x19, #4096
	SC 226, x20, #4096, #1
	strb wzr, [x19]
	add x21, x19, #8192
	strb wzr, [x21]
	strb wzr, [x20]
	EXIT 0`);
    expectEnd(c, SEGV_ACCERR);
    expect(c.r.exit.sigAddr).toBe(mmapRet(c.r) + 4096n);
  });
});

describe('PROT_MTE via mprotect', () => {
  /** prctl(PR_SET_TAGGED_ADDR_CTRL, TAGGED_ADDR_ENABLE | TCF_SYNC | tags 1-15). */
  const TAGS_SYNC = `
	ldr x9, =0x7fff3
	SC 167, #55, x9, #0, #0, #0
	CHECK x0, 0, 90
`;

  it('STG is ignored before PROT_MTE, kept after; the data survives the change', () => {
    const c = run(`${TAGS_SYNC}${MMAP(1, 3)}
	mov w1, #0x77
	strb w1, [x19, #17]
	orr x20, x19, #(3 << 56)
	stg x20, [x20]			// untagged page: tag not stored
	ldg x21, [x19]
	ubfx x21, x21, #56, #4
	CHECK x21, 0, 1
	mov x9, #4096
	SC 226, x19, x9, #0x23		// PROT_READ|PROT_WRITE|PROT_MTE
	CHECK x0, 0, 2
	ldg x21, [x19]
	ubfx x21, x21, #56, #4
	CHECK x21, 0, 3			// tags start at 0
	stg x20, [x20]
	ldg x21, [x19]
	ubfx x21, x21, #56, #4
	CHECK x21, 3, 4
	orr x22, x19, #(3 << 56)
	ldrb w2, [x22, #17]		// tag 3 in the second granule? no: tag 0 there
	EXIT 0`);
    // granule 1 (offset 16) still has tag 0, the pointer says 3: synchronous tag check fault
    expectEnd(c, 'signal 11 code 9');
  });

  it('PROT_MTE cannot be cleared: mprotect(RW) keeps the tags and the checks', () => {
    const c = run(`${TAGS_SYNC}${MMAP(1, 0x23)}
	mov x20, x19
	mov x9, #5
	bfi x20, x9, #56, #4
	stg x20, [x20]
	mov x9, #4096
	SC 226, x19, x9, #3		// PROT_READ|PROT_WRITE without PROT_MTE
	CHECK x0, 0, 1
	ldg x21, [x19]
	ubfx x21, x21, #56, #4
	CHECK x21, 5, 2
	ldrb w1, [x20]			// matching tag: fine
	ldrb w1, [x19]			// tag 0 vs allocation tag 5
	EXIT 0`);
    expectEnd(c, 'signal 11 code 9');
    expect(c.r.exit.sigAddr).toBe(mmapRet(c.r));
  });

  it('PROT_MTE on the ELF data segment is EINVAL; on the heap (brk) it is allowed', () => {
    const c = run(`
	adrp x19, buf
	SC 226, x19, #4096, #0x23
	CHECK x0, -22, 1
	SC 214, #0
	mov x20, x0
	add x21, x20, #8192
	SC 214, x21
	CHECKR x0, x21, 2
	add x22, x20, #4095
	and x22, x22, #~4095
	SC 226, x22, #4096, #0x23
	CHECK x0, 0, 3
	EXIT 0`, 'buf: .skip 16\n', { qemu: false });
    // qemu-user 7.2 allows it (its ELF image is anonymous memory); Linux's
    // arch_validate_flags needs VM_MTE_ALLOWED, which a file mapping lacks
    expectEnd(c, 'exit 0');
  });
});

describe('MAP_FIXED and MAP_FIXED_NOREPLACE', () => {
  it('MAP_FIXED replaces the middle of a mapping: new zero page there, old data around', () => {
    const c = run(`${MMAP(3, 3)}
	mov w1, #0x11
	strb w1, [x19]
	add x20, x19, #4096
	strb w1, [x20]
	add x21, x19, #8192
	strb w1, [x21]
	mov x10, #-1
	SC 222, x20, #4096, #3, #0x32, x10, #0	// MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED
	CHECKR x0, x20, 1
	ldrb w2, [x20]
	CHECK w2, 0, 2
	ldrb w2, [x19]
	CHECK w2, 0x11, 3
	ldrb w2, [x21]
	CHECK w2, 0x11, 4
	EXIT 0`);
    expectEnd(c, 'exit 0');
  });

  it('MAP_FIXED_NOREPLACE over a mapping: EEXIST, the mapping untouched', () => {
    const c = run(`${MMAP(2, 3)}
	mov w1, #0x11
	strb w1, [x19]
	mov x10, #-1
	ldr x11, =0x100022		// MAP_FIXED_NOREPLACE|MAP_PRIVATE|MAP_ANONYMOUS
	add x20, x19, #4096
	SC 222, x20, #4096, #3, x11, x10, #0
	CHECK x0, -17, 1
	ldrb w2, [x19]
	CHECK w2, 0x11, 2
	SC 215, x20, #4096
	SC 222, x20, #4096, #3, x11, x10, #0	// now free: mapped exactly there
	CHECKR x0, x20, 3
	EXIT 0`, '', { qemu: false });
    // qemu-user 7.2 does not know MAP_FIXED_NOREPLACE: it maps elsewhere
    expectEnd(c, 'exit 0');
  });

  it('MAP_FIXED of a refpage over anonymous memory shows the reference content', () => {
    const c = run(`${MMAP(2, 3)}
	strb wzr, [x19]
	adrp x20, pat
	add x20, x20, :lo12:pat
	SC 448, x20, #1, #0
	mov x21, x0
	SC 222, x19, #4096, #3, #0x12, x21, #0	// MAP_PRIVATE|MAP_FIXED
	CHECKR x0, x19, 1
	ldrb w2, [x19, #5]
	CHECK w2, 0xa5, 2
	EXIT 0`, 'pat: .byte 0xa5\n', { qemu: false });
    expectEnd(c, 'exit 0');
  });
});

describe('brk', () => {
  const growShrink = `
	SC 214, #0
	mov x19, x0			// the initial break
	add x20, x19, #(3 * 4096)
	SC 214, x20
	CHECKR x0, x20, 1
	sub x21, x20, #1
	mov w1, #0x5a
	strb w1, [x21]			// last byte of the grown heap
	SC 214, x19			// shrink back
	CHECKR x0, x19, 2
	SC 214, x20			// grow again
	CHECKR x0, x20, 3
	ldrb w2, [x21]
	CHECK w2, 0, 4			// fresh memory
	EXIT 0`;

  it('grow, write, shrink, grow again: the memory is fresh (zero)', () => {
    expectEnd(run(growShrink), 'exit 0');
  });

  it('after a shrink the pages are gone (qemu-user 7.2 keeps them mapped; Linux unmaps)', () => {
    const c = run(growShrink.replace('\tEXIT 0', `\tSC 214, x19
	ldrb w2, [x21]			// shrunk: unmapped
	EXIT 0`), '', { qemu: false });
    expectEnd(c, SEGV_MAPERR);
    expect(c.r.exit.sigAddr).toBe(BigInt(snapsOf(c.r, 'brk')[1]!.ret) - 1n);
  });

  it('brk below the start is refused (returns the current break)', () => {
    const c = run(`
	SC 214, #0
	mov x19, x0
	SC 214, #0x1000
	CHECKR x0, x19, 1
	EXIT 0`);
    expectEnd(c, 'exit 0');
  });
});

describe('fill-on-fault never maps the reference page', () => {
  /** PTE installs (after values) of a logged run that point at a reference page, and the refpage pfns. */
  function refpagePtes(variant: 'refpage-v5' | 'fill-on-fault') {
    const r = runElf(buildProgram('equiv.s'), { argv: ['equiv', 'k', 'r'], variant, log: true });
    expect(outcome(r.exit)).toBe('exit 0');
    const pfns = new Set<number>();
    for (const rec of r.k.log.records) for (const s of rec.steps) {
      const m = /reference page pfn 0x([0-9a-f]+)/.exec(s);
      if (m && rec.title.startsWith('refpage_create')) pfns.add(parseInt(m[1]!, 16));
    }
    const maps = r.k.log.records.flatMap((rec) => rec.ptes).filter((p) => p.after !== 0n && pfns.has(Number((p.after >> 12n) & 0xfffffffffn)));
    return { r, pfns, maps };
  }

  it('refpage-v5 maps it read-only as a special PTE (the check can see it)', () => {
    const { r, pfns, maps } = refpagePtes('refpage-v5');
    expect(pfns.size).toBe(1);
    expect(maps.length).toBe(r.faults['refpage-map']);
    for (const p of maps) {
      expect(p.after & (1n << 7n)).toBe(1n << 7n); // AP[2]: read-only
      expect(p.after & (1n << 56n)).toBe(1n << 56n); // the special software bit
    }
  });

  it('fill-on-fault: no PTE ever points at it, faultCounts[refpage-map] === 0', () => {
    const { r, pfns, maps } = refpagePtes('fill-on-fault');
    expect(pfns.size).toBe(1);
    expect(maps).toEqual([]);
    expect(r.faults['refpage-map']).toBe(0);
    expect(r.faults['cow-refpage']).toBe(0);
    expect(r.faults['refpage-fill']).toBeGreaterThan(0);
  });
});
