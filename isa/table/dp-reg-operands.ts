// Operand kinds used only by the Data Processing -- Register section
// (isa/table/dp-reg.ts): the shifted-register and extended-register second
// operands, a register that may be omitted when it is XZR (IRG), and a
// condition that refuses AL/NV (CSET/CINC/... spell an inverted condition,
// which would turn AL into NV and change the meaning).
//
// Printing follows LLVM's AArch64InstPrinter (printShiftedRegister,
// printExtendedRegister/printArithExtend); parsing accepts what llvm-mc 14
// accepts, with messages that say what was expected.

import type { Cursor } from '../asm/cursor.ts';
import { CONDS, condByName, gprName, parseImmExpr, readGpr } from '../operands.ts';
import type { AsmCtx, Fields, OperandKind } from '../types.ts';

// ---------------------------------------------------------------- shifts

const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'] as const;

/** Read `#amount` after a shift or extend keyword; range checked by the caller. */
function shiftAmount(c: Cursor, ctx: AsmCtx, kw: string): { v: bigint; at: number } {
  c.skipWs();
  const at = c.save();
  if (c.atEnd() || c.peek() === ',') throw c.error(`expected '#imm' after '${kw}'`, at);
  return { v: parseImmExpr(c, ctx), at };
}

/**
 * The optional `, <shift> #<amount>` of a shifted-register operand (Arm ARM
 * C6.2 ADD (shifted register), AND (shifted register)): field `shift` 00 LSL,
 * 01 LSR, 10 ASR, 11 ROR (logical forms only), `imm6` the amount, 0-31 for W
 * forms and 0-63 for X forms. LLVM omits `lsl #0` but prints `lsr #0`,
 * `asr #0` and `ror #0`.
 */
export function shiftOp(shift: string, amount: string, sf: 0 | 1, opts: { ror: boolean }): OperandKind {
  const max = sf ? 63 : 31;
  const allowed = opts.ror ? "'lsl', 'lsr', 'asr' or 'ror'" : "'lsl', 'lsr' or 'asr'";
  return {
    fields: [shift, amount],
    optional: true,
    absent(f) {
      f[shift] = 0;
      f[amount] = 0;
    },
    print(f) {
      const s = f[shift]!;
      const a = f[amount]!;
      if (s === 0 && a === 0) return null;
      return `${SHIFTS[s]} #${a}`;
    },
    parse(c, f, ctx) {
      const at = c.save();
      const w = c.word();
      const s = (SHIFTS as readonly string[]).indexOf(w);
      if (s < 0 || (s === 3 && !opts.ror)) {
        // An extend word reaching here is one the extended-register row
        // refused too: in an X form it needs a W register (uxtw with x2).
        if (!opts.ror && sf && (EXTENDS as readonly string[]).includes(w)) {
          throw c.error(`extend '${w}' needs a 32-bit register; with a 64-bit register use 'uxtx', 'sxtx' or 'lsl'`, at);
        }
        const hint = w === 'ror' ? ' (ror is only allowed for logical instructions)' : '';
        throw c.error(`expected shift ${allowed}${hint}`, at);
      }
      const { v, at: vat } = shiftAmount(c, ctx, w);
      if (v < 0n || v > BigInt(max)) throw c.error(`shift amount must be in range [0, ${max}]`, vat);
      f[shift] = s;
      f[amount] = Number(v);
    },
  };
}

// ---------------------------------------------------------------- extended register

const EXTENDS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'] as const;

/**
 * `<R><m>{, <extend> {#<amount>}}` of ADD/SUB (extended register), C6.2:
 * the register and its extend in one operand, because the register's width
 * depends on `option` (X forms: option x11 takes Xm, the others Wm; W forms
 * always Wm). `spFields` are the SP-capable register fields (Rd and Rn for
 * ADD/SUB, Rn for ADDS/SUBS/CMP/CMN): when one of them is 31 and the extend
 * is the form's own width (UXTX for X, UXTW for W), LLVM prints `lsl #n`, or
 * nothing when n = 0. Parsing takes `lsl` as that extend too; amounts 0-4.
 */
export function extReg(rm: string, option: string, amount: string, sf: 0 | 1, spFields: readonly string[]): OperandKind {
  const natural = sf ? 3 : 2;
  return {
    fields: [rm, option, amount],
    print(f) {
      const opt = f[option]!;
      const reg = gprName(f[rm]!, sf && (opt & 3) === 3 ? 'x' : 'w', false);
      const n = f[amount]!;
      if (opt === natural && spFields.some((k) => f[k] === 31)) return n ? `${reg}, lsl #${n}` : reg;
      return n ? `${reg}, ${EXTENDS[opt]} #${n}` : `${reg}, ${EXTENDS[opt]}`;
    },
    parse(c, f, ctx) {
      const at = c.save();
      const r = readGpr(c);
      if (!r || r.sp) throw c.error(`expected ${sf ? 'a 32- or 64-bit' : 'a 32-bit'} register (not sp)`, at);
      if (!sf && r.cls === 'x') throw c.error('expected a 32-bit register (w0-w30, wzr)', at);
      f[rm] = r.n;
      const xReg = r.cls === 'x';
      const expected = !sf ? "'uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx' or 'lsl'"
        : xReg ? "'uxtx', 'sxtx' or 'lsl' (with a 64-bit register)" : "'uxtb', 'uxth', 'uxtw', 'sxtb', 'sxth' or 'sxtw' (with a 32-bit register)";
      if (!c.eat(',')) {
        // No extend: only the form's own width (UXTX for Xm, UXTW in W forms).
        if (sf && !xReg) throw c.error(`a 32-bit register needs an extend: ${expected}`, c.save());
        f[option] = natural;
        f[amount] = 0;
        return;
      }
      const eat = c.save();
      const w = c.word();
      let opt = w === 'lsl' ? natural : (EXTENDS as readonly string[]).indexOf(w);
      const fits = opt >= 0 && (!sf || ((opt & 3) === 3) === xReg);
      if (!fits) throw c.error(`expected extend ${expected} with optional #0-4`, eat);
      let n = 0n;
      c.skipWs();
      if (w === 'lsl' || (!c.atEnd() && c.peek() !== ',')) {
        const { v, at: vat } = shiftAmount(c, ctx, w);
        if (v < 0n || v > 4n) throw c.error('extend shift amount must be in range [0, 4]', vat);
        n = v;
      }
      f[option] = opt;
      f[amount] = Number(n);
    },
  };
}

// ---------------------------------------------------------------- immediates

/**
 * An unsigned `#imm` in `field`. Unlike operands.ts `imm`, a range error
 * points at the number itself (after `#`), one column past where a register
 * operand would complain, so that for CCMP/CCMN `ccmp x0, #32, #0, eq` the
 * immediate form's message wins over the register form's "expected a
 * register" (the encoder reports the error that got furthest).
 */
export function uimmAt(field: string, width: number, what: string): OperandKind {
  const hi = 2 ** width - 1;
  return {
    fields: [field],
    print: (f) => `#${f[field]}`,
    parse(c, f, ctx) {
      c.skipWs();
      c.eat('#');
      c.skipWs();
      const at = c.save();
      const v = ctx.expr(c);
      if (v < 0n || v > BigInt(hi)) throw c.error(`${what} must be in range [0, ${hi}]`, at);
      f[field] = Number(v);
    },
  };
}

// ---------------------------------------------------------------- registers and conditions


/**
 * A condition stored inverted in `field` (CSET/CSETM/CINC/CINV/CNEG print
 * invert(cond)). AL and NV are refused: their inverse is the other one, so
 * the alias would not mean what it says (Arm ARM C6.2 CSET etc.).
 */
export function invCond(field: string): OperandKind {
  return {
    fields: [field],
    print: (f: Fields) => CONDS[(f[field]! ^ 1) & 15]!,
    parse(c, f) {
      const at = c.save();
      const n = condByName(c.word());
      if (n === undefined) throw c.error('expected a condition code', at);
      if (n >= 14) throw c.error('condition codes al and nv are invalid for this instruction', at);
      f[field] = n ^ 1;
    },
  };
}
