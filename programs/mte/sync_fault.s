// sync_fault: synchronous tag check faults (prctl TCF_SYNC) reach a
// SA_SIGINFO handler as SIGSEGV with si_code SEGV_MTESERR (9) before the
// access is performed. si_addr: Linux (and mtemu) clear the tag bits
// 63:56 unless SA_EXPOSE_TAGBITS; qemu 7.2 leaves them in (MTE.md 2.3),
// so the program compares si_addr with bits 63:56 masked. Loads and
// stores fault; an unaligned access that reaches into a granule with
// another tag faults; one that crosses a page boundary with matching tags
// on both sides does not (qemu issue 403). With PSTATE.TCO set nothing is
// checked. rt_sigreturn restores the interrupted PSTATE.TCO.
// Linux (and mtemu) run a handler with TCO = 0; qemu 7.2 leaves TCO as it
// was: that is checked only when the program gets an argument (mtemu's
// test runs it so).
// exit: 0
// strict: yes
	.arch	armv8.5-a+memtag
	.include "../include/sys.inc"
	.text
	.global	_start
	.equ	UNTAG, 0x00ffffffffffffff
	// EXPECT_MTE reg: one more fault, SEGV_MTESERR, si_addr = reg without its top byte
	.macro	EXPECT_MTE reg
	add	x25, x25, #1
	SIG_GET	x9, LS_COUNT
	CHECK_REG x9, x25
	SIG_GET	x9, LS_SIGNO
	CHECK_EQ x9, SIGSEGV
	SIG_GET	x9, LS_CODE
	CHECK_EQ x9, SEGV_MTESERR
	SIG_GET	x9, LS_ADDR
	and	x9, x9, #UNTAG
	and	x10, \reg, #UNTAG
	CHECK_REG x9, x10
	.endm
_start:
	ldr	x26, [sp]		// argc: > 1 means strict
	mov	x25, #0
	CASE	1
	SIGACTION SIGSEGV, handler
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC|(0xfffe<<PR_MTE_TAG_SHIFT)
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	CHECK_EQ x0, 0
	MMAP_ANON 2*4096, PROT_READ|PROT_WRITE|PROT_MTE
	mov	x19, x0
	// tag the first 64 bytes with a random non-zero tag
	irg	x20, x19
	stg	x20, [x20]
	stg	x20, [x20, #16]
	stg	x20, [x20, #32]
	stg	x20, [x20, #48]
	mov	x1, #0x77
	str	x1, [x20, #8]		// the right tag: fine
	CASE	2
	SIG_GET	x9, LS_COUNT
	CHECK_EQ x9, 0
	// store through the untagged pointer: faults, not performed
	CASE	3
	add	x21, x19, #8
	mov	x1, #0x99
	str	x1, [x21]
	EXPECT_MTE x21
	ldr	x1, [x20, #8]
	CHECK_EQ x1, 0x77
	// load through a pointer with another tag
	CASE	4
	addg	x21, x20, #16, #1	// the next included tag, +16
	mov	x1, #0
	ldr	x1, [x21]
	EXPECT_MTE x21
	CHECK_EQ x1, 0
	// an 8-byte load at granule offset 12 reaches into granule 4 (tag 0)
	CASE	5
	add	x21, x20, #60
	ldr	x1, [x21]
	add	x25, x25, #1
	EXPECT_SIGR x25, SIGSEGV, SEGV_MTESERR
	// ... and with the right tag on both granules it is fine
	CASE	6
	stg	x20, [x20, #64]
	add	x21, x20, #60
	ldr	x1, [x21]
	SIG_GET	x9, LS_COUNT
	CHECK_REG x9, x25
	// crossing the page boundary, tags matching on both sides: no fault
	CASE	7
	add	x21, x20, #4096-16
	stg	x20, [x21]
	stg	x20, [x21, #16]
	add	x21, x21, #12
	str	x1, [x21]
	ldr	x2, [x21]
	CHECK_REG x2, x1
	SIG_GET	x9, LS_COUNT
	CHECK_REG x9, x25
	// STP and LDP are checked too
	CASE	8
	add	x21, x19, #16
	stp	x1, x1, [x21]
	EXPECT_MTE x21
	// PSTATE.TCO = 1: no checks; back to 0: checks again
	CASE	9
	msr	tco, #1
	add	x21, x19, #8
	ldr	x1, [x21]
	CHECK_EQ x1, 0x77
	SIG_GET	x9, LS_COUNT
	CHECK_REG x9, x25
	msr	tco, #0
	ldr	x1, [x21]
	EXPECT_MTE x21
	// a handler runs with TCO = 0; rt_sigreturn restores the interrupted TCO = 1
	CASE	10
	msr	tco, #1
	mov	x21, #0x20
	ldr	x1, [x21]		// SEGV_MAPERR, TCO = 1 at the time
	mrs	x22, tco
	msr	tco, #0
	add	x25, x25, #1
	EXPECT_SIGR x25, SIGSEGV, SEGV_MAPERR
	CHECK_EQ x22, 1<<25
	cmp	x26, #1
	b.le	1f
	adrp	x9, tco_seen
	ldr	x9, [x9, :lo12:tco_seen]
	CHECK_EQ x9, 0
1:
	PRINT	"sync_fault ok\n"
	EXIT	0

handler:
	mrs	x9, tco
	adrp	x10, tco_seen
	str	x9, [x10, :lo12:tco_seen]
	b	lib_sig_skip

	.bss
	.p2align 3
tco_seen: .skip	8
	.text
	.include "../include/lib.inc"
