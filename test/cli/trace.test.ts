// `mtemu run -d ITEMS -D FILE` (cli/trace.ts, docs/run.md "Logging"):
//
// 1. The formats, unit by unit: the cpu dump (qemu 7.2's
//    aarch64_cpu_dump_state layout, field for field), the in_asm block,
//    the exec line, the int block, -d help and the error paths.
// 2. A differential test against qemu-aarch64 (skipped with a message when
//    it is not installed): each program below is assembled once by mtemu's
//    assembler, and the same ELF runs under
//      qemu-aarch64 -cpu max -singlestep -d nochain,cpu -D q.log
//      mtemu run -d cpu -D m.log --timing none
//    The two logs must hold the same number of register dumps, with the
//    same PC sequence and the same X0-X30, instruction by instruction.
//    Normalised, because they legitimately differ:
//    - SP and stack addresses: the initial stack pointer differs (qemu puts
//      the stack at 0x55008xxxxx, mtemu below 2^48, and the auxv/strings
//      above it differ). Each side's values within 1 MiB below / 64 KiB above
//      its own initial SP are rewritten as `sp0+OFFSET`, so a register that
//      holds a stack address must hold the same offset from the initial SP.
//    - PSTATE before the first flag-setting instruction: qemu-user starts
//      with Z set (its ZF = 0 reset value), Linux and mtemu with NZCV = 0.
//      The NZCV fields must agree from the first dump where they do.
//    Programs are chosen to be deterministic under both: no random tags
//    (irg.s), no system registers whose values differ (DCZID_EL0.BS is 4,
//    64-byte blocks, in mtemu's sd845 model and 7 under qemu -cpu max, so
//    dczva.s and mrs.s are left out), no mmap/brk addresses.
//    TRACE_PROGRAMS=a.s,b.s (relative to programs/) picks other programs.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleOrThrow, writeElf } from '../../isa/asm/index.ts';
import { main } from '../../cli/main.ts';
import { formatCpuState, formatExec, formatInAsm, formatInsnLine, formatInt, functionSymbols, parseLogItems } from '../../cli/trace.ts';
import { CpuState } from '../../emulator/cpu-state.ts';
import type { Io } from '../../cli/io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const HAS_QEMU = has('qemu-aarch64');
if (!HAS_QEMU) console.warn('trace.test: the qemu-aarch64 differential part is skipped: qemu-aarch64 is not installed (apt-get install qemu-user)');

const dir = mkdtempSync(join(tmpdir(), 'mtemu-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bufferIo(): Io & { o: string; e: string } {
  const io = { o: '', e: '', out: (t: string) => void (io.o += t), err: (t: string) => void (io.e += t) };
  return io;
}

async function mtemu(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo();
  const code = await main(args, io);
  return { code, out: io.o, err: io.e };
}

/** Assemble a program file (relative to programs/) into an ELF in the temporary folder. */
function build(rel: string): string {
  const src = readFileSync(join(ROOT, 'programs', rel), 'utf8');
  const path = join(dir, rel.replace(/[/.]/g, '_'));
  writeFileSync(path, writeElf(assembleOrThrow(src, { file: join(ROOT, 'programs', rel), include: (p) => readFileSync(p, 'utf8') })), { mode: 0o755 });
  return path;
}

// ---------------------------------------------------------------- formats

describe('log formats', () => {
  it('cpu: qemu 7.2 aarch64_cpu_dump_state layout', () => {
    const s = new CpuState();
    s.pc = 0x400078;
    s.setXBig(0, 0x37n);
    s.setXBig(1, 0xffffffffffffffffn);
    s.setXBig(30, 0x400100n);
    s.setXBig(31, 0x5500800780n);
    s.z = 1;
    const lines = formatCpuState(s).split('\n');
    expect(lines).toEqual([
      ' PC=0000000000400078 X00=0000000000000037 X01=ffffffffffffffff',
      'X02=0000000000000000 X03=0000000000000000 X04=0000000000000000',
      'X05=0000000000000000 X06=0000000000000000 X07=0000000000000000',
      'X08=0000000000000000 X09=0000000000000000 X10=0000000000000000',
      'X11=0000000000000000 X12=0000000000000000 X13=0000000000000000',
      'X14=0000000000000000 X15=0000000000000000 X16=0000000000000000',
      'X17=0000000000000000 X18=0000000000000000 X19=0000000000000000',
      'X20=0000000000000000 X21=0000000000000000 X22=0000000000000000',
      'X23=0000000000000000 X24=0000000000000000 X25=0000000000000000',
      'X26=0000000000000000 X27=0000000000000000 X28=0000000000000000',
      'X29=0000000000000000 X30=0000000000400100  SP=0000005500800780',
      'PSTATE=40000000 -Z-- EL0t  SVCR=00000000 --  BTYPE=0',
      '',
    ]);
    s.n = 1;
    s.z = 0;
    s.c = 1;
    s.v = 1;
    s.tco = 1;
    expect(formatCpuState(s)).toContain('\nPSTATE=b2000000 N-CV EL0t  SVCR=00000000 --  BTYPE=0\n');
  });

  it('in_asm: separator, IN: symbol, address, word, mnemonic padded to 8', () => {
    expect(formatInsnLine(0x4000b0, 0xd28006e0)).toBe('0x004000b0:  d28006e0  mov      x0, #55');
    expect(formatInAsm(0x400098, 0xd4000001, '_start')).toBe('----------------\nIN: _start\n0x00400098:  d4000001  svc      #0\n\n');
    expect(formatInAsm(0x400098, 0xd65f03c0, '')).toBe('----------------\nIN: \n0x00400098:  d65f03c0  ret      \n\n');
    // above 2^32 the address widens, as qemu's 0x%08 does
    expect(formatInsnLine(0x5500001000, 0xd503201f)).toMatch(/^0x5500001000:  d503201f  nop/);
  });

  it('exec: qemu Trace line with the real pc and symbol', () => {
    expect(formatExec(0x400078, '_start')).toBe('Trace 0: 0x0000000000000000 [0000000000000000/0000000000400078/00000000/00000000] _start\n');
  });

  it('int: qemu system-mode block, FAR and fault kind for aborts', () => {
    expect(formatInt({ kind: 'exception', esr: 0x56000000, far: 0n, pc: 0x400098 })).toBe(
      'Taking exception 2 [SVC] on CPU 0\n...from EL0 to EL1\n...with ESR 0x15/0x56000000\n...with ELR 0x400098\n',
    );
    expect(formatInt({ kind: 'exception', esr: 0xf2000000, far: 0n, pc: 0x400100 })).toMatch(/^Taking exception 7 \[Breakpoint\]/);
    expect(formatInt({ kind: 'exception', esr: 0x02000000, far: 0n, pc: 0x400100 })).toMatch(/^Taking exception 1 \[Undefined Instruction\]/);
  });

  it('function symbols: only sized STT_FUNC symbols name an address, as qemu lookup_symbol', () => {
    const elf = { symbols: [
      { name: 'f', value: 0x400000n, size: 8n, type: 2, bind: 1, other: 0, shndx: 1 },
      { name: 'label', value: 0x400010n, size: 0n, type: 0, bind: 0, other: 0, shndx: 1 },
    ] } as unknown as Parameters<typeof functionSymbols>[0];
    const sym = functionSymbols(elf);
    expect([sym(0x400000), sym(0x400004), sym(0x400008), sym(0x400010)]).toEqual(['f', 'f', '', '']);
  });

  it('parses item lists; help; unknown items are refused', () => {
    expect(parseLogItems('nochain,cpu')).toEqual({ inAsm: false, exec: false, cpu: true, int: false, strace: false });
    expect(parseLogItems('in_asm,exec,int,strace')).toEqual({ inAsm: true, exec: true, cpu: false, int: true, strace: true });
    expect(parseLogItems('cpu,help')).toBe('help');
    expect(() => parseLogItems('cpu,bogus')).toThrow(/unknown log item 'bogus'/);
  });
});

// ---------------------------------------------------------------- the job

describe('mtemu run -d', () => {
  it('-d help lists the items on stdout and exits 0', async () => {
    const r = await mtemu(['run', '-d', 'help', 'whatever.s']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Log items \(comma separated\):\nin_asm +show/);
    for (const item of ['in_asm', 'exec', 'cpu', 'int', 'strace', 'nochain']) expect(r.out).toContain(`\n${item} `);
  });

  it('an unknown item is an error, exit 2, before anything runs', async () => {
    const r = await mtemu(['run', '-d', 'in_asm,out_asm', join(ROOT, 'programs/hello/hello.s')]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe("mtemu: -d in_asm,out_asm: unknown log item 'out_asm' (known: in_asm, int, exec, cpu, nochain, strace; -d help describes them)\n");
  });

  it('an unwritable -D file is an error, exit 2', async () => {
    const r = await mtemu(['run', '-d', 'cpu', '-D', join(dir, 'no/such/dir/x.log'), join(ROOT, 'programs/hello/hello.s')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mtemu: -D .*x\.log: cannot open the log file: no such file or directory\n$/);
  });

  it('logs to stderr without -D, in order with the guest output; -singlestep accepted', async () => {
    const r = await mtemu(['run', '-singlestep', '-d', 'in_asm,int,strace,nochain', '--timing', 'none', join(ROOT, 'programs/hello/hello.s')]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Hello, world!\n');
    const e = r.err;
    expect(e.startsWith('----------------\nIN: _start\n0x00400078:  d2800020  mov      x0, #1\n\n')).toBe(true);
    // the write's exception comes before its strace line; each instruction appears once in in_asm
    expect(e).toMatch(/IN: _start\n0x[0-9a-f]{8}:  d4000001  svc      #0\n\nTaking exception 2 \[SVC\] on CPU 0\n\.\.\.from EL0 to EL1\n\.\.\.with ESR 0x15\/0x56000000\n\.\.\.with ELR 0x[0-9a-f]+\n1 write\(1,0x[0-9a-f]+,14\) = 14\n/);
    expect(e.match(/^IN: /gm)!.length).toBe(9);
    expect(e).toMatch(/\n1 exit\(0\)\n$/);
  });

  it('-D FILE gets the log (and -strace), stderr keeps only the report', async () => {
    const log = join(dir, 'seg.log');
    const src = join(dir, 'seg.s');
    writeFileSync(src, '\t.text\n\t.global _start\n\t.type _start, %function\n_start:\n\tmov x0, #0\n\tldr x1, [x0]\n\t.size _start, .-_start\n');
    const r = await mtemu(['run', '-d', 'int,exec', '-strace', '-D', log, '--timing', 'none', src]);
    expect(r.code).toBe(139);
    expect(r.err).toMatch(/^mtemu: program terminated by signal 11 \(SIGSEGV\)/);
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('Trace 0: 0x0000000000000000 [0000000000000000/000000000040007c/00000000/00000000] _start\n');
    expect(text).toContain('Taking exception 4 [Data Abort] on CPU 0\n...from EL0 to EL1\n...with ESR 0x24/0x92000006\n...with FAR 0x0 (translation fault, level 2, read)\n...with ELR 0x40007c\n');
    expect(text).toContain('--- SIGSEGV {si_signo=SIGSEGV, si_code=1, si_addr=NULL} ---\n');
    // the faulting instruction is traced once
    expect(text.match(/\/000000000040007c\//g)!.length).toBe(1);
  });

  it('a restarted instruction (demand paging) is logged once', async () => {
    const log = join(dir, 'touch.log');
    const src = join(dir, 'touch.s');
    writeFileSync(src, '\t.text\n\t.global _start\n_start:\n\tsub sp, sp, #8192\n\tstr x0, [sp]\n\tmov x0, #0\n\tmov x8, #93\n\tsvc #0\n');
    const r = await mtemu(['run', '-d', 'cpu,int', '-D', log, '--timing', 'none', src]);
    expect(r.code).toBe(0);
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('[Data Abort]');
    expect(text.match(/^ PC=/gm)!.length).toBe(5);
  });
});

// ---------------------------------------------------------------- against qemu

interface Dump {
  pc: bigint;
  x: bigint[];
  sp: bigint;
  pstate: number;
}

/** The register dumps of a `-d cpu` log (qemu's or ours), in order. */
function parseDumps(text: string): Dump[] {
  const out: Dump[] = [];
  const re = / PC=([0-9a-f]{16}) ((?:X\d\d=[0-9a-f]{16}\s+)+) SP=([0-9a-f]{16})\nPSTATE=([0-9a-f]{8})/g;
  for (const m of text.matchAll(re)) {
    const x = [...m[2]!.matchAll(/X(\d\d)=([0-9a-f]{16})/g)].map((r) => BigInt('0x' + r[2]));
    out.push({ pc: BigInt('0x' + m[1]), x, sp: BigInt('0x' + m[3]), pstate: parseInt(m[4]!, 16) });
  }
  return out;
}

/** A value as the comparison sees it: stack addresses relative to the initial SP. */
function norm(v: bigint, sp0: bigint): string {
  const d = v - sp0;
  return d >= -(1n << 20n) && d <= 1n << 16n ? `sp0${d < 0n ? '-' : '+'}0x${(d < 0n ? -d : d).toString(16)}` : `0x${v.toString(16)}`;
}

/** The first difference between the two logs' dumps, or undefined. */
function firstDifference(q: Dump[], m: Dump[]): string | undefined {
  if (q.length === 0) return 'qemu logged no register dumps';
  const qs0 = q[0]!.sp;
  const ms0 = m[0]?.sp ?? 0n;
  let flagsSynced = false;
  const n = Math.min(q.length, m.length);
  for (let i = 0; i < n; i++) {
    const a = q[i]!;
    const b = m[i]!;
    if (a.pc !== b.pc) return `instruction ${i}: pc qemu 0x${a.pc.toString(16)}, mtemu 0x${b.pc.toString(16)}`;
    const regs = [...a.x.map((v, r) => [`x${r}`, v, b.x[r]!] as const), ['sp', a.sp, b.sp] as const];
    for (const [name, va, vb] of regs) {
      if (norm(va, qs0) !== norm(vb, ms0)) return `instruction ${i} (pc 0x${a.pc.toString(16)}): ${name} qemu ${norm(va, qs0)}, mtemu ${norm(vb, ms0)}`;
    }
    const fa = a.pstate >>> 28;
    const fb = b.pstate >>> 28;
    if (fa === fb) flagsSynced = true;
    else if (flagsSynced || !(fa === 4 && fb === 0)) return `instruction ${i} (pc 0x${a.pc.toString(16)}): NZCV qemu ${fa.toString(2)}, mtemu ${fb.toString(2)}`;
    // BTYPE (bits 11:10) is not modelled: qemu sets it after BR/BLR even outside guarded pages
    if ((a.pstate & ~0xf0000c00) !== (b.pstate & ~0xf0000c00)) return `instruction ${i}: PSTATE qemu ${a.pstate.toString(16)}, mtemu ${b.pstate.toString(16)}`;
  }
  if (q.length !== m.length) return `qemu logged ${q.length} instructions, mtemu ${m.length}`;
  return undefined;
}

const DIFF_PROGRAMS = (process.env.TRACE_PROGRAMS ?? [
  'hello/hello.s',
  'isa/alu/addsub.s',
  'isa/alu/bitfield.s',
  'isa/alu/csel.s',
  'isa/alu/logical.s',
  'isa/alu/misc.s',
  'isa/alu/muldiv.s',
  'isa/alu/shift.s',
  'isa/branch/b_bl.s',
  'isa/branch/bcond.s',
  'isa/branch/br.s',
  'isa/branch/cbz_tbz.s',
  'isa/mem/addressing.s',
  'isa/mem/exclusive.s',
  'isa/mem/extend.s',
  'isa/mem/ldr_str.s',
  'isa/mem/literal.s',
  'isa/mem/pairs.s',
  'isa/mem/unaligned.s',
  'isa/mte/addg_subp.s',
  'isa/simd/dup_movi.s',
  'isa/simd/ldst_q.s',
].join(',')).split(',');

describe.skipIf(!HAS_QEMU)('-d cpu against qemu-aarch64 -cpu max -singlestep -d nochain,cpu', () => {
  it.each(DIFF_PROGRAMS)('%s: same PC sequence and registers, instruction by instruction', async (rel) => {
    const elf = build(rel);
    const qlog = `${elf}.q.log`;
    const mlog = `${elf}.m.log`;
    const q = spawnSync('qemu-aarch64', ['-cpu', 'max', '-singlestep', '-d', 'nochain,cpu', '-D', qlog, elf], { timeout: 60_000 });
    expect(q.error).toBeUndefined();
    const r = await mtemu(['run', '-d', 'cpu', '-D', mlog, '--timing', 'none', elf]);
    expect(r.code, r.err).toBe(q.status);
    const qd = parseDumps(readFileSync(qlog, 'utf8'));
    const md = parseDumps(readFileSync(mlog, 'utf8'));
    expect(md.length).toBeGreaterThan(3);
    expect(firstDifference(qd, md)).toBeUndefined();
  }, 120_000);
});
