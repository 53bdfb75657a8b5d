// mte_sync: a synchronous tag check fault with no handler. The program
// asks for synchronous checks (prctl), maps a PROT_MTE page, colours its
// first two granules with allocation tag 6 (STG) and stores through a
// pointer with logical tag 6 (fine), then through one with logical tag 0xc
// into the second granule: SIGSEGV SEGV_MTESERR before the store happens,
// and with the default action the program dies (status 139).
// exit: 139
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
	.type	_start, %function
_start:
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0xfffe<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	MMAP_ANON 4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	orr	x20, x19, #0x0600000000000000	// logical tag 6
	stg	x20, [x20]
	stg	x20, [x20, #16]
	mov	x1, #0x42
	str	x1, [x20, #16]			// tags match
	orr	x21, x19, #0x0c00000000000000	// logical tag 0xc
bad_store:
	str	x1, [x21, #16]			// allocation tag 6: tag check fault
	EXIT	0
	.size	_start, . - _start
	.include "../include/lib.inc"
