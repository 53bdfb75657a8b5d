// Synchronous exceptions other than MMU faults: the values the run loop
// turns into an exception for the kernel. Like MMU faults they are typed
// values, thrown by handlers and caught in exactly one place (Machine.run).
// They do not extend Error: no stack is captured, so throwing is cheap.
//
// ESR_EL1 layout (Arm ARM D17.2.40): EC[31:26], IL[25], ISS[24:0].

export const EC = {
  UNKNOWN: 0x00,
  SVC64: 0x15,
  SYSREG: 0x18,
  INSN_ABORT_LOWER: 0x20,
  PC_ALIGN: 0x22,
  DATA_ABORT_LOWER: 0x24,
  SP_ALIGN: 0x26,
  BRK64: 0x3c,
} as const;

export type TrapKind = 'svc' | 'brk' | 'undefined' | 'pcAlign' | 'spAlign';

export class Trap {
  constructor(
    readonly kind: TrapKind,
    /** ESR_EL1 value. */
    readonly esr: number,
    /** PC of the instruction that trapped. */
    readonly pc: number,
  ) {}
}

export function esr(ec: number, iss: number): number {
  return ((ec << 26) | (1 << 25) | (iss & 0x1ffffff)) >>> 0;
}

export function ecName(ec: number): string {
  switch (ec) {
    case EC.UNKNOWN: return 'Unknown reason (UNDEFINED instruction)';
    case EC.SVC64: return 'SVC instruction execution in AArch64 state';
    case EC.SYSREG: return 'Trapped MSR, MRS or System instruction';
    case EC.INSN_ABORT_LOWER: return 'Instruction Abort from a lower Exception level';
    case EC.PC_ALIGN: return 'PC alignment fault';
    case EC.DATA_ABORT_LOWER: return 'Data Abort from a lower Exception level';
    case EC.SP_ALIGN: return 'SP alignment fault';
    case EC.BRK64: return 'BRK instruction execution in AArch64 state';
  }
  return `EC 0x${ec.toString(16)}`;
}
