// Addressing modes of LDR/STR: unscaled (LDUR/STUR, negative offsets),
// pre-index (writeback of the new address, which is also the one used),
// post-index (access at the old address, then writeback), register offset
// (LSL by the access size, UXTW and SXTW of a W register whose upper
// bits are junk, SXTX, no shift), SP as a writeback base, offsets that
// carry from bit 31 into bit 32 of the address, and XZR as an index.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	add	x1, x1, #2048		// middle of the buffer: room for negative offsets
	ldr	x2, =0x0123456789abcdef
	ldr	x3, =0xfedcba9876543210

	// 1: STUR/LDUR with negative and odd offsets
	mov	x28, #1
	stur	x2, [x1, #-256]
	ldur	x4, [x1, #-256]
	CHECK	x4, 0x0123456789abcdef
	stur	w3, [x1, #-3]
	ldur	w4, [x1, #-3]
	CHECK	x4, 0x76543210
	sturh	w2, [x1, #255]
	ldurh	w4, [x1, #255]
	CHECK	x4, 0xcdef
	sturb	w3, [x1, #-1]
	ldurb	w4, [x1, #-1]
	CHECK	x4, 0x10

	// 2: `ldr x, [x1, #-8]` (an unscaled offset written as LDR) is LDUR
	mov	x28, #2
	str	x3, [x1, #-8]
	ldr	x4, [x1, #-8]
	CHECK	x4, 0xfedcba9876543210
	ldur	x4, [x1, #-8]
	CHECK	x4, 0xfedcba9876543210

	// 3: pre-index: the access uses base + offset, and the base is updated
	mov	x28, #3
	str	x3, [x1]
	mov	x5, x1
	str	x2, [x5, #16]!
	add	x6, x1, #16
	CHECKR	x5, x6
	ldr	x4, [x1, #16]
	CHECK	x4, 0x0123456789abcdef
	ldr	x4, [x5, #-16]!
	CHECKR	x5, x1
	CHECK	x4, 0xfedcba9876543210

	// 4: post-index: the access uses the old base, then base += offset
	mov	x28, #4
	mov	x5, x1
	str	x3, [x5], #24
	add	x6, x1, #24
	CHECKR	x5, x6
	ldr	x4, [x1]
	CHECK	x4, 0xfedcba9876543210
	ldr	x4, [x5], #-24
	CHECKR	x5, x1
	ldr	x7, [x1, #24]
	CHECKR	x4, x7

	// 5: pre/post-index for every width, with the extreme imm9 offsets
	mov	x28, #5
	mov	x5, x1
	strb	w2, [x5, #255]!
	ldrb	w4, [x5]
	CHECK	x4, 0xef
	ldrh	w4, [x5, #-256]!
	add	x6, x1, #-1
	CHECKR	x5, x6
	strh	w3, [x5], #-256
	ldrh	w4, [x1, #-1]
	CHECK	x4, 0x3210
	add	x6, x1, #-257
	CHECKR	x5, x6
	ldr	w4, [x5], #255
	add	x6, x1, #-2
	CHECKR	x5, x6

	// 6: register offset: LSL #3 scales the index by the access size
	mov	x28, #6
	mov	x5, x1
	mov	x8, #3
	str	x2, [x1, x8, lsl #3]
	ldr	x4, [x1, #24]
	CHECK	x4, 0x0123456789abcdef
	ldr	x4, [x1, x8, lsl #3]
	CHECK	x4, 0x0123456789abcdef
	mov	x8, #24
	ldr	x4, [x1, x8]
	CHECK	x4, 0x0123456789abcdef

	// 7: UXTW ignores bits 63:32 of the index register
	mov	x28, #7
	ldr	x8, =0xffffffff00000006
	str	w3, [x1, w8, uxtw #2]
	ldr	w4, [x1, #24]
	CHECK	x4, 0x76543210
	ldr	w4, [x1, w8, uxtw]
	ldr	w9, [x1, #6]
	CHECKR	x4, x9

	// 8: SXTW: a negative W index goes backwards, upper bits ignored
	mov	x28, #8
	ldr	x8, =0x12345678fffffffe	// w8 = -2
	strh	w2, [x1, w8, sxtw #1]
	ldurh	w4, [x1, #-4]
	CHECK	x4, 0xcdef
	ldrh	w4, [x1, w8, sxtw #1]
	CHECK	x4, 0xcdef
	ldrb	w4, [x1, w8, sxtw]
	ldurb	w9, [x1, #-2]
	CHECKR	x4, x9

	// 9: SXTX: a negative X index
	mov	x28, #9
	mov	x8, #-5
	str	x3, [x1, x8, sxtx #3]
	ldur	x4, [x1, #-40]
	CHECK	x4, 0xfedcba9876543210
	ldr	x4, [x1, x8, sxtx #3]
	CHECK	x4, 0xfedcba9876543210

	// 10: XZR as the index is zero
	mov	x28, #10
	str	x2, [x1]
	ldr	x4, [x1, xzr, lsl #3]
	CHECK	x4, 0x0123456789abcdef

	// 11: SP as a pre-index base (push) and post-index base (pop)
	mov	x28, #11
	mov	x6, sp
	str	x2, [sp, #-16]!
	mov	x7, sp
	sub	x9, x6, #16
	CHECKR	x7, x9
	str	x3, [sp, #-16]!
	ldr	x4, [sp], #16
	CHECK	x4, 0xfedcba9876543210
	ldr	x4, [sp], #16
	CHECK	x4, 0x0123456789abcdef
	mov	x7, sp
	CHECKR	x7, x6

	// 12: the address is 64-bit: a base below the buffer plus a large index
	//     (the low half of base + index wraps past 2^32)
	mov	x28, #12
	ldr	x8, =0x00000000fffffff0
	sub	x5, x1, x8		// x5 = x1 - 0xfffffff0 (wraps below zero)
	ldr	x4, [x5, x8]		// x5 + x8 = x1
	CHECK	x4, 0x0123456789abcdef
	mov	x8, #-16
	add	x5, x1, #16
	ldr	x4, [x5, x8]		// adding -16 borrows through the high half
	CHECK	x4, 0x0123456789abcdef

	// 13: post-index writeback with a negative offset from a register that
	//     is then reused as an ordinary base
	mov	x28, #13
	add	x5, x1, #8
	str	x3, [x5], #-8
	CHECKR	x5, x1
	ldr	x4, [x5, #8]
	CHECK	x4, 0xfedcba9876543210

	TEST_PASSFAIL
	.ltorg

	.data
	.balign	16
buf:	.skip	8192
