// MRS/MSR at EL0: NZCV, TPIDR_EL0, TCO, FPCR, FPSR round trips; DCZID_EL0
// (DZP clear: DC ZVA allowed; BS sane), CNTVCT_EL0 monotonic, CNTFRQ_EL0
// non-zero; hints, barriers and CLREX execute as no-ops.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"
	.text
	.global	_start
_start:
	// 1-16: NZCV round trip for every flag combination; low bits are RES0
	mov	x1, #0
1:	add	x28, x1, #1
	lsl	x2, x1, #28
	orr	x3, x2, #0x0fffffff	// junk in the RES0 bits
	msr	nzcv, x3
	mrs	x4, nzcv
	cmp	x4, x2			// (clobbers the flags: check the value first)
	b.ne	fail
	add	x1, x1, #1
	cmp	x1, #16
	b.ne	1b

	// 17: flags written by MSR drive B.cond: Z and C set -> eq and hs taken, mi not
	mov	x28, #17
	mov	x1, #0x60000000
	msr	nzcv, x1
	b.ne	fail
	b.lo	fail
	b.mi	fail

	// 18: CMP result read back through MRS: 1 - 2 gives N (no Z, no C, no V)
	mov	x28, #18
	mov	x1, #1
	cmp	x1, #2
	mrs	x2, nzcv
	mov	x3, #0x80000000
	cmp	x2, x3
	b.ne	fail

	// 19: TPIDR_EL0 keeps all 64 bits
	mov	x28, #19
	mov	x1, #0x3210
	movk	x1, #0x7654, lsl #16
	movk	x1, #0xba98, lsl #32
	movk	x1, #0xfedc, lsl #48
	msr	tpidr_el0, x1
	mrs	x2, tpidr_el0
	cmp	x1, x2
	b.ne	fail
	msr	tpidr_el0, xzr
	mrs	x2, tpidr_el0
	cbnz	x2, fail

	// 20: PSTATE.TCO via MSR (immediate) and MRS: bit 25
	mov	x28, #20
	msr	tco, #1
	mrs	x1, tco
	mov	x2, #0x2000000
	cmp	x1, x2
	b.ne	fail
	msr	tco, #0
	mrs	x1, tco
	cbnz	x1, fail
	// 21: TCO via MSR (register)
	mov	x28, #21
	mov	x1, #0x2000000
	msr	tco, x1
	mrs	x2, tco
	cmp	x2, x1
	b.ne	fail
	msr	tco, xzr
	mrs	x2, tco
	cbnz	x2, fail

	// 22: DCZID_EL0: DZP (bit 4) clear, BS between 1 and 9, bits above 4 zero
	mov	x28, #22
	mrs	x1, dczid_el0
	tbnz	x1, #4, fail
	and	x2, x1, #15
	cbz	x2, fail
	cmp	x2, #9
	b.hi	fail
	lsr	x3, x1, #5
	cbnz	x3, fail

	// 23: FPCR: rounding mode bits round trip, then restore 0
	mov	x28, #23
	mov	x1, #0xc00000		// RMode = 0b11 (towards zero)
	msr	fpcr, x1
	mrs	x2, fpcr
	cmp	x1, x2
	b.ne	fail
	msr	fpcr, xzr
	mrs	x2, fpcr
	cbnz	x2, fail

	// 24: FPSR: cumulative exception bits round trip
	mov	x28, #24
	mov	x1, #0x9f		// IDC, IXC, UFC, OFC, DZC, IOC
	msr	fpsr, x1
	mrs	x2, fpsr
	cmp	x1, x2
	b.ne	fail
	msr	fpsr, xzr

	// 25: CNTVCT_EL0 does not go backwards; CNTFRQ_EL0 is non-zero
	mov	x28, #25
	mrs	x1, cntvct_el0
	mov	x3, #100
2:	subs	x3, x3, #1
	b.ne	2b
	mrs	x2, cntvct_el0
	cmp	x2, x1
	b.lo	fail
	mrs	x4, cntfrq_el0
	cbz	x4, fail

	// 26: hints, barriers and CLREX change nothing
	mov	x28, #26
	mov	x1, #0x40000000		// Z
	msr	nzcv, x1
	mov	x5, #5
	nop
	yield
	sevl
	wfe			// SEVL set the event register: WFE returns at once
	hint	#0x7f
	dmb	ish
	dsb	sy
	isb
	clrex
	b.ne	fail
	cmp	x5, #5
	b.ne	fail

	TEST_PASSFAIL
