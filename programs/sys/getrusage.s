// getrusage: RUSAGE_SELF, RUSAGE_CHILDREN and RUSAGE_THREAD succeed;
// ru_maxrss (KiB) of the process is positive and tv_usec fields are below
// 10^6; an unknown `who` is EINVAL and a bad pointer EFAULT. The values
// themselves are not printed: under qemu they describe qemu itself.
// exit: 0
	.include "../include/sys.inc"
	.equ	RUSAGE_SELF, 0
	.equ	RUSAGE_CHILDREN, -1
	.equ	RUSAGE_THREAD, 1
	// struct rusage: ru_utime {sec, usec} +0, ru_stime +16, ru_maxrss +32, ru_minflt +64
	.text
	.global	_start
_start:
	CASE	1
	mov	x0, #RUSAGE_SELF
	adrp	x1, ru
	add	x1, x1, :lo12:ru
	SYSCALL	SYS_getrusage
	CHECK_EQ x0, 0
	CASE	2
	adrp	x1, ru
	add	x1, x1, :lo12:ru
	ldr	x2, [x1, #32]
	cmp	x2, #0
	cset	x3, gt
	CHECK_EQ x3, 1
	CASE	3
	ldr	x2, [x1, #8]
	ldr	x4, =1000000
	cmp	x2, x4
	cset	x3, lo
	CHECK_EQ x3, 1
	ldr	x2, [x1, #24]
	cmp	x2, x4
	cset	x3, lo
	CHECK_EQ x3, 1
	CASE	4
	mov	x0, #RUSAGE_CHILDREN
	adrp	x1, ru
	add	x1, x1, :lo12:ru
	SYSCALL	SYS_getrusage
	CHECK_EQ x0, 0
	CASE	5
	mov	x0, #RUSAGE_THREAD
	adrp	x1, ru
	add	x1, x1, :lo12:ru
	SYSCALL	SYS_getrusage
	CHECK_EQ x0, 0
	CASE	6
	mov	x0, #5
	adrp	x1, ru
	add	x1, x1, :lo12:ru
	SYSCALL	SYS_getrusage
	CHECK_ERR x0, EINVAL
	CASE	7
	mov	x0, #RUSAGE_SELF
	mov	x1, #0x10
	SYSCALL	SYS_getrusage
	CHECK_ERR x0, EFAULT
	PRINT	"getrusage ok\n"
	EXIT	0
	.bss
	.p2align 4
ru:	.skip	144
	.text
	.include "../include/lib.inc"
