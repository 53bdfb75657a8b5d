// Bitfield moves SBFM, BFM, UBFM through their aliases (SBFX, SBFIZ,
// UBFX, UBFIZ, BFI, BFXIL, BFC, SXTB/SXTH/SXTW, UXTB/UXTH) and raw
// immr/imms forms: fields at bit 0 and at the top bit, full-width fields,
// BFM keeping the destination's other bits, W forms zero-extending (BFM
// included: its W form clears bits 63:32 of the destination).
// riscv-tests style: x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	ldr	x1, =0x8123456789abcdef

	// 1: UBFX
	mov	x28, #1
	ubfx	x3, x1, #4, #8
	CHECK	x3, 0xde
	ubfx	x3, x1, #60, #4
	CHECK	x3, 0x8
	ubfx	x3, x1, #0, #64
	CHECK	x3, 0x8123456789abcdef
	ubfx	x3, x1, #63, #1
	CHECK	x3, 1

	// 2: SBFX: the field's top bit is replicated
	mov	x28, #2
	sbfx	x3, x1, #4, #8
	CHECK	x3, 0xffffffffffffffde
	sbfx	x3, x1, #60, #4
	CHECK	x3, 0xfffffffffffffff8
	sbfx	x3, x1, #56, #8
	CHECK	x3, 0xffffffffffffff81
	sbfx	x3, x1, #1, #3
	CHECK	x3, -1
	sbfx	x3, x1, #32, #31
	CHECK	x3, 0x01234567

	// 3: UBFIZ and SBFIZ
	mov	x28, #3
	ubfiz	x3, x1, #60, #4
	CHECK	x3, 0xf000000000000000
	ubfiz	x3, x1, #8, #16
	CHECK	x3, 0xcdef00
	sbfiz	x3, x1, #8, #8
	CHECK	x3, 0xffffffffffffef00
	sbfiz	x3, x1, #63, #1
	CHECK	x3, 0x8000000000000000
	sbfiz	x3, x1, #4, #4
	CHECK	x3, 0xfffffffffffffff0

	// 4: BFI, BFXIL, BFC keep the destination's other bits
	mov	x28, #4
	ldr	x3, =0x0011223344556677
	bfi	x3, x1, #8, #16
	CHECK	x3, 0x0011223344cdef77
	ldr	x3, =0x0011223344556677
	bfi	x3, x1, #56, #8
	CHECK	x3, 0xef11223344556677
	ldr	x3, =0x0011223344556677
	bfxil	x3, x1, #4, #8
	CHECK	x3, 0x00112233445566de
	ldr	x3, =0x0011223344556677
	bfxil	x3, x1, #60, #4
	CHECK	x3, 0x0011223344556678
	ldr	x3, =0x0011223344556677
	bfc	x3, #16, #32
	CHECK	x3, 0x0011000000006677
	ldr	x3, =0x0011223344556677
	bfxil	x3, x1, #0, #64
	CHECK	x3, 0x8123456789abcdef

	// 5: sign and zero extensions
	mov	x28, #5
	sxtb	x3, w1
	CHECK	x3, 0xffffffffffffffef
	sxth	x3, w1
	CHECK	x3, 0xffffffffffffcdef
	sxtw	x3, w1
	CHECK	x3, 0xffffffff89abcdef
	mov	x3, #-1
	sxtb	w3, w1
	CHECK	x3, 0xffffffef
	sxth	w3, w1
	CHECK	x3, 0xffffcdef
	uxtb	w3, w1
	CHECK	x3, 0xef
	uxth	w3, w1
	CHECK	x3, 0xcdef
	mov	w3, #0x7f
	sxtb	x3, w3
	CHECK	x3, 0x7f

	// 6: 32-bit bitfield forms (top half of the source ignored, result zero-extended)
	mov	x28, #6
	mov	x3, #-1
	ubfx	w3, w1, #28, #4
	CHECK	x3, 0x8
	sbfx	w3, w1, #28, #4
	CHECK	x3, 0xfffffff8
	sbfiz	w3, w1, #24, #8
	CHECK	x3, 0xef000000
	sbfx	w3, w1, #0, #8
	CHECK	x3, 0xffffffef
	ubfiz	w3, w1, #31, #1
	CHECK	x3, 0x80000000

	// 7: 32-bit BFI/BFXIL clear bits 63:32 of the destination
	mov	x28, #7
	ldr	x3, =0xdeadbeef44556677
	bfi	w3, w1, #4, #8
	CHECK	x3, 0x44556ef7
	ldr	x3, =0xdeadbeef44556677
	bfxil	w3, w1, #20, #12
	CHECK	x3, 0x4455689a
	ldr	x3, =0xdeadbeef44556677
	bfxil	w3, w1, #0, #32
	CHECK	x3, 0x89abcdef

	// 8: raw immr/imms: UBFM #0, #63 is a copy; SBFM #4, #2 is SBFIZ #60, #3; UBFM #63, #62 is LSL #1
	mov	x28, #8
	ubfm	x3, x1, #0, #63
	CHECK	x3, 0x8123456789abcdef
	sbfm	x3, x1, #4, #2
	CHECK	x3, 0xf000000000000000
	ubfm	x3, x1, #63, #62
	CHECK	x3, 0x02468acf13579bde
	sbfm	x3, x1, #63, #63
	CHECK	x3, -1
	sbfm	x3, x1, #0, #0
	CHECK	x3, -1
	ubfm	x3, x1, #1, #0
	CHECK	x3, 0x8000000000000000
	ldr	x3, =0x0011223344556677
	bfm	x3, x1, #0, #63
	CHECK	x3, 0x8123456789abcdef
	ldr	x3, =0x0011223344556677
	bfm	x3, x1, #32, #3
	CHECK	x3, 0x0011223f44556677

	// 9: 32-bit raw forms
	mov	x28, #9
	mov	x3, #-1
	sbfm	w3, w1, #31, #30
	CHECK	x3, 0x13579bde
	ubfm	w3, w1, #16, #31
	CHECK	x3, 0x89ab
	sbfm	w3, w1, #16, #31
	CHECK	x3, 0xffff89ab
	ubfm	w3, w1, #1, #0
	CHECK	x3, 0x80000000

	// 10: source and destination the same register; XZR as the source
	mov	x28, #10
	ldr	x3, =0x00000000000000f0
	sbfx	x3, x3, #4, #4
	CHECK	x3, -1
	ldr	x3, =0xffffffffffffffff
	bfi	x3, xzr, #8, #8
	CHECK	x3, 0xffffffffffff00ff

	TEST_PASSFAIL
