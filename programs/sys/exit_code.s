// exit_code: write to stdout and stderr, then exit_group(300): the status
// is the low 8 bits, 44, under Linux, qemu and mtemu alike.
// exit: 44
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	PRINT	"to stdout\n"
	mov	x0, #2
	adr	x1, errmsg
	mov	x2, #10
	SYSCALL	SYS_write
	CASE	1
	CHECK_EQ x0, 10
	mov	x0, #300
	SYSCALL	SYS_exit_group
errmsg:	.ascii	"to stderr\n"
	.p2align 2
	.include "../include/lib.inc"
