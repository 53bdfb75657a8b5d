// Operand kinds used only by the load/store sections (isa/table/ldst.ts and
// the Q-register rows of isa/table/simd.ts). The shared vocabulary lives in
// isa/operands.ts; these add what loads and stores need on top of it:
// pre-index with a mandatory offset, register offsets with LLVM's error
// wording, PC-relative literals with the `=expr` literal-pool spelling,
// prefetch operations, and the CONSTRAINED UNPREDICTABLE register-overlap
// checks the assembler must refuse (as llvm-mc and GNU as do).

import type { Cursor } from '../asm/cursor.ts';
import { gprName, imm, parseImmExpr, pcrel, readGpr } from '../operands.ts';
import type { Fields, OperandKind } from '../types.ts';

/** `[Xn|SP` : the opening bracket and a 64-bit base register (never XZR). */
function parseBase(c: Cursor, f: Fields, rn: string): void {
  c.expect('[');
  const at = c.save();
  const r = readGpr(c);
  if (!r || r.cls !== 'x' || r.zr) throw c.error('expected a 64-bit base register (x0-x30, sp)', at);
  f[rn] = r.n;
}

const base = (f: Fields, rn: string) => gprName(f[rn]!, 'x', true);

// ---------------------------------------------------------------- addressing modes

/**
 * Pre-index `[Xn|SP, #imm]!` (Arm ARM C1.3.3 "Load/store addressing modes").
 * Unlike isa/operands.ts memPre, the offset is mandatory: GNU as says
 * "missing offset in the pre-indexed address" and llvm-mc rejects `[x1]!`.
 */
export function preIdx(rn: string, field: string, width: number, scale = 1): OperandKind {
  const i = imm(field, width, { signed: true, scale, what: 'offset' });
  const lo = -(2 ** (width - 1)) * scale;
  const hi = (2 ** (width - 1) - 1) * scale;
  return {
    fields: [rn, field],
    print: (f, ctx) => `[${base(f, rn)}, ${i.print(f, ctx)}]!`,
    parse(c, f, ctx) {
      c.skipWs();
      const open = c.save();
      parseBase(c, f, rn);
      if (!c.eat(',')) {
        // `[x1]!`: report it after the `!`, past where the sibling forms
        // (offset, post-index) give up, so this message is the one shown
        if (c.eat(']') && c.eat('!')) throw c.error('missing offset in the pre-indexed address');
        throw c.error("expected ', #offset]!'");
      }
      const v = parseImmExpr(c, ctx);
      c.expect(']');
      // Without `!` this is not a pre-index at all: report that at the `[`,
      // so the offset form's more useful message (range, alignment) wins.
      if (!c.eat('!')) throw c.error("expected '!' for pre-index writeback", open);
      // Range errors are reported after the `!` for the same reason as
      // above: once `]!` is seen the line is surely a pre-index, and "no
      // writeback" from the unsigned-offset form would mislead.
      if (v < BigInt(lo) || v > BigInt(hi)) throw c.error(`pre-index offset must be in range [${lo}, ${hi}]`);
      if (v % BigInt(scale) !== 0n) throw c.error(`pre-index offset must be a multiple of ${scale}`);
      f[field] = (Number(v) / scale) & (2 ** width - 1);
    },
  };
}

/**
 * Register offset `[Xn|SP, Rm{, extend {#amount}}]` (C6.2 "LDR (register)"
 * and friends). option<1> must be 1: 010 UXTW, 011 LSL (UXTX), 110 SXTW,
 * 111 SXTX; the S bit selects amount 0 or log2(access size).
 * Printing follows LLVM: option 011 with S=0 is `[xn, xm]`, other options
 * with S=0 print the bare extend, S=1 prints `#log2size` (so byte accesses
 * print `lsl #0` / `uxtw #0`). Parsing: an explicit `#0` means S=0 except for
 * byte accesses, where `#0` is the only way to spell S=1 (llvm-mc agrees).
 */
export function regOff(rn: string, rm: string, option: string, s: string, log2size: number): OperandKind {
  const EXT: Record<number, string> = { 2: 'uxtw', 3: 'lsl', 6: 'sxtw', 7: 'sxtx' };
  const OPTION = new Map([['uxtw', 2], ['lsl', 3], ['sxtw', 6], ['sxtx', 7]]);
  const amounts = log2size === 0 ? '#0' : `#0 or #${log2size}`;
  return {
    fields: [rn, rm, option, s],
    print(f) {
      const opt = f[option]!;
      const m = gprName(f[rm]!, opt & 1 ? 'x' : 'w', false);
      if (opt === 3 && !f[s]) return `[${base(f, rn)}, ${m}]`;
      if (!f[s]) return `[${base(f, rn)}, ${m}, ${EXT[opt]}]`;
      return `[${base(f, rn)}, ${m}, ${EXT[opt]} #${log2size}]`;
    },
    parse(c, f, ctx) {
      parseBase(c, f, rn);
      c.expect(',');
      const at = c.save();
      const r = readGpr(c);
      if (!r) throw c.error('expected an index register (w0-w30, wzr, x0-x30, xzr)', at);
      // reported after the name so it outranks the immediate forms' "undefined symbol 'sp'"
      if (r.sp) throw c.error('sp cannot be an index register');
      f[rm] = r.n;
      const want = r.cls === 'x' ? `'lsl' or 'sxtx'` : `'uxtw' or 'sxtw'`;
      let opt = r.cls === 'x' ? 3 : 2;
      let amount: bigint | undefined;
      if (c.eat(',')) {
        const eat = c.save();
        const o = OPTION.get(c.word());
        if (o === undefined || (o & 1) !== (opt & 1)) throw c.error(`expected ${want} with optional shift of ${amounts}`, eat);
        opt = o;
        if (c.peek() !== ']') {
          const amAt = c.save();
          amount = parseImmExpr(c, ctx);
          if (amount !== 0n && amount !== BigInt(log2size)) throw c.error(`expected ${want} with optional shift of ${amounts}`, amAt);
        } else if (o === 3) {
          throw c.error("expected '#imm' after 'lsl'");
        }
      } else if (r.cls === 'w') {
        throw c.error(`a 32-bit index register needs an extend: expected ${want} with optional shift of ${amounts}`);
      }
      f[option] = opt;
      f[s] = amount !== undefined && (amount !== 0n || log2size === 0) ? 1 : 0;
      c.expect(']');
    },
  };
}

// ---------------------------------------------------------------- literals

/**
 * PC-relative literal `label` / `#offset` in a 19-bit word-scaled field
 * (C6.2 "LDR (literal)"); with `pool` set, also the assembler spelling
 * `=expr`: the assembler puts `expr` in a literal-pool slot of `pool` bytes
 * (ctx.literal, as GNU as's `.ltorg` pool) and the instruction loads from it.
 * GNU as always uses the pool; llvm-mc instead turns a MOVZ-able constant
 * into `mov`, which we do not copy (the pool is the documented meaning).
 */
export function literal(field: string, pool?: 4 | 8 | 16): OperandKind {
  const p = pcrel([{ name: field, width: 19 }], 4);
  return {
    fields: [field],
    print: p.print,
    parse(c, f, ctx) {
      c.skipWs();
      if (c.text[c.pos] !== '=') return p.parse(c, f, ctx);
      const at = c.save();
      if (!pool) throw c.error("'=expr' literal-pool loads are only for ldr/ldrsw into a register");
      c.pos++;
      const v = ctx.expr(c);
      // a 4-byte slot holds the value as a signed or unsigned 32-bit number
      if (pool === 4 && (v < -(1n << 31n) || v >= 1n << 32n)) throw c.error('literal value does not fit in 32 bits', at + 1);
      // no slot for a line that is going to fail anyway
      if (!c.atEnd()) throw c.error('unexpected text after the operands');
      if (!ctx.literal) throw c.error('literal pool needs the assembler', at);
      const off = ctx.literal(v, pool, c) - ctx.pc;
      if (off % 4n !== 0n) throw c.error('literal-pool slot is not 4-byte aligned', at);
      if (off < -(1n << 20n) || off >= 1n << 20n) throw c.error('literal pool out of range (more than 1 MiB away; add .ltorg closer)', at);
      f[field] = Number(BigInt.asUintN(19, off / 4n));
    },
  };
}

// ---------------------------------------------------------------- prefetch

/**
 * PRFM's `<prfop>` (C6.2.248 PRFM (immediate)): Rt = type:2 target:2 policy:1
 * with type PLD/PLI/PST, target L1/L2/L3, policy KEEP/STRM. Other values
 * print as `#N` (llvm-mc 14 names no SLC target) and `#0`-`#31` is accepted
 * for any value.
 */
const PRFOPS = new Map<string, number>();
['pld', 'pli', 'pst'].forEach((t, ti) =>
  ['l1', 'l2', 'l3'].forEach((l, li) =>
    ['keep', 'strm'].forEach((p, pi) => {
      PRFOPS.set(t + l + p, (ti << 3) | (li << 1) | pi);
    }),
  ),
);
const PRFOP_NAME = new Map([...PRFOPS].map(([k, v]) => [v, k]));

export function prfop(field: string): OperandKind {
  return {
    fields: [field],
    print: (f) => PRFOP_NAME.get(f[field]!) ?? `#${f[field]}`,
    parse(c, f, ctx) {
      const at = c.save();
      const name = c.peekWord();
      const op = PRFOPS.get(name);
      if (op !== undefined) {
        c.pos += name.length;
        f[field] = op;
        return;
      }
      if (c.peek() !== '#' && !/[0-9]/.test(c.peek())) throw c.error('expected a prefetch operation (pldl1keep ... pstl3strm) or #0-#31', at);
      const v = parseImmExpr(c, ctx);
      if (v < 0n || v > 31n) throw c.error('prefetch operation must be in range [0, 31]', at);
      f[field] = Number(v);
    },
  };
}

// ---------------------------------------------------------------- unpredictable combinations

/**
 * Wrap the last operand of a row with a register-overlap check (writeback
 * base = transfer register, load pair Rt == Rt2, store-exclusive status =
 * data or base). These encodings are CONSTRAINED UNPREDICTABLE; the row's
 * `valid` makes them UNDEFINED (one of the permitted behaviours), llvm-mc's
 * assembler refuses them, and so do we, with a message that says why. The
 * error is reported after the operand so it outranks "expected '!'"-style
 * errors from the row's sibling forms.
 */
export function checked(op: OperandKind, check: (f: Fields) => string | undefined): OperandKind {
  return {
    ...op,
    parse(c, f, ctx) {
      op.parse(c, f, ctx);
      const msg = check(f);
      if (msg) throw c.error(msg);
    },
  };
}

/** Writeback with Rn == Rt (n != 31): CONSTRAINED UNPREDICTABLE (Arm ARM K1.2 "Load/store with writeback"). */
export const wbOverlap = (f: Fields, ...rts: number[]) => f.rn !== 31 && rts.includes(f.rn!);
