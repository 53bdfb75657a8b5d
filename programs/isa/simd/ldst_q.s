// 128-bit SIMD&FP loads and stores: LDR/STR Q with unsigned offset (scaled
// by 16, the largest offset too), unscaled (LDUR/STUR Q), pre- and
// post-index writeback, register offset (LSL #4, UXTW #4, SXTW, SXTX #4),
// LDR Q (literal); LDP/STP Q offset, pre, post and LDNP/STNP Q. The 16
// bytes are little endian: the low 64 bits at the lower address.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	add	x1, x1, #1024
	adrp	x20, scratch
	add	x20, x20, :lo12:scratch
	ldr	x2, =0x0706050403020100
	ldr	x3, =0x0f0e0d0c0b0a0908
	ldr	x4, =0xfedcba9876543210
	ldr	x5, =0x0123456789abcdef

	// 1: LDR Q / STR Q, unsigned offset; low 64 bits at the lower address
	mov	x28, #1
	stp	x2, x3, [x1]
	ldr	q0, [x1]
	VCHECK	q0, 0x0706050403020100, 0x0f0e0d0c0b0a0908, x20
	str	q0, [x1, #32]
	ldp	x6, x7, [x1, #32]
	CHECKR	x6, x2
	CHECKR	x7, x3
	ldrb	w6, [x1, #47]
	cmp	w6, #0x0f
	b.ne	fail

	// 2: the largest unsigned offset (4095 * 16)
	mov	x28, #2
	str	q0, [x1, #65520]
	mov	x9, #65520
	add	x9, x1, x9
	ldp	x6, x7, [x9]
	CHECKR	x6, x2
	CHECKR	x7, x3

	// 3: LDUR/STUR Q (negative, odd offsets)
	mov	x28, #3
	stur	q0, [x1, #-17]
	ldur	q1, [x1, #-17]
	VCHECK	q1, 0x0706050403020100, 0x0f0e0d0c0b0a0908, x20
	ldur	x6, [x1, #-9]
	CHECKR	x6, x3

	// 4: pre-index: the address used is the updated base
	mov	x28, #4
	stp	x4, x5, [x1, #64]
	mov	x9, x1
	ldr	q2, [x9, #64]!
	add	x10, x1, #64
	CHECKR	x9, x10
	VCHECK	q2, 0xfedcba9876543210, 0x0123456789abcdef, x20
	str	q0, [x9, #-16]!
	add	x10, x1, #48
	CHECKR	x9, x10
	ldp	x6, x7, [x1, #48]
	CHECKR	x6, x2

	// 5: post-index: the old base, then base += offset
	mov	x28, #5
	mov	x9, x1
	ldr	q3, [x9], #255
	add	x10, x1, #255
	CHECKR	x9, x10
	VCHECK	q3, 0x0706050403020100, 0x0f0e0d0c0b0a0908, x20
	str	q2, [x9], #-256
	sub	x10, x1, #1
	CHECKR	x9, x10
	ldur	q4, [x1, #255]
	VCHECK	q4, 0xfedcba9876543210, 0x0123456789abcdef, x20

	// 6: register offset: LSL #4 counts 16-byte elements; UXTW #4; SXTW; SXTX #4
	mov	x28, #6
	mov	x11, #4
	ldr	q5, [x1, x11, lsl #4]	// x1 + 64
	VCHECK	q5, 0xfedcba9876543210, 0x0123456789abcdef, x20
	str	q5, [x1, x11, lsl #4]
	ldr	x11, =0xabcdef0000000004
	ldr	q6, [x1, w11, uxtw #4]	// upper bits of x11 ignored: x1 + 64
	VCHECK	q6, 0xfedcba9876543210, 0x0123456789abcdef, x20
	mov	w11, #-17
	str	q0, [x1, w11, sxtw]	// x1 - 17
	ldur	q7, [x1, #-17]
	VCHECK	q7, 0x0706050403020100, 0x0f0e0d0c0b0a0908, x20
	mov	x11, #-2
	str	q2, [x1, x11, sxtx #4]	// x1 - 32
	ldur	q8, [x1, #-32]
	VCHECK	q8, 0xfedcba9876543210, 0x0123456789abcdef, x20
	ldr	q9, [x1, x11, sxtx #4]
	VCHECK	q9, 0xfedcba9876543210, 0x0123456789abcdef, x20

	// 7: LDR Q (literal)
	mov	x28, #7
	ldr	q10, qlit
	VCHECK	q10, 0x1122334455667788, 0x99aabbccddeeff00, x20

	// 8: STP/LDP Q, offset form: Rt at the lower 16 bytes
	mov	x28, #8
	stp	q0, q2, [x1, #128]
	ldp	x6, x7, [x1, #128]
	CHECKR	x6, x2
	CHECKR	x7, x3
	ldp	x6, x7, [x1, #144]
	CHECKR	x6, x4
	CHECKR	x7, x5
	ldp	q11, q12, [x1, #128]
	VCHECK	q11, 0x0706050403020100, 0x0f0e0d0c0b0a0908, x20
	VCHECK	q12, 0xfedcba9876543210, 0x0123456789abcdef, x20

	// 9: STP/LDP Q pre- and post-index, with the imm7 extremes (-1024, 1008)
	mov	x28, #9
	mov	x9, x1
	stp	q2, q0, [x9, #-1024]!
	sub	x10, x1, #1024
	CHECKR	x9, x10
	ldp	q13, q14, [x9], #1008
	add	x10, x10, #1008
	CHECKR	x9, x10
	VCHECK	q13, 0xfedcba9876543210, 0x0123456789abcdef, x20
	VCHECK	q14, 0x0706050403020100, 0x0f0e0d0c0b0a0908, x20
	stp	q0, q0, [x1, #1008]
	ldr	x6, [x1, #1024]
	ldr	x7, [x1, #1032]
	CHECKR	x6, x2
	CHECKR	x7, x3

	// 10: STNP/LDNP Q
	mov	x28, #10
	stnp	q2, q0, [x1, #192]
	ldnp	q15, q16, [x1, #192]
	VCHECK	q15, 0xfedcba9876543210, 0x0123456789abcdef, x20
	VCHECK	q16, 0x0706050403020100, 0x0f0e0d0c0b0a0908, x20

	// 11: SP as the base (pushing and popping a Q register pair)
	mov	x28, #11
	mov	x12, sp
	stp	q0, q2, [sp, #-32]!
	ldr	q17, [sp, #16]
	VCHECK	q17, 0xfedcba9876543210, 0x0123456789abcdef, x20
	ldp	q18, q19, [sp], #32
	VCHECK	q18, 0x0706050403020100, 0x0f0e0d0c0b0a0908, x20
	mov	x13, sp
	CHECKR	x12, x13

	TEST_PASSFAIL

	.balign	16
qlit:	.quad	0x1122334455667788
	.quad	0x99aabbccddeeff00
	.ltorg

	.data
	.balign	16
scratch: .skip	16
buf:	.skip	69632
