// mte_async: an asynchronous tag check fault. With TCF_ASYNC the
// mismatched store at bad_store is performed and only sets TFSRE0_EL1.TF0;
// the kernel notices it at its next entry (the getpid system call) and
// sends SIGSEGV SEGV_MTEAERR with si_addr 0. The handler records it; the
// program prints the count and exits 0.
// exit: 0
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
	.type	_start, %function
_start:
	SIGACTION SIGSEGV, lib_sig_record
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_ASYNC|(0xfffe<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	MMAP_ANON 4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	orr	x20, x19, #0x0700000000000000	// logical tag 7
	stg	x20, [x20]			// allocation tag 7
	mov	x1, #0x33
bad_store:
	str	x1, [x19]			// logical tag 0: mismatch, but performed
	add	x2, x1, #1			// the program runs on
next_entry:
	SYSCALL	SYS_getpid			// the kernel notices TF0 here
	SIG_GET	x9, LS_COUNT
	CASE	1
	CHECK_EQ x9, 1
	PRINT	"async fault seen\n"
	EXIT	0
	.size	_start, . - _start
	.include "../include/lib.inc"
