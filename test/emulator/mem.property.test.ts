// Property tests of emulator/semantics/mem.ts and the Q-register rows of
// simd.ts against a slow BigInt model written here (never the code under
// test). Each case builds a random word of a random load/store row
// (register numbers, immediates, extend options random), picks a random
// effective address (aligned or not, near page boundaries, on both sides of
// a 4 GiB boundary so the low half carries into the high half, with a random
// TBI top byte), derives the base register from it with the model's own
// 64-bit arithmetic, executes the word on a real Machine (MMU off, Normal
// memory, 8 GiB of lazily backed RAM) and compares every register, SP, V
// register and the memory around the access with the model.
//
// Groups: single-register forms (all widths, signed and unsigned), pairs,
// literals, exclusives and ordered accesses (the local monitor), the
// tag-checked property of each form (MTE.md §2.2) and "no partial access"
// for accesses that fault on their second page.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROWS, ROW_BY_ID } from '../../isa/encodings.ts';
import { decode, extractFields } from '../../isa/decoder.ts';
import { encodeFields } from '../../isa/encoder.ts';
import type { Fields, Row } from '../../isa/types.ts';
import { Machine } from '../../emulator/machine.ts';
import { PhysMem } from '../../emulator/memory.ts';
import { Fault, Mmu } from '../../emulator/mmu.ts';
import { HANDLERS, PREDECODERS, SLOTS } from '../../emulator/semantics/index.ts';

// ---------------------------------------------------------------- the model

const M64 = (1n << 64n) - 1n;
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const sx = (x: bigint, bits: number): bigint => BigInt.asIntN(bits, x);

/** Little-endian bytes of x (n bytes). */
function bytesOf(x: bigint, n: number): number[] {
  const b: number[] = [];
  for (let i = 0; i < n; i++) b.push(Number((x >> BigInt(8 * i)) & 0xffn));
  return b;
}
function valueOf(b: ArrayLike<number>): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}

/** How a loaded value of `size` bytes lands in a register (ASL: ZeroExtend/SignExtend to regsize). */
type Ext = 'u32' | 'u64' | 's32' | 's64' | 'q';
function extend(raw: bigint, size: number, ext: Ext): bigint {
  switch (ext) {
    case 'u32': case 'u64': case 'q': return raw;
    case 's32': return BigInt.asUintN(32, sx(raw, 8 * size));
    case 's64': return u64(sx(raw, 8 * size));
  }
}

/** ExtendReg for the register-offset forms: option 010 UXTW, 011 LSL, 110 SXTW, 111 SXTX. */
function extendReg(x: bigint, option: number, shift: number): bigint {
  const v = option === 2 ? BigInt.asUintN(32, x) : option === 6 ? sx(x, 32) : x;
  return u64(v << BigInt(shift));
}

/** The model's machine state: X0-X30, SP (index 31), V0-V31. */
interface Regs { x: bigint[]; v: bigint[] }

// ---------------------------------------------------------------- the machine under test

const MEM_SIZE = 2 ** 33;

function newMachine(offAttr = 0xff): Machine {
  const mem = new PhysMem(MEM_SIZE);
  return new Machine(mem, new Mmu(mem, { offAttr }));
}

const ENTRY = new Int32Array(SLOTS);

/** Decode, predecode and execute one word (faults are thrown to the caller). */
function exec1(m: Machine, word: number): void {
  const r = decode(word);
  if (r < 0 || !PREDECODERS[r]) throw new Error(`not implemented: 0x${word.toString(16)}`);
  ENTRY.fill(0);
  PREDECODERS[r]!(extractFields(ROWS[r]!, word), ENTRY, 0);
  HANDLERS[r + 1]!(m, ENTRY, 0);
}

function encode(id: string, f: Fields): number {
  const row = ROW_BY_ID.get(id);
  if (!row) throw new Error(`no row ${id}`);
  const w = encodeFields(row as Row, f);
  if (typeof w === 'string') throw new Error(`${id}: ${w}`);
  if (decode(w) !== row.index) throw new Error(`${id}: fields ${JSON.stringify(f)} decode elsewhere`);
  return w;
}

function setRegs(m: Machine, r: Regs): void {
  for (let i = 0; i < 32; i++) m.s.setXBig(i, r.x[i]!);
  for (let i = 0; i < 32; i++) for (let k = 0; k < 4; k++) m.s.V[4 * i + k] = Number((r.v[i]! >> BigInt(32 * k)) & 0xffffffffn) | 0;
}

function expectRegs(m: Machine, r: Regs, what: string): void {
  for (let i = 0; i < 32; i++) {
    const got = m.s.xBig(i);
    if (got !== r.x[i]) expect.fail(`${what}: ${i === 31 ? 'SP' : `X${i}`} = 0x${got.toString(16)}, expected 0x${r.x[i]!.toString(16)}`);
  }
  for (let i = 0; i < 32; i++) {
    let got = 0n;
    for (let k = 3; k >= 0; k--) got = (got << 32n) | BigInt(m.s.V[4 * i + k]! >>> 0);
    if (got !== r.v[i]) expect.fail(`${what}: V${i} = 0x${got.toString(16)}, expected 0x${r.v[i]!.toString(16)}`);
  }
}

/** PA of a VA with the MMU off: TBI drops the top byte. */
const pa = (va: bigint): number => Number(va & ((1n << 56n) - 1n));

// ---------------------------------------------------------------- arbitraries

/** Two 16 KiB windows: one low, one straddling 4 GiB (carry/borrow between the halves). */
const WINDOWS = [0x0fff_e000n, 0xffff_e000n];

const arbU64 = fc.oneof(
  fc.bigInt({ min: 0n, max: M64 }),
  fc.constantFrom(0n, 1n, M64, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x1_0000_0000n, 0x8000_0000_0000_0000n),
);

/** An effective address: window, offset (sometimes aligned to `align`, often near a page end), top byte. */
const arbEa = fc.record({
  win: fc.integer({ min: 0, max: 1 }),
  off: fc.oneof(fc.integer({ min: 0, max: 16383 }), fc.integer({ min: 0, max: 3 }).chain((p) => fc.integer({ min: 4096 * (p + 1) - 40, max: 4096 * (p + 1) + 8 }))),
  aligned: fc.boolean(),
  top: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })),
});
type EaSpec = { win: number; off: number; aligned: boolean; top: number };
function eaOf(s: EaSpec, align: number): bigint {
  const off = s.aligned ? s.off & ~(align - 1) : s.off;
  return (BigInt(s.top) << 56n) | (WINDOWS[s.win]! + BigInt(off));
}

const arbRegs = fc.record({
  x: fc.array(arbU64, { minLength: 32, maxLength: 32 }),
  v: fc.array(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), { minLength: 32, maxLength: 32 }),
});

// ---------------------------------------------------------------- single-register forms

interface Kind { id: string; un: string; sfx: string; size: number; st: boolean; ext: Ext }
const KINDS: Kind[] = [
  { id: 'STRB', un: 'STURB', sfx: '', size: 1, st: true, ext: 'u32' },
  { id: 'LDRB', un: 'LDURB', sfx: '', size: 1, st: false, ext: 'u32' },
  { id: 'LDRSB', un: 'LDURSB', sfx: '_x', size: 1, st: false, ext: 's64' },
  { id: 'LDRSB', un: 'LDURSB', sfx: '_w', size: 1, st: false, ext: 's32' },
  { id: 'STRH', un: 'STURH', sfx: '', size: 2, st: true, ext: 'u32' },
  { id: 'LDRH', un: 'LDURH', sfx: '', size: 2, st: false, ext: 'u32' },
  { id: 'LDRSH', un: 'LDURSH', sfx: '_x', size: 2, st: false, ext: 's64' },
  { id: 'LDRSH', un: 'LDURSH', sfx: '_w', size: 2, st: false, ext: 's32' },
  { id: 'STR', un: 'STUR', sfx: '_w', size: 4, st: true, ext: 'u32' },
  { id: 'LDR', un: 'LDUR', sfx: '_w', size: 4, st: false, ext: 'u32' },
  { id: 'LDRSW', un: 'LDURSW', sfx: '', size: 4, st: false, ext: 's64' },
  { id: 'STR', un: 'STUR', sfx: '_x', size: 8, st: true, ext: 'u64' },
  { id: 'LDR', un: 'LDUR', sfx: '_x', size: 8, st: false, ext: 'u64' },
  { id: 'STR', un: 'STUR', sfx: '_q', size: 16, st: true, ext: 'q' },
  { id: 'LDR', un: 'LDUR', sfx: '_q', size: 16, st: false, ext: 'q' },
];
type Form = 'uimm' | 'unscaled' | 'pre' | 'post' | 'reg';
const FORMS: Form[] = ['uimm', 'unscaled', 'pre', 'post', 'reg'];

function rowId(k: Kind, form: Form): string {
  switch (form) {
    case 'uimm': return `${k.id}_imm${k.sfx}`;
    case 'unscaled': return `${k.un}${k.sfx}`;
    case 'pre': return `${k.id}_imm_pre${k.sfx}`;
    case 'post': return `${k.id}_imm_post${k.sfx}`;
    case 'reg': return `${k.id}_reg${k.sfx}`;
  }
}

/** Value of a data register as the instruction reads it (31 = XZR for general registers). */
const dataReg = (r: Regs, t: number, q: boolean): bigint => (q ? r.v[t]! : t === 31 ? 0n : r.x[t]!);

/** Write a loaded value to Rt in the model (31 = XZR discards). */
function writeData(r: Regs, t: number, q: boolean, v: bigint): void {
  if (q) r.v[t] = v;
  else if (t !== 31) r.x[t] = v;
}

/**
 * One access in the model: put random bytes (loads) or guard bytes (stores)
 * in memory, run the word, compare registers and memory. `ea` is the
 * effective address, `data` the transfers in order (register, size).
 */
function runAccess(m: Machine, word: number, before: Regs, after: Regs, ea: bigint, st: boolean, parts: { t: number; size: number; ext: Ext; q: boolean }[], fill: bigint): void {
  const total = parts.reduce((s, p) => s + p.size, 0);
  const at = pa(ea);
  // memory around the access: 8 guard bytes on each side
  const around = new Uint8Array(total + 16);
  for (let i = 0; i < around.length; i++) around[i] = Number((fill >> BigInt(8 * (i % 16))) & 0xffn) ^ i;
  m.mem.writeBytes(at - 8, around);
  setRegs(m, before);
  const expected = around.slice();
  let o = 8;
  for (const p of parts) {
    if (st) expected.set(bytesOf(dataReg(before, p.t, p.q) & ((1n << BigInt(8 * p.size)) - 1n), p.size), o);
    else writeData(after, p.t, p.q, extend(valueOf(around.subarray(o, o + p.size)), p.size, p.ext));
    o += p.size;
  }
  exec1(m, word);
  expectRegs(m, after, `word 0x${word.toString(16)}`);
  expect(m.mem.readBytes(at - 8, total + 16)).toEqual(expected);
}

describe('load/store single register: addressing forms, widths, extension, writeback', () => {
  const m = newMachine();
  it('matches the model (60,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: KINDS.length - 1 }), fc.constantFrom(...FORMS),
        fc.record({ rt: fc.integer({ min: 0, max: 31 }), rn: fc.integer({ min: 0, max: 31 }), rm: fc.integer({ min: 0, max: 31 }),
          imm12: fc.integer({ min: 0, max: 4095 }), imm9: fc.integer({ min: 0, max: 511 }), option: fc.constantFrom(2, 3, 6, 7), s: fc.integer({ min: 0, max: 1 }) }),
        arbEa, arbRegs, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (ki, form, f, eaSpec, regs, fill) => {
          const k = KINDS[ki]!;
          const q = k.ext === 'q';
          const wback = form === 'pre' || form === 'post';
          // writeback with Rt == Rn (not SP) is CONSTRAINED UNPREDICTABLE (the decoder refuses it)
          if (wback && !q && f.rt === f.rn && f.rn !== 31) f.rt = (f.rt + 1) % 31;
          if (form === 'reg' && f.rm === f.rn && f.rn !== 31) f.rm = (f.rm + 1) % 31;
          const ea = eaOf(eaSpec, k.size);
          const log2 = Math.log2(k.size);
          let off: bigint;
          let fields: Fields;
          const before: Regs = { x: regs.x.slice(), v: regs.v.slice() };
          switch (form) {
            case 'uimm': off = BigInt(f.imm12 << log2); fields = { rt: f.rt, rn: f.rn, imm12: f.imm12 }; break;
            case 'reg': {
              const rmVal = f.rm === 31 ? 0n : before.x[f.rm]!;
              off = extendReg(rmVal, f.option, f.s ? log2 : 0);
              fields = { rt: f.rt, rn: f.rn, rm: f.rm, option: f.option, s: f.s };
              break;
            }
            default: off = sx(BigInt(f.imm9), 9); fields = { rt: f.rt, rn: f.rn, imm9: f.imm9 };
          }
          const base = form === 'post' ? ea : u64(ea - off);
          before.x[f.rn] = base;
          const after: Regs = { x: before.x.slice(), v: before.v.slice() };
          if (form === 'pre') after.x[f.rn] = ea;
          if (form === 'post') after.x[f.rn] = u64(ea + off);
          const word = encode(rowId(k, form), fields);
          runAccess(m, word, before, after, ea, k.st, [{ t: f.rt, size: k.size, ext: k.ext, q }], fill);
        },
      ),
      { numRuns: 60_000 },
    );
  });
});

// ---------------------------------------------------------------- pairs

interface PairKind { ld: string; nt: string | null; sfx: string; size: number; st: boolean; ext: Ext }
const PAIR_KINDS: PairKind[] = [
  { ld: 'STP', nt: 'STNP', sfx: '_w', size: 4, st: true, ext: 'u32' },
  { ld: 'LDP', nt: 'LDNP', sfx: '_w', size: 4, st: false, ext: 'u32' },
  { ld: 'STP', nt: 'STNP', sfx: '_x', size: 8, st: true, ext: 'u64' },
  { ld: 'LDP', nt: 'LDNP', sfx: '_x', size: 8, st: false, ext: 'u64' },
  { ld: 'LDPSW', nt: null, sfx: '', size: 4, st: false, ext: 's64' },
  { ld: 'STP', nt: 'STNP', sfx: '_q', size: 16, st: true, ext: 'q' },
  { ld: 'LDP', nt: 'LDNP', sfx: '_q', size: 16, st: false, ext: 'q' },
];

describe('load/store pair: offset, pre, post, no-allocate', () => {
  const m = newMachine();
  it('matches the model (30,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: PAIR_KINDS.length - 1 }), fc.constantFrom('nt', 'off', 'pre', 'post'),
        fc.record({ rt: fc.integer({ min: 0, max: 31 }), rt2: fc.integer({ min: 0, max: 31 }), rn: fc.integer({ min: 0, max: 31 }), imm7: fc.integer({ min: 0, max: 127 }) }),
        arbEa, arbRegs, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (ki, form0, f, eaSpec, regs, fill) => {
          const k = PAIR_KINDS[ki]!;
          const form = form0 === 'nt' && !k.nt ? 'off' : form0;
          const q = k.ext === 'q';
          const wback = form === 'pre' || form === 'post';
          if (!k.st && f.rt === f.rt2) f.rt2 = (f.rt2 + 1) % 32;
          if (wback && !q && f.rn !== 31) {
            while (f.rt === f.rn || f.rt2 === f.rn || (!k.st && f.rt === f.rt2)) f.rn = (f.rn + 1) % 31;
          }
          const ea = eaOf(eaSpec, k.size);
          const off = sx(BigInt(f.imm7), 7) * BigInt(k.size);
          const before: Regs = { x: regs.x.slice(), v: regs.v.slice() };
          before.x[f.rn] = form === 'post' ? ea : u64(ea - off);
          const after: Regs = { x: before.x.slice(), v: before.v.slice() };
          if (form === 'pre') after.x[f.rn] = ea;
          if (form === 'post') after.x[f.rn] = u64(ea + off);
          const id = form === 'nt' ? `${k.nt}${k.sfx}` : `${k.ld}_${form}${k.sfx}`;
          const word = encode(id, { rt: f.rt, rt2: f.rt2, rn: f.rn, imm7: f.imm7 });
          runAccess(m, word, before, after, ea, k.st, [{ t: f.rt, size: k.size, ext: k.ext, q }, { t: f.rt2, size: k.size, ext: k.ext, q }], fill);
        },
      ),
      { numRuns: 30_000 },
    );
  });
});

// ---------------------------------------------------------------- literals

describe('load register (literal)', () => {
  const m = newMachine();
  const LITS: { id: string; size: number; ext: Ext }[] = [
    { id: 'LDR_lit_w', size: 4, ext: 'u32' }, { id: 'LDR_lit_x', size: 8, ext: 'u64' },
    { id: 'LDRSW_lit', size: 4, ext: 's64' }, { id: 'LDR_lit_q', size: 16, ext: 'q' },
  ];
  it('PC-relative address, width and extension (5,000 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: (1 << 19) - 1 }),
        fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 4095 }), arbRegs, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (li, rt, imm19, win, off, regs, fill) => {
          const l = LITS[li]!;
          const ea = WINDOWS[win]! + BigInt(off * 4);
          const pc = ea - sx(BigInt(imm19), 19) * 4n;
          m.s.pc = Number(pc);
          const before: Regs = { x: regs.x.slice(), v: regs.v.slice() };
          const after: Regs = { x: before.x.slice(), v: before.v.slice() };
          runAccess(m, encode(l.id, { rt, imm19 }), before, after, ea, false, [{ t: rt, size: l.size, ext: l.ext, q: l.ext === 'q' }], fill);
        }),
      { numRuns: 5_000 },
    );
  });
  it('PRFM (immediate, register, unscaled, literal) never faults and changes nothing', () => {
    const before: Regs = { x: Array.from({ length: 32 }, (_, i) => u64(BigInt(i) * 0x0101_0101_0101n + 0xffff_ff00_0000_0000n)), v: new Array(32).fill(0n) };
    m.s.pc = 0x1000;
    for (const [id, f] of [
      ['PRFM_imm', { rt: 0, rn: 1, imm12: 4095 }], ['PRFUM', { rt: 1, rn: 2, imm9: 0x100 }],
      ['PRFM_reg', { rt: 2, rn: 3, rm: 4, option: 3, s: 1 }], ['PRFM_lit', { rt: 0, imm19: 0x40000 }],
    ] as const) {
      setRegs(m, before);
      exec1(m, encode(id, f));
      expectRegs(m, before, id);
    }
  });
});

// ---------------------------------------------------------------- exclusives and ordered accesses

interface ExKind { ld: string; st: string; size: number; pair: boolean; ext: Ext }
const EX_KINDS: ExKind[] = [
  { ld: 'LDXRB', st: 'STXRB', size: 1, pair: false, ext: 'u32' },
  { ld: 'LDAXRH', st: 'STLXRH', size: 2, pair: false, ext: 'u32' },
  { ld: 'LDXR_w', st: 'STLXR_w', size: 4, pair: false, ext: 'u32' },
  { ld: 'LDAXR_x', st: 'STXR_x', size: 8, pair: false, ext: 'u64' },
  { ld: 'LDXP_w', st: 'STXP_w', size: 8, pair: true, ext: 'u32' },
  { ld: 'LDAXP_x', st: 'STLXP_x', size: 16, pair: true, ext: 'u64' },
];

/** A random register other than those in `not` (0..30). */
function other(start: number, not: number[]): number {
  let r = start % 31;
  while (not.includes(r)) r = (r + 1) % 31;
  return r;
}

describe('exclusives: local monitor (B2.9), alignment, pairs', () => {
  const m = newMachine();
  it('LDXR then STXR: store and status 0 only for the same address and size; the monitor is always cleared (20,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: EX_KINDS.length - 1 }), fc.integer({ min: 0, max: EX_KINDS.length - 1 }),
        fc.boolean(), fc.constantFrom(0, 0, 0, 1, -1, 8, 16),
        fc.record({ rt: fc.integer({ min: 0, max: 30 }), rt2: fc.integer({ min: 0, max: 30 }), rn: fc.integer({ min: 0, max: 31 }), rs: fc.integer({ min: 0, max: 30 }) }),
        arbEa, arbRegs, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (li, si, doLoad, delta, f, eaSpec, regs, fill) => {
          const L = EX_KINDS[li]!, S = EX_KINDS[si]!;
          m.exclAddr = -1;
          const ea = eaOf(eaSpec, L.size);
          const rn = f.rn;
          const lt = other(f.rt, [rn]), lt2 = other(f.rt2, [rn, lt]);
          const before: Regs = { x: regs.x.slice(), v: regs.v.slice() };
          before.x[rn] = ea;
          let monitor = false;
          if (doLoad) {
            const word = encode(L.ld, L.pair ? { rt: lt, rt2: lt2, rn } : { rt: lt, rn });
            const after: Regs = { x: before.x.slice(), v: before.v.slice() };
            if ((pa(ea) & (L.size - 1)) !== 0) {
              setRegs(m, before);
              expect(() => exec1(m, word)).toThrow(Fault);
              return;
            }
            const parts = L.pair ? [{ t: lt, size: L.size / 2, ext: L.ext, q: false }, { t: lt2, size: L.size / 2, ext: L.ext, q: false }] : [{ t: lt, size: L.size, ext: L.ext, q: false }];
            runAccess(m, word, before, after, ea, false, parts, fill);
            before.x = after.x;
            monitor = true;
          }
          // the store exclusive, maybe at another address
          const sea = u64(ea + BigInt(delta));
          const st = other(f.rt2 + 3, [rn]), st2 = other(f.rt + 5, [rn, st]), rs = other(f.rs, [rn, st, st2]);
          before.x[rn] = sea;
          const word = encode(S.st, S.pair ? { rs, rt: st, rt2: st2, rn } : { rs, rt: st, rn });
          if ((pa(sea) & (S.size - 1)) !== 0) {
            setRegs(m, before);
            let fault: unknown;
            try { exec1(m, word); } catch (x) { fault = x; }
            expect(fault).toBeInstanceOf(Fault);
            expect((fault as Fault).kind).toBe('alignment');
            expect((fault as Fault).write).toBe(true);
            return;
          }
          const pass = monitor && delta === 0 && S.size === L.size;
          const after: Regs = { x: before.x.slice(), v: before.v.slice() };
          after.x[rs] = pass ? 0n : 1n;
          const parts = S.pair ? [{ t: st, size: S.size / 2, ext: S.ext, q: false }, { t: st2, size: S.size / 2, ext: S.ext, q: false }] : [{ t: st, size: S.size, ext: S.ext, q: false }];
          if (pass) runAccess(m, word, before, after, sea, true, parts, fill);
          else runAccess(m, word, before, after, sea, true, [], fill); // nothing stored
          expect(m.exclAddr).toBe(-1);
          // a second store exclusive always fails
          const again: Regs = { x: after.x.slice(), v: after.v.slice() };
          again.x[rs] = 1n;
          runAccess(m, word, after, again, sea, true, [], fill ^ 0x55n);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('LDAR/STLR (B, H, W, X): aligned round trips; unaligned is an Alignment fault (5,000 cases)', () => {
    const ORD: { ld: string; st: string; size: number }[] = [
      { ld: 'LDARB', st: 'STLRB', size: 1 }, { ld: 'LDARH', st: 'STLRH', size: 2 },
      { ld: 'LDAR_w', st: 'STLR_w', size: 4 }, { ld: 'LDAR_x', st: 'STLR_x', size: 8 },
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: 31 }), arbEa, arbRegs, fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (oi, st, rt, rn, eaSpec, regs, fill) => {
          const o = ORD[oi]!;
          const ea = eaOf(eaSpec, o.size);
          const before: Regs = { x: regs.x.slice(), v: regs.v.slice() };
          before.x[rn] = ea;
          const word = encode(st ? o.st : o.ld, { rt, rn });
          if ((pa(ea) & (o.size - 1)) !== 0) {
            setRegs(m, before);
            let fault: unknown;
            try { exec1(m, word); } catch (x) { fault = x; }
            expect((fault as Fault).kind).toBe('alignment');
            expect((fault as Fault).write).toBe(st);
            return;
          }
          const after: Regs = { x: before.x.slice(), v: before.v.slice() };
          runAccess(m, word, before, after, ea, st, [{ t: rt, size: o.size, ext: o.size === 8 ? 'u64' : 'u32', q: false }], fill);
        }),
      { numRuns: 5_000 },
    );
  });
});

// ---------------------------------------------------------------- tag-checked (MTE.md §2.2)

describe('tag-checked accesses: immediate forms iff writeback or Rn != SP, register offset always, literal never', () => {
  // MMU off with Normal-Tagged memory, sync tag check faults; all allocation tags are 0,
  // so any checked access through a pointer with logical tag 5 faults.
  const m = newMachine(0xf0);
  m.s.sctlrHi = (1 << (38 - 32)) | (1 << (42 - 32)); // TCF0 = sync, ATA0
  m.syncControl();
  const EA = (5n << 56n) | 0x0fff_f000n;

  const cases: { id: string; f: Fields; checked: boolean; ex?: number }[] = [];
  for (const k of KINDS) {
    for (const rn of [31, 3]) {
      cases.push({ id: rowId(k, 'uimm'), f: { rt: 1, rn, imm12: 0 }, checked: rn !== 31 });
      cases.push({ id: rowId(k, 'unscaled'), f: { rt: 1, rn, imm9: 0 }, checked: rn !== 31 });
      cases.push({ id: rowId(k, 'pre'), f: { rt: 1, rn, imm9: 0 }, checked: true });
      cases.push({ id: rowId(k, 'post'), f: { rt: 1, rn, imm9: 0 }, checked: true });
      cases.push({ id: rowId(k, 'reg'), f: { rt: 1, rn, rm: 31, option: 3, s: 0 }, checked: true });
    }
  }
  for (const k of PAIR_KINDS) {
    for (const rn of [31, 3]) {
      for (const form of ['nt', 'off', 'pre', 'post']) {
        if (form === 'nt' && !k.nt) continue;
        const id = form === 'nt' ? `${k.nt}${k.sfx}` : `${k.ld}_${form}${k.sfx}`;
        cases.push({ id, f: { rt: 1, rt2: 2, rn, imm7: 0 }, checked: rn !== 31 || form === 'pre' || form === 'post' });
      }
    }
  }
  for (const k of EX_KINDS) {
    for (const rn of [31, 3]) {
      cases.push({ id: k.ld, f: k.pair ? { rt: 1, rt2: 2, rn } : { rt: 1, rn }, checked: rn !== 31 });
      cases.push({ id: k.st, f: k.pair ? { rs: 4, rt: 1, rt2: 2, rn } : { rs: 4, rt: 1, rn }, checked: rn !== 31, ex: k.size });
    }
  }
  for (const id of ['LDARB', 'LDARH', 'LDAR_w', 'LDAR_x', 'STLRB', 'STLRH', 'STLR_w', 'STLR_x']) {
    for (const rn of [31, 3]) cases.push({ id, f: { rt: 1, rn }, checked: rn !== 31 });
  }

  it.each(cases.map((c) => [`${c.id} rn=${c.f.rn}`, c] as const))('%s', (_name, c) => {
    m.s.setXBig(c.f.rn!, EA);
    if (c.ex) { m.exclAddr = Number(EA & ((1n << 56n) - 1n)); m.exclSize = c.ex; }
    let fault: Fault | undefined;
    try { exec1(m, encode(c.id, c.f)); } catch (x) { if (x instanceof Fault) fault = x; else throw x; }
    expect(fault?.kind).toBe(c.checked ? 'tagCheck' : undefined);
  });

  it('literal loads are never checked, register offset is checked even with Rn = SP', () => {
    m.s.pc = 0x0fff_f000;
    for (const id of ['LDR_lit_w', 'LDR_lit_x', 'LDRSW_lit', 'LDR_lit_q']) expect(() => exec1(m, encode(id, { rt: 1, imm19: 4 }))).not.toThrow();
    m.s.setXBig(31, 0x0fff_f000n);
    m.s.setXBig(2, 5n << 56n);
    expect(() => exec1(m, encode('LDR_reg_x', { rt: 1, rn: 31, rm: 2, option: 3, s: 0 }))).toThrow(Fault);
  });
});

// ---------------------------------------------------------------- no partial access

describe('an access that faults on its second page is not performed at all', () => {
  const m = newMachine();
  const ALL: { id: string; size: number; st: boolean; pair: boolean }[] = [
    ...KINDS.map((k) => ({ id: rowId(k, 'unscaled'), size: k.size, st: k.st, pair: false })),
    ...PAIR_KINDS.map((k) => ({ id: `${k.ld}_off${k.sfx}`, size: 2 * k.size, st: k.st, pair: true })),
  ];
  it('every width, store and load, pair and single (3,000 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ALL.length - 1 }), fc.integer({ min: 1, max: 31 }), arbRegs, (ai, back, regs) => {
        const a = ALL[ai]!;
        if (a.size === 1) return;
        const ea = BigInt(MEM_SIZE) - BigInt(1 + ((back - 1) % (a.size - 1)));
        const before: Regs = { x: regs.x.slice(), v: regs.v.slice() };
        before.x[3] = ea;
        const guard = Uint8Array.from({ length: 64 }, (_, i) => (i * 7 + ai) & 0xff);
        m.mem.writeBytes(MEM_SIZE - 64, guard);
        setRegs(m, before);
        const word = encode(a.id, a.pair ? { rt: 1, rt2: 2, rn: 3, imm7: 0 } : { rt: 1, rn: 3, imm9: 0 });
        let fault: unknown;
        try { exec1(m, word); } catch (x) { fault = x; }
        expect(fault).toBeInstanceOf(Fault);
        expectRegs(m, before, a.id);
        expect(Buffer.compare(m.mem.readBytes(MEM_SIZE - 64, 64), guard)).toBe(0);
      }),
      { numRuns: 3_000 },
    );
  });
});
