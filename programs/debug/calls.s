// calls: function calls for next and finish. _start calls square(7)
// with BL and twice(x) through BLR; square calls twice too. Exits with
// square(7) + twice(5) = 49 + 10 = 59.
// exit: 59
	.include "../include/sys.inc"
	.text
	.global	_start
	.type	_start, %function
_start:
	mov	x0, #7
	bl	square				// x0 = 49
	mov	x19, x0
	mov	x0, #5
	adr	x9, twice
	blr	x9				// x0 = 10
	add	x0, x0, x19
	mov	x8, #SYS_exit_group
	svc	#0
	.size	_start, . - _start

	.type	square, %function
square:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	mul	x1, x0, x0
	mov	x0, x1
	bl	twice				// 98
	lsr	x0, x0, #1			// 49
	ldp	x29, x30, [sp], #16
	ret
	.size	square, . - square

	.type	twice, %function
twice:
	add	x0, x0, x0
	ret
	.size	twice, . - twice
	.include "../include/lib.inc"
