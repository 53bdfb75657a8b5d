// Unaligned accesses to Normal memory (allowed: SCTLR_EL1.A = 0): X, W and
// H loads and stores at every misalignment, across a 16-byte granule,
// across a 4 KiB page boundary (each page translated separately), LDP/STP
// and LDR/STR Q straddling the page boundary, and pre/post-index writeback
// from a misaligned base.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf	// x1: 4 KiB aligned
	add	x12, x1, #1, lsl #12	// x12 = x1 + 4096: the next page
	ldr	x2, =0x0807060504030201
	ldr	x3, =0xf8f7f6f5f4f3f2f1

	// 1: STR/LDR X at offsets 1..7 (each misalignment), checked through bytes
	mov	x28, #1
	mov	x9, #1
1:	add	x5, x1, x9
	str	x2, [x5]
	ldr	x4, [x5]
	CHECKR	x4, x2
	ldrb	w4, [x5]
	CHECK	x4, 0x01
	ldrb	w4, [x5, #7]
	CHECK	x4, 0x08
	add	x9, x9, #1
	cmp	x9, #8
	b.ne	1b

	// 2: W and H at odd addresses
	mov	x28, #2
	str	w3, [x1, #33]
	ldr	w4, [x1, #33]
	CHECK	x4, 0xf4f3f2f1
	strh	w2, [x1, #37]
	ldrh	w4, [x1, #37]
	CHECK	x4, 0x0201
	ldur	x4, [x1, #33]
	CHECK	x4, 0x00000201f4f3f2f1

	// 3: across a 16-byte granule
	mov	x28, #3
	str	x3, [x1, #60]
	ldr	x4, [x1, #60]
	CHECKR	x4, x3
	ldr	w4, [x1, #62]
	CHECK	x4, 0xf6f5f4f3

	// 4: X, W and H across the page boundary (x1 + 4096)
	mov	x28, #4
	add	x5, x1, #4093
	str	x2, [x5]
	ldr	x4, [x5]
	CHECKR	x4, x2
	ldrb	w4, [x1, #4095]
	CHECK	x4, 0x03
	ldrb	w4, [x12]
	CHECK	x4, 0x04
	add	x5, x1, #4094
	str	w3, [x5]
	ldr	w4, [x5]
	CHECK	x4, 0xf4f3f2f1
	add	x5, x1, #4095
	strh	w3, [x5]
	ldrh	w4, [x5]
	CHECK	x4, 0xf2f1
	ldrsh	x4, [x5]
	CHECK	x4, 0xfffffffffffff2f1

	// 5: LDP/STP X straddling the page boundary
	mov	x28, #5
	add	x5, x1, #4085
	stp	x2, x3, [x5]		// bytes x1+4085 .. x1+4100
	ldp	x6, x7, [x5]
	CHECKR	x6, x2
	CHECKR	x7, x3
	ldur	x4, [x12, #-7]		// x1+4089: bytes 05 06 07 08 f1 f2 f3 f4
	CHECK	x4, 0xf4f3f2f108070605

	// 6: LDR/STR Q straddling the page boundary, and a Q pair
	mov	x28, #6
	add	x5, x1, #4090
	stp	x3, x2, [x1, #256]
	ldr	q0, [x1, #256]
	str	q0, [x5]
	ldr	q1, [x5]
	str	q1, [x1, #512]
	add	x9, x1, #512
	ldp	x6, x7, [x9]
	CHECKR	x6, x3
	CHECKR	x7, x2
	add	x5, x1, #4081
	stp	q0, q1, [x5]
	ldp	q2, q3, [x5]
	add	x9, x1, #768
	stp	q2, q3, [x9]
	ldp	x6, x7, [x9, #16]
	CHECKR	x6, x3
	CHECKR	x7, x2

	// 7: pre- and post-index from a misaligned base, crossing the page
	mov	x28, #7
	add	x5, x1, #4091
	str	x3, [x5, #1]!
	add	x6, x1, #4092
	CHECKR	x5, x6
	ldr	x4, [x5], #-5
	CHECKR	x4, x3
	add	x6, x1, #4087
	CHECKR	x5, x6

	// 8: LDUR/STUR with negative offsets across the boundary
	mov	x28, #8
	add	x5, x12, #2
	stur	x2, [x5, #-7]
	ldur	x4, [x5, #-7]
	CHECKR	x4, x2
	ldur	w4, [x5, #-3]
	CHECK	x4, 0x08070605

	TEST_PASSFAIL
	.ltorg

	.data
	.balign	4096
buf:	.skip	8192
