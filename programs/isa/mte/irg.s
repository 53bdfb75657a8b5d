// IRG and GMI: exclusion masks are honoured whatever the random source.
// Under Linux (qemu-aarch64) GCR_EL1.Exclude is all-but-nothing until
// prctl(PR_SET_TAGGED_ADDR_CTRL) gives an include mask, so the program asks
// for all 16 tags first; the bare harness answers ENOSYS and starts with
// nothing excluded. Tags are random under Linux, deterministic bare: every
// check here holds for any tag sequence.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"
	.text
	.global	_start
_start:
	// 1: prctl(PR_SET_TAGGED_ADDR_CTRL, PR_TAGGED_ADDR_ENABLE | include 0xffff << 3, 0, 0, 0)
	mov	x28, #1
	mov	x0, #55
	mov	x1, #0xfff9
	movk	x1, #0x7, lsl #16	// 1 | 0xffff << 3
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	mov	x8, #167		// prctl
	svc	#0
	cbz	x0, 1f
	cmn	x0, #38			// -ENOSYS (bare)
	b.ne	fail
1:
	// 2: only tag k allowed (Xm = ~(1 << k)): the result has tag k, other bits kept
	mov	x28, #2
	mov	x1, #0xf5ff
	lsl	x1, x1, #48
	movk	x1, #0x4321		// x1 = 0xf5ff000000004321 (tag 5)
	mov	x10, #0			// k
2:	mov	x3, #1
	lsl	x3, x3, x10
	mvn	x3, x3
	and	x3, x3, #0xffff
	irg	x2, x1, x3
	ubfx	x4, x2, #56, #4
	cmp	x4, x10
	b.ne	fail
	bfi	x2, xzr, #56, #4	// clear the tags of both and compare the rest
	bfi	x1, xzr, #56, #4
	cmp	x2, x1
	b.ne	fail
	mov	x5, #5
	bfi	x1, x5, #56, #4
	add	x10, x10, #1
	cmp	x10, #16
	b.ne	2b

	// 3: everything excluded: tag 0
	mov	x28, #3
	mov	x3, #0xffff
	irg	x2, x1, x3
	ubfx	x4, x2, #56, #4
	cbnz	x4, fail

	// 4: GMI-built exclusion: IRG never returns the excluded tag (32 rounds)
	mov	x28, #4
	mov	x10, #32
3:	gmi	x3, x1, xzr		// x3 = 1 << tag(x1)
	irg	x2, x1, x3
	ubfx	x4, x2, #56, #4
	ubfx	x5, x1, #56, #4
	cmp	x4, x5
	b.eq	fail
	mov	x1, x2
	subs	x10, x10, #1
	b.ne	3b

	// 5: accumulate: 16 IRGs excluding every tag seen so far give 16 distinct
	// tags, after which the mask is full and IRG gives 0
	mov	x28, #5
	mov	x3, #0
	mov	x10, #16
4:	irg	x2, x1, x3
	ubfx	x4, x2, #56, #4
	lsr	x5, x3, x4
	tbnz	x5, #0, fail		// an excluded tag came back
	gmi	x3, x2, x3
	subs	x10, x10, #1
	b.ne	4b
	mov	x6, #0xffff
	cmp	x3, x6			// 16 distinct tags
	b.ne	fail
	irg	x2, x1, x3
	ubfx	x4, x2, #56, #4
	cbnz	x4, fail

	// 6: IRG with SP as the source
	mov	x28, #6
	mov	x3, #0xffff
	and	x3, x3, #~(1 << 9)	// only tag 9
	irg	x2, sp, x3
	mov	x5, sp
	mov	x6, #9
	bfi	x5, x6, #56, #4
	cmp	x2, x5
	b.ne	fail

	// 7: IRG with SP as the destination
	mov	x28, #7
	mov	x19, sp
	mov	x3, #0xffff
	and	x3, x3, #~(1 << 6)	// only tag 6
	irg	sp, x19, x3
	mov	x2, sp
	mov	sp, x19
	ubfx	x4, x2, #56, #4
	cmp	x4, #6
	b.ne	fail
	bfi	x2, xzr, #56, #4
	cmp	x2, x19
	b.ne	fail

	// 8: GMI ORs one bit into all 64 bits of Xm
	mov	x28, #8
	mov	x1, #0x0c00000000000000	// tag 12
	mov	x4, #0x1234000000000000
	orr	x4, x4, #0x10
	gmi	x3, x1, x4
	orr	x5, x4, #0x1000
	cmp	x3, x5
	b.ne	fail
	// GMI with SP as Xn (tag 0 unless SP is tagged)
	mov	x5, sp
	ubfx	x5, x5, #56, #4
	mov	x6, #1
	lsl	x6, x6, x5
	gmi	x3, sp, xzr
	cmp	x3, x6
	b.ne	fail

	TEST_PASSFAIL
