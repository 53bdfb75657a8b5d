// Conditional select and compare: CSEL, CSINC, CSINV, CSNEG with the
// condition true and false (and AL/NV, which always hold), the aliases
// CSET, CSETM, CINC, CINV, CNEG, 32-bit forms zero-extending, CSNEG of
// INT_MIN; CCMP/CCMN (register and immediate): flags from the compare when
// the condition holds, else the #nzcv immediate.
// riscv-tests style: x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	ldr	x1, =0x1111111122222222
	ldr	x2, =0x8000000000000000

	// 1: CSEL true and false, and AL/NV always select Rn
	mov	x28, #1
	SETFLAGS 0b0100
	csel	x3, x1, x2, eq
	CHECK	x3, 0x1111111122222222
	SETFLAGS 0b0100
	csel	x3, x1, x2, ne
	CHECK	x3, 0x8000000000000000
	SETFLAGS 0b0000
	csel	x3, x1, x2, al
	CHECK	x3, 0x1111111122222222
	SETFLAGS 0b0000
	csel	x3, x1, x2, nv
	CHECK	x3, 0x1111111122222222

	// 2: CSINC false: Rm + 1, carrying into the top half and wrapping at 64 bits
	mov	x28, #2
	ldr	x4, =0x00000000ffffffff
	SETFLAGS 0b0000
	csinc	x3, x1, x4, cs
	CHECK	x3, 0x0000000100000000
	mov	x4, #-1
	SETFLAGS 0b0000
	csinc	x3, x1, x4, mi
	CHECK	x3, 0
	SETFLAGS 0b1000
	csinc	x3, x1, x4, mi
	CHECK	x3, 0x1111111122222222

	// 3: CSINV and CSNEG false; -INT64_MIN = INT64_MIN, -0 = 0
	mov	x28, #3
	SETFLAGS 0b0000
	csinv	x3, x1, x1, vs
	CHECK	x3, 0xeeeeeeeedddddddd
	SETFLAGS 0b0000
	csneg	x3, x1, x2, hi
	CHECK	x3, 0x8000000000000000
	SETFLAGS 0b0000
	csneg	x3, x1, x1, hi
	CHECK	x3, 0xeeeeeeeeddddddde
	SETFLAGS 0b0000
	csneg	x3, x1, xzr, gt
	CHECK	x3, 0x1111111122222222
	SETFLAGS 0b0100
	csneg	x3, x1, xzr, gt
	CHECK	x3, 0

	// 4: CSET, CSETM, CINC, CINV, CNEG (results checked after, as CHECK changes the flags)
	mov	x28, #4
	mov	x4, #5
	cmp	x4, #5
	cset	x3, eq
	cset	x6, ne
	csetm	x7, ge
	cinc	x8, x4, le
	cinv	x9, x4, lt
	cneg	x10, x4, eq
	cmp	x4, #6
	cset	x11, lo
	cset	x12, lt
	cset	x13, hi
	CHECK	x3, 1
	CHECK	x6, 0
	CHECK	x7, -1
	CHECK	x8, 6
	CHECK	x9, 5
	CHECK	x10, -5
	CHECK	x11, 1
	CHECK	x12, 1
	CHECK	x13, 0

	// 5: 32-bit forms: operands' top halves ignored, results zero-extended
	mov	x28, #5
	ldr	x4, =0xabcdef00ffffffff
	ldr	x5, =0x1234567880000000
	SETFLAGS 0b0000
	csinc	w3, w5, w4, eq
	CHECK	x3, 0
	SETFLAGS 0b0000
	csinv	w3, w5, w5, eq
	CHECK	x3, 0x7fffffff
	SETFLAGS 0b0000
	csneg	w3, w5, w5, eq
	CHECK	x3, 0x80000000
	SETFLAGS 0b0100
	csel	w3, w5, w4, eq
	CHECK	x3, 0x80000000
	SETFLAGS 0b0100
	csetm	w3, eq
	CHECK	x3, 0xffffffff
	SETFLAGS 0b0100
	csetm	w3, ne
	CHECK	x3, 0

	// 6: every condition, after `cmp x5, x6` with x5 = -1, x6 = 1 (N set, C set, Z and V clear)
	mov	x28, #6
	mov	x5, #-1
	mov	x6, #1
	mov	x3, #0
	cmp	x5, x6
	cinc	x3, x3, eq	// no
	cinc	x3, x3, ne	// +1
	cinc	x3, x3, hs	// +1
	cinc	x3, x3, lo	// no
	cinc	x3, x3, mi	// +1
	cinc	x3, x3, pl	// no
	cinc	x3, x3, vs	// no
	cinc	x3, x3, vc	// +1
	cinc	x3, x3, hi	// +1
	cinc	x3, x3, ls	// no
	cinc	x3, x3, ge	// no
	cinc	x3, x3, lt	// +1
	cinc	x3, x3, gt	// no
	cinc	x3, x3, le	// +1
	CHECK	x3, 7

	// 7: CCMP (register): condition true -> flags of the compare, false -> #nzcv
	mov	x28, #7
	mov	x4, #3
	mov	x5, #3
	SETFLAGS 0b0100
	ccmp	x4, x5, #0b1001, eq
	FLAGS	0b0110
	SETFLAGS 0b0000
	ccmp	x4, x5, #0b1001, eq
	FLAGS	0b1001
	mov	x5, #4
	SETFLAGS 0b0100
	ccmp	x4, x5, #0, eq
	FLAGS	0b1000
	SETFLAGS 0b0000
	ccmp	x2, x6, #0, al
	FLAGS	0b0011
	SETFLAGS 0b0000
	ccmp	x2, x6, #0, nv
	FLAGS	0b0011

	// 8: CCMP (immediate) and CCMN
	mov	x28, #8
	SETFLAGS 0b0000
	ccmp	x4, #3, #0b0100, ne
	FLAGS	0b0110
	SETFLAGS 0b0100
	ccmp	x4, #3, #0b0100, ne
	FLAGS	0b0100
	mov	x7, #-31
	SETFLAGS 0b0000
	ccmn	x7, #31, #0b1000, pl
	FLAGS	0b0110
	mov	x7, #-1
	SETFLAGS 0b0000
	ccmn	x7, x7, #0, pl
	FLAGS	0b1010
	ldr	x7, =0x7fffffffffffffff
	SETFLAGS 0b0000
	ccmn	x7, #1, #0, pl
	FLAGS	0b1001

	// 9: 32-bit CCMP/CCMN compare the W registers only
	mov	x28, #9
	ldr	x4, =0x0000000180000000
	ldr	x5, =0x0000000200000001
	SETFLAGS 0b0000
	ccmp	w4, w5, #0, al
	FLAGS	0b0011
	SETFLAGS 0b0000
	ccmp	w4, #0, #0, al
	FLAGS	0b1010
	SETFLAGS 0b0000
	ccmn	w4, w4, #0, al
	FLAGS	0b0111
	SETFLAGS 0b0000
	ccmn	w4, #31, #0xf, vs
	FLAGS	0b1111

	// 10: a CCMP chain: (x4 == 3 && x5 == 4)
	mov	x28, #10
	mov	x4, #3
	mov	x5, #4
	cmp	x4, #3
	ccmp	x5, #4, #0, eq
	cset	x3, eq
	CHECK	x3, 1
	cmp	x4, #2
	ccmp	x5, #4, #0, eq
	cset	x3, eq
	CHECK	x3, 0

	TEST_PASSFAIL
