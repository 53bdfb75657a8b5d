// udf_fatal: an undefined instruction with no handler: SIGILL, status 132.
// exit: 132
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	PRINT	"undefined instruction next\n"
	udf	#7
	EXIT	0
	.include "../include/lib.inc"
