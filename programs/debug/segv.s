// segv: SIGSEGV with si_code SEGV_MAPERR, twice. First a store to an
// address below the NULL guard with a handler installed (SA_RESETHAND:
// the handler skips the instruction and is then reset), then a load from
// an unmapped address far from any VMA, which the default action turns
// into the end of the program (status 139).
// exit: 139
	.include "../include/sys.inc"
	.text
	.global	_start
	.type	_start, %function
_start:
	SIGACTION SIGSEGV, lib_sig_skip, SA_RESETHAND
	mov	x1, #0x10
	mov	x2, #7
null_store:
	str	x2, [x1]			// no VMA: SEGV_MAPERR, handler skips it
	PRINT	"survived the first fault\n"
	ldr	x1, =0x123456789000
wild_load:
	ldr	x0, [x1]			// no VMA: SEGV_MAPERR, fatal
	EXIT	0
	.size	_start, . - _start
	.include "../include/lib.inc"
