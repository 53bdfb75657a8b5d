// Test helper for the MTE tests: a machine with the MMU on, page tables
// built by hand (pt-helper.ts), Normal-Tagged and untagged pages, and a
// one-instruction runner. The control bits are set from the Arm ARM field
// positions (MTE.md §2.1), not from emulator constants.

import { Machine, type Stop } from '../../emulator/machine.ts';
import { PhysMem } from '../../emulator/memory.ts';
import { Mmu } from '../../emulator/mmu.ts';
import { asmOne } from '../isa/asm-one.ts';
import { PageTables } from './pt-helper.ts';

/** Where the test machine maps things (VA = PA everywhere). */
export const CODE = 0x10000;
/** Four Normal-Tagged pages (MAIR attr 0xF0). */
export const TAGGED = 0x200000;
/** One Normal (untagged, attr 0xFF) page. */
export const UNTAGGED = 0x300000;
/** A Normal-Tagged page that EL0 may only read. */
export const TAGGED_RO = 0x400000;
/** Nothing is mapped here. */
export const UNMAPPED = 0x500000;
/** An untagged page followed by a tagged one (accesses crossing into tagged memory). */
export const MIXED = 0x600000;

export interface MteControls {
  /** SCTLR_EL1.TCF0 (bits 39:38): 0 none, 1 sync, 2 async, 3 asymmetric. Default 1. */
  tcf?: number;
  /** SCTLR_EL1.ATA0 (bit 42). Default true. */
  ata0?: boolean;
  /** TCR_EL1.TCMA0 (bit 57). Default false. */
  tcma0?: boolean;
  /** TCR_EL1.TBI0 (bit 37). Default true. */
  tbi0?: boolean;
  /** PSTATE.TCO. Default 0. */
  tco?: number;
  /** SCTLR_EL1.DZE (bit 14). Default true. */
  dze?: boolean;
}

/** Build the machine: MAIR Attr0 = 0xFF (Normal WB), Attr1 = 0xF0 (Normal-Tagged). */
export function mteMachine(c: MteControls = {}): Machine {
  const mem = new PhysMem(1 << 24);
  const m = new Machine(mem, new Mmu(mem));
  const pt = new PageTables(mem, 0x100000);
  pt.map(CODE, CODE);
  for (let p = 0; p < 4; p++) pt.map(TAGGED + p * 4096, TAGGED + p * 4096, { attrIndx: 1 });
  pt.map(UNTAGGED, UNTAGGED);
  pt.map(TAGGED_RO, TAGGED_RO, { attrIndx: 1, ap: 0b11 });
  pt.map(MIXED, MIXED);
  pt.map(MIXED + 4096, MIXED + 4096, { attrIndx: 1 });
  const s = m.s;
  s.mairLo = 0xff | (0xf0 << 8);
  s.ttbr0Base = pt.root;
  s.tcrLo = 16; // T0SZ = 16
  s.tcrHi = ((c.tbi0 ?? true) ? 1 << (37 - 32) : 0) | (c.tcma0 ? 1 << (57 - 32) : 0);
  s.sctlrLo = 1 | ((c.dze ?? true) ? 1 << 14 : 0); // M, DZE
  s.sctlrHi = ((c.ata0 ?? true) ? 1 << (42 - 32) : 0) | ((c.tcf ?? 1) << (38 - 32));
  s.tco = c.tco ?? 0;
  m.setTranslationRegs();
  return m;
}

/** Encode `text` (pc-relative operands relative to CODE). */
export function enc(text: string, pc = CODE): number {
  const w = asmOne(text, BigInt(pc));
  if (typeof w === 'string') throw new Error(`${text}: ${w}`);
  return w;
}

/** Run one instruction `text` at CODE through the real loop. */
export function run1(m: Machine, text: string): Stop {
  m.mem.write32(CODE, enc(text));
  m.invalidateCode(CODE);
  m.s.pc = CODE;
  return m.run(1);
}

/** A 64-bit pointer with logical tag `tag` in bits 59:56. */
export const tagged = (addr: number, tag: number): bigint => BigInt(addr) | (BigInt(tag & 0xf) << 56n);
