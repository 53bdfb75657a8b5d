// Multiplies and divides: MADD/MSUB (MUL, MNEG), 32-bit forms wrapping and
// zero-extending, SMADDL/SMSUBL/UMADDL/UMSUBL (SMULL, UMULL, SMNEGL, UMNEGL:
// only the low words of the sources count), SMULH/UMULH (exact high half of
// the 128-bit product), UDIV/SDIV: division by zero gives 0, INT_MIN / -1
// gives INT_MIN, rounding is towards zero, and 64-bit operands beyond 2^53.
// riscv-tests style: x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	ldr	x1, =0x0123456789abcdef
	ldr	x2, =0xfedcba9876543210

	// 1: MUL, MADD, MSUB, MNEG (64-bit, low half of the product)
	mov	x28, #1
	mul	x3, x1, x2
	CHECK	x3, 0x2236d88fe5618cf0
	mov	x4, #1
	madd	x3, x1, x2, x4
	CHECK	x3, 0x2236d88fe5618cf1
	msub	x3, x1, x2, xzr
	CHECK	x3, 0xddc927701a9e7310
	mneg	x3, x1, x2
	CHECK	x3, 0xddc927701a9e7310
	mov	x4, #-1
	mul	x3, x4, x4
	CHECK	x3, 1

	// 2: 32-bit MUL/MADD/MSUB: junk top halves ignored, product wraps, result zero-extended
	mov	x28, #2
	mov	x3, #-1
	mul	w3, w1, w2
	CHECK	x3, 0xe5618cf0
	ldr	x4, =0xffffffff00000010
	madd	w3, w1, w2, w4
	CHECK	x3, 0xe5618d00
	msub	w3, w1, w2, w4
	CHECK	x3, 0x1a9e7320
	mov	w5, #0x10000
	mul	w3, w5, w5
	CHECK	x3, 0

	// 3: SMULL/UMULL and the accumulating forms use only W sources
	mov	x28, #3
	ldr	x5, =0x1111111189abcdef
	ldr	x6, =0x2222222276543210
	smull	x3, w5, w6
	CHECK	x3, 0xc94e4627e5618cf0
	umull	x3, w5, w6
	CHECK	x3, 0x3fa27837e5618cf0
	mov	x4, #5
	smaddl	x3, w5, w6, x4
	CHECK	x3, 0xc94e4627e5618cf5
	umsubl	x3, w5, w6, x4
	CHECK	x3, 0xc05d87c81a9e7315
	smnegl	x3, w5, w6
	CHECK	x3, 0x36b1b9d81a9e7310
	umnegl	x3, w5, w6
	CHECK	x3, 0xc05d87c81a9e7310
	umaddl	x3, w5, w6, x4
	CHECK	x3, 0x3fa27837e5618cf5
	smsubl	x3, w5, w6, x4
	CHECK	x3, 0x36b1b9d81a9e7315

	// 4: long multiplies at the 32-bit limits
	mov	x28, #4
	mov	w5, #0x80000000
	smull	x3, w5, w5
	CHECK	x3, 0x4000000000000000
	mov	w5, #-1
	umull	x3, w5, w5
	CHECK	x3, 0xfffffffe00000001
	smull	x3, w5, w5
	CHECK	x3, 1

	// 5: UMULH and SMULH
	mov	x28, #5
	umulh	x3, x1, x2
	CHECK	x3, 0x0121fa00ad77d742
	smulh	x3, x1, x2
	CHECK	x3, 0xfffeb49923cc0953
	mov	x4, #-1
	umulh	x3, x4, x4
	CHECK	x3, 0xfffffffffffffffe
	smulh	x3, x4, x4
	CHECK	x3, 0
	ldr	x5, =0x8000000000000000
	smulh	x3, x5, x5
	CHECK	x3, 0x4000000000000000
	smulh	x3, x5, x4
	CHECK	x3, 0
	ldr	x5, =0x7fffffffffffffff
	smulh	x3, x5, x4
	CHECK	x3, -1
	umulh	x3, x1, xzr
	CHECK	x3, 0

	// 6: division by zero gives 0 (64- and 32-bit, signed and unsigned)
	mov	x28, #6
	mov	x3, #-1
	udiv	x3, x1, xzr
	CHECK	x3, 0
	mov	x3, #-1
	sdiv	x3, x2, xzr
	CHECK	x3, 0
	mov	x3, #-1
	udiv	w3, w1, wzr
	CHECK	x3, 0
	mov	x3, #-1
	ldr	x4, =0xffffffff00000000
	sdiv	w3, w1, w4
	CHECK	x3, 0

	// 7: INT_MIN / -1 = INT_MIN (64- and 32-bit)
	mov	x28, #7
	ldr	x5, =0x8000000000000000
	mov	x4, #-1
	sdiv	x3, x5, x4
	CHECK	x3, 0x8000000000000000
	mov	w5, #0x80000000
	sdiv	w3, w5, w4
	CHECK	x3, 0x80000000
	sdiv	x3, x5, x5
	CHECK	x3, 1

	// 8: SDIV rounds towards zero
	mov	x28, #8
	mov	x5, #-7
	mov	x6, #2
	sdiv	x3, x5, x6
	CHECK	x3, -3
	mov	x5, #7
	mov	x6, #-2
	sdiv	x3, x5, x6
	CHECK	x3, -3
	mov	x5, #-7
	sdiv	x3, x5, x6
	CHECK	x3, 3
	mov	w5, #-7
	mov	w6, #2
	sdiv	w3, w5, w6
	CHECK	x3, 0xfffffffd

	// 9: 64-bit UDIV beyond 2^53: small divisor, divisor above 2^32, divisor above the dividend
	mov	x28, #9
	mov	x4, #-1
	mov	x5, #3
	udiv	x3, x4, x5
	CHECK	x3, 0x5555555555555555
	ldr	x5, =0x100000001
	udiv	x3, x4, x5
	CHECK	x3, 0xffffffff
	ldr	x5, =0x20000000000001
	udiv	x3, x4, x5
	CHECK	x3, 0x7ff
	udiv	x3, x2, x1
	CHECK	x3, 0xe0
	ldr	x5, =0x1fffffffe
	udiv	x3, x2, x5
	CHECK	x3, 0x7f6e5d4c
	udiv	x3, x1, x2
	CHECK	x3, 0
	udiv	x3, x4, x4
	CHECK	x3, 1

	// 10: 64-bit SDIV beyond 2^53
	mov	x28, #10
	ldr	x5, =0x8000000000000000
	mov	x6, #3
	sdiv	x3, x5, x6
	CHECK	x3, 0xd555555555555556
	sdiv	x3, x2, x1
	CHECK	x3, -1
	ldr	x5, =0x8000000000000001
	ldr	x6, =0xffffffff00000000
	sdiv	x3, x5, x6
	CHECK	x3, 0x7fffffff

	// 11: 32-bit UDIV uses the whole unsigned word; top halves ignored
	mov	x28, #11
	ldr	x5, =0x12345678ffffffff
	ldr	x6, =0x9abcdef000000007
	udiv	w3, w5, w6
	CHECK	x3, 0x24924924
	sdiv	w3, w5, w6
	CHECK	x3, 0

	TEST_PASSFAIL
