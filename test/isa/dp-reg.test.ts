// Assembler spellings of Data Processing -- Register (isa/table/dp-reg.ts)
// that random disassembly never produces: aliases written by hand (cmp, neg,
// mul, cset, cmpp, rev64), optional `#`, `lsl #0`, upper case, SP forms of
// the extended-register encoding, expressions as amounts. Each line is
// compared word for word with the encoding llvm-mc 14 gave for it (stored
// here, so the test runs without llvm-mc), and live with llvm-mc when it is
// installed. Then lines both assemblers must reject, with our messages.

import { describe, expect, it } from 'vitest';
import { asmOne } from './asm-one.ts';
import { llvmAssemble, llvmMcPath } from './llvm.ts';

/** [line, word llvm-mc -triple=aarch64 -mattr=+mte assembles it to]. */
const SPELLINGS: readonly [string, number][] = [
  ['cmp x0, x1',                        0xeb01001f],
  ['cmp w0, w1, lsl #31',               0x6b017c1f],
  ['cmn x3, x4, asr #63',               0xab84fc7f],
  ['neg x0, x1, lsl #3',                0xcb010fe0],
  ['negs w5, w6',                       0x6b0603e5],
  ['ngc x0, x1',                        0xda0103e0],
  ['ngcs w2, w3',                       0x7a0303e2],
  ['add x0, x1, x2, lsl #0',            0x8b020020],
  ['ADD X0, X1, X2, LSL #3',            0x8b020c20],
  ['add x0, x1, x2, lsr #0',            0x8b420020],
  ['add x0,x1,x2',                      0x8b020020],
  ['add w0, w1, w2, lsl 4',             0x0b021020],
  ['add x0, sp, x1',                    0x8b2163e0],
  ['add x0, sp, x1, uxtx #2',           0x8b216be0],
  ['add x0, sp, x1, lsl #2',            0x8b216be0],
  ['add sp, x1, x2',                    0x8b22603f],
  ['add sp, sp, x2, lsl #4',            0x8b2273ff],
  ['add w0, w1, w2, uxtw',              0x0b224020],
  ['add w0, wsp, w2',                   0x0b2243e0],
  ['add w0, wsp, w2, lsl #3',           0x0b224fe0],
  ['add w0, wsp, w2, uxtw #3',          0x0b224fe0],
  ['add x0, x1, w2, sxtw #2',           0x8b22c820],
  ['add x0, x1, w2, uxtb',              0x8b220020],
  ['add x0, x1, x2, sxtx #4',           0x8b22f020],
  ['add x0, x1, x2, uxtx',              0x8b226020],
  ['add w0, w1, w2, sxtx #1',           0x0b22e420],
  ['adds x0, sp, x1',                   0xab2163e0],
  ['subs x0, sp, w1, uxth #1',          0xeb2127e0],
  ['sub sp, sp, x3',                    0xcb2363ff],
  ['cmp sp, x1',                        0xeb2163ff],
  ['cmp x1, w2, uxtw',                  0xeb22403f],
  ['cmn wsp, w2, lsl #2',               0x2b224bff],
  ['cmp sp, x1, lsl #3',                0xeb216fff],
  ['mov w3, wzr',                       0x2a1f03e3],
  ['mov xzr, x2',                       0xaa0203ff],
  ['mvn x0, x1',                        0xaa2103e0],
  ['mvn w0, w1, ror #7',                0x2ae11fe0],
  ['tst x1, x2',                        0xea02003f],
  ['tst w1, w2, asr #3',                0x6a820c3f],
  ['and x0, x1, x2, ror #63',           0x8ac2fc20],
  ['bics x0, x1, x2, lsr #4',           0xea621020],
  ['orr x0, xzr, x2, lsl #1',           0xaa0207e0],
  ['eon w0, w1, w2',                    0x4a220020],
  ['lsl x0, x1, x2',                    0x9ac22020],
  ['lslv x0, x1, x2',                   0x9ac22020],
  ['lsr w0, w1, w2',                    0x1ac22420],
  ['asrv x0, x1, x2',                   0x9ac22820],
  ['ror w0, w1, w2',                    0x1ac22c20],
  ['rorv x0, x1, x2',                   0x9ac22c20],
  ['mul x0, x1, x2',                    0x9b027c20],
  ['mul w0, w1, w2',                    0x1b027c20],
  ['mneg x0, x1, x2',                   0x9b02fc20],
  ['madd x0, x1, x2, xzr',              0x9b027c20],
  ['smull x0, w1, w2',                  0x9b227c20],
  ['umull x0, w1, w2',                  0x9ba27c20],
  ['smnegl x0, w1, w2',                 0x9b22fc20],
  ['umnegl x0, w1, w2',                 0x9ba2fc20],
  ['smaddl x0, w1, w2, x3',             0x9b220c20],
  ['smulh x0, x1, x2',                  0x9b427c20],
  ['udiv w0, w1, w2',                   0x1ac20820],
  ['sdiv x0, x1, x2',                   0x9ac20c20],
  ['cset x0, eq',                       0x9a9f17e0],
  ['cset w0, cs',                       0x1a9f37e0],
  ['csetm x0, lo',                      0xda9f23e0],
  ['cinc x0, x1, ne',                   0x9a810420],
  ['cinc x0, xzr, eq',                  0x9a9f17e0],
  ['cinv w0, w1, hi',                   0x5a819020],
  ['cneg x0, x1, lt',                   0xda81a420],
  ['cneg x0, xzr, eq',                  0xda9f17e0],
  ['csel x0, x1, x2, al',               0x9a82e020],
  ['csinc x0, x1, x1, nv',              0x9a81f420],
  ['csneg w0, w1, w2, cc',              0x5a823420],
  ['ccmp x0, x1, #4, eq',               0xfa410004],
  ['ccmp x0, #31, #15, ne',             0xfa5f180f],
  ['ccmn w0, #0, #0, al',               0x3a40e800],
  ['ccmp w0, 5, 3, hs',                 0x7a452803],
  ['clz x0, x1',                        0xdac01020],
  ['cls w0, w1',                        0x5ac01420],
  ['rbit x0, x1',                       0xdac00020],
  ['rev x0, x1',                        0xdac00c20],
  ['rev64 x0, x1',                      0xdac00c20],
  ['rev w0, w1',                        0x5ac00820],
  ['rev16 x0, x1',                      0xdac00420],
  ['rev32 x0, x1',                      0xdac00820],
  ['irg x0, sp',                        0x9adf13e0],
  ['irg x0, x1, x2',                    0x9ac21020],
  ['irg sp, x1, xzr',                   0x9adf103f],
  ['gmi x0, sp, x2',                    0x9ac217e0],
  ['subp x0, sp, sp',                   0x9adf03e0],
  ['subps x0, x1, x2',                  0xbac20020],
  ['subps xzr, x1, x2',                 0xbac2003f],
  ['cmpp x1, x2',                       0xbac2003f],
  ['cmpp sp, sp',                       0xbadf03ff],
  ['adc x0, x1, x2',                    0x9a020020],
  ['sbcs wzr, w1, w2',                  0x7a02003f],
  ['CSET W0, EQ',                       0x1a9f17e0],
  ['subs xzr, xzr, x2',                 0xeb0203ff],
  ['negs x0, x1, asr #2',               0xeb810be0],
  ['cmn x0, w1, sxtb',                  0xab21801f],
  ['add x0, x1, x2, lsl #1+2',          0x8b020c20],
  ['add x0, x1, x2, lsl #0x3',          0x8b020c20],
  ['neg w0, w1, lsr #31',               0x4b417fe0],
  ['Mul X0, X1, X2',                    0x9b027c20],
  ['cmp xzr, x2, lsl #3',               0xeb020fff],
  ['mvn x0, xzr',                       0xaa3f03e0],
  ['tst xzr, x2',                       0xea0203ff],
  ['subs x0, sp, x1, uxtx',             0xeb2163e0],
  ['add x29, fp, lr',                   0x8b1e03bd],
  ['cinv x0, x1, cc',                   0xda812020],
  ['umsubl x0, w1, w2, xzr',            0x9ba2fc20],
  ['add wsp, w1, w2',                   0x0b22403f],
  ['sub wsp, wsp, w1, sxtb #4',         0x4b2193ff],
  ['add sp, x1, w2, uxtw #4',           0x8b22503f],
];

/** [line, what our message must say]; llvm-mc rejects each line too. */
const REJECTS: readonly [string, RegExp][] = [
  ['add x0, x1, x2, ror #1', /ror is only allowed for logical/],
  ['cmp x0, x1, ror #2', /ror is only allowed for logical/],
  ['add w0, w1, w2, lsl #32', /shift amount must be in range \[0, 31\]/],
  ['add x0, x1, x2, lsl #64', /shift amount must be in range \[0, 63\]/],
  ['orr w0, w1, w2, lsl #32', /shift amount must be in range \[0, 31\]/],
  ['cset x0, al', /al and nv are invalid/],
  ['csetm w0, nv', /al and nv are invalid/],
  ['cinc x0, x1, al', /al and nv are invalid/],
  ['cneg x0, x1, nv', /al and nv are invalid/],
  ['add x0, x1, w2', /32-bit register needs an extend/],
  ['add x0, sp, w2, lsl #2', /expected extend 'uxtb'.*32-bit register/],
  ['add x0, x1, w2, uxtx', /expected extend 'uxtb'.*32-bit register/],
  ['add x0, x1, x2, uxtw #2', /'uxtw' needs a 32-bit register/],
  ['add x0, sp, x1, lsl #5', /extend shift amount must be in range \[0, 4\]/],
  ['add x0, x1, x2, sxtx #5', /extend shift amount must be in range \[0, 4\]/],
  ['add x0, sp, x1, lsl', /expected '#imm' after 'lsl'/],
  ['neg x0, sp', /expected a 64-bit register \(x0-x30, xzr\)/],
  ['and x0, sp, x1', /expected a 64-bit register \(x0-x30, xzr\)/],
  ['lslv x0, x1, w2', /expected a 64-bit register/],
  ['lsl x0, w1, x2', /expected a 64-bit register/],
  ['smull x0, x1, x2', /expected a 32-bit register/],
  ['smulh w0, w1, w2', /expected a 64-bit register/],
  ['ccmp x0, #32, #0, eq', /immediate must be in range \[0, 31\]/],
  ['ccmp x0, x1, #16, eq', /nzcv must be in range \[0, 15\]/],
  ['csel x0, x1, x2, xx', /expected a condition code/],
  ['rev32 w0, w1', /expected a 64-bit register/],
  ['irg x0, x1, sp', /expected a 64-bit register \(x0-x30, xzr\)/],
  ['subp x0, x1, xzr', /expected a 64-bit register \(x0-x30, sp\)/],
  ['cmpp x1, xzr', /expected a 64-bit register \(x0-x30, sp\)/],
  ['adc x0, sp, x1', /expected a 64-bit register \(x0-x30, xzr\)/],
];

const hex = (x: number | string) => (typeof x === 'number' ? `0x${x.toString(16).padStart(8, '0')}` : x);

describe('dp-reg assembler spellings', () => {
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

  it('needs +memtag for IRG/GMI/SUBP/SUBPS/CMPP', () => {
    const base = new Set(['base'] as const);
    for (const l of ['irg x0, sp', 'gmi x0, x1, x2', 'subp x0, x1, x2', 'subps x0, x1, x2', 'cmpp x1, x2']) {
      expect(asmOne(l, 0n, base), l).toMatch(/requires '\+memtag'/);
    }
  });

  // MOV (register) is ORR: this needs dp-imm.ts's MOV (to/from SP) alias to
  // refuse operands of which neither is SP, since it is tried first.
  it('assembles mov between general registers as ORR', () => {
    expect(hex(asmOne('mov x0, x1'))).toBe(hex(0xaa0103e0));
    expect(hex(asmOne('mov w5, w30'))).toBe(hex(0x2a1e03e5));
  });
});

describe.skipIf(!llvmMcPath())('dp-reg assembler spellings vs llvm-mc (live; skipped without llvm-mc)', () => {
  it('llvm-mc still assembles each spelling to the stored word', () => {
    const got = llvmAssemble(SPELLINGS.map(([l]) => l));
    const bad = SPELLINGS.filter(([, w], i) => got[i] !== w).map(([l, w], i) => `${l}: stored ${hex(w)}, llvm ${hex(got[i]!)}`);
    expect(bad).toEqual([]);
  });

  it('llvm-mc rejects each bad line too', () => {
    const got = llvmAssemble(REJECTS.map(([l]) => l));
    const accepted = REJECTS.filter((_, i) => typeof got[i] === 'number').map(([l]) => l);
    expect(accepted).toEqual([]);
  });
});
