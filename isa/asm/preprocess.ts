// Text-level expansion before the assembler's passes, as GNU as does it:
//   .include "file"                 the file's statements, in place
//   .macro NAME p1, p2=default, p3:req, rest:vararg ... .endm   (and .purgem)
//   NAME a1, a2 / NAME a1 a2 / NAME p2=x      an invocation: the body with
//                                   \p1 ... replaced, \@ = invocations so far,
//                                   \() = nothing (a separator: t_\n\()_x)
//   .rept N ... .endr               N copies (N a constant known here)
//   .irp s, v1, v2 ... .endr        one copy per value, \s replaced
//   .irpc s, chars ... .endr        one copy per character
//   .if/.ifdef/.ifb/.ifc/... .elseif .else .endif   decided here when the
//                                   test needs no label (so a recursive macro
//                                   can stop); otherwise left to the passes
// Arguments are separated by commas or blanks; "quotes" keep commas and
// blanks inside one argument (and are removed), as in GNU as. Statements
// from an expansion keep the file and line of the body line they came
// from, plus notes naming each invocation.

import { AsmError, Cursor } from './cursor.ts';
import { parseExpr } from './expr.ts';
import { lex, readString, type Diagnostic, type Statement } from './lexer.ts';

export interface PreprocessOptions {
  include?: (path: string) => string;
}

const MAX_INCLUDE_DEPTH = 32;
const MAX_EXPANSION_DEPTH = 100;
/** Total statements an expansion may produce (a guard against runaway .rept). */
const MAX_STATEMENTS = 1_000_000;

interface Param {
  name: string;
  def?: string;
  req?: boolean;
  vararg?: boolean;
}

/** An open conditional: decided here ('pre'), or left to the passes ('pass'). */
type Cond = { mode: 'pre'; on: boolean; taken: boolean; st: Statement } | { mode: 'pass'; st: Statement };

/** Conditional directives and what they test (shared with the passes, which evaluate the 'pass' ones). */
export const CONDITIONS: Record<string, 'ne' | 'eq' | 'gt' | 'ge' | 'lt' | 'le' | 'def' | 'ndef' | 'b' | 'nb' | 'c' | 'nc'> = {
  '.if': 'ne', '.ifne': 'ne', '.ifeq': 'eq', '.ifgt': 'gt', '.ifge': 'ge', '.iflt': 'lt', '.ifle': 'le',
  '.ifdef': 'def', '.ifndef': 'ndef', '.ifnotdef': 'ndef', '.ifb': 'b', '.ifnb': 'nb', '.ifc': 'c', '.ifnc': 'nc',
};

interface Macro {
  name: string;
  params: Param[];
  /** Body lines as written, with where they are. */
  body: { text: string; file: string; line: number }[];
}

/** `name` relative to the directory of `from` (plain string work: isa/ uses no host APIs). */
export function resolveInclude(from: string, name: string): string {
  if (name.startsWith('/')) return name;
  const slash = from.lastIndexOf('/');
  return slash < 0 ? name : from.slice(0, slash + 1) + name;
}

/** A diagnostic and where it belongs in the output: before statement `at` (for sorting with the passes' errors). */
export interface PlacedDiagnostic {
  d: Diagnostic;
  at: number;
}

/**
 * Expand `source` into the statement list the passes walk. Problems are
 * appended to `errors`; the statements around them are kept.
 */
export function preprocess(source: string, file: string, opts: PreprocessOptions, errors: PlacedDiagnostic[]): Statement[] {
  return new Preprocessor(opts, errors).file(source, file, 0);
}

const isDirective = (st: Statement, ...names: string[]) => st.kind === 'directive' && names.includes(st.name.toLowerCase());

class Preprocessor {
  private readonly macros = new Map<string, Macro>();
  /** Constants known so far (for .rept counts and early .if): `.equ`/`.set`/`=` whose value needs no label. */
  private readonly consts = new Map<string, bigint>();
  /** Labels and symbols defined so far (for .ifdef). */
  private readonly defined = new Set<string>();
  private invocations = 0;
  private produced = 0;

  constructor(
    private readonly opts: PreprocessOptions,
    private readonly errors: PlacedDiagnostic[],
  ) {}

  file(source: string, file: string, depth: number): Statement[] {
    const { statements, errors } = lex(source, file);
    const out = this.statements(statements, depth, 0);
    for (const d of errors) this.errors.push({ d, at: this.produced });
    return out;
  }

  private fail(st: Statement, col: number, message: string): void {
    const d: Diagnostic = { file: st.file, line: st.line, col, message, source: st.source };
    if (st.notes) d.notes = st.notes;
    this.errors.push({ d, at: this.produced });
  }

  /** Expand a statement list. `depth` counts includes, `nest` macro/rept expansions. */
  private statements(list: readonly Statement[], depth: number, nest: number): Statement[] {
    const out: Statement[] = [];
    const conds: Cond[] = [];
    const off = () => conds.some((k) => k.mode === 'pre' && !k.on);
    for (let i = 0; i < list.length; i++) {
      const st = list[i]!;
      try {
        const name = st.kind === 'directive' ? st.name.toLowerCase() : '';
        if (name in CONDITIONS || name === '.elseif' || name === '.else' || name === '.endif') {
          this.conditional(st, name, conds, off(), out);
          continue;
        }
        if (off()) continue;
        if (st.error) {
          this.fail(st, st.error.col, st.error.message);
          if (st.labels.length) this.emit(out, { ...st, error: undefined });
          continue;
        }
        for (const l of st.labels) this.defined.add(l.name);
        if (st.kind === 'directive') {
          if (name === '.macro') {
            i = this.defineMacro(list, i);
            continue;
          }
          if (name === '.rept' || name === '.irp' || name === '.irpc') {
            const start = i;
            i = this.blockEnd(list, i, ['.rept', '.irp', '.irpc'], '.endr');
            out.push(...this.repeat(st, list.slice(start + 1, i), depth, nest));
            continue;
          }
          if (name === '.endm' || name === '.endr') throw new AsmError(`'${st.name}' without a matching '${name === '.endm' ? '.macro' : '.rept'}'`, st.nameCol);
          if (name === '.purgem') {
            const c = new Cursor(st.text, 1, st.pos);
            c.skipWs();
            const at = c.col;
            const m = c.word();
            if (!this.macros.delete(m)) throw new AsmError(`no macro '${m}' to purge`, at);
            continue;
          }
          if (name === '.include') {
            this.emit(out, st);
            out.push(...this.include(st, depth));
            continue;
          }
          if (name === '.equ' || name === '.set' || name === '.equiv') this.noteConst(st, true);
        } else if (st.kind === 'assign') {
          this.noteConst(st, false);
        } else if (st.kind === 'insn' && this.macros.has(st.name.toLowerCase())) {
          if (st.labels.length) this.emit(out, { ...st, kind: 'empty', name: '' });
          out.push(...this.invoke(this.macros.get(st.name.toLowerCase())!, st, depth, nest));
          continue;
        }
        this.emit(out, st);
      } catch (e) {
        if (!(e instanceof AsmError)) throw e;
        this.fail(st, e.col, e.message);
        if (e.message.startsWith('expansion produced')) return out;
      }
    }
    for (const k of conds) if (k.mode === 'pre') this.fail(k.st, k.st.nameCol, `'${k.st.name}' has no matching '.endif'`);
    return out;
  }

  /**
   * `.if` and friends. What can be decided here (text tests, .ifdef, and
   * expressions over constants) is decided here, so that a recursive macro
   * can stop itself; a test that needs label values is left in the output
   * for the passes ('pass' mode).
   */
  private conditional(st: Statement, name: string, conds: Cond[], off: boolean, out: Statement[]): void {
    const top = conds[conds.length - 1];
    if (name in CONDITIONS) {
      if (off) {
        conds.push({ mode: 'pre', on: false, taken: true, st });
        return;
      }
      for (const l of st.labels) this.defined.add(l.name);
      const d = this.decide(st, name);
      if (d === undefined) {
        conds.push({ mode: 'pass', st });
        this.emit(out, st);
        return;
      }
      if (st.labels.length) this.emit(out, { ...st, kind: 'empty', name: '' });
      conds.push({ mode: 'pre', on: d, taken: d, st });
      return;
    }
    if (!top || top.mode === 'pass') {
      // the passes match (or reject) it
      if (name === '.endif') conds.pop();
      if (!off) this.emit(out, st);
      return;
    }
    if (name === '.endif') conds.pop();
    else if (name === '.else') {
      top.on = !top.taken;
      top.taken = true;
    } else if (top.taken) top.on = false;
    else {
      const d = this.decide(st, '.if');
      if (d === undefined) throw new AsmError("this '.elseif' needs a value known here (a constant), as its '.if' was decided early", st.nameCol);
      top.on = d;
      top.taken = d;
    }
  }

  /** The test's result, or undefined when it needs values only the passes know. */
  private decide(st: Statement, name: string): boolean | undefined {
    const c = new Cursor(st.text, 1, st.pos);
    const kind = CONDITIONS[name]!;
    if (kind === 'b' || kind === 'nb') return (c.text.slice(c.pos).trim() === '') === (kind === 'b');
    if (kind === 'c' || kind === 'nc') {
      const rest = c.text.slice(c.pos);
      const comma = rest.indexOf(',');
      if (comma < 0) return undefined;
      const unquote = (t: string) => t.trim().replace(/^"(.*)"$/, '$1');
      return (unquote(rest.slice(0, comma)) === unquote(rest.slice(comma + 1))) === (kind === 'c');
    }
    if (kind === 'def' || kind === 'ndef') {
      const m = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*$/.exec(c.text.slice(c.pos));
      return m ? this.defined.has(m[1]!) === (kind === 'def') : undefined;
    }
    const v = this.constant(c);
    if (v === undefined) return undefined;
    return { ne: v !== 0n, eq: v === 0n, gt: v > 0n, ge: v >= 0n, lt: v < 0n, le: v <= 0n }[kind];
  }

  /** The value of the expression at `c` if it is a constant known here (and nothing follows it). */
  private constant(c: Cursor): bigint | undefined {
    let ok = true;
    try {
      const v = parseExpr(c, {
        get dot(): bigint {
          ok = false;
          return 0n;
        },
        symbol: (s) => {
          const k = this.consts.get(s);
          if (k === undefined) ok = false;
          return k ?? 0n;
        },
      });
      return ok && c.atEnd() ? v : undefined;
    } catch {
      return undefined;
    }
  }

  /** Append a statement to the output (`produced` counts them: it is the output index errors are placed at). */
  private emit(out: Statement[], st: Statement): void {
    out.push(st);
    if (++this.produced > MAX_STATEMENTS) throw new AsmError(`expansion produced more than ${MAX_STATEMENTS} statements`, st.nameCol);
  }

  /** Index of the statement closing the block opened at `start` (nesting counted), or throws. */
  private blockEnd(list: readonly Statement[], start: number, open: string[], close: string): number {
    let level = 0;
    for (let j = start + 1; j < list.length; j++) {
      if (isDirective(list[j]!, ...open)) level++;
      else if (isDirective(list[j]!, close)) {
        if (level === 0) return j;
        level--;
      }
    }
    const st = list[start]!;
    throw new AsmError(`'${st.name}' has no matching '${close}'`, st.nameCol);
  }

  /** The body as physical lines (a line holding several statements once). */
  private bodyLines(list: readonly Statement[], from: number, to: number): Macro['body'] {
    const body: Macro['body'] = [];
    let last = '';
    for (let j = from; j < to; j++) {
      const st = list[j]!;
      const key = `${st.file}\u0000${st.line}`;
      if (key === last) continue;
      last = key;
      body.push({ text: st.source, file: st.file, line: st.line });
    }
    return body;
  }

  private defineMacro(list: readonly Statement[], i: number): number {
    const st = list[i]!;
    let end: number;
    try {
      end = this.blockEnd(list, i, ['.macro'], '.endm');
    } catch (e) {
      this.fail(st, (e as AsmError).col, (e as AsmError).message);
      return list.length;
    }
    const c = new Cursor(st.text, 1, st.pos);
    c.skipWs();
    const at = c.col;
    const m = /^[A-Za-z_.$][A-Za-z0-9_.$]*/.exec(c.text.slice(c.pos));
    if (!m) {
      this.fail(st, at, 'expected a macro name');
      return end;
    }
    c.pos += m[0].length;
    const name = m[0].toLowerCase();
    const params: Param[] = [];
    c.eat(',');
    while (!c.atEnd()) {
      c.skipWs();
      const pat = c.col;
      const pm = /^([A-Za-z_][A-Za-z0-9_]*)(:req|:vararg)?/.exec(c.text.slice(c.pos));
      if (!pm) {
        this.fail(st, pat, 'expected a parameter name');
        return end;
      }
      c.pos += pm[0].length;
      const p: Param = { name: pm[1]!, req: pm[2] === ':req', vararg: pm[2] === ':vararg' };
      c.skipWs();
      if (c.text[c.pos] === '=') {
        c.pos++;
        p.def = this.argument(c);
      }
      params.push(p);
      c.eat(',');
    }
    if (this.macros.has(name)) this.fail(st, at, `macro '${m[0]}' is already defined`);
    else this.macros.set(name, { name: m[0], params, body: this.bodyLines(list, i + 1, end) });
    return end;
  }

  /** One macro argument: up to a top-level comma or blank; quotes group and are removed. */
  private argument(c: Cursor, rest = false): string {
    c.skipWs();
    if (rest) {
      const v = c.text.slice(c.pos).trim();
      c.pos = c.text.length;
      return v;
    }
    let v = '';
    let depth = 0;
    while (c.pos < c.text.length) {
      const ch = c.text[c.pos]!;
      if (ch === '"') {
        const at = c.pos;
        readString(c);
        v += c.text.slice(at + 1, c.pos - 1);
        continue;
      }
      if (depth === 0 && (ch === ',' || ch === ' ' || ch === '\t')) break;
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      v += ch;
      c.pos++;
    }
    return v;
  }

  private invoke(mac: Macro, st: Statement, depth: number, nest: number): Statement[] {
    if (nest >= MAX_EXPANSION_DEPTH) throw new AsmError(`macros nested more than ${MAX_EXPANSION_DEPTH} deep (does '${mac.name}' invoke itself?)`, st.nameCol);
    const c = new Cursor(st.text, 1, st.pos);
    const values = new Map<string, string>();
    let next = 0;
    c.eat(',');
    while (!c.atEnd()) {
      c.skipWs();
      const at = c.col;
      const kw = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(c.text.slice(c.pos));
      if (kw && mac.params.some((p) => p.name === kw[1])) {
        c.pos += kw[0].length;
        values.set(kw[1]!, this.argument(c));
      } else {
        const p = mac.params[next++];
        if (!p) throw new AsmError(`too many arguments for macro '${mac.name}' (it takes ${mac.params.length})`, at);
        values.set(p.name, this.argument(c, p.vararg));
      }
      c.skipWs();
      c.eat(',');
    }
    for (const p of mac.params) {
      if (values.has(p.name) && values.get(p.name) !== '') continue;
      if (p.req) throw new AsmError(`missing value for required parameter '${p.name}' of macro '${mac.name}'`, st.nameCol);
      values.set(p.name, p.def ?? '');
    }
    const counter = String(this.invocations++);
    const note: Diagnostic = { file: st.file, line: st.line, col: st.nameCol, message: `in macro '${mac.name}' invoked here`, source: st.source };
    const text = mac.body.map((b) => substitute(b.text, values, counter)).join('\n');
    // a deep recursion keeps its innermost and outermost invocations only
    let notes = [note, ...(st.notes ?? [])];
    if (notes.length > 8) notes = [...notes.slice(0, 4), ...notes.slice(-4)];
    return this.expandBody(text, mac.body, notes, depth, nest + 1);
  }

  /** Lex expanded body text, give each statement its body line's place, and expand it further. */
  private expandBody(text: string, body: Macro['body'], notes: Diagnostic[], depth: number, nest: number): Statement[] {
    const { statements, errors } = lex(text, '');
    const place = <T extends { file: string; line: number }>(x: T): T => {
      const b = body[x.line - 1]!;
      return { ...x, file: b.file, line: b.line, notes };
    };
    for (const d of errors) this.errors.push({ d: place(d), at: this.produced });
    return this.statements(statements.map(place), depth, nest);
  }

  private repeat(st: Statement, inner: Statement[], depth: number, nest: number): Statement[] {
    if (nest >= MAX_EXPANSION_DEPTH) throw new AsmError(`.rept/.irp nested more than ${MAX_EXPANSION_DEPTH} deep`, st.nameCol);
    const name = st.name.toLowerCase();
    const c = new Cursor(st.text, 1, st.pos);
    const body = this.bodyLines(inner, 0, inner.length);
    const copies: Map<string, string>[] = [];
    if (name === '.rept') {
      c.skipWs();
      const at = c.col;
      const n = parseExpr(c, {
        get dot(): bigint {
          throw new AsmError("'.' is not a constant (.rept needs one)", at);
        },
        symbol: (s) => this.consts.get(s) ?? fail(s, at),
      });
      if (n < 0n || n > BigInt(MAX_STATEMENTS)) throw new AsmError(`.rept count must be in range [0, ${MAX_STATEMENTS}] (got ${n})`, at);
      for (let k = 0n; k < n; k++) copies.push(new Map());
    } else {
      c.skipWs();
      const at = c.col;
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(c.text.slice(c.pos));
      if (!m) throw new AsmError('expected a parameter name', at);
      c.pos += m[0].length;
      c.eat(',');
      if (name === '.irpc') {
        for (const ch of this.argument(c)) copies.push(new Map([[m[0], ch]]));
      } else {
        const vals: string[] = [];
        while (!c.atEnd()) {
          vals.push(this.argument(c));
          c.skipWs();
          c.eat(',');
        }
        for (const v of vals.length ? vals : ['']) copies.push(new Map([[m[0], v]]));
      }
    }
    if (!c.atEnd()) throw c.error(`unexpected text after the operands of ${st.name}`);
    const out: Statement[] = [];
    for (const values of copies) {
      const text = body.map((b) => substitute(b.text, values, null)).join('\n');
      out.push(...this.expandBody(text, body, st.notes ?? [], depth, nest + 1));
    }
    return out;
  }

  private include(st: Statement, depth: number): Statement[] {
    const c = new Cursor(st.text, 1, st.pos);
    c.skipWs();
    const at = c.col;
    if (c.peek() !== '"') throw c.error('expected a file name in double quotes');
    const name = new TextDecoder().decode(readString(c));
    if (!c.atEnd()) throw c.error('unexpected text after the file name');
    const path = resolveInclude(st.file, name);
    if (depth >= MAX_INCLUDE_DEPTH) throw new AsmError(`.include nested more than ${MAX_INCLUDE_DEPTH} deep (does '${name}' include itself?)`, at);
    let text: string;
    try {
      if (!this.opts.include) throw new Error('no include reader was given to the assembler');
      text = this.opts.include(path);
    } catch (e) {
      throw new AsmError(`cannot include '${path}': ${(e as Error).message}`, at);
    }
    return this.file(text, path, depth + 1);
  }

  /** Remember `.equ NAME, constant` / `NAME = constant` for .rept counts and early .if; anything else forgets NAME. */
  private noteConst(st: Statement, directive: boolean): void {
    const c = new Cursor(st.text, 1, st.pos);
    let name = st.name;
    if (directive) {
      c.skipWs();
      const m = /^[A-Za-z_.$][A-Za-z0-9_.$]*/.exec(c.text.slice(c.pos));
      if (!m) return;
      name = m[0];
      c.pos += name.length;
      if (!c.eat(',')) return;
    }
    this.defined.add(name);
    const v = this.constant(c);
    if (v === undefined) this.consts.delete(name);
    else this.consts.set(name, v);
  }
}

function fail(name: string, at: number): never {
  throw new AsmError(`'${name}' is not a constant defined before this point (.rept needs one)`, at);
}

/** Replace `\param` with its value, `\@` with the invocation counter, `\()` with nothing. */
function substitute(text: string, values: ReadonlyMap<string, string>, counter: string | null): string {
  return text.replace(/\\(@|\(\)|[A-Za-z_][A-Za-z0-9_]*)/g, (all, what: string) => {
    if (what === '()') return values.size || counter !== null ? '' : all;
    if (what === '@') return counter ?? all;
    return values.get(what) ?? all;
  });
}
