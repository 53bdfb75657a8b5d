// write_errors: write's error returns and partial output. A bad fd is
// EBADF, an unmapped buffer EFAULT, a zero count 0; close of a bad fd is
// EBADF. The last write has no newline: the output must still appear in
// full when the program exits (nothing buffered on the way).
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	CASE	1
	mov	x0, #7
	adr	x1, msg
	mov	x2, #4
	SYSCALL	SYS_write
	CHECK_ERR x0, EBADF
	CASE	2
	mov	x0, #1
	mov	x1, #0x10		// nothing is mapped at 0x10
	mov	x2, #4
	SYSCALL	SYS_write
	CHECK_ERR x0, EFAULT
	CASE	3
	mov	x0, #1
	adr	x1, msg
	mov	x2, #0
	SYSCALL	SYS_write
	CHECK_EQ x0, 0
	CASE	4
	mov	x0, #7
	SYSCALL	SYS_close
	CHECK_ERR x0, EBADF
	CASE	5
	mov	x0, #-1
	SYSCALL	SYS_close
	CHECK_ERR x0, EBADF
	// several small writes make one line, the last one unterminated
	CASE	6
	mov	x0, #1
	adr	x1, msg
	mov	x2, #msglen
	SYSCALL	SYS_write
	CHECK_EQ x0, msglen
	PRINT	"write_errors ok; "
	PRINT	"no newline at the end"
	EXIT	0
msg:	.ascii	"hello, "
	msglen = . - msg
	.p2align 2
	.include "../include/lib.inc"
