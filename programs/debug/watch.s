// watch: memory that changes, for watchpoints. A loop adds 1..5 into
// `total` (a store each iteration), then read(0, buf, 8) fills `buf`
// from stdin (a change made by the kernel, not by a store), and the
// program echoes what it read and exits with total (15).
// exit: 15
	.include "../include/sys.inc"
	.text
	.global	_start
	.type	_start, %function
_start:
	adrp	x19, total
	add	x19, x19, :lo12:total
	mov	x20, #1
loop:
	ldr	x0, [x19]
	add	x0, x0, x20
	str	x0, [x19]			// total += i
	add	x20, x20, #1
	cmp	x20, #5
	b.le	loop
	mov	x0, #0
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	mov	x2, #8
	SYSCALL	SYS_read			// the kernel writes buf
	mov	x2, x0
	mov	x0, #1
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	SYSCALL	SYS_write
	ldr	x0, [x19]
	mov	x8, #SYS_exit_group
	svc	#0
	.size	_start, . - _start

	.data
	.p2align 3
total:	.quad	0
buf:	.quad	0
	.text
	.include "../include/lib.inc"
