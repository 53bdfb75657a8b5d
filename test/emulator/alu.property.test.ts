// Property tests of emulator/semantics/alu.ts against a slow BigInt model
// of the Arm pseudocode written here (never the code under test): each case
// is a random word of a random row of the group (so register numbers,
// shift amounts, conditions and bitmask immediates are random), random
// register values biased towards edge values (0, 1, -1, INT_MIN, INT_MAX,
// 2^32 and 2^53 neighbours), random NZCV and PC. The word is decoded,
// predecoded and executed on a real Machine; every register, SP, the zero
// register and NZCV are compared with the model.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROWS } from '../../isa/encodings.ts';
import { decode, extractFields } from '../../isa/decoder.ts';
import { disassembleText } from '../../isa/disasm.ts';
import { DP_IMM } from '../../isa/table/dp-imm.ts';
import { DP_REG } from '../../isa/table/dp-reg.ts';
import type { Fields, Row } from '../../isa/types.ts';
import { Machine } from '../../emulator/machine.ts';
import { PhysMem } from '../../emulator/memory.ts';
import { Mmu } from '../../emulator/mmu.ts';
import { HANDLERS, PREDECODERS, SLOTS, implementedRows } from '../../emulator/semantics/index.ts';

const RUNS = 100_000;

// ---------------------------------------------------------------- the reference model (Arm ASL on BigInt)

const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;
const uint = (x: bigint, n: number): bigint => BigInt.asUintN(n, x);
const sint = (x: bigint, n: number): bigint => BigInt.asIntN(n, x);
const bit = (x: bigint, i: number): number => Number((x >> BigInt(i)) & 1n);

/** Register file of the model: x[0..30], x[31] = SP; NZCV as 4 bits. */
interface State {
  x: bigint[];
  nzcv: number;
  pc: bigint;
}

/** What an instruction did: the register it wrote (31 = SP), if any. */
interface Effect {
  wr?: number;
  val?: bigint;
}

/** AddWithCarry(x, y, carry_in) (shared/functions/integer/AddWithCarry). */
function addWithCarry(x: bigint, y: bigint, c: number, N: number): [bigint, number] {
  const usum = uint(x, N) + uint(y, N) + BigInt(c);
  const ssum = sint(x, N) + sint(y, N) + BigInt(c);
  const result = uint(usum, N);
  const n = bit(result, N - 1);
  const z = result === 0n ? 1 : 0;
  const cc = result === usum ? 0 : 1;
  const v = sint(result, N) === ssum ? 0 : 1;
  return [result, (n << 3) | (z << 2) | (cc << 1) | v];
}

/** ShiftReg (LSL, LSR, ASR, ROR). */
function shiftReg(x: bigint, type: number, amount: number, N: number): bigint {
  x = uint(x, N);
  const a = BigInt(amount);
  switch (type) {
    case 0: return uint(x << a, N);
    case 1: return x >> a;
    case 2: return uint(sint(x, N) >> a, N);
    default: return amount === 0 ? x : uint((x >> a) | (x << BigInt(N - amount)), N);
  }
}

/** ExtendReg(reg, exttype, shift, N). */
function extendReg(x: bigint, option: number, shift: number, N: number): bigint {
  const unsigned = (option & 4) === 0;
  let len = [8, 16, 32, 64][option & 3]!;
  len = Math.min(len, N - shift);
  const v = unsigned ? uint(x, len) : sint(x, len);
  return uint(v << BigInt(shift), N);
}

/** DecodeBitMasks(immN, imms, immr, immediate, M); undefined for reserved encodings. */
function decodeBitMasks(immN: number, imms: number, immr: number, immediate: boolean, M: number): [bigint, bigint] | undefined {
  const v = (immN << 6) | (~imms & 0x3f);
  let len = -1;
  for (let i = 6; i >= 0; i--) if ((v >> i) & 1) { len = i; break; }
  if (len < 1) return undefined;
  const esize = 1 << len;
  if (esize > M) return undefined;
  const levels = esize - 1;
  if (immediate && (imms & levels) === levels) return undefined;
  const S = imms & levels, R = immr & levels, d = (S - R) & levels;
  const welem = ones(S + 1), telem = ones(d + 1);
  const rorE = (x: bigint, r: number) => (r === 0 ? x : uint((x >> BigInt(r)) | (x << BigInt(esize - r)), esize));
  const rep = (e: bigint) => { let r = 0n; for (let i = 0; i < M; i += esize) r |= e << BigInt(i); return r; };
  return [rep(rorE(welem, R)), rep(telem)];
}

/** ConditionHolds(cond) on a 4-bit NZCV. */
function conditionHolds(cond: number, nzcv: number): boolean {
  const n = (nzcv >> 3) & 1, z = (nzcv >> 2) & 1, c = (nzcv >> 1) & 1, v = nzcv & 1;
  const r = [z === 1, c === 1, n === 1, v === 1, c === 1 && z === 0, n === v, n === v && z === 0, true][cond >> 1]!;
  return (cond & 1) === 1 && cond !== 15 ? !r : r;
}

function countLeadingZeroBits(x: bigint, N: number): number {
  for (let i = N - 1; i >= 0; i--) if (bit(x, i)) return N - 1 - i;
  return N;
}

/** Reverse the bytes within each `container`-bit container (REV, REV16, REV32). */
function revBytes(x: bigint, container: number, N: number): bigint {
  let r = 0n;
  for (let c = 0; c < N; c += container) {
    for (let b = 0; b < container; b += 8) {
      const byte = (x >> BigInt(c + b)) & 0xffn;
      r |= byte << BigInt(c + container - 8 - b);
    }
  }
  return r;
}

/**
 * Execute one row in the model. X(n) reads XZR for 31, XSP(n) reads SP;
 * the returned Effect says which register was written (31 = SP), with
 * `rd === 31` destinations of ZR kind writing nothing.
 */
function model(id: string, f: Fields, s: State): Effect {
  const N = id.endsWith('_w') ? 32 : 64;
  const X = (r: number) => (r === 31 ? 0n : uint(s.x[r]!, N));
  const XSP = (r: number) => uint(s.x[r]!, N);
  const setX = (r: number, v: bigint): Effect => (r === 31 ? {} : { wr: r, val: uint(v, N) });
  const setXSP = (r: number, v: bigint): Effect => ({ wr: r, val: uint(v, N) });
  const flags = (nzcv: number) => { s.nzcv = nzcv; };
  const logicFlags = (r: bigint) => flags((bit(r, N - 1) << 3) | (r === 0n ? 4 : 0));
  const name = id.replace(/_(w|x)$/, '');

  switch (name) {
    case 'ADR_pcrel': return setX(f.rd!, s.pc + sint(BigInt((f.immhi! << 2) | f.immlo!), 21));
    case 'ADRP_pcrel': return setX(f.rd!, (s.pc & ~0xfffn) + (sint(BigInt((f.immhi! << 2) | f.immlo!), 21) << 12n));

    case 'ADD_imm': case 'ADDS_imm': case 'SUB_imm': case 'SUBS_imm': {
      const imm = BigInt(f.imm12! << (12 * f.sh!));
      const sub = name.startsWith('SUB');
      const [r, nzcv] = addWithCarry(XSP(f.rn!), sub ? ~imm : imm, sub ? 1 : 0, N);
      if (name.includes('S_')) { flags(nzcv); return setX(f.rd!, r); }
      return setXSP(f.rd!, r);
    }
    case 'ADD_shift': case 'ADDS_shift': case 'SUB_shift': case 'SUBS_shift': {
      const op2 = shiftReg(X(f.rm!), f.shift!, f.imm6!, N);
      const sub = name.startsWith('SUB');
      const [r, nzcv] = addWithCarry(X(f.rn!), sub ? ~op2 : op2, sub ? 1 : 0, N);
      if (name.includes('S_')) flags(nzcv);
      return setX(f.rd!, r);
    }
    case 'ADD_ext': case 'ADDS_ext': case 'SUB_ext': case 'SUBS_ext': {
      const op2 = extendReg(X(f.rm!), f.option!, f.imm3!, N);
      const sub = name.startsWith('SUB');
      const [r, nzcv] = addWithCarry(XSP(f.rn!), sub ? ~op2 : op2, sub ? 1 : 0, N);
      if (name.includes('S_')) { flags(nzcv); return setX(f.rd!, r); }
      return setXSP(f.rd!, r);
    }
    case 'ADC': case 'ADCS': case 'SBC': case 'SBCS': {
      const op2 = name.startsWith('SBC') ? ~X(f.rm!) : X(f.rm!);
      const [r, nzcv] = addWithCarry(X(f.rn!), op2, (s.nzcv >> 1) & 1, N);
      if (name.endsWith('S')) flags(nzcv);
      return setX(f.rd!, r);
    }

    case 'AND_imm': case 'ORR_imm': case 'EOR_imm': case 'ANDS_imm': {
      const [imm] = decodeBitMasks(f.n ?? 0, f.imms!, f.immr!, true, N)!;
      const a = X(f.rn!);
      const r = name.startsWith('AND') ? a & imm : name.startsWith('ORR') ? a | imm : a ^ imm;
      if (name === 'ANDS_imm') { logicFlags(r); return setX(f.rd!, r); }
      return setXSP(f.rd!, r);
    }
    case 'AND_shift': case 'BIC_shift': case 'ORR_shift': case 'ORN_shift':
    case 'EOR_shift': case 'EON_shift': case 'ANDS_shift': case 'BICS_shift': {
      let op2 = shiftReg(X(f.rm!), f.shift!, f.imm6!, N);
      if (['BIC', 'ORN', 'EON', 'BICS'].some((p) => name === `${p}_shift`)) op2 = uint(~op2, N);
      const a = X(f.rn!);
      const r = name.startsWith('AND') || name.startsWith('BIC') ? a & op2 : name.startsWith('ORR') || name.startsWith('ORN') ? a | op2 : a ^ op2;
      if (name === 'ANDS_shift' || name === 'BICS_shift') logicFlags(r);
      return setX(f.rd!, r);
    }
    case 'MOVZ': case 'MOVN': case 'MOVK': {
      const pos = BigInt(16 * f.hw!);
      const imm = BigInt(f.imm16!) << pos;
      if (name === 'MOVZ') return setX(f.rd!, imm);
      if (name === 'MOVN') return setX(f.rd!, ~imm);
      return setX(f.rd!, (X(f.rd!) & ~(0xffffn << pos)) | imm);
    }

    case 'SBFM': case 'BFM': case 'UBFM': {
      const [wmask, tmask] = decodeBitMasks(N === 64 ? 1 : 0, f.imms!, f.immr!, false, N)!;
      const inzero = name !== 'BFM', extend = name === 'SBFM';
      const R = f.immr!, S = f.imms!;
      const dst = inzero ? 0n : X(f.rd!);
      const src = X(f.rn!);
      const ror = R === 0 ? src : uint((src >> BigInt(R)) | (src << BigInt(N - R)), N);
      const bot = (dst & ~wmask) | (ror & wmask);
      const top = extend ? (bit(src, S) ? ones(N) : 0n) : dst;
      return setX(f.rd!, (top & ~tmask) | (bot & tmask));
    }
    case 'EXTR': {
      const concat = (X(f.rn!) << BigInt(N)) | X(f.rm!);
      return setX(f.rd!, concat >> BigInt(f.imms!));
    }
    case 'LSLV': case 'LSRV': case 'ASRV': case 'RORV': {
      const type = ['LSLV', 'LSRV', 'ASRV', 'RORV'].indexOf(name);
      return setX(f.rd!, shiftReg(X(f.rn!), type, Number(X(f.rm!) % BigInt(N)), N));
    }

    case 'UDIV': case 'SDIV': {
      const signed = name === 'SDIV';
      const a = signed ? sint(X(f.rn!), N) : X(f.rn!);
      const b = signed ? sint(X(f.rm!), N) : X(f.rm!);
      return setX(f.rd!, b === 0n ? 0n : a / b); // BigInt division rounds towards zero
    }
    case 'MADD': case 'MSUB': {
      const p = X(f.rn!) * X(f.rm!);
      return setX(f.rd!, name === 'MADD' ? X(f.ra!) + p : X(f.ra!) - p);
    }
    case 'SMADDL': case 'SMSUBL': case 'UMADDL': case 'UMSUBL': {
      const ext = name[0] === 'S' ? (v: bigint) => sint(v, 32) : (v: bigint) => uint(v, 32);
      const p = ext(X(f.rn!)) * ext(X(f.rm!));
      return setX(f.rd!, name.includes('ADD') ? X(f.ra!) + p : X(f.ra!) - p);
    }
    case 'SMULH': case 'UMULH': {
      const ext = name === 'SMULH' ? (v: bigint) => sint(v, 64) : (v: bigint) => v;
      return setX(f.rd!, (ext(X(f.rn!)) * ext(X(f.rm!))) >> 64n);
    }

    case 'CSEL': case 'CSINC': case 'CSINV': case 'CSNEG': {
      if (conditionHolds(f.cond!, s.nzcv)) return setX(f.rd!, X(f.rn!));
      const y = X(f.rm!);
      return setX(f.rd!, name === 'CSEL' ? y : name === 'CSINC' ? y + 1n : name === 'CSINV' ? ~y : -y);
    }
    case 'CCMN_reg': case 'CCMN_imm': case 'CCMP_reg': case 'CCMP_imm': {
      if (!conditionHolds(f.cond!, s.nzcv)) { flags(f.nzcv!); return {}; }
      const y = name.endsWith('reg') ? X(f.rm!) : BigInt(f.imm5!);
      const sub = name.startsWith('CCMP');
      flags(addWithCarry(X(f.rn!), sub ? ~y : y, sub ? 1 : 0, N)[1]);
      return {};
    }

    case 'RBIT': {
      const x = X(f.rn!);
      let r = 0n;
      for (let i = 0; i < N; i++) if (bit(x, i)) r |= 1n << BigInt(N - 1 - i);
      return setX(f.rd!, r);
    }
    case 'REV16': return setX(f.rd!, revBytes(X(f.rn!), 16, N));
    case 'REV32': return setX(f.rd!, revBytes(X(f.rn!), 32, N));
    case 'REV': return setX(f.rd!, revBytes(X(f.rn!), N, N));
    case 'CLZ': return setX(f.rd!, BigInt(countLeadingZeroBits(X(f.rn!), N)));
    case 'CLS': {
      const x = X(f.rn!);
      return setX(f.rd!, BigInt(countLeadingZeroBits(uint((x >> 1n) ^ x, N - 1), N - 1)));
    }
  }
  throw new Error(`model: no reference for ${id}`);
}

// ---------------------------------------------------------------- the machine side

const mem = new PhysMem(1 << 24);
const machine = new Machine(mem, new Mmu(mem, { offAttr: 0xff }));
const entry = new Int32Array(SLOTS);

/** Predecode and execute one word on the machine (as the run loop does, without fetch). */
function execWord(word: number, row: Row): void {
  PREDECODERS[row.index]!(extractFields(row, word), entry, 0);
  machine.nextPc = machine.s.pc + 4;
  HANDLERS[row.index + 1]!(machine, entry, 0);
}

// ---------------------------------------------------------------- generators

const M64 = ones(64);
const EDGE: bigint[] = [
  0n, 1n, 2n, 3n, 0x7fn, 0x80n, 0xffn, 0xffffn, M64, M64 - 1n, 1n << 63n, (1n << 63n) - 1n, (1n << 63n) + 1n,
  0xffffffffn, 0xfffffffen, 1n << 32n, (1n << 32n) + 1n, 0x80000000n, 0x7fffffffn, 0x80000001n,
  0xffffffff80000000n, 0xffffffff7fffffffn, 0xffffffff00000000n, 0x00000000ffffffffn,
  1n << 52n, 1n << 53n, (1n << 53n) - 1n, (1n << 53n) + 1n, uint(-(1n << 53n), 64), uint(-(1n << 53n) - 1n, 64),
  0x5555555555555555n, 0xaaaaaaaaaaaaaaaan, 0x0123456789abcdefn, 0xfedcba9876543210n,
];
/** 64-bit register values, biased towards edges. */
const u64: fc.Arbitrary<bigint> = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE), weight: 3 },
  { arbitrary: fc.bigInt({ min: 0n, max: M64 }), weight: 4 },
  { arbitrary: fc.integer({ min: -70, max: 70 }).map((v) => uint(BigInt(v), 64)), weight: 1 },
  { arbitrary: fc.bigInt({ min: 0n, max: 0xffffffffn }), weight: 1 },
  { arbitrary: fc.bigInt({ min: -(1n << 31n), max: (1n << 31n) - 1n }).map((v) => uint(v, 64)), weight: 1 },
  { arbitrary: fc.bigInt({ min: -(1n << 54n), max: 1n << 54n }).map((v) => uint(v, 64)), weight: 1 },
);

interface Case {
  row: Row;
  bits: number;
  d: bigint;
  n: bigint;
  m: bigint;
  a: bigint;
  sp: bigint;
  nzcv: number;
  pc: number;
}

const caseArb = (rows: Row[]): fc.Arbitrary<Case> => fc.record({
  row: fc.constantFrom(...rows),
  bits: fc.integer({ min: 0, max: 0xffffffff }),
  d: u64, n: u64, m: u64, a: u64, sp: u64,
  nzcv: fc.integer({ min: 0, max: 15 }),
  // small PCs too, so that ADR/ADRP results below zero wrap to the top of the address space
  pc: fc.oneof(fc.integer({ min: 0, max: 2 ** 46 - 1 }), fc.integer({ min: 0, max: 2 ** 20 })).map((v) => v * 4),
});

/** Background register values: distinct, so a wrong register read shows. */
const BACKGROUND = Array.from({ length: 31 }, (_, i) => uint(0x1111111111111111n * BigInt(i + 1) ^ (BigInt(i) << 56n), 64));

/** Run one case on the machine and in the model; returns a message on mismatch. */
function check(c: Case): boolean {
  const row = c.row;
  const word = (row.pat.match | (c.bits & ~row.pat.mask)) >>> 0;
  fc.pre(decode(word) === row.index); // skip reserved and other-row encodings
  const f = extractFields(row, word);
  const x = BACKGROUND.slice();
  x[31] = c.sp;
  // operand registers get the generated values (later ones win on collisions)
  if (f.rd !== undefined) x[f.rd] = c.d;
  if (f.ra !== undefined) x[f.ra] = c.a;
  if (f.rm !== undefined) x[f.rm] = c.m;
  if (f.rn !== undefined) x[f.rn] = c.n;
  const s = machine.s;
  for (let i = 0; i < 32; i++) s.setXBig(i, x[i]!);
  s.setXBig(32, 0n);
  s.nzcv = c.nzcv;
  s.pc = c.pc;
  const before = s.X.slice();

  const st: State = { x, nzcv: c.nzcv, pc: BigInt(c.pc) };
  const eff = model(row.id, f, st);
  execWord(word, row);

  const fail = (what: string, got: bigint | number, want: bigint | number) => {
    throw new Error(`${disassembleText(word)} [${row.id} 0x${word.toString(16)}] x[d]=0x${c.d.toString(16)} x[n]=0x${c.n.toString(16)} `
      + `x[m]=0x${c.m.toString(16)} x[a]=0x${c.a.toString(16)} nzcv=${c.nzcv}: ${what} = 0x${got.toString(16)}, want 0x${want.toString(16)}`);
  };
  for (let i = 0; i < 32; i++) {
    if (i === eff.wr) {
      const got = s.xBig(i);
      if (got !== eff.val) fail(i === 31 ? 'SP' : `X${i}`, got, eff.val!);
    } else if (s.X[2 * i] !== before[2 * i] || s.X[2 * i + 1] !== before[2 * i + 1]) {
      fail(`unwritten ${i === 31 ? 'SP' : `X${i}`}`, s.xBig(i), x[i]!);
    }
  }
  if (s.X[64] !== 0 || s.X[65] !== 0) fail('XZR slot', s.xBig(32), 0);
  if (s.nzcv !== st.nzcv) fail('NZCV', s.nzcv, st.nzcv);
  if (machine.nextPc !== c.pc + 4) fail('nextPc', machine.nextPc, c.pc + 4);
  return true;
}

// ---------------------------------------------------------------- groups

const MTE_ROWS = new Set(['IRG', 'GMI', 'SUBP', 'SUBPS']);
const OURS = [...DP_IMM, ...DP_REG].filter((r) => !r.alias && !MTE_ROWS.has(r.id)).map((r) => r.id);
const byPrefix = (...res: RegExp[]): Row[] => ROWS.filter((r) => !r.alias && OURS.includes(r.id) && res.some((re) => re.test(r.id)));

const GROUPS: Record<string, Row[]> = {
  'add/sub (immediate, shifted, extended), with carry, PC-relative': byPrefix(/^(ADD|ADDS|SUB|SUBS)_(imm|shift|ext)_/, /^(ADC|ADCS|SBC|SBCS)_/, /^ADRP?_pcrel$/),
  'logical (immediate, shifted register) and move wide': byPrefix(/^(AND|ORR|EOR|ANDS|BIC|ORN|EON|BICS)_(imm|shift)_/, /^MOV[NZK]_/),
  'shifts (register) and extract': byPrefix(/^(LSLV|LSRV|ASRV|RORV|EXTR)_/),
  bitfield: byPrefix(/^(SBFM|BFM|UBFM)_/),
  'multiplies incl. high halves': byPrefix(/^(MADD|MSUB|SMADDL|SMSUBL|UMADDL|UMSUBL|SMULH|UMULH)_/),
  divides: byPrefix(/^(UDIV|SDIV)_/),
  'conditional select and compare': byPrefix(/^(CSEL|CSINC|CSINV|CSNEG|CCMN|CCMP)_/),
  'one source': byPrefix(/^(RBIT|REV16|REV32|REV|CLZ|CLS)_/),
};

describe('alu semantics vs a BigInt model of the Arm pseudocode', () => {
  it('implements every base row of dp-imm and dp-reg except the MTE ones, and the groups cover them', () => {
    const impl = new Set(implementedRows());
    expect(OURS.filter((id) => !impl.has(id))).toEqual([]);
    const covered = new Set(Object.values(GROUPS).flat().map((r) => r.id));
    expect(OURS.filter((id) => !covered.has(id))).toEqual([]);
    expect(OURS.length).toBe(121);
  });

  for (const [name, rows] of Object.entries(GROUPS)) {
    it(`${name}: ${RUNS} random cases (${rows.length} rows)`, () => {
      fc.assert(fc.property(caseArb(rows), check), { numRuns: RUNS });
    });
  }
});

describe('alu semantics: hand-picked edges', () => {
  // a few cases spelled out, so a model error cannot hide an emulator error of the same shape
  const enc = (id: string, f: Fields): { word: number; row: Row } => {
    const row = ROWS.find((r) => r.id === id)!;
    let w = row.pat.match;
    for (const p of row.pat.fields) w |= (f[p.name]! & ((1 << p.width) - 1)) << p.lsb;
    return { word: w >>> 0, row };
  };
  const run = (id: string, f: Fields, regs: Record<number, bigint>, nzcv = 0) => {
    for (const [r, v] of Object.entries(regs)) machine.s.setXBig(Number(r), v);
    machine.s.nzcv = nzcv;
    const { word, row } = enc(id, f);
    expect(decode(word)).toBe(row.index);
    execWord(word, row);
    return machine.s;
  };
  it('64-bit divides: INT_MIN / -1, division by zero, slow paths', () => {
    expect(run('SDIV_x', { rd: 0, rn: 1, rm: 2 }, { 1: 1n << 63n, 2: M64 }).xBig(0)).toBe(1n << 63n);
    expect(run('SDIV_x', { rd: 0, rn: 1, rm: 2 }, { 1: 12345n, 2: 0n }).xBig(0)).toBe(0n);
    expect(run('UDIV_x', { rd: 0, rn: 1, rm: 2 }, { 1: M64, 2: 0n }).xBig(0)).toBe(0n);
    expect(run('UDIV_x', { rd: 0, rn: 1, rm: 2 }, { 1: M64, 2: 3n }).xBig(0)).toBe(M64 / 3n);
    expect(run('UDIV_x', { rd: 0, rn: 1, rm: 2 }, { 1: M64, 2: (1n << 32n) + 1n }).xBig(0)).toBe(M64 / ((1n << 32n) + 1n));
    expect(run('UDIV_x', { rd: 0, rn: 1, rm: 2 }, { 1: M64 - 1n, 2: M64 }).xBig(0)).toBe(0n);
    expect(run('SDIV_w', { rd: 0, rn: 1, rm: 2 }, { 1: 0x80000000n, 2: 0xffffffffn }).xBig(0)).toBe(0x80000000n);
  });
  it('UMULH/SMULH of all-ones', () => {
    expect(run('UMULH_x', { rd: 0, rn: 1, rm: 2 }, { 1: M64, 2: M64 }).xBig(0)).toBe(M64 - 1n);
    expect(run('SMULH_x', { rd: 0, rn: 1, rm: 2 }, { 1: M64, 2: M64 }).xBig(0)).toBe(0n);
    expect(run('SMULH_x', { rd: 0, rn: 1, rm: 2 }, { 1: 1n << 63n, 2: 1n << 63n }).xBig(0)).toBe(1n << 62n);
  });
  it('ADD (extended) and AND (immediate) write SP for Rd = 31; ADDS writes XZR', () => {
    expect(run('ADD_ext_x', { rd: 31, rn: 31, rm: 1, option: 3, imm3: 0 }, { 31: 0x1000n, 1: 16n }).xBig(31)).toBe(0x1010n);
    expect(run('AND_imm_x', { rd: 31, rn: 1, n: 1, immr: 0, imms: 59 }, { 31: 0n, 1: M64 }).xBig(31)).toBe(ones(60));
    const s = run('ADDS_ext_x', { rd: 31, rn: 31, rm: 1, option: 3, imm3: 0 }, { 31: 0x1000n, 1: 16n });
    expect(s.xBig(31)).toBe(0x1000n);
    expect(s.xBig(32)).toBe(0n);
  });
});
