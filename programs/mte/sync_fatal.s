// sync_fatal: an uncaught synchronous tag check fault kills the program
// with SIGSEGV (status 139); the output before it is not lost.
// exit: 139
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0xffff<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	MMAP_ANON 4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	ldr	x9, =3<<56
	orr	x20, x19, x9
	stg	x20, [x20]
	str	x1, [x20]
	PRINT	"tagged store ok\n"
	strb	wzr, [x19]		// tag 0 pointer, tag 3 memory
	PRINT	"not reached\n"
	EXIT	0
	.include "../include/lib.inc"
