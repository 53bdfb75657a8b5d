// ADD, ADDS, SUB, SUBS (immediate, shifted register, extended register),
// ADC, ADCS, SBC, SBCS and their aliases (MOV to/from SP, CMP, CMN, NEG,
// NEGS, NGC, NGCS): carry and overflow at the 32- and 64-bit limits, W forms
// zero-extending into X, SP versus XZR for register 31 (SP in the immediate
// and extended forms' Rn and in ADD/SUB's Rd; XZR in the shifted forms and
// in ADDS/SUBS's Rd).
// riscv-tests style: x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	mov	x20, sp			// the initial SP, restored after the SP cases

	// 1: ADD (immediate), plain and with lsl #12
	mov	x28, #1
	ldr	x1, =0x0000000100000fff
	add	x3, x1, #1
	CHECK	x3, 0x0000000100001000
	add	x3, x1, #0xabc, lsl #12
	CHECK	x3, 0x0000000100abcfff

	// 2: ADD (immediate) carries from bit 31 into bit 32 and wraps at 64 bits
	mov	x28, #2
	ldr	x1, =0x00000000ffffffff
	add	x3, x1, #1
	CHECK	x3, 0x0000000100000000
	mov	x1, #-1
	add	x3, x1, #2
	CHECK	x3, 1

	// 3: ADDS: unsigned carry out to zero (Z, C)
	mov	x28, #3
	SETFLAGS 0b1001
	mov	x1, #-1
	adds	x3, x1, #1
	FLAGS	0b0110
	CHECK	x3, 0

	// 4: ADDS: signed overflow INT64_MAX + 1 (N, V)
	mov	x28, #4
	ldr	x1, =0x7fffffffffffffff
	adds	x3, x1, #1
	FLAGS	0b1001
	CHECK	x3, 0x8000000000000000

	// 5: SUBS: 0 - 1 borrows (N, C clear)
	mov	x28, #5
	mov	x1, #0
	subs	x3, x1, #1
	FLAGS	0b1000
	CHECK	x3, -1

	// 6: SUBS: equal operands (Z, C = no borrow)
	mov	x28, #6
	mov	x1, #4095
	subs	x3, x1, #4095
	FLAGS	0b0110
	CHECK	x3, 0

	// 7: SUBS: INT64_MIN - 1 overflows to INT64_MAX (C, V)
	mov	x28, #7
	ldr	x1, =0x8000000000000000
	subs	x3, x1, #1
	FLAGS	0b0011
	CHECK	x3, 0x7fffffffffffffff

	// 8: ADDS (immediate, 32-bit): flags from bit 31; junk in x1's top half is ignored, x3 zero-extended
	mov	x28, #8
	ldr	x1, =0xdeadbeefffffffff
	mov	x3, #-1
	adds	w3, w1, #1
	FLAGS	0b0110
	CHECK	x3, 0
	ldr	x1, =0x123456787fffffff
	adds	w3, w1, #1
	FLAGS	0b1001
	CHECK	x3, 0x80000000

	// 9: SUBS (immediate, 32-bit): INT32_MIN - 1 (C, V); 0 - 1 = 0xffffffff zero-extended
	mov	x28, #9
	ldr	x1, =0xffffffff80000000
	subs	w3, w1, #1
	FLAGS	0b0011
	CHECK	x3, 0x7fffffff
	ldr	x1, =0xffffffff00000000
	sub	w3, w1, #1
	CHECK	x3, 0xffffffff

	// 10: CMP and CMN (immediate) are SUBS/ADDS to XZR: flags only
	mov	x28, #10
	mov	x1, #5
	cmp	x1, #6
	FLAGS	0b1000
	cmn	x1, #6
	FLAGS	0b0000
	mov	x1, #-6
	cmn	x1, #6
	FLAGS	0b0110
	cmp	w1, #0xffa, lsl #12
	FLAGS	0b1010

	// 11: ADD/SUB (immediate) use SP for register 31: MOV to/from SP, add sp, sp, #imm
	mov	x28, #11
	ldr	x1, =0x0000000012345670
	mov	sp, x1
	add	sp, sp, #0x10
	mov	x3, sp
	CHECK	x3, 0x0000000012345680
	sub	x3, sp, #0x80
	CHECK	x3, 0x0000000012345600
	sub	sp, sp, #1, lsl #12
	mov	x3, sp
	CHECK	x3, 0x0000000012344680
	mov	sp, x20

	// 12: ADDS (immediate) with Rn = SP reads SP; CMP sp, #imm
	mov	x28, #12
	mov	sp, x1
	adds	x3, sp, #0x10
	FLAGS	0b0000
	CHECK	x3, 0x0000000012345680
	cmp	sp, #0x670
	FLAGS	0b0010
	mov	sp, x20

	// 13: 32-bit ADD (immediate) to WSP zero-extends into SP
	mov	x28, #13
	ldr	x1, =0xffffffff12345678
	mov	sp, x1
	add	wsp, wsp, #8
	mov	x3, sp
	mov	sp, x20
	CHECK	x3, 0x12345680

	// 14: ADD (shifted register): lsl #63, lsr #63, asr #63, and Rn = 31 is XZR
	mov	x28, #14
	ldr	x1, =0x0000000000000010
	ldr	x2, =0x8000000000000003
	add	x3, x1, x2, lsl #63
	CHECK	x3, 0x8000000000000010
	add	x3, x1, x2, lsr #63
	CHECK	x3, 0x11
	add	x3, x1, x2, asr #63
	CHECK	x3, 0x0f
	add	x3, xzr, x2, lsr #1
	CHECK	x3, 0x4000000000000001

	// 15: SUB/SUBS (shifted register) and 32-bit forms (asr #31, junk top halves)
	mov	x28, #15
	ldr	x1, =0x1111111100000005
	ldr	x2, =0x2222222280000000
	mov	x3, #-1
	sub	w3, w1, w2, asr #31
	CHECK	x3, 6
	subs	w3, w1, w2, lsr #29
	FLAGS	0b0010
	CHECK	x3, 1
	adds	w3, w2, w2
	FLAGS	0b0111
	CHECK	x3, 0

	// 16: NEG / NEGS: -INT64_MIN = INT64_MIN with N and V; NEGS of 0 sets Z and C
	mov	x28, #16
	ldr	x1, =0x8000000000000000
	negs	x3, x1
	FLAGS	0b1001
	CHECK	x3, 0x8000000000000000
	negs	x3, xzr
	FLAGS	0b0110
	CHECK	x3, 0
	mov	w1, #1
	neg	w3, w1
	CHECK	x3, 0xffffffff

	// 17: CMP/CMN (shifted register)
	mov	x28, #17
	mov	x1, #1
	mov	x2, #2
	cmp	x1, x2, lsr #1
	FLAGS	0b0110
	cmp	x1, x2
	FLAGS	0b1000
	mov	x2, #-1
	cmn	x1, x2
	FLAGS	0b0110

	// 18: ADD (extended register): UXTB, UXTH, UXTW, SXTB, SXTH, SXTW, SXTX with shifts
	mov	x28, #18
	mov	x1, #0x1000
	ldr	x2, =0x00000000fedcba98
	add	x3, x1, w2, uxtb
	CHECK	x3, 0x1098
	add	x3, x1, w2, uxth #2
	CHECK	x3, 0x2fa60
	add	x3, x1, w2, uxtw #4
	CHECK	x3, 0xfedcbb980
	add	x3, x1, w2, sxtb
	CHECK	x3, 0xf98
	add	x3, x1, w2, sxth #1
	CHECK	x3, 0xffffffffffff8530
	add	x3, x1, w2, sxtw #3
	CHECK	x3, 0xfffffffff6e5e4c0
	add	x3, x1, x2, sxtx #4
	CHECK	x3, 0xfedcbb980

	// 19: SUB/SUBS (extended register), 32-bit: the extension is to 32 bits
	mov	x28, #19
	ldr	x1, =0xaaaaaaaa00000010
	ldr	x2, =0x55555555000000ff
	mov	x3, #-1
	sub	w3, w1, w2, sxtb
	CHECK	x3, 0x11
	subs	w3, w1, w2, uxtb #1
	FLAGS	0b1000
	CHECK	x3, 0xfffffe12
	add	w3, w1, w2, uxtx #4
	CHECK	x3, 0x1000

	// 20: extended forms: Rn = 31 is SP, Rd = 31 is SP for ADD/SUB (XZR for ADDS/SUBS)
	mov	x28, #20
	ldr	x1, =0x0000000040000000
	mov	sp, x1
	mov	x2, #0x20
	add	x3, sp, x2
	CHECK	x3, 0x40000020
	add	x3, sp, w2, uxtw #2
	CHECK	x3, 0x40000080
	add	sp, sp, x2
	mov	x3, sp
	CHECK	x3, 0x40000020
	sub	sp, x1, w2, uxtb #1
	mov	x3, sp
	CHECK	x3, 0x3fffffc0
	adds	x3, sp, x2
	FLAGS	0b0000
	CHECK	x3, 0x3fffffe0
	cmp	sp, x2
	FLAGS	0b0010
	mov	x4, sp
	CHECK	x4, 0x3fffffc0
	mov	sp, x20

	// 21: same register number, different meaning: shifted `add x3, xzr, x2` vs extended `add x3, sp, x2`
	mov	x28, #21
	mov	sp, x1
	add	x3, xzr, x2
	CHECK	x3, 0x20
	add	x3, sp, x2, uxtx
	CHECK	x3, 0x40000020
	mov	sp, x20

	// 22: ADC/ADCS: carry in and out
	mov	x28, #22
	mov	x1, #-1
	mov	x2, #0
	SETFLAGS 0b0010
	adcs	x3, x1, x2
	FLAGS	0b0110
	CHECK	x3, 0
	SETFLAGS 0b0000
	adcs	x3, x1, x2
	FLAGS	0b1000
	CHECK	x3, -1
	ldr	x1, =0x7fffffffffffffff
	SETFLAGS 0b0010
	adcs	x3, x1, xzr
	FLAGS	0b1001
	CHECK	x3, 0x8000000000000000
	SETFLAGS 0b0010
	adc	x3, x1, x1
	CHECK	x3, -1

	// 23: SBC/SBCS: x - y - NOT(C)
	mov	x28, #23
	mov	x1, #5
	mov	x2, #3
	SETFLAGS 0b0000
	sbcs	x3, x1, x2
	FLAGS	0b0010
	CHECK	x3, 1
	SETFLAGS 0b0010
	sbcs	x3, x1, x2
	FLAGS	0b0010
	CHECK	x3, 2
	SETFLAGS 0b0000
	sbcs	x3, x2, x2
	FLAGS	0b1000
	CHECK	x3, -1
	SETFLAGS 0b0000
	ngc	x3, xzr
	CHECK	x3, -1
	SETFLAGS 0b0010
	ngcs	x3, x2
	FLAGS	0b1000
	CHECK	x3, -3

	// 24: 32-bit ADC/SBC: carry out of bit 31, zero-extended result, junk top halves
	mov	x28, #24
	ldr	x1, =0x12345678ffffffff
	ldr	x2, =0x9abcdef000000000
	mov	x3, #-1
	SETFLAGS 0b0010
	adcs	w3, w1, w2
	FLAGS	0b0110
	CHECK	x3, 0
	ldr	x1, =0x0000000180000000
	SETFLAGS 0b0000
	sbcs	w3, w1, wzr
	FLAGS	0b0011
	CHECK	x3, 0x7fffffff
	SETFLAGS 0b0000
	sbc	w3, wzr, wzr
	CHECK	x3, 0xffffffff

	// 25: destination XZR: ADDS/SUBS to xzr write nothing, reading xzr gives 0
	mov	x28, #25
	mov	x1, #7
	adds	xzr, x1, #1
	add	x3, xzr, x1
	CHECK	x3, 7
	subs	wzr, w1, #7
	FLAGS	0b0110

	TEST_PASS
fail:
	mov	sp, x20
	TEST_EXIT x28
