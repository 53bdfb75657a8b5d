// async_fault: asynchronous tag check faults (prctl TCF_ASYNC): the
// mismatched store is performed, and SIGSEGV arrives later with si_code
// SEGV_MTEAERR (8) and si_addr 0 — on Linux and mtemu at the next kernel
// entry, on qemu at the end of the translation block — so the program
// checks after its next system call. A later fault gives a new signal.
// exit: 0
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	CASE	1
	SIGACTION SIGSEGV, lib_sig_record
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_ASYNC|(0xfffe<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	CHECK_EQ x0, 0
	MMAP_ANON 4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	irg	x20, x19
	stg	x20, [x20]
	// a matching store: no signal
	CASE	2
	mov	x1, #0x11
	str	x1, [x20]
	SYSCALL	SYS_getpid
	SIG_GET	x9, LS_COUNT
	CHECK_EQ x9, 0
	// the mismatched store happens, the signal follows
	CASE	3
	mov	x1, #0x22
	str	x1, [x19]		// tag 0 pointer, non-zero allocation tag
	SYSCALL	SYS_getpid
	EXPECT_SIG 1, SIGSEGV, SEGV_MTEAERR
	SIG_GET	x9, LS_ADDR
	CHECK_EQ x9, 0
	CASE	4
	ldr	x1, [x20]
	CHECK_EQ x1, 0x22
	// a mismatched load: a second signal
	CASE	5
	ldr	x1, [x19]
	SYSCALL	SYS_getpid
	EXPECT_SIG 2, SIGSEGV, SEGV_MTEAERR
	PRINT	"async_fault ok\n"
	EXIT	0
	.include "../include/lib.inc"
