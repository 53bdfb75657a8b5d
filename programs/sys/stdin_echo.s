// stdin_echo: read stdin in 5-byte pieces until end of file, write each
// piece back upper-cased, then the byte count. Also: read from a bad fd is
// EBADF; read(0, buf, 0) is 0.
// stdin: hello mtemu\nsecond line, 25+\n
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	mov	x19, #0			// total bytes
1:	mov	x0, #0
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	mov	x2, #5
	SYSCALL	SYS_read
	CASE	1
	tbnz	x0, #63, fail_read	// negative: an error
	cbz	x0, 3f			// end of file
	add	x19, x19, x0
	mov	x20, x0
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	mov	x2, #0
2:	ldrb	w3, [x1, x2]
	sub	w4, w3, #'a'
	cmp	w4, #25
	b.hi	4f
	sub	w3, w3, #32
	strb	w3, [x1, x2]
4:	add	x2, x2, #1
	cmp	x2, x20
	b.lo	2b
	mov	x0, #1
	mov	x2, x20
	SYSCALL	SYS_write
	b	1b
3:	PRINT	"bytes: "
	PUTDEC	x19
	PRINT	"\n"
	// reading at end of file again gives 0
	CASE	2
	mov	x0, #0
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	mov	x2, #5
	SYSCALL	SYS_read
	CHECK_EQ x0, 0
	// a count of 0 reads nothing
	CASE	3
	mov	x0, #0
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	mov	x2, #0
	SYSCALL	SYS_read
	CHECK_EQ x0, 0
	// fd 9 is not open
	CASE	4
	mov	x0, #9
	adrp	x1, buf
	add	x1, x1, :lo12:buf
	mov	x2, #5
	SYSCALL	SYS_read
	CHECK_ERR x0, EBADF
	PRINT	"stdin_echo ok\n"
	EXIT	0
fail_read:
	mov	x16, x0
	mov	x17, #0
	bl	lib_fail

	.bss
buf:	.skip	16
	.text
	.include "../include/lib.inc"
