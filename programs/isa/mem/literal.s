// LDR (literal) W and X, LDRSW (literal), the `ldr xN, =value` literal pool
// spelling, literals before and after the load (negative and positive
// imm19), a literal in the data section, and PRFM (literal, immediate,
// register, unscaled) as no-ops that never fault, even on an unmapped
// address.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.balign	8
lit_before:
	.quad	0x0123456789abcdef
lit_neg:
	.word	0x80000000
	.word	0x7fffffff

	.global	_start
_start:
	// 1: LDR X (literal), backwards
	mov	x28, #1
	ldr	x1, lit_before
	adr	x2, lit_before
	ldr	x3, [x2]
	cmp	x1, x3
	b.ne	fail

	// 2: LDR W (literal) zero-extends
	mov	x28, #2
	mov	x1, #-1
	ldr	w1, lit_neg
	mov	x2, #0x80000000
	cmp	x1, x2
	b.ne	fail

	// 3: LDRSW (literal) sign-extends
	mov	x28, #3
	ldrsw	x1, lit_neg
	mov	x2, #-0x80000000
	cmp	x1, x2
	b.ne	fail
	ldrsw	x1, lit_neg + 4
	mov	x2, #0x7fffffff
	cmp	x1, x2
	b.ne	fail

	// 4: LDR X (literal), forwards
	mov	x28, #4
	ldr	x1, lit_after
	movz	x2, #0xfeed, lsl #48
	movk	x2, #0xface, lsl #32
	movk	x2, #0xcafe, lsl #16
	movk	x2, #0xbeef
	cmp	x1, x2
	b.ne	fail

	// 5: the literal pool spelling, and a constant that MOV cannot build
	mov	x28, #5
	ldr	x1, =0x0123456789abcdef
	ldr	x2, lit_before
	cmp	x1, x2
	b.ne	fail
	ldr	w3, =0x12345678
	movz	w4, #0x1234, lsl #16
	movk	w4, #0x5678
	cmp	x3, x4
	b.ne	fail

	// 6: a literal in the data section (within 1 MiB of the load)
	mov	x28, #6
	ldr	x1, data_lit
	mov	x2, #42
	cmp	x1, x2
	b.ne	fail

	// 7: PRFM in every form, even on an unmapped address, changes nothing
	mov	x28, #7
	mov	x1, #0x7ff0000000
	mov	x2, #8
	prfm	pldl1keep, lit_before
	prfm	pldl1keep, [x1]
	prfm	pstl2strm, [x1, #32760]
	prfm	pldl3keep, [x1, x2, lsl #3]
	prfum	pldl1keep, [x1, #-1]
	mov	x3, #0x7ff0000000
	cmp	x1, x3
	b.ne	fail

	TEST_PASSFAIL

	.balign	8
lit_after:
	.quad	0xfeedfacecafebeef
	.ltorg

	.data
	.balign	8
data_lit:
	.quad	42
