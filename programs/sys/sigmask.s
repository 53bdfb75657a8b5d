// sigmask: a blocked signal stays pending (the handler does not run);
// unblocking it delivers it before rt_sigprocmask returns. SIGKILL cannot
// be blocked: asking for it leaves it out of the mask read back. A bad
// `how` is EINVAL.
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
	// SIGPROCMASK how, setreg: rt_sigprocmask(how, &setreg, &old, 8); x0 = result, old in `old`
	.macro	SIGPROCMASK how, setreg
	adrp	x9, set
	add	x9, x9, :lo12:set
	str	\setreg, [x9]
	mov	x0, #\how
	mov	x1, x9
	add	x2, x9, #8
	mov	x3, #8
	SYSCALL	SYS_rt_sigprocmask
	.endm
_start:
	CASE	1
	SIGACTION SIGUSR1, lib_sig_record
	mov	x20, #1 << (SIGUSR1 - 1)
	SIGPROCMASK SIG_BLOCK, x20
	CHECK_EQ x0, 0
	CASE	2
	SYSCALL	SYS_getpid
	mov	x1, #SIGUSR1
	SYSCALL	SYS_kill
	CHECK_EQ x0, 0
	SIG_GET	x9, LS_COUNT
	CHECK_EQ x9, 0			// pending, not delivered
	CASE	3
	SIGPROCMASK SIG_UNBLOCK, x20
	CHECK_EQ x0, 0
	EXPECT_SIG 1, SIGUSR1, SI_USER
	CASE	4
	adrp	x9, set
	ldr	x1, [x9, :lo12:set + 8]	// the old mask had SIGUSR1
	CHECK_REG x1, x20
	// SIGKILL is silently dropped from the mask
	CASE	5
	mov	x21, #(1 << (SIGKILL - 1)) | (1 << (SIGUSR2 - 1))
	SIGPROCMASK SIG_SETMASK, x21
	CHECK_EQ x0, 0
	mov	x22, #0
	SIGPROCMASK SIG_SETMASK, x22
	adrp	x9, set
	ldr	x1, [x9, :lo12:set + 8]
	CHECK_EQ x1, 1<<(SIGUSR2-1)
	CASE	6
	SIGPROCMASK 7, x22
	CHECK_ERR x0, EINVAL
	PRINT	"sigmask ok\n"
	EXIT	0
	.bss
	.p2align 3
set:	.skip	16
	.text
	.include "../include/lib.inc"
