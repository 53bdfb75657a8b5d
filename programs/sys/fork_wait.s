// fork_wait: clone(SIGCHLD) returns 0 in the child and the child's pid in
// the parent; the child sees the parent as getppid(). wait4 reports an
// exit(7) as status 7 << 8 and a death by SIGUSR1 as signal 10 in the low
// 7 bits (the core-dump bit 0x80 is not checked: Linux sets it only when a
// core file was written). With no children left wait4 is ECHILD; unknown
// option bits are EINVAL.
// The parent prints only after wait4, so the output order is fixed.
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
	.macro	FORK
	mov	x0, #SIGCHLD
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_clone
	.endm
	// WAIT: x0 = wait4(-1, &status, 0, NULL); status in x1
	.macro	WAIT
	mov	x0, #-1
	adrp	x1, status
	add	x1, x1, :lo12:status
	mov	x2, #0
	mov	x3, #0
	SYSCALL	SYS_wait4
	adrp	x1, status
	ldr	w1, [x1, :lo12:status]
	.endm
_start:
	SYSCALL	SYS_getpid
	mov	x19, x0
	CASE	1
	FORK
	cbz	x0, child1
	mov	x20, x0
	tbz	x0, #63, 1f
	bl	lib_fail
1:	CASE	2
	WAIT
	CHECK_REG x0, x20
	CHECK_EQ x1, 7<<8
	PRINT	"child 1 exited with 7\n"
	// a child killed by a signal
	CASE	3
	FORK
	cbz	x0, child2
	mov	x20, x0
	WAIT
	CHECK_REG x0, x20
	and	x1, x1, #0x7f
	CHECK_EQ x1, SIGUSR1
	PRINT	"child 2 killed by SIGUSR1\n"
	CASE	4
	WAIT
	CHECK_ERR x0, ECHILD
	// unknown option bits: EINVAL, checked before anything else
	CASE	5
	mov	x0, #-1
	mov	x1, #0
	mov	x2, #0x1000
	mov	x3, #0
	SYSCALL	SYS_wait4
	CHECK_ERR x0, EINVAL
	PRINT	"fork_wait ok\n"
	EXIT	0

child1:
	SYSCALL	SYS_getppid
	cmp	x0, x19
	b.ne	1f
	PRINT	"child 1: getppid is the parent\n"
	EXIT	7
1:	EXIT	99
child2:
	SYSCALL	SYS_getpid
	mov	x1, #SIGUSR1
	SYSCALL	SYS_kill
	EXIT	98

	.bss
	.p2align 3
status:	.skip	8
	.text
	.include "../include/lib.inc"
