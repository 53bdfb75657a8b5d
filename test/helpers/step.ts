// Execute one instruction word on a Machine as the run loop does, without
// fetching it: predecode into a fresh entry, run its handler, advance the PC.

import { decode, extractFields } from '../../isa/decoder.ts';
import { ROWS } from '../../isa/encodings.ts';
import { Trap } from '../../emulator/exceptions.ts';
import type { Machine } from '../../emulator/machine.ts';
import { Fault } from '../../emulator/mmu.ts';
import { HANDLERS, PREDECODERS, SLOTS } from '../../emulator/semantics/index.ts';

/** Returns the Trap or Fault the instruction raised (the PC then stays), or undefined. */
export function step(m: Machine, word: number): Trap | Fault | undefined {
  const r = decode(word >>> 0);
  if (r < 0) throw new Error(`0x${(word >>> 0).toString(16)} does not decode`);
  const e = new Int32Array(SLOTS);
  e[7] = word | 0;
  PREDECODERS[r]!(extractFields(ROWS[r]!, word >>> 0), e, 0);
  m.nextPc = m.s.pc + 4;
  try {
    HANDLERS[r + 1]!(m, e, 0);
  } catch (x) {
    if (x instanceof Trap || x instanceof Fault) return x;
    throw x;
  }
  m.s.pc = m.nextPc;
  return undefined;
}
