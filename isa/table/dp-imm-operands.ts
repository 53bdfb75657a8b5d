// Operand kinds and immediate helpers used only by the Data Processing --
// Immediate section (isa/table/dp-imm.ts): the add/sub 12-bit immediate with
// its optional `lsl #12`, logical (bitmask) immediates, the move-wide value
// and shift, the MOV aliases' values, and bitfield lsb/width pairs.
//
// Printing follows LLVM 14's AArch64InstPrinter (decimal everywhere except
// logical immediates, which print in hex; MOV values print signed decimal);
// parsing accepts what llvm-mc 14 accepts, with messages that say what was
// expected. Values wider than 32 bits are BigInt: a 64-bit mask does not fit
// a JS number.

import type { Cursor } from '../asm/cursor.ts';
import { gprName, parseImmExpr, readGpr } from '../operands.ts';
import type { AsmCtx, Fields, OperandKind } from '../types.ts';

export type DataSize = 32 | 64;

const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

/** Parse an immediate, with the cursor's column at its first character (after blanks). */
function immAt(c: Cursor, ctx: AsmCtx, lo12 = false): { v: bigint; at: number } {
  c.skipWs();
  const at = c.save();
  return { v: parseImmExpr(c, ctx, lo12), at };
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

// ---------------------------------------------------------------- bitmask immediates

/**
 * DecodeBitMasks(immN, imms, immr, immediate, M) from the Arm ARM shared
 * pseudocode (aarch64/instrs/integer/bitmasks): the element size is 2^len
 * where len = HighestSetBit(immN:NOT(imms)); an element holds S+1 ones
 * rotated right by R (wmask), and tmask holds the low d+1 = S-R+1 ones
 * (used by the bitfield moves). Returns undefined for the reserved
 * encodings (len < 1, an element larger than M, and for `immediate` the
 * all-ones element S = 2^len - 1), which are UNDEFINED.
 */
export function decodeBitMasks(immN: number, imms: number, immr: number, immediate: boolean, M: DataSize): { wmask: bigint; tmask: bigint } | undefined {
  const len = highestSetBit((immN << 6) | (~imms & 0x3f));
  if (len < 1) return undefined;
  const esize = 1 << len;
  if (esize > M) return undefined;
  const levels = esize - 1;
  if (immediate && (imms & levels) === levels) return undefined;
  const S = imms & levels;
  const R = immr & levels;
  const d = (S - R) & levels;
  const welem = ones(S + 1);
  const telem = ones(d + 1);
  return { wmask: replicate(ror(welem, R, esize), esize, M), tmask: replicate(telem, esize, M) };
}

function highestSetBit(x: number): number {
  return 31 - Math.clz32(x);
}

function ror(x: bigint, r: number, esize: number): bigint {
  if (r === 0) return x;
  const m = ones(esize);
  return ((x >> BigInt(r)) | (x << BigInt(esize - r))) & m;
}

function replicate(elem: bigint, esize: number, M: number): bigint {
  let v = 0n;
  for (let i = 0; i < M; i += esize) v |= elem << BigInt(i);
  return v;
}

/**
 * Cheap test for `valid` predicates (no BigInt): false when
 * DecodeBitMasks(immN, imms, immr, TRUE, M) is UNDEFINED (reserved imms), and
 * also when immr has bits set above the element size. DecodeBitMasks ignores
 * those bits, so such a word executes like the canonical one; we decode only
 * the canonical form because no text spells the other (llvm-mc and GNU as
 * both emit immr < esize) and the table's invariant is
 * assemble(disassemble(w)) = w. See the note on the logical-immediate rows.
 */
export function bitmaskImmValid(immN: number, imms: number, immr: number, M: DataSize): boolean {
  const len = highestSetBit((immN << 6) | (~imms & 0x3f));
  if (len < 1 || 1 << len > M) return false;
  const levels = (1 << len) - 1;
  return (imms & levels) !== levels && immr >> len === 0;
}

/**
 * The inverse of DecodeBitMasks for logical immediates (the Arm ARM has no
 * ASL for it; this is what an assembler must do): find N:immr:imms whose
 * wmask is `value` (an M-bit unsigned value), or undefined when `value` is
 * not a replicated, rotated run of ones (0 and all-ones never are).
 */
export function encodeBitMasks(value: bigint, M: DataSize): { n: number; immr: number; imms: number } | undefined {
  const v = value & ones(M);
  if (v === 0n || v === ones(M)) return undefined;
  // smallest element size whose replication gives v
  let esize: number = M;
  while (esize > 2) {
    const half = esize / 2;
    if ((v & ones(half)) !== ((v >> BigInt(half)) & ones(half))) break;
    esize = half;
  }
  const elem = v & ones(esize);
  let count = 0;
  for (let x = elem; x !== 0n; x &= x - 1n) count++;
  const run = ones(count);
  // elem = ROR(run, R)  <=>  ROL(elem, R) = run  <=>  ROR(elem, esize - R) = run
  for (let r = 0; r < esize; r++) {
    if (ror(elem, (esize - r) % esize, esize) === run) {
      const S = count - 1;
      const imms = esize === 64 ? S : ((~(esize - 1) << 1) & 0x3f) | S;
      return { n: esize === 64 ? 1 : 0, immr: r, imms };
    }
  }
  return undefined;
}

/**
 * Reduce an assembler value to M bits. For 32-bit forms the upper half must
 * be all zeros or all ones (a sign-extended negative), as llvm-mc and GNU as
 * require for logical immediates; returns undefined otherwise.
 */
function toDataSize(v: bigint, M: DataSize): bigint | undefined {
  const u = BigInt.asUintN(64, v);
  if (M === 64) return u;
  const upper = u >> 32n;
  if (upper !== 0n && upper !== 0xffffffffn) return undefined;
  return u & 0xffffffffn;
}

/** Fields of a bitmask immediate: W forms fix N = 0 in their pattern. */
const bitmaskFields = (M: DataSize) => (M === 64 ? ['n', 'immr', 'imms'] : ['immr', 'imms']);

function bitmaskValue(f: Fields, M: DataSize): bigint | undefined {
  return decodeBitMasks(f.n ?? 0, f.imms!, f.immr!, true, M)?.wmask;
}

/** Random canonical (N, immr, imms) for table tests. */
function randomBitmask(rnd: () => number, f: Fields, M: DataSize): void {
  const len = 1 + Math.floor(rnd() * (M === 64 ? 6 : 5));
  const esize = 1 << len;
  const S = Math.floor(rnd() * (esize - 1));
  f.n = esize === 64 ? 1 : 0;
  f.immr = Math.floor(rnd() * esize);
  f.imms = esize === 64 ? S : ((~(esize - 1) << 1) & 0x3f) | S;
}

const BITMASK_HELP = 'a bitmask immediate is a run of ones, rotated, repeated in 2-, 4-, 8-, 16-, 32- or 64-bit elements; 0 and all-ones are not encodable';

/**
 * `#<imm>` of AND/ORR/EOR/ANDS (immediate), C6.2.12 etc.: fields N, immr,
 * imms. LLVM prints the value in hex (printLogicalImm). `invert`: the
 * assembler-only BIC/ORN/EON/BICS (immediate) spellings, which encode NOT(imm).
 */
export function bitmaskImm(M: DataSize, opts: { invert?: boolean } = {}): OperandKind {
  return {
    fields: bitmaskFields(M),
    print(f) {
      const v = bitmaskValue(f, M);
      if (v === undefined) return '#<reserved>';
      return `#${hex(opts.invert ? ~v & ones(M) : v)}`;
    },
    parse(c, f, ctx) {
      const { v: raw, at } = immAt(c, ctx);
      const v = toDataSize(opts.invert ? ~raw : raw, M);
      if (v === undefined) throw c.error(`immediate ${raw} does not fit in 32 bits`, at);
      const e = encodeBitMasks(v, M);
      if (!e) throw c.error(`immediate ${hex(v)} is not encodable as a ${M}-bit logical immediate (${BITMASK_HELP})`, at);
      f.n = e.n;
      f.immr = e.immr;
      f.imms = e.imms;
    },
    random: (rnd, f) => randomBitmask(rnd, f, M),
  };
}

// ---------------------------------------------------------------- MOV aliases (LLVM's preference chain)
//
// MOVZ, MOVN and ORR-with-ZR can all write some constants; LLVM (and the Arm
// ARM's "alias is preferred when") rank them MOVZ > MOVN > ORR: a word
// prints as `mov` only when no form earlier in the chain could make the
// value, and `mov Rd, #imm` assembles to the first form that can. These are
// LLVM's isMOVZMovAlias / isMOVNMovAlias / isAnyMOVWMovAlias, restated.

/** MOVZ Rd, #(value >> shift), LSL #shift makes `value` (M-bit), and is the spelling MOV picks. */
function movzCanMake(value: bigint, shift: number): boolean {
  // "lsl #0" takes precedence for zero: MOVZ Rd, #0, LSL #16 is not MOV.
  if (value === 0n && shift !== 0) return false;
  return (value & ~(0xffffn << BigInt(shift))) === 0n;
}

function anyMovz(value: bigint, M: DataSize): boolean {
  for (let s = 0; s < M; s += 16) if (movzCanMake(value, s)) return true;
  return false;
}

/** Could MOVZ or MOVN make `value` (M-bit)? Then ORR is not the MOV. */
export function movWideCanMake(value: bigint, M: DataSize): boolean {
  return anyMovz(value, M) || anyMovz(~value & ones(M), M);
}

/** Value written by MOVZ (`kind` 'z') or MOVN ('n') with these fields, M-bit unsigned. */
function movWideValue(f: Fields, M: DataSize, kind: 'z' | 'n'): bigint {
  const v = BigInt(f.imm16!) << BigInt(16 * f.hw!);
  return kind === 'z' ? v : ~v & ones(M);
}

/** Preference of MOV (wide immediate) (C6.2): not `MOVZ Rd, #0, LSL #n` with n > 0. */
export function movzIsMov(f: Fields): boolean {
  return !(f.imm16 === 0 && f.hw !== 0);
}

/**
 * Preference of MOV (inverted wide immediate) (C6.2): not `MOVN Rd, #0,
 * LSL #n` with n > 0, and not a value MOVZ can make (for W forms that is
 * imm16 = 0xffff; for X forms it never happens).
 */
export function movnIsMov(f: Fields, M: DataSize): boolean {
  return movzIsMov(f) && !anyMovz(movWideValue(f, M, 'n'), M);
}

/** Preference of MOV (bitmask immediate) (C6.2): the value is not one MOVZ or MOVN can make. */
export function orrIsMov(f: Fields, M: DataSize): boolean {
  const v = bitmaskValue(f, M);
  return v !== undefined && !movWideCanMake(v, M);
}

const signedDec = (v: bigint, M: DataSize) => `#${BigInt.asIntN(M, v)}`;
const MOV_HELP = 'cannot be encoded by movz, movn or orr (bitmask immediate); build it with movz + movk or load it with ldr =';

/** Read the value of `mov Rd, #imm` reduced to M bits, or throw. */
function movValue(c: Cursor, ctx: AsmCtx, M: DataSize): { v: bigint; raw: bigint; at: number } {
  const { v: raw, at } = immAt(c, ctx);
  const v = toDataSize(raw, M);
  if (v === undefined) throw c.error(`immediate ${raw} does not fit in a 32-bit register`, at);
  return { v, raw, at };
}

/**
 * The value of MOV (wide immediate) (`kind` 'z', a MOVZ) or MOV (inverted
 * wide immediate) ('n', a MOVN): fields hw and imm16. Prints the value as
 * signed decimal, as LLVM does.
 */
export function movWideImm(M: DataSize, kind: 'z' | 'n'): OperandKind {
  return {
    fields: ['hw', 'imm16'],
    print: (f) => signedDec(movWideValue(f, M, kind), M),
    parse(c, f, ctx) {
      const { v, raw, at } = movValue(c, ctx, M);
      // MOVN only for values MOVZ cannot make: MOVZ comes first in the chain.
      const target = kind === 'z' ? v : anyMovz(v, M) ? undefined : ~v & ones(M);
      if (target !== undefined) {
        for (let s = 0; s < M; s += 16) {
          if (movzCanMake(target, s)) {
            f.hw = s / 16;
            f.imm16 = Number(target >> BigInt(s));
            return;
          }
        }
      }
      throw c.error(`immediate ${raw} ${MOV_HELP}`, at);
    },
  };
}

/**
 * The value of MOV (bitmask immediate), an ORR with Rn = ZR. Accepts only
 * values MOVZ/MOVN cannot make, except when Rd is SP (field `rd` = 31, parsed
 * before): MOVZ/MOVN cannot write SP, so `mov sp, #1` is this ORR.
 */
export function movBitmaskImm(M: DataSize): OperandKind {
  return {
    fields: bitmaskFields(M),
    print: (f) => signedDec(bitmaskValue(f, M) ?? 0n, M),
    parse(c, f, ctx) {
      const { v, raw, at } = movValue(c, ctx, M);
      const e = encodeBitMasks(v, M);
      if (!e || (f.rd !== 31 && movWideCanMake(v, M))) throw c.error(`immediate ${raw} ${MOV_HELP}`, at);
      f.n = e.n;
      f.immr = e.immr;
      f.imms = e.imms;
    },
    random: (rnd, f) => randomBitmask(rnd, f, M),
  };
}

// ---------------------------------------------------------------- add/subtract immediate

/**
 * `#<imm>{, lsl #<shift>}` of ADD/ADDS/SUB/SUBS (immediate), C6.2.4: fields
 * imm12 and sh, one operand because llvm-mc reads the pair together. Without
 * an explicit `lsl #12` a nonzero multiple of 4096 is shifted for you
 * (`#4096` = `#1, lsl #12`); an explicit `lsl #0` is the same as none.
 * `:lo12:sym` is accepted unless `negate`. `negate`: the assembler-only
 * spellings with a negative immediate (`add x0, x1, #-1` is `sub x0, x1,
 * #1`), which llvm-mc and GNU as both accept.
 */
export function addSubImm(opts: { negate?: boolean } = {}): OperandKind {
  const neg = !!opts.negate;
  return {
    fields: ['imm12', 'sh'],
    print: (f) => `#${neg ? -f.imm12! : f.imm12}${f.sh ? ', lsl #12' : ''}`,
    parse(c, f, ctx) {
      const { v, at } = immAt(c, ctx, !neg);
      let shift: bigint | undefined;
      const save = c.save();
      if (c.eat(',')) {
        if (!c.eat('lsl')) {
          c.restore(save);
        } else {
          const s = immAt(c, ctx);
          if (s.v !== 0n && s.v !== 12n) throw c.error("shift must be 'lsl #0' or 'lsl #12'", s.at);
          shift = s.v;
        }
      }
      let imm = v;
      let sh = 0;
      if (shift === 12n) sh = 1;
      else if (v !== 0n && v % 4096n === 0n) {
        imm = v >> 12n;
        sh = 1;
      }
      if (neg) {
        // only a negative value selects the opposite instruction
        if (imm >= 0n) throw c.error('expected a negative immediate', at);
        imm = -imm;
      }
      if (imm < 0n || imm > 4095n) {
        throw c.error(shift === 12n
          ? `immediate ${v} before lsl #12 is out of range: expected 0 to 4095`
          : `immediate ${v} is out of range: expected 0 to 4095, optionally shifted by lsl #12 (#4096 means #1, lsl #12)`, at);
      }
      f.imm12 = Number(imm);
      f.sh = sh;
    },
  };
}

// ---------------------------------------------------------------- move wide

/**
 * `{, lsl #<shift>}` of MOVZ/MOVN/MOVK (C6.2): field hw, shift = 16*hw.
 * W forms allow 0 and 16 only (their pattern fixes hw<1> = 0). LLVM omits a
 * zero shift.
 */
export function hwShift(M: DataSize): OperandKind {
  const allowed = M === 64 ? '#0, #16, #32 or #48' : '#0 or #16';
  return {
    fields: ['hw'],
    optional: true,
    absent(f) {
      f.hw = 0;
    },
    print: (f) => (f.hw ? `lsl #${16 * f.hw}` : null),
    parse(c, f, ctx) {
      c.skipWs();
      const at = c.save();
      if (!c.eat('lsl')) throw c.error(`expected 'lsl' with shift ${allowed}`, at);
      const s = immAt(c, ctx);
      if (s.v < 0n || s.v >= BigInt(M) || s.v % 16n !== 0n) {
        throw c.error(`shift must be lsl ${allowed}${M === 32 ? ' for a 32-bit register' : ''}`, s.at);
      }
      f.hw = Number(s.v) / 16;
    },
  };
}

// ---------------------------------------------------------------- bitfield moves

/**
 * `#<lsb>, #<width>` of the bitfield aliases (Arm ARM C6.2), fields immr
 * and imms. SBFX/UBFX/BFXIL `extract`: immr = lsb, imms = lsb + width - 1.
 * SBFIZ/UBFIZ/BFI/BFC `insert`: immr = -lsb MOD M, imms = width - 1. One
 * operand because the width's range depends on the lsb.
 */
export function lsbWidth(M: DataSize, kind: 'extract' | 'insert'): OperandKind {
  return {
    fields: ['immr', 'imms'],
    print(f) {
      const r = f.immr!;
      const s = f.imms!;
      return kind === 'extract' ? `#${r}, #${s - r + 1}` : `#${(M - r) % M}, #${s + 1}`;
    },
    parse(c, f, ctx) {
      const lsb = immAt(c, ctx);
      if (lsb.v < 0n || lsb.v >= BigInt(M)) throw c.error(`lsb must be in range [0, ${M - 1}]`, lsb.at);
      c.expect(',', 'before the width');
      const w = immAt(c, ctx);
      const room = M - Number(lsb.v);
      if (w.v < 1n || w.v > BigInt(room)) {
        const what = kind === 'extract' ? 'extract' : 'insert';
        throw c.error(`width must be in range [1, ${room}]: the ${what} of ${w.v} bits at bit ${lsb.v} overflows the ${M}-bit register`, w.at);
      }
      const l = Number(lsb.v);
      const wd = Number(w.v);
      f.immr = kind === 'extract' ? l : (M - l) % M;
      f.imms = kind === 'extract' ? l + wd - 1 : wd - 1;
    },
  };
}

/** `#<shift>` of LSL (immediate) (C6.2, a UBFM): immr = -shift MOD M, imms = M - 1 - shift. */
export function lslShift(M: DataSize): OperandKind {
  return {
    fields: ['immr', 'imms'],
    print: (f) => `#${M - 1 - f.imms!}`,
    parse(c, f, ctx) {
      const s = immAt(c, ctx);
      if (s.v < 0n || s.v >= BigInt(M)) throw c.error(`shift amount must be in range [0, ${M - 1}]`, s.at);
      const n = Number(s.v);
      f.immr = (M - n) % M;
      f.imms = M - 1 - n;
    },
  };
}

// ---------------------------------------------------------------- registers

/**
 * A register printed as W but read as either W or X (not SP/ZR-as-SP): the
 * source of SXTB/SXTH/SXTW and UXTW with a 64-bit destination, where llvm-mc
 * also accepts `sxtb x0, x1`.
 */
export function wOrX(field: string): OperandKind {
  return {
    fields: [field],
    print: (f) => gprName(f[field]!, 'w', false),
    parse(c, f) {
      c.skipWs();
      const at = c.save();
      const r = readGpr(c);
      if (!r || r.sp) {
        c.restore(at);
        throw c.error('expected a 32-bit register (w0-w30, wzr)', at);
      }
      f[field] = r.n;
    },
  };
}

/** The source of ROR (immediate) (C6.2): one register written to both Rn and Rm of EXTR. */
export function sameReg(M: DataSize, rn: string, rm: string): OperandKind {
  const cls = M === 64 ? 'x' : 'w';
  return {
    fields: [rn, rm],
    print: (f) => gprName(f[rn]!, cls, false),
    parse(c, f) {
      c.skipWs();
      const at = c.save();
      const r = readGpr(c);
      if (!r || r.sp || r.cls !== cls) {
        c.restore(at);
        throw c.error(`expected a ${M}-bit register (${cls}0-${cls}30, ${cls}zr)`, at);
      }
      f[rn] = r.n;
      f[rm] = r.n;
    },
  };
}
