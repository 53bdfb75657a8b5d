// CBZ/CBNZ (W and X) and TBZ/TBNZ: W forms ignore bits 63:32 (CBZ on W with
// high bits set), XZR, TBZ/TBNZ on bits 0, 31, 32 and 63.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"
	.text
	.global	_start

// Case \case: `\insn` must branch (\taken = 1) or fall through.
	.macro	BR_CASE case, taken, insn:vararg
	mov	x28, #\case
	.if \taken
	\insn, 1f
	b	fail
1:
	.else
	\insn, fail
	.endif
	.endm

_start:
	mov	x1, #0xffffffff00000000	// W part zero, X part non-zero
	mov	x2, #0x00000000ffffffff	// W part all ones
	mov	x3, #0
	mov	x4, #1
	lsl	x4, x4, #63		// only bit 63
	mov	x5, #0x80000000		// only bit 31
	mov	x6, #0x100000000	// only bit 32

	BR_CASE 1, 1, cbz w1
	BR_CASE 2, 0, cbz x1
	BR_CASE 3, 0, cbnz w1
	BR_CASE 4, 1, cbnz x1
	BR_CASE 5, 1, cbz x3
	BR_CASE 6, 1, cbz w3
	BR_CASE 7, 0, cbnz x3
	BR_CASE 8, 1, cbz xzr
	BR_CASE 9, 1, cbz wzr
	BR_CASE 10, 0, cbnz xzr
	BR_CASE 11, 1, cbnz w2
	BR_CASE 12, 0, cbz w2
	BR_CASE 13, 1, cbnz x4
	BR_CASE 14, 1, cbz w4		// bit 63 is outside W
	BR_CASE 15, 0, cbnz w4

	BR_CASE 20, 1, tbnz x4, #63
	BR_CASE 21, 0, tbz x4, #63
	BR_CASE 22, 1, tbz x4, #62
	BR_CASE 23, 1, tbz x4, #0
	BR_CASE 24, 1, tbnz w5, #31
	BR_CASE 25, 1, tbnz x5, #31
	BR_CASE 26, 1, tbz x5, #32
	BR_CASE 27, 1, tbnz x6, #32
	BR_CASE 28, 1, tbz x6, #31
	BR_CASE 29, 1, tbz w6, #0
	BR_CASE 30, 1, tbnz x2, #0
	BR_CASE 31, 0, tbnz x1, #31
	BR_CASE 32, 1, tbnz x1, #32
	BR_CASE 33, 1, tbz xzr, #63
	BR_CASE 34, 0, tbnz xzr, #5

	// 40: every bit of x7 = 0xa5a5a5a5a5a5a5a5 with TBNZ (bit 0 at a time via a shift)
	mov	x28, #40
	mov	x7, #0xa5a5
	movk	x7, #0xa5a5, lsl #16
	movk	x7, #0xa5a5, lsl #32
	movk	x7, #0xa5a5, lsl #48
	mov	x8, #0			// rebuilt value
	mov	x9, #0			// bit index
2:	lsr	x10, x7, x9
	tbz	x10, #0, 3f
	mov	x11, #1
	lsl	x11, x11, x9
	orr	x8, x8, x11
3:	add	x9, x9, #1
	cmp	x9, #64
	b.ne	2b
	cmp	x8, x7
	b.ne	fail

	// 41: backward CBNZ loop with a W counter whose high half is set
	mov	x28, #41
	mov	x1, #0xffffffff00000000
	add	x1, x1, #3		// w1 = 3
	mov	x2, #0
4:	add	x2, x2, #1
	sub	w1, w1, #1
	cbnz	w1, 4b
	cmp	x2, #3
	b.ne	fail

	TEST_PASSFAIL
