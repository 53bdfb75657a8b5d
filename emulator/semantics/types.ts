// What a semantic module provides for each row it implements.

import type { Fields } from '../../isa/types.ts';
import type { Machine } from '../machine.ts';

/**
 * Int32 slots per predecoded instruction: [0] handler, [1..6] operands,
 * [7] the raw word, [8..15] the timing descriptor (timing/tdesc.ts).
 */
export const SLOTS = 16;

/** Execute one predecoded instruction: operands are e[at+1] .. e[at+6]. */
export type Handler = (m: Machine, e: Int32Array, at: number) => void;

/** Unpack fields into the entry once per instruction (register slots, scaled immediates...). */
export type Predecoder = (f: Fields, e: Int32Array, at: number) => void;

export interface Sem {
  readonly pre: Predecoder;
  readonly exec: Handler;
}

export type SemTable = Readonly<Record<string, Sem>>;
