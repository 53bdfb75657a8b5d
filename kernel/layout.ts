// Memory layout of the mini-kernel (xv6 memlayout.h style).
//
// Physical memory (PhysMem, default 1 GiB, lazily backed):
//
//   0x0000_0000 .. 0x000f_ffff   reserved: never allocated (catches PA 0 bugs)
//   0x0010_0000 .. end           page frames: user pages, page-table pages,
//                                the zero page, reference pages, the sigtramp
//                                page. One allocator (kalloc.ts) owns them all.
//
// A user address space (TTBR0_EL1, T0SZ = 16: 48-bit VAs, 4 KiB granule,
// four levels; the top byte is ignored (TBI0) and carries the MTE tag):
//
//   0x0000_0000_0000 .. 0x0000_003f_ffff   unmapped (NULL guard)
//   0x0000_0040_0000 ..                    ELF PT_LOAD segments (ET_EXEC)
//        .. brk                            heap (brk), grows up from the end
//                                          of the last segment, page aligned
//   MMAP_BASE (below the stack gap) ..     mmap area, allocated top-down
//   STACK_TOP - STACK_MAX .. STACK_TOP     user stack, grows down on demand
//   SIGTRAMP_VA                            one read/execute page holding the
//                                          signal return trampoline (Linux's
//                                          vDSO sigreturn; used when a handler
//                                          has no SA_RESTORER)
//
// No address randomisation: the same program gets the same addresses, which
// is part of "same inputs, same cycle counts".

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

export const PHYS_RESERVED = 0x10_0000;

export const USER_VA_BITS = 48;
export const TASK_SIZE = 2 ** USER_VA_BITS;
export const STACK_TOP = 0xffff_ffff_0000;
/** RLIMIT_STACK default (8 MiB). */
export const STACK_MAX = 8 << 20;
/** Gap between the stack limit and the mmap area (Linux's MIN_GAP is 128 MiB). */
export const STACK_GAP = 128 << 20;
export const MMAP_BASE = STACK_TOP - STACK_MAX - STACK_GAP;
export const SIGTRAMP_VA = STACK_TOP + 0x1000 * 8;
/** Lowest address mmap may return (Linux's mmap_min_addr default). */
export const MMAP_MIN_ADDR = 0x1_0000;

/** MAIR_EL1 attribute indexes, as Linux arm64 orders them. */
export const MT_NORMAL = 0;
export const MT_NORMAL_TAGGED = 1;
export const MT_NORMAL_NC = 2;
export const MT_DEVICE_nGnRnE = 3;
/** MAIR_EL1 value: Attr0 = 0xff (Normal WB), Attr1 = 0xf0 (Normal-Tagged), Attr2 = 0x44, Attr3 = 0x00. */
export const MAIR_LO = 0x00_44_f0_ff;
export const MAIR_HI = 0;

export const pageDown = (a: number): number => a - (a % PAGE_SIZE);
export const pageUp = (a: number): number => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
