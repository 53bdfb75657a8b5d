// Assembler expressions, with GNU as operators and precedence:
//   unary - ~ !   ;   * / % << >>   ;   | & ^ !   ;   + - == != <> < > <= >=
//   ;   && ||     (GNU as groups `| & ^` above `+ -`, `<< >>` with `* /`,
// and the comparisons with `+ -`; we follow that table). As in GNU as, a
// true comparison is -1 and && / || give 1 or 0.
// Operands: integers (decimal, 0x, 0b, 0o/leading 0), character literals 'c',
// symbols, `.` (the current location). Values are 64-bit (BigInt wrapped).

import { Cursor } from './cursor.ts';

export interface ExprEnv {
  /** Value of a symbol, or undefined when it is not (yet) defined. */
  symbol(name: string): bigint | undefined;
  /** Value of `.`. */
  dot: bigint;
}

const MASK64 = (1n << 64n) - 1n;

/** Two's complement wrap to signed 64-bit. */
export function s64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

const BIN_PREC: Record<string, number> = {
  '*': 3, '/': 3, '%': 3, '<<': 3, '>>': 3,
  '|': 2, '&': 2, '^': 2, '!': 2,
  '+': 1, '-': 1, '==': 1, '!=': 1, '<>': 1, '<': 1, '>': 1, '<=': 1, '>=': 1,
  '&&': 0, '||': 0,
};

export function parseExpr(c: Cursor, env: ExprEnv): bigint {
  return s64(binary(c, env, 0));
}

function binary(c: Cursor, env: ExprEnv, minPrec: number): bigint {
  let lhs = unary(c, env);
  for (;;) {
    c.skipWs();
    const op = peekOp(c);
    if (!op) return lhs;
    const prec = BIN_PREC[op]!;
    if (prec < minPrec) return lhs;
    const at = c.pos;
    c.pos += op.length;
    const rhs = binary(c, env, prec + 1);
    lhs = apply(c, op, lhs, rhs, at);
  }
}

function peekOp(c: Cursor): string | null {
  const t = c.text.slice(c.pos, c.pos + 2);
  if (['<<', '>>', '==', '!=', '<>', '<=', '>=', '&&', '||'].includes(t)) return t;
  const ch = c.text[c.pos] ?? '';
  if ('*/%|&^+-<>!'.includes(ch) && ch !== '') return ch;
  return null;
}

function apply(c: Cursor, op: string, a: bigint, b: bigint, at: number): bigint {
  switch (op) {
    case '+': return s64(a + b);
    case '-': return s64(a - b);
    case '*': return s64(a * b);
    case '/':
      if (b === 0n) throw c.error('division by zero', at);
      return s64(a / b);
    case '%':
      if (b === 0n) throw c.error('division by zero', at);
      return s64(a % b);
    case '<<': return b >= 64n || b < 0n ? 0n : s64(a << b);
    case '>>': return b >= 64n || b < 0n ? (a < 0n ? -1n : 0n) : s64(a >> b);
    case '|': return s64(a | b);
    case '&': return s64(a & b);
    case '^': return s64(a ^ b);
    case '!': return s64(a | (~b & MASK64));
    case '==': return a === b ? -1n : 0n;
    case '!=': case '<>': return a !== b ? -1n : 0n;
    case '<': return a < b ? -1n : 0n;
    case '>': return a > b ? -1n : 0n;
    case '<=': return a <= b ? -1n : 0n;
    case '>=': return a >= b ? -1n : 0n;
    case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
    case '||': return a !== 0n || b !== 0n ? 1n : 0n;
  }
  throw c.error(`unknown operator '${op}'`, at);
}

function unary(c: Cursor, env: ExprEnv): bigint {
  c.skipWs();
  const ch = c.text[c.pos];
  if (ch === '-') { c.pos++; return s64(-unary(c, env)); }
  if (ch === '+') { c.pos++; return unary(c, env); }
  if (ch === '~') { c.pos++; return s64(~unary(c, env)); }
  if (ch === '!') { c.pos++; return unary(c, env) === 0n ? 1n : 0n; }
  return primary(c, env);
}

function primary(c: Cursor, env: ExprEnv): bigint {
  c.skipWs();
  const start = c.pos;
  const rest = c.text.slice(c.pos);
  if (rest[0] === '(') {
    c.pos++;
    const v = binary(c, env, 1);
    c.skipWs();
    if (c.text[c.pos] !== ')') throw c.error("expected ')'");
    c.pos++;
    return v;
  }
  if (rest[0] === "'") {
    // 'c' or GNU's 'c (no closing quote); \n \t \\ \' \0 escapes
    let i = 1;
    let v: number;
    if (rest[1] === '\\') {
      const e = rest[2] ?? '';
      const map: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
      if (!(e in map)) throw c.error(`unknown escape '\\${e}'`);
      v = map[e]!;
      i = 3;
    } else {
      if (rest.length < 2) throw c.error('bad character literal');
      v = rest.charCodeAt(1);
      i = 2;
    }
    if (rest[i] === "'") i++;
    c.pos += i;
    return BigInt(v);
  }
  let m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)/.exec(rest);
  if (m) {
    let t = m[1]!;
    // numeric local label reference such as 1b / 1f is handled by the caller's symbol table
    const after = rest[t.length] ?? '';
    if (/^[0-9]+$/.test(t) && (after === 'b' || after === 'f') && !/[A-Za-z0-9_]/.test(rest[t.length + 1] ?? '')) {
      c.pos += t.length + 1;
      const v = env.symbol(t + after);
      if (v === undefined) throw c.error(`undefined local label '${t}${after}'`, start);
      return v;
    }
    if (/[A-Za-z_]/.test(after)) throw c.error(`bad number '${t}${after}'`);
    c.pos += t.length;
    if (/^0[oO]/.test(t)) t = '0o' + t.slice(2);
    else if (/^0[0-7]+$/.test(t)) t = '0o' + t.slice(1);
    else if (/^0[0-9]+$/.test(t)) throw c.error(`bad octal number '${t}'`, start);
    return s64(BigInt(t));
  }
  m = /^[A-Za-z_.$][A-Za-z0-9_.$]*/.exec(rest);
  if (m) {
    const name = m[0];
    c.pos += name.length;
    if (name === '.') return env.dot;
    const v = env.symbol(name);
    if (v === undefined) throw c.error(`undefined symbol '${name}'`, start);
    return v;
  }
  throw c.error(rest.length ? `unexpected '${rest[0]}' in expression` : 'expected an expression');
}
