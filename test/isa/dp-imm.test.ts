// Tests of the Data Processing -- Immediate rows (isa/table/dp-imm.ts):
// spellings that random disassembly never produces (assembler-only aliases,
// optional `#`, upper case, implicit `lsl #12`, the MOV chain), lines both
// llvm-mc and we must reject, and the bitmask-immediate helpers.

import { describe, expect, it } from 'vitest';
import { decode } from '../../isa/decoder.ts';
import { disassembleText } from '../../isa/disasm.ts';
import { ROWS } from '../../isa/encodings.ts';
import { decodeBitMasks, encodeBitMasks, movWideCanMake } from '../../isa/table/dp-imm-operands.ts';
import { asmOne } from './asm-one.ts';
import { rng } from './cases.ts';
import { llvmAssemble, llvmDisassemble, llvmMcPath } from './llvm.ts';

/** Lines llvm-mc 14 accepts; ours must give the same word. */
const SPELLINGS = [
  // add/subtract (immediate)
  'add x0, x1, #4096',
  'add x0, x1, #0xfff000',
  'add w0, w1, #0xfff000',
  'add x0, x1, #0x1000, lsl #0',
  'add x0, x1, #1, lsl #0',
  'add x0, x1, #0, lsl #12',
  'add x0, x1, #5, lsl 12',
  'add x0, x1, 5',
  'ADD X0, X1, #5, LSL #12',
  'add x0, x1, #(1 << 12)',
  'add x0, x1, #-1',
  'add x0, x1, #-4096',
  'add w0, w1, #-1, lsl #12',
  'sub x0, x1, #-1',
  'sub sp, sp, #-16',
  'adds x0, x1, #-1',
  'subs w0, w1, #-4095',
  'adds x0, sp, #1',
  'subs xzr, x1, #3',
  'cmp x0, #-1',
  'cmn w0, #-5',
  'cmp sp, #4096',
  'cmn x1, #0xfff000',
  'cmp wsp, #1, lsl #12',
  'mov sp, x1',
  'mov x1, sp',
  'mov wsp, w2',
  'mov sp, sp',
  // logical (immediate)
  'and w0, w1, #-2',
  'and w0, w1, #0xfffffffe',
  'orr w0, w1, #0xffffffff00000001',
  'and x0, x1, #-2',
  'eor sp, x1, #0x5555555555555555',
  'bic x0, x1, #1',
  'orn w0, w1, #1',
  'eon x0, x1, #1',
  'bics w0, w1, #1',
  'tst w0, #0xff',
  'tst x0, #0x8000000000000000',
  'ands xzr, x1, #1',
  'orr x0, xzr, #0x1',
  // move wide and the MOV chain (MOVZ, then MOVN, then ORR)
  'mov x0, #0',
  'mov x0, #0x10000',
  'mov x0, #0x1234000000000000',
  'mov x0, #-1',
  'mov x0, #0xffffffffffff1234',
  'mov x0, #0xffff0000ffff0000',
  'mov x0, #0x5555555555555555',
  'mov w0, #-1',
  'mov w0, #0xffffffff',
  'mov w0, #0x80000000',
  'mov w0, #-0x80000000',
  'mov w0, #0xfffffffffff0ffff',
  'mov w0, #0xffff',
  'mov w0, #0xffff0000',
  'mov w0, #0x0f0f0f0f',
  'mov wzr, #1',
  'mov sp, #1',
  'mov sp, #0x5555555555555555',
  'mov x0, 5',
  'MOV X0, #0X10',
  'movz x0, #1, lsl #16',
  'movz x0, #1, lsl 16',
  'movz w0, #1, lsl #0',
  'movz x0, #0, lsl #16',
  'movn w0, #0xffff, lsl #16',
  'movk x0, #0xffff, lsl #48',
  'movk w0, #0x1234',
  // bitfield
  'sxtb x0, x1',
  'sxth x0, w1',
  'sxtw x0, x1',
  'sxtb w0, w1',
  'uxtb x0, w1',
  'uxth x0, w1',
  'uxtw x0, w1',
  'uxtw x0, x1',
  'lsl x0, x1, #0',
  'lsl w0, w1, #31',
  'asr x0, x1, #63',
  'lsr w0, w1, #0',
  'bfc x0, #1, #2',
  'bfc w0, #0, #32',
  'bfi x0, x1, #0, #1',
  'bfxil x0, x1, #0, #64',
  'ubfiz x0, x1, #0, #64',
  'sbfx x0, x1, #0, #64',
  'ubfx w0, w1, #31, #1',
  'sbfiz w0, w1, #31, #1',
  'sbfm x0, x1, #3, #2',
  'ubfm w0, w1, #31, #31',
  'bfm x0, x1, #0, #0',
  // extract
  'ror x0, x1, #3',
  'ror w0, w1, #0',
  'extr x0, x1, x1, #5',
  'extr w0, w1, w2, #31',
  // PC-relative
  'adr x0, #1048575',
  'adr x0, #-1048576',
  'adrp x0, #-4294967296',
  'adrp x0, #4294963200',
  'adr x0, 12',
];

/** Lines both llvm-mc and we reject, with the gist our message must carry. */
const REJECTS: [string, RegExp][] = [
  ['and x0, x1, #0', /not encodable as a 64-bit logical immediate/],
  ['and x0, x1, #-1', /not encodable as a 64-bit logical immediate/],
  ['bic x0, x1, #0', /0xffffffffffffffff is not encodable/],
  ['orr w0, w1, #0x1fffffffe', /does not fit in 32 bits/],
  ['movk w0, #1, lsl #32', /lsl #0 or #16 for a 32-bit register/],
  ['movz w0, #1, lsl #48', /lsl #0 or #16 for a 32-bit register/],
  ['movz x0, #1, lsl #12', /lsl #0, #16, #32 or #48/],
  ['movz x0, #0x10000', /range \[0, 65535\]/],
  ['movn x0, #-1', /range \[0, 65535\]/],
  ['add x0, x1, #4097', /4097 is out of range/],
  ['add x0, x1, #5000, lsl #0', /5000 is out of range/],
  ['add x0, x1, #0x1000, lsl #12', /before lsl #12 is out of range/],
  ['add x0, x1, #-5000', /out of range/],
  ['add x0, x1, #1, lsl #3', /'lsl #0' or 'lsl #12'/],
  ['mov x0, #0x1234567', /cannot be encoded by movz, movn or orr/],
  ['mov wsp, #-1', /cannot be encoded by movz, movn or orr/],
  ['adds sp, x1, #1', /expected a .*register/],
  ['lsl x0, x1, #64', /shift amount must be in range \[0, 63\]/],
  ['lsr w0, w1, #32', /shift amount must be in range \[0, 31\]/],
  ['ubfx w0, w1, #31, #2', /extract .* overflows/],
  ['sbfiz x0, x1, #63, #2', /insert .* overflows/],
  ['bfi x0, x1, #64, #1', /lsb must be in range \[0, 63\]/],
  ['ror w0, w1, #32', /shift amount must be in range \[0, 31\]/],
  ['extr w0, w1, w2, #32', /lsb must be in range \[0, 31\]/],
  ['adr x0, #1048576', /out of range/],
  ['adrp x0, #1', /multiple of 4096/],
  ['sxtb w0, x1', /expected a 32-bit register/],
  ['uxtb x0, x1', /expected a 32-bit register/],
  ['sxtw w0, w1', /expected a 64-bit register/],
  ['asr x0, x1', /expected ','/],
];

const hex = (v: number | string) => (typeof v === 'number' ? v.toString(16).padStart(8, '0') : v);

describe.skipIf(!llvmMcPath())('dp-imm assembler spellings vs llvm-mc (skipped: llvm-mc not installed)', () => {
  it(`assembles ${SPELLINGS.length} spellings to llvm-mc's words`, () => {
    expect(SPELLINGS.length).toBeGreaterThanOrEqual(60);
    const ref = llvmAssemble(SPELLINGS);
    const bad: string[] = [];
    SPELLINGS.forEach((t, i) => {
      const ours = asmOne(t);
      if (typeof ref[i] !== 'number') bad.push(`'${t}': llvm-mc rejects it (${ref[i]})`);
      else if (ours !== ref[i]) bad.push(`'${t}': ours ${hex(ours)} llvm ${hex(ref[i]!)}`);
    });
    expect(bad).toEqual([]);
  });

  it(`rejects ${REJECTS.length} lines that llvm-mc rejects, with a sensible message`, () => {
    expect(REJECTS.length).toBeGreaterThanOrEqual(10);
    const ref = llvmAssemble(REJECTS.map(([t]) => t));
    const bad: string[] = [];
    REJECTS.forEach(([t, msg], i) => {
      const ours = asmOne(t);
      if (typeof ref[i] === 'number') bad.push(`'${t}': llvm-mc accepts it (${hex(ref[i]!)})`);
      if (typeof ours === 'number') bad.push(`'${t}': we accept it (${hex(ours)})`);
      else if (!msg.test(ours)) bad.push(`'${t}': message '${ours}' does not match ${msg}`);
    });
    expect(bad).toEqual([]);
  });

  it('picks MOVZ, then MOVN, then ORR for `mov Rd, #imm` exactly as llvm-mc does', () => {
    // values of every kind: one halfword, inverted halfword, bitmask, and junk
    const rnd = rng(4242);
    const r16 = () => BigInt(Math.floor(rnd() * 0x10000));
    const vals: bigint[] = [0n, 1n, -1n, 0xffffn, 0xffff0000n, 0x7fffffffn, 0x80000000n];
    for (let i = 0; i < 60; i++) {
      const sh = BigInt(16 * Math.floor(rnd() * 4));
      vals.push(r16() << sh, BigInt.asUintN(64, ~(r16() << sh)));
      const n = 1 + Math.floor(rnd() * 63);
      const run = (1n << BigInt(n)) - 1n;
      const e = 1 << (1 + Math.floor(rnd() * 6));
      const elem = run & ((1n << BigInt(e)) - 1n);
      let v = 0n;
      for (let k = 0; k < 64; k += e) v |= elem << BigInt(k);
      vals.push(v, (r16() << 32n) | r16());
    }
    const lines = vals.flatMap((v) => [`mov x3, #0x${BigInt.asUintN(64, v).toString(16)}`, `mov w3, #0x${BigInt.asUintN(32, v).toString(16)}`]);
    const ref = llvmAssemble(lines);
    const bad: string[] = [];
    lines.forEach((t, i) => {
      const ours = asmOne(t);
      const want = typeof ref[i] === 'number' ? ref[i] : 'reject';
      const got = typeof ours === 'number' ? ours : 'reject';
      if (got !== want) bad.push(`'${t}': ours ${hex(ours)} llvm ${hex(ref[i]!)}`);
    });
    expect(bad).toEqual([]);
  });
});

describe('dp-imm assembler, our own choices', () => {
  it('rejects 32-bit mov values that are neither zero- nor sign-extended 32-bit values', () => {
    // llvm-mc 14 silently truncates (`mov w0, #0x100000000` becomes
    // `mov w0, #0`); GNU as rejects it, and so do we.
    expect(asmOne('mov w0, #0x100000000')).toMatch(/does not fit in a 32-bit register/);
    expect(asmOne('mov w0, #0x1ffffffff')).toMatch(/does not fit in a 32-bit register/);
  });

  it('accepts :lo12: on add/sub immediates', () => {
    expect(asmOne('add x0, x1, :lo12:0x12345')).toBe(asmOne('add x0, x1, #0x345'));
    expect(asmOne('add x0, x1, #:lo12:0x12345')).toBe(asmOne('add x0, x1, #0x345'));
    expect(asmOne('sub x0, x1, :lo12:0x12345')).toBe(asmOne('sub x0, x1, #0x345'));
  });

  it('assembles ADR/ADRP labels relative to the instruction', () => {
    // a bare expression is an address: ADR takes target - PC, ADRP pages
    expect(disassembleText(asmOne('adr x0, 0x1010', 0x1000n) as number)).toBe('adr\tx0, #16');
    expect(disassembleText(asmOne('adrp x0, 0x5123', 0x1ffcn) as number)).toBe('adrp\tx0, #16384');
  });
});

describe('DecodeBitMasks and its inverse', () => {
  it('encodeBitMasks(decodeBitMasks(N, immr, imms)) gives back every canonical encoding', () => {
    for (const M of [32, 64] as const) {
      let n = 0;
      for (let N = 0; N <= (M === 64 ? 1 : 0); N++) {
        for (let imms = 0; imms < 64; imms++) {
          for (let immr = 0; immr < 64; immr++) {
            const d = decodeBitMasks(N, imms, immr, true, M);
            if (!d) continue;
            const len = 31 - Math.clz32((N << 6) | (~imms & 0x3f));
            if (immr >> len) continue; // non-canonical rotation (see dp-imm.ts)
            expect(encodeBitMasks(d.wmask, M)).toEqual({ n: N, immr, imms });
            n++;
          }
        }
      }
      // sum over element sizes e of (e - 1) runs x e rotations: 5334 for 64 bits, 1302 for 32
      expect(n).toBe(M === 64 ? 5334 : 1302);
    }
  });

  it('computes tmask for the bitfield moves', () => {
    // UBFM x0, x1, #4, #11 (ubfx #4, #8): wmask = ROR(ones(12), 4), tmask = ones(8)
    const d = decodeBitMasks(1, 11, 4, false, 64)!;
    expect(d.wmask).toBe(0xf0000000000000ffn);
    expect(d.tmask).toBe(0xffn);
  });

  it('knows which values MOVZ/MOVN can make', () => {
    expect(movWideCanMake(0xffff0000n, 32)).toBe(true);
    expect(movWideCanMake(0xffffffffffff1234n, 64)).toBe(true);
    expect(movWideCanMake(0x5555555555555555n, 64)).toBe(false);
  });
});

describe.skipIf(!llvmMcPath())('logical immediates with a non-canonical immr (skipped: llvm-mc not installed)', () => {
  it('are UNDEFINED here though llvm-mc prints them like the canonical word', () => {
    // and w0, w1, #0x1 with immr = 32: DecodeBitMasks ignores immr<5> for
    // 32-bit elements. Deliberate: no text round-trips to this word.
    const w = 0x12200020;
    expect(llvmDisassemble([w])[0]).toBe('and\tw0, w1, #0x1');
    expect(decode(w)).toBe(-1);
    expect(decode(0x12000020)).toBe(ROWS.findIndex((r) => r.id === 'AND_imm_w'));
  });
});
