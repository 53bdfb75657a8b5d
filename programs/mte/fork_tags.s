// fork_tags: allocation tags survive fork and copy-on-write, and the tag
// check mode is inherited. The child sees the parent's tags, writes
// through the tagged pointer (copying the page, with its tags), retags a
// granule; the parent's tags and data are unchanged. A second child
// faults on a mismatched load (sync mode inherited) and dies of SIGSEGV.
// exit: 0
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
	.macro	FORK
	mov	x0, #SIGCHLD
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_clone
	.endm
	.macro	WAIT
	mov	x0, #-1
	adrp	x1, status
	add	x1, x1, :lo12:status
	mov	x2, #0
	mov	x3, #0
	SYSCALL	SYS_wait4
	adrp	x1, status
	ldr	w1, [x1, :lo12:status]
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
	MMAP_ANON 4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	ldr	x9, =6<<56
	orr	x20, x19, x9
	stg	x20, [x20]
	mov	x1, #0x66
	str	x1, [x20]
	CASE	2
	FORK
	cbz	x0, child1
	WAIT
	CHECK_EQ x1, 0
	CASE	3
	ldg	x2, [x19]
	ubfx	x2, x2, #56, #4
	CHECK_EQ x2, 6
	ldr	x2, [x20]
	CHECK_EQ x2, 0x66
	PRINT	"parent: tags and data unchanged after the child's writes\n"
	CASE	4
	FORK
	cbz	x0, child2
	WAIT
	and	x1, x1, #0x7f
	CHECK_EQ x1, SIGSEGV
	PRINT	"child 2 died of SIGSEGV: sync mode inherited\n"
	PRINT	"fork_tags ok\n"
	EXIT	0

child1:
	mov	x28, #10
	ldg	x2, [x19]
	ubfx	x2, x2, #56, #4
	cmp	x2, #6
	b.ne	1f
	mov	x28, #11
	ldr	x2, [x20]
	cmp	x2, #0x66
	b.ne	1f
	mov	x1, #0x77
	str	x1, [x20]		// copy on write, tags copied
	mov	x28, #12
	ldr	x2, [x20]
	cmp	x2, #0x77
	b.ne	1f
	ldr	x9, =9<<56
	orr	x21, x19, x9
	stg	x21, [x21]
	mov	x28, #13
	ldr	x2, [x21]
	cmp	x2, #0x77
	b.ne	1f
	mov	x28, #0
1:	mov	x0, x28
	SYSCALL	SYS_exit
child2:
	ldr	x2, [x19]		// tag 0 pointer, tag 6 memory
	mov	x0, #50
	SYSCALL	SYS_exit

	.bss
	.p2align 3
status:	.skip	8
	.text
	.include "../include/lib.inc"
