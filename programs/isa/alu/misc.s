// One-source operations and PC-relative addresses: CLZ and CLS (zero,
// all-ones, single bits, both widths), RBIT, REV, REV16, REV32, REV64 (an
// assembler spelling of REV), W forms zero-extending; ADR and ADRP
// (backwards and forwards, page arithmetic matching :lo12:).
// riscv-tests style: x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	ldr	x1, =0x0123456789abcdef

	// 1: CLZ
	mov	x28, #1
	clz	x3, xzr
	CHECK	x3, 64
	mov	x4, #1
	clz	x3, x4
	CHECK	x3, 63
	clz	x3, x1
	CHECK	x3, 7
	mov	x4, #-1
	clz	x3, x4
	CHECK	x3, 0
	ldr	x4, =0x0000000080000000
	clz	x3, x4
	CHECK	x3, 32
	clz	w3, wzr
	CHECK	x3, 32
	ldr	x4, =0xffffffff00000001
	clz	w3, w4
	CHECK	x3, 31

	// 2: CLS: leading bits equal to the sign bit, not counting the sign bit
	mov	x28, #2
	cls	x3, xzr
	CHECK	x3, 63
	mov	x4, #-1
	cls	x3, x4
	CHECK	x3, 63
	mov	x4, #1
	cls	x3, x4
	CHECK	x3, 62
	ldr	x4, =0x8000000000000000
	cls	x3, x4
	CHECK	x3, 0
	ldr	x4, =0xffffffff7fffffff
	cls	x3, x4
	CHECK	x3, 31
	ldr	x4, =0x00000000ffffffff
	cls	x3, x4
	CHECK	x3, 31
	cls	w3, w4
	CHECK	x3, 31
	ldr	x4, =0xffffffff40000000
	cls	w3, w4
	CHECK	x3, 0
	cls	w3, wzr
	CHECK	x3, 31

	// 3: RBIT
	mov	x28, #3
	rbit	x3, x1
	CHECK	x3, 0xf7b3d591e6a2c480
	mov	x4, #1
	rbit	x3, x4
	CHECK	x3, 0x8000000000000000
	mov	x3, #-1
	rbit	w3, w1
	CHECK	x3, 0xf7b3d591
	rbit	w3, w4
	CHECK	x3, 0x80000000

	// 4: REV, REV64, REV16, REV32
	mov	x28, #4
	rev	x3, x1
	CHECK	x3, 0xefcdab8967452301
	rev64	x3, x1
	CHECK	x3, 0xefcdab8967452301
	rev16	x3, x1
	CHECK	x3, 0x23016745ab89efcd
	rev32	x3, x1
	CHECK	x3, 0x67452301efcdab89

	// 5: 32-bit REV and REV16 (top half of the source ignored, result zero-extended)
	mov	x28, #5
	mov	x3, #-1
	rev	w3, w1
	CHECK	x3, 0xefcdab89
	rev16	w3, w1
	CHECK	x3, 0xab89efcd

	// 6: source = destination
	mov	x28, #6
	mov	x3, x1
	rev	x3, x3
	rev	x3, x3
	CHECK	x3, 0x0123456789abcdef
	rbit	x3, x3
	clz	x3, x3
	CHECK	x3, 0

	// 7: ADR backwards and forwards; ADRP + :lo12: equals ADR
	mov	x28, #7
	adr	x3, _start
	adr	x4, here
here:	sub	x5, x4, x3
	ldr	x6, =here - _start
	cmp	x5, x6
	b.ne	fail
	adr	x3, far_label
	adrp	x4, far_label
	add	x4, x4, :lo12:far_label
	cmp	x3, x4
	b.ne	fail
	adrp	x4, _start
	adr	x6, _start
	and	x6, x6, #0xfffffffffffff000
	cmp	x4, x6
	b.ne	fail
	// the ADRP result has its low 12 bits clear
	ands	xzr, x4, #0xfff
	b.ne	fail

	// 8: ADR at the end of the text: data 8 KiB away is reachable both ways
	mov	x28, #8
	adrp	x3, data
	add	x3, x3, :lo12:data
	adr	x4, data
	cmp	x3, x4
	b.ne	fail
	ldr	x5, [x3]
	CHECK	x5, 0x5a5a5a5a5a5a5a5a

	TEST_PASSFAIL

	.ltorg
	.balign	4
	.skip	5000
far_label:
	nop

	.data
	.balign	8
	.skip	8192
data:	.quad	0x5a5a5a5a5a5a5a5a
