// Operand kinds and data used only by the branch/system and MTE sections of
// the table (isa/table/branch-sys.ts, isa/table/mte.ts): exception-number
// immediates, TBZ's split bit number, barrier options, PSTATE field names,
// system register names, `Cn` operands, and the named SYS operations
// (AT, DC, IC, TLBI). Printing follows LLVM's AArch64InstPrinter as
// `llvm-mc -triple=aarch64 -mattr=+mte` shows it.

import { fmtImm, gprName, imm, parseImmExpr, readGpr } from '../operands.ts';
import { parseSysReg, sysRegByName, sysRegName } from '../sysregs.ts';
import type { Feature, OperandKind } from '../types.ts';

// ---------------------------------------------------------------- fixed words

/**
 * A fixed word such as `zva` in `dc zva, x0` or `TCO` in `msr TCO, #1`:
 * printed as given, matched in any case. `err(word)` words the message when
 * the text names something else (so every row sharing a mnemonic fails
 * with the same, useful message).
 */
export function lit(name: string, err: (word: string) => string): OperandKind {
  const lower = name.toLowerCase();
  return {
    fields: [],
    print: () => name,
    parse(c) {
      const at = c.save();
      const w = c.word();
      if (w !== lower) throw c.error(err(w), at);
    },
  };
}

// ---------------------------------------------------------------- immediates

/**
 * 16-bit immediate of SVC/BRK (C6.2 SVC, C6.2 BRK). LLVM prints
 * these in hex, except that zero prints as `#0`.
 */
export function excImm16(field: string): OperandKind {
  const i = imm(field, 16);
  return {
    fields: [field],
    print: (f) => (f[field] ? fmtImm(f[field]!, true) : '#0'),
    parse: i.parse,
  };
}

/** `Cn` operand of SYS/SYSL (C6.2 SYS): c0..c15 in a 4-bit field. */
export function cReg(field: string): OperandKind {
  return {
    fields: [field],
    print: (f) => `c${f[field]}`,
    parse(c, f) {
      const at = c.save();
      const m = /^c([0-9]|1[0-5])$/.exec(c.word());
      if (!m) throw c.error('expected a system control register name c0-c15', at);
      f[field] = Number(m[1]);
    },
  };
}

// ---------------------------------------------------------------- registers


/**
 * The optional `{, Xt}` of SYS (C6.2 SYS): absent means Rt = 31, and LLVM
 * prints no register when Rt = 31.
 */
export function optXt(field: string): OperandKind {
  return {
    fields: [field],
    optional: true,
    absent(f) {
      f[field] = 31;
    },
    print: (f) => (f[field] === 31 ? null : gprName(f[field]!, 'x', false)),
    parse(c, f) {
      const at = c.save();
      const r = readGpr(c);
      if (!r || r.cls !== 'x' || r.sp) throw c.error('expected a 64-bit register (x0-x30, xzr)', at);
      f[field] = r.n;
    },
  };
}

/**
 * Stands for "no register" after a SYS operation that takes none (`ic
 * iallu`, `tlbi vmalle1`); the pattern fixes Rt = 31. Text there is an error.
 */
export function noReg(kind: string): OperandKind {
  return {
    fields: [],
    optional: true,
    absent() {},
    print: () => null,
    parse(c) {
      throw c.error(`specified ${kind} op does not use a register`);
    },
  };
}

/**
 * Register of TBZ/TBNZ (C6.2 TBZ): `Wt` when b5 = 0 (bit number < 32),
 * `Xt` when b5 = 1, as LLVM prints. When assembling, either width is
 * accepted and its class is noted (field `tbz_w`, not a pattern field) for
 * the bit-number check that follows.
 */
export function tbzReg(field: string): OperandKind {
  return {
    fields: [field],
    print: (f) => gprName(f[field]!, f.b5 ? 'x' : 'w', false),
    parse(c, f) {
      const at = c.save();
      const r = readGpr(c);
      if (!r || r.sp) throw c.error('expected a general register (w0-w30, wzr, x0-x30, xzr)', at);
      f[field] = r.n;
      f.tbz_w = r.cls === 'w' ? 1 : 0;
    },
  };
}

/** Bit number of TBZ/TBNZ, split b5:b40; 0-31 after a W register, 0-63 after X. */
export function tbzBit(b5: string, b40: string): OperandKind {
  return {
    fields: [b5, b40],
    print: (f) => `#${f[b5]! * 32 + f[b40]!}`,
    parse(c, f, ctx) {
      const at = c.save();
      const v = parseImmExpr(c, ctx);
      const hi = f.tbz_w ? 31 : 63;
      if (v < 0n || v > BigInt(hi)) throw c.error(`bit number must be in range [0, ${hi}]`, at);
      f[b5] = Number(v) >> 5;
      f[b40] = Number(v) & 31;
    },
  };
}

/**
 * The `Xt` source of MSR (register). An immediate there means the writer
 * wanted MSR (immediate), whose PSTATE field did not match: say so.
 */
export function msrSource(field: string): OperandKind {
  return {
    fields: [field],
    print: (f) => gprName(f[field]!, 'x', false),
    parse(c, f) {
      const at = c.save();
      if (c.peek() === '#' || /[0-9]/.test(c.peek())) {
        throw c.error(`an immediate needs a PSTATE field (${PSTATE_FIELDS.join(', ')}; TCO needs +memtag)`, at);
      }
      const r = readGpr(c);
      if (!r || r.cls !== 'x' || r.sp) throw c.error('expected a 64-bit register (x0-x30, xzr)', at);
      f[field] = r.n;
    },
  };
}

// ---------------------------------------------------------------- barriers

/** Barrier option names of DMB/DSB (C6.2 DMB): CRm value -> name. Others print `#imm`. */
const BARRIER_NAMES: Record<string, number> = {
  oshld: 1, oshst: 2, osh: 3, nshld: 5, nshst: 6, nsh: 7,
  ishld: 9, ishst: 10, ish: 11, ld: 13, st: 14, sy: 15,
};
const BARRIER_BY_CODE = new Map(Object.entries(BARRIER_NAMES).map(([k, v]) => [v, k]));

function parseBarrierImm(c: Parameters<OperandKind['parse']>[0], ctx: Parameters<OperandKind['parse']>[2], at: number): number {
  const v = parseImmExpr(c, ctx);
  if (v < 0n || v > 15n) throw c.error('barrier operand out of range [0, 15]', at);
  return Number(v);
}

/** `<option>|#imm` of DMB/DSB in CRm. */
export function barrierOption(field: string): OperandKind {
  return {
    fields: [field],
    print: (f) => BARRIER_BY_CODE.get(f[field]!) ?? `#${f[field]}`,
    parse(c, f, ctx) {
      const at = c.save();
      const w = c.peekWord();
      if (w) {
        const v = BARRIER_NAMES[w];
        if (v === undefined) throw c.error(`unknown barrier option '${w}'`, at);
        c.word();
        f[field] = v;
        return;
      }
      f[field] = parseBarrierImm(c, ctx, at);
    },
  };
}

/**
 * `{<option>|#imm}` of ISB (C6.2 ISB): only `sy` (15) has a name; it is
 * the default and LLVM prints a bare `isb` for it.
 */
export function isbOption(field: string): OperandKind {
  return {
    fields: [field],
    optional: true,
    absent(f) {
      f[field] = 15;
    },
    print: (f) => (f[field] === 15 ? null : `#${f[field]}`),
    parse(c, f, ctx) {
      const at = c.save();
      const w = c.peekWord();
      if (w) {
        if (w !== 'sy') throw c.error("expected 'sy' or #imm", at);
        c.word();
        f[field] = 15;
        return;
      }
      f[field] = parseBarrierImm(c, ctx, at);
    },
  };
}

// ---------------------------------------------------------------- PSTATE and system registers

/** PSTATE fields of MSR (immediate) that llvm-mc accepts with +mte (C6.2 MSR (immediate)), spelt as LLVM prints them. */
export const PSTATE_FIELDS = ['SPSel', 'DAIFSet', 'DAIFClr', 'TCO'] as const;

/** The PSTATE field name of one MSR (immediate) row. */
export function pstateField(name: (typeof PSTATE_FIELDS)[number]): OperandKind {
  return lit(name, (w) => {
    if (PSTATE_FIELDS.some((p) => p.toLowerCase() === w)) return `PSTATE field ${w} is not available (TCO needs +memtag)`;
    if (!w) return 'expected a system register or PSTATE field';
    // a system register name that cannot be written gets the MSR (register) row's wording
    const r = parseSysReg(w, true);
    if (typeof r === 'string' && sysRegByName(w)) return r;
    return `'${w}' is neither a PSTATE field (${PSTATE_FIELDS.join(', ')}) nor a writable system register`;
  });
}

/**
 * System register operand of MRS (write = false) or MSR (register) (write =
 * true): fields o0 (op0 = 2 + o0), op1, crn, crm, op2 (C6.2 MRS).
 */
export function sysReg(write: boolean): OperandKind {
  return {
    fields: ['o0', 'op1', 'crn', 'crm', 'op2'],
    print: (f) => sysRegName(((2 + f.o0!) << 14) | (f.op1! << 11) | (f.crn! << 7) | (f.crm! << 3) | f.op2!, write),
    parse(c, f) {
      const at = c.save();
      const r = parseSysReg(c.word(), write);
      if (typeof r === 'string') throw c.error(r, at);
      f.o0 = (r >>> 14) - 2;
      f.op1 = (r >>> 11) & 7;
      f.crn = (r >>> 7) & 15;
      f.crm = (r >>> 3) & 15;
      f.op2 = r & 7;
    },
  };
}

// ---------------------------------------------------------------- named SYS operations

/** A SYS alias (C6.2 AT, C6.2 DC, C6.2 IC, C6.2 TLBI). */
export interface SysOp {
  readonly kind: 'at' | 'dc' | 'ic' | 'tlbi';
  readonly name: string;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  /** Takes `Xt` (else Rt must be 31 and none is written). */
  readonly reg: boolean;
  readonly feature: Feature;
}

// The operations llvm-mc 14 names with +mte (found by disassembling the whole
// op0 = 01 space). The DC operations with a G in the name are FEAT_MTE's
// tag variants (data cache maintenance that also cleans/invalidates tags).
// kind  name        op1 CRn CRm op2 reg
const SYSOP_DATA = `
ic ialluis       0  7  1 0 -
ic iallu         0  7  5 0 -
dc ivac          0  7  6 1 x
dc isw           0  7  6 2 x
dc igvac         0  7  6 3 x
dc igsw          0  7  6 4 x
dc igdvac        0  7  6 5 x
dc igdsw         0  7  6 6 x
at s1e1r         0  7  8 0 x
at s1e1w         0  7  8 1 x
at s1e0r         0  7  8 2 x
at s1e0w         0  7  8 3 x
dc csw           0  7 10 2 x
dc cgsw          0  7 10 4 x
dc cgdsw         0  7 10 6 x
dc cisw          0  7 14 2 x
dc cigsw         0  7 14 4 x
dc cigdsw        0  7 14 6 x
tlbi vmalle1is   0  8  3 0 -
tlbi vae1is      0  8  3 1 x
tlbi aside1is    0  8  3 2 x
tlbi vaae1is     0  8  3 3 x
tlbi vale1is     0  8  3 5 x
tlbi vaale1is    0  8  3 7 x
tlbi vmalle1     0  8  7 0 -
tlbi vae1        0  8  7 1 x
tlbi aside1      0  8  7 2 x
tlbi vaae1       0  8  7 3 x
tlbi vale1       0  8  7 5 x
tlbi vaale1      0  8  7 7 x
dc zva           3  7  4 1 x
dc gva           3  7  4 3 x
dc gzva          3  7  4 4 x
ic ivau          3  7  5 1 x
dc cvac          3  7 10 1 x
dc cgvac         3  7 10 3 x
dc cgdvac        3  7 10 5 x
dc cvau          3  7 11 1 x
dc cgvap         3  7 12 3 x
dc cgdvap        3  7 12 5 x
dc cgvadp        3  7 13 3 x
dc cgdvadp       3  7 13 5 x
dc civac         3  7 14 1 x
dc cigvac        3  7 14 3 x
dc cigdvac       3  7 14 5 x
at s1e2r         4  7  8 0 x
at s1e2w         4  7  8 1 x
at s12e1r        4  7  8 4 x
at s12e1w        4  7  8 5 x
at s12e0r        4  7  8 6 x
at s12e0w        4  7  8 7 x
tlbi ipas2e1is   4  8  0 1 x
tlbi ipas2le1is  4  8  0 5 x
tlbi alle2is     4  8  3 0 -
tlbi vae2is      4  8  3 1 x
tlbi alle1is     4  8  3 4 -
tlbi vale2is     4  8  3 5 x
tlbi vmalls12e1is 4 8  3 6 -
tlbi ipas2e1     4  8  4 1 x
tlbi ipas2le1    4  8  4 5 x
tlbi alle2       4  8  7 0 -
tlbi vae2        4  8  7 1 x
tlbi alle1       4  8  7 4 -
tlbi vale2       4  8  7 5 x
tlbi vmalls12e1  4  8  7 6 -
at s1e3r         6  7  8 0 x
at s1e3w         6  7  8 1 x
tlbi alle3is     6  8  3 0 -
tlbi vae3is      6  8  3 1 x
tlbi vale3is     6  8  3 5 x
tlbi alle3       6  8  7 0 -
tlbi vae3        6  8  7 1 x
tlbi vale3       6  8  7 5 x
`;

export const SYSOPS: readonly SysOp[] = SYSOP_DATA.trim().split('\n').map((line) => {
  const [kind, name, op1, crn, crm, op2, reg] = line.trim().split(/\s+/) as [SysOp['kind'], string, string, string, string, string, string];
  const feature: Feature = kind === 'dc' && name.includes('g') ? 'mte' : 'base';
  return Object.freeze({ kind, name, op1: Number(op1), crn: Number(crn), crm: Number(crm), op2: Number(op2), reg: reg === 'x', feature });
});

const SYSOP_BY_NAME = new Map(SYSOPS.map((o) => [`${o.kind} ${o.name}`, o]));

export function sysOp(kind: SysOp['kind'], name: string): SysOp {
  const o = SYSOP_BY_NAME.get(`${kind} ${name}`);
  if (!o) throw new Error(`no SYS operation ${kind} ${name}`);
  return o;
}

/** The operation name of a SYS alias row; a wrong name gets one message whichever row reports it. */
export function sysOpName(op: SysOp): OperandKind {
  return lit(op.name, (w) => {
    const other = SYSOP_BY_NAME.get(`${op.kind} ${w}`);
    // reached only when that operation's own row was skipped for its feature
    if (other) return `${op.kind} operation '${w}' requires '+memtag' (e.g. .arch armv8.5-a+memtag)`;
    return w ? `unknown ${op.kind} operation '${w}'` : `expected a ${op.kind} operation`;
  });
}

/** The fields a SysOp fixes in a SYS pattern: `op1 CRn CRm op2` as bit strings. */
export function sysOpBits(op: SysOp): string {
  const b = (v: number, n: number) => v.toString(2).padStart(n, '0');
  return `${b(op.op1, 3)} ${b(op.crn, 4)} ${b(op.crm, 4)} ${b(op.op2, 3)}`;
}
