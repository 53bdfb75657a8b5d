// clock: clock_gettime(CLOCK_MONOTONIC) never goes backwards and has
// tv_nsec < 10^9; CLOCK_REALTIME and CLOCK_PROCESS_CPUTIME_ID work; a bad
// clock id (100, or 10: CLOCK_SGI_CYCLE, gone) is EINVAL and a bad pointer EFAULT. Values are not printed
// (mtemu's clocks count emulated time, qemu's are the host's).
// exit: 0
	.include "../include/sys.inc"
	.equ	CLOCK_REALTIME, 0
	.equ	CLOCK_MONOTONIC, 1
	.equ	CLOCK_PROCESS_CPUTIME_ID, 2
	.text
	.global	_start
_start:
	CASE	1
	mov	x0, #CLOCK_MONOTONIC
	adrp	x1, t1
	add	x1, x1, :lo12:t1
	SYSCALL	SYS_clock_gettime
	CHECK_EQ x0, 0
	// spend some time
	mov	x0, #20000
1:	subs	x0, x0, #1
	b.ne	1b
	CASE	2
	mov	x0, #CLOCK_MONOTONIC
	adrp	x1, t2
	add	x1, x1, :lo12:t2
	SYSCALL	SYS_clock_gettime
	CHECK_EQ x0, 0
	// t2 > t1, comparing (sec, nsec)
	CASE	3
	adrp	x1, t1
	add	x1, x1, :lo12:t1
	ldp	x2, x3, [x1]
	adrp	x1, t2
	add	x1, x1, :lo12:t2
	ldp	x4, x5, [x1]
	ldr	x6, =1000000000
	cmp	x3, x6
	cset	x7, lo
	CHECK_EQ x7, 1
	cmp	x5, x6
	cset	x7, lo
	CHECK_EQ x7, 1
	CASE	4
	cmp	x4, x2
	b.gt	2f
	b.lt	3f
	cmp	x5, x3
	b.gt	2f
3:	bl	lib_fail
2:	CASE	5
	mov	x0, #CLOCK_REALTIME
	adrp	x1, t1
	add	x1, x1, :lo12:t1
	SYSCALL	SYS_clock_gettime
	CHECK_EQ x0, 0
	CASE	6
	mov	x0, #CLOCK_PROCESS_CPUTIME_ID
	adrp	x1, t1
	add	x1, x1, :lo12:t1
	SYSCALL	SYS_clock_gettime
	CHECK_EQ x0, 0
	CASE	7
	mov	x0, #100
	adrp	x1, t1
	add	x1, x1, :lo12:t1
	SYSCALL	SYS_clock_gettime
	CHECK_ERR x0, EINVAL
	CASE	8
	mov	x0, #10			// CLOCK_SGI_CYCLE: removed from Linux
	adrp	x1, t1
	add	x1, x1, :lo12:t1
	SYSCALL	SYS_clock_gettime
	CHECK_ERR x0, EINVAL
	CASE	9
	mov	x0, #CLOCK_MONOTONIC
	mov	x1, #0x10
	SYSCALL	SYS_clock_gettime
	CHECK_ERR x0, EFAULT
	PRINT	"clock ok\n"
	EXIT	0
	.bss
	.p2align 4
t1:	.skip	16
t2:	.skip	16
	.text
	.include "../include/lib.inc"
