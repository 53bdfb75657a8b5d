// prctl_tagged: PR_SET/GET_TAGGED_ADDR_CTRL round trips (enable, one TCF
// mode, the tag include mask) and the EINVAL cases: unknown bits, non-zero
// unused arguments. Not tested: SYNC|ASYNC together, which Linux stores as
// given and qemu 7.2 reads back as SYNC only (it keeps one mode).
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
	.macro	GETCTRL
	mov	x0, #PR_GET_TAGGED_ADDR_CTRL
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	.endm
	.macro	SETCTRL value, a3=0
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =\value
	mov	x2, #\a3
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	.endm
_start:
	CASE	1
	GETCTRL
	CHECK_EQ x0, 0
	CASE	2
	SETCTRL	PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0x1234<<PR_MTE_TAG_SHIFT)
	CHECK_EQ x0, 0
	CASE	3
	GETCTRL
	CHECK_EQ x0, PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0x1234<<PR_MTE_TAG_SHIFT)
	CASE	4
	SETCTRL	PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_ASYNC|(0xffff<<PR_MTE_TAG_SHIFT)
	CHECK_EQ x0, 0
	CASE	5
	GETCTRL
	CHECK_EQ x0, PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_ASYNC|(0xffff<<PR_MTE_TAG_SHIFT)
	CASE	6
	SETCTRL	PR_TAGGED_ADDR_ENABLE
	CHECK_EQ x0, 0
	GETCTRL
	CHECK_EQ x0, PR_TAGGED_ADDR_ENABLE
	// unknown bits
	CASE	7
	SETCTRL	PR_TAGGED_ADDR_ENABLE|(1<<25)
	CHECK_ERR x0, EINVAL
	// a non-zero third argument
	CASE	8
	SETCTRL	PR_TAGGED_ADDR_ENABLE, 1
	CHECK_ERR x0, EINVAL
	// GET with a non-zero argument
	CASE	9
	mov	x0, #PR_GET_TAGGED_ADDR_CTRL
	mov	x1, #1
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	CHECK_ERR x0, EINVAL
	// the failed calls changed nothing
	CASE	10
	GETCTRL
	CHECK_EQ x0, PR_TAGGED_ADDR_ENABLE
	CASE	11
	SETCTRL	0
	CHECK_EQ x0, 0
	GETCTRL
	CHECK_EQ x0, 0
	PRINT	"prctl_tagged ok\n"
	EXIT	0
	.include "../include/lib.inc"
