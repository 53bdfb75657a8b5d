// The MTE tag-check matrix: every access form x TCF0 (none, sync, async,
// asymmetric) x PSTATE.TCO x TCR_EL1.TCMA0 x logical tag (matching,
// mismatching, 0 and mismatching) x Normal-Tagged or untagged page, on a
// machine with the MMU on (page tables by hand, MAIR attr 0xF0 for tagged
// pages, SCTLR_EL1.ATA0, TCR_EL1.TBI0).
//
// The expected outcome of each case comes from the rules in MTE.md, written
// out in `expected()` below, not from the implementation:
// §2.2 an access is checked iff the instruction marks it tag-checked
//   (immediate offset: writeback or Rn != SP; register offset: always;
//   literal: never; exclusive/acquire/release: Rn != SP; DC ZVA: yes, as a
//   store of the block; LDG/STG/STZG/ST2G/STGP: never), the page is
//   Normal-Tagged, TCO = 0, TCF != 0, and not (TCMA0 and logical tag 0);
//   every 16-byte granule the access touches is compared.
// §2.3 sync (TCF 1, or TCF 3 for reads): Data Abort, ESR 0x92000011 | WnR,
//   FAR = the access address when the first granule fails, else the start
//   of the first failing granule, access not performed; async (TCF 2, or
//   TCF 3 for writes): TFSRE0_EL1.TF0 set, access performed.

import { describe, expect, it } from 'vitest';
import type { Machine, Stop } from '../../emulator/machine.ts';
import { MIXED, TAGGED, UNTAGGED, enc, mteMachine } from './mte-machine.ts';

const SP = 31;
const ALLOC = 3; // the allocation tag of the memory under test
const DATA = 0x1122334455667788n;
const DATA2 = 0x99aabbccddeeff00n;
const SENTINEL = 0xdeadbeefcafef00dn;
const TF0 = 1;

type Scenario = 'match' | 'mismatch' | 'zero';
const LTAG: Record<Scenario, number> = { match: ALLOC, mismatch: 5, zero: 0 };

/** Which 4 KiB pages are Normal-Tagged in mteMachine(). */
function pageIsTagged(va: number): boolean {
  const page = va - (va % 4096);
  return (page >= TAGGED && page < TAGGED + 4 * 4096) || page === MIXED + 4096;
}

interface Form {
  name: string;
  /** The instruction (or instructions: the last is the one under test). */
  text: string;
  /** The data access writes (WnR; asymmetric mode makes writes async). */
  write: boolean;
  /** The instruction's own "tag-checked" property (MTE.md §2.2). */
  checked: boolean;
  /** Bytes accessed at the effective address. */
  size: number;
  /**
   * Effective address (untagged) for a page base: by default page + 0x200.
   * `pageKind` picks the base: the tagged or the untagged page under test.
   */
  addr?(page: number): number;
  /** Page bases to use for 'tagged' and 'untagged' (default TAGGED and UNTAGGED). */
  pages?: { tagged: number; untagged: number };
  /** Allocation tags: granule address -> tag (default ALLOC everywhere). */
  tagOf?(granule: number, addr: number, ltag: number): number;
  /** Set registers for effective address `ptr` (tagged). */
  setup(m: Machine, ptr: bigint): void;
  /** Place the instruction here instead of the code page (literal loads). */
  pcFor?(addr: number): number;
  /** Check the architectural effect, performed or not. */
  verify(m: Machine, ptr: bigint, addr: number, performed: boolean, before: Uint8Array): void;
}

// ---------------------------------------------------------------- verification helpers

const bytesOf = (v: bigint): number[] => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
const le64 = (b: Uint8Array, off = 0): bigint => b.slice(off, off + 8).reduce((acc, x, i) => acc | (BigInt(x) << BigInt(8 * i)), 0n);

function verifyLoad(regs: number[]) {
  return (m: Machine, _ptr: bigint, _addr: number, performed: boolean, before: Uint8Array): void => {
    regs.forEach((r, i) => expect(m.s.xBig(r), `x${r}`).toBe(performed ? le64(before, 8 * i) : SENTINEL));
  };
}

function verifyStore(values: bigint[]) {
  return (m: Machine, _ptr: bigint, addr: number, performed: boolean, before: Uint8Array): void => {
    const want = performed ? values.flatMap(bytesOf) : [...before.slice(0, 8 * values.length)];
    expect([...m.mem.readBytes(addr, 8 * values.length)], 'memory').toEqual(want);
  };
}

/** A writeback form: the base register is `after(ptr)` when performed, else unchanged. */
function withBase(reg: number, start: (p: bigint) => bigint, after: (p: bigint) => bigint, inner: Form['verify']): Form['verify'] {
  return (m, ptr, addr, performed, before) => {
    inner(m, ptr, addr, performed, before);
    expect(m.s.xBig(reg), `base x${reg}`).toBe(performed ? after(ptr) : start(ptr));
  };
}

const set = (m: Machine, r: number, v: bigint) => m.s.setXBig(r, BigInt.asUintN(64, v));
/** Loads: X0 and X3 start as the sentinel. */
const loadRegs = (m: Machine) => { set(m, 0, SENTINEL); set(m, 3, SENTINEL); };
/** Stores: X0 = DATA, X3 = DATA2. */
const storeRegs = (m: Machine) => { set(m, 0, DATA); set(m, 3, DATA2); };

// ---------------------------------------------------------------- the access forms

const FORMS: Form[] = [
  {
    name: 'LDR imm, Rn != SP', text: 'ldr x0, [x1, #8]', write: false, checked: true, size: 8,
    setup: (m, p) => { loadRegs(m); set(m, 1, p - 8n); }, verify: verifyLoad([0]),
  },
  {
    name: 'LDR imm, Rn = SP (unchecked)', text: 'ldr x0, [sp, #8]', write: false, checked: false, size: 8,
    setup: (m, p) => { loadRegs(m); set(m, SP, p - 8n); }, verify: verifyLoad([0]),
  },
  {
    name: 'STR imm, Rn != SP', text: 'str x0, [x1, #16]', write: true, checked: true, size: 8,
    setup: (m, p) => { storeRegs(m); set(m, 1, p - 16n); }, verify: verifyStore([DATA]),
  },
  {
    name: 'STR imm, Rn = SP (unchecked)', text: 'str x0, [sp, #16]', write: true, checked: false, size: 8,
    setup: (m, p) => { storeRegs(m); set(m, SP, p - 16n); }, verify: verifyStore([DATA]),
  },
  {
    name: 'LDR pre-index, Rn = SP', text: 'ldr x0, [sp, #8]!', write: false, checked: true, size: 8,
    setup: (m, p) => { loadRegs(m); set(m, SP, p - 8n); },
    verify: withBase(SP, (p) => p - 8n, (p) => p, verifyLoad([0])),
  },
  {
    name: 'STR post-index, Rn = SP', text: 'str x0, [sp], #-32', write: true, checked: true, size: 8,
    setup: (m, p) => { storeRegs(m); set(m, SP, p); },
    verify: withBase(SP, (p) => p, (p) => p - 32n, verifyStore([DATA])),
  },
  {
    name: 'LDR register offset', text: 'ldr x0, [x1, x2]', write: false, checked: true, size: 8,
    setup: (m, p) => { loadRegs(m); set(m, 1, p - 0x40n); set(m, 2, 0x40n); }, verify: verifyLoad([0]),
  },
  {
    name: 'STR register offset, Rn = SP', text: 'str x0, [sp, x2, lsl #3]', write: true, checked: true, size: 8,
    setup: (m, p) => { storeRegs(m); set(m, SP, p - 0x40n); set(m, 2, 8n); }, verify: verifyStore([DATA]),
  },
  {
    // PC-relative: the address carries no tag; never checked
    name: 'LDR literal (unchecked)', text: 'ldr x0, LITERAL', write: false, checked: false, size: 8,
    pcFor: (addr) => addr + 0x400,
    setup: (m) => loadRegs(m), verify: verifyLoad([0]),
  },
  {
    name: 'LDP, Rn != SP', text: 'ldp x0, x3, [x1]', write: false, checked: true, size: 16,
    setup: (m, p) => { loadRegs(m); set(m, 1, p); }, verify: verifyLoad([0, 3]),
  },
  {
    name: 'LDP signed offset, Rn = SP (unchecked)', text: 'ldp x0, x3, [sp, #16]', write: false, checked: false, size: 16,
    setup: (m, p) => { loadRegs(m); set(m, SP, p - 16n); }, verify: verifyLoad([0, 3]),
  },
  {
    name: 'STP, Rn != SP', text: 'stp x0, x3, [x1, #16]', write: true, checked: true, size: 16,
    setup: (m, p) => { storeRegs(m); set(m, 1, p - 16n); }, verify: verifyStore([DATA, DATA2]),
  },
  {
    // the QEMU issue #514 pattern: writeback makes an SP-based access checked
    name: 'STP pre-index, Rn = SP', text: 'stp x0, x3, [sp, #-16]!', write: true, checked: true, size: 16,
    setup: (m, p) => { storeRegs(m); set(m, SP, p + 16n); },
    verify: withBase(SP, (p) => p + 16n, (p) => p, verifyStore([DATA, DATA2])),
  },
  {
    name: 'LDXR, Rn != SP', text: 'ldxr x0, [x1]', write: false, checked: true, size: 8,
    setup: (m, p) => { loadRegs(m); set(m, 1, p); }, verify: verifyLoad([0]),
  },
  {
    name: 'LDXR, Rn = SP (unchecked)', text: 'ldxr x0, [sp]', write: false, checked: false, size: 8,
    setup: (m, p) => { loadRegs(m); set(m, SP, p); }, verify: verifyLoad([0]),
  },
  {
    name: 'STXR (monitor set), Rn != SP', text: 'stxr w5, x0, [x1]', write: true, checked: true, size: 8,
    setup: (m, p) => {
      storeRegs(m);
      set(m, 1, p);
      set(m, 5, 7n);
      m.exclAddr = Number(p & 0x00ffffffffffffffn); // the local monitor holds this address (as LDXR leaves it)
      m.exclSize = 8;
    },
    verify: (m, p, a, performed, before) => {
      verifyStore([DATA])(m, p, a, performed, before);
      expect(m.s.xBig(5), 'status').toBe(performed ? 0n : 7n);
    },
  },
  {
    name: 'LDAR, Rn != SP', text: 'ldar x0, [x1]', write: false, checked: true, size: 8,
    setup: (m, p) => { loadRegs(m); set(m, 1, p); }, verify: verifyLoad([0]),
  },
  {
    name: 'STLR, Rn != SP', text: 'stlr x0, [x1]', write: true, checked: true, size: 8,
    setup: (m, p) => { storeRegs(m); set(m, 1, p); }, verify: verifyStore([DATA]),
  },
  {
    name: 'DC ZVA (checked as a store of the block)', text: 'dc zva, x1', write: true, checked: true, size: 64,
    addr: (page) => page + 0x200,
    setup: (m, p) => set(m, 1, p),
    verify: (m, _p, addr, performed, before) => {
      expect([...m.mem.readBytes(addr, 64)]).toEqual(performed ? Array(64).fill(0) : [...before]);
    },
  },
  {
    name: 'STG (never checked)', text: 'stg x1, [x1]', write: true, checked: false, size: 16,
    setup: (m, p) => set(m, 1, p),
    verify: (m, p, addr) => {
      const tag = Number((p >> 56n) & 0xfn);
      expect(m.mem.getTag(addr)).toBe(pageIsTagged(addr) ? tag : ALLOC);
    },
  },
  {
    name: 'LDG (never checked)', text: 'ldg x0, [x1]', write: false, checked: false, size: 16,
    setup: (m, p) => { set(m, 0, 0x1000n); set(m, 1, p); },
    verify: (m, _p, addr) => expect(m.s.xBig(0)).toBe(0x1000n | (BigInt(pageIsTagged(addr) ? ALLOC : 0) << 56n)),
  },
  {
    name: 'STGP (never checked)', text: 'stgp x0, x3, [x1]', write: true, checked: false, size: 16,
    setup: (m, p) => { storeRegs(m); set(m, 1, p); },
    verify: (m, p, addr, performed, before) => {
      verifyStore([DATA, DATA2])(m, p, addr, performed, before);
      expect(m.mem.getTag(addr)).toBe(pageIsTagged(addr) ? Number((p >> 56n) & 0xfn) : ALLOC);
    },
  },
  {
    // 8 bytes at granule + 12: the first granule carries the logical tag (matches),
    // the second the allocation tag of the scenario
    name: 'LDR unaligned across two granules', text: 'ldr x0, [x1]', write: false, checked: true, size: 8,
    addr: (page) => page + 0x200 + 12,
    tagOf: (g, addr, ltag) => (g === addr - (addr % 16) ? ltag : ALLOC),
    setup: (m, p) => { loadRegs(m); set(m, 1, p); }, verify: verifyLoad([0]),
  },
  {
    name: 'STR unaligned across two granules', text: 'str x0, [x1]', write: true, checked: true, size: 8,
    addr: (page) => page + 0x200 + 12,
    tagOf: (g, addr, ltag) => (g === addr - (addr % 16) ? ltag : ALLOC),
    setup: (m, p) => { storeRegs(m); set(m, 1, p); }, verify: verifyStore([DATA]),
  },
  {
    // 'tagged': from a tagged page into a tagged page; 'untagged': from an
    // untagged page into a tagged one. The last granule of the first page
    // carries the logical tag, the first of the next page the scenario's.
    name: 'LDR unaligned across a page into a tagged page', text: 'ldr x0, [x1]', write: false, checked: true, size: 8,
    pages: { tagged: TAGGED, untagged: MIXED },
    addr: (page) => page + 4096 - 4,
    tagOf: (g, addr, ltag) => (g === addr - (addr % 16) ? ltag : ALLOC),
    setup: (m, p) => { loadRegs(m); set(m, 1, p); }, verify: verifyLoad([0]),
  },
  {
    name: 'STR unaligned across a page into a tagged page', text: 'str x0, [x1]', write: true, checked: true, size: 8,
    pages: { tagged: TAGGED, untagged: MIXED },
    addr: (page) => page + 4096 - 4,
    tagOf: (g, addr, ltag) => (g === addr - (addr % 16) ? ltag : ALLOC),
    setup: (m, p) => { storeRegs(m); set(m, 1, p); }, verify: verifyStore([DATA]),
  },
];

// ---------------------------------------------------------------- the rules (MTE.md §2.2-2.3)

interface Case {
  form: Form;
  tcf: number;
  tco: number;
  tcma0: boolean;
  scenario: Scenario;
  page: 'tagged' | 'untagged';
}

type Outcome = { kind: 'none' } | { kind: 'sync'; esr: number; far: bigint } | { kind: 'async' };

function expected(c: Case, addr: number, ltag: number): Outcome {
  const f = c.form;
  const checkable = f.checked && c.tcf !== 0 && c.tco === 0 && !(c.tcma0 && ltag === 0); // ATA0 = 1, TBI0 = 1 here
  if (!checkable) return { kind: 'none' };
  let failing = -1;
  for (let g = addr - (addr % 16); g < addr + f.size; g += 16) {
    const alloc = f.tagOf ? f.tagOf(g, addr, ltag) : ALLOC;
    if (pageIsTagged(g) && alloc !== ltag) { failing = g; break; }
  }
  if (failing < 0) return { kind: 'none' };
  const sync = c.tcf === 1 || (c.tcf === 3 && !f.write);
  if (!sync) return { kind: 'async' };
  const farAddr = failing === addr - (addr % 16) ? addr : failing;
  return { kind: 'sync', esr: (0x92000011 | (f.write ? 0x40 : 0)) >>> 0, far: BigInt(farAddr) | (BigInt(ltag) << 56n) };
}

// ---------------------------------------------------------------- the driver

function runCase(c: Case): void {
  const f = c.form;
  const ltag = LTAG[c.scenario];
  const m = mteMachine({ tcf: c.tcf, tco: c.tco, tcma0: c.tcma0 });
  const pages = f.pages ?? { tagged: TAGGED, untagged: UNTAGGED };
  const page = c.page === 'tagged' ? pages.tagged : pages.untagged;
  const addr = f.addr ? f.addr(page) : page + 0x200;
  const ptr = BigInt(addr) | (BigInt(ltag) << 56n);
  // memory: a byte pattern over the pages touched, allocation tags per the form
  for (let a = page; a < page + 8192; a += 16) {
    if (a >= page + 4096 && !f.pages) break;
    for (let i = 0; i < 16; i++) m.mem.write8(a + i, (a + i * 7) & 0xff);
    m.mem.setTag(a, f.tagOf ? f.tagOf(a, addr, ltag) : ALLOC);
  }
  const before = m.mem.readBytes(addr, f.size);
  f.setup(m, ptr);
  const pc = f.pcFor ? f.pcFor(addr) : 0x10000;
  m.mem.write32(pc, enc(f.text.replace('LITERAL', `0x${addr.toString(16)}`), pc));
  m.invalidateCode(pc);
  m.s.pc = pc;
  const stop: Stop = m.run(1);
  const want = expected(c, addr, f.pcFor ? 0 : ltag);
  const what = `${f.name}: TCF ${c.tcf}, TCO ${c.tco}, TCMA0 ${c.tcma0 ? 1 : 0}, ${c.scenario} (tag ${ltag} vs ${ALLOC}), ${c.page} page`;
  if (want.kind === 'sync') {
    expect(stop, what).toMatchObject({ kind: 'exception', esr: want.esr, far: want.far, pc });
    f.verify(m, ptr, addr, false, before);
  } else {
    expect(stop.kind === 'exception' ? `exception esr 0x${stop.esr.toString(16)} far 0x${stop.far.toString(16)}` : stop.kind, what).toBe('limit');
    f.verify(m, ptr, addr, true, before);
  }
  expect(m.s.tfsre0 & TF0, `${what}: TFSRE0_EL1.TF0`).toBe(want.kind === 'async' ? 1 : 0);
}

const TCFS = [0, 1, 2, 3];
const TCF_NAME = ['none', 'sync', 'async', 'asymm'];

describe('MTE tag-check matrix', () => {
  for (const form of FORMS) {
    describe(form.name, () => {
      for (const page of ['tagged', 'untagged'] as const) {
        it.each(TCFS.map((t) => [TCF_NAME[t], t] as const))(`${page} page, TCF %s: TCO x TCMA0 x logical tag`, (_name, tcf) => {
          for (const tco of [0, 1]) {
            for (const tcma0 of [false, true]) {
              for (const scenario of ['match', 'mismatch', 'zero'] as const) runCase({ form, tcf, tco, tcma0, scenario, page });
            }
          }
        });
      }
    });
  }

  it('the matrix exercises every outcome', () => {
    const seen = new Set<string>();
    for (const form of FORMS) {
      for (const tcf of TCFS) {
        for (const scenario of ['match', 'mismatch', 'zero'] as const) {
          for (const page of ['tagged', 'untagged'] as const) {
            const pages = form.pages ?? { tagged: TAGGED, untagged: UNTAGGED };
            const base = page === 'tagged' ? pages.tagged : pages.untagged;
            const addr = form.addr ? form.addr(base) : base + 0x200;
            seen.add(expected({ form, tcf, tco: 0, tcma0: false, scenario, page }, addr, form.pcFor ? 0 : LTAG[scenario]).kind);
          }
        }
      }
    }
    expect([...seen].sort()).toEqual(['async', 'none', 'sync']);
  });
});
