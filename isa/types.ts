// Types shared by the encoding table and everything derived from it.

import type { Cursor } from './asm/cursor.ts';
import type { Pattern } from './pattern.ts';

/** Field values of one instruction, by pattern field name (plus an alias's virtual fields). */
export type Fields = Record<string, number>;

/**
 * Architecture feature a row needs. `mte2` rows (LDGM/STGM/STZGM) are
 * decoded but UNDEFINED at EL0 (Arm ARM D1.x, MTE2 is EL1+ only for these).
 */
export type Feature = 'base' | 'mte' | 'mte2' | 'simd';

/**
 * Timing class (gem5's OpClass idea): the row says what kind of work it is,
 * the timing model owns the latency.
 */
export type TimingClass =
  | 'alu' | 'alu_shift' | 'alu_ext' | 'mov' | 'bitfield' | 'flagset'
  | 'mul' | 'mul_long' | 'div'
  | 'branch' | 'branch_cond' | 'branch_reg' | 'call' | 'ret'
  | 'load' | 'load_pair' | 'load_ex' | 'load_acq' | 'literal'
  | 'store' | 'store_pair' | 'store_ex' | 'store_rel'
  | 'prefetch'
  | 'tag_alu' | 'tag_load' | 'tag_store' | 'tag_store_pair' | 'tag_block'
  | 'simd_alu' | 'simd_load' | 'simd_store' | 'simd_load_pair' | 'simd_store_pair'
  | 'dc_zva' | 'cache_maint'
  | 'barrier' | 'sysreg_read' | 'sysreg_write' | 'exception' | 'hint' | 'nop';

/** What an operand parser may ask of the assembler around it. */
export interface AsmCtx {
  /** Address of the instruction being assembled. */
  readonly pc: bigint;
  /** Parse and evaluate an expression at the cursor. Throws AsmError. */
  expr(c: Cursor): bigint;
  /** Address of a literal-pool slot holding `value` (`ldr xN, =value`). */
  literal?(value: bigint, size: 4 | 8 | 16, c: Cursor): bigint;
}

/** What an operand printer may ask of the disassembler around it. */
export interface PrintCtx {
  /** Address of the instruction, when known (objdump-style output). */
  readonly pc?: bigint;
  /** Name for an address (objdump-style `<sym+off>`), when symbols are known. */
  symbolize?(addr: bigint): string | undefined;
}

/**
 * One operand slot of a row's syntax. The same object prints (disassembly)
 * and parses (assembly), so the two cannot disagree.
 */
export interface OperandKind {
  /** Text for the operand, or null when it is optional and omitted. */
  print(f: Fields, ctx: PrintCtx): string | null;
  /** Parse the operand at the cursor into `f`. Throws AsmError. */
  parse(c: Cursor, f: Fields, ctx: AsmCtx): void;
  /** When true the operand (and the comma before it) may be absent; `absent` sets its fields. */
  readonly optional?: boolean;
  absent?(f: Fields): void;
  /** Fields this operand writes (used by the random-case generator and tests). */
  readonly fields: readonly string[];
  /** Optional: random legal values for this operand's fields (for table tests). */
  random?(rnd: () => number, f: Fields): void;
}

export interface AliasSpec {
  /** id of the row this is an alias of. */
  readonly of: string;
  /**
   * Preference condition for the disassembler (Arm ARM "alias is preferred
   * when", as LLVM implements it). Absent = always preferred when the
   * pattern matches. `false` = assembler-only spelling.
   */
  readonly when?: ((f: Fields) => boolean) | false;
  /** Virtual fields: compute them from base fields (disassembly)... */
  readonly fromBase?: (f: Fields) => void;
  /** ...and base fields from them (assembly). Throws AsmError-free string on failure. */
  readonly toBase?: (f: Fields) => string | void;
}

export interface RowSpec {
  /** Unique form name, Arm-style: ADD_imm_x, LDR_post_w, STG_pre. */
  readonly id: string;
  /** Assembly mnemonic, lower case. `b.{cond}` expands a condition field. */
  readonly mnemonic: string;
  readonly pattern: string;
  readonly feature?: Feature;
  readonly cls: TimingClass;
  readonly operands: readonly OperandKind[];
  /** Encodings inside the pattern that are UNALLOCATED or belong elsewhere return false. */
  readonly valid?: (f: Fields) => boolean;
  readonly alias?: AliasSpec;
  /** Overlap group: rows that overlap on purpose name the same group; higher priority wins. */
  readonly priority?: number;
  /** Free text: Arm ARM section, quirks. */
  readonly note?: string;
}

export interface Row extends RowSpec {
  /** Index in the table. */
  readonly index: number;
  readonly feature: Feature;
  readonly pat: Pattern;
  /** Aliases of this row, most preferred first (only on base rows). */
  readonly aliases: Row[];
}
