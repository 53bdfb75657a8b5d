// ids_uname: getpid, gettid and set_tid_address agree; uname fills the
// fields. Printed: the sysname and machine fields only (nodename and
// release are the host's under qemu, fixed strings under mtemu), and only
// that getpid() > 0 (pids differ).
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	CASE	1
	SYSCALL	SYS_getpid
	mov	x19, x0
	cmp	x19, #0
	b.gt	1f
	bl	lib_fail
1:	CASE	2
	SYSCALL	SYS_gettid
	CHECK_REG x0, x19
	CASE	3
	adrp	x0, tidword
	add	x0, x0, :lo12:tidword
	SYSCALL	SYS_set_tid_address
	CHECK_REG x0, x19
	CASE	4
	SYSCALL	SYS_getppid
	tbz	x0, #63, 2f		// never an error
	bl	lib_fail
2:	CASE	5
	adrp	x0, uts
	add	x0, x0, :lo12:uts
	SYSCALL	SYS_uname
	CHECK_EQ x0, 0
	PRINT	"sysname="
	adrp	x0, uts
	add	x0, x0, :lo12:uts
	bl	putz
	PRINT	" machine="
	adrp	x0, uts
	add	x0, x0, :lo12:uts + 4 * 65
	bl	putz
	PRINT	"\n"
	CASE	6
	mov	x0, #0x10
	SYSCALL	SYS_uname
	CHECK_ERR x0, EFAULT
	PRINT	"ids_uname ok\n"
	EXIT	0

// putz(x0): print the NUL-terminated string at x0
putz:	mov	x1, x0
	mov	x2, #0
1:	ldrb	w3, [x1, x2]
	cbz	w3, 2f
	add	x2, x2, #1
	b	1b
2:	mov	x0, #1
	SYSCALL	SYS_write
	ret

	.bss
	.p2align 3
tidword: .skip	8
uts:	.skip	65 * 6
	.text
	.include "../include/lib.inc"
