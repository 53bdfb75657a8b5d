// Integer data processing semantics (Arm ARM C6.2), keyed by table row id.
// Each handler reads like the Arm pseudocode of its instruction.

import { addWithCarry32, addWithCarry64, xs } from './helpers.ts';
import type { SemTable } from './types.ts';

export const ALU: SemTable = {
  // C6.2.4 ADD (immediate): Xd|SP = Xn|SP + (imm12 << (12*sh))
  ADD_imm_x: {
    pre: (f, e, at) => { e[at + 1] = xs(f.rd!); e[at + 2] = xs(f.rn!); e[at + 3] = f.imm12! << (12 * f.sh!); },
    exec(m, e, at) {
      const X = m.X, d = 2 * e[at + 1]!, n = 2 * e[at + 2]!;
      addWithCarry64(m, X[n]!, X[n + 1]!, e[at + 3]!, 0, 0);
      X[d] = m.rlo; X[d + 1] = m.rhi;
    },
  },
  ADD_imm_w: {
    pre: (f, e, at) => { e[at + 1] = xs(f.rd!); e[at + 2] = xs(f.rn!); e[at + 3] = f.imm12! << (12 * f.sh!); },
    exec(m, e, at) {
      const X = m.X, d = 2 * e[at + 1]!, n = 2 * e[at + 2]!;
      addWithCarry32(m, X[n]!, e[at + 3]!, 0);
      X[d] = m.rlo; X[d + 1] = 0;
    },
  },
};
