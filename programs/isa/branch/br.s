// BR, BLR and RET: targets from registers, BLR X30 (target read before the
// link is written), RET Xn, and a BR/BLR to a tagged pointer (TBI0: the top
// byte is ignored, as Linux user space always has it).
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"
	.text
	.global	_start
_start:
	// 1: BR to a label
	mov	x28, #1
	adr	x1, 1f
	br	x1
	b	fail
1:
	// 2: BLR sets X30 = next instruction; the callee returns with RET
	mov	x28, #2
	adr	x1, get_lr
	blr	x1
after_blr:
	adr	x2, after_blr
	cmp	x0, x2
	b.ne	fail

	// 3: BLR X30: the target is the old X30
	mov	x28, #3
	adr	x30, get_lr
	blr	x30
after_blr30:
	adr	x2, after_blr30
	cmp	x0, x2
	b.ne	fail

	// 4: RET X5
	mov	x28, #4
	adr	x5, 2f
	ret	x5
	b	fail
2:
	// 5: BR to a tagged pointer (tag 0xa in bits 59:56, junk in 63:60)
	mov	x28, #5
	adr	x1, 3f
	mov	x2, #0xfa00000000000000
	orr	x1, x1, x2
	br	x1
	b	fail
3:
	// 6: BLR to a tagged pointer: X30 is the plain return address
	mov	x28, #6
	adr	x1, get_lr
	mov	x2, #0x0500000000000000
	orr	x1, x1, x2
	blr	x1
after_tagged:
	adr	x2, after_tagged
	cmp	x0, x2
	b.ne	fail

	// 7: a jump table: BR through a computed address
	mov	x28, #7
	mov	x3, #2			// index
	adr	x4, table
	add	x4, x4, x3, lsl #3	// 2 instructions per entry
	mov	x0, #0
	br	x4
table:
	mov	x0, #10
	b	4f
	mov	x0, #11
	b	4f
	mov	x0, #12
	b	4f
4:	cmp	x0, #12
	b.ne	fail

	TEST_PASSFAIL

get_lr:
	mov	x0, x30
	ret
