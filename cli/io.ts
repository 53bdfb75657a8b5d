// Host-side I/O for the jobs: file access with plain error messages (never
// a stack trace), and the output streams as an object so that jobs can be
// run in-process by tests.

import { readFileSync, writeFileSync } from 'node:fs';

/** A problem on the host side (missing file, bad arguments): printed as `mtemu: message`. */
export class HostError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** Where a job writes. `out`/`err` take text without adding newlines. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `mtemu disasm x.elf | head` closes the pipe early: end quietly instead of
 * dying with an EPIPE stack trace. Installed once, for processIo only.
 */
export function quietOnClosedPipe(): void {
  for (const s of [process.stdout, process.stderr]) {
    if (s.listenerCount('error') === 0) s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a path component is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/** A short message for a Node error (`no such file or directory`), else its message. */
export function describeHostError(e: unknown): string {
  const code = (e as { code?: string })?.code;
  if (code && ERRNO_TEXT[code]) return ERRNO_TEXT[code]!;
  return (e as Error)?.message ?? String(e);
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new HostError(`cannot read '${path}': ${describeHostError(e)}`);
  }
}

export function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new HostError(`cannot read '${path}': ${describeHostError(e)}`);
  }
}

export function writeBytes(path: string, data: Uint8Array, mode = 0o644): void {
  try {
    writeFileSync(path, data, { mode });
  } catch (e) {
    throw new HostError(`cannot write '${path}': ${describeHostError(e)}`);
  }
}

/** An option restricted to a list of values (default when absent); HostError status 2 otherwise. */
export function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!allowed.includes(v as T)) throw new HostError(`--${name} ${v}: expected one of ${allowed.join(', ')}`, 2);
  return v as T;
}
