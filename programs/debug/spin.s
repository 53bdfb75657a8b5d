// spin: a loop that never ends (for Ctrl-C at the interactive prompt).
// exit: none (runs until stopped)
	.text
	.global	_start
	.type	_start, %function
_start:
	mov	x0, #0
spin:
	add	x0, x0, #1
	b	spin
	.size	_start, . - _start
