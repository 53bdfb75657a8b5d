// sigreturn: the handler gets x0 = signo, x1 = &siginfo, x2 = &ucontext
// with the interrupted registers in uc_mcontext; what it writes there is
// what rt_sigreturn restores: pc (skip the UDF), x19 (changed), the other
// registers, sp, NZCV and the SIMD&FP registers (unchanged, although the
// handler overwrites v8 and FPCR is saved too). While the handler runs its own
// signal is blocked; after rt_sigreturn the mask is back to empty.
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	CASE	1
	SIGACTION SIGILL, handler
	mov	x19, #0x1111
	mov	x20, #0x2222
	ldr	x27, =0x123456789abcdef0
	mov	x21, sp
	adrp	x9, vpat
	ldr	q8, [x9, :lo12:vpat]
	mov	x1, #-1
	cmn	x1, #1			// Z = 1, C = 1: "eq" and "hs" hold
	udf	#1
	b.ne	bad_flags
	b.lo	bad_flags
	CASE	2
	CHECK_EQ x19, 0x5555		// written by the handler
	CASE	3
	CHECK_EQ x20, 0x2222
	CHECK_EQ x27, 0x123456789abcdef0
	mov	x9, sp
	CHECK_REG x9, x21
	adrp	x9, vout
	add	x9, x9, :lo12:vout
	str	q8, [x9]
	ldp	x10, x11, [x9]
	CHECK_EQ x10, 0x0123456789abcdef
	CHECK_EQ x11, 0xfedcba9876543210
	CASE	4
	adrp	x9, seen
	add	x9, x9, :lo12:seen
	ldr	x10, [x9]		// handler's x0
	CHECK_EQ x10, SIGILL
	ldr	x10, [x9, #8]		// regs[20] from the frame
	CHECK_EQ x10, 0x2222
	ldr	x10, [x9, #16]		// sigmask inside the handler: SIGILL blocked
	CHECK_EQ x10, 1<<(SIGILL-1)
	ldr	x10, [x9, #24]		// siginfo's si_signo
	CHECK_EQ x10, SIGILL
	ldr	x10, [x9, #32]		// mcontext sp = our sp
	CHECK_REG x10, x21
	CASE	5
	mov	x0, #SIG_BLOCK
	mov	x1, #0
	adrp	x2, mask
	add	x2, x2, :lo12:mask
	mov	x3, #8
	SYSCALL	SYS_rt_sigprocmask
	CHECK_EQ x0, 0
	adrp	x2, mask
	ldr	x1, [x2, :lo12:mask]
	CHECK_EQ x1, 0
	PRINT	"sigreturn ok\n"
	EXIT	0
bad_flags:
	mov	x16, #0
	mov	x17, #1
	bl	lib_fail

handler:
	adrp	x9, seen
	add	x9, x9, :lo12:seen
	str	x0, [x9]
	ldr	x10, [x2, #MC_REGS + 20*8]
	str	x10, [x9, #8]
	ldrsw	x10, [x1, #SI_SIGNO]
	str	x10, [x9, #24]
	ldr	x10, [x2, #MC_SP]
	str	x10, [x9, #32]
	mov	x19, x2			// keep the ucontext: the syscall clobbers x0-x8
	mov	x0, #SIG_BLOCK
	mov	x1, #0
	add	x2, x9, #16
	mov	x3, #8
	mov	x8, #SYS_rt_sigprocmask
	svc	#0
	mov	x2, x19
	movi	v8.16b, #0x55		// clobber v8: rt_sigreturn restores it from the frame
	mov	x10, #0x5555
	str	x10, [x2, #MC_REGS + 19*8]
	SKIP_INSN
	ret

	.data
	.p2align 4
vpat:	.quad	0x0123456789abcdef, 0xfedcba9876543210
	.bss
	.p2align 4
vout:	.skip	16
seen:	.skip	40
mask:	.skip	8
	.text
	.include "../include/lib.inc"
