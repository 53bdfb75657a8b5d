// System register names for MRS/MSR (register) (Arm ARM C5.3, "A64 system
// register descriptions"; encoding op0:op1:CRn:CRm:op2 as in C5.1.2).
//
// The disassembler prints a register by name when LLVM does (the oracle is
// `llvm-mc -triple=aarch64 -mattr=+mte`), else in the generic form
// `S<op0>_<op1>_C<n>_C<m>_<op2>`. LLVM names a register only in the
// direction(s) it can be accessed: a read-only register such as DCZID_EL0
// prints by name after MRS but generically after MSR, and the assembler
// rejects `msr dczid_el0, x0`. The table below is that list: every name
// llvm-mc 14 prints for op0 = 2 or 3 with MTE enabled, found by
// disassembling all 2 x 32768 MRS/MSR encodings (registers gated on other
// features, e.g. SVE's ZCR_EL1, print generically there and so here).
// Names are spelled as LLVM prints them (upper case, a few mixed-case ones
// such as SPSel and CurrentEL); lookups by name ignore case.

/** rw: MRS and MSR; r: MRS only; w: MSR only. */
export type SysRegAccess = 'r' | 'w' | 'rw';

export interface SysReg {
  readonly name: string;
  readonly op0: number;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  readonly access: SysRegAccess;
  /** op0:op1:CRn:CRm:op2 packed as in the instruction's bits [20:5]. */
  readonly enc: number;
}

/** Pack op0:op1:CRn:CRm:op2 into the 16-bit value of instruction bits [20:5]. */
export function sysRegEnc(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

/** Generic spelling as LLVM prints it: `S3_3_C4_C2_0`. */
export function genericSysRegName(enc: number): string {
  return `S${enc >>> 14}_${(enc >>> 11) & 7}_C${(enc >>> 7) & 15}_C${(enc >>> 3) & 15}_${enc & 7}`;
}

// name             op0 op1 CRn CRm op2 access
const DATA = `
OSDTRRX_EL1       2 0  0  0 2 rw
DBGBVR0_EL1       2 0  0  0 4 rw
DBGBCR0_EL1       2 0  0  0 5 rw
DBGWVR0_EL1       2 0  0  0 6 rw
DBGWCR0_EL1       2 0  0  0 7 rw
DBGBVR1_EL1       2 0  0  1 4 rw
DBGBCR1_EL1       2 0  0  1 5 rw
DBGWVR1_EL1       2 0  0  1 6 rw
DBGWCR1_EL1       2 0  0  1 7 rw
MDCCINT_EL1       2 0  0  2 0 rw
MDSCR_EL1         2 0  0  2 2 rw
DBGBVR2_EL1       2 0  0  2 4 rw
DBGBCR2_EL1       2 0  0  2 5 rw
DBGWVR2_EL1       2 0  0  2 6 rw
DBGWCR2_EL1       2 0  0  2 7 rw
OSDTRTX_EL1       2 0  0  3 2 rw
DBGBVR3_EL1       2 0  0  3 4 rw
DBGBCR3_EL1       2 0  0  3 5 rw
DBGWVR3_EL1       2 0  0  3 6 rw
DBGWCR3_EL1       2 0  0  3 7 rw
DBGBVR4_EL1       2 0  0  4 4 rw
DBGBCR4_EL1       2 0  0  4 5 rw
DBGWVR4_EL1       2 0  0  4 6 rw
DBGWCR4_EL1       2 0  0  4 7 rw
DBGBVR5_EL1       2 0  0  5 4 rw
DBGBCR5_EL1       2 0  0  5 5 rw
DBGWVR5_EL1       2 0  0  5 6 rw
DBGWCR5_EL1       2 0  0  5 7 rw
OSECCR_EL1        2 0  0  6 2 rw
DBGBVR6_EL1       2 0  0  6 4 rw
DBGBCR6_EL1       2 0  0  6 5 rw
DBGWVR6_EL1       2 0  0  6 6 rw
DBGWCR6_EL1       2 0  0  6 7 rw
DBGBVR7_EL1       2 0  0  7 4 rw
DBGBCR7_EL1       2 0  0  7 5 rw
DBGWVR7_EL1       2 0  0  7 6 rw
DBGWCR7_EL1       2 0  0  7 7 rw
DBGBVR8_EL1       2 0  0  8 4 rw
DBGBCR8_EL1       2 0  0  8 5 rw
DBGWVR8_EL1       2 0  0  8 6 rw
DBGWCR8_EL1       2 0  0  8 7 rw
DBGBVR9_EL1       2 0  0  9 4 rw
DBGBCR9_EL1       2 0  0  9 5 rw
DBGWVR9_EL1       2 0  0  9 6 rw
DBGWCR9_EL1       2 0  0  9 7 rw
DBGBVR10_EL1      2 0  0 10 4 rw
DBGBCR10_EL1      2 0  0 10 5 rw
DBGWVR10_EL1      2 0  0 10 6 rw
DBGWCR10_EL1      2 0  0 10 7 rw
DBGBVR11_EL1      2 0  0 11 4 rw
DBGBCR11_EL1      2 0  0 11 5 rw
DBGWVR11_EL1      2 0  0 11 6 rw
DBGWCR11_EL1      2 0  0 11 7 rw
DBGBVR12_EL1      2 0  0 12 4 rw
DBGBCR12_EL1      2 0  0 12 5 rw
DBGWVR12_EL1      2 0  0 12 6 rw
DBGWCR12_EL1      2 0  0 12 7 rw
DBGBVR13_EL1      2 0  0 13 4 rw
DBGBCR13_EL1      2 0  0 13 5 rw
DBGWVR13_EL1      2 0  0 13 6 rw
DBGWCR13_EL1      2 0  0 13 7 rw
DBGBVR14_EL1      2 0  0 14 4 rw
DBGBCR14_EL1      2 0  0 14 5 rw
DBGWVR14_EL1      2 0  0 14 6 rw
DBGWCR14_EL1      2 0  0 14 7 rw
DBGBVR15_EL1      2 0  0 15 4 rw
DBGBCR15_EL1      2 0  0 15 5 rw
DBGWVR15_EL1      2 0  0 15 6 rw
DBGWCR15_EL1      2 0  0 15 7 rw
MDRAR_EL1         2 0  1  0 0 r
OSLAR_EL1         2 0  1  0 4 w
OSLSR_EL1         2 0  1  1 4 r
OSDLR_EL1         2 0  1  3 4 rw
DBGPRCR_EL1       2 0  1  4 4 rw
DBGCLAIMSET_EL1   2 0  7  8 6 rw
DBGCLAIMCLR_EL1   2 0  7  9 6 rw
DBGAUTHSTATUS_EL1 2 0  7 14 6 r
TRCTRACEIDR       2 1  0  0 1 rw
TRCVICTLR         2 1  0  0 2 rw
TRCSEQEVR0        2 1  0  0 4 rw
TRCCNTRLDVR0      2 1  0  0 5 rw
TRCIDR8           2 1  0  0 6 r
TRCIMSPEC0        2 1  0  0 7 rw
TRCPRGCTLR        2 1  0  1 0 rw
TRCQCTLR          2 1  0  1 1 rw
TRCVIIECTLR       2 1  0  1 2 rw
TRCSEQEVR1        2 1  0  1 4 rw
TRCCNTRLDVR1      2 1  0  1 5 rw
TRCIDR9           2 1  0  1 6 r
TRCIMSPEC1        2 1  0  1 7 rw
TRCPROCSELR       2 1  0  2 0 rw
TRCVISSCTLR       2 1  0  2 2 rw
TRCSEQEVR2        2 1  0  2 4 rw
TRCCNTRLDVR2      2 1  0  2 5 rw
TRCIDR10          2 1  0  2 6 r
TRCIMSPEC2        2 1  0  2 7 rw
TRCSTATR          2 1  0  3 0 r
TRCVIPCSSCTLR     2 1  0  3 2 rw
TRCCNTRLDVR3      2 1  0  3 5 rw
TRCIDR11          2 1  0  3 6 r
TRCIMSPEC3        2 1  0  3 7 rw
TRCCONFIGR        2 1  0  4 0 rw
TRCCNTCTLR0       2 1  0  4 5 rw
TRCIDR12          2 1  0  4 6 r
TRCIMSPEC4        2 1  0  4 7 rw
TRCCNTCTLR1       2 1  0  5 5 rw
TRCIDR13          2 1  0  5 6 r
TRCIMSPEC5        2 1  0  5 7 rw
TRCAUXCTLR        2 1  0  6 0 rw
TRCSEQRSTEVR      2 1  0  6 4 rw
TRCCNTCTLR2       2 1  0  6 5 rw
TRCIMSPEC6        2 1  0  6 7 rw
TRCSEQSTR         2 1  0  7 4 rw
TRCCNTCTLR3       2 1  0  7 5 rw
TRCIMSPEC7        2 1  0  7 7 rw
TRCEVENTCTL0R     2 1  0  8 0 rw
TRCVDCTLR         2 1  0  8 2 rw
TRCEXTINSELR      2 1  0  8 4 rw
TRCCNTVR0         2 1  0  8 5 rw
TRCIDR0           2 1  0  8 7 r
TRCEVENTCTL1R     2 1  0  9 0 rw
TRCVDSACCTLR      2 1  0  9 2 rw
TRCEXTINSELR1     2 1  0  9 4 rw
TRCCNTVR1         2 1  0  9 5 rw
TRCIDR1           2 1  0  9 7 r
TRCRSR            2 1  0 10 0 rw
TRCVDARCCTLR      2 1  0 10 2 rw
TRCEXTINSELR2     2 1  0 10 4 rw
TRCCNTVR2         2 1  0 10 5 rw
TRCIDR2           2 1  0 10 7 r
TRCSTALLCTLR      2 1  0 11 0 rw
TRCEXTINSELR3     2 1  0 11 4 rw
TRCCNTVR3         2 1  0 11 5 rw
TRCIDR3           2 1  0 11 7 r
TRCTSCTLR         2 1  0 12 0 rw
TRCIDR4           2 1  0 12 7 r
TRCSYNCPR         2 1  0 13 0 rw
TRCIDR5           2 1  0 13 7 r
TRCCCCTLR         2 1  0 14 0 rw
TRCIDR6           2 1  0 14 7 r
TRCBBCTLR         2 1  0 15 0 rw
TRCIDR7           2 1  0 15 7 r
TRCRSCTLR16       2 1  1  0 1 rw
TRCSSCCR0         2 1  1  0 2 rw
TRCSSPCICR0       2 1  1  0 3 rw
TRCOSLAR          2 1  1  0 4 w
TRCRSCTLR17       2 1  1  1 1 rw
TRCSSCCR1         2 1  1  1 2 rw
TRCSSPCICR1       2 1  1  1 3 rw
TRCOSLSR          2 1  1  1 4 r
TRCRSCTLR2        2 1  1  2 0 rw
TRCRSCTLR18       2 1  1  2 1 rw
TRCSSCCR2         2 1  1  2 2 rw
TRCSSPCICR2       2 1  1  2 3 rw
TRCRSCTLR3        2 1  1  3 0 rw
TRCRSCTLR19       2 1  1  3 1 rw
TRCSSCCR3         2 1  1  3 2 rw
TRCSSPCICR3       2 1  1  3 3 rw
TRCRSCTLR4        2 1  1  4 0 rw
TRCRSCTLR20       2 1  1  4 1 rw
TRCSSCCR4         2 1  1  4 2 rw
TRCSSPCICR4       2 1  1  4 3 rw
TRCPDCR           2 1  1  4 4 rw
TRCRSCTLR5        2 1  1  5 0 rw
TRCRSCTLR21       2 1  1  5 1 rw
TRCSSCCR5         2 1  1  5 2 rw
TRCSSPCICR5       2 1  1  5 3 rw
TRCPDSR           2 1  1  5 4 r
TRCRSCTLR6        2 1  1  6 0 rw
TRCRSCTLR22       2 1  1  6 1 rw
TRCSSCCR6         2 1  1  6 2 rw
TRCSSPCICR6       2 1  1  6 3 rw
TRCRSCTLR7        2 1  1  7 0 rw
TRCRSCTLR23       2 1  1  7 1 rw
TRCSSCCR7         2 1  1  7 2 rw
TRCSSPCICR7       2 1  1  7 3 rw
TRCRSCTLR8        2 1  1  8 0 rw
TRCRSCTLR24       2 1  1  8 1 rw
TRCSSCSR0         2 1  1  8 2 rw
TRCRSCTLR9        2 1  1  9 0 rw
TRCRSCTLR25       2 1  1  9 1 rw
TRCSSCSR1         2 1  1  9 2 rw
TRCRSCTLR10       2 1  1 10 0 rw
TRCRSCTLR26       2 1  1 10 1 rw
TRCSSCSR2         2 1  1 10 2 rw
TRCRSCTLR11       2 1  1 11 0 rw
TRCRSCTLR27       2 1  1 11 1 rw
TRCSSCSR3         2 1  1 11 2 rw
TRCRSCTLR12       2 1  1 12 0 rw
TRCRSCTLR28       2 1  1 12 1 rw
TRCSSCSR4         2 1  1 12 2 rw
TRCRSCTLR13       2 1  1 13 0 rw
TRCRSCTLR29       2 1  1 13 1 rw
TRCSSCSR5         2 1  1 13 2 rw
TRCRSCTLR14       2 1  1 14 0 rw
TRCRSCTLR30       2 1  1 14 1 rw
TRCSSCSR6         2 1  1 14 2 rw
TRCRSCTLR15       2 1  1 15 0 rw
TRCRSCTLR31       2 1  1 15 1 rw
TRCSSCSR7         2 1  1 15 2 rw
TRCACVR0          2 1  2  0 0 rw
TRCACVR8          2 1  2  0 1 rw
TRCACATR0         2 1  2  0 2 rw
TRCACATR8         2 1  2  0 3 rw
TRCDVCVR0         2 1  2  0 4 rw
TRCDVCVR4         2 1  2  0 5 rw
TRCDVCMR0         2 1  2  0 6 rw
TRCDVCMR4         2 1  2  0 7 rw
TRCACVR1          2 1  2  2 0 rw
TRCACVR9          2 1  2  2 1 rw
TRCACATR1         2 1  2  2 2 rw
TRCACATR9         2 1  2  2 3 rw
TRCACVR2          2 1  2  4 0 rw
TRCACVR10         2 1  2  4 1 rw
TRCACATR2         2 1  2  4 2 rw
TRCACATR10        2 1  2  4 3 rw
TRCDVCVR1         2 1  2  4 4 rw
TRCDVCVR5         2 1  2  4 5 rw
TRCDVCMR1         2 1  2  4 6 rw
TRCDVCMR5         2 1  2  4 7 rw
TRCACVR3          2 1  2  6 0 rw
TRCACVR11         2 1  2  6 1 rw
TRCACATR3         2 1  2  6 2 rw
TRCACATR11        2 1  2  6 3 rw
TRCACVR4          2 1  2  8 0 rw
TRCACVR12         2 1  2  8 1 rw
TRCACATR4         2 1  2  8 2 rw
TRCACATR12        2 1  2  8 3 rw
TRCDVCVR2         2 1  2  8 4 rw
TRCDVCVR6         2 1  2  8 5 rw
TRCDVCMR2         2 1  2  8 6 rw
TRCDVCMR6         2 1  2  8 7 rw
TRCACVR5          2 1  2 10 0 rw
TRCACVR13         2 1  2 10 1 rw
TRCACATR5         2 1  2 10 2 rw
TRCACATR13        2 1  2 10 3 rw
TRCACVR6          2 1  2 12 0 rw
TRCACVR14         2 1  2 12 1 rw
TRCACATR6         2 1  2 12 2 rw
TRCACATR14        2 1  2 12 3 rw
TRCDVCVR3         2 1  2 12 4 rw
TRCDVCVR7         2 1  2 12 5 rw
TRCDVCMR3         2 1  2 12 6 rw
TRCDVCMR7         2 1  2 12 7 rw
TRCACVR7          2 1  2 14 0 rw
TRCACVR15         2 1  2 14 1 rw
TRCACATR7         2 1  2 14 2 rw
TRCACATR15        2 1  2 14 3 rw
TRCCIDCVR0        2 1  3  0 0 rw
TRCVMIDCVR0       2 1  3  0 1 rw
TRCCIDCCTLR0      2 1  3  0 2 rw
TRCCIDCCTLR1      2 1  3  1 2 rw
TRCCIDCVR1        2 1  3  2 0 rw
TRCVMIDCVR1       2 1  3  2 1 rw
TRCVMIDCCTLR0     2 1  3  2 2 rw
TRCVMIDCCTLR1     2 1  3  3 2 rw
TRCCIDCVR2        2 1  3  4 0 rw
TRCVMIDCVR2       2 1  3  4 1 rw
TRCCIDCVR3        2 1  3  6 0 rw
TRCVMIDCVR3       2 1  3  6 1 rw
TRCCIDCVR4        2 1  3  8 0 rw
TRCVMIDCVR4       2 1  3  8 1 rw
TRCCIDCVR5        2 1  3 10 0 rw
TRCVMIDCVR5       2 1  3 10 1 rw
TRCCIDCVR6        2 1  3 12 0 rw
TRCVMIDCVR6       2 1  3 12 1 rw
TRCCIDCVR7        2 1  3 14 0 rw
TRCVMIDCVR7       2 1  3 14 1 rw
TRCITCTRL         2 1  7  0 4 rw
TRCDEVID          2 1  7  2 7 r
TRCDEVTYPE        2 1  7  3 7 r
TRCPIDR4          2 1  7  4 7 r
TRCPIDR5          2 1  7  5 7 r
TRCPIDR6          2 1  7  6 7 r
TRCPIDR7          2 1  7  7 7 r
TRCCLAIMSET       2 1  7  8 6 rw
TRCPIDR0          2 1  7  8 7 r
TRCCLAIMCLR       2 1  7  9 6 rw
TRCPIDR1          2 1  7  9 7 r
TRCDEVAFF0        2 1  7 10 6 r
TRCPIDR2          2 1  7 10 7 r
TRCDEVAFF1        2 1  7 11 6 r
TRCPIDR3          2 1  7 11 7 r
TRCLAR            2 1  7 12 6 w
TRCCIDR0          2 1  7 12 7 r
TRCLSR            2 1  7 13 6 r
TRCCIDR1          2 1  7 13 7 r
TRCAUTHSTATUS     2 1  7 14 6 r
TRCCIDR2          2 1  7 14 7 r
TRCDEVARCH        2 1  7 15 6 r
TRCCIDR3          2 1  7 15 7 r
TEECR32_EL1       2 2  0  0 0 rw
TEEHBR32_EL1      2 2  1  0 0 rw
MDCCSR_EL0        2 3  0  1 0 r
DBGDTR_EL0        2 3  0  4 0 rw
DBGDTRRX_EL0      2 3  0  5 0 r
DBGDTRTX_EL0      2 3  0  5 0 w
DBGVCR32_EL2      2 4  0  7 0 rw
MIDR_EL1          3 0  0  0 0 r
MPIDR_EL1         3 0  0  0 5 r
REVIDR_EL1        3 0  0  0 6 r
ID_PFR0_EL1       3 0  0  1 0 r
ID_PFR1_EL1       3 0  0  1 1 r
ID_DFR0_EL1       3 0  0  1 2 r
ID_AFR0_EL1       3 0  0  1 3 r
ID_MMFR0_EL1      3 0  0  1 4 r
ID_MMFR1_EL1      3 0  0  1 5 r
ID_MMFR2_EL1      3 0  0  1 6 r
ID_MMFR3_EL1      3 0  0  1 7 r
ID_ISAR0_EL1      3 0  0  2 0 r
ID_ISAR1_EL1      3 0  0  2 1 r
ID_ISAR2_EL1      3 0  0  2 2 r
ID_ISAR3_EL1      3 0  0  2 3 r
ID_ISAR4_EL1      3 0  0  2 4 r
ID_ISAR5_EL1      3 0  0  2 5 r
ID_MMFR4_EL1      3 0  0  2 6 r
MVFR0_EL1         3 0  0  3 0 r
MVFR1_EL1         3 0  0  3 1 r
MVFR2_EL1         3 0  0  3 2 r
ID_MMFR5_EL1      3 0  0  3 6 r
ID_AA64PFR0_EL1   3 0  0  4 0 r
ID_AA64PFR1_EL1   3 0  0  4 1 r
ID_AA64DFR0_EL1   3 0  0  5 0 r
ID_AA64DFR1_EL1   3 0  0  5 1 r
ID_AA64AFR0_EL1   3 0  0  5 4 r
ID_AA64AFR1_EL1   3 0  0  5 5 r
ID_AA64ISAR0_EL1  3 0  0  6 0 r
ID_AA64ISAR1_EL1  3 0  0  6 1 r
ID_AA64ISAR2_EL1  3 0  0  6 2 r
ID_AA64MMFR0_EL1  3 0  0  7 0 r
ID_AA64MMFR1_EL1  3 0  0  7 1 r
ID_AA64MMFR2_EL1  3 0  0  7 2 r
SCTLR_EL1         3 0  1  0 0 rw
ACTLR_EL1         3 0  1  0 1 rw
CPACR_EL1         3 0  1  0 2 rw
RGSR_EL1          3 0  1  0 5 rw
GCR_EL1           3 0  1  0 6 rw
TTBR0_EL1         3 0  2  0 0 rw
TTBR1_EL1         3 0  2  0 1 rw
TCR_EL1           3 0  2  0 2 rw
SPSR_EL1          3 0  4  0 0 rw
ELR_EL1           3 0  4  0 1 rw
SP_EL0            3 0  4  1 0 rw
SPSel             3 0  4  2 0 rw
CurrentEL         3 0  4  2 2 r
ICC_PMR_EL1       3 0  4  6 0 rw
AFSR0_EL1         3 0  5  1 0 rw
AFSR1_EL1         3 0  5  1 1 rw
ESR_EL1           3 0  5  2 0 rw
ERXPFGF_EL1       3 0  5  4 4 r
ERXPFGCTL_EL1     3 0  5  4 5 rw
ERXPFGCDN_EL1     3 0  5  4 6 rw
ERXMISC2_EL1      3 0  5  5 2 rw
ERXMISC3_EL1      3 0  5  5 3 rw
TFSR_EL1          3 0  5  6 0 rw
TFSRE0_EL1        3 0  5  6 1 rw
FAR_EL1           3 0  6  0 0 rw
PAR_EL1           3 0  7  4 0 rw
TRBLIMITR_EL1     3 0  9 11 0 rw
TRBPTR_EL1        3 0  9 11 1 rw
TRBBASER_EL1      3 0  9 11 2 rw
TRBSR_EL1         3 0  9 11 3 rw
TRBMAR_EL1        3 0  9 11 4 rw
TRBTRG_EL1        3 0  9 11 6 rw
TRBIDR_EL1        3 0  9 11 7 r
PMINTENSET_EL1    3 0  9 14 1 rw
PMINTENCLR_EL1    3 0  9 14 2 rw
PMMIR_EL1         3 0  9 14 6 rw
MAIR_EL1          3 0 10  2 0 rw
AMAIR_EL1         3 0 10  3 0 rw
VBAR_EL1          3 0 12  0 0 rw
RVBAR_EL1         3 0 12  0 1 r
RMR_EL1           3 0 12  0 2 rw
ISR_EL1           3 0 12  1 0 r
ICC_IAR0_EL1      3 0 12  8 0 r
ICC_EOIR0_EL1     3 0 12  8 1 w
ICC_HPPIR0_EL1    3 0 12  8 2 r
ICC_BPR0_EL1      3 0 12  8 3 rw
ICC_AP0R0_EL1     3 0 12  8 4 rw
ICC_AP0R1_EL1     3 0 12  8 5 rw
ICC_AP0R2_EL1     3 0 12  8 6 rw
ICC_AP0R3_EL1     3 0 12  8 7 rw
ICC_AP1R0_EL1     3 0 12  9 0 rw
ICC_AP1R1_EL1     3 0 12  9 1 rw
ICC_AP1R2_EL1     3 0 12  9 2 rw
ICC_AP1R3_EL1     3 0 12  9 3 rw
ICC_DIR_EL1       3 0 12 11 1 w
ICC_RPR_EL1       3 0 12 11 3 r
ICC_SGI1R_EL1     3 0 12 11 5 w
ICC_ASGI1R_EL1    3 0 12 11 6 w
ICC_SGI0R_EL1     3 0 12 11 7 w
ICC_IAR1_EL1      3 0 12 12 0 r
ICC_EOIR1_EL1     3 0 12 12 1 w
ICC_HPPIR1_EL1    3 0 12 12 2 r
ICC_BPR1_EL1      3 0 12 12 3 rw
ICC_CTLR_EL1      3 0 12 12 4 rw
ICC_SRE_EL1       3 0 12 12 5 rw
ICC_IGRPEN0_EL1   3 0 12 12 6 rw
ICC_IGRPEN1_EL1   3 0 12 12 7 rw
CONTEXTIDR_EL1    3 0 13  0 1 rw
TPIDR_EL1         3 0 13  0 4 rw
CNTKCTL_EL1       3 0 14  1 0 rw
CCSIDR_EL1        3 1  0  0 0 r
CLIDR_EL1         3 1  0  0 1 r
GMID_EL1          3 1  0  0 4 r
AIDR_EL1          3 1  0  0 7 r
CSSELR_EL1        3 2  0  0 0 rw
CTR_EL0           3 3  0  0 1 r
DCZID_EL0         3 3  0  0 7 r
NZCV              3 3  4  2 0 rw
DAIF              3 3  4  2 1 rw
TCO               3 3  4  2 7 rw
FPCR              3 3  4  4 0 rw
FPSR              3 3  4  4 1 rw
DSPSR_EL0         3 3  4  5 0 rw
DLR_EL0           3 3  4  5 1 rw
PMCR_EL0          3 3  9 12 0 rw
PMCNTENSET_EL0    3 3  9 12 1 rw
PMCNTENCLR_EL0    3 3  9 12 2 rw
PMOVSCLR_EL0      3 3  9 12 3 rw
PMSWINC_EL0       3 3  9 12 4 w
PMSELR_EL0        3 3  9 12 5 rw
PMCEID0_EL0       3 3  9 12 6 r
PMCEID1_EL0       3 3  9 12 7 r
PMCCNTR_EL0       3 3  9 13 0 rw
PMXEVTYPER_EL0    3 3  9 13 1 rw
PMXEVCNTR_EL0     3 3  9 13 2 rw
PMUSERENR_EL0     3 3  9 14 0 rw
PMOVSSET_EL0      3 3  9 14 3 rw
TPIDR_EL0         3 3 13  0 2 rw
TPIDRRO_EL0       3 3 13  0 3 rw
CNTFRQ_EL0        3 3 14  0 0 rw
CNTPCT_EL0        3 3 14  0 1 r
CNTVCT_EL0        3 3 14  0 2 r
CNTP_TVAL_EL0     3 3 14  2 0 rw
CNTP_CTL_EL0      3 3 14  2 1 rw
CNTP_CVAL_EL0     3 3 14  2 2 rw
CNTV_TVAL_EL0     3 3 14  3 0 rw
CNTV_CTL_EL0      3 3 14  3 1 rw
CNTV_CVAL_EL0     3 3 14  3 2 rw
PMEVCNTR0_EL0     3 3 14  8 0 rw
PMEVCNTR1_EL0     3 3 14  8 1 rw
PMEVCNTR2_EL0     3 3 14  8 2 rw
PMEVCNTR3_EL0     3 3 14  8 3 rw
PMEVCNTR4_EL0     3 3 14  8 4 rw
PMEVCNTR5_EL0     3 3 14  8 5 rw
PMEVCNTR6_EL0     3 3 14  8 6 rw
PMEVCNTR7_EL0     3 3 14  8 7 rw
PMEVCNTR8_EL0     3 3 14  9 0 rw
PMEVCNTR9_EL0     3 3 14  9 1 rw
PMEVCNTR10_EL0    3 3 14  9 2 rw
PMEVCNTR11_EL0    3 3 14  9 3 rw
PMEVCNTR12_EL0    3 3 14  9 4 rw
PMEVCNTR13_EL0    3 3 14  9 5 rw
PMEVCNTR14_EL0    3 3 14  9 6 rw
PMEVCNTR15_EL0    3 3 14  9 7 rw
PMEVCNTR16_EL0    3 3 14 10 0 rw
PMEVCNTR17_EL0    3 3 14 10 1 rw
PMEVCNTR18_EL0    3 3 14 10 2 rw
PMEVCNTR19_EL0    3 3 14 10 3 rw
PMEVCNTR20_EL0    3 3 14 10 4 rw
PMEVCNTR21_EL0    3 3 14 10 5 rw
PMEVCNTR22_EL0    3 3 14 10 6 rw
PMEVCNTR23_EL0    3 3 14 10 7 rw
PMEVCNTR24_EL0    3 3 14 11 0 rw
PMEVCNTR25_EL0    3 3 14 11 1 rw
PMEVCNTR26_EL0    3 3 14 11 2 rw
PMEVCNTR27_EL0    3 3 14 11 3 rw
PMEVCNTR28_EL0    3 3 14 11 4 rw
PMEVCNTR29_EL0    3 3 14 11 5 rw
PMEVCNTR30_EL0    3 3 14 11 6 rw
PMEVTYPER0_EL0    3 3 14 12 0 rw
PMEVTYPER1_EL0    3 3 14 12 1 rw
PMEVTYPER2_EL0    3 3 14 12 2 rw
PMEVTYPER3_EL0    3 3 14 12 3 rw
PMEVTYPER4_EL0    3 3 14 12 4 rw
PMEVTYPER5_EL0    3 3 14 12 5 rw
PMEVTYPER6_EL0    3 3 14 12 6 rw
PMEVTYPER7_EL0    3 3 14 12 7 rw
PMEVTYPER8_EL0    3 3 14 13 0 rw
PMEVTYPER9_EL0    3 3 14 13 1 rw
PMEVTYPER10_EL0   3 3 14 13 2 rw
PMEVTYPER11_EL0   3 3 14 13 3 rw
PMEVTYPER12_EL0   3 3 14 13 4 rw
PMEVTYPER13_EL0   3 3 14 13 5 rw
PMEVTYPER14_EL0   3 3 14 13 6 rw
PMEVTYPER15_EL0   3 3 14 13 7 rw
PMEVTYPER16_EL0   3 3 14 14 0 rw
PMEVTYPER17_EL0   3 3 14 14 1 rw
PMEVTYPER18_EL0   3 3 14 14 2 rw
PMEVTYPER19_EL0   3 3 14 14 3 rw
PMEVTYPER20_EL0   3 3 14 14 4 rw
PMEVTYPER21_EL0   3 3 14 14 5 rw
PMEVTYPER22_EL0   3 3 14 14 6 rw
PMEVTYPER23_EL0   3 3 14 14 7 rw
PMEVTYPER24_EL0   3 3 14 15 0 rw
PMEVTYPER25_EL0   3 3 14 15 1 rw
PMEVTYPER26_EL0   3 3 14 15 2 rw
PMEVTYPER27_EL0   3 3 14 15 3 rw
PMEVTYPER28_EL0   3 3 14 15 4 rw
PMEVTYPER29_EL0   3 3 14 15 5 rw
PMEVTYPER30_EL0   3 3 14 15 6 rw
PMCCFILTR_EL0     3 3 14 15 7 rw
VPIDR_EL2         3 4  0  0 0 rw
VMPIDR_EL2        3 4  0  0 5 rw
SCTLR_EL2         3 4  1  0 0 rw
ACTLR_EL2         3 4  1  0 1 rw
HCR_EL2           3 4  1  1 0 rw
MDCR_EL2          3 4  1  1 1 rw
CPTR_EL2          3 4  1  1 2 rw
HSTR_EL2          3 4  1  1 3 rw
HACR_EL2          3 4  1  1 7 rw
TCR_EL2           3 4  2  0 2 rw
VTCR_EL2          3 4  2  1 2 rw
DACR32_EL2        3 4  3  0 0 rw
SPSR_EL2          3 4  4  0 0 rw
ELR_EL2           3 4  4  0 1 rw
SP_EL1            3 4  4  1 0 rw
SPSR_irq          3 4  4  3 0 rw
SPSR_abt          3 4  4  3 1 rw
SPSR_und          3 4  4  3 2 rw
SPSR_fiq          3 4  4  3 3 rw
IFSR32_EL2        3 4  5  0 1 rw
AFSR0_EL2         3 4  5  1 0 rw
AFSR1_EL2         3 4  5  1 1 rw
ESR_EL2           3 4  5  2 0 rw
FPEXC32_EL2       3 4  5  3 0 rw
TFSR_EL2          3 4  5  6 0 rw
FAR_EL2           3 4  6  0 0 rw
HPFAR_EL2         3 4  6  0 4 rw
MAIR_EL2          3 4 10  2 0 rw
AMAIR_EL2         3 4 10  3 0 rw
VBAR_EL2          3 4 12  0 0 rw
RVBAR_EL2         3 4 12  0 1 r
RMR_EL2           3 4 12  0 2 rw
ICH_AP0R0_EL2     3 4 12  8 0 rw
ICH_AP0R1_EL2     3 4 12  8 1 rw
ICH_AP0R2_EL2     3 4 12  8 2 rw
ICH_AP0R3_EL2     3 4 12  8 3 rw
ICH_AP1R0_EL2     3 4 12  9 0 rw
ICH_AP1R1_EL2     3 4 12  9 1 rw
ICH_AP1R2_EL2     3 4 12  9 2 rw
ICH_AP1R3_EL2     3 4 12  9 3 rw
ICC_SRE_EL2       3 4 12  9 5 rw
ICH_HCR_EL2       3 4 12 11 0 rw
ICH_VTR_EL2       3 4 12 11 1 r
ICH_MISR_EL2      3 4 12 11 2 r
ICH_EISR_EL2      3 4 12 11 3 r
ICH_ELRSR_EL2     3 4 12 11 5 r
ICH_VMCR_EL2      3 4 12 11 7 rw
ICH_LR0_EL2       3 4 12 12 0 rw
ICH_LR1_EL2       3 4 12 12 1 rw
ICH_LR2_EL2       3 4 12 12 2 rw
ICH_LR3_EL2       3 4 12 12 3 rw
ICH_LR4_EL2       3 4 12 12 4 rw
ICH_LR5_EL2       3 4 12 12 5 rw
ICH_LR6_EL2       3 4 12 12 6 rw
ICH_LR7_EL2       3 4 12 12 7 rw
ICH_LR8_EL2       3 4 12 13 0 rw
ICH_LR9_EL2       3 4 12 13 1 rw
ICH_LR10_EL2      3 4 12 13 2 rw
ICH_LR11_EL2      3 4 12 13 3 rw
ICH_LR12_EL2      3 4 12 13 4 rw
ICH_LR13_EL2      3 4 12 13 5 rw
ICH_LR14_EL2      3 4 12 13 6 rw
ICH_LR15_EL2      3 4 12 13 7 rw
TPIDR_EL2         3 4 13  0 2 rw
CNTVOFF_EL2       3 4 14  0 3 rw
CNTHCTL_EL2       3 4 14  1 0 rw
CNTHP_TVAL_EL2    3 4 14  2 0 rw
CNTHP_CTL_EL2     3 4 14  2 1 rw
CNTHP_CVAL_EL2    3 4 14  2 2 rw
TFSR_EL12         3 5  5  6 0 rw
SCTLR_EL3         3 6  1  0 0 rw
ACTLR_EL3         3 6  1  0 1 rw
SCR_EL3           3 6  1  1 0 rw
SDER32_EL3        3 6  1  1 1 rw
CPTR_EL3          3 6  1  1 2 rw
MDCR_EL3          3 6  1  3 1 rw
TTBR0_EL3         3 6  2  0 0 rw
TCR_EL3           3 6  2  0 2 rw
SPSR_EL3          3 6  4  0 0 rw
ELR_EL3           3 6  4  0 1 rw
SP_EL2            3 6  4  1 0 rw
AFSR0_EL3         3 6  5  1 0 rw
AFSR1_EL3         3 6  5  1 1 rw
ESR_EL3           3 6  5  2 0 rw
TFSR_EL3          3 6  5  6 0 rw
FAR_EL3           3 6  6  0 0 rw
MAIR_EL3          3 6 10  2 0 rw
AMAIR_EL3         3 6 10  3 0 rw
VBAR_EL3          3 6 12  0 0 rw
RVBAR_EL3         3 6 12  0 1 r
RMR_EL3           3 6 12  0 2 rw
ICC_CTLR_EL3      3 6 12 12 4 rw
ICC_SRE_EL3       3 6 12 12 5 rw
ICC_IGRPEN1_EL3   3 6 12 12 7 rw
TPIDR_EL3         3 6 13  0 2 rw
CNTPS_TVAL_EL1    3 7 14  2 0 rw
CNTPS_CTL_EL1     3 7 14  2 1 rw
CNTPS_CVAL_EL1    3 7 14  2 2 rw
`;

const BY_NAME = new Map<string, SysReg>();
const READ_NAME = new Map<number, string>();
const WRITE_NAME = new Map<number, string>();

/** Every named register, in encoding order. */
export const SYSREGS: readonly SysReg[] = DATA.trim().split('\n').map((line) => {
  const [name, ...rest] = line.split(/\s+/);
  const [op0, op1, crn, crm, op2] = rest.slice(0, 5).map(Number) as [number, number, number, number, number];
  const access = rest[5] as SysRegAccess;
  const r: SysReg = Object.freeze({ name: name!, op0, op1, crn, crm, op2, access, enc: sysRegEnc(op0, op1, crn, crm, op2) });
  BY_NAME.set(r.name.toLowerCase(), r);
  if (access !== 'w') READ_NAME.set(r.enc, r.name);
  if (access !== 'r') WRITE_NAME.set(r.enc, r.name);
  return r;
});

/** The named register `name` (any case), or undefined. */
export function sysRegByName(name: string): SysReg | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Text for the register an MRS (read) or MSR (write) with bits [20:5] = enc names. */
export function sysRegName(enc: number, write: boolean): string {
  return (write ? WRITE_NAME : READ_NAME).get(enc) ?? genericSysRegName(enc);
}

/**
 * Encoding of a named register, for the emulator's register file (throws
 * on a typo, so a misspelt name fails at load time, not at run time).
 */
export function sysRegEncoding(name: string): number {
  const r = BY_NAME.get(name.toLowerCase());
  if (!r) throw new Error(`unknown system register ${name}`);
  return r.enc;
}

/**
 * Parse a register operand of MRS (write = false) or MSR (write = true):
 * a name from the table that can be accessed in that direction, or the
 * generic `s<op0>_<op1>_c<n>_c<m>_<op2>` spelling with op0 2 or 3 (op0 0
 * and 1 are the SYS/SYSL and PSTATE spaces). Returns enc or an error message.
 */
export function parseSysReg(word: string, write: boolean): number | string {
  const w = word.toLowerCase();
  const g = /^s([0-3])_([0-7])_c([0-9]|1[0-5])_c([0-9]|1[0-5])_([0-7])$/.exec(w);
  if (g) {
    const op0 = Number(g[1]);
    if (op0 < 2) return `generic system register '${word}' must have op0 2 or 3 (op0 ${op0} is not MRS/MSR space)`;
    return sysRegEnc(op0, Number(g[2]), Number(g[3]), Number(g[4]), Number(g[5]));
  }
  const r = BY_NAME.get(w);
  if (!r) return w ? `unknown system register '${word}'` : 'expected a system register';
  if (write && r.access === 'r') return `system register ${r.name} is read-only`;
  if (!write && r.access === 'w') return `system register ${r.name} is write-only`;
  return r.enc;
}
