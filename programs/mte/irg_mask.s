// irg_mask: IRG draws tags from the include mask set with
// prctl(PR_SET_TAGGED_ADDR_CTRL) (GCR_EL1.Exclude = ~mask), minus the
// tags excluded by its register operand. Before any prctl the mask is 0:
// IRG always gives tag 0. A one-tag mask always gives that tag; {3, 7}
// gives only 3 and 7 and, in 64 draws, both; Xm can narrow the set to one
// tag or exclude all (tag 0). IRG changes only bits 59:56. The random
// sequence itself differs between qemu (host-random seed) and mtemu
// (--seed), so only set membership is printed.
// exit: 0
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
	// SETMASK mask: prctl(PR_SET_TAGGED_ADDR_CTRL, ENABLE | mask << 3)
	.macro	SETMASK mask
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|((\mask)<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	CHECK_EQ x0, 0
	.endm
	// DRAW n, xm: x10 = OR of (1 << tag) over n draws of IRG x, x19, xm
	.macro	DRAW n, xm
	mov	x10, #0
	mov	x11, #\n
	mov	x12, #1
1:	irg	x13, x19, \xm
	ubfx	x14, x13, #56, #4
	lsl	x14, x12, x14
	orr	x10, x10, x14
	subs	x11, x11, #1
	b.ne	1b
	.endm
_start:
	ldr	x19, =0x0000123456789ab0	// the address to tag
	CASE	1
	DRAW	32, xzr
	CHECK_EQ x10, 1			// only tag 0
	PRINT	"no mask: tag 0 only\n"
	CASE	2
	SETMASK	1<<5
	DRAW	32, xzr
	CHECK_EQ x10, 1<<5
	PRINT	"mask {5}: tag 5 only\n"
	CASE	3
	SETMASK	(1<<3)|(1<<7)
	DRAW	64, xzr
	CHECK_EQ x10, (1<<3)|(1<<7)
	PRINT	"mask {3,7}: tags 3 and 7\n"
	CASE	4
	SETMASK	0xffff
	ldr	x20, =0xffff & ~(1<<9)	// exclude all but 9
	DRAW	16, x20
	CHECK_EQ x10, 1<<9
	PRINT	"Xm leaves {9}: tag 9 only\n"
	CASE	5
	mov	x20, #0xffff
	DRAW	16, x20
	CHECK_EQ x10, 1
	PRINT	"Xm excludes all: tag 0\n"
	// only bits 59:56 change
	CASE	6
	ldr	x19, =0xa0fedcba98765430
	mov	x20, #1			// exclude tag 0
	irg	x13, x19, x20
	and	x14, x13, #0xf0ffffffffffffff
	CHECK_REG x14, x19
	ubfx	x14, x13, #56, #4
	cmp	x14, #0
	cset	x14, ne
	CHECK_EQ x14, 1
	// IRG with SP as the source
	CASE	7
	irg	x13, sp, x20
	and	x14, x13, #0x00ffffffffffffff
	mov	x15, sp
	CHECK_REG x14, x15
	PRINT	"irg_mask ok\n"
	EXIT	0
	.include "../include/lib.inc"
