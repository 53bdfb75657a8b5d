// The guest's console under the debugger. Two jobs beyond passing bytes:
//   - input is recorded: the n-th read() of a timeline gets the same bytes
//     every time it is replayed, whatever the input source did since (a
//     terminal, a pipe), so deterministic replay stays exact;
//   - output is shown once: a replay re-runs the program from the start,
//     and the bytes it writes again (up to what was already shown) are
//     swallowed, so `reverse-step` then `continue` prints nothing twice.
// `restart()` begins a new pass over the same timeline.

import type { Console } from '../../kernel/file.ts';

export class DebugConsole implements Console {
  /** Every read() result of this timeline, in order. */
  private readonly reads: Uint8Array[] = [];
  private readIndex = 0;
  /** Bytes written in the current pass, and the most ever shown, per fd (index 1, 2). */
  private readonly written = [0, 0, 0];
  private readonly shown = [0, 0, 0];

  constructor(
    /** Where new input comes from (called only for reads never made before). */
    private readonly source: (max: number) => Uint8Array,
    /** Where output goes (bytes not shown before). */
    private readonly sink: (fd: 1 | 2, bytes: Uint8Array) => void,
  ) {}

  /** Start a new pass: reads replay from the first, output is shown only past what was shown. */
  restart(): void {
    this.readIndex = 0;
    this.written[1] = this.written[2] = 0;
  }

  /** Number of reads recorded (for tests and `info`). */
  get recordedReads(): number {
    return this.reads.length;
  }

  write(fd: 1 | 2, bytes: Uint8Array): void {
    const start = this.written[fd]!;
    this.written[fd] = start + bytes.length;
    const skip = this.shown[fd]! - start;
    if (skip >= bytes.length) return;
    this.sink(fd, skip > 0 ? bytes.subarray(skip) : bytes);
    this.shown[fd] = this.written[fd]!;
  }

  read(max: number): Uint8Array {
    const i = this.readIndex++;
    let r = this.reads[i];
    if (r === undefined) {
      r = this.source(max).slice();
      this.reads.push(r);
    }
    // a replayed read asks for the same count (the run is deterministic); be safe anyway
    return r.length <= max ? r : r.subarray(0, max);
  }
}
