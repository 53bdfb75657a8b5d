// Exclusives and ordered accesses: LDXR/STXR (B, H, W, X) succeed (status
// 0, memory written) after a load exclusive of the same address and size;
// a store exclusive with no preceding load exclusive, a second store
// exclusive, one to another address, and one after CLREX fail (status 1,
// memory unchanged); LDAXR/STLXR; LDXP/STXP and LDAXP/STLXP (W and X
// pairs, Rt at the lower address); an atomic increment retry loop;
// LDAR/STLR round trips of every width.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	ldr	x2, =0x1122334455667788
	ldr	x3, =0x99aabbccddeeff00
	str	x2, [x1]
	add	x10, x1, #16		// exclusives take no offset: one base per location
	add	x11, x1, #17
	add	x12, x1, #18
	add	x13, x1, #32
	add	x14, x1, #48

	// 1: LDXR X then STXR X to the same address: status 0, stored
	mov	x28, #1
	ldxr	x4, [x1]
	CHECKR	x4, x2
	mov	w5, #7
	stxr	w5, x3, [x1]
	CHECK	x5, 0
	ldr	x4, [x1]
	CHECKR	x4, x3

	// 2: a second STXR fails (the first cleared the monitor): status 1, not stored
	mov	x28, #2
	stxr	w5, x2, [x1]
	CHECK	x5, 1
	ldr	x4, [x1]
	CHECKR	x4, x3

	// 3: STXR to another address than the LDXR fails
	mov	x28, #3
	str	x2, [x1, #8]
	ldxr	x4, [x1]
	add	x6, x1, #8
	stxr	w5, x3, [x6]
	CHECK	x5, 1
	ldr	x4, [x1, #8]
	CHECKR	x4, x2

	// 4: CLREX between them makes the STXR fail
	mov	x28, #4
	ldxr	x4, [x1]
	clrex
	stxr	w5, x2, [x1]
	CHECK	x5, 1
	ldr	x4, [x1]
	CHECKR	x4, x3

	// 5: W, H and B exclusives: narrow loads zero-extend, stores write only their bytes
	mov	x28, #5
	str	x2, [x1, #16]
	mov	x4, #-1
	ldxr	w4, [x10]
	CHECK	x4, 0x55667788
	stxr	w5, w3, [x10]
	CHECK	x5, 0
	ldxrh	w4, [x10]
	CHECK	x4, 0xff00
	stxrh	w5, w2, [x10]
	CHECK	x5, 0
	ldxrb	w4, [x10]
	CHECK	x4, 0x88
	stxrb	w5, w3, [x10]
	CHECK	x5, 0
	ldr	x4, [x1, #16]
	CHECK	x4, 0x11223344ddee7700

	// 6: LDAXR/STLXR (and the B/H forms)
	mov	x28, #6
	ldaxr	x4, [x10]
	stlxr	w5, x2, [x10]
	CHECK	x5, 0
	ldr	x4, [x1, #16]
	CHECKR	x4, x2
	ldaxrb	w4, [x11]
	CHECK	x4, 0x77
	stlxrb	w5, w3, [x11]
	CHECK	x5, 0
	ldaxrh	w4, [x12]
	CHECK	x4, 0x5566
	stlxrh	w5, w3, [x12]
	CHECK	x5, 0
	ldr	x4, [x1, #16]
	CHECK	x4, 0x11223344ff000088

	// 7: LDXP/STXP X: 16-byte pairs, Rt at the lower address
	mov	x28, #7
	stp	x2, x3, [x1, #32]
	ldxp	x4, x6, [x13]
	CHECKR	x4, x2
	CHECKR	x6, x3
	stxp	w5, x3, x2, [x13]
	CHECK	x5, 0
	ldp	x4, x6, [x1, #32]
	CHECKR	x4, x3
	CHECKR	x6, x2
	stxp	w5, x2, x2, [x13]
	CHECK	x5, 1

	// 8: LDAXP/STLXP W pairs (8 bytes), zero-extended
	mov	x28, #8
	str	x2, [x1, #48]
	mov	x4, #-1
	ldaxp	w4, w6, [x14]
	CHECK	x4, 0x55667788
	CHECK	x6, 0x11223344
	stlxp	w5, w6, w4, [x14]
	CHECK	x5, 0
	ldr	x4, [x1, #48]
	CHECK	x4, 0x5566778811223344

	// 9: an atomic increment: LDXR / ADD / STXR / CBNZ retry, run 5 times
	mov	x28, #9
	str	xzr, [x1, #64]
	add	x7, x1, #64
	mov	x9, #5
1:	ldxr	x4, [x7]
	add	x4, x4, #1
	stxr	w5, x4, [x7]
	cbnz	w5, 1b
	subs	x9, x9, #1
	b.ne	1b
	ldr	x4, [x7]
	CHECK	x4, 5

	// 10: LDAR/STLR of every width
	mov	x28, #10
	str	xzr, [x1, #80]
	add	x7, x1, #80
	stlr	x2, [x7]
	ldar	x4, [x7]
	CHECKR	x4, x2
	stlr	w3, [x7]
	ldar	w4, [x7]
	CHECK	x4, 0xddeeff00
	stlrh	w2, [x7]
	ldarh	w4, [x7]
	CHECK	x4, 0x7788
	add	x6, x1, #81
	stlrb	w3, [x6]
	ldarb	w4, [x6]
	CHECK	x4, 0x00
	ldar	x4, [x7]
	CHECK	x4, 0x11223344ddee0088

	// 11: SP as the exclusive base
	mov	x28, #11
	sub	sp, sp, #16
	str	x2, [sp]
	ldxr	x4, [sp]
	stxr	w5, x3, [sp]
	CHECK	x5, 0
	ldr	x4, [sp]
	CHECKR	x4, x3
	add	sp, sp, #16

	TEST_PASSFAIL
	.ltorg

	.data
	.balign	16
buf:	.skip	256
