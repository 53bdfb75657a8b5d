// tagged_abi: pointers with a non-zero top byte (TBI). Loads and stores
// through them always work. System calls accept them as buffers only
// after prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE): before,
// write/read/rt_sigaction with a tagged buffer are EFAULT (and the failed
// read consumes no input). With the ABI on, munmap, mprotect and madvise
// ignore the tag. (Before it, Linux's untagged_addr() in these three
// ignores it too, while qemu 7.2 fails them: not tested.)
// stdin: abcdefgh
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
	.equ	TAG, 0x2a00000000000000
_start:
	CASE	1
	adrp	x19, msg
	add	x19, x19, :lo12:msg
	ldr	x9, =TAG
	orr	x20, x19, x9		// tagged msg
	ldrb	w1, [x20]		// TBI: the tag is ignored by loads
	CHECK_EQ x1, 'T'
	adrp	x21, buf
	add	x21, x21, :lo12:buf
	orr	x22, x21, x9		// tagged buf
	mov	x1, #0x77
	strb	w1, [x22]
	ldrb	w2, [x21]
	CHECK_EQ x2, 0x77
	// the tagged address ABI is off: EFAULT
	CASE	2
	mov	x0, #1
	mov	x1, x20
	mov	x2, #msglen
	SYSCALL	SYS_write
	CHECK_ERR x0, EFAULT
	CASE	3
	mov	x0, #0
	mov	x1, x22
	mov	x2, #4
	SYSCALL	SYS_read
	CHECK_ERR x0, EFAULT
	CASE	4
	sub	sp, sp, #32
	stp	xzr, xzr, [sp]
	stp	xzr, xzr, [sp, #16]
	mov	x1, sp
	ldr	x9, =TAG
	orr	x1, x1, x9
	mov	x0, #SIGUSR1
	mov	x2, #0
	mov	x3, #8
	SYSCALL	SYS_rt_sigaction
	add	sp, sp, #32
	CHECK_ERR x0, EFAULT
	// now with the tagged address ABI
	CASE	8
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	mov	x1, #PR_TAGGED_ADDR_ENABLE
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	CHECK_EQ x0, 0
	CASE	9
	mov	x0, #1
	mov	x1, x20
	mov	x2, #msglen
	SYSCALL	SYS_write
	CHECK_EQ x0, msglen
	CASE	10
	mov	x0, #0
	mov	x1, x22
	mov	x2, #4
	SYSCALL	SYS_read
	CHECK_EQ x0, 4
	ldr	w1, [x21]
	CHECK_EQ x1, 0x64636261		// "abcd"
	// munmap/mprotect/madvise untag
	CASE	11
	MMAP_ANON 3*4096, PROT_READ|PROT_WRITE
	mov	x23, x0
	ldr	x9, =TAG
	orr	x24, x23, x9
	mov	x0, x24
	mov	x1, #4096
	mov	x2, #PROT_READ
	SYSCALL	SYS_mprotect
	CHECK_EQ x0, 0
	CASE	12
	add	x0, x24, #4096
	mov	x1, #4096
	mov	x2, #MADV_DONTNEED
	SYSCALL	SYS_madvise
	CHECK_EQ x0, 0
	CASE	13
	add	x0, x24, #2*4096
	mov	x1, #4096
	SYSCALL	SYS_munmap
	CHECK_EQ x0, 0
	PRINT	"tagged_abi ok\n"
	EXIT	0
	.section .rodata
msg:	.ascii	"Tagged pointer accepted\n"
	msglen = . - msg
	.bss
buf:	.skip	16
	.text
	.include "../include/lib.inc"
