// ADDG/SUBG (address and tag offset arithmetic, wrap-around, carries into
// the tag bits) and SUBP/SUBPS/CMPP (56-bit sign-extended pointer
// differences). The program asks Linux for all 16 tags first (prctl); with
// GCR_EL1.Exclude = 0 the ADDG/SUBG tags are deterministic.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"
	.text
	.global	_start

// Case \case: x2 must equal the 64-bit constant \hi16:0:0:\lo16 built in x9.
	.macro	EXPECT case, hi16, lo16
	mov	x28, #\case
	mov	x9, #\hi16
	lsl	x9, x9, #48
	movk	x9, #\lo16
	cmp	x2, x9
	b.ne	fail
	.endm

_start:
	// 1: prctl(PR_SET_TAGGED_ADDR_CTRL, enable | include all tags): 0, or -ENOSYS bare
	mov	x28, #1
	mov	x0, #55
	mov	x1, #0xfff9
	movk	x1, #0x7, lsl #16	// 1 | 0xffff << 3
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	mov	x8, #167
	svc	#0
	cbz	x0, 1f
	cmn	x0, #38
	b.ne	fail
1:
	mov	x1, #0x0200000000000000	// tag 2, address 0
	orr	x1, x1, #0x1000
	addg	x2, x1, #16, #3		// tag 5, +16
	EXPECT	2, 0x0500, 0x1010
	addg	x2, x1, #1008, #0	// offset 0: same tag, +1008
	EXPECT	3, 0x0200, 0x13f0
	subg	x2, x1, #16, #15	// tag 2 + 15 = 1 (mod 16), -16
	EXPECT	4, 0x0100, 0x0ff0
	mov	x1, #0x0f00000000000000
	orr	x1, x1, #0x2000
	addg	x2, x1, #0, #1		// tag 15 + 1 wraps to 0
	EXPECT	5, 0x0000, 0x2000
	// carries and borrows into bits 59:56 are overwritten by the new tag
	mov	x1, #0x00ffffffffffffff
	and	x1, x1, #~0xf		// 0x00fffffffffffff0, tag 0
	addg	x2, x1, #16, #2		// raw sum 0x0100000000000000, tag := 2
	EXPECT	6, 0x0200, 0x0000
	mov	x1, #0x0300000000000000	// tag 3, address 0
	subg	x2, x1, #16, #0		// raw 0x02fffffffffffff0, tag := 3
	mov	x28, #7
	mov	x9, #0x03ffffffffffffff
	and	x9, x9, #~0xf
	cmp	x2, x9
	b.ne	fail
	// bits 63:60 are plain address bits for ADDG
	mov	x1, #0xa000000000000000
	addg	x2, x1, #32, #4
	EXPECT	8, 0xa400, 0x0020
	// ADDG with SP as source: tag(SP) + 0, address SP + 32
	mov	x28, #9
	addg	x2, sp, #32, #0
	mov	x3, sp
	add	x3, x3, #32
	cmp	x2, x3
	b.ne	fail

	// SUBP: tags ignored, bits 55:0 sign-extended
	mov	x28, #10
	mov	x1, #0x0a00000000000000
	movk	x1, #0x1000
	mov	x2, #0x0500000000000000
	movk	x2, #0xff0
	subp	x3, x1, x2
	cmp	x3, #16
	b.ne	fail
	subp	x3, x2, x1
	cmn	x3, #16
	b.ne	fail
	mov	x28, #11
	mov	x1, #0xfa80000000000000	// bit 55 set: sign-extends to 0xff80000000000000
	mov	x5, #0
	subp	x3, x1, x5
	mov	x4, #0xff80000000000000
	cmp	x3, x4
	b.ne	fail
	// SUBPS / CMPP: equal addresses with different tags compare equal
	mov	x28, #12
	mov	x1, #0x0300000000000000
	movk	x1, #0x4000
	mov	x2, #0x0c00000000000000
	movk	x2, #0x4000
	cmpp	x1, x2
	b.ne	fail
	subps	x3, x1, x2
	b.ne	fail
	cbnz	x3, fail
	// unsigned and signed orderings on the 56-bit values
	mov	x28, #13
	mov	x2, #0x0c00000000000000
	movk	x2, #0x4010
	cmpp	x1, x2			// 0x4000 - 0x4010: borrow (lo), negative (mi)
	b.hs	fail
	b.pl	fail
	mov	x28, #14
	mov	x1, #0x0080000000000000	// bit 55: a negative pointer difference operand
	cmpp	x1, x2			// 0xff80000000000000 - 0x4010: signed less, unsigned higher
	b.ge	fail
	b.ls	fail
	// SUBPS with SP operands
	mov	x28, #15
	mov	x3, sp
	subps	x4, x3, sp
	b.ne	fail
	cbnz	x4, fail

	TEST_PASSFAIL
