// LDR/STR of every width (X, W, H, B) with the unsigned-offset form: round
// trips, a narrow store writes only its bytes, narrow loads zero-extend (W
// results clear bits 63:32), XZR as the stored register stores zero, XZR
// as the loaded register discards, little-endian byte order, the largest
// scaled offsets, and SP as the base.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	ldr	x2, =0x8877665544332211
	ldr	x3, =0xf0e0d0c0b0a09080

	// 1: STR X / LDR X round trip
	mov	x28, #1
	str	x2, [x1]
	ldr	x4, [x1]
	CHECK	x4, 0x8877665544332211

	// 2: little endian: the bytes of the X store, read back as B, H and W
	mov	x28, #2
	ldrb	w4, [x1]
	CHECK	x4, 0x11
	ldrb	w4, [x1, #7]
	CHECK	x4, 0x88
	ldrh	w4, [x1, #2]
	CHECK	x4, 0x4433
	ldr	w4, [x1, #4]
	CHECK	x4, 0x88776655

	// 3: LDR W zero-extends into X (bits 63:32 cleared, even when they were set)
	mov	x28, #3
	mov	x4, #-1
	ldr	w4, [x1]
	CHECK	x4, 0x44332211

	// 4: STR W writes 4 bytes only
	mov	x28, #4
	str	x2, [x1, #8]
	str	w3, [x1, #8]
	ldr	x4, [x1, #8]
	CHECK	x4, 0x88776655b0a09080

	// 5: STRH writes 2 bytes only
	mov	x28, #5
	str	x2, [x1, #16]
	strh	w3, [x1, #18]
	ldr	x4, [x1, #16]
	CHECK	x4, 0x8877665590802211

	// 6: STRB writes 1 byte only
	mov	x28, #6
	str	x2, [x1, #24]
	strb	w3, [x1, #31]
	ldr	x4, [x1, #24]
	CHECK	x4, 0x8077665544332211

	// 7: LDRH and LDRB zero-extend (no sign extension of 0x80..0xff)
	mov	x28, #7
	str	x3, [x1, #32]
	mov	x4, #-1
	ldrh	w4, [x1, #38]
	CHECK	x4, 0xf0e0
	mov	x4, #-1
	ldrb	w4, [x1, #32]
	CHECK	x4, 0x80

	// 8: STR XZR / WZR store zero
	mov	x28, #8
	str	x2, [x1, #40]
	str	xzr, [x1, #40]
	ldr	x4, [x1, #40]
	CHECK	x4, 0
	str	x2, [x1, #48]
	str	wzr, [x1, #52]
	strh	wzr, [x1, #48]
	strb	wzr, [x1, #50]
	ldr	x4, [x1, #48]
	CHECK	x4, 0x0000000044000000

	// 9: a load into XZR is discarded (and XZR still reads as zero)
	mov	x28, #9
	ldr	xzr, [x1]
	ldr	wzr, [x1]
	ldrb	wzr, [x1]
	mov	x4, xzr
	CHECK	x4, 0

	// 10: largest scaled unsigned offsets: X 4095*8, W 4095*4, H 4095*2, B 4095
	mov	x28, #10
	str	x2, [x1, #32760]
	str	w3, [x1, #16380]
	strh	w3, [x1, #8190]
	strb	w2, [x1, #4095]
	mov	x5, #32760
	add	x5, x1, x5
	ldr	x4, [x5]
	CHECK	x4, 0x8877665544332211
	mov	x5, #16380
	add	x5, x1, x5
	ldr	w4, [x5]
	CHECK	x4, 0xb0a09080
	mov	x5, #8190
	add	x5, x1, x5
	ldrh	w4, [x5]
	CHECK	x4, 0x9080
	add	x5, x1, #4095
	ldrb	w4, [x5]
	CHECK	x4, 0x11

	// 11: SP as the base (16-byte aligned), offsets from SP
	mov	x28, #11
	mov	x6, sp
	sub	sp, sp, #64
	str	x2, [sp]
	str	x3, [sp, #8]
	str	w2, [sp, #16]
	ldr	x4, [sp, #8]
	CHECK	x4, 0xf0e0d0c0b0a09080
	ldr	x4, [sp]
	CHECK	x4, 0x8877665544332211
	ldrh	w4, [sp, #16]
	CHECK	x4, 0x2211
	add	sp, sp, #64
	mov	x4, sp
	cmp	x4, x6
	b.ne	fail

	// 12: a load with Rt == Rn (no writeback) uses the old base
	mov	x28, #12
	str	x1, [x1, #56]
	mov	x7, x1
	ldr	x7, [x7, #56]
	cmp	x7, x1
	b.ne	fail

	// 13: a store of the base register itself stores the address
	mov	x28, #13
	str	x1, [x1, #64]
	ldr	x4, [x1, #64]
	cmp	x4, x1
	b.ne	fail

	TEST_PASSFAIL
	.ltorg

	.data
	.balign	16
buf:	.skip	40960
