// AND, ORR, EOR, ANDS (immediate: DecodeBitMasks patterns of every element
// size, W forms, Rd = SP), AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS (shifted
// register, including ROR), the MOV/MVN/TST aliases, and the move-wide
// immediates MOVZ, MOVN, MOVK (every hw position, W forms zero-extending).
// riscv-tests style: x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	mov	x20, sp

	// 1: AND (immediate) with 2-, 4-, 8-, 16-, 32- and 64-bit elements
	mov	x28, #1
	mov	x1, #-1
	and	x3, x1, #0x5555555555555555
	CHECK	x3, 0x5555555555555555
	and	x3, x1, #0x7777777777777777
	CHECK	x3, 0x7777777777777777
	and	x3, x1, #0xf00ff00ff00ff00f
	CHECK	x3, 0xf00ff00ff00ff00f
	and	x3, x1, #0x0ff00ff00ff00ff0
	CHECK	x3, 0x0ff00ff00ff00ff0
	and	x3, x1, #0x00000fff00000fff
	CHECK	x3, 0x00000fff00000fff
	and	x3, x1, #0x8000000000000001
	CHECK	x3, 0x8000000000000001
	and	x3, x1, #0xfffffffffffffffe
	CHECK	x3, 0xfffffffffffffffe

	// 2: ORR and EOR (immediate)
	mov	x28, #2
	ldr	x1, =0x0123456789abcdef
	orr	x3, x1, #0xff00000000000000
	CHECK	x3, 0xff23456789abcdef
	eor	x3, x1, #0xffffffff00000000
	CHECK	x3, 0xfedcba9889abcdef
	eor	x3, x1, #0x3333333333333333
	CHECK	x3, 0x32107654ba98fedc

	// 3: 32-bit logical immediates: the top half of the result is zero
	mov	x28, #3
	ldr	x1, =0xffffffffffffffff
	and	w3, w1, #0x0000ffff
	CHECK	x3, 0x0000ffff
	orr	w3, wzr, #0x80000001
	CHECK	x3, 0x80000001
	eor	w3, w1, #0x55555555
	CHECK	x3, 0xaaaaaaaa

	// 4: ANDS (immediate): N and Z from the result, C and V cleared
	mov	x28, #4
	SETFLAGS 0b0011
	ldr	x1, =0x8000000000000001
	ands	x3, x1, #0x8000000000000000
	FLAGS	0b1000
	CHECK	x3, 0x8000000000000000
	SETFLAGS 0b0011
	tst	x1, #0x0ffffffffffffff0
	FLAGS	0b0100
	SETFLAGS 0b1111
	ands	w3, w1, #0x80000001
	FLAGS	0b0000
	CHECK	x3, 1
	tst	w1, #0x80000000
	FLAGS	0b0100

	// 5: AND/ORR/EOR (immediate) with Rd = 31 write SP (Rn = 31 reads XZR)
	mov	x28, #5
	ldr	x1, =0x0000000012345678
	and	sp, x1, #0xfffffffffffffff0
	mov	x3, sp
	CHECK	x3, 0x12345670
	orr	sp, xzr, #0x10000
	mov	x3, sp
	CHECK	x3, 0x10000
	eor	sp, x1, #0xff
	mov	x3, sp
	CHECK	x3, 0x12345687
	ldr	x1, =0xffffffff12345678
	and	wsp, w1, #0xfffffff0
	mov	x3, sp
	CHECK	x3, 0x12345670
	mov	sp, x20

	// 6: AND, BIC, ORR, ORN, EOR, EON (shifted register), LSL/LSR/ASR/ROR
	mov	x28, #6
	ldr	x1, =0xff00ff00ff00ff00
	ldr	x2, =0x0f0f0f0f0f0f0f0f
	and	x3, x1, x2, lsl #4
	CHECK	x3, 0xf000f000f000f000
	bic	x3, x1, x2, lsr #4
	CHECK	x3, 0xff000f000f000f00
	bic	x3, x1, x2
	CHECK	x3, 0xf000f000f000f000
	orr	x3, x1, x2, ror #4
	CHECK	x3, 0xfff0fff0fff0fff0
	orn	x3, xzr, x2, ror #60
	CHECK	x3, 0x0f0f0f0f0f0f0f0f
	eor	x3, x1, x2, asr #63
	CHECK	x3, 0xff00ff00ff00ff00
	eon	x3, x1, x2
	CHECK	x3, 0x0ff00ff00ff00ff0
	ldr	x2, =0x8000000000000000
	eor	x3, x1, x2, asr #7
	CHECK	x3, 0x0000ff00ff00ff00

	// 7: ROR by 63 and by 1 move bit 0 and bit 63 around
	mov	x28, #7
	mov	x2, #1
	orr	x3, xzr, x2, ror #1
	CHECK	x3, 0x8000000000000000
	orr	x3, xzr, x2, ror #63
	CHECK	x3, 2

	// 8: 32-bit shifted logical: shifts and rotates within 32 bits, zero-extended
	mov	x28, #8
	ldr	x1, =0xaaaaaaaa80000001
	ldr	x2, =0x5555555500000003
	mov	x3, #-1
	orr	w3, wzr, w1, ror #1
	CHECK	x3, 0xc0000000
	eor	w3, w2, w1, asr #31
	CHECK	x3, 0xfffffffc
	orn	w3, w2, w1, lsr #31
	CHECK	x3, 0xffffffff
	bic	w3, w1, w2, lsl #31
	CHECK	x3, 1
	mvn	w3, w2
	CHECK	x3, 0xfffffffc

	// 9: ANDS and BICS (shifted register) set N, Z and clear C, V; TST
	mov	x28, #9
	ldr	x1, =0xf0f0f0f0f0f0f0f0
	ldr	x2, =0x0f0f0f0f0f0f0f0f
	SETFLAGS 0b0011
	ands	x3, x1, x2
	FLAGS	0b0100
	CHECK	x3, 0
	SETFLAGS 0b0111
	bics	x3, x1, x2
	FLAGS	0b1000
	CHECK	x3, 0xf0f0f0f0f0f0f0f0
	SETFLAGS 0b0011
	tst	x1, x2, lsl #4
	FLAGS	0b1000
	SETFLAGS 0b1111
	bics	w3, w2, w2
	FLAGS	0b0100
	CHECK	x3, 0
	ands	w3, w1, w1, ror #4
	FLAGS	0b0100
	ands	w3, w1, w1
	FLAGS	0b1000
	CHECK	x3, 0xf0f0f0f0

	// 10: MOV (register) and MVN, 64- and 32-bit
	mov	x28, #10
	ldr	x1, =0x123456789abcdef0
	mov	x3, x1
	CHECK	x3, 0x123456789abcdef0
	mov	w3, w1
	CHECK	x3, 0x9abcdef0
	mvn	x3, x1
	CHECK	x3, 0xedcba9876543210f
	mvn	x3, x1, lsr #32
	CHECK	x3, 0xffffffffedcba987

	// 11: MOVZ at every hw position
	mov	x28, #11
	mov	x3, #-1
	movz	x3, #0xbeef
	CHECK	x3, 0xbeef
	movz	x3, #0xbeef, lsl #16
	CHECK	x3, 0xbeef0000
	movz	x3, #0xbeef, lsl #32
	CHECK	x3, 0x0000beef00000000
	movz	x3, #0xbeef, lsl #48
	CHECK	x3, 0xbeef000000000000
	movz	w3, #0xbeef, lsl #16
	CHECK	x3, 0xbeef0000

	// 12: MOVN: NOT(imm16 << shift); the W form zero-extends NOT of 32 bits
	mov	x28, #12
	movn	x3, #0
	CHECK	x3, -1
	movn	x3, #0x1234, lsl #16
	CHECK	x3, 0xffffffffedcbffff
	movn	x3, #0xffff, lsl #48
	CHECK	x3, 0x0000ffffffffffff
	mov	x3, #-1
	movn	w3, #0
	CHECK	x3, 0xffffffff
	movn	w3, #0x8000, lsl #16
	CHECK	x3, 0x7fffffff

	// 13: MOVK replaces one halfword; the W form keeps bits 31:0 and zeroes 63:32
	mov	x28, #13
	ldr	x3, =0x0123456789abcdef
	movk	x3, #0xaaaa
	CHECK	x3, 0x0123456789abaaaa
	movk	x3, #0xbbbb, lsl #16
	CHECK	x3, 0x01234567bbbbaaaa
	movk	x3, #0xcccc, lsl #32
	CHECK	x3, 0x0123ccccbbbbaaaa
	movk	x3, #0xdddd, lsl #48
	CHECK	x3, 0xddddccccbbbbaaaa
	movk	w3, #0x1111, lsl #16
	CHECK	x3, 0x1111aaaa
	mov	x3, #-1
	movk	w3, #0
	CHECK	x3, 0xffff0000

	// 14: a 64-bit constant built with MOVZ + 3 MOVK
	mov	x28, #14
	movz	x3, #0xcdef
	movk	x3, #0x89ab, lsl #16
	movk	x3, #0x4567, lsl #32
	movk	x3, #0x0123, lsl #48
	CHECK	x3, 0x0123456789abcdef

	// 15: logical ops leave NZCV alone unless they are ANDS/BICS
	mov	x28, #15
	SETFLAGS 0b1010
	and	x3, x1, #1
	orr	x3, x1, x2
	eor	w3, w1, w2, lsl #3
	movz	x3, #0
	FLAGS	0b1010

	TEST_PASS
fail:
	mov	sp, x20
	TEST_EXIT x28
