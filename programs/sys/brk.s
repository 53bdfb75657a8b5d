// brk: brk(0) reports the break; growing returns the new (unaligned) break
// and the new memory is zero and writable; shrinking returns the new
// break; a break below the start is refused (the old break comes back);
// memory given back and grown again reads as zero. Only differences from
// the first break are checked (the addresses differ between kernels).
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	CASE	1
	mov	x0, #0
	SYSCALL	SYS_brk
	mov	x19, x0			// b0
	cbnz	x19, 1f
	bl	lib_fail
1:	CASE	2
	ldr	x1, =0x10010
	add	x0, x19, x1
	mov	x20, x0
	SYSCALL	SYS_brk
	CHECK_REG x0, x20
	// the new memory is zero, and writable to its last byte
	CASE	3
	ldr	x1, [x19]
	CHECK_EQ x1, 0
	ldr	x1, =0x10008
	ldr	x2, [x19, x1]
	CHECK_EQ x2, 0
	mov	x2, #0x55
	str	x2, [x19, x1]
	ldr	x3, =0x8000
	str	x2, [x19, x3]
	// shrink to b0 + 0x4000
	CASE	4
	add	x0, x19, #0x4000
	mov	x20, x0
	SYSCALL	SYS_brk
	CHECK_REG x0, x20
	// below the start: refused, the break stays
	CASE	5
	sub	x0, x19, #0x100000
	SYSCALL	SYS_brk
	CHECK_REG x0, x20
	// grow again: what was given back reads as zero
	CASE	6
	ldr	x1, =0x10010
	add	x0, x19, x1
	mov	x21, x0
	SYSCALL	SYS_brk
	CHECK_REG x0, x21
	CASE	7
	ldr	x3, =0x8000
	ldr	x2, [x19, x3]
	CHECK_EQ x2, 0
	ldr	x1, =0x10008
	ldr	x2, [x19, x1]
	CHECK_EQ x2, 0
	CASE	8
	mov	x0, #0
	SYSCALL	SYS_brk
	CHECK_REG x0, x21
	PRINT	"brk ok\n"
	EXIT	0
	.include "../include/lib.inc"
