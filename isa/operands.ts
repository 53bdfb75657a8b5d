// Operand kinds: the vocabulary the encoding table's syntax is written in.
// Each kind prints from fields and parses into fields, so assembler and
// disassembler are derived from the same object. Printing follows LLVM's
// AArch64InstPrinter conventions (the oracle is `llvm-mc -mattr=+mte`).

import { AsmError, Cursor } from './asm/cursor.ts';
import type { AsmCtx, Fields, OperandKind, PrintCtx } from './types.ts';

// ---------------------------------------------------------------- helpers

export function signExtend(v: number, bits: number): number {
  const s = 32 - bits;
  return bits >= 32 ? v | 0 : (v << s) >> s;
}

export function fmtImm(v: number | bigint, hex = false): string {
  if (!hex) return `#${v}`;
  const b = BigInt(v);
  return b < 0n ? `#-0x${(-b).toString(16)}` : `#0x${b.toString(16)}`;
}

/** Optional '#', then an expression (or `:lo12:expr`, which yields expr & 0xfff). */
export function parseImmExpr(c: Cursor, ctx: AsmCtx, allowLo12 = false): bigint {
  c.skipWs();
  const hash = c.eat('#');
  c.skipWs();
  if (!hash && /^([xw]([0-9]|[12][0-9]|30)|sp|wsp|xzr|wzr|lr|fp)$/.test(c.peekWord())) {
    throw c.error('expected an immediate, found a register');
  }
  if (c.text.startsWith(':', c.pos)) {
    const start = c.pos;
    const m = /^:([a-z0-9_]+):/i.exec(c.text.slice(c.pos));
    if (!m) throw c.error('bad relocation specifier');
    const spec = m[1]!.toLowerCase();
    if (!allowLo12 || (spec !== 'lo12' && spec !== 'lo12_nc')) throw c.error(`relocation specifier ':${spec}:' not allowed here`, start);
    c.pos += m[0].length;
    return ctx.expr(c) & 0xfffn;
  }
  return ctx.expr(c);
}

function rangeErr(c: Cursor, at: number, what: string, lo: bigint | number, hi: bigint | number): AsmError {
  return c.error(`${what} must be in range [${lo}, ${hi}]`, at);
}

// ---------------------------------------------------------------- registers

export type RegClass = 'x' | 'w';

/** Parse a general register name; returns [number, class, isSP, isZR] or null. */
export function readGpr(c: Cursor): { n: number; cls: RegClass; sp: boolean; zr: boolean } | null {
  const w = c.peekWord();
  let m: RegExpExecArray | null;
  let r: { n: number; cls: RegClass; sp: boolean; zr: boolean } | null = null;
  if (w === 'sp') r = { n: 31, cls: 'x', sp: true, zr: false };
  else if (w === 'wsp') r = { n: 31, cls: 'w', sp: true, zr: false };
  else if (w === 'xzr') r = { n: 31, cls: 'x', sp: false, zr: true };
  else if (w === 'wzr') r = { n: 31, cls: 'w', sp: false, zr: true };
  else if (w === 'fp' || w === 'x29') r = { n: 29, cls: 'x', sp: false, zr: false };
  else if (w === 'lr' || w === 'x30') r = { n: 30, cls: 'x', sp: false, zr: false };
  else if ((m = /^([xw])([0-9]|[12][0-9]|30)$/.exec(w))) r = { n: Number(m[2]), cls: m[1] as RegClass, sp: false, zr: false };
  if (r) c.pos += w.length;
  return r;
}

export function gprName(n: number, cls: RegClass, sp: boolean): string {
  if (n === 31) return sp ? (cls === 'x' ? 'sp' : 'wsp') : cls === 'x' ? 'xzr' : 'wzr';
  return `${cls}${n}`;
}

/**
 * A general-purpose register in field `field`. `sp`: encoding 31 names SP
 * (else XZR/WZR), the Arm ARM's `<Xd|SP>`.
 */
export function gpr(field: string, cls: RegClass, opts: { sp?: boolean } = {}): OperandKind {
  const sp = !!opts.sp;
  return {
    fields: [field],
    print: (f) => gprName(f[field]!, cls, sp),
    parse(c, f) {
      const at = c.save();
      const r = readGpr(c);
      if (!r) throw c.error(`expected ${describeGpr(cls, sp)}`, at);
      if (r.cls !== cls || (r.n === 31 && (sp ? r.zr : r.sp))) {
        c.restore(at);
        throw c.error(`invalid operand: expected ${describeGpr(cls, sp)}`, at);
      }
      f[field] = r.n;
    },
  };
}

function describeGpr(cls: RegClass, sp: boolean): string {
  const base = cls === 'x' ? 'a 64-bit register (x0-x30' : 'a 32-bit register (w0-w30';
  return `${base}${sp ? (cls === 'x' ? ', sp' : ', wsp') : cls === 'x' ? ', xzr' : ', wzr'})`;
}

/**
 * An optional trailing `Xn` (not SP) that defaults to register `dflt` and is
 * not printed when it has that value: IRG's exclusion mask (XZR, 31) and
 * RET's target (X30).
 */
export function optX(field: string, dflt: number): OperandKind {
  return {
    fields: [field],
    optional: true,
    absent(f) {
      f[field] = dflt;
    },
    print: (f) => (f[field] === dflt ? null : gprName(f[field]!, 'x', false)),
    parse(c, f) {
      const at = c.save();
      const r = readGpr(c);
      if (!r || r.cls !== 'x' || r.sp) throw c.error('expected a 64-bit register (x0-x30, xzr)', at);
      f[field] = r.n;
    },
  };
}

export const X = (field: string) => gpr(field, 'x');
export const W = (field: string) => gpr(field, 'w');
export const XSP = (field: string) => gpr(field, 'x', { sp: true });
export const WSP = (field: string) => gpr(field, 'w', { sp: true });
/** `W` or `X` by a width flag known at table-build time. */
export const R = (sf: 0 | 1, field: string) => gpr(field, sf ? 'x' : 'w');
export const RSP = (sf: 0 | 1, field: string) => gpr(field, sf ? 'x' : 'w', { sp: true });

// ---------------------------------------------------------------- immediates

export interface ImmOpts {
  /** Field is two's complement. */
  signed?: boolean;
  /** Value = field << scale bits? No: value = field * scale. */
  scale?: number;
  /** Added after scaling (e.g. imms+1). */
  offset?: number;
  /** Print in hex (LLVM prints logical immediates and a few others in hex). */
  hex?: boolean;
  /** Accept `:lo12:sym`. */
  lo12?: boolean;
  /** Optional with this default value (the operand and its comma may be omitted). */
  optional?: number;
  /** Print nothing when the value equals this (LLVM omits e.g. `#0` offsets). */
  omitIf?: number;
  /** Name used in error messages. */
  what?: string;
  /** Override the legal value range [lo, hi] (in value units, after scaling). */
  range?: [number, number];
}

/** An immediate `#imm` stored in one field, with an optional scale/offset. */
export function imm(field: string, width: number, o: ImmOpts = {}): OperandKind {
  const scale = o.scale ?? 1;
  const off = o.offset ?? 0;
  const lo = o.range ? o.range[0] : (o.signed ? -(2 ** (width - 1)) : 0) * scale + off;
  const hi = o.range ? o.range[1] : (o.signed ? 2 ** (width - 1) - 1 : 2 ** width - 1) * scale + off;
  const value = (f: Fields) => (o.signed ? signExtend(f[field]!, width) : f[field]!) * scale + off;
  return {
    fields: [field],
    optional: o.optional !== undefined,
    absent(f) {
      f[field] = ((o.optional! - off) / scale) & (2 ** width - 1);
    },
    print(f) {
      const v = value(f);
      if (o.omitIf !== undefined && v === o.omitIf) return null;
      return fmtImm(v, o.hex);
    },
    parse(c, f, ctx) {
      const at = c.save();
      const v = parseImmExpr(c, ctx, o.lo12);
      if (v < BigInt(lo) || v > BigInt(hi)) throw rangeErr(c, at, o.what ?? 'immediate', lo, hi);
      const n = Number(v) - off;
      if (n % scale !== 0) throw c.error(`${o.what ?? 'immediate'} must be a multiple of ${scale}`, at);
      f[field] = (n / scale) & (width >= 32 ? 0xffffffff : 2 ** width - 1);
    },
  };
}

/** Fixed keyword operand such as `lsl #12` in `add x0, x1, #1, lsl #12`: field sh in {0,1}. */
export function lsl12(field: string): OperandKind {
  return {
    fields: [field],
    optional: true,
    absent(f) {
      f[field] = 0;
    },
    print: (f) => (f[field] ? 'lsl #12' : null),
    parse(c, f, ctx) {
      const at = c.save();
      c.expect('lsl');
      const v = parseImmExpr(c, ctx);
      if (v !== 0n && v !== 12n) throw c.error("expected 'lsl #0' or 'lsl #12'", at);
      f[field] = v === 12n ? 1 : 0;
    },
  };
}

// ---------------------------------------------------------------- conditions

export const CONDS = ['eq', 'ne', 'hs', 'lo', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'] as const;
const COND_SYNONYMS: Record<string, number> = { cs: 2, cc: 3 };

export function condByName(name: string): number | undefined {
  const i = (CONDS as readonly string[]).indexOf(name);
  return i >= 0 ? i : COND_SYNONYMS[name];
}

export function cond(field: string, opts: { invert?: boolean } = {}): OperandKind {
  return {
    fields: [field],
    print: (f) => CONDS[(f[field]! ^ (opts.invert ? 1 : 0)) & 15]!,
    parse(c, f) {
      const at = c.save();
      const n = condByName(c.word());
      if (n === undefined) throw c.error('expected a condition code', at);
      f[field] = n ^ (opts.invert ? 1 : 0);
    },
  };
}

// ---------------------------------------------------------------- PC-relative targets

/**
 * A PC-relative target: field holds a signed offset in units of `scale`
 * bytes (split over `fields` lo-to-hi when the encoding splits it, e.g. ADR's
 * immlo:immhi). LLVM prints `#offset`; objdump-style output prints the
 * absolute address and `<symbol>`. `page`: ADRP (target = page-aligned PC + off*4096).
 */
export function pcrel(fieldsLoHi: readonly { name: string; width: number }[], scale: number, opts: { page?: boolean } = {}): OperandKind {
  const width = fieldsLoHi.reduce((s, x) => s + x.width, 0);
  const get = (f: Fields) => {
    let v = 0;
    let sh = 0;
    for (const x of fieldsLoHi) {
      v += f[x.name]! * 2 ** sh;
      sh += x.width;
    }
    return signExtend(v, width) * scale;
  };
  const put = (f: Fields, off: number) => {
    let v = off / scale;
    if (v < 0) v += 2 ** width;
    for (const x of fieldsLoHi) {
      f[x.name] = v % 2 ** x.width;
      v = Math.floor(v / 2 ** x.width);
    }
  };
  const lo = -(2 ** (width - 1)) * scale;
  const hi = (2 ** (width - 1) - 1) * scale;
  return {
    fields: fieldsLoHi.map((x) => x.name),
    print(f, ctx: PrintCtx) {
      const off = get(f);
      if (ctx.pc === undefined) return `#${off}`;
      const base = opts.page ? ctx.pc & ~0xfffn : ctx.pc;
      const target = BigInt.asUintN(64, base + BigInt(off));
      const sym = ctx.symbolize?.(target);
      return `0x${target.toString(16)}${sym ? ` <${sym}>` : ''}`;
    },
    parse(c, f, ctx) {
      c.skipWs();
      const at = c.save();
      let off: bigint;
      if (c.text[c.pos] === '#') {
        // `#imm` is an offset from the instruction, as llvm-mc reads it
        c.pos++;
        off = ctx.expr(c);
      } else {
        const target = ctx.expr(c);
        off = opts.page ? (target & ~0xfffn) - (ctx.pc & ~0xfffn) : target - ctx.pc;
      }
      if (off % BigInt(scale) !== 0n) throw c.error(opts.page ? 'page offset must be a multiple of 4096' : `branch target must be ${scale}-byte aligned`, at);
      if (off < BigInt(lo) || off > BigInt(hi)) throw c.error(`${opts.page ? 'adrp' : 'branch'} target out of range (offset ${off}, range [${lo}, ${hi}])`, at);
      put(f, Number(off));
    },
  };
}

// ---------------------------------------------------------------- memory operands

/** Base register `[Xn|SP` part. */
function parseBase(c: Cursor, f: Fields, rn: string): void {
  c.expect('[');
  const at = c.save();
  const r = readGpr(c);
  if (!r || r.cls !== 'x' || r.zr) throw c.error('expected a 64-bit base register (x0-x30, sp)', at);
  f[rn] = r.n;
}

/** `[Xn|SP{, #imm}]` with an immediate field (unsigned scaled, or signed unscaled/scaled). */
export function memImm(rn: string, field: string, width: number, o: { signed?: boolean; scale?: number; lo12?: boolean } = {}): OperandKind {
  const i = imm(field, width, { signed: o.signed, scale: o.scale, lo12: o.lo12, what: 'offset' });
  return {
    fields: [rn, field],
    print(f, ctx) {
      const t = i.print(f, ctx)!;
      return t === '#0' ? `[${gprName(f[rn]!, 'x', true)}]` : `[${gprName(f[rn]!, 'x', true)}, ${t}]`;
    },
    parse(c, f, ctx) {
      parseBase(c, f, rn);
      if (c.eat(',')) i.parse(c, f, ctx);
      else f[field] = 0;
      c.expect(']');
      if (c.peek() === '!') throw c.error('this form has no writeback');
    },
  };
}

/** Pre-index `[Xn|SP, #imm]!`. */
export function memPre(rn: string, field: string, width: number, o: { signed?: boolean; scale?: number } = {}): OperandKind {
  const i = imm(field, width, { signed: o.signed ?? true, scale: o.scale, what: 'offset' });
  return {
    fields: [rn, field],
    print: (f, ctx) => `[${gprName(f[rn]!, 'x', true)}, ${i.print(f, ctx)}]!`,
    parse(c, f, ctx) {
      parseBase(c, f, rn);
      // GNU as and llvm-mc both reject `[xn]!`: pre-index needs an offset
      if (!c.eat(',')) throw c.error('missing offset in the pre-indexed address');
      i.parse(c, f, ctx);
      c.expect(']');
      c.expect('!', 'for pre-index writeback');
    },
  };
}

/** Post-index `[Xn|SP], #imm`. */
export function memPost(rn: string, field: string, width: number, o: { signed?: boolean; scale?: number } = {}): OperandKind {
  const i = imm(field, width, { signed: o.signed ?? true, scale: o.scale, what: 'offset' });
  return {
    fields: [rn, field],
    print: (f, ctx) => `[${gprName(f[rn]!, 'x', true)}], ${i.print(f, ctx)}`,
    parse(c, f, ctx) {
      parseBase(c, f, rn);
      c.expect(']');
      c.expect(',', 'before the post-index offset');
      i.parse(c, f, ctx);
    },
  };
}

/** `[Xn|SP]` with no offset at all (exclusives, LDAR/STLR, LDGM...). Accepts `, #0`. */
export function memBase(rn: string): OperandKind {
  return {
    fields: [rn],
    print: (f) => `[${gprName(f[rn]!, 'x', true)}]`,
    parse(c, f, ctx) {
      parseBase(c, f, rn);
      if (c.eat(',')) {
        const at = c.save();
        if (parseImmExpr(c, ctx) !== 0n) throw c.error('offset must be 0', at);
      }
      c.expect(']');
    },
  };
}

/**
 * Register offset `[Xn|SP, (Wm|Xm){, extend {#amount}}]` for loads/stores.
 * option: 010 UXTW, 011 LSL (UXTX), 110 SXTW, 111 SXTX; S selects amount
 * 0 or log2(access size). LLVM prints `lsl` for option 011 and omits a zero
 * amount when S=0 with LSL.
 */
export function memReg(rn: string, rm: string, option: string, s: string, log2size: number): OperandKind {
  const EXT: Record<number, string> = { 2: 'uxtw', 3: 'lsl', 6: 'sxtw', 7: 'sxtx' };
  return {
    fields: [rn, rm, option, s],
    print(f) {
      const opt = f[option]!;
      const x = (opt & 1) === 1;
      const m = gprName(f[rm]!, x ? 'x' : 'w', false);
      const base = gprName(f[rn]!, 'x', true);
      const ext = EXT[opt] ?? '?';
      if (opt === 3 && !f[s]) return `[${base}, ${m}]`;
      if (!f[s]) return `[${base}, ${m}, ${ext}]`;
      return `[${base}, ${m}, ${ext} #${log2size}]`;
    },
    parse(c, f, ctx) {
      parseBase(c, f, rn);
      c.expect(',');
      const at = c.save();
      const r = readGpr(c);
      if (!r || r.sp) throw c.error('expected an index register', at);
      f[rm] = r.n;
      let opt = r.cls === 'x' ? 3 : 2;
      let amountGiven = false;
      let amount = 0n;
      if (c.eat(',')) {
        const eat = c.save();
        const w = c.word();
        const o = { uxtw: 2, lsl: 3, sxtw: 6, sxtx: 7 }[w];
        if (o === undefined) throw c.error('expected uxtw, lsl, sxtw or sxtx', eat);
        if ((o & 1) !== (r.cls === 'x' ? 1 : 0)) throw c.error(`'${w}' does not go with a ${r.cls === 'x' ? '64' : '32'}-bit index register`, eat);
        opt = o;
        c.skipWs();
        if (!c.atEnd() && c.peek() !== ']') {
          const amAt = c.save();
          amount = parseImmExpr(c, ctx);
          amountGiven = true;
          if (amount !== 0n && amount !== BigInt(log2size)) throw c.error(`shift amount must be #0 or #${log2size}`, amAt);
        } else if (w === 'lsl') {
          throw c.error('expected a shift amount after lsl');
        }
      } else if (r.cls === 'w') {
        throw c.error('a 32-bit index register needs uxtw or sxtw', at);
      }
      f[option] = opt;
      // S=1 means "shift by log2(size)"; for byte accesses that amount is #0,
      // so there an explicit `#0` is what selects S=1.
      f[s] = amountGiven && (amount !== 0n || log2size === 0) ? 1 : 0;
      c.expect(']');
    },
  };
}

// ---------------------------------------------------------------- small keyword operands

/** A keyword chosen from a list; field = index (or given code). */
export function keyword(field: string, names: Record<string, number>, what: string): OperandKind {
  const byCode = new Map<number, string>();
  for (const [k, v] of Object.entries(names)) if (!byCode.has(v)) byCode.set(v, k);
  return {
    fields: [field],
    print: (f) => byCode.get(f[field]!) ?? `#${f[field]}`,
    parse(c, f) {
      const at = c.save();
      const w = c.word();
      const v = Object.hasOwn(names, w) ? names[w] : undefined;
      if (v === undefined) throw c.error(`expected ${what}`, at);
      f[field] = v;
    },
  };
}
