// segv_handler: access faults delivered to a SA_SIGINFO handler that reads
// si_signo, si_code and si_addr and resumes after the faulting instruction
// (it edits uc_mcontext.pc). Reading PROT_NONE memory and writing
// PROT_READ memory or program text give SEGV_ACCERR with the exact
// address; an unmapped page (after munmap) and a near-NULL address give
// SEGV_MAPERR, also through a tagged pointer (si_addr without the tag
// byte); a branch into a page without PROT_EXEC gives SEGV_ACCERR
// with si_addr = pc = the branch target. A failed store leaves memory
// unchanged; mprotect back to PROT_READ|PROT_WRITE makes it writable.
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
	// EXPECT_FAULT code, reg: exactly one more SIGSEGV, with si_code code and si_addr = reg
	.macro	EXPECT_FAULT code, reg
	add	x25, x25, #1
	SIG_GET	x9, LS_COUNT
	CHECK_REG x9, x25
	SIG_GET	x9, LS_SIGNO
	CHECK_EQ x9, SIGSEGV
	SIG_GET	x9, LS_CODE
	CHECK_EQ x9, \code
	SIG_GET	x9, LS_ADDR
	CHECK_REG x9, \reg
	.endm
_start:
	mov	x25, #0			// faults so far
	CASE	1
	SIGACTION SIGSEGV, lib_sig_skip
	MMAP_ANON 2*4096, PROT_READ|PROT_WRITE
	mov	x19, x0
	mov	x1, #0x5a
	str	x1, [x19, #8]
	// PROT_NONE: reads fault
	CASE	2
	mov	x0, x19
	mov	x1, #4096
	mov	x2, #PROT_NONE
	SYSCALL	SYS_mprotect
	CHECK_EQ x0, 0
	CASE	3
	add	x20, x19, #8
	mov	x1, #0
	ldr	x1, [x20]
	EXPECT_FAULT SEGV_ACCERR, x20
	CHECK_EQ x1, 0			// the load did not happen
	// PROT_READ: writes fault, reads work
	CASE	4
	mov	x0, x19
	mov	x1, #4096
	mov	x2, #PROT_READ
	SYSCALL	SYS_mprotect
	CHECK_EQ x0, 0
	CASE	5
	ldr	x1, [x19, #8]
	CHECK_EQ x1, 0x5a
	add	x20, x19, #0x10
	mov	x22, #0x66
	strb	w22, [x20]
	EXPECT_FAULT SEGV_ACCERR, x20
	ldrb	w1, [x19, #0x10]
	CHECK_EQ x1, 0			// not written
	// writable again
	CASE	6
	mov	x0, x19
	mov	x1, #4096
	mov	x2, #PROT_READ|PROT_WRITE
	SYSCALL	SYS_mprotect
	CHECK_EQ x0, 0
	strb	w22, [x19, #0x10]
	ldrb	w1, [x19, #0x10]
	CHECK_EQ x1, 0x66
	SIG_GET	x9, LS_COUNT
	CHECK_REG x9, x25		// no new fault
	// unmapped: SEGV_MAPERR
	CASE	7
	add	x0, x19, #4096
	mov	x1, #4096
	SYSCALL	SYS_munmap
	CHECK_EQ x0, 0
	add	x20, x19, #4096
	add	x20, x20, #0x20
	ldr	x1, [x20]
	EXPECT_FAULT SEGV_MAPERR, x20
	// near NULL
	CASE	8
	mov	x20, #0x18
	ldr	x1, [x20]
	EXPECT_FAULT SEGV_MAPERR, x20
	// a tagged pointer (top byte 0x5a) to an unmapped page: si_addr has no tag
	CASE	9
	ldr	x21, =0x5a00000000000018
	ldr	x1, [x21]
	mov	x20, #0x18
	EXPECT_FAULT SEGV_MAPERR, x20
	// a store into the program's text
	CASE	10
	adr	x20, _start
	str	xzr, [x20]
	EXPECT_FAULT SEGV_ACCERR, x20
	// a branch to a page without PROT_EXEC: the handler sees pc = si_addr
	// = the target; it then resumes at the return address (x30)
	CASE	11
	SIGACTION SIGSEGV, xhandler
	mov	x20, x19
	blr	x19			// x30 = the next instruction
	EXPECT_FAULT SEGV_ACCERR, x20
	SIG_GET	x9, LS_PC
	CHECK_REG x9, x20
	PRINT	"segv_handler ok\n"
	EXIT	0

// records like lib_sig_record, then resumes at the saved x30
xhandler:
	mov	x10, x30
	bl	lib_sig_record
	mov	x30, x10
	ldr	x3, [x2, #MC_REGS + 30*8]
	str	x3, [x2, #MC_PC]
	ret
	.include "../include/lib.inc"
