// segv_fatal: a load from an unmapped address with no handler: the
// program dies of SIGSEGV (status 128 + 11). The unterminated line
// written just before is not lost.
// exit: 139
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	PRINT	"crashing now..."
	mov	x1, #0x100
	ldr	x0, [x1]
	EXIT	0
	.include "../include/lib.inc"
