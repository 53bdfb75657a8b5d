// dc_gzva: DC GZVA zeroes a DCZID_EL0-sized block and sets its tags from
// the address; DC GVA sets the tags only. The program reads DCZID_EL0
// (BS: block = 4 << BS bytes; DZP must be 0) and loops over a page by
// that size, as Linux's mte_zero_clear_page_tags does, so it holds for any
// block size (qemu's is 64 bytes or more, mtemu's 64). DC ZVA zeroes data
// and keeps tags. Nothing outside the page changes.
// exit: 0
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
	// CHECK_PAGE base, byte, tag: every byte of the page = byte, every granule's tag = tag
	.macro	CHECK_PAGE base, byte, tag
	mov	x10, \base
	add	x11, \base, #4096
1:	ldrb	w12, [x10]
	CHECK_EQ x12, \byte
	ldg	x12, [x10]
	ubfx	x12, x12, #56, #4
	CHECK_EQ x12, \tag
	ldrb	w12, [x10, #15]
	CHECK_EQ x12, \byte
	add	x10, x10, #16
	cmp	x10, x11
	b.lo	1b
	.endm
	// FILL base, byte: the page's data
	.macro	FILL base, byte
	mov	x10, \base
	add	x11, \base, #4096
	mov	x12, #\byte
	dup	v0.16b, w12
1:	str	q0, [x10], #16
	cmp	x10, x11
	b.lo	1b
	.endm
_start:
	CASE	1
	mrs	x1, dczid_el0
	tst	x1, #16			// DZP
	cset	x2, ne
	CHECK_EQ x2, 0
	and	x1, x1, #15
	mov	x21, #4
	lsl	x21, x21, x1		// x21 = block size
	cmp	x21, #4096
	cset	x2, ls
	CHECK_EQ x2, 1
	// tags: nothing included (not needed: DC G*VA take the address tag)
	MMAP_ANON 3*4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	add	x20, x19, #4096		// the middle page
	FILL	x19, 0xaa
	FILL	x20, 0xbb
	add	x9, x20, #4096
	FILL	x9, 0xcc
	CASE	2
	ldr	x9, =7<<56
	orr	x22, x20, x9		// tag 7
	mov	x10, x22
	add	x11, x22, #4096
2:	dc	gzva, x10
	add	x10, x10, x21
	cmp	x10, x11
	b.lo	2b
	CASE	3
	CHECK_PAGE x20, 0, 7
	CASE	4
	CHECK_PAGE x19, 0xaa, 0
	add	x9, x20, #4096
	CHECK_PAGE x9, 0xcc, 0
	// DC GVA: tags only
	CASE	5
	ldr	x9, =3<<56
	orr	x22, x19, x9
	mov	x10, x22
	add	x11, x22, #4096
3:	dc	gva, x10
	add	x10, x10, x21
	cmp	x10, x11
	b.lo	3b
	CHECK_PAGE x19, 0xaa, 3
	// DC ZVA (through the right tag): data zeroed, tags kept
	CASE	6
	mov	x10, x22
	add	x11, x22, #4096
4:	dc	zva, x10
	add	x10, x10, x21
	cmp	x10, x11
	b.lo	4b
	CHECK_PAGE x19, 0, 3
	// an address inside a block: the whole aligned block
	CASE	7
	add	x9, x20, #4096
	FILL	x9, 0xdd
	add	x10, x9, x21
	add	x10, x10, #5		// inside the second block
	ldr	x11, =9<<56
	orr	x10, x10, x11
	dc	gzva, x10
	add	x9, x20, #4096
	ldrb	w12, [x9, x21]		// first byte of the second block: zeroed
	CHECK_EQ x12, 0
	sub	x13, x21, #1
	ldrb	w12, [x9, x13]		// last byte of the first block: untouched
	CHECK_EQ x12, 0xdd
	add	x13, x21, x21
	ldrb	w12, [x9, x13]		// first byte of the third block: untouched
	CHECK_EQ x12, 0xdd
	add	x13, x9, x21
	ldg	x12, [x13]
	ubfx	x12, x12, #56, #4
	CHECK_EQ x12, 9
	PRINT	"dc_gzva ok\n"
	EXIT	0
	.include "../include/lib.inc"
