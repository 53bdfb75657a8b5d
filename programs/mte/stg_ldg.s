// stg_ldg: allocation tags in a PROT_MTE mapping (tag checks on, sync).
// New memory has tag 0; STG/LDG round trips; LDG aligns the address down
// and replaces only bits 59:56 of its destination; pre/post-index STG
// write back; ST2G tags two granules (also across a page boundary);
// STZG/STZ2G zero the data too; STGP stores data and takes the tag from
// the address. Accesses through pointers with the right tag work
// (a wrong tag would fault: sync_fault.s checks that).
// exit: 0
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
	// TAG_AT off, tag: LDG of x19 + off (untagged pointer) has tag `tag`
	.macro	TAG_AT off, tag
	ldr	x9, =\off
	add	x9, x19, x9
	ldg	x9, [x9]
	ubfx	x9, x9, #56, #4
	CHECK_EQ x9, \tag
	.endm
	.macro	TAGGED reg, base, tag
	ldr	x9, =\tag<<56
	orr	\reg, \base, x9
	.endm
_start:
	CASE	1
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0xffff<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	CHECK_EQ x0, 0
	MMAP_ANON 2*4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	CASE	2
	TAG_AT	0, 0
	TAG_AT	4096+0x7f0, 0
	// STG then LDG
	CASE	3
	TAGGED	x20, x19, 3
	stg	x20, [x20]
	TAG_AT	0, 3
	TAG_AT	16, 0
	mov	x1, #0x1234
	str	x1, [x20, #8]		// tag 3 matches
	ldr	x2, [x20, #8]
	CHECK_EQ x2, 0x1234
	// LDG: address aligned down; only bits 59:56 replaced
	CASE	4
	ldr	x1, =0xa500000000000000
	add	x9, x19, #13
	orr	x1, x1, x9
	ldg	x1, [x19, #0]		// source address: x19
	ldr	x2, =0xa300000000000000
	add	x9, x19, #13
	orr	x2, x2, x9
	CHECK_REG x1, x2
	add	x9, x19, #13
	mov	x1, x9
	ldg	x1, [x9]		// unaligned address: the granule's tag
	ubfx	x1, x1, #56, #4
	CHECK_EQ x1, 3
	// post-index and pre-index
	CASE	5
	TAGGED	x20, x19, 6
	add	x21, x19, #32
	stg	x20, [x21], #16
	sub	x1, x21, x19
	CHECK_EQ x1, 48
	TAG_AT	32, 6
	stg	x20, [x21, #16]!
	sub	x1, x21, x19
	CHECK_EQ x1, 64
	TAG_AT	48, 0
	TAG_AT	64, 6
	// ST2G: two granules
	CASE	6
	TAGGED	x20, x19, 9
	add	x21, x19, #0x100
	st2g	x20, [x21]
	TAG_AT	0xf0, 0
	TAG_AT	0x100, 9
	TAG_AT	0x110, 9
	TAG_AT	0x120, 0
	// ST2G across the page boundary
	CASE	7
	TAGGED	x20, x19, 10
	add	x21, x19, #4096-16
	st2g	x20, [x21]
	TAG_AT	4096-16, 10
	TAG_AT	4096, 10
	TAG_AT	4096+16, 0
	// STZG/STZ2G: zero data and tag
	CASE	8
	add	x21, x19, #0x200
	mov	x1, #-1
	stp	x1, x1, [x21]
	stp	x1, x1, [x21, #16]
	stp	x1, x1, [x21, #32]
	TAGGED	x20, x21, 12
	stzg	x20, [x20]
	TAG_AT	0x200, 12
	TAG_AT	0x210, 0
	ldp	x1, x2, [x20]
	orr	x1, x1, x2
	CHECK_EQ x1, 0
	ldr	x1, [x21, #16]		// next granule untouched
	CHECK_EQ x1, -1
	TAGGED	x20, x21, 13
	stz2g	x20, [x20, #16]
	TAG_AT	0x210, 13
	TAG_AT	0x220, 13
	add	x1, x20, #16
	ldp	x2, x3, [x1]
	ldp	x4, x5, [x1, #16]
	orr	x2, x2, x3
	orr	x2, x2, x4
	orr	x2, x2, x5
	CHECK_EQ x2, 0
	// STGP: data plus the address's tag
	CASE	9
	TAGGED	x20, x19, 14
	add	x20, x20, #0x300
	ldr	x1, =0x1111111111111111
	ldr	x2, =0x2222222222222222
	stgp	x1, x2, [x20]
	TAG_AT	0x300, 14
	ldp	x3, x4, [x20]
	CHECK_REG x3, x1
	CHECK_REG x4, x2
	stgp	x2, x1, [x20, #16]!	// pre-index
	TAG_AT	0x310, 14
	ldr	x3, [x20]
	CHECK_REG x3, x2
	// tag 0 pointers work on granules with tag 0
	CASE	10
	mov	x1, #7
	str	x1, [x19, #0x400]
	ldr	x2, [x19, #0x400]
	CHECK_EQ x2, 7
	PRINT	"stg_ldg ok\n"
	EXIT	0
	.include "../include/lib.inc"
