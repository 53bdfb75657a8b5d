// Open files. The kernel has few kinds: the console (stdin/stdout/stderr,
// backed by the host's streams through the Console interface) and refpage
// files. A File is shared by every fd and every VMA that refers to it; it is
// released when the last reference goes (Linux fput), which for a refpage
// frees the reference page (refpage_release).

import type { Refpage } from './refpage.ts';

export type FileKind = 'console-in' | 'console-out' | 'console-err' | 'refpage';

export class File {
  readonly kind: FileKind;
  /** References: fds (dup'd or inherited by fork) and VMAs mapping it. */
  refs = 1;
  readonly refpage?: Refpage;
  /** O_CLOEXEC on the fd that created it (informational: we have no execve of other images). */
  cloexec = false;

  constructor(kind: FileKind, refpage?: Refpage) {
    this.kind = kind;
    if (refpage) this.refpage = refpage;
  }
}

/** Where console output goes and console input comes from (the CLI wires the host's streams). */
export interface Console {
  write(fd: 1 | 2, bytes: Uint8Array): void;
  /** Up to `max` bytes of input; empty at end of file. */
  read(max: number): Uint8Array;
}

/** A console that collects output in memory (tests, compare workers). */
export class BufferConsole implements Console {
  private readonly out: Uint8Array[] = [];
  private readonly err: Uint8Array[] = [];
  private input: Uint8Array;
  constructor(input: string | Uint8Array = '') {
    this.input = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  }
  write(fd: 1 | 2, bytes: Uint8Array): void {
    (fd === 1 ? this.out : this.err).push(bytes.slice());
  }
  read(max: number): Uint8Array {
    const r = this.input.subarray(0, max);
    this.input = this.input.subarray(r.length);
    return r;
  }
  get stdout(): string {
    return Buffer.concat(this.out).toString('utf8');
  }
  get stderr(): string {
    return Buffer.concat(this.err).toString('utf8');
  }
}
