// addg_exclude: ADDG/SUBG pick tags with ChooseNonExcludedTag over
// GCR_EL1.Exclude, which Linux derives from the prctl include mask (and
// switches per process). With the default mask (nothing included) every
// result tag is 0; with {2, 5, 11} the offset counts included tags only,
// wrapping mod 16, and offset 0 moves an excluded start tag to the next
// included one. GMI is independent of the mask.
// exit: 0
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
	// TAG_IS reg, tag: bits 59:56 of reg == tag, other bits = x19's + offset in x21
	.macro	TAG_IS reg, tag
	ubfx	x9, \reg, #56, #4
	CHECK_EQ x9, \tag
	.endm
	.macro	PTR tag
	ldr	x19, =(\tag<<56)|0x100000
	.endm
_start:
	CASE	1
	PTR	3
	addg	x1, x19, #16, #1
	TAG_IS	x1, 0
	and	x2, x1, #0x00ffffffffffffff
	CHECK_EQ x2, 0x100010
	subg	x1, x19, #32, #2
	TAG_IS	x1, 0
	and	x2, x1, #0x00ffffffffffffff
	CHECK_EQ x2, 0x100000-32
	PRINT	"default mask: ADDG/SUBG give tag 0\n"
	CASE	2
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|(((1<<2)|(1<<5)|(1<<11))<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	CHECK_EQ x0, 0
	CASE	3
	PTR	2
	addg	x1, x19, #0, #1
	TAG_IS	x1, 5
	addg	x1, x19, #0, #2
	TAG_IS	x1, 11
	addg	x1, x19, #0, #3		// wraps to 2
	TAG_IS	x1, 2
	addg	x1, x19, #0, #15	// 15 steps in a 3-cycle: 5 cycles, back to 2
	TAG_IS	x1, 2
	addg	x1, x19, #0, #0		// 2 is included: unchanged
	TAG_IS	x1, 2
	CASE	4
	PTR	3			// an excluded start tag
	addg	x1, x19, #0, #0		// offset 0: the next included tag
	TAG_IS	x1, 5
	addg	x1, x19, #0, #1
	TAG_IS	x1, 5
	PTR	12
	addg	x1, x19, #0, #0		// wraps past 15 to 2
	TAG_IS	x1, 2
	CASE	5
	PTR	5
	subg	x1, x19, #16, #1	// SUBG's tag offset also counts up
	TAG_IS	x1, 11
	and	x2, x1, #0x00ffffffffffffff
	CHECK_EQ x2, 0x100000-16
	PRINT	"mask {2,5,11}: ADDG/SUBG step through included tags\n"
	CASE	6
	PTR	4
	mov	x2, #0x10
	gmi	x1, x19, x2
	CHECK_EQ x1, 0x10
	PTR	9
	gmi	x1, x19, x2
	CHECK_EQ x1, 0x210
	PRINT	"addg_exclude ok\n"
	EXIT	0
	.include "../include/lib.inc"
