// B and BL: forward and backward targets, the link register, nested calls
// (LR saved in a register), and a long forward branch over padding.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"
	.text
	.global	_start
_start:
	// 1: forward B skips an instruction
	mov	x28, #1
	mov	x1, #0
	b	1f
	mov	x1, #1
1:	cbnz	x1, fail

	// 2: backward B (a loop made of B and CBZ)
	mov	x28, #2
	mov	x1, #0
2:	add	x1, x1, #1
	cmp	x1, #5
	b.eq	3f
	b	2b
3:	cmp	x1, #5
	b.ne	fail

	// 3: BL writes X30 = address of the next instruction
	mov	x28, #3
	bl	func_ret_lr
ret_point:
	adr	x2, ret_point
	cmp	x0, x2
	b.ne	fail

	// 4: BL to a function that returns with RET; execution continues after the BL
	mov	x28, #4
	mov	x0, #0
	bl	func_add1
	bl	func_add1
	cmp	x0, #2
	b.ne	fail

	// 5: nested calls, LR kept in a callee-saved register
	mov	x28, #5
	mov	x0, #0
	bl	func_nested
	cmp	x0, #3
	b.ne	fail

	// 6: a long forward branch (64 KiB of padding)
	mov	x28, #6
	b	far_target
	.skip	65536
far_target:
	// 7: a long backward branch lands after the padding
	mov	x28, #7
	mov	x1, #0
	b	back_pad
back_return:
	cmp	x1, #1
	b.ne	fail
	b	pass

func_ret_lr:
	mov	x0, x30
	ret
func_add1:
	add	x0, x0, #1
	ret
func_nested:
	mov	x19, x30
	bl	func_add1
	bl	func_add1
	bl	func_add1
	mov	x30, x19
	ret

	TEST_PASSFAIL

	.skip	65536
back_pad:
	mov	x1, #1
	b	back_return
