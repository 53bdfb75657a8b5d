// madvise: MADV_DONTNEED on private anonymous memory drops its pages: the
// next read sees zeroes; the mapping itself stays (writable again).
// Unaligned addresses are EINVAL; advice the kernel ignores (WILLNEED)
// succeeds.
// exit: 0
	.include "../include/sys.inc"
	.equ	MADV_WILLNEED, 3
	.text
	.global	_start
_start:
	CASE	1
	MMAP_ANON 2*4096, PROT_READ|PROT_WRITE
	mov	x19, x0
	mov	x1, #0x42
	str	x1, [x19]
	str	x1, [x19, #4096]
	CASE	2
	mov	x0, x19
	mov	x1, #4096
	mov	x2, #MADV_DONTNEED
	SYSCALL	SYS_madvise
	CHECK_EQ x0, 0
	CASE	3
	ldr	x1, [x19]
	CHECK_EQ x1, 0
	ldr	x1, [x19, #4096]	// the other page is untouched
	CHECK_EQ x1, 0x42
	CASE	4
	mov	x1, #0x43
	str	x1, [x19]
	ldr	x1, [x19]
	CHECK_EQ x1, 0x43
	CASE	5
	add	x0, x19, #8
	mov	x1, #4096
	mov	x2, #MADV_DONTNEED
	SYSCALL	SYS_madvise
	CHECK_ERR x0, EINVAL
	CASE	6
	mov	x0, x19
	mov	x1, #4096
	mov	x2, #MADV_WILLNEED
	SYSCALL	SYS_madvise
	CHECK_EQ x0, 0
	PRINT	"madvise ok\n"
	EXIT	0
	.include "../include/lib.inc"
