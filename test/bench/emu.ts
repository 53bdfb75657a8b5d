// Interpreter benchmarks: emulated MIPS (functional model, no timing) on
// three loops run by the bare harness. Each benchmark call runs the whole
// program; MIPS = instructions retired / time.

import { assembleOrThrow, writeElf } from '../../isa/asm/index.ts';
import { loadBare } from '../../emulator/bare.ts';
import { Kernel } from '../../kernel/kernel.ts';
import type { Suite } from './run.ts';

const ITER = 200_000;

/** An ALU loop: dependent adds, logic, shifts, compare-and-branch (8 instructions per iteration). */
export const ALU_LOOP = `
.text
.globl _start
_start:
  ldr x1, =${ITER}
  mov x2, #0
  mov x3, #7
1:
  add x2, x2, x3
  eor x4, x2, x3, lsl #3
  orr x5, x4, #0xff
  sub x3, x5, x2
  lsr x6, x3, #5
  subs x1, x1, #1
  add x2, x2, x6
  b.ne 1b
  mov x0, #0
  mov x8, #93
  svc #0
`;

/** A load/store loop over a 64 KiB buffer (7 instructions per iteration). */
export const LDST_LOOP = `
.text
.globl _start
_start:
  adrp x9, buf
  add x9, x9, :lo12:buf
  ldr x1, =${ITER}
  mov x10, #0
1:
  and x11, x10, #0xfff8
  ldr x2, [x9, x11]
  add x2, x2, #1
  str x2, [x9, x11]
  add x10, x10, #8
  subs x1, x1, #1
  b.ne 1b
  mov x0, #0
  mov x8, #93
  svc #0
.bss
.balign 16
buf: .skip 65536
`;

/** An STP-based memset of a 64 KiB buffer, repeated (glibc-style 64 bytes per iteration: 4 stp + loop, 6 instructions). */
export const MEMSET_LOOP = `
.text
.globl _start
_start:
  ldr x1, =${Math.round(ITER / 128)}
  mov x2, #0xaaaaaaaaaaaaaaaa
2:
  adrp x9, buf
  add x9, x9, :lo12:buf
  mov x3, #1024
1:
  stp x2, x2, [x9]
  stp x2, x2, [x9, #16]
  stp x2, x2, [x9, #32]
  stp x2, x2, [x9, #48]!
  add x9, x9, #16
  subs x3, x3, #1
  b.ne 1b
  subs x1, x1, #1
  b.ne 2b
  mov x0, #0
  mov x8, #93
  svc #0
.bss
.balign 64
buf: .skip 65600
`;

function suite(name: string, src: string): Suite {
  const elf = writeElf(assembleOrThrow(src, { file: `${name}.s` }));
  // count instructions once
  const probe = loadBare(elf);
  probe.run(1e9);
  const n = probe.instret;
  return {
    name: `emulate: ${name} (functional)`,
    units: n,
    unitName: 'insn',
    fn: () => {
      const m = loadBare(elf);
      m.run(1e9);
    },
  };
}

/** The same program under the mini-kernel (MMU on) with a timing model. */
function timedSuite(name: string, src: string, timing: 'none' | 'detailed'): Suite {
  const elf = writeElf(assembleOrThrow(src, { file: `${name}.s` }));
  const runOnce = () => {
    const k = new Kernel({ timing: timing === 'none' ? undefined : { timing } });
    k.spawn(elf, [name]);
    const r = k.run();
    if (r.exitCode !== 0) throw new Error(`${name}: ${JSON.stringify(r)}`);
    return k.machine.instret;
  };
  const n = runOnce();
  return { name: `emulate: ${name} (kernel, ${timing} timing)`, units: n, unitName: 'insn', fn: runOnce };
}

export function emuSuites(): Suite[] {
  return [
    suite('alu-loop', ALU_LOOP),
    suite('ldst-loop', LDST_LOOP),
    suite('stp-memset', MEMSET_LOOP),
    timedSuite('alu-loop', ALU_LOOP, 'detailed'),
    timedSuite('ldst-loop', LDST_LOOP, 'detailed'),
    timedSuite('stp-memset', MEMSET_LOOP, 'none'),
    timedSuite('stp-memset', MEMSET_LOOP, 'detailed'),
  ];
}
