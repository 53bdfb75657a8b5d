// The assembler: GNU as syntax (the subset GNU as 2.40 and llvm-mc both
// accept) -> a linked, static program image (isa/elf.ts Image).
//
// How it works
//   1. lexer.ts splits the source into statements; preprocess.ts expands
//      `.include`, macros and `.rept`/`.irp` once, before any pass (errors
//      then point into the included file or the macro body).
//   2. Passes. Every instruction is 4 bytes, data directives have sizes, so
//      one walk over the statements gives every label's (section, offset).
//      planLayout (isa/elf.ts) then places the sections as GNU ld would.
//      A walk evaluates expressions with the symbols known so far in this
//      walk, else with the previous walk's final values, so forward
//      references resolve from the second walk on. Literal-pool slots and
//      deduplication also come from the previous walk. We walk until a walk
//      ends with exactly the symbols, section bases and pool slots the one
//      before it started from (normally pass 2); that last walk's bytes and
//      errors are the result. Only the last walk's errors are reported, so an
//      undefined symbol is reported once, at its use.
//   3. The image: sections with addresses, every label (minus `.L*` and
//      numeric locals, as GNU as drops them), `.globl`/`.type`/`.size`
//      attributes, mapping symbols `$x`/`$d` in .text (AArch64 ELF ABI), and
//      the entry point (`_start`, else the start of .text).
//
// Symbols are case-sensitive; mnemonics, register names and directives are not.
// Absolute-only operands (.skip, .fill, alignment) are checked by evaluating
// the expression a second time with every section moved by a different large
// amount: a value that moves is not absolute.

import { AsmError, Cursor } from './cursor.ts';
import { parseExpr, type ExprEnv } from './expr.ts';
import { formatDiagnostic, readString, type Diagnostic, type Statement } from './lexer.ts';
import { CONDITIONS, preprocess, resolveInclude, type PlacedDiagnostic } from './preprocess.ts';
import { assembleInstruction } from '../encoder.ts';
import { ELF_BASE, SECTION_KINDS, planLayout, type Image, type ImageSymbol, type Layout, type SectionKind } from '../elf.ts';
import type { AsmCtx, Feature } from '../types.ts';

export { formatDiagnostic, resolveInclude, type Diagnostic };

export interface AssembleOptions {
  /** Name used in diagnostics and as the base for relative `.include` paths. */
  file: string;
  /** Read an included file (path already resolved against the including file). Throw to report it missing. */
  include?: (path: string) => string;
  /** Features on at the start (default base + simd); `.arch ...+memtag` adds MTE. */
  features?: Iterable<Feature>;
}

/** Where an instruction came from (for the debugger). */
export interface LineInfo {
  addr: bigint;
  file: string;
  line: number;
}

export interface AssembleResult {
  /** The program, or null when there are errors. */
  image: Image | null;
  /** Every error in the source, in statement order (an include or macro expansion where it is used). */
  errors: Diagnostic[];
  /** One entry per instruction, in address order within each section. */
  lines: LineInfo[];
}

const MAX_PASSES = 12;
/** Largest .skip/.fill we will materialise (a typo guard, not an architectural limit). */
const MAX_FILL = 1 << 28;
/** .p2align limit: a section can be no more aligned than the 64 KiB segments. */
const MAX_P2ALIGN = 16;
const NOP = 0xd503201f;

/** Output sections plus a sink for non-allocated ones (.note.GNU-stack, .comment). */
type SecId = SectionKind | 'discard';
const SEC_IDS: readonly SecId[] = [...SECTION_KINDS, 'discard'];
/** Displacements for the absolute-value check (see the file comment). */
const SHIFT: Record<SecId, bigint> = { text: 1n << 40n, rodata: 2n << 40n, data: 3n << 40n, bss: 4n << 40n, discard: 5n << 40n };
const DEFAULT_ALIGN: Record<SecId, number> = { text: 4, rodata: 1, data: 1, bss: 1, discard: 1 };

/**
 * Assemble `source` into an image. Never throws for bad input: every
 * problem becomes a Diagnostic (`file:line:col`), and assembly continues
 * after errors so that all of them are reported.
 */
export function assemble(source: string, opts: AssembleOptions): AssembleResult {
  const early: PlacedDiagnostic[] = [];
  const stmts = preprocess(source, opts.file, opts, early);
  const features = new Set<Feature>(opts.features ?? ['base', 'simd']);
  let prev: Snapshot = { bases: zeroBases(), symbols: new Map(), pools: new Map() };
  // every error in statement order (a stable sort keeps each statement's own order)
  const sorted = (pass: Pass) => [...early, ...pass.errors].sort((a, b) => a.at - b.at).map((e) => e.d);
  for (let n = 1; ; n++) {
    const pass = new Pass(stmts, prev, features);
    pass.run();
    const snap = pass.finish();
    if (n > 1 && sameSnapshot(snap, prev)) {
      const errors = sorted(pass);
      return { image: errors.length ? null : pass.image(snap, opts.file), errors, lines: pass.lineInfo(snap) };
    }
    if (n === MAX_PASSES) {
      const errors = sorted(pass);
      errors.push({ file: opts.file, line: 1, col: 1, message: `layout did not settle after ${MAX_PASSES} passes (sizes that depend on later labels keep changing)`, source: source.split('\n')[0] ?? '' });
      return { image: null, errors, lines: [] };
    }
    prev = snap;
  }
}

/** Assemble and throw an Error with every formatted diagnostic when there are errors (for tests and tools). */
export function assembleOrThrow(source: string, opts: AssembleOptions): Image {
  const r = assemble(source, opts);
  if (!r.image) throw new Error(r.errors.map(formatDiagnostic).join('\n'));
  return r.image;
}

// ---------------------------------------------------------------- passes

interface SymValue {
  value: bigint;
  /** The value with every section displaced by SHIFT (equal to value for absolute symbols). */
  shifted: bigint;
}

/** What one walk hands to the next, and what convergence compares. */
interface Snapshot {
  bases: Record<SecId, bigint>;
  symbols: Map<string, SymValue>;
  /** Literal slot key (section:pool#:size:value) -> address. */
  pools: Map<string, bigint>;
  layout?: Layout;
}

function zeroBases(): Record<SecId, bigint> {
  return { text: 0n, rodata: 0n, data: 0n, bss: 0n, discard: 0n };
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  for (const s of SEC_IDS) if (a.bases[s] !== b.bases[s]) return false;
  if (a.symbols.size !== b.symbols.size || a.pools.size !== b.pools.size) return false;
  for (const [k, v] of a.symbols) {
    const w = b.symbols.get(k);
    if (!w || w.value !== v.value || w.shifted !== v.shifted) return false;
  }
  for (const [k, v] of a.pools) if (b.pools.get(k) !== v) return false;
  return true;
}

type SymDef =
  | { kind: 'label'; sec: SecId; off: number }
  | { kind: 'equ'; value: bigint; shifted: bigint };

interface SymAttrs {
  bind?: 'global' | 'weak';
  type?: ImageSymbol['type'];
  size?: bigint;
}

type PoolSize = 4 | 8 | 16;

/** One section's bytes and location counter during a walk. */
class Section {
  bytes = new Uint8Array(256);
  size = 0;
  align: number;
  /** Pending literal values by slot size, in first-use order (GNU as keeps one pool per size). */
  pools = new Map<PoolSize, bigint[]>();
  /** Pools flushed so far (slot keys include it, so a value is in a new slot after each .ltorg). */
  poolNo = 0;
  /** Current mapping-symbol state (.text only). */
  mapping: 'x' | 'd' | null = null;

  constructor(readonly id: SecId) {
    this.align = DEFAULT_ALIGN[id];
  }

  /** Append bytes (bss and discard keep only the count). */
  put(b: ArrayLike<number>): void {
    if (this.id !== 'bss' && this.id !== 'discard') {
      this.reserve(b.length);
      this.bytes.set(b, this.size);
    }
    this.size += b.length;
  }

  /** Append `n` copies of `byte`. */
  fill(n: number, byte: number): void {
    if (this.id !== 'bss' && this.id !== 'discard') {
      this.reserve(n);
      this.bytes.fill(byte, this.size, this.size + n);
    }
    this.size += n;
  }

  private reserve(n: number): void {
    if (this.size + n <= this.bytes.length) return;
    let cap = this.bytes.length;
    while (cap < this.size + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.bytes.subarray(0, this.size));
    this.bytes = b;
  }
}

function le(value: bigint, size: number): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

const DATA_SIZES: Record<string, 1 | 2 | 4 | 8> = {
  '.byte': 1, '.hword': 2, '.short': 2, '.2byte': 2, '.word': 4, '.long': 4, '.int': 4, '.4byte': 4,
  '.xword': 8, '.quad': 8, '.8byte': 8, '.dword': 8,
};

/** Directives accepted and ignored: debug info and object-file details a static image does not need. */
const IGNORED = new Set(['.file', '.ident', '.loc', '.hidden', '.protected', '.internal', '.local', '.addrsig', '.addrsig_sym', '.text_end']);

/**
 * Architecture extensions `.arch`/`.arch_extension` know. memtag switches the
 * MTE rows on (GNU as needs `+memtag` for them; llvm-mc's spelling is
 * `+mte`), simd/fp the SIMD ones; the rest are accepted without effect.
 */
const EXTENSIONS: Record<string, Feature[]> = {
  memtag: ['mte', 'mte2'], mte: ['mte', 'mte2'], simd: ['simd'], fp: ['simd'],
  crc: [], lse: [], rdma: [], crypto: [], aes: [], sha2: [], sha3: [], sm4: [], fp16: [], fp16fml: [], dotprod: [],
  rcpc: [], rcpc2: [], sb: [], ssbs: [], predres: [], rng: [], bti: [], pauth: [], flagm: [], i8mm: [], bf16: [],
  lor: [], pan: [], profile: [], ras: [], sve: [], sve2: [], ls64: [], mops: [], f32mm: [], f64mm: [],
};
const ARCH = /^armv(8(\.[1-9])?|9(\.[0-4])?)-a$/;

class Pass {
  readonly errors: PlacedDiagnostic[] = [];
  /** Index of the current statement (errors are sorted by it). */
  private index = 0;
  private readonly secs = new Map<SecId, Section>(SEC_IDS.map((id) => [id, new Section(id)]));
  private sec: Section = this.secs.get('text')!;
  private previous: Section = this.sec;
  private readonly stack: Section[] = [];
  private readonly defs = new Map<string, SymDef>();
  private readonly order: string[] = [];
  private readonly attrs = new Map<string, SymAttrs>();
  private readonly localCount = new Map<string, number>();
  private readonly slots = new Map<string, { sec: SecId; off: number }>();
  private readonly mappingSyms: { off: number; kind: 'x' | 'd' }[] = [];
  private readonly lines: { sec: SecId; off: number; st: Statement }[] = [];
  /** Features in force at the current statement (`.arch` changes them). */
  readonly features: Set<Feature>;
  private st!: Statement;

  constructor(
    private readonly stmts: readonly Statement[],
    private readonly prev: Snapshot,
    features: ReadonlySet<Feature>,
  ) {
    this.features = new Set(features);
  }

  // ---- the walk

  run(): void {
    // .if nesting: `on` = this branch is assembled, `taken` = some branch of it was (or the whole .if is off)
    const conds: { on: boolean; taken: boolean; st: Statement }[] = [];
    const on = () => conds.length === 0 || conds[conds.length - 1]!.on;
    for (const [index, st] of this.stmts.entries()) {
      this.st = st;
      this.index = index;
      const name = st.kind === 'directive' ? st.name.toLowerCase() : '';
      if (name in CONDITIONS) {
        const outer = on();
        if (outer) for (const l of st.labels) this.guard(() => this.defineLabel(l.name, l.col), l.col);
        let v = false;
        if (outer) this.guard(() => (v = this.condition(name, st)), st.nameCol);
        conds.push({ on: outer && v, taken: !outer || v, st });
        continue;
      }
      if (name === '.else' || name === '.elseif' || name === '.endif') {
        const top = conds[conds.length - 1];
        if (!top) {
          this.report(st.nameCol, `'${st.name}' without a matching '.if'`);
          continue;
        }
        if (name === '.endif') conds.pop();
        else if (name === '.else') {
          top.on = !top.taken;
          top.taken = true;
        } else {
          let v = false;
          if (!top.taken) this.guard(() => (v = this.condition('.if', st)), st.nameCol);
          top.on = !top.taken && v;
          top.taken ||= v;
        }
        continue;
      }
      if (!on()) continue;
      for (const l of st.labels) this.guard(() => this.defineLabel(l.name, l.col), l.col);
      if (st.kind === 'empty') continue;
      if (name === '.end') break;
      this.guard(() => this.statement(st), st.nameCol);
    }
    for (const c of conds) {
      this.st = c.st;
      this.index = this.stmts.indexOf(c.st);
      this.report(c.st.nameCol, `'${c.st.name}' has no matching '.endif'`);
    }
  }

  /** Evaluate a conditional directive's test (GNU as: .if expr, .ifdef sym, .ifb text, .ifc a, b, ...). */
  private condition(name: string, st: Statement): boolean {
    const c = new Cursor(st.text, 1, st.pos);
    const kind = CONDITIONS[name]!;
    let result: boolean;
    if (kind === 'def' || kind === 'ndef') {
      const { name: sym } = this.symbolName(c);
      result = this.defs.has(sym) === (kind === 'def');
    } else if (kind === 'b' || kind === 'nb') {
      result = (c.text.slice(c.pos).trim() === '') === (kind === 'b');
      c.pos = c.text.length;
    } else if (kind === 'c' || kind === 'nc') {
      const rest = c.text.slice(c.pos);
      const comma = rest.indexOf(',');
      if (comma < 0) throw c.error(`expected ',' between the two strings of ${st.name}`, c.pos + rest.length);
      const unquote = (t: string) => t.trim().replace(/^"(.*)"$/, '$1');
      result = (unquote(rest.slice(0, comma)) === unquote(rest.slice(comma + 1))) === (kind === 'c');
      c.pos = c.text.length;
    } else {
      const v = this.evaluate(c);
      result = { ne: v !== 0n, eq: v === 0n, gt: v > 0n, ge: v >= 0n, lt: v < 0n, le: v <= 0n }[kind];
    }
    if (!c.atEnd()) throw c.error(`unexpected '${c.text.slice(c.pos).trim()}' after the operands of ${st.name}`);
    return result;
  }

  /** Run `f`, turning an AsmError into a diagnostic (and any other exception into an internal-error one). */
  private guard(f: () => void, col: number): void {
    try {
      f();
    } catch (e) {
      if (e instanceof AsmError) this.report(e.col, e.message);
      else this.report(col, `internal error: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  /**
   * Record an error at `col` of the current statement. Operand parsers
   * often remember the position before the blanks that precede a token;
   * the column shown is that of the token itself, as GNU as and llvm-mc show it.
   */
  report(col: number, message: string): void {
    const st = this.st;
    let i = col - 1;
    while (st.text[i] === ' ' || st.text[i] === '\t') i++;
    if (i < st.text.length) col = i + 1;
    const d: Diagnostic = { file: st.file, line: st.line, col, message, source: st.source };
    if (st.notes) d.notes = st.notes;
    this.errors.push({ d, at: this.index });
  }

  private statement(st: Statement): void {
    const c = new Cursor(st.text, 1, st.pos);
    if (st.kind === 'insn') return this.instruction(st, c);
    if (st.kind === 'assign') return this.assign(st.name, st.nameCol, c, false);
    const name = st.name.toLowerCase();
    const handler = Object.hasOwn(DIRECTIVES, name) ? DIRECTIVES[name] : undefined;
    if (handler) handler(this, c, name);
    else if (name.startsWith('.cfi_') || IGNORED.has(name)) c.pos = c.text.length;
    else throw new AsmError(`unknown directive '${st.name}'`, st.nameCol);
    if (!c.atEnd()) throw c.error(`unexpected '${c.text.slice(c.pos).trim()}' after the operands of ${st.name}`);
  }

  private instruction(st: Statement, c: Cursor): void {
    const sec = this.sec;
    if (sec.id === 'bss') throw new AsmError('instructions are not allowed in .bss', st.nameCol);
    const off = sec.size;
    this.mark('x');
    sec.put(le(0n, 4));
    if (sec.id !== 'discard') this.lines.push({ sec: sec.id, off, st });
    if (off % 4 !== 0) throw new AsmError(`misaligned instruction: offset 0x${off.toString(16)} in ${sectionName(sec.id)} is not a multiple of 4`, st.nameCol);
    const pc = this.base(sec.id) + BigInt(off);
    const ctx: AsmCtx = {
      pc,
      expr: (cc) => this.evaluate(cc, { dotOff: off }),
      literal: (value, size, cc) => this.literal(value, size as PoolSize, cc, pc),
    };
    const { word } = assembleInstruction(st.name, c, st.nameCol, ctx, this.features);
    if (sec.id !== 'discard') sec.bytes.set(le(BigInt(word), 4), off);
  }

  // ---- symbols

  private base(id: SecId, shifted = false): bigint {
    return this.prev.bases[id] + (shifted ? SHIFT[id] : 0n);
  }

  private lookup(name: string, shifted: boolean): bigint | undefined {
    const m = /^([0-9]+)([bf])$/.exec(name);
    if (m) {
      const n = this.localCount.get(m[1]!) ?? 0;
      const k = m[2] === 'b' ? n : n + 1;
      if (k === 0) return undefined;
      name = localName(m[1]!, k);
    }
    const d = this.defs.get(name);
    if (d) {
      if (d.kind === 'equ') return shifted ? d.shifted : d.value;
      return this.base(d.sec, shifted) + BigInt(d.off);
    }
    const p = this.prev.symbols.get(name);
    return p && (shifted ? p.shifted : p.value);
  }

  private defineLabel(name: string, col: number): void {
    if (/^[0-9]+$/.test(name)) {
      const k = (this.localCount.get(name) ?? 0) + 1;
      this.localCount.set(name, k);
      name = localName(name, k);
    } else if (this.defs.has(name)) {
      throw new AsmError(`symbol '${name}' is already defined`, col);
    }
    this.define(name, { kind: 'label', sec: this.sec.id, off: this.sec.size });
  }

  private define(name: string, d: SymDef): void {
    if (!this.defs.has(name)) this.order.push(name);
    this.defs.set(name, d);
  }

  /** `sym = expr`, `.set/.equ sym, expr` (redefinable, as in GNU as), `.equiv` (not redefinable). */
  assign(name: string, col: number, c: Cursor, once: boolean): void {
    if (name === '.') throw new AsmError("assigning to '.' is not supported (use .skip or .balign)", col);
    const old = this.defs.get(name);
    if (old && (old.kind === 'label' || once)) throw new AsmError(`symbol '${name}' is already defined`, col);
    const start = c.pos;
    const value = this.evaluate(c);
    const shifted = this.evaluate(new Cursor(c.text, c.base, start), { shifted: true });
    this.define(name, { kind: 'equ', value, shifted });
  }

  /**
   * Evaluate an expression at the cursor. Undefined symbols are reported
   * after the whole expression is read (so a list can go on after it);
   * `absolute` rejects values that depend on where sections are placed.
   */
  evaluate(c: Cursor, o: { absolute?: boolean; shifted?: boolean; dotOff?: number } = {}): bigint {
    const start = c.pos;
    const run = (cur: Cursor, shifted: boolean) => {
      let undef: AsmError | undefined;
      const env: ExprEnv = {
        dot: this.base(this.sec.id, shifted) + BigInt(o.dotOff ?? this.sec.size),
        symbol: (name) => {
          const v = this.lookup(name, shifted);
          if (v === undefined) undef ??= new AsmError(undefinedMessage(name), cur.base + cur.pos - name.length);
          return v ?? 0n;
        },
      };
      const v = parseExpr(cur, env);
      if (undef) throw undef;
      return v;
    };
    const v = run(c, !!o.shifted);
    if (o.absolute && run(new Cursor(c.text, c.base, start), true) !== v) {
      throw new AsmError('expression must be absolute (a number, or a difference of two labels in one section)', c.base + start);
    }
    return v;
  }

  /** Symbol name from the cursor, case kept. */
  symbolName(c: Cursor, what = 'a symbol name'): { name: string; col: number } {
    c.skipWs();
    const m = /^[A-Za-z_.$][A-Za-z0-9_.$]*/.exec(c.text.slice(c.pos));
    if (!m) throw c.error(`expected ${what}`);
    const col = c.col;
    c.pos += m[0].length;
    return { name: m[0], col };
  }

  attrsOf(name: string): SymAttrs {
    let a = this.attrs.get(name);
    if (!a) this.attrs.set(name, (a = {}));
    return a;
  }

  // ---- sections and data

  get section(): Section {
    return this.sec;
  }

  switchTo(id: SecId): void {
    this.previous = this.sec;
    this.sec = this.secs.get(id)!;
  }

  pushSection(id: SecId): void {
    this.stack.push(this.sec);
    this.switchTo(id);
  }

  popSection(c: Cursor): void {
    const s = this.stack.pop();
    if (!s) throw c.error('.popsection without a matching .pushsection');
    this.switchTo(s.id);
  }

  previousSection(): void {
    this.switchTo(this.previous.id);
  }

  /** Record a mapping-symbol change in .text (`$x` code, `$d` data). */
  mark(kind: 'x' | 'd'): void {
    const sec = this.sec;
    if (sec.id !== 'text' || sec.mapping === kind) return;
    sec.mapping = kind;
    this.mappingSyms.push({ off: sec.size, kind });
  }

  /** Append data bytes; .bss takes zeros only (`col` locates the value for the error). */
  data(bytes: ArrayLike<number>, col: number): void {
    const sec = this.sec;
    if (sec.id === 'bss') {
      sec.put(bytes);
      for (let i = 0; i < bytes.length; i++) if (bytes[i]) throw new AsmError('non-zero data in .bss (only zeros, .skip and .zero are allowed there)', col);
      return;
    }
    this.mark('d');
    sec.put(bytes);
  }

  /** Pad to a multiple of `n` bytes: with `fill`, else NOPs in .text (as GNU as and llvm-mc do), else zeros. */
  alignTo(n: number, fill: number | undefined, max: number | undefined, col: number): void {
    const sec = this.sec;
    sec.align = Math.max(sec.align, n);
    const pad = (n - (sec.size % n)) % n;
    if (pad === 0 || (max !== undefined && pad > max)) return;
    if (fill !== undefined) {
      if (fill && sec.id === 'bss') throw new AsmError('non-zero data in .bss (only zeros, .skip and .zero are allowed there)', col);
      sec.fill(pad, fill);
    } else if (sec.id === 'text') {
      sec.fill(pad % 4, 0);
      for (let i = 0; i < pad >> 2; i++) sec.put(le(BigInt(NOP), 4));
    } else sec.fill(pad, 0);
  }

  // ---- literal pools (GNU as model: per section, one pool per slot size)

  private literal(value: bigint, size: PoolSize, c: Cursor, pc: bigint): bigint {
    const sec = this.sec;
    if (sec.id === 'bss' || sec.id === 'discard') throw c.error('literal pools need a section with contents');
    const v = BigInt.asUintN(size * 8, value);
    let list = sec.pools.get(size);
    if (!list) sec.pools.set(size, (list = []));
    if (!list.includes(v)) list.push(v);
    // the slot's address is known from the previous walk; until then any value will do
    return this.prev.pools.get(slotKey(sec.id, sec.poolNo, size, v)) ?? pc;
  }

  /** `.ltorg`: place the pending literals of the current section here (4-byte, then 8, then 16, each aligned). */
  flushPool(sec: Section = this.sec): void {
    const saved = this.sec;
    this.sec = sec;
    for (const size of [4, 8, 16] as const) {
      const list = sec.pools.get(size);
      if (!list?.length) continue;
      this.mark('d');
      this.alignTo(size, 0, undefined, 1);
      for (const v of list) {
        this.slots.set(slotKey(sec.id, sec.poolNo, size, v), { sec: sec.id, off: sec.size });
        sec.put(le(v, size));
      }
    }
    sec.pools.clear();
    sec.poolNo++;
    this.sec = saved;
  }

  // ---- end of the walk

  /** Flush the remaining pools, lay out, and compute every symbol's final value. */
  finish(): Snapshot {
    for (const id of ['text', 'rodata', 'data'] as const) {
      const s = this.secs.get(id)!;
      if ([...s.pools.values()].some((l) => l.length)) this.flushPool(s);
    }
    const layout = planLayout(SECTION_KINDS.map((k) => ({ kind: k, size: this.secs.get(k)!.size, align: this.secs.get(k)!.align })));
    const bases = zeroBases();
    // an empty section (dropped from the file) sits where it would have started
    let end = ELF_BASE + BigInt(64 + 56 * layout.segments.length);
    for (const k of SECTION_KINDS) {
      const p = layout.sections.find((s) => s.kind === k);
      bases[k] = p ? p.addr : end;
      if (p) end = p.addr + BigInt(p.size);
    }
    const symbols = new Map<string, SymValue>();
    for (const [name, d] of this.defs) {
      if (d.kind === 'equ') symbols.set(name, { value: d.value, shifted: d.shifted });
      else symbols.set(name, { value: bases[d.sec] + BigInt(d.off), shifted: bases[d.sec] + SHIFT[d.sec] + BigInt(d.off) });
    }
    const pools = new Map<string, bigint>();
    for (const [k, s] of this.slots) pools.set(k, bases[s.sec] + BigInt(s.off));
    return { bases, symbols, pools, layout };
  }

  image(snap: Snapshot, file: string): Image {
    const layout = snap.layout!;
    const sections = layout.sections.map((p) => {
      const s = this.secs.get(p.kind)!;
      return { kind: p.kind, addr: p.addr, align: s.align, data: p.kind === 'bss' ? new Uint8Array(0) : s.bytes.slice(0, s.size), size: p.size };
    });
    const placed = new Set(layout.sections.map((s) => s.kind));
    const symbols: ImageSymbol[] = [];
    for (const name of this.order) {
      if (name.startsWith('.L') || name.includes('\u0002')) continue;
      const d = this.defs.get(name)!;
      if (d.kind === 'label' && d.sec === 'discard') continue;
      const a = this.attrs.get(name) ?? {};
      symbols.push({
        name,
        value: snap.symbols.get(name)!.value,
        size: a.size ?? 0n,
        type: a.type ?? 'notype',
        bind: a.bind ?? 'local',
        section: d.kind === 'label' && placed.has(d.sec as SectionKind) ? (d.sec as SectionKind) : null,
      });
    }
    if (placed.has('text')) {
      for (const m of this.mappingSyms) symbols.push({ name: `$${m.kind}`, value: snap.bases.text + BigInt(m.off), size: 0n, type: 'notype', bind: 'local', section: 'text' });
    }
    const start = snap.symbols.get('_start');
    const entry = start ? start.value : placed.has('text') ? snap.bases.text : ELF_BASE;
    return { entry, sections, symbols, fileName: file.slice(file.lastIndexOf('/') + 1) };
  }

  lineInfo(snap: Snapshot): LineInfo[] {
    return this.lines.map((l) => ({ addr: snap.bases[l.sec] + BigInt(l.off), file: l.st.file, line: l.st.line }));
  }
}

function localName(digits: string, k: number): string {
  return `${digits}\u0002${k}`;
}

function slotKey(sec: SecId, poolNo: number, size: number, v: bigint): string {
  return `${sec}:${poolNo}:${size}:${v}`;
}

function undefinedMessage(name: string): string {
  const m = /^([0-9]+)([bf])$/.exec(name);
  if (/^[xw][0-9]+$/i.test(name)) return `'${name}' is not a register (x0-x30, w0-w30) nor a defined symbol`;
  if (!m) return `undefined symbol '${name}'`;
  return m[2] === 'b' ? `undefined local label '${name}' (no '${m[1]}:' before this point)` : `undefined local label '${name}' (no '${m[1]}:' after this point)`;
}

function sectionName(id: SecId): string {
  return id === 'discard' ? 'a non-allocated section' : `.${id}`;
}

// ---------------------------------------------------------------- directives

type Directive = (p: Pass, c: Cursor, name: string) => void;

/** An absolute integer operand that must lie in [lo, hi]. */
function absInRange(p: Pass, c: Cursor, lo: number, hi: number, what: string): number {
  c.skipWs();
  const at = c.col;
  const v = p.evaluate(c, { absolute: true });
  if (v < BigInt(lo) || v > BigInt(hi)) throw new AsmError(`${what} must be in range [${lo}, ${hi}] (got ${v})`, at);
  return Number(v);
}

/** Section for a name and optional flags/type (ld's default script puts .text.*, .rodata.*, ... into the four outputs). */
function sectionFor(name: string, flags: string | undefined, type: string | undefined): SecId | undefined {
  for (const k of SECTION_KINDS) if (name === `.${k}` || name.startsWith(`.${k}.`)) return k;
  if (/^\.(note|comment|debug)/.test(name)) return 'discard';
  if (flags === undefined) return undefined;
  if (!flags.includes('a')) return 'discard';
  if (flags.includes('x')) return 'text';
  if (flags.includes('w')) return type === 'nobits' ? 'bss' : 'data';
  return 'rodata';
}

function parseSection(c: Cursor): SecId {
  c.skipWs();
  const at = c.col;
  let name: string;
  if (c.peek() === '"') name = new TextDecoder().decode(readString(c));
  else {
    const m = /^[A-Za-z0-9_.$-]+/.exec(c.text.slice(c.pos));
    if (!m) throw c.error('expected a section name');
    name = m[0];
    c.pos += name.length;
  }
  let flags: string | undefined;
  let type: string | undefined;
  if (c.eat(',')) {
    flags = new TextDecoder().decode(readString(c));
    if (c.eat(',')) {
      c.skipWs();
      c.eat('@') || c.eat('%');
      type = c.word();
      // entity size, group name, ...: not needed for a static image
      c.pos = c.text.length;
    }
  }
  const id = sectionFor(name, flags, type);
  if (!id) throw new AsmError(`unknown section '${name}' (give its flags, e.g. .section ${name}, "a")`, at);
  return id;
}

function dataDirective(p: Pass, c: Cursor, name: string): void {
  const size = DATA_SIZES[name]!;
  if (c.atEnd()) return;
  const lo = -(2n ** BigInt(size * 8 - 1));
  const hi = 2n ** BigInt(size * 8) - 1n;
  do {
    c.skipWs();
    const at = c.col;
    const off = p.section.size;
    try {
      const v = p.evaluate(c, { dotOff: off });
      if (size < 8 && (v < lo || v > hi)) throw new AsmError(`value ${v} is out of range for ${name} (${size} byte${size > 1 ? 's' : ''}: [${lo}, ${hi}])`, at);
      p.data(le(v, size), at);
    } catch (e) {
      // keep the layout: the value still takes its bytes
      if (p.section.size === off) p.section.put(new Array(size).fill(0));
      if (!(e instanceof AsmError) || !(c.atEnd() || c.peek() === ',')) throw e;
      p.report(e.col, e.message);
    }
  } while (c.eat(','));
}


function stringDirective(p: Pass, c: Cursor, name: string): void {
  const zero = name !== '.ascii';
  do {
    c.skipWs();
    const at = c.col;
    const b = readString(c);
    p.data(b, at);
    if (zero) p.data([0], at);
  } while (c.eat(','));
}

function skipDirective(p: Pass, c: Cursor): void {
  const n = absInRange(p, c, 0, MAX_FILL, 'size');
  let fill = 0;
  let at = c.col;
  if (c.eat(',')) {
    c.skipWs();
    at = c.col;
    fill = absInRange(p, c, -128, 255, 'fill value') & 0xff;
  }
  if (fill && p.section.id === 'bss') throw new AsmError('non-zero data in .bss (only zeros, .skip and .zero are allowed there)', at);
  if (p.section.id === 'text') p.mark('d');
  p.section.fill(n, fill);
}

function fillDirective(p: Pass, c: Cursor): void {
  const repeat = absInRange(p, c, 0, MAX_FILL, '.fill repeat count');
  let size = 1;
  let value = 0n;
  let at = c.col;
  if (c.eat(',')) {
    size = absInRange(p, c, 0, 8, '.fill size');
    if (c.eat(',')) {
      c.skipWs();
      at = c.col;
      value = p.evaluate(c, { absolute: true });
    }
  }
  if (repeat * size > MAX_FILL) throw new AsmError(`.fill of ${repeat * size} bytes is too large`, at);
  // GNU as: each item comes from an 8-byte number whose high 4 bytes are zero
  const item = le(BigInt.asUintN(32, value), 8).slice(0, size);
  for (let i = 0; i < repeat; i++) p.data(item, at);
}

function alignDirective(p: Pass, c: Cursor, name: string): void {
  c.skipWs();
  const at = c.col;
  const v = p.evaluate(c, { absolute: true });
  let n: number;
  if (name === '.balign') {
    if (v <= 0n || (v & (v - 1n)) !== 0n) throw new AsmError(`alignment must be a power of 2 (got ${v})`, at);
    if (v > 1n << BigInt(MAX_P2ALIGN)) throw new AsmError(`alignment too large: ${v} (at most ${1 << MAX_P2ALIGN})`, at);
    n = Number(v);
  } else {
    if (v < 0n || v > BigInt(MAX_P2ALIGN)) throw new AsmError(`alignment too large: ${name} ${v} (at most ${MAX_P2ALIGN}, i.e. 64 KiB)`, at);
    n = 1 << Number(v);
  }
  let fill: number | undefined;
  let max: number | undefined;
  if (c.eat(',')) {
    if (c.peek() !== ',') fill = absInRange(p, c, -128, 255, 'fill value') & 0xff;
    if (c.eat(',')) max = absInRange(p, c, 0, MAX_FILL, 'maximum padding');
  }
  p.alignTo(n, fill, max, at);
}

function instDirective(p: Pass, c: Cursor): void {
  do {
    c.skipWs();
    const at = c.col;
    const sec = p.section;
    if (sec.id === 'bss') throw new AsmError('instructions are not allowed in .bss', at);
    if (sec.size % 4 !== 0) throw new AsmError(`misaligned instruction: offset 0x${sec.size.toString(16)} in .${sec.id} is not a multiple of 4`, at);
    const off = sec.size;
    p.mark('x');
    try {
      const v = p.evaluate(c, { dotOff: off });
      if (v < -(1n << 31n) || v >= 1n << 32n) throw new AsmError(`.inst value ${v} does not fit in 32 bits`, at);
      sec.put(le(v, 4));
    } catch (e) {
      if (sec.size === off) sec.put([0, 0, 0, 0]);
      if (!(e instanceof AsmError) || !(c.atEnd() || c.peek() === ',')) throw e;
      p.report(e.col, e.message);
    }
  } while (c.eat(','));
}

/**
 * Apply an architecture string to `features`: `.arch`/`-march` form
 * (`armv8.5-a+memtag+nosimd`, resets to base + simd first), `.cpu` form
 * (`NAME+ext...`, the name is not checked) or one `.arch_extension`
 * (`memtag`, `nomemtag`). Returns an error and its offset in `spec`, or null.
 */
export function applyArch(spec: string, form: 'arch' | 'cpu' | 'extension', features: Set<Feature>): { message: string; offset: number } | null {
  const parts = spec.toLowerCase().split('+');
  const exts = form === 'extension' ? parts : parts.slice(1);
  if (form === 'arch') {
    if (!ARCH.test(parts[0]!)) return { message: `unknown architecture '${parts[0]}'`, offset: 0 };
    features.clear();
    features.add('base');
    features.add('simd');
  }
  let offset = form === 'extension' ? 0 : parts[0]!.length + 1;
  for (const ext of exts) {
    const off = ext.startsWith('no') && Object.hasOwn(EXTENSIONS, ext.slice(2));
    const key = off ? ext.slice(2) : ext;
    const list = Object.hasOwn(EXTENSIONS, key) ? EXTENSIONS[key] : undefined;
    if (!list) return { message: `unknown architecture extension '${ext}'`, offset };
    for (const f of list) off ? features.delete(f) : features.add(f);
    offset += ext.length + 1;
  }
  return null;
}

function archDirective(p: Pass, c: Cursor, name: string): void {
  c.skipWs();
  const at = c.col;
  const m = /^[A-Za-z0-9_.+-]+/.exec(c.text.slice(c.pos));
  if (!m) throw c.error(name === '.arch_extension' ? 'expected an extension name' : 'expected an architecture name');
  c.pos += m[0].length;
  const form = name === '.arch' ? 'arch' : name === '.cpu' ? 'cpu' : 'extension';
  const err = applyArch(m[0], form, p.features);
  if (err) throw new AsmError(err.message, at + err.offset);
}

function typeDirective(p: Pass, c: Cursor): void {
  const { name } = p.symbolName(c);
  c.expect(',');
  c.skipWs();
  const at = c.col;
  let t: string;
  if (c.peek() === '"') t = new TextDecoder().decode(readString(c));
  else {
    if (c.text[c.pos] === '@' || c.text[c.pos] === '%') c.pos++;
    t = c.word();
  }
  const TYPES: Record<string, ImageSymbol['type']> = { function: 'func', stt_func: 'func', object: 'object', stt_object: 'object', notype: 'notype', stt_notype: 'notype' };
  const type = Object.hasOwn(TYPES, t.toLowerCase()) ? TYPES[t.toLowerCase()] : undefined;
  if (!type) throw new AsmError(`unknown symbol type '${t}' (use %function, %object or %notype)`, at);
  p.attrsOf(name).type = type;
}

const DIRECTIVES: Record<string, Directive> = {
  '.text': (p) => p.switchTo('text'),
  '.data': (p) => p.switchTo('data'),
  '.bss': (p) => p.switchTo('bss'),
  '.rodata': (p) => p.switchTo('rodata'),
  '.section': (p, c) => p.switchTo(parseSection(c)),
  '.pushsection': (p, c) => p.pushSection(parseSection(c)),
  '.popsection': (p, c) => p.popSection(c),
  '.previous': (p) => p.previousSection(),

  '.globl': (p, c) => {
    do p.attrsOf(p.symbolName(c).name).bind = 'global';
    while (c.eat(','));
  },
  '.weak': (p, c) => {
    do p.attrsOf(p.symbolName(c).name).bind = 'weak';
    while (c.eat(','));
  },
  '.type': typeDirective,
  '.size': (p, c) => {
    const { name } = p.symbolName(c);
    c.expect(',');
    p.attrsOf(name).size = p.evaluate(c, { absolute: true });
  },

  '.ascii': stringDirective,
  '.asciz': stringDirective,
  '.string': stringDirective,
  '.skip': skipDirective,
  '.space': skipDirective,
  '.zero': (p, c) => {
    const n = absInRange(p, c, 0, MAX_FILL, 'size');
    if (p.section.id === 'text') p.mark('d');
    p.section.fill(n, 0);
  },
  '.fill': fillDirective,
  '.balign': alignDirective,
  '.p2align': alignDirective,
  // on AArch64 (as on ARM) GNU as's .align takes a power of two, like .p2align
  '.align': alignDirective,

  '.equ': (p, c) => {
    const { name, col } = p.symbolName(c);
    c.expect(',');
    p.assign(name, col, c, false);
  },
  '.equiv': (p, c) => {
    const { name, col } = p.symbolName(c);
    c.expect(',');
    p.assign(name, col, c, true);
  },
  // expanded before the passes
  '.include': (_p, c) => {
    c.pos = c.text.length;
  },
  '.arch': archDirective,
  '.arch_extension': archDirective,
  '.cpu': archDirective,
  '.inst': instDirective,
  '.ltorg': (p) => p.flushPool(),
  '.pool': (p) => p.flushPool(),
  '.error': (_p, c) => {
    c.skipWs();
    const at = c.col;
    const msg = c.atEnd() ? '.error directive' : new TextDecoder().decode(readString(c));
    throw new AsmError(msg, at);
  },
};
DIRECTIVES['.set'] = DIRECTIVES['.equ']!;
DIRECTIVES['.global'] = DIRECTIVES['.globl']!;
for (const d of Object.keys(DATA_SIZES)) DIRECTIVES[d] = dataDirective;
