// `mtemu debug` golden transcripts: scripted sessions over the programs in
// programs/debug, run in-process through cli/main.ts, compared with
// test/cli/golden/debug/NAME.txt. A transcript is the debugger's stdout
// (commands echoed after the prompt, the guest's own output in between),
// then its stderr and exit status. Numbers that belong to the timing model
// (cycle counts) are replaced by <n>, so the transcripts follow the
// debugger and the kernel, not the model's calibration.
//
// A changed or new transcript is written next to the golden file as
// NAME.txt.actual; review it and copy it over NAME.txt to accept it.
//
// Besides the goldens, each case checks what the transcript must say
// (the acceptance items of issue 7) with plain assertions, so a careless
// re-acceptance cannot hide a regression in them.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GOLDEN = join(ROOT, 'test/cli/golden/debug');
const dir = mkdtempSync(join(tmpdir(), 'mtemu-debug-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Program path as the test passes it (relative to the cwd) and as transcripts show it. */
function prog(name: string): { arg: string; shown: string } {
  const shown = `programs/debug/${name}`;
  return { arg: relative(process.cwd(), join(ROOT, shown)) || shown, shown };
}

/** Replace the timing model's numbers (cycle counts) with <n>. */
export function normalise(text: string): string {
  const lines = text.split('\n');
  let inFaults = false;
  return lines
    .map((l) => {
      if (/^\s+#\s+insn\s+pc\s+address\s+kind\s+outcome\s+cycles$/.test(l)) {
        inFaults = true;
        return l;
      }
      if (inFaults && /^\s+\d+\s+\d+\s/.test(l)) return l.replace(/ \d+(\.\d+)?$/, ' <n>');
      inFaults = false;
      return l
        .replace(/(cycles\s+)\d+(\.\d+)?/g, '$1<n>')
        .replace(/^(Cycles\s+)\d+(\.\d+)? \(user \d+(\.\d+)?, kernel \d+(\.\d+)?\)/, '$1<n> (user <n>, kernel <n>)')
        .replace(/^(\s+cycles: )\d+(\.\d+)?$/, '$1<n>');
    })
    .join('\n');
}

interface Case {
  name: string;
  program: string;
  args?: string[];
  options?: string[];
  stdin?: string;
  script: string;
}

async function session(c: Case): Promise<{ raw: string; text: string; status: number }> {
  const scriptPath = join(dir, `${c.name}.cmd`);
  writeFileSync(scriptPath, c.script.replace(/^\n/, ''));
  const p = prog(c.program);
  const opts = [...(c.options ?? []), '--script', scriptPath];
  if (c.stdin !== undefined) {
    const inPath = join(dir, `${c.name}.in`);
    writeFileSync(inPath, c.stdin);
    opts.push('--stdin', inPath);
  }
  let out = '';
  let err = '';
  const status = await main(['debug', ...opts, p.arg, ...(c.args?.length ? ['--', ...c.args] : [])], {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
  });
  const fix = (t: string) => t.split(p.arg).join(p.shown);
  const raw = fix(out) + (err ? `--- stderr ---\n${fix(err)}` : '') + `--- exit status ${status} ---\n`;
  return { raw, text: normalise(raw), status };
}

function golden(name: string, text: string): void {
  const path = join(GOLDEN, `${name}.txt`);
  const want = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (want !== text) {
    writeFileSync(path + '.actual', text);
    if (want === null) throw new Error(`no golden transcript ${relative(ROOT, path)}: review ${relative(ROOT, path)}.actual and copy it over to accept it`);
  } else if (existsSync(path + '.actual')) {
    rmSync(path + '.actual');
  }
  expect(text, `transcript differs from ${relative(ROOT, path)} (new one in .actual)`).toBe(want);
}

const CASES: Record<string, Case> = {
  refpage: {
    name: 'refpage-read-write',
    program: 'refpage_rw.s',
    script: `
# the reference-page fault sequence: read (map the reference page), write (copy), write (fill)
break read_p0
run
x/4xb $x20
step
x/4xb $x20
pt $x20
continue
kernel
x/2xb $x20
continue
vmas
faults
step 3
info
continue
`,
  },
  mteSync: {
    name: 'mte-sync',
    program: 'mte_sync.s',
    script: `
# a synchronous tag check fault, no handler: SIGSEGV SEGV_MTESERR ends the program
stop-on tag,signal
break bad_store
run
regs
tags $x21+16 3
x/4xg $x19
continue
faults
`,
  },
  mteAsync: {
    name: 'mte-async',
    program: 'mte_async.s',
    script: `
# an asynchronous tag check fault: the store happens, the kernel notices TF0 at its next entry
stop-on tag
continue
explain
continue
`,
  },
  segv: {
    name: 'segv-maperr',
    program: 'segv.s',
    script: `
# SEGV_MAPERR: a store with a handler (skipped), then a load that ends the program
continue
x/xg 0x10
pt 0x10
continue
continue
faults
`,
  },
  watch: {
    name: 'watch',
    program: 'watch.s',
    stdin: 'abcdefgh',
    script: `
# watchpoints: stores in a loop, then a change made by the kernel (read into buf)
watch total
continue
continue
info breakpoints
delete 1
watch buf
continue
x/s buf
x/8xb &buf
continue
`,
  },
  reverse: {
    name: 'reverse-fault',
    program: 'refpage_rw.s',
    script: `
# forward across the write fault of write_p0 with a digest at each point, then back step by step
break write_p0+4
run
continue
digest
step
digest
step
digest
step
digest
reverse-step
digest
reverse-step
digest
reverse-step
digest
info
continue
digest
reverse-continue
reverse-continue
continue
`,
  },
  tour: {
    name: 'tour',
    program: 'tour.s',
    script: `
# the worked session of docs/debug.md
break read_it
run
x/4xb $x20
step
x/4xb $x20
pt $x20
continue
kernel
step
x/4xb $x20
break tag_fault
continue
continue
tags $x22 2
continue
continue
faults
reverse-continue
explain
`,
  },
};

describe.concurrent('mtemu debug transcripts', () => {
  it('refpage read -> write fault sequence', async () => {
    const r = await session(CASES.refpage!);
    golden(CASES.refpage!.name, r.text);
    expect(r.status).toBe(0);
    // read: the reference page mapped read-only, no RSS; write: a copy; write to an empty PTE: a fill
    expect(r.raw).toMatch(/Page fault \(read\) at 0x[0-9a-f]+, pc 0x[0-9a-f]+ <read_p0>: ldrb w21, \[x20\]/);
    expect(r.raw).toMatch(/kernel +read fault in refpage VMA: map reference page pfn 0x[0-9a-f]+ read-only \(special PTE, no RSS\)/);
    expect(r.raw).toMatch(/kernel +write to the reference page mapping: alloc pfn 0x[0-9a-f]+, memset 0x5a x4096 \(PATTERN\), map RW, \+1 RSS/);
    expect(r.raw).toMatch(/kernel +write fault in refpage VMA: alloc pfn 0x[0-9a-f]+, memset 0x5a x4096 \(PATTERN\), map RW, \+1 RSS/);
    expect(r.raw).toMatch(/PTE +before 0x0{16} invalid \(empty\)\n +after +0x[0-9a-f]{16} page pfn 0x[0-9a-f]+, EL0 read-only, Normal .*sw: special/);
    expect(r.raw).toMatch(/PTE +before 0x[0-9a-f]{16} page pfn .*EL0 read-only.*special\n +after +0x[0-9a-f]{16} page pfn .*EL0 read\/write/);
    expect(r.raw).toMatch(/DFSC 0x0f Permission fault, level 3; WnR 1 \(write\)/);
    expect(r.raw).toMatch(/cycles +\d+(\.\d)? charged to the kernel/);
  });

  it('MTE synchronous tag check fault', async () => {
    const r = await session(CASES.mteSync!);
    golden(CASES.mteSync!.name, r.text);
    expect(r.status).toBe(0);
    expect(r.raw).toMatch(/Tag check fault \(write\) at 0x[0-9a-f]+, pc 0x[0-9a-f]+ <bad_store>: str x1, \[x21, #16\]/);
    expect(r.raw).toMatch(/address +0x0c00[0-9a-f]{12}, logical tag 0xc, allocation tag 0x6 \(granule 0x[0-9a-f]+10\): tag mismatch/);
    expect(r.raw).toMatch(/DFSC 0x11 Synchronous Tag Check Fault; WnR 1 \(write\)/);
    expect(r.raw).toMatch(/SIGSEGV \(SEGV_MTESERR\), si_addr 0x[0-9a-f]+ to pid 1: no handler/);
    expect(r.raw).toContain('Program terminated by signal SIGSEGV (11): status 139.');
    expect(r.raw).toMatch(/0x[0-9a-f]+10 +0x6 +MISMATCH/);
  });

  it('MTE asynchronous tag check fault, reported at the next kernel entry', async () => {
    const r = await session(CASES.mteAsync!);
    golden(CASES.mteAsync!.name, r.text);
    expect(r.raw).toMatch(/Asynchronous tag check fault, reported at the kernel entry for system call getpid\(.*\), pc 0x[0-9a-f]+ <next_entry\+0x4>: svc #0/);
    expect(r.raw).toMatch(/access +0x[0-9a-f]+ <bad_store>: str x1, \[x19\]/);
    expect(r.raw).toMatch(/SIGSEGV \(SEGV_MTEAERR\), si_addr 0x0 to pid 1: handler 0x[0-9a-f]+ <lib_sig_record> runs/);
    expect(r.raw).toContain('async fault seen\nProgram exited with code 0.');
  });

  it('SEGV_MAPERR', async () => {
    const r = await session(CASES.segv!);
    golden(CASES.segv!.name, r.text);
    expect(r.raw).toMatch(/Segmentation fault \(write\) at 0x10, pc 0x[0-9a-f]+ <null_store>: str x2, \[x1\]/);
    expect(r.raw).toMatch(/VMA +none \(no VMA contains 0x10\)/);
    expect(r.raw).toMatch(/SIGSEGV \(SEGV_MAPERR\), si_addr 0x10 to pid 1: handler/);
    expect(r.raw).toMatch(/SIGSEGV \(SEGV_MAPERR\), si_addr 0x123456789000 to pid 1: no handler/);
    expect(r.raw).toContain('Cannot access memory at address 0x10 (no VMA)');
  });

  it('watchpoints: old and new values, stores and kernel writes', async () => {
    const r = await session(CASES.watch!);
    golden(CASES.watch!.name, r.text);
    expect(r.raw).toMatch(/written by 0x[0-9a-f]+ <loop\+0x8>: str x0, \[x19\]  \[insn \d+\]\n  Old value = 0x0{16} \(0\)\n  New value = 0x0{15}1 \(1\)/);
    expect(r.raw).toMatch(/Old value = 0x0{15}1 \(1\)\n  New value = 0x0{15}3 \(3\)/);
    expect(r.raw).toMatch(/changed by the kernel during syscall read\(0x0, 0x[0-9a-f]+, 0x8, /);
    expect(r.raw).toContain('"abcdefgh"');
    expect(r.raw).toContain('abcdefgh\nProgram exited with code 15.');
  });

  it('reverse-step back across a fault: the state is the forward state', async () => {
    const r = await session(CASES.reverse!);
    golden(CASES.reverse!.name, r.text);
    // digests forward: before the write fault, after it, after the store, one more; then back
    const d = [...r.raw.matchAll(/^digest: (.*)$/gm)].map((m) => m[1]!);
    expect(d).toHaveLength(8);
    expect(d[4], 'reverse-step from after the next instruction').toBe(d[2]);
    expect(d[5], 'reverse-step to just after the fault').toBe(d[1]);
    expect(d[6], 'reverse-step to before the fault').toBe(d[0]);
    expect(d[7], 'forward again: the same fault, the same state').toBe(d[1]);
    // the fault is undone: one fault and one page fewer before it
    expect(d[0]).toMatch(/rss 3 {2}faults 2 /);
    expect(d[1]).toMatch(/rss 4 {2}faults 3 /);
    // reverse-continue: back to the breakpoint hit before the fault, then to the read fault before it
    expect(r.raw).toMatch(/\(mtemu\) reverse-continue\nBreakpoint 1, 0x[0-9a-f]+ <write_p0\+0x4>\n.*\n\(mtemu\) reverse-continue\nPage fault \(read\)/);
  });

  it('the tour of docs/debug.md', async () => {
    const r = await session(CASES.tour!);
    golden(CASES.tour!.name, r.text);
    expect(r.status).toBe(0);
    // the session docs/debug.md shows is this one (its cycle counts aside)
    const doc = readFileSync(join(ROOT, 'docs/debug.md'), 'utf8');
    const block = /<!-- tour:begin -->\n```\n([\s\S]*?)```\n<!-- tour:end -->/.exec(doc);
    expect(block, 'docs/debug.md has the tour between <!-- tour:begin --> and <!-- tour:end -->').not.toBeNull();
    expect(normalise(block![1]!)).toBe(r.text.replace(/--- exit status 0 ---\n$/, ''));
  });
});
