// The command line (cli/main.ts and the asm/disasm jobs), run in-process
// with captured output; and the `bin` launcher once as a real process.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main, normaliseArgv } from '../../cli/main.ts';
import { readElf } from '../../isa/asm/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'mtemu-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HELLO = fileURLToPath(new URL('../../programs/hello/hello.s', import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('mtemu asm', () => {
  it('writes an executable ELF', async () => {
    const out = join(dir, 'hello');
    const r = await run('asm', HELLO, '-o', out);
    expect(r).toEqual({ code: 0, out: '', err: '' });
    const elf = readElf(new Uint8Array(readFileSync(out)));
    expect(elf.symbols.map((s) => s.name)).toContain('_start');
  });

  it('prints every error with source and caret, exits 1, writes nothing', async () => {
    const src = join(dir, 'bad.s');
    writeFileSync(src, 'nop\n\tfrob x0\n\tadd x0, x1, #99999\n');
    const r = await run('asm', src, '-o', join(dir, 'bad.elf'));
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      `${src}:2:2: error: unknown mnemonic 'frob'`, '\tfrob x0', '\t^',
      `${src}:3:14: error: immediate 99999 is out of range: expected 0 to 4095, optionally shifted by lsl #12 (#4096 means #1, lsl #12)`, '\tadd x0, x1, #99999', '\t            ^',
      'mtemu asm: 2 errors, no output written', '',
    ]);
    expect(() => readFileSync(join(dir, 'bad.elf'))).toThrow();
  });

  it('resolves .include relative to the source file', async () => {
    writeFileSync(join(dir, 'inc.s'), 'mov x0, #7\n');
    writeFileSync(join(dir, 'main.s'), '.include "inc.s"\n.include "nope.s"\n');
    const r = await run('asm', join(dir, 'main.s'));
    expect(r.err).toContain(`main.s:2:10: error: cannot include '${join(dir, 'nope.s')}': no such file or directory`);
  });

  it('says plainly when the input cannot be read', async () => {
    const r = await run('asm', join(dir, 'missing.s'));
    expect(r).toEqual({ code: 1, out: '', err: `mtemu: cannot read '${join(dir, 'missing.s')}': no such file or directory\n` });
  });

  it('takes GNU-style -march', async () => {
    const src = join(dir, 'mte.s');
    writeFileSync(src, 'irg x0, sp\n');
    expect((await run('asm', src)).code).toBe(1);
    expect((await run('asm', '-march=armv8.5-a+memtag', src)).code).toBe(0);
    expect((await run('asm', '--march', 'armv9', src)).err).toBe("mtemu: --march armv9: unknown architecture 'armv9'\n");
  });
});

describe('mtemu disasm', () => {
  it('--hex prints one llvm-mc style line per word', async () => {
    const r = await run('disasm', '--hex', '0xd503201f', '91000420', '0xffffffff,0x9adf13e0');
    expect(r.out).toBe('nop\nadd\tx0, x1, #1\n.inst\t0xffffffff\nirg\tx0, sp\n');
    expect(r.code).toBe(0);
  });

  it('--hex rejects a bad word', async () => {
    const r = await run('disasm', '--hex', 'xyz');
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad word 'xyz'");
  });

  it('lists an ELF file objdump-style with symbols and branch targets', async () => {
    const src = join(dir, 'list.s');
    writeFileSync(src, '.globl _start\n_start:\tbl f\n\tldr x0, =0x1234\nf:\tret\n');
    const elfPath = join(dir, 'list');
    expect((await run('asm', src, '-o', elfPath)).code).toBe(0);
    const r = await run('disasm', elfPath);
    expect(r.out).toBe([
      '', `${elfPath}:     file format elf64-littleaarch64`, '',
      'Disassembly of section .text:', '',
      '0000000000400078 <_start>:',
      '  400078:\t94000002 \tbl\t0x400080 <f>',
      '  40007c:\t58000060 \tldr\tx0, 0x400088 <f+0x8>',
      '', '0000000000400080 <f>:',
      '  400080:\td65f03c0 \tret',
      '  400084:\t00000000 \t.word\t0x00000000',
      '  400088:\t00001234 \t.word\t0x00001234',
      '  40008c:\t00000000 \t.word\t0x00000000', '',
    ].join('\n'));
  });

  it('reports a file that is not ELF', async () => {
    const p = join(dir, 'not.elf');
    writeFileSync(p, 'hello');
    expect(await run('disasm', p)).toEqual({ code: 1, out: '', err: `mtemu: ${p}: truncated ELF file: ELF header at offset 0 (+64) is past the end (5 bytes)\n` });
  });
});

describe('mtemu', () => {
  it('prints help and rejects unknown jobs', async () => {
    const h = await run('--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/^usage: mtemu <job>/);
    expect(h.out).toMatch(/\n {2}asm +assemble/);
    expect((await run('frob')).code).toBe(2);
    expect((await run()).code).toBe(2);
    expect((await run('asm', '--help')).out).toMatch(/^usage: mtemu asm/);
  });

  it('rewrites QEMU-style single-dash long options it knows, and nothing after --', () => {
    const known = new Set(['cpu', 'strace', 'march', 'output']);
    expect(normaliseArgv(['run', '-cpu', 'x', '-strace', '-o', 'f', '-march=a', '-1', '--', '-cpu'], known))
      .toEqual(['run', '--cpu', 'x', '--strace', '-o', 'f', '--march=a', '-1', '--', '-cpu']);
  });

  it('the bin launcher runs main.ts and passes the exit status through', () => {
    const bin = fileURLToPath(new URL('../../cli/mtemu.mjs', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'disasm', '--hex', 'd503201f'], { encoding: 'utf8' });
    expect([ok.status, ok.stdout]).toEqual([0, 'nop\n']);
    const bad = spawnSync(process.execPath, [bin, 'asm', join(dir, 'missing.s')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
