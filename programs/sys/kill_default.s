// kill_default: SIGUSR1 with the default action terminates the program:
// the exit status is 128 + 10. The output written before is not lost.
// exit: 138
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	PRINT	"about to be killed\n"
	SYSCALL	SYS_getpid
	mov	x1, #SIGUSR1
	SYSCALL	SYS_kill
	PRINT	"still alive?\n"
	EXIT	1
	.include "../include/lib.inc"
