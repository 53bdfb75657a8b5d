// Timing descriptors: what the cycle model needs to know about one
// instruction, derived once at predecode from its table row (gem5's
// split: the row carries a timing class, the model owns latencies).
//
// The predecoded entry (semantics/types.ts SLOTS = 16) holds them in slots
// 8..15:
//   [8]  timing class number (CLASS_IDS below)
//   [9..12]  source register slots, -1 when unused
//   [13..14] destination register slots, -1 when unused
//   [15] flag bits (TF_*)
// Register slots for the scoreboard: 0..31 general (31 = SP; XZR is not
// a dependency), 32..63 vector registers, 64 NZCV.
//
// Sources and destinations are read from the row's field names, which the
// table uses consistently: rd (destination), rn, rm, ra (sources), rt/rt2
// (destination for loads, source for stores), rs (store-exclusive status:
// destination), and the writeback base (pre/post forms) is both.

import type { Fields, Row, TimingClass } from '../../isa/types.ts';

export const TCLASSES: readonly TimingClass[] = [
  'alu', 'alu_shift', 'alu_ext', 'mov', 'bitfield', 'flagset',
  'mul', 'mul_long', 'div',
  'branch', 'branch_cond', 'branch_reg', 'call', 'ret',
  'load', 'load_pair', 'load_ex', 'load_acq', 'literal',
  'store', 'store_pair', 'store_ex', 'store_rel',
  'prefetch',
  'tag_alu', 'tag_load', 'tag_store', 'tag_store_pair', 'tag_block',
  'simd_alu', 'simd_load', 'simd_store', 'simd_load_pair', 'simd_store_pair',
  'dc_zva', 'cache_maint',
  'barrier', 'sysreg_read', 'sysreg_write', 'exception', 'hint', 'nop',
];
export const CLASS_IDS: Readonly<Record<string, number>> = Object.fromEntries(TCLASSES.map((c, i) => [c, i]));

export const NZCV_SLOT = 64;
export const V_BASE = 32;

export const TF = {
  readsFlags: 1 << 0,
  writesFlags: 1 << 1,
  load: 1 << 2,
  store: 1 << 3,
  branch: 1 << 4,
  indirect: 1 << 5,
  call: 1 << 6,
  ret: 1 << 7,
  barrier: 1 << 8,
  serialize: 1 << 9,
  conditional: 1 << 10,
} as const;

const LOAD_CLASSES = new Set<TimingClass>(['load', 'load_pair', 'load_ex', 'load_acq', 'literal', 'simd_load', 'simd_load_pair', 'tag_load']);
const STORE_CLASSES = new Set<TimingClass>(['store', 'store_pair', 'store_ex', 'store_rel', 'simd_store', 'simd_store_pair', 'tag_store', 'tag_store_pair', 'tag_block', 'dc_zva']);
const FLAG_WRITERS = new Set(['adds', 'subs', 'ands', 'bics', 'adcs', 'sbcs', 'ccmp', 'ccmn', 'subps', 'cmp', 'cmn', 'tst', 'negs', 'ngcs', 'cmpp']);
const FLAG_READERS = new Set(['csel', 'csinc', 'csinv', 'csneg', 'ccmp', 'ccmn', 'adc', 'adcs', 'sbc', 'sbcs', 'ngc', 'ngcs', 'cset', 'csetm', 'cinc', 'cinv', 'cneg']);

/** Per-row facts that do not depend on field values. */
interface RowTiming {
  cls: number;
  flags: number;
  simd: boolean;
  writeback: boolean;
}

const cache = new Map<number, RowTiming>();

function rowTiming(row: Row): RowTiming {
  let t = cache.get(row.index);
  if (t) return t;
  const cls = row.cls;
  let flags = 0;
  if (LOAD_CLASSES.has(cls)) flags |= TF.load;
  if (STORE_CLASSES.has(cls)) flags |= TF.store;
  if (cls === 'branch' || cls === 'branch_cond' || cls === 'branch_reg' || cls === 'call' || cls === 'ret') flags |= TF.branch;
  if (cls === 'branch_cond') flags |= TF.conditional;
  if (cls === 'branch_reg' || cls === 'ret') flags |= TF.indirect;
  if (cls === 'call') flags |= TF.call;
  if (cls === 'ret') flags |= TF.ret;
  if (cls === 'barrier') flags |= TF.barrier;
  if (cls === 'sysreg_write' || cls === 'exception') flags |= TF.serialize;
  const m = row.mnemonic.replace(/\{.*\}$/, '');
  if (m === 'b.' ) flags |= TF.readsFlags;
  if (FLAG_WRITERS.has(m)) flags |= TF.writesFlags;
  if (FLAG_READERS.has(m)) flags |= TF.readsFlags;
  if (/^(CBZ|CBNZ|TBZ|TBNZ)/.test(row.id)) flags |= TF.conditional;
  if (/^BLR/.test(row.id)) flags |= TF.call | TF.indirect;
  // SIMD rows: rd/rt/rt2 name vector registers (DUP's rn is a general register)
  t = { cls: CLASS_IDS[cls] ?? 0, flags, simd: row.feature === 'simd', writeback: /_(pre|post)(_|$)/.test(row.id) };
  cache.set(row.index, t);
  return t;
}

/**
 * Fill slots 8..15 of a predecoded entry for `row` with fields `f`.
 * Called once per instruction at predecode time.
 */
export function fillTiming(row: Row, f: Fields, e: Int32Array, at: number): void {
  const t = rowTiming(row);
  let flags = t.flags;
  e[at + 8] = t.cls;
  for (let k = 9; k <= 14; k++) e[at + k] = -1;
  let ns = 9;
  let nd = 13;
  const src = (r: number) => {
    if (ns <= 12) e[at + ns++] = r;
  };
  const dst = (r: number) => {
    if (nd <= 14) e[at + nd++] = r;
  };
  const gpr = (v: number | undefined) => (v === undefined ? -1 : v);
  const isLoad = (flags & TF.load) !== 0;
  const isStore = (flags & TF.store) !== 0;
  const vec = t.simd;
  if (f.rn !== undefined) src(gpr(f.rn));
  if (f.rm !== undefined) src(gpr(f.rm));
  if (f.ra !== undefined && f.ra !== 31) src(f.ra);
  if (f.rt !== undefined) {
    const r = vec ? V_BASE + f.rt : f.rt;
    if (isStore || (flags & TF.branch)) src(r);
    else if (isLoad || row.cls === 'sysreg_read') dst(r);
    else src(r);
  }
  if (f.rt2 !== undefined) {
    const r = vec ? V_BASE + f.rt2 : f.rt2;
    if (isStore) src(r);
    else if (isLoad) dst(r);
  }
  if (f.rs !== undefined && isStore) dst(f.rs);
  if (f.rd !== undefined) {
    const r = vec ? V_BASE + f.rd : f.rd;
    if (!(r === 31 && flags & TF.writesFlags)) dst(r);
  }
  if (t.writeback && f.rn !== undefined) dst(f.rn);
  if (flags & TF.readsFlags) src(NZCV_SLOT);
  if (flags & TF.writesFlags) dst(NZCV_SLOT);
  if (row.cls === 'call') {
    dst(30);
    flags |= TF.call;
  }
  if (row.cls === 'ret' && f.rn === 30) flags |= TF.ret;
  e[at + 15] = flags;
}
