// `mtemu run` end to end: each case spawns `node cli/mtemu.mjs run ...` as
// a user would, and checks the exit status, stdout and stderr: status
// passthrough, 128 + signal with the fatal report (tags for MTE faults),
// the --strace and --stats formats, --stats-json, assembly and ELF errors,
// stdin, arguments and environment, option errors. Cases run concurrently
// (each is a separate node process).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import { parseSize } from '../../cli/run.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MTEMU = join(ROOT, 'cli/mtemu.mjs');
const prog = (p: string) => join(ROOT, 'programs', p);
const dir = mkdtempSync(join(tmpdir(), 'mtemu-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  code: number | null;
  out: string;
  err: string;
}

function mtemu(args: string[], stdin = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MTEMU, ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => void (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

/** A program written into the temporary folder (sys.inc and lib.inc available). */
function write(name: string, body: string): string {
  const path = join(dir, name);
  const inc = join(ROOT, 'programs/include');
  writeFileSync(path, `\t.arch armv8.5-a+memtag\n\t.include "${inc}/sys.inc"\n\t.text\n\t.global _start\n${body}\n\t.include "${inc}/lib.inc"\n`);
  return path;
}

const noStack = (r: Result) => !/\n\s+at /.test(r.err);

describe.concurrent('mtemu run', () => {
  it('passes the exit status and both output streams through', async ({ expect }) => {
    const r = await mtemu(['run', prog('sys/exit_code.s')]);
    expect(r).toEqual({ code: 44, out: 'to stdout\n', err: 'to stderr\n' });
  });

  it('runs an ELF file as well as assembly', async ({ expect }) => {
    const elf = join(dir, 'hello.elf');
    const a = await mtemu(['asm', prog('hello/hello.s'), '-o', elf]);
    expect(a.code).toBe(0);
    const r = await mtemu(['run', elf]);
    expect(r).toEqual({ code: 0, out: 'Hello, world!\n', err: '' });
  });

  it('dies of SIGSEGV: 139, output kept, a report with si_code, address, pc, symbol and instruction', async ({ expect }) => {
    const r = await mtemu(['run', prog('sys/segv_fatal.s')]);
    expect(r.code).toBe(139);
    expect(r.out).toBe('crashing now...');
    expect(r.err).toMatch(/^mtemu: program terminated by signal 11 \(SIGSEGV\), si_code 1 \(SEGV_MAPERR\), fault address 0x100, at pc 0x[0-9a-f]+ <_start\+0x[0-9a-f]+>: ldr x0, \[x1\]\n$/);
  });

  it('reports the logical and allocation tags of a synchronous tag check fault', async ({ expect }) => {
    const r = await mtemu(['run', prog('mte/sync_fatal.s')]);
    expect(r.code).toBe(139);
    expect(r.out).toBe('tagged store ok\n');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^mtemu: program terminated by signal 11 \(SIGSEGV\), si_code 9 \(SEGV_MTESERR\), fault address 0x[0-9a-f]+, at pc 0x[0-9a-f]+ <_start\+0x[0-9a-f]+>: strb wzr, \[x19\]$/);
    expect(lines[1]).toMatch(/^mtemu: tag check fault: logical tag 0x0 \(pointer 0x[0-9a-f]+\), allocation tag 0x3 \(granule 0x[0-9a-f]+0\)$/);
  });

  it('--mte-tcf-preferred picks the mode when prctl asks for both sync and async', async ({ expect }) => {
    const src = write('tcf.s', `_start:
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|PR_MTE_TCF_ASYNC|(0xffff<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	MMAP_ANON 4096, PROT_READ|PROT_WRITE|PROT_MTE
	ldr	x9, =3<<56
	orr	x20, x0, x9
	stg	x20, [x20]
mismatch:
	strb	wzr, [x0, #5]
	PRINT	"after the store\\n"
	EXIT	0`);
    const [sync, async, asymm] = await Promise.all(['sync', 'async', 'asymm'].map((m) => mtemu(['run', '--mte-tcf-preferred', m, src])));
    expect(sync.code).toBe(139);
    expect(sync.out).toBe('');
    expect(sync.err).toMatch(/si_code 9 \(SEGV_MTESERR\), fault address 0x[0-9a-f]+5, at pc 0x[0-9a-f]+ <mismatch>: strb wzr, \[x0, #5\]/);
    for (const r of [async, asymm]) {
      // asymmetric: stores are checked asynchronously
      expect(r.code).toBe(139);
      expect(r.out).toBe('after the store\n');
      expect(r.err).toMatch(/si_code 8 \(SEGV_MTEAERR\), fault address 0x0, at pc 0x[0-9a-f]+ <mismatch\+0x[0-9a-f]+>: .* \(asynchronous: the faulting access came earlier\)/);
    }
  });

  it('reports SIGILL with the instruction and a kill() with the sender', async ({ expect }) => {
    const [ill, usr] = await Promise.all([mtemu(['run', prog('sys/udf_fatal.s')]), mtemu(['run', prog('sys/kill_default.s')])]);
    expect(ill.code).toBe(132);
    expect(ill.err).toMatch(/^mtemu: program terminated by signal 4 \(SIGILL\), si_code 1 \(ILL_ILLOPC\), fault address 0x[0-9a-f]+, at pc 0x[0-9a-f]+ <_start\+0x[0-9a-f]+>: udf #7\n$/);
    expect(usr.code).toBe(138);
    expect(usr.out).toBe('about to be killed\n');
    expect(usr.err).toMatch(/^mtemu: program terminated by signal 10 \(SIGUSR1\), si_code 0 \(SI_USER\), sent by pid 1, at pc 0x[0-9a-f]+ <_start\+0x[0-9a-f]+>: /);
  });

  it('--strace / -strace: one qemu-style line per syscall and per signal', async ({ expect }) => {
    const src = write('strace.s', `_start:
	SIGACTION SIGSEGV, lib_sig_skip
	MMAP_ANON 4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	add	x0, x19, #1
	mov	x1, #4096
	mov	x2, #PROT_READ
	SYSCALL	SYS_mprotect
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0xffff<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	ldr	x9, =3<<56
	orr	x20, x19, x9
	stg	x20, [x20]
	str	xzr, [x19]
	PRINT	"done\\n"
	EXIT	3`);
    for (const flag of ['--strace', '-strace']) {
      const r = await mtemu(['run', flag, src]);
      expect(r.code).toBe(3);
      expect(r.out).toBe('done\n');
      const lines = r.err.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^1 rt_sigaction\(SIGSEGV,0x[0-9a-f]{16},NULL\) = 0$/);
      expect(lines[1]).toMatch(/^1 mmap\(NULL,4096,PROT_READ\|PROT_WRITE\|0x20,MAP_PRIVATE\|MAP_ANONYMOUS,-1,0\) = 0x[0-9a-f]{16}$/);
      expect(lines[2]).toMatch(/^1 mprotect\(0x[0-9a-f]{15}1,4096,PROT_READ\) = -1 errno=22 \(Invalid argument\)$/);
      expect(lines[3]).toBe(`1 prctl(55,${1 | 2 | (0xffff << 3)},0,0,0,0) = 0`);
      const addr = /= (0x[0-9a-f]{16})$/.exec(lines[1]!)![1];
      expect(lines[4]).toBe(`--- SIGSEGV {si_signo=SIGSEGV, si_code=9, si_addr=${addr}} ---`);
      expect(lines[5]).toMatch(/^1 rt_sigreturn\(11,\d+,\d+,\d+,\d+,\d+\)$/);
      expect(lines[6]).toMatch(/^1 write\(1,0x[0-9a-f]+,5\) = 5$/);
      expect(lines[7]).toBe('1 exit_group(3)');
      expect(lines).toHaveLength(8);
    }
  });

  it('--strace shows kill() signals with the sender', async ({ expect }) => {
    const r = await mtemu(['run', '--strace', prog('sys/kill_self.s')]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('1 kill(1,SIGUSR1) = 0\n--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1, si_uid=0} ---\n');
    expect(r.err).toContain('1 tgkill(1,1,SIGUSR2) = 0\n--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=1, si_uid=0} ---\n');
    expect(r.err).toContain('1 kill(1,99) = -1 errno=22 (Invalid argument)\n');
  });

  it('--stats prints perf stat\'s layout on stderr after the program\'s output', async ({ expect }) => {
    const r = await mtemu(['run', '--stats', prog('sys/fork_cow.s')]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('fork_cow ok\n');
    const lines = r.err.split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe(` Performance counter stats for '${prog('sys/fork_cow.s')}':`);
    expect(lines[2]).toBe('');
    const counters = new Map<string, string>();
    for (const l of lines.slice(3)) {
      if (l === '') break;
      // value right-aligned in 18 columns, a space, a 4-column unit, a space, the event
      expect(l[18]).toBe(' ');
      const m = /^(.{18}) (.{4}) (\S+)/.exec(l)!;
      expect(m, l).not.toBeNull();
      counters.set(m[3]!, m[1]!.trim());
      if (l.includes('#')) expect(l.indexOf('#')).toBe(18 + 1 + 4 + 1 + 33);
    }
    expect(lines.find((l) => l.includes('task-clock'))).toMatch(/^ +\d+\.\d\d msec task-clock +# +1\.000 CPUs utilized$/);
    expect(Number(counters.get('instructions'))).toBeGreaterThan(50);
    // the default detailed timing model counts cycles; user + kernel add up to the total
    const cycles = Number(counters.get('cycles'));
    expect(cycles).toBeGreaterThan(Number(counters.get('instructions')) / 3);
    expect(Number(counters.get('cycles:u')) + Number(counters.get('cycles:k'))).toBeCloseTo(cycles, 0);
    expect(Number(counters.get('exceptions'))).toBeGreaterThanOrEqual(8);
    expect(Number(counters.get('page-faults'))).toBeGreaterThanOrEqual(5);
    expect(Number(counters.get('faults:cow-copy'))).toBeGreaterThanOrEqual(1);
    expect(Number(counters.get('faults:shared-alloc'))).toBe(1);
    expect(counters.get('syscalls')).toBe('8');
    expect(Number(counters.get('max-rss'))).toBeGreaterThan(0);
    expect(r.err).toMatch(/\n {7}\d\.\d{9} seconds time elapsed\n\n$/);
  });

  it('--timing none has no cycles; -x, prints perf CSV form; --cpu/--freq/--set pick the model', async ({ expect }) => {
    const none = await mtemu(['run', '--stats', '--timing', 'none', prog('hello/hello.s')]);
    expect(none.code).toBe(0);
    expect(none.err).toMatch(/^ +<not supported> {6}cycles$/m);
    const csv = await mtemu(['run', '--stats', '-x,', prog('hello/hello.s')]);
    const rows = csv.err.trim().split('\n').map((l) => l.split(','));
    expect(rows.every((r) => r.length === 7)).toBe(true);
    const cyc = (r: { err: string }) => Number(r.err.trim().split('\n').map((l) => l.split(',')).find((x) => x[2] === 'cycles')![0]);
    const big = cyc(csv);
    const fastJson = join(dir, 'fast.json');
    const fast = await mtemu(['run', '--stats-json', fastJson, '--freq', '2803.2', prog('hello/hello.s')]);
    expect(fast.code).toBe(0);
    const fj = JSON.parse(readFileSync(fastJson, 'utf8'));
    const little = await mtemu(['run', '--stats', '-x,', '--cpu', 'sd845-little', prog('hello/hello.s')]);
    const slowExc = await mtemu(['run', '--stats', '-x,', '--set', 'kernel.excEntry=10125', prog('hello/hello.s')]);
    expect(big).toBeGreaterThan(0);
    // guest time is cycles at the chosen clock
    expect(fj.freqMHz).toBe(2803.2);
    expect(fj.seconds).toBeCloseTo(fj.cycles / 2803.2e6, 12);
    expect(cyc(little)).not.toBe(big);
    // 2 syscalls + exec: at least 2 kernel entries each 10000 cycles dearer
    expect(cyc(slowExc) - big).toBeGreaterThanOrEqual(2 * 10000);
    const bad = await mtemu(['run', '--set', 'core.nonsense=1', prog('hello/hello.s')]);
    expect(bad).toEqual({ code: 2, out: '', err: 'mtemu: --set core.nonsense: no such parameter in profile sd845-big\n' });
  });

  it('--stats-json writes the counters, instructions at the top level', async ({ expect }) => {
    const file = join(dir, 'stats.json');
    const r = await mtemu(['run', '--stats-json', file, prog('sys/segv_fatal.s')]);
    expect(r.code).toBe(139);
    const j = JSON.parse(readFileSync(file, 'utf8'));
    expect(j.instructions).toBeGreaterThan(0);
    expect(j.cycles).toBeGreaterThan(j.instructions / 3);
    expect(j.counters['mem.l1d.hits'] + j.counters['mem.l1d.misses']).toBeGreaterThan(0);
    expect(j.cpu).toBe('sd845-big');
    expect(j.freqMHz).toBe(825.6);
    expect(j.seconds).toBeCloseTo(j.cycles / 825.6e6, 12);
    expect(j.syscalls).toBe(1);
    expect(j.syscallCounts).toEqual({ write: 1 });
    expect(j.faults.segv).toBe(1);
    expect(j.pageFaults).toBeGreaterThanOrEqual(0);
    expect(j.maxRssKiB).toBeGreaterThan(0);
    expect(j.wallSeconds).toBeGreaterThan(0);
    expect(j.exit).toEqual({ status: 139, signal: 11, sigCode: 1 });
  });

  it('passes stdin, arguments and -E environment to the program', async ({ expect }) => {
    const echo = await mtemu(['run', prog('sys/stdin_echo.s')], 'abc\nxyz');
    expect(echo).toEqual({ code: 0, out: 'ABC\nXYZbytes: 7\nstdin_echo ok\n', err: '' });
    const src = write('args.s', `_start:
	ldr	x19, [sp]
	PRINT	"argc="
	PUTDEC	x19
	PRINT	"\\n"
	add	x21, sp, #16
	ldr	x0, [x21]		// argv[1]
	bl	puts
	add	x21, x21, x19, lsl #3	// envp
1:	ldr	x0, [x21], #8
	cbz	x0, 2f
	bl	puts
	b	1b
2:	EXIT	0
puts:	mov	x1, x0
	mov	x2, #0
3:	ldrb	w3, [x1, x2]
	add	x2, x2, #1
	cbnz	w3, 3b
	sub	x2, x2, #1		// the length without the NUL
	mov	x0, #1
	mov	x8, #SYS_write
	svc	#0
	mov	x26, x30
	PRINT	"\\n"
	mov	x30, x26
	ret`);
    const r = await mtemu(['run', src, '-E', 'A=1', '--env', 'B=two', '--', 'first', '--second']);
    expect(r).toEqual({ code: 0, out: 'argc=3\nfirst\nA=1\nB=two\n', err: '' });
  });

  it('assembly errors: file:line:col with the source line, exit 1, no stack trace', async ({ expect }) => {
    const bad = join(dir, 'bad.s');
    writeFileSync(bad, '\t.text\n_start:\n\tfrob x0\n');
    const r = await mtemu(['run', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`${bad}:3:2: error: unknown mnemonic 'frob'\n\tfrob x0\n\t^\nmtemu: ${bad}: 1 assembly error, not run\n`);
  });

  it('bad files: one line, exit 1, no stack trace', async ({ expect }) => {
    const trunc = join(dir, 'trunc.elf');
    writeFileSync(trunc, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]));
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello\n');
    const x86 = join(dir, 'x86.elf');
    const hdr = Buffer.alloc(64);
    hdr.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    hdr.writeUInt16LE(2, 16);
    hdr.writeUInt16LE(62, 18);
    hdr.writeUInt16LE(64, 52);
    writeFileSync(x86, hdr);
    const rs = await Promise.all([trunc, text, x86, join(dir, 'missing.s')].map((f) => mtemu(['run', f])));
    expect(rs.map((r) => r.code)).toEqual([1, 1, 1, 1]);
    expect(rs[0]!.err).toBe(`mtemu: ${trunc}: not a loadable ELF file: truncated ELF file: ELF header at offset 0 (+64) is past the end (7 bytes)\n`);
    expect(rs[1]!.err).toBe(`mtemu: ${text}: not an ELF file, and not assembly source (.s)\n`);
    expect(rs[2]!.err).toBe(`mtemu: ${x86}: ELF machine 62 is not AArch64 (183)\n`);
    expect(rs[3]!.err).toBe(`mtemu: cannot read '${join(dir, 'missing.s')}': no such file or directory\n`);
    for (const r of rs) expect(noStack(r)).toBe(true);
  });

  it('host limits and bad options: a clear message, exit 2', async ({ expect }) => {
    const loop = join(dir, 'loop.s');
    writeFileSync(loop, '\t.text\n\t.global _start\n_start:\tb _start\n');
    const big = write('big.s', `_start:
	MMAP_ANON 16<<20, PROT_READ|PROT_WRITE
	mov	x1, x0
	ldr	x2, =16<<20
	add	x2, x2, x1
1:	str	x1, [x1]
	add	x1, x1, #4096
	cmp	x1, x2
	b.lo	1b
	EXIT	0`);
    const [limit, oom, mem, kern, cpu, tcf, none] = await Promise.all([
      mtemu(['run', '--max-insns', '1000', loop]),
      mtemu(['run', '--mem', '4M', big]),
      mtemu(['run', '--mem', '12Q', loop]),
      mtemu(['run', '--kernel', 'linux', loop]),
      mtemu(['run', '-cpu', 'cortex-a57', loop]),
      mtemu(['run', '--mte-tcf-preferred', 'never', loop]),
      mtemu(['run']),
    ]);
    expect(limit).toEqual({ code: 2, out: '', err: 'mtemu: instruction limit reached (1000 instructions), stopped at pc 0x400078 <_start>: b 0x400078 <_start>\n' });
    expect(oom.code).toBe(137);
    expect(oom.err).toMatch(/^mtemu: program killed by signal 9 \(SIGKILL\): out of memory \(emulated physical memory is 4194304 bytes; see --mem\), at pc 0x[0-9a-f]+ <_start\+0x[0-9a-f]+>: str x1, \[x1\]\n$/);
    expect(mem).toEqual({ code: 2, out: '', err: 'mtemu: --mem 12Q: expected a size such as 512M, 2G or 1048576\n' });
    expect(kern).toEqual({ code: 2, out: '', err: 'mtemu: --kernel linux: expected one of refpage-v5, fill-on-fault\n' });
    expect(cpu.code).toBe(2);
    expect(cpu.err).toBe('mtemu: --cpu cortex-a57: expected one of sd845-big, sd845-little\n');
    expect(tcf).toEqual({ code: 2, out: '', err: 'mtemu: --mte-tcf-preferred never: expected one of sync, async, asymm\n' });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^mtemu: run: expected a program\nusage: mtemu run/);
  });

  it('accepts the qemu spellings -cpu max and -seed, and the kernel variants', async ({ expect }) => {
    const rs = await Promise.all([
      mtemu(['run', '-cpu', 'max', '-seed', '7', prog('mte/irg_mask.s')]),
      mtemu(['run', '--kernel', 'fill-on-fault', '--mem', '64M', '--seed', '0x10', prog('sys/fork_cow.s')]),
    ]);
    expect(rs[0]!.code).toBe(0);
    expect(rs[0]!.out).toMatch(/irg_mask ok\n$/);
    expect(rs[1]).toEqual({ code: 0, out: 'fork_cow ok\n', err: '' });
  });
});

describe('--mem sizes', () => {
  it('reads K/M/G/T suffixes as powers of 1024', ({ expect }) => {
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('64K')).toBe(65536);
    expect(parseSize('512m')).toBe(512 * 2 ** 20);
    expect(parseSize('2G')).toBe(2 ** 31);
    expect(parseSize('1GiB')).toBe(2 ** 30);
    expect(parseSize('1T')).toBe(2 ** 40);
    expect(() => parseSize('1.5G')).toThrow(/expected a size/);
  });
});
