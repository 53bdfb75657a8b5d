// DUP (general) into every arrangement (8B, 16B, 4H, 8H, 2S, 4S, 2D): the
// element is the low bits of the general register (higher bits ignored);
// the 64-bit arrangements zero bits 127:64. MOVI 8B/16B (8-bit immediate,
// optional LSL #0). ORR (vector) and its MOV alias, 8B (upper half zeroed)
// and 16B. Vector registers are checked by storing them (STR Q) and
// loading the halves into X registers.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	ldr	x2, =0x8877665544332211

	// 1: MOVI 16B and 8B (8B zeroes the upper half)
	mov	x28, #1
	movi	v0.16b, #0xa5
	VCHECK	q0, 0xa5a5a5a5a5a5a5a5, 0xa5a5a5a5a5a5a5a5
	movi	v0.8b, #0x3c
	VCHECK	q0, 0x3c3c3c3c3c3c3c3c, 0
	movi	v1.16b, #0
	VCHECK	q1, 0, 0
	movi	v1.16b, #255, lsl #0
	VCHECK	q1, 0xffffffffffffffff, 0xffffffffffffffff

	// 2: DUP 16B / 8B: the low byte of W
	mov	x28, #2
	dup	v2.16b, w2
	VCHECK	q2, 0x1111111111111111, 0x1111111111111111
	movi	v3.16b, #0xff
	dup	v3.8b, w2
	VCHECK	q3, 0x1111111111111111, 0

	// 3: DUP 8H / 4H: the low halfword
	mov	x28, #3
	dup	v4.8h, w2
	VCHECK	q4, 0x2211221122112211, 0x2211221122112211
	movi	v5.16b, #0xff
	dup	v5.4h, w2
	VCHECK	q5, 0x2211221122112211, 0

	// 4: DUP 4S / 2S: the whole W
	mov	x28, #4
	dup	v6.4s, w2
	VCHECK	q6, 0x4433221144332211, 0x4433221144332211
	movi	v7.16b, #0xff
	dup	v7.2s, w2
	VCHECK	q7, 0x4433221144332211, 0

	// 5: DUP 2D: the whole X
	mov	x28, #5
	dup	v8.2d, x2
	VCHECK	q8, 0x8877665544332211, 0x8877665544332211

	// 6: DUP from XZR/WZR gives zeros
	mov	x28, #6
	movi	v9.16b, #0xff
	dup	v9.4s, wzr
	VCHECK	q9, 0, 0
	movi	v9.16b, #0xff
	dup	v9.2d, xzr
	VCHECK	q9, 0, 0

	// 7: DUP of a negative byte/halfword value replicates the bits
	mov	x28, #7
	mov	w3, #0xff80
	dup	v10.16b, w3
	VCHECK	q10, 0x8080808080808080, 0x8080808080808080
	dup	v10.8h, w3
	VCHECK	q10, 0xff80ff80ff80ff80, 0xff80ff80ff80ff80

	// 8: ORR 16B, and ORR 8B (upper half zeroed)
	mov	x28, #8
	movi	v11.16b, #0x0f
	dup	v12.2d, x2
	orr	v13.16b, v11.16b, v12.16b
	VCHECK	q13, 0x8f7f6f5f4f3f2f1f, 0x8f7f6f5f4f3f2f1f
	orr	v13.8b, v11.8b, v12.8b
	VCHECK	q13, 0x8f7f6f5f4f3f2f1f, 0

	// 9: MOV (vector) = ORR Vd, Vn, Vn: 16B copies all, 8B the low half
	mov	x28, #9
	mov	v14.16b, v12.16b
	VCHECK	q14, 0x8877665544332211, 0x8877665544332211
	mov	v14.8b, v11.8b
	VCHECK	q14, 0x0f0f0f0f0f0f0f0f, 0

	// 10: ORR with the destination as a source
	mov	x28, #10
	movi	v15.16b, #0x40
	orr	v15.16b, v15.16b, v11.16b
	VCHECK	q15, 0x4f4f4f4f4f4f4f4f, 0x4f4f4f4f4f4f4f4f

	// 11: V31 is a vector register like the others (no zero register)
	mov	x28, #11
	dup	v31.2d, x2
	mov	v30.16b, v31.16b
	VCHECK	q30, 0x8877665544332211, 0x8877665544332211

	TEST_PASSFAIL
	.ltorg

	.data
	.balign	16
buf:	.skip	64
