// Test helper: builds AArch64 stage-1 page tables (4 KiB granule, 48-bit VA)
// by hand in a PhysMem, independently of the kernel. Descriptor bits are
// written here from the Arm ARM (D8 "Translation table descriptor formats"),
// not taken from emulator/mmu.ts, so the MMU tests check the MMU against the
// architecture rather than against itself.

import type { PhysMem } from '../../emulator/memory.ts';

export const D_VALID = 1n << 0n;
export const D_TABLE = 1n << 1n; // table (L0-L2) or page (L3); clear = block
export const D_AF = 1n << 10n;
export const D_NG = 1n << 11n;
export const D_PXN = 1n << 53n;
export const D_UXN = 1n << 54n;
export const T_PXNTABLE = 1n << 59n;
export const T_UXNTABLE = 1n << 60n;
export const T_APTABLE0 = 1n << 61n; // no EL0 access below
export const T_APTABLE1 = 1n << 62n; // no write access below

export interface LeafOpts {
  /** MAIR index, bits 4:2. Default 0. */
  attrIndx?: number;
  /** AP[2:1] as a 2-bit number (bits 7:6). Default 0b01 (EL0 and EL1 read/write). */
  ap?: number;
  /** Access flag. Default true. */
  af?: boolean;
  nG?: boolean;
  uxn?: boolean;
  pxn?: boolean;
}

/** A block (level 1 or 2) or page (level 3) descriptor. */
export function leafDesc(pa: number, level: 1 | 2 | 3, o: LeafOpts = {}): bigint {
  let d = BigInt(pa) | D_VALID | (level === 3 ? D_TABLE : 0n);
  d |= BigInt(o.attrIndx ?? 0) << 2n;
  d |= BigInt(o.ap ?? 0b01) << 6n;
  if (o.af ?? true) d |= D_AF;
  if (o.nG) d |= D_NG;
  if (o.uxn) d |= D_UXN;
  if (o.pxn) d |= D_PXN;
  return d;
}

/** A table descriptor pointing at the table at pa. */
export function tableDesc(pa: number, extra = 0n): bigint {
  return BigInt(pa) | D_VALID | D_TABLE | extra;
}

/** The 9-bit index of va at level (0..3): VA bits 47:39, 38:30, 29:21, 20:12. */
export function vaIndex(va: number, level: number): number {
  return Math.floor(va / 2 ** (39 - 9 * level)) % 512;
}

export class PageTables {
  /** PA of the L0 table. */
  readonly root: number;
  private next: number;

  /** Tables are bump-allocated from `tableArea` upwards (page-aligned). */
  constructor(
    readonly mem: PhysMem,
    tableArea: number,
  ) {
    this.next = tableArea;
    this.root = this.newTable();
  }

  newTable(): number {
    const pa = this.next;
    this.next += 4096;
    this.mem.zeroPage(pa);
    return pa;
  }

  write(descPa: number, d: bigint): void {
    this.mem.write64(descPa, Number(d & 0xffffffffn), Number((d >> 32n) & 0xffffffffn));
  }

  read(descPa: number): bigint {
    return (BigInt(this.mem.read64hi(descPa)) << 32n) | BigInt(this.mem.read64lo(descPa));
  }

  /**
   * PA of the descriptor for va at `level`, creating intermediate tables
   * (with `tableExtra` attribute bits) on the way down when create is true.
   */
  descAddr(va: number, level: number, create = true, tableExtra = 0n): number {
    let table = this.root;
    for (let l = 0; l < level; l++) {
      const dpa = table + vaIndex(va, l) * 8;
      let d = this.read(dpa);
      if ((d & 3n) !== 3n) {
        if (!create) throw new Error(`no table at level ${l} for 0x${va.toString(16)}`);
        d = tableDesc(this.newTable(), tableExtra);
        this.write(dpa, d);
      }
      table = Number(d & 0x0000fffffffff000n);
    }
    return table + vaIndex(va, level) * 8;
  }

  /** Map va -> pa with a leaf at `level` (3 page, 2 2 MiB block, 1 1 GiB block). */
  map(va: number, pa: number, o: LeafOpts & { level?: 1 | 2 | 3 } = {}): number {
    const level = o.level ?? 3;
    const dpa = this.descAddr(va, level);
    this.write(dpa, leafDesc(pa, level, o));
    return dpa;
  }

  /** The four descriptor PAs a full walk of va reads (tables must exist). */
  walkAddrs(va: number, leafLevel = 3): number[] {
    const out: number[] = [];
    for (let l = 0; l <= leafLevel; l++) out.push(this.descAddr(va, l, false));
    return out;
  }
}
