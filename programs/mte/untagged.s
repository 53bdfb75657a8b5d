// untagged: tag checks apply only to PROT_MTE memory. Without PROT_MTE
// (sync checking on) any pointer tag works, STG is ignored and LDG reads
// 0. mprotect adding PROT_MTE keeps the data and starts with tags 0:
// from then on a wrongly tagged pointer faults. The same on the brk heap
// (qemu's mte-6). Not tested: mprotect without PROT_MTE on a PROT_MTE
// mapping (Linux keeps VM_MTE, qemu 7.2 drops it).
// exit: 0
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	mov	x25, #0
	CASE	1
	SIGACTION SIGSEGV, lib_sig_skip
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0xffff<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	CHECK_EQ x0, 0
	MMAP_ANON 4096, PROT_READ|PROT_WRITE
	mov	x19, x0
	ldr	x9, =5<<56
	orr	x20, x19, x9		// tag 5
	CASE	2
	mov	x1, #0x31
	str	x1, [x20]
	ldr	x2, [x19]
	CHECK_EQ x2, 0x31
	stg	x20, [x20]		// ignored
	ldg	x3, [x20]
	ubfx	x3, x3, #56, #4
	CHECK_EQ x3, 0
	ldr	x2, [x20]
	CHECK_EQ x2, 0x31
	SIG_GET	x9, LS_COUNT
	CHECK_EQ x9, 0
	// add PROT_MTE: data stays, tags are 0
	CASE	3
	mov	x0, x19
	mov	x1, #4096
	mov	x2, #PROT_READ|PROT_WRITE|PROT_MTE
	SYSCALL	SYS_mprotect
	CHECK_EQ x0, 0
	ldr	x2, [x19]
	CHECK_EQ x2, 0x31
	ldg	x3, [x19]
	ubfx	x3, x3, #56, #4
	CHECK_EQ x3, 0
	CASE	4
	ldr	x2, [x20]		// tag 5 against tag 0: fault
	add	x25, x25, #1
	EXPECT_SIGR x25, SIGSEGV, SEGV_MTESERR
	CASE	5
	stg	x20, [x20]		// now STG works
	ldr	x2, [x20]
	CHECK_EQ x2, 0x31
	SIG_GET	x9, LS_COUNT
	CHECK_REG x9, x25
	// the brk heap
	CASE	6
	mov	x0, #0
	SYSCALL	SYS_brk
	mov	x21, x0
	add	x0, x0, #2*4096
	SYSCALL	SYS_brk
	add	x21, x21, #4095
	and	x21, x21, #~4095	// a page-aligned heap page
	mov	x0, x21
	mov	x1, #4096
	mov	x2, #PROT_READ|PROT_WRITE|PROT_MTE
	SYSCALL	SYS_mprotect
	CHECK_EQ x0, 0
	CASE	7
	str	x1, [x21]		// tag 0 on tag 0: fine
	ldr	x9, =2<<56
	orr	x22, x21, x9
	str	x1, [x22]		// tag 2 on tag 0: fault
	add	x25, x25, #1
	EXPECT_SIGR x25, SIGSEGV, SEGV_MTESERR
	PRINT	"untagged ok\n"
	EXIT	0
	.include "../include/lib.inc"
