// B.cond: every condition against every NZCV value, then conditions after
// CMP/CMN/TST on edge values (signed and unsigned limits).
// riscv-tests style: x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"
	.text
	.global	_start

// Case \case: for v = 0..15, NZCV := v, record bit v of x1 when b.\cond is
// taken; the 16-bit mask must equal \mask (from the Arm ARM condition table).
	.macro	CONDMASK case, cond, mask
	mov	x28, #\case
	mov	x1, #0			// taken mask
	mov	x2, #0			// v
1:	lsl	x3, x2, #28
	msr	nzcv, x3
	mov	x4, #1
	lsl	x4, x4, x2
	b.\cond	2f
	b	3f
2:	orr	x1, x1, x4
3:	mrs	x5, nzcv		// the branch must not change the flags
	cmp	x5, x3
	b.ne	fail
	add	x2, x2, #1
	cmp	x2, #16
	b.ne	1b
	mov	x6, #\mask
	cmp	x1, x6
	b.ne	fail
	.endm

// Case \case: after `cmp x\a, x\b` the branch b.\cond is (\taken = 1) or is not taken.
	.macro	CMPCASE case, cond, taken
	mov	x28, #\case
	cmp	x10, x11
	.if \taken
	b.\cond	4f
	b	fail
4:
	.else
	b.\cond	fail
	.endif
	.endm

_start:
	CONDMASK 1, eq, 0xf0f0
	CONDMASK 2, ne, 0x0f0f
	CONDMASK 3, cs, 0xcccc
	CONDMASK 4, cc, 0x3333
	CONDMASK 5, mi, 0xff00
	CONDMASK 6, pl, 0x00ff
	CONDMASK 7, vs, 0xaaaa
	CONDMASK 8, vc, 0x5555
	CONDMASK 9, hi, 0x0c0c
	CONDMASK 10, ls, 0xf3f3
	CONDMASK 11, ge, 0xaa55
	CONDMASK 12, lt, 0x55aa
	CONDMASK 13, gt, 0x0a05
	CONDMASK 14, le, 0xf5fa
	CONDMASK 15, al, 0xffff
	CONDMASK 16, hs, 0xcccc
	CONDMASK 17, lo, 0x3333

	// x10 = INT64_MIN, x11 = 1: signed less, unsigned higher
	mov	x10, #1
	lsl	x10, x10, #63
	mov	x11, #1
	CMPCASE 20, lt, 1
	CMPCASE 21, ge, 0
	CMPCASE 22, hi, 1
	CMPCASE 23, lo, 0
	CMPCASE 24, vs, 1		// INT64_MIN - 1 overflows
	CMPCASE 25, ne, 1
	// x10 = -1, x11 = 0: signed less, unsigned higher, no overflow
	mov	x10, #-1
	mov	x11, #0
	CMPCASE 26, lt, 1
	CMPCASE 27, hs, 1
	CMPCASE 28, vc, 1
	CMPCASE 29, mi, 1
	CMPCASE 30, le, 1
	// equal: eq, ge, le, hs, ls taken; ne, gt, lt, hi, lo not
	mov	x10, #5
	mov	x11, #5
	CMPCASE 31, eq, 1
	CMPCASE 32, ge, 1
	CMPCASE 33, le, 1
	CMPCASE 34, hs, 1
	CMPCASE 35, ls, 1
	CMPCASE 36, ne, 0
	CMPCASE 37, gt, 0
	CMPCASE 38, lt, 0
	CMPCASE 39, hi, 0
	CMPCASE 40, lo, 0
	// b.nv is "always" too (encoding 0b1111)
	mov	x28, #41
	msr	nzcv, xzr
	b.nv	5f
	b	fail
5:
	// backward conditional branch: count down 10 -> 0
	mov	x28, #42
	mov	x1, #10
	mov	x2, #0
6:	add	x2, x2, #1
	subs	x1, x1, #1
	b.ne	6b
	cmp	x2, #10
	b.ne	fail

	TEST_PASSFAIL
