// tour: the worked session of docs/debug.md, one program that meets each
// kind of fault the debugger explains:
//   1. refpage_create(0xaa, 1) and mmap(MAP_PRIVATE) of its fd
//   2. read_it:  a read fault maps the reference page read-only (no RSS)
//   3. write_it: a write to that page copies it: a new page filled with
//      0xaa (PATTERN: memset), mapped writable, RSS + 1
//   4. tag_fault: with synchronous tag checks, a store through a pointer
//      whose logical tag (0) differs from the allocation tag (3):
//      SIGSEGV SEGV_MTESERR, which the handler skips (SA_RESETHAND: once)
//   5. segv_it: a load from 0x100, where no VMA is: SIGSEGV SEGV_MAPERR,
//      now with the default action, which kills the program.
// exit: 139
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.equ	SYS_refpage_create, 448
	.text
	.global	_start
	.type	_start, %function
_start:
	adrp	x0, pattern
	add	x0, x0, :lo12:pattern
	mov	x1, #1
	mov	x2, #0
	mov	x8, #SYS_refpage_create
	svc	#0
	mov	x19, x0				// the refpage fd
	mov	x0, #0
	mov	x1, #4*4096
	mov	x2, #PROT_READ|PROT_WRITE
	mov	x3, #MAP_PRIVATE
	mov	x4, x19
	mov	x5, #0
	mov	x8, #SYS_mmap
	svc	#0
	mov	x20, x0				// four pages backed by the reference page
read_it:
	ldrb	w21, [x20]			// read fault: map the reference page
write_it:
	mov	w1, #0x55
	strb	w1, [x20]			// write fault: copy it, then store
mte_setup:
	// synchronous tag checks, one PROT_MTE page
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0xfffe<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	SIGACTION SIGSEGV, lib_sig_skip, SA_RESETHAND
	MMAP_ANON 4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x22, x0				// untagged pointer (logical tag 0)
	orr	x23, x22, #0x0300000000000000	// the same address with logical tag 3
tag_page:
	stg	x23, [x23]			// allocation tag 3 for the first granule
	mov	x1, #1
	str	x1, [x23]			// tags match
tag_fault:
	str	x1, [x22]			// logical tag 0, allocation tag 3: tag check fault
segv_it:
	mov	x1, #0x100
	ldr	x0, [x1]			// no VMA: SEGV_MAPERR, fatal this time
	EXIT	0
	.size	_start, . - _start

	.data
pattern:
	.byte	0xaa
	.text
	.include "../include/lib.inc"
