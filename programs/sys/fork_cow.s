// fork_cow: after fork, parent and child have separate copies of private
// memory (.data, .bss, the stack, a private anonymous mapping): the child
// sees what the parent wrote before fork, and its own writes are not seen
// by the parent; nor does the child see what the parent writes after
// fork. A MAP_SHARED anonymous mapping is shared: the child's write shows
// in the parent. The child reports through its exit status.
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	CASE	1
	MMAP_ANON 4096, PROT_READ|PROT_WRITE
	mov	x19, x0
	mov	x0, #0
	mov	x1, #4096
	mov	x2, #PROT_READ|PROT_WRITE
	mov	x3, #MAP_SHARED|MAP_ANONYMOUS
	mov	x4, #-1
	mov	x5, #0
	SYSCALL	SYS_mmap
	mov	x20, x0
	// values before fork
	mov	x1, #111
	adrp	x2, dvar
	str	x1, [x2, :lo12:dvar]
	mov	x1, #222
	str	x1, [x19]
	mov	x1, #333
	str	x1, [sp, #-16]!
	mov	x1, #444
	str	x1, [x20]
	mov	x1, #555
	adrp	x2, bvar
	str	x1, [x2, :lo12:bvar]
	CASE	2
	mov	x0, #SIGCHLD
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_clone
	cbz	x0, child
	// parent: write after fork (the child must not see it)
	mov	x1, #999
	adrp	x2, bvar
	str	x1, [x2, :lo12:bvar]
	CASE	3
	mov	x0, #-1
	adrp	x1, status
	add	x1, x1, :lo12:status
	mov	x2, #0
	mov	x3, #0
	SYSCALL	SYS_wait4
	adrp	x1, status
	ldr	w1, [x1, :lo12:status]
	CHECK_EQ x1, 0			// the child's checks passed
	CASE	4
	adrp	x2, dvar
	ldr	x1, [x2, :lo12:dvar]
	CHECK_EQ x1, 111
	ldr	x1, [x19]
	CHECK_EQ x1, 222
	ldr	x1, [sp]
	CHECK_EQ x1, 333
	adrp	x2, bvar
	ldr	x1, [x2, :lo12:bvar]
	CHECK_EQ x1, 999
	CASE	5
	ldr	x1, [x20]		// shared: the child's write
	CHECK_EQ x1, 4444
	PRINT	"fork_cow ok\n"
	EXIT	0

// the child: check the pre-fork values, overwrite them, exit with the failing case
child:
	mov	x28, #10
	adrp	x2, dvar
	ldr	x1, [x2, :lo12:dvar]
	cmp	x1, #111
	b.ne	cfail
	mov	x28, #11
	ldr	x1, [x19]
	cmp	x1, #222
	b.ne	cfail
	mov	x28, #12
	ldr	x1, [sp]
	cmp	x1, #333
	b.ne	cfail
	mov	x28, #13
	ldr	x1, [x20]
	cmp	x1, #444
	b.ne	cfail
	mov	x28, #14
	adrp	x2, bvar
	ldr	x1, [x2, :lo12:bvar]
	cmp	x1, #555		// never the parent's 999
	b.ne	cfail
	mov	x1, #1111
	adrp	x2, dvar
	str	x1, [x2, :lo12:dvar]
	mov	x1, #2222
	str	x1, [x19]
	mov	x1, #3333
	str	x1, [sp]
	mov	x1, #4444
	str	x1, [x20]
	mov	x28, #15
	ldr	x1, [x19]
	cmp	x1, #2222
	b.ne	cfail
	mov	x28, #0
cfail:	mov	x0, x28
	SYSCALL	SYS_exit

	.data
	.p2align 3
dvar:	.quad	0
	.bss
	.p2align 3
bvar:	.skip	8
status:	.skip	8
	.text
	.include "../include/lib.inc"
