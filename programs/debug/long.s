// long: ten million instructions, then a page fault, then the end: for
// reverse execution over a long run (the replay must reproduce the state
// at the end exactly, and in reasonable time). Two anonymous pages are
// mapped; the loop runs 2,500,000 times four instructions, storing into
// the first (one fault, at the first store); then a write to the second
// page faults (anon-alloc) and the program exits with 0.
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
	.type	_start, %function
_start:
	MMAP_ANON 2*4096, PROT_READ|PROT_WRITE
	mov	x19, x0
	ldr	x20, =2500000
loop:
	str	x20, [x19]
	add	x21, x21, x20
	subs	x20, x20, #1
	b.ne	loop
last_page:
	str	x21, [x19, #4096]		// first touch of the second page: a fault
	EXIT	0
	.size	_start, . - _start

	.include "../include/lib.inc"
