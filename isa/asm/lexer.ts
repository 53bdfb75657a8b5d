// Source text -> statements, the way GNU as reads AArch64 assembly:
//   `//` starts a comment anywhere, `/* ... */` may span lines, `#` as the
//   first non-blank character makes the line a comment, `;` separates
//   statements, and a statement is `label: ... label: name operands`.
// Strings ("...") and character literals ('c) are skipped over so that a
// `;` or `//` inside them is data. Columns are 1-based character positions
// in the physical line (a tab counts as one), as llvm-mc reports them.
// Also here: diagnostics (`file:line:col: error: ...` + source + caret) and
// string-literal parsing with C escapes.

import { AsmError, Cursor } from './cursor.ts';

/** One error, located in a source line. */
export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  message: string;
  /** The physical source line (for the caret display). */
  source: string;
  /** Where this came from when it is inside a macro expansion (innermost first), printed as notes. */
  notes?: Diagnostic[];
}

/**
 * GNU/LLVM style three-line message: `file:line:col: error: message`, the
 * source line, and a caret under the column (tabs in the source are kept
 * in the caret line so that it lines up in a terminal); then, for an error
 * inside a macro expansion, the same three lines for each invocation
 * (`note: in macro 'NAME'`), as llvm-mc prints them.
 */
export function formatDiagnostic(d: Diagnostic): string {
  return [format(d, 'error'), ...(d.notes ?? []).map((n) => format(n, 'note'))].join('\n');
}

function format(d: Diagnostic, kind: 'error' | 'note'): string {
  let pad = '';
  for (let i = 0; i < d.col - 1; i++) pad += d.source[i] === '\t' ? '\t' : ' ';
  return `${d.file}:${d.line}:${d.col}: ${kind}: ${d.message}\n${d.source}\n${pad}^`;
}

export type StatementKind = 'empty' | 'insn' | 'directive' | 'assign';

export interface Statement {
  file: string;
  /** 1-based line number. */
  line: number;
  /** The physical line as written (for diagnostics). */
  source: string;
  /**
   * The line with comments blanked out, cut at the end of this statement.
   * Operand parsing runs a Cursor over it starting at `pos`, so cursor
   * columns are source columns.
   */
  text: string;
  labels: { name: string; col: number }[];
  kind: StatementKind;
  /** Mnemonic, directive (with its dot) or assigned symbol, as written. */
  name: string;
  nameCol: number;
  /** Index in `text` where the operands (or the assigned expression) start. */
  pos: number;
  /** Set inside macro expansions: the invocations that produced this statement, innermost first. */
  notes?: Diagnostic[];
  /** A statement that could not be read (kind 'empty'; its labels still count). Reported by the preprocessor unless it is inside a macro body. */
  error?: { col: number; message: string };
}

const NAME = /^[A-Za-z_.$][A-Za-z0-9_.$]*/;
const LABEL = /^([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+):/;

/**
 * Split `source` into statements. Never throws: a statement that cannot be
 * read carries `error`; `errors` holds what belongs to no statement (an
 * unterminated block comment).
 */
export function lex(source: string, file: string): { statements: Statement[]; errors: Diagnostic[] } {
  const statements: Statement[] = [];
  const errors: Diagnostic[] = [];
  const lines = source.split('\n');
  // an open `/* ... */` carried over from an earlier line
  let openComment: { line: number; col: number; source: string } | null = null;

  lines.forEach((raw, li) => {
    const src = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const chars = src.split('');
    const cuts: number[] = [];
    let i = 0;
    if (openComment) {
      const end = src.indexOf('*/');
      const stop = end < 0 ? src.length : end + 2;
      for (let k = 0; k < stop; k++) chars[k] = ' ';
      i = stop;
      if (end >= 0) openComment = null;
    }
    if (i === 0 && /^\s*#/.test(src)) {
      chars.fill(' ');
      i = src.length;
    }
    while (i < src.length) {
      const ch = src[i]!;
      if (ch === '"') {
        // skip a string, honouring backslash escapes; an unterminated one runs to the end of the line
        i++;
        while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
        i++;
      } else if (ch === "'") {
        // character literal 'c' or 'c' with a closing quote; '\n' style escapes
        i += src[i + 1] === '\\' ? 3 : 2;
        if (src[i] === "'") i++;
      } else if (ch === '/' && src[i + 1] === '/') {
        for (let k = i; k < src.length; k++) chars[k] = ' ';
        break;
      } else if (ch === '/' && src[i + 1] === '*') {
        const end = src.indexOf('*/', i + 2);
        const stop = end < 0 ? src.length : end + 2;
        for (let k = i; k < stop; k++) chars[k] = ' ';
        if (end < 0) openComment = { line: li + 1, col: i + 1, source: src };
        i = stop;
      } else if (ch === ';') {
        cuts.push(i);
        chars[i] = ' ';
        i++;
      } else i++;
    }
    const clean = chars.join('');
    let start = 0;
    for (const end of [...cuts, clean.length]) {
      const st = statement(clean.slice(0, end), start, src, file, li + 1);
      if (st) statements.push(st);
      start = end + 1;
    }
  });
  if (openComment) {
    const oc = openComment as { line: number; col: number; source: string };
    errors.push({ file, line: oc.line, col: oc.col, message: "unterminated comment (no '*/')", source: oc.source });
  }
  return { statements, errors };
}

function statement(text: string, start: number, source: string, file: string, line: number): Statement | null {
  const labels: { name: string; col: number }[] = [];
  let p = start;
  const skip = () => {
    while (p < text.length && (text[p] === ' ' || text[p] === '\t')) p++;
  };
  skip();
  for (let m; (m = LABEL.exec(text.slice(p))); ) {
    labels.push({ name: m[1]!, col: p + 1 });
    p += m[0].length;
    skip();
  }
  const st: Statement = { file, line, source, text, labels, kind: 'empty', name: '', nameCol: p + 1, pos: p };
  if (p >= text.length) return labels.length ? st : null;
  const m = NAME.exec(text.slice(p));
  if (!m) {
    st.error = { col: p + 1, message: `expected a label, an instruction or a directive, found '${text[p]}'` };
    return st;
  }
  st.name = m[0];
  p += m[0].length;
  const q = p;
  skip();
  if (text[p] === '=' && text[p + 1] !== '=') {
    st.kind = 'assign';
    st.pos = p + 1;
  } else {
    st.kind = st.name.startsWith('.') ? 'directive' : 'insn';
    st.pos = q;
  }
  return st;
}

// ---------------------------------------------------------------- string literals

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, e: 27, '\\': 92, '"': 34, "'": 39 };

/**
 * Parse a double-quoted string at the cursor with C escapes (\n \t \r \b \f
 * \v \a \\ \" \' , octal \NNN, hex \xHH). Returns its bytes (UTF-8 for
 * non-ASCII characters). Throws AsmError for a missing or unterminated
 * string (at the opening quote) and for an unknown escape (at the backslash).
 */
export function readString(c: Cursor): Uint8Array {
  c.skipWs();
  const open = c.pos;
  if (c.text[open] !== '"') throw c.error('expected a string in double quotes');
  const out: number[] = [];
  const enc = new TextEncoder();
  let i = open + 1;
  for (;;) {
    if (i >= c.text.length) throw new AsmError('unterminated string (missing closing \'"\')', c.base + open);
    const ch = c.text[i]!;
    if (ch === '"') break;
    if (ch !== '\\') {
      const cp = c.text.codePointAt(i)!;
      if (cp < 0x80) out.push(cp);
      else out.push(...enc.encode(String.fromCodePoint(cp)));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = c.text[i + 1] ?? '';
    if (e in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(c.text.slice(i + 1))!;
      const v = parseInt(m[0], 8);
      if (v > 0xff) throw new AsmError(`octal escape '\\${m[0]}' is out of range`, c.base + i);
      out.push(v);
      i += 1 + m[0].length;
    } else if (e === 'x' || e === 'X') {
      const m = /^[0-9a-fA-F]+/.exec(c.text.slice(i + 2));
      if (!m) throw new AsmError("'\\x' escape needs hex digits", c.base + i);
      const v = parseInt(m[0], 16);
      if (m[0].length > 2 && v > 0xff) throw new AsmError(`hex escape '\\x${m[0]}' is out of range`, c.base + i);
      out.push(v);
      i += 2 + m[0].length;
    } else if (e === '') {
      throw new AsmError('unterminated string (missing closing \'"\')', c.base + open);
    } else {
      throw new AsmError(`unknown escape sequence '\\${e}' in string`, c.base + i);
    }
  }
  c.pos = i + 1;
  return Uint8Array.from(out);
}
