// The self-checking integer data-processing programs in programs/isa/alu,
// bare and under qemu-aarch64 (test/helpers/isa-programs.ts).

import { describeIsaPrograms } from '../helpers/isa-programs.ts';

describeIsaPrograms('alu', {
  maxInsns: 1_000_000,
  minInsns: 100,
  expect: ['addsub.s', 'bitfield.s', 'csel.s', 'logical.s', 'misc.s', 'muldiv.s', 'shift.s'],
});
