// DC ZVA zeroes exactly the DCZID_EL0 block holding the address (any
// alignment, a tagged pointer too); cache maintenance by VA (DC CVAC,
// CIVAC, CVAU, IC IVAU) leaves memory alone.
// x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"
	.text
	.global	_start

// Case \case: bytes [x20 + \from*x21, x20 + \to*x21) all equal \byte (x21 = block size).
	.macro	CHECKBYTES case, from, to, byte
	mov	x28, #\case
	mov	x1, #\from
	mul	x1, x1, x21
	add	x1, x20, x1
	mov	x2, #\to
	mul	x2, x2, x21
	add	x2, x20, x2
1:	ldrb	w3, [x1], #1
	cmp	w3, #\byte
	b.ne	fail
	cmp	x1, x2
	b.ne	1b
	.endm

_start:
	adrp	x20, buf
	add	x20, x20, :lo12:buf
	// x21 = block size = 4 << DCZID_EL0.BS
	mrs	x1, dczid_el0
	and	x1, x1, #15
	mov	x21, #4
	lsl	x21, x21, x1

	// fill 4 blocks with 0xaa
	mov	x1, x20
	add	x2, x20, x21, lsl #2
	mov	x3, #0xaaaaaaaaaaaaaaaa
2:	str	x3, [x1], #8
	cmp	x1, x2
	b.ne	2b

	// zero block 2 through an unaligned address inside it
	add	x4, x20, x21, lsl #1
	add	x4, x4, #7
	dc	zva, x4
	CHECKBYTES 1, 0, 2, 0xaa
	CHECKBYTES 2, 2, 3, 0
	CHECKBYTES 3, 3, 4, 0xaa

	// zero block 0 through its last byte, with a tag in the top byte
	add	x4, x20, x21
	sub	x4, x4, #1
	mov	x5, #0x0b00000000000000
	orr	x4, x4, x5
	dc	zva, x4
	CHECKBYTES 4, 0, 1, 0
	CHECKBYTES 5, 1, 2, 0xaa

	// cache maintenance by VA is a no-op on the data
	mov	x28, #6
	add	x4, x20, x21, lsl #1
	add	x4, x4, x21
	dc	cvac, x4
	dc	civac, x4
	dc	cvau, x4
	ic	ivau, x4
	dsb	ish
	isb
	CHECKBYTES 7, 3, 4, 0xaa

	TEST_PASSFAIL

	.bss
	.balign	4096
buf:	.skip	8192
