// Assembler spellings of loads, stores and the minimal SIMD subset that
// random disassembly never produces (isa/table/ldst.ts, isa/table/simd.ts):
// optional `#`, upper case, `#-0`, misaligned or negative offsets that turn
// LDR into LDUR, `lsl #0` index shifts, `[xN, #0]` for exclusives, ...
// Each is assembled by us and by llvm-mc and the words compared; the
// must-reject lines are refused by both, ours with a message that says why.
// The literal pool (`ldr x0, =expr`) is tested with a fake ctx.literal,
// since its word depends on where the assembler puts the pool.

import { describe, expect, it } from 'vitest';
import { Cursor } from '../../isa/asm/cursor.ts';
import { parseExpr } from '../../isa/asm/expr.ts';
import { disassembleText } from '../../isa/disasm.ts';
import { assembleInstruction } from '../../isa/encoder.ts';
import type { AsmCtx } from '../../isa/types.ts';
import { ALL_FEATURES, asmOne } from './asm-one.ts';
import { llvmAssemble, llvmMcPath } from './llvm.ts';

/** Lines llvm-mc assembles; ours must give the same word. */
const SAME: readonly string[] = [
  'ldr x0, [x1, #-8]',
  'ldr x0, [x1, #1]',
  'str w0, [sp]',
  'ldr x0, [x1, x2, lsl #0]',
  'ldrb w0, [x1, w2, uxtw #0]',
  'ldp x0, x1, [sp], #16',
  'prfm pldl1keep, [x0, #8]',
  'ldr x0, [x1, 8]',
  'LDR X0, [X1, #8]',
  'Ldr x0, [X1, #0X10]',
  'ldr x0, [x1, #-0]',
  'ldr x0, [x1], #-0',
  'ldr x0, [x1, #0]',
  'ldr x0, [x1,#16]',
  'ldr x0, [ x1 , # 16 ]',
  'ldr x0, [x1, #4095*8]',
  'ldr x0, [x1, #8]  !',
  'ldr x0, [x1, #32760]',
  'str x0, [x1, #-256]',
  'strb w0, [x1, #-1]',
  'ldrh w0, [x1, #1]',
  'ldrsh x0, [x1, #-2]',
  'ldrsw x0, [x1, #2]',
  'ldrsb w0, [x1, #-255]',
  'str w0, [x1, #3]',
  'ldr w0, [x1, #255]',
  'ldrh w0, [x1, w2, sxtw #0]',
  'ldrh w0, [x1, w2, sxtw #1]',
  'ldrh w0, [x1, x2, lsl #0]',
  'ldr q0, [x1, x2, lsl #0]',
  'ldr q0, [x1, w2, uxtw #4]',
  'ldr q0, [x1, #-16]',
  'ldr q0, [x1, #8]',
  'str q0, [sp, #-32]',
  'str q31, [x0, #65520]',
  'ldr x0, [x1, w2, uxtw #0]',
  'ldr x0, [x1, w2, uxtw #3]',
  'ldr x0, [x1, x2, sxtx #0]',
  'ldr w0, [x1, xzr, sxtx #2]',
  'ldrb w0, [x1, x2, lsl #0]',
  'ldrb w0, [x1, wzr, sxtw #0]',
  'strb w0, [x1, x2]',
  'prfm #6, [x0]',
  'prfm PLDL1KEEP, [X0]',
  'prfm pstl3strm, [x0, x1, lsl #3]',
  'prfm plil2keep, [x0, w1, sxtw]',
  'prfum plil2keep, [sp, #-1]',
  'prfm #31, [x0, #32760]',
  'prfm pldl3strm, #-8',
  'ldp x0, x1, [x2, #-512]',
  'ldp w0, w1, [x2], #252',
  'stp x29, x30, [sp, #-16]!',
  'ldp x29, x30, [sp], #16',
  'ldpsw x0, x1, [x2, #-256]',
  'stp xzr, xzr, [x0]',
  'stp x0, x0, [x1]',
  'stp x0, x1, [sp, #0]',
  'ldp w0, w1, [x2, #0]!',
  'stp q0, q1, [sp, #-32]!',
  'ldp q0, q1, [x0, #1008]',
  'ldnp x0, x1, [x2, #8]',
  'stnp q0, q1, [x0, #-1024]',
  'stxr w0, x1, [x2, #0]',
  'ldxr x0, [x1, #0]',
  'ldaxrb w0, [sp]',
  'stlxrh w3, w4, [x5]',
  'ldar x0, [x1, 0]',
  'stlrb wzr, [x0]',
  'ldxp x0, x1, [x2]',
  'stlxp w0, w1, w2, [sp]',
  'stxr w2, x1, [sp]',
  'ldr x1, [x1, #8]',
  'ldr x1, [x1, x1]',
  'ldr x0, [sp, #8]!',
  'ldr x0, [sp], #-256',
  'str xzr, [sp, #-8]!',
  'ldr x0, #8',
  'ldr w0, #-4',
  'ldr q0, #16',
  'ldrsw x0, #-1048576',
  'ldr x0, #1048572',
  'dup v0.16b, w1',
  'DUP V0.16B, W1',
  'dup v0.2d, xzr',
  'dup v31.4h, w30',
  'movi v0.16b, #255',
  'movi v0.8b, 0x80',
  'mov v0.16b, v1.16b',
  'orr v0.8b, v1.8b, v1.8b',
  'MOV V31.16B, V0.16B',
  'orr v0.16b, v1.16b, v2.16b',
];

/**
 * Spellings GNU as accepts and llvm-mc 14 does not (checked with
 * aarch64-linux-gnu-as 2.40): compared with llvm-mc's word for the
 * canonical spelling on the right.
 */
const GNU_ONLY: readonly [string, string][] = [
  ['movi v0.16b, #1, lsl #0', 'movi v0.16b, #1'],
  ['movi v3.8b, #255, LSL #0', 'movi v3.8b, #255'],
  ['prfm pldl1keep, [x0, #-8]', 'prfum pldl1keep, [x0, #-8]'],
  ['prfm pstl2strm, [x0, #1]', 'prfum pstl2strm, [x0, #1]'],
];

/** Lines both assemblers refuse, with the gist of our message. */
const REJECT: readonly [string, RegExp][] = [
  ['ldr x0, [x1, #32768]', /range \[0, 32760\]/],
  ['ldr x0, [x1, #32759]', /multiple of 8/],
  ['ldp x0, x1, [x2, #4]', /multiple of 8/],
  ['ldp x0, x1, [x2, #512]', /range \[-512, 504\]/],
  ['ldr x0, [x1, w2]', /uxtw.*sxtw/],
  ['ldr x0, [x1, x2, lsl #2]', /shift of #0 or #3/],
  ['ldrb w0, [x1, x2, lsl #1]', /shift of #0/],
  ['ldr w0, [x1, x2, lsl #3]', /shift of #0 or #2/],
  ['ldr x0, [x1, x2, uxtx #3]', /'lsl' or 'sxtx'/],
  ['ldr x0, [x1, w2, sxtx #3]', /'uxtw' or 'sxtw'/],
  ['ldr x0, [x1, x2, lsl]', /after 'lsl'/],
  ['ldr x0, [x1, sp]', /sp cannot be an index register/],
  ['ldr x0, [xzr]', /base register/],
  ['ldr x0, [x1, #256]!', /pre-index offset must be in range \[-256, 255\]/],
  ['ldp x0, x1, [x2, #-520]!', /pre-index offset must be in range \[-512, 504\]/],
  ['ldp x0, x1, [x2, #4]!', /pre-index offset must be a multiple of 8/],
  ['str x0, [x1], #256', /range \[-256, 255\]/],
  ['ldr x0, [x1], #-257', /range \[-256, 255\]/],
  ['ldp x0, x1, [x2], #3', /multiple of 8/],
  ['ldr x0, [x1]!', /missing offset/],
  ['stp x0, x1, [x2]!', /missing offset/],
  ['ldr x0, [x0, #8]!', /writeback base/],
  ['str x0, [x0], #8', /writeback base/],
  ['ldrb w3, [x3, #1]!', /writeback base/],
  ['ldp x1, x2, [x1], #16', /writeback base/],
  ['stp x1, x2, [x2, #-16]!', /writeback base/],
  ['ldp x0, x0, [x1]', /Rt2 == Rt/],
  ['ldpsw x0, x0, [x1]', /Rt2 == Rt/],
  ['ldp q0, q0, [x2]', /Rt2 == Rt/],
  ['stxr w1, x1, [x2]', /status register/],
  ['stxr w2, x1, [x2]', /status register/],
  ['ldxr x0, [x1, #8]', /offset must be 0/],
  ['ldar w0, [x1], #4', /unexpected text/],
  ['prfm #32, [x0]', /range \[0, 31\]/],
  ['prfm pldl4keep, [x0]', /prefetch operation/],
  ['dup v0.1d, x1', /arrangement \.1d/],
  ['dup v0.16b, x1', /32-bit register/],
  ['movi v0.16b, #256', /range \[0, 255\]/],
  ['mov v0.16b, v1.8b', /arrangement \.8b/],
  ['ldr x0, [x1, #8]]', /unexpected text/],
  ['ldr q0, [x1, x2, lsl #3]', /shift of #0 or #4/],
];

const hex = (w: number | string) => (typeof w === 'number' ? `0x${w.toString(16).padStart(8, '0')}` : w);

describe.skipIf(!llvmMcPath())('load/store and SIMD spellings vs llvm-mc (skipped: llvm-mc not installed)', () => {
  it('assembles every spelling to llvm-mc\'s word', () => {
    const ref = llvmAssemble(SAME);
    const bad = SAME.flatMap((l, i) => (asmOne(l) === ref[i] ? [] : [`${l}: ours ${hex(asmOne(l))}, llvm ${hex(ref[i]!)}`]));
    expect(bad).toEqual([]);
    expect(SAME.length).toBeGreaterThanOrEqual(60);
  });

  it('assembles GNU-only spellings to llvm-mc\'s word for the canonical form', () => {
    const ref = llvmAssemble(GNU_ONLY.map(([, canon]) => canon));
    const bad = GNU_ONLY.flatMap(([l], i) => (asmOne(l) === ref[i] && typeof ref[i] === 'number' ? [] : [`${l}: ours ${hex(asmOne(l))}, llvm ${hex(ref[i]!)}`]));
    expect(bad).toEqual([]);
  });

  it('rejects what llvm-mc rejects', () => {
    const ref = llvmAssemble(REJECT.map(([l]) => l));
    const accepted = REJECT.flatMap(([l], i) => (typeof ref[i] === 'number' ? [`llvm-mc accepts ${l}`] : []));
    expect(accepted).toEqual([]);
  });
});

describe('load/store and SIMD must-reject lines', () => {
  it('are refused with a message that says why', () => {
    const bad = REJECT.flatMap(([l, why]) => {
      const r = asmOne(l);
      return typeof r === 'string' && why.test(r) ? [] : [`${l}: ${hex(r)}`];
    });
    expect(bad).toEqual([]);
  });
});

describe('literal pool (ldr Rt, =expr)', () => {
  function poolAsm(text: string, literal?: AsmCtx['literal'], pc = 0x1000n): number | string {
    const m = /^(\S+)\s*(.*)$/.exec(text)!;
    const ctx: AsmCtx = { pc, expr: (c: Cursor) => parseExpr(c, { symbol: (s) => (s === 'sym' ? 0x123456789abcdefn : undefined), dot: pc }), literal };
    try {
      return assembleInstruction(m[1]!, new Cursor(m[2]!, m[1]!.length + 2), 1, ctx, ALL_FEATURES).word;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** A fake pool: slots from 0x2000 on, aligned to their size, recorded. */
  function fakePool() {
    const slots: { value: bigint; size: number; addr: bigint }[] = [];
    let next = 0x2000n;
    const literal = (value: bigint, size: 4 | 8 | 16) => {
      next = (next + BigInt(size) - 1n) & ~(BigInt(size) - 1n);
      slots.push({ value, size, addr: next });
      next += BigInt(size);
      return slots[slots.length - 1]!.addr;
    };
    return { slots, literal };
  }

  it('puts the value in a slot of the register\'s size and loads it PC-relative', () => {
    const p = fakePool();
    expect(hex(poolAsm('ldr x0, =0x123456789', p.literal))).toBe(hex(0x58008000)); // ldr x0, #0x1000
    expect(hex(poolAsm('ldr w1, =-1', p.literal))).toBe(hex(0x18008041)); // slot 0x2008
    expect(hex(poolAsm('ldrsw x2, =0x7fffffff', p.literal))).toBe(hex(0x98008062)); // slot 0x200c
    expect(hex(poolAsm('ldr q3, =sym', p.literal))).toBe(hex(0x9c008083)); // slot 0x2010
    expect(p.slots).toEqual([
      { value: 0x123456789n, size: 8, addr: 0x2000n },
      { value: -1n, size: 4, addr: 0x2008n },
      { value: 0x7fffffffn, size: 4, addr: 0x200cn },
      { value: 0x123456789abcdefn, size: 16, addr: 0x2010n },
    ]);
  });

  it('agrees with what the words disassemble to', () => {
    const p = fakePool();
    const w = poolAsm('ldr x7, =42', p.literal, 0x1ff8n);
    expect(typeof w).toBe('number');
    expect(disassembleText(w as number)).toBe('ldr\tx7, #8');
  });

  it('needs the assembler', () => {
    expect(poolAsm('ldr x0, =1')).toMatch(/literal pool needs the assembler/);
  });

  it('refuses values, slots and instructions it cannot serve', () => {
    const p = fakePool();
    expect(poolAsm('ldr w0, =0x100000000', p.literal)).toMatch(/does not fit in 32 bits/);
    expect(poolAsm('ldr x0, =1', () => 0x1000n + (1n << 20n))).toMatch(/out of range/);
    expect(poolAsm('ldr x0, =1', () => 0x1002n)).toMatch(/aligned/);
    expect(poolAsm('prfm pldl1keep, =1', p.literal)).toMatch(/only for ldr/);
    expect(poolAsm('ldr x0, =1 x', p.literal)).toMatch(/unexpected text/);
    expect(p.slots).toEqual([]);
  });
});
