// Sign and zero extension of narrow loads: LDRSB/LDRSH to W (bits 63:32
// cleared) and to X, LDRSW, LDRB/LDRH (never sign-extend), for positive,
// negative and boundary values (0x7f/0x80, 0x7fff/0x8000, 0x7fffffff/
// 0x80000000), in every addressing form (unsigned offset, unscaled, pre,
// post, register offset).
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	// bytes at x1: 7f 80 ff 00 | ff 7f 00 80 | ff ff ff 7f 00 00 00 80
	ldr	x2, =0x80007fff00ff807f
	str	x2, [x1]
	ldr	x2, =0x800000007fffffff
	str	x2, [x1, #8]

	// 1: LDRSB to X
	mov	x28, #1
	ldrsb	x4, [x1]
	CHECK	x4, 0x7f
	ldrsb	x4, [x1, #1]
	CHECK	x4, 0xffffffffffffff80
	ldrsb	x4, [x1, #2]
	CHECK	x4, 0xffffffffffffffff
	ldrsb	x4, [x1, #3]
	CHECK	x4, 0

	// 2: LDRSB to W: sign-extends to 32 bits, clears 63:32
	mov	x28, #2
	mov	x4, #-1
	ldrsb	w4, [x1, #1]
	CHECK	x4, 0xffffff80
	ldrsb	w4, [x1]
	CHECK	x4, 0x7f

	// 3: LDRB never sign-extends
	mov	x28, #3
	mov	x4, #-1
	ldrb	w4, [x1, #1]
	CHECK	x4, 0x80

	// 4: LDRSH to X and W
	mov	x28, #4
	ldrsh	x4, [x1, #4]
	CHECK	x4, 0x7fff
	ldrsh	x4, [x1, #6]
	CHECK	x4, 0xffffffffffff8000
	mov	x4, #-1
	ldrsh	w4, [x1, #6]
	CHECK	x4, 0xffff8000
	ldrsh	w4, [x1, #4]
	CHECK	x4, 0x7fff

	// 5: LDRH never sign-extends
	mov	x28, #5
	mov	x4, #-1
	ldrh	w4, [x1, #6]
	CHECK	x4, 0x8000

	// 6: LDRSW and LDR W
	mov	x28, #6
	ldrsw	x4, [x1, #8]
	CHECK	x4, 0x7fffffff
	ldrsw	x4, [x1, #12]
	CHECK	x4, 0xffffffff80000000
	mov	x4, #-1
	ldr	w4, [x1, #12]
	CHECK	x4, 0x80000000

	// 7: unscaled forms (odd offsets): LDURSB/LDURSH/LDURSW
	mov	x28, #7
	add	x5, x1, #16
	ldursb	x4, [x5, #-15]
	CHECK	x4, 0xffffffffffffff80
	ldursb	w4, [x5, #-15]
	CHECK	x4, 0xffffff80
	ldursh	x4, [x5, #-13]	// x1 + 3: bytes 00 ff
	CHECK	x4, 0xffffffffffffff00
	ldursh	w4, [x5, #-13]
	CHECK	x4, 0xffffff00
	ldursw	x4, [x5, #-5]	// x1 + 11: bytes 7f 00 00 00
	CHECK	x4, 0x7f
	ldursw	x4, [x5, #-7]	// x1 + 9: bytes ff ff 7f 00
	CHECK	x4, 0x007fffff

	// 8: pre- and post-index
	mov	x28, #8
	mov	x5, x1
	ldrsb	x4, [x5, #1]!
	CHECK	x4, 0xffffffffffffff80
	ldrsh	w4, [x5, #5]!		// x1 + 6
	CHECK	x4, 0xffff8000
	ldrsw	x4, [x5, #6]!		// x1 + 12
	CHECK	x4, 0xffffffff80000000
	ldrsw	x4, [x5], #-6
	CHECK	x4, 0xffffffff80000000
	ldrsh	x4, [x5], #-5		// x1 + 6
	CHECK	x4, 0xffffffffffff8000
	ldrsb	w4, [x5], #-1		// x1 + 1
	CHECK	x4, 0xffffff80
	cmp	x5, x1
	b.ne	fail

	// 9: register offset with scaling: the index counts elements
	mov	x28, #9
	mov	x6, #3
	ldrsh	x4, [x1, x6, lsl #1]	// x1 + 6
	CHECK	x4, 0xffffffffffff8000
	ldrsw	x4, [x1, x6, lsl #2]	// x1 + 12
	CHECK	x4, 0xffffffff80000000
	mov	x6, #1
	ldrsb	w4, [x1, x6]
	CHECK	x4, 0xffffff80
	mov	w6, #-1
	add	x5, x1, #2
	ldrsb	x4, [x5, w6, sxtw]	// x1 + 1
	CHECK	x4, 0xffffffffffffff80
	mov	w6, #2
	ldrsh	w4, [x5, w6, sxtw #1]	// x1 + 6
	CHECK	x4, 0xffff8000

	TEST_PASSFAIL
	.ltorg

	.data
	.balign	16
buf:	.skip	64
