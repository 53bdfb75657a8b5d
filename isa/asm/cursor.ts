// A cursor over one source line's operand text, with the column bookkeeping
// that `file:line:col` errors need. Columns are 1-based, as GNU as prints them.

export class AsmError extends Error {
  /** 1-based column in the source line. */
  readonly col: number;
  constructor(message: string, col: number) {
    super(message);
    this.col = col;
  }
}

export class Cursor {
  readonly text: string;
  pos: number;
  /** Column (1-based) of text[0] in the source line. */
  readonly base: number;

  constructor(text: string, base = 1, pos = 0) {
    this.text = text;
    this.base = base;
    this.pos = pos;
  }

  get col(): number {
    return this.base + this.pos;
  }

  skipWs(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  atEnd(): boolean {
    this.skipWs();
    return this.pos >= this.text.length;
  }

  peek(): string {
    this.skipWs();
    return this.text[this.pos] ?? '';
  }

  /** Consume `s` (case-insensitive) if it comes next; word-bounded when `s` ends in a letter. */
  eat(s: string): boolean {
    this.skipWs();
    const t = this.text.substr(this.pos, s.length);
    if (t.toLowerCase() !== s.toLowerCase()) return false;
    if (/[A-Za-z0-9_]$/.test(s) && /[A-Za-z0-9_.]/.test(this.text[this.pos + s.length] ?? '')) return false;
    this.pos += s.length;
    return true;
  }

  expect(s: string, what?: string): void {
    if (!this.eat(s)) throw this.error(`expected '${s}'${what ? ` ${what}` : ''}`);
  }

  /** Next identifier-like word (letters, digits, _ . $), lower-cased; does not consume. */
  peekWord(): string {
    this.skipWs();
    const m = /^[A-Za-z_.$][A-Za-z0-9_.$]*/.exec(this.text.slice(this.pos));
    return m ? m[0].toLowerCase() : '';
  }

  word(): string {
    const w = this.peekWord();
    this.pos += w.length;
    return w;
  }

  error(message: string, at = this.pos): AsmError {
    return new AsmError(message, this.base + at);
  }

  save(): number {
    return this.pos;
  }

  restore(p: number): void {
    this.pos = p;
  }
}
