// Assembler spellings of the branch, exception, hint, barrier, PSTATE, SYS,
// MRS/MSR rows (isa/table/branch-sys.ts) and the MTE tag rows
// (isa/table/mte.ts) that random disassembly never produces: optional `#`,
// upper case, b.cs/b.cc and `beq`, `ret x30`, PAC/BTI hint names, barrier
// names and numbers, system register names in any case and generic
// `s3_...` spellings, DC/IC names and the generic SYS form, zero offsets
// written out. Each line is compared word for word with the encoding llvm-mc
// 14 (-mattr=+mte) gave for it (stored here, so the test runs without
// llvm-mc), and live with llvm-mc when it is installed. Then lines both
// assemblers must reject, with our messages.

import { describe, expect, it } from 'vitest';
import { disassembleText } from '../../isa/disasm.ts';
import { sysRegEncoding, sysRegEnc } from '../../isa/sysregs.ts';
import { asmOne } from './asm-one.ts';
import { llvmAssemble, llvmDisassemble, llvmMcPath } from './llvm.ts';

/** [line, word llvm-mc -triple=aarch64 -mattr=+mte assembles it to] (pc = 0). */
const SPELLINGS: readonly [string, number][] = [
  ['b #8',                                0x14000002],
  ['b 8',                                 0x14000002],
  ['B #-4',                               0x17ffffff],
  ['b #0x7fffffc',                        0x15ffffff],
  ['b #-0x8000000',                       0x16000000],
  ['bl #-4',                              0x97ffffff],
  ['bl 0x100',                            0x94000040],
  ['b.hs #8',                             0x54000042],
  ['b.cs #8',                             0x54000042],
  ['b.cc #8',                             0x54000043],
  ['b.lo #-8',                            0x54ffffc3],
  ['beq #4',                              0x54000020],
  ['bne #-4',                             0x54ffffe1],
  ['bcs #8',                              0x54000042],
  ['b.al #0',                             0x5400000e],
  ['b.nv #4',                             0x5400002f],
  ['b.EQ #12',                            0x54000060],
  ['B.GT #1048572',                       0x547fffec],
  ['b.le #-1048576',                      0x5480000d],
  ['cbz x0, #-4',                         0xb4ffffe0],
  ['cbz w3, #0x100',                      0x34000803],
  ['cbnz xzr, #1048572',                  0xb57fffff],
  ['CBNZ W0, #-8',                        0x35ffffc0],
  ['tbz x0, #3, #8',                      0x36180040],
  ['tbz w0, #31, #-4',                    0x36ffffe0],
  ['tbnz x5, #63, #32764',                0xb7fbffe5],
  ['tbnz x1, 0, #-32768',                 0x37040001],
  ['tbz xzr, #32, #4',                    0xb600003f],
  ['br x0',                               0xd61f0000],
  ['BR X17',                              0xd61f0220],
  ['blr lr',                              0xd63f03c0],
  ['ret',                                 0xd65f03c0],
  ['ret x1',                              0xd65f0020],
  ['ret lr',                              0xd65f03c0],
  ['ret x30',                             0xd65f03c0],
  ['ret xzr',                             0xd65f03e0],
  ['svc #0',                              0xd4000001],
  ['svc 0',                               0xd4000001],
  ['svc #0x10',                           0xd4000201],
  ['SVC #65535',                          0xd41fffe1],
  ['brk #0x3e8',                          0xd4207d00],
  ['brk 1000',                            0xd4207d00],
  ['udf #0',                              0x00000000],
  ['udf 65535',                           0x0000ffff],
  ['udf #0x10',                           0x00000010],
  ['nop',                                 0xd503201f],
  ['NOP',                                 0xd503201f],
  ['yield',                               0xd503203f],
  ['wfe',                                 0xd503205f],
  ['wfi',                                 0xd503207f],
  ['sev',                                 0xd503209f],
  ['sevl',                                0xd50320bf],
  ['dgh',                                 0xd50320df],
  ['csdb',                                0xd503229f],
  ['hint #0',                             0xd503201f],
  ['hint #0x22',                          0xd503245f],
  ['hint 127',                            0xd5032fff],
  ['paciasp',                             0xd503233f],
  ['autiasp',                             0xd50323bf],
  ['xpaclri',                             0xd50320ff],
  ['bti',                                 0xd503241f],
  ['bti c',                               0xd503245f],
  ['bti jc',                              0xd50324df],
  ['dmb ish',                             0xd5033bbf],
  ['dmb sy',                              0xd5033fbf],
  ['DMB ISHLD',                           0xd50339bf],
  ['dmb #0',                              0xd50330bf],
  ['dmb #15',                             0xd5033fbf],
  ['dsb sy',                              0xd5033f9f],
  ['dsb #0',                              0xd503309f],
  ['ssbb',                                0xd503309f],
  ['pssbb',                               0xd503349f],
  ['dsb #4',                              0xd503349f],
  ['isb',                                 0xd5033fdf],
  ['isb sy',                              0xd5033fdf],
  ['isb #15',                             0xd5033fdf],
  ['isb #0',                              0xd50330df],
  ['clrex',                               0xd5033f5f],
  ['clrex #15',                           0xd5033f5f],
  ['clrex #3',                            0xd503335f],
  ['msr tco, #1',                         0xd503419f],
  ['msr TCO, #0',                         0xd503409f],
  ['msr tco, #15',                        0xd5034f9f],
  ['msr spsel, #1',                       0xd50041bf],
  ['msr daifset, #2',                     0xd50342df],
  ['msr DAIFClr, #0xf',                   0xd5034fff],
  ['mrs x0, dczid_el0',                   0xd53b00e0],
  ['mrs x1, S3_0_C1_C0_0',                0xd5381001],
  ['mrs x0, nzcv',                        0xd53b4200],
  ['msr nzcv, x1',                        0xd51b4201],
  ['mrs x0, tpidr_el0',                   0xd53bd040],
  ['msr TPIDR_EL0, x0',                   0xd51bd040],
  ['mrs x0, tco',                         0xd53b42e0],
  ['msr tco, x0',                         0xd51b42e0],
  ['mrs x0, cntvct_el0',                  0xd53be040],
  ['mrs x0, CNTFRQ_EL0',                  0xd53be000],
  ['mrs x2, gcr_el1',                     0xd53810c2],
  ['msr gcr_el1, x3',                     0xd51810c3],
  ['mrs x0, rgsr_el1',                    0xd53810a0],
  ['msr tfsre0_el1, xzr',                 0xd518563f],
  ['mrs x0, tfsr_el1',                    0xd5385600],
  ['mrs x0, sctlr_el1',                   0xd5381000],
  ['msr tcr_el1, x0',                     0xd5182040],
  ['msr mair_el1, x0',                    0xd518a200],
  ['msr ttbr0_el1, x0',                   0xd5182000],
  ['mrs x0, fpcr',                        0xd53b4400],
  ['msr fpsr, x0',                        0xd51b4420],
  ['mrs x0, s3_3_c4_c2_0',                0xd53b4200],
  ['msr s3_3_c0_c0_7, x1',                0xd51b00e1],
  ['mrs lr, spsel',                       0xd538421e],
  ['mrs x0, currentel',                   0xd5384240],
  ['mrs x0, S2_7_C15_C15_7',              0xd537ffe0],
  ['dc zva, x0',                          0xd50b7420],
  ['DC ZVA, X1',                          0xd50b7421],
  ['dc gva, x0',                          0xd50b7460],
  ['dc gzva, x0',                         0xd50b7480],
  ['dc civac, x2',                        0xd50b7e22],
  ['dc cvac, x3',                         0xd50b7a23],
  ['dc cvau, x4',                         0xd50b7b24],
  ['dc ivac, x5',                         0xd5087625],
  ['ic ivau, x6',                         0xd50b7526],
  ['ic iallu',                            0xd508751f],
  ['ic ialluis',                          0xd508711f],
  ['sys #3, c7, c5, #1, x0',              0xd50b7520],
  ['sys #0, c7, c5, #0',                  0xd508751f],
  ['sys #3, c7, c4, #1, x0',              0xd50b7420],
  ['sys #0, c7, c5, #0, x0',              0xd5087500],
  ['sys #0, c0, c0, #0, xzr',             0xd508001f],
  ['sys #7, c15, c15, #7, x9',            0xd50fffe9],
  ['sysl x0, #1, c2, c3, #4',             0xd5292380],
  ['tlbi vmalle1',                        0xd508871f],
  ['tlbi vae1, x0',                       0xd5088720],
  ['at s1e0r, x1',                        0xd5087841],
  ['dc cgvac, x0',                        0xd50b7a60],
  ['dc cigdvac, x1',                      0xd50b7ea1],
  ['dc isw, x2',                          0xd5087642],
  ['addg x0, x1, #16, #1',                0x91810420],
  ['addg sp, sp, #1008, #15',             0x91bf3fff],
  ['subg x0, sp, #0, #0',                 0xd18003e0],
  ['addg x0, x1, 32, 2',                  0x91820820],
  ['stg x0, [x1]',                        0xd9200820],
  ['stg x0, [x1, #0]',                    0xd9200820],
  ['stg sp, [x2, #-4096]!',               0xd9300c5f],
  ['stg x0, [x1], #16',                   0xd9201420],
  ['stg x0, [x1, #4080]',                 0xd92ff820],
  ['stzg x0, [sp, #-16]',                 0xd97ffbe0],
  ['st2g x1, [x2, #32]!',                 0xd9a02c41],
  ['stz2g x3, [x4], #-32',                0xd9ffe483],
  ['ldg x0, [x1]',                        0xd9600020],
  ['ldg x0, [x1, #-4096]',                0xd9700020],
  ['ldg xzr, [sp, #4080]',                0xd96ff3ff],
  ['stgp x0, x1, [x2]',                   0x69000440],
  ['stgp x0, x1, [x2, #-1024]!',          0x69a00440],
  ['stgp xzr, xzr, [sp], #1008',          0x689fffff],
  ['stgp x0, x1, [x2, #0]',               0x69000440],
  ['ldgm x0, [x1]',                       0xd9e00020],
  ['stgm x2, [sp]',                       0xd9a003e2],
  ['stzgm xzr, [x3]',                     0xd920007f],
  ['STG X0, [X1, #16]',                   0xd9201820],
];

/** [line, what our message must say]; llvm-mc rejects each line too. */
const REJECTS: readonly [string, RegExp][] = [
  ['b #6', /branch target must be 4-byte aligned/],
  ['b.eq #2', /branch target must be 4-byte aligned/],
  ['b #0x8000000', /branch target out of range/],
  ['bl #-0x8000004', /branch target out of range/],
  ['cbz x0, #0x100000', /branch target out of range/],
  ['tbz x0, #0, #0x8000', /branch target out of range/],
  ['tbz w0, #32, #8', /bit number must be in range \[0, 31\]/],
  ['tbz x0, #64, #8', /bit number must be in range \[0, 63\]/],
  ['br sp', /expected a 64-bit register \(x0-x30, xzr\)/],
  ['ret w0', /expected a 64-bit register/],
  ['udf #65536', /immediate must be in range \[0, 65535\]/],
  ['svc #0x10000', /immediate must be in range \[0, 65535\]/],
  ['brk #-1', /immediate must be in range \[0, 65535\]/],
  ['hint #128', /immediate must be in range \[0, 127\]/],
  ['nop #0', /takes no operands/],
  ['dmb #16', /barrier operand out of range \[0, 15\]/],
  ['dsb foo', /unknown barrier option 'foo'/],
  ['isb ish', /expected 'sy' or #imm/],
  ['clrex #16', /immediate must be in range \[0, 15\]/],
  ['msr tco, #16', /immediate must be in range \[0, 15\]/],
  ['msr pan, #1', /'pan' is neither a PSTATE field .* nor a writable system register/],
  ['msr dczid_el0, x0', /system register DCZID_EL0 is read-only/],
  ['msr cntvct_el0, x1', /system register CNTVCT_EL0 is read-only/],
  ['mrs x0, oslar_el1', /system register OSLAR_EL1 is write-only/],
  ['mrs x0, foo_el1', /unknown system register 'foo_el1'/],
  ['mrs x0, s3_8_c0_c0_0', /unknown system register 's3_8_c0_c0_0'/],
  ['mrs w0, nzcv', /expected a 64-bit register/],
  ['msr nzcv, sp', /expected a 64-bit register/],
  ['ic iallu, x0', /specified ic op does not use a register/],
  ['tlbi vmalle1, x0', /specified tlbi op does not use a register/],
  ['dc zva, sp', /expected a 64-bit register/],
  ['dc foo, x0', /unknown dc operation 'foo'/],
  ['sys #8, c7, c5, #0', /immediate must be in range \[0, 7\]/],
  ['sys #0, c16, c0, #0', /expected a system control register name c0-c15/],
  ['stg x0, [x1, #8]', /offset must be a multiple of 16/],
  ['stg x0, [x1, #4096]', /offset must be in range \[-4096, 4080\]/],
  ['stg x0, [x1, #-4112]!', /offset must be in range \[-4096, 4080\]/],
  ['stgp x0, x1, [x2, #8]', /offset must be a multiple of 16/],
  ['stgp x0, x1, [x2, #1024]', /offset must be in range \[-1024, 1008\]/],
  ['ldg sp, [x1]', /expected a 64-bit register \(x0-x30, xzr\)/],
  ['ldgm x0, [x1, #16]', /offset must be 0/],
  ['addg x0, x1, #8, #0', /offset must be a multiple of 16/],
  ['addg x0, x1, #1024, #0', /offset must be in range \[0, 1008\]/],
  ['addg x0, x1, #16, #16', /tag offset must be in range \[0, 15\]/],
  ['addg xzr, x1, #0, #0', /expected a 64-bit register \(x0-x30, sp\)/],
];

/**
 * [word, text]: printing rules worth pinning down (llvm-mc 14 prints the
 * same), plus our one deliberate difference, checked separately below.
 */
const PRINTS: readonly [number, string][] = [
  [0xd65f03c0, 'ret'],
  [0xd65f0020, 'ret\tx1'],
  [0xd5033fdf, 'isb'],
  [0xd50333df, 'isb\t#3'],
  [0xd5033f5f, 'clrex'],
  [0xd503309f, 'ssbb'],
  [0xd503349f, 'pssbb'],
  [0xd5033c9f, 'dsb\t#12'],
  [0xd503233f, 'hint\t#25'],
  [0xd503245f, 'hint\t#34'],
  [0xd503229f, 'csdb'],
  [0xd503419f, 'msr\tTCO, #1'],
  [0xd50040bf, 'msr\tSPSel, #0'],
  [0xd53b00e0, 'mrs\tx0, DCZID_EL0'],
  [0xd51b00e1, 'msr\tS3_3_C0_C0_7, x1'],
  [0xd5381000, 'mrs\tx0, SCTLR_EL1'],
  [0xd5380000, 'mrs\tx0, MIDR_EL1'],
  [0xd53b4220, 'mrs\tx0, DAIF'],
  [0xd53bffe0, 'mrs\tx0, S3_3_C15_C15_7'],
  [0xd4000001, 'svc\t#0'],
  [0xd4000201, 'svc\t#0x10'],
  [0xd43fffe0, 'brk\t#0xffff'],
  [0x0000abcd, 'udf\t#43981'],
  [0x54000042, 'b.hs\t#8'],
  [0x54000043, 'b.lo\t#8'],
  [0x36180040, 'tbz\tw0, #3, #8'],
  [0xb7f8001f, 'tbnz\txzr, #63, #0'],
  [0xd50b7420, 'dc\tzva, x0'],
  [0xd508751f, 'ic\tiallu'],
  [0xd508871f, 'tlbi\tvmalle1'],
  [0xd50b7a60, 'dc\tcgvac, x0'],
  [0xd50f7f29, 'sys\t#7, c7, c15, #1, x9'],
  [0xd5287f29, 'sysl\tx9, #0, c7, c15, #1'],
  [0xd9200820, 'stg\tx0, [x1]'],
  [0xd9200c20, 'stg\tx0, [x1, #0]!'],
  [0xd9200420, 'stg\tx0, [x1], #0'],
  [0x69000000, 'stgp\tx0, x0, [x0]'],
  [0x91810420, 'addg\tx0, x1, #16, #1'],
];

const hex = (x: number | string | null) => (typeof x === 'number' ? `0x${x.toString(16).padStart(8, '0')}` : String(x));

describe('branch/system/MTE assembler spellings', () => {
  it('has enough cases', () => {
    expect(SPELLINGS.length).toBeGreaterThanOrEqual(60);
    expect(REJECTS.length).toBeGreaterThanOrEqual(10);
  });

  it('assembles each spelling to the word llvm-mc gave', () => {
    const bad = SPELLINGS.filter(([l, w]) => asmOne(l) !== w).map(([l, w]) => `${l}: ours ${hex(asmOne(l))}, llvm ${hex(w)}`);
    expect(bad).toEqual([]);
  });

  it('rejects each bad line with a message that says why', () => {
    const bad = REJECTS.filter(([l, re]) => {
      const r = asmOne(l);
      return typeof r !== 'string' || !re.test(r);
    }).map(([l]) => `${l}: ${hex(asmOne(l))}`);
    expect(bad).toEqual([]);
  });

  it('prints as llvm-mc does', () => {
    const bad = PRINTS.filter(([w, t]) => disassembleText(w) !== t).map(([w, t]) => `${hex(w)}: ours '${disassembleText(w)}', want '${t}'`);
    expect(bad).toEqual([]);
  });

  it('needs +memtag for the MTE rows, PSTATE.TCO and the tag DC operations', () => {
    const base = new Set(['base'] as const);
    for (const l of ['addg x0, x1, #0, #0', 'stg x0, [x1]', 'stz2g x0, [x1], #16', 'ldg x0, [x1]', 'stgp x0, x1, [x2]', 'ldgm x0, [x1]']) {
      expect(asmOne(l, 0n, base), l).toMatch(/requires '\+memtag'/);
    }
    for (const l of ['dc gva, x0', 'dc gzva, x0', 'dc cigdvac, x1']) expect(asmOne(l, 0n, base), l).toMatch(/requires '\+memtag'/);
    expect(asmOne('msr tco, #1', 0n, base)).toMatch(/PSTATE field.*TCO needs \+memtag/);
    expect(asmOne('dc zva, x0', 0n, base)).toBe(0xd50b7420);
    // LDGM/STGM/STZGM are MTE2 (EL1 and above)
    expect(asmOne('stgm x0, [x1]', 0n, new Set(['base', 'mte'] as const))).toMatch(/requires/);
  });

  // llvm-mc prints `ic iallu` / `tlbi vmalle1` whatever Rt holds, which does
  // not reassemble to the word. We print the generic SYS form when Rt != 31.
  it('prints a no-register SYS operation with Rt != 31 generically, so it round-trips', () => {
    expect(disassembleText(0xd5087505)).toBe('sys\t#0, c7, c5, #0, x5');
    expect(hex(asmOne('sys #0, c7, c5, #0, x5'))).toBe(hex(0xd5087505));
    expect(disassembleText(0xd5088700)).toBe('sys\t#0, c8, c7, #0, x0');
  });

  it('exports system register encodings for the emulator', () => {
    expect(sysRegEncoding('TCO')).toBe(sysRegEnc(3, 3, 4, 2, 7));
    expect(sysRegEncoding('gcr_el1')).toBe(sysRegEnc(3, 0, 1, 0, 6));
    expect(sysRegEncoding('DCZID_EL0')).toBe(sysRegEnc(3, 3, 0, 0, 7));
    expect(() => sysRegEncoding('TCO_EL0')).toThrow(/unknown system register/);
  });
});

describe.skipIf(!llvmMcPath())('branch/system/MTE spellings vs llvm-mc (live; skipped without llvm-mc)', () => {
  it('llvm-mc still assembles each spelling to the stored word', () => {
    const got = llvmAssemble(SPELLINGS.map(([l]) => l));
    const bad: string[] = [];
    SPELLINGS.forEach(([l, w], i) => {
      if (got[i] !== w) bad.push(`${l}: stored ${hex(w)}, llvm ${hex(got[i]!)}`);
    });
    expect(bad).toEqual([]);
  });

  it('llvm-mc rejects each bad line too', () => {
    const got = llvmAssemble(REJECTS.map(([l]) => l));
    const accepted = REJECTS.filter((_, i) => typeof got[i] === 'number').map(([l]) => l);
    expect(accepted).toEqual([]);
  });

  it('llvm-mc prints each pinned word the same way', () => {
    const got = llvmDisassemble(PRINTS.map(([w]) => w));
    const bad: string[] = [];
    PRINTS.forEach(([w, t], i) => {
      if (got[i] !== t) bad.push(`${hex(w)}: stored '${t}', llvm '${got[i]}'`);
    });
    expect(bad).toEqual([]);
  });
});
