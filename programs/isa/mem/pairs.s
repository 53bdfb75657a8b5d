// LDP/STP (W and X), LDPSW, LDNP/STNP: offset, pre-index and post-index
// forms; Rt goes to the lower address; W pairs are 4-byte elements and
// zero-extend; LDPSW sign-extends both; the scaled imm7 extremes; XZR in a
// stored pair; the usual frame push/pop through SP.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	add	x1, x1, #1024
	ldr	x2, =0x1111111122222222
	ldr	x3, =0x80000001f0000002

	// 1: STP X / LDP X offset form; Rt at the lower address
	mov	x28, #1
	stp	x2, x3, [x1]
	ldr	x4, [x1]
	CHECK	x4, 0x1111111122222222
	ldr	x4, [x1, #8]
	CHECK	x4, 0x80000001f0000002
	ldp	x5, x6, [x1]
	CHECKR	x5, x2
	CHECKR	x6, x3

	// 2: STP W / LDP W: 4-byte elements, loads zero-extend
	mov	x28, #2
	stp	w3, w2, [x1, #16]
	ldr	x4, [x1, #16]
	CHECK	x4, 0x22222222f0000002
	mov	x5, #-1
	mov	x6, #-1
	ldp	w5, w6, [x1, #16]
	CHECK	x5, 0xf0000002
	CHECK	x6, 0x22222222

	// 3: LDPSW sign-extends each word
	mov	x28, #3
	ldpsw	x5, x6, [x1, #16]
	CHECK	x5, 0xfffffffff0000002
	CHECK	x6, 0x22222222

	// 4: pre-index writes back the new address, which is the one used
	mov	x28, #4
	mov	x7, x1
	stp	x3, x2, [x7, #32]!
	add	x8, x1, #32
	CHECKR	x7, x8
	ldp	x5, x6, [x1, #32]
	CHECKR	x5, x3
	CHECKR	x6, x2
	ldp	x5, x6, [x7, #-32]!
	CHECKR	x7, x1
	CHECKR	x5, x2
	CHECKR	x6, x3

	// 5: post-index uses the old address, then adds the offset
	mov	x28, #5
	mov	x7, x1
	stp	w2, w3, [x7], #-8
	sub	x8, x1, #8
	CHECKR	x7, x8
	ldr	x4, [x1]
	CHECK	x4, 0xf000000222222222
	ldp	w5, w6, [x7], #8
	CHECKR	x7, x1
	ldr	w9, [x1, #-8]
	CHECKR	x5, x9

	// 6: scaled imm7 extremes: X -512..504, W -256..252
	mov	x28, #6
	stp	x2, x3, [x1, #504]
	stp	x3, x2, [x1, #-512]
	stp	w2, w3, [x1, #252]
	stp	w3, w2, [x1, #-256]
	ldp	x5, x6, [x1, #504]
	CHECKR	x5, x2
	CHECKR	x6, x3
	ldp	x5, x6, [x1, #-512]
	CHECKR	x5, x3
	CHECKR	x6, x2
	ldp	w5, w6, [x1, #252]
	CHECK	x5, 0x22222222
	CHECK	x6, 0xf0000002
	ldpsw	x5, x6, [x1, #-256]
	CHECK	x5, 0xfffffffff0000002
	CHECK	x6, 0x22222222

	// 7: LDPSW pre- and post-index
	mov	x28, #7
	mov	x7, x1
	ldpsw	x5, x6, [x7, #-256]!
	sub	x8, x1, #256
	CHECKR	x7, x8
	CHECK	x5, 0xfffffffff0000002
	ldpsw	x5, x6, [x7], #252
	sub	x8, x1, #4
	CHECKR	x7, x8
	CHECK	x6, 0x22222222

	// 8: STNP/LDNP behave as the offset form
	mov	x28, #8
	stnp	x3, x2, [x1, #64]
	ldnp	x5, x6, [x1, #64]
	CHECKR	x5, x3
	CHECKR	x6, x2
	stnp	w2, w3, [x1, #72]
	ldnp	w5, w6, [x1, #72]
	CHECK	x5, 0x22222222
	CHECK	x6, 0xf0000002

	// 9: XZR/WZR in a stored pair store zero
	mov	x28, #9
	stp	xzr, x2, [x1, #80]
	stp	w3, wzr, [x1, #96]
	ldp	x5, x6, [x1, #80]
	CHECK	x5, 0
	CHECKR	x6, x2
	ldr	x4, [x1, #96]
	CHECK	x4, 0xf0000002

	// 10: push and pop a frame through SP (stp x29, x30, [sp, #-32]! / ldp ..., [sp], #32)
	mov	x28, #10
	mov	x9, sp
	mov	x29, x2
	mov	x30, x3
	stp	x29, x30, [sp, #-32]!
	stp	x2, x2, [sp, #16]
	mov	x29, #0
	mov	x30, #0
	ldp	x29, x30, [sp], #32
	CHECKR	x29, x2
	CHECKR	x30, x3
	mov	x4, sp
	CHECKR	x4, x9

	// 11: a load pair whose base is also its second destination (no writeback)
	mov	x28, #11
	stp	x2, x1, [x1, #112]
	add	x7, x1, #112
	ldp	x5, x7, [x7]
	CHECKR	x5, x2
	CHECKR	x7, x1

	TEST_PASSFAIL
	.ltorg

	.data
	.balign	16
buf:	.skip	4096
